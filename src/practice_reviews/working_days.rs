//! Working days in England: weekdays that are not bank holidays. A rapid
//! review is expected within 15 working days of the partnership becoming
//! aware of a serious incident (Working Together to Safeguard Children 2023,
//! chapter 5).
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Working days a rapid review is expected to take.
pub const RAPID_REVIEW_WORKING_DAYS: u32 = 15;

/// England and Wales bank holidays, 2018 to 2027: the days GOV.UK lists
/// (<https://www.gov.uk/bank-holidays.json>, division `england-and-wales`),
/// written out and checked date by date on 7 December 2026 (the build
/// machine cannot fetch the file; extend the table from it), including the
/// one-off days (VE Day moved to 8 May 2020; the Platinum Jubilee, 3 June
/// 2022; the State Funeral of Queen Elizabeth II, 19 September 2022; the
/// Coronation, 8 May 2023) and the substitute days when a holiday falls at
/// a weekend. Sorted, so it can be searched.
pub const BANK_HOLIDAYS: &[(i32, u32, u32)] = &[
    (2018, 1, 1),
    (2018, 3, 30),
    (2018, 4, 2),
    (2018, 5, 7),
    (2018, 5, 28),
    (2018, 8, 27),
    (2018, 12, 25),
    (2018, 12, 26),
    (2019, 1, 1),
    (2019, 4, 19),
    (2019, 4, 22),
    (2019, 5, 6),
    (2019, 5, 27),
    (2019, 8, 26),
    (2019, 12, 25),
    (2019, 12, 26),
    (2020, 1, 1),
    (2020, 4, 10),
    (2020, 4, 13),
    (2020, 5, 8),
    (2020, 5, 25),
    (2020, 8, 31),
    (2020, 12, 25),
    (2020, 12, 28),
    (2021, 1, 1),
    (2021, 4, 2),
    (2021, 4, 5),
    (2021, 5, 3),
    (2021, 5, 31),
    (2021, 8, 30),
    (2021, 12, 27),
    (2021, 12, 28),
    (2022, 1, 3),
    (2022, 4, 15),
    (2022, 4, 18),
    (2022, 5, 2),
    (2022, 6, 2),
    (2022, 6, 3),
    (2022, 8, 29),
    (2022, 9, 19),
    (2022, 12, 26),
    (2022, 12, 27),
    (2023, 1, 2),
    (2023, 4, 7),
    (2023, 4, 10),
    (2023, 5, 1),
    (2023, 5, 8),
    (2023, 5, 29),
    (2023, 8, 28),
    (2023, 12, 25),
    (2023, 12, 26),
    (2024, 1, 1),
    (2024, 3, 29),
    (2024, 4, 1),
    (2024, 5, 6),
    (2024, 5, 27),
    (2024, 8, 26),
    (2024, 12, 25),
    (2024, 12, 26),
    (2025, 1, 1),
    (2025, 4, 18),
    (2025, 4, 21),
    (2025, 5, 5),
    (2025, 5, 26),
    (2025, 8, 25),
    (2025, 12, 25),
    (2025, 12, 26),
    (2026, 1, 1),
    (2026, 4, 3),
    (2026, 4, 6),
    (2026, 5, 4),
    (2026, 5, 25),
    (2026, 8, 31),
    (2026, 12, 25),
    (2026, 12, 28),
    (2027, 1, 1),
    (2027, 3, 26),
    (2027, 3, 29),
    (2027, 5, 3),
    (2027, 5, 31),
    (2027, 8, 30),
    (2027, 12, 27),
    (2027, 12, 28),
];

/// The first and last years the table covers: outside them a deadline
/// cannot be worked out honestly.
pub const FIRST_YEAR: i32 = 2018;
pub const LAST_YEAR: i32 = 2027;

/// True on a bank holiday in England.
pub fn is_bank_holiday(day: NaiveDate) -> bool {
    BANK_HOLIDAYS
        .binary_search(&(day.year(), day.month(), day.day()))
        .is_ok()
}

/// True on a weekday that is not a bank holiday.
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(day)
}

/// The `n`th working day after `start` (which itself does not count), or
/// `None` when the count runs outside the years the holiday table covers.
pub fn add_working_days(start: NaiveDate, n: u32) -> Option<NaiveDate> {
    if start.year() < FIRST_YEAR {
        return None;
    }
    let mut day = start;
    let mut counted = 0;
    while counted < n {
        day = day.checked_add_days(Days::new(1))?;
        if day.year() > LAST_YEAR {
            return None;
        }
        if is_working_day(day) {
            counted += 1;
        }
    }
    Some(day)
}

/// The day a rapid review is due: 15 working days after the partnership
/// became aware of the incident.
pub fn rapid_review_deadline(incident_known: NaiveDate) -> Option<NaiveDate> {
    add_working_days(incident_known, RAPID_REVIEW_WORKING_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn the_table_is_sorted_and_every_holiday_is_a_real_weekday() {
        assert!(BANK_HOLIDAYS.windows(2).all(|w| w[0] < w[1]));
        for &(y, m, day) in BANK_HOLIDAYS {
            let date = NaiveDate::from_ymd_opt(y, m, day).expect("a real date");
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date} falls at a weekend: the substitute day belongs in the table"
            );
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            let n = BANK_HOLIDAYS.iter().filter(|h| h.0 == year).count();
            assert!((8..=10).contains(&n), "{year} has {n} bank holidays");
        }
    }

    #[test]
    fn fifteen_working_days_without_a_holiday_are_three_weeks() {
        // Monday 2 June 2025: three working weeks on is Monday 23 June.
        assert_eq!(
            rapid_review_deadline(d("2025-06-02")),
            Some(d("2025-06-23"))
        );
    }

    #[test]
    fn easter_moves_the_deadline_by_its_two_bank_holidays() {
        // Known Friday 11 April 2025. Without holidays the 15th working day
        // would be Friday 2 May; Good Friday (18 April), Easter Monday
        // (21 April) and the Early May bank holiday (5 May) push it to
        // Wednesday 7 May.
        assert_eq!(
            rapid_review_deadline(d("2025-04-11")),
            Some(d("2025-05-07"))
        );
    }

    #[test]
    fn christmas_and_new_year_are_skipped() {
        // Known Friday 19 December 2025: 25, 26 December and 1 January are
        // bank holidays, so the 15th working day is Wednesday 14 January
        // 2026, not Friday 9 January.
        assert_eq!(
            rapid_review_deadline(d("2025-12-19")),
            Some(d("2026-01-14"))
        );
    }

    #[test]
    fn outside_the_table_there_is_no_deadline() {
        assert_eq!(rapid_review_deadline(d("2017-06-01")), None);
        assert_eq!(rapid_review_deadline(d("2027-12-20")), None);
    }
}
