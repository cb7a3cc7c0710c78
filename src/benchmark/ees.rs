//! Benchmarks in the explore-education-statistics (EES) open data format:
//! a tidy data file (one row per partnership, period and indicator, with
//! time and geography columns) and the metadata file EES requires beside it.
//! Every cell that is not a value carries the government statistics symbol
//! of its [`FigureStatus`]: `c`, `x`, `z` or `low`. Pure, so the layout is
//! testable without a server; `src/http/export.rs` serves it.
use chrono::NaiveDate;
use entity::{partnership, reporting_period};

use super::assemble::Row;
use super::registry::{Metric, Unit};
use super::service::Benchmark;
use crate::statistics::{round_half_away, FigureStatus, RATE_DECIMALS};

pub const COUNTRY_CODE: &str = "E92000001";
pub const COUNTRY_NAME: &str = "England";
/// All five local authorities are in the South West region.
pub const REGION_CODE: &str = "E12000009";
pub const REGION_NAME: &str = "South West";
pub const GEOGRAPHIC_LEVEL: &str = "Local authority";
pub const FINANCIAL_YEAR: &str = "Financial year";
/// EES has no identifier for a span that is not a whole standard period: this
/// says so, and `time_period`, `period_start` and `period_end` give its true dates.
pub const NON_STANDARD: &str = "Non-standard period";

/// A data file column: its name, whether EES treats it as a filter or an
/// indicator, and its label.
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub label: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Time or geography: EES reads these by name; not listed in the metadata.
    Standard,
    Filter,
    Indicator,
}

const fn col(name: &'static str, kind: Kind, label: &'static str) -> Column {
    Column { name, kind, label }
}

/// The data file's columns, in order.
pub static COLUMNS: &[Column] = &[
    col("time_period", Kind::Standard, "Time period: 202425 for the financial year 2024-25; the true dates for a non-standard period"),
    col("time_identifier", Kind::Standard, "Financial year, or Non-standard period"),
    col("geographic_level", Kind::Standard, "Local authority"),
    col("country_code", Kind::Standard, "Country code (E92000001)"),
    col("country_name", Kind::Standard, "Country (England)"),
    col("region_code", Kind::Standard, "Region code (E12000009)"),
    col("region_name", Kind::Standard, "Region (South West)"),
    col("new_la_code", Kind::Standard, "Local authority GSS code in force at the start of the period"),
    col("la_name", Kind::Standard, "Local authority name"),
    col("partnership_code", Kind::Filter, "Partnership code"),
    col("partnership_name", Kind::Filter, "Safeguarding children partnership"),
    col("period_start", Kind::Filter, "First day of the period"),
    col("period_end", Kind::Filter, "Last day of the period"),
    col("indicator", Kind::Filter, "Indicator (metric id)"),
    col("indicator_name", Kind::Filter, "Indicator name"),
    col("value", Kind::Indicator, "Value"),
    col("rate_per_10k", Kind::Indicator, "Rate per 10,000 children aged 0-17"),
    col("rank", Kind::Indicator, "Rank among the partnerships (rates and shares only; 1 is best)"),
    col("quartile", Kind::Indicator, "Quartile among the partnerships (1 is best)"),
    col("regional_median", Kind::Indicator, "Median of the comparable values of the five partnerships"),
    col("regional_mean", Kind::Indicator, "Mean of the comparable values of the five partnerships"),
    col("regional_count", Kind::Indicator, "Number of partnerships the median and mean cover"),
    col("population_year", Kind::Filter, "Year of the population estimate a rate divides by"),
    col("estimated_input", Kind::Filter, "Built on an estimate or placeholder (Yes/No)"),
    col("illustrative", Kind::Filter, "Built on illustrative, made-up data (Yes/No)"),
    col("non_standard_period", Kind::Filter, "Covers a non-standard period (Yes/No)"),
    col("unreliable", Kind::Filter, "A rate on fewer than 20 events (Yes/No)"),
];

/// `time_period` and `time_identifier` of a period.
pub fn time(period: &reporting_period::Model) -> (String, &'static str) {
    if period.standard {
        let start = period.start_date.format("%Y").to_string();
        let end = period.end_date.format("%y").to_string();
        (format!("{start}{end}"), FINANCIAL_YEAR)
    } else {
        (
            format!("{} to {}", period.start_date, period.end_date),
            NON_STANDARD,
        )
    }
}

/// The GSS code and name of a partnership's local authority at `date`: an
/// earlier code (stored as `E10000027 until 2023-03-31 (Somerset County
/// Council)`) while it was in force, else the current one.
pub fn local_authority(p: &partnership::Model, date: NaiveDate) -> (String, String) {
    if let Some(previous) = &p.local_authority_previous_gss_codes {
        let mut words = previous.split_whitespace();
        if let (Some(code), Some("until"), Some(until)) = (words.next(), words.next(), words.next())
        {
            let until = NaiveDate::parse_from_str(until, "%Y-%m-%d").ok();
            if until.is_some_and(|u| date <= u) {
                let name = previous
                    .split_once('(')
                    .and_then(|(_, rest)| rest.strip_suffix(')'))
                    .unwrap_or(&p.local_authority_name);
                return (code.to_string(), name.to_string());
            }
        }
    }
    (
        p.local_authority_gss_code.clone(),
        p.local_authority_name.clone(),
    )
}

/// A figure as written: the value to `places` decimals, or the symbol of its status.
pub fn cell(value: Option<f64>, status: FigureStatus, places: u32) -> String {
    match (status.symbol(), value) {
        (None, Some(v)) => format!("{:.*}", places as usize, round_half_away(v, places)),
        (Some(symbol), _) => symbol.to_string(),
        // A shown status always has a value; should one ever arrive without,
        // it is not available rather than blank.
        (None, None) => "x".to_string(),
    }
}

fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_string()
}

fn rank_cell(rank: Option<u32>, status: FigureStatus) -> String {
    match rank {
        Some(r) => r.to_string(),
        None => status.symbol().unwrap_or("x").to_string(),
    }
}

/// The tidy data file: a header and one row per partnership.
pub fn data_rows(b: &Benchmark, partnerships: &[partnership::Model]) -> Vec<Vec<String>> {
    series_rows(std::slice::from_ref(b), partnerships)
}

/// The tidy data file of several periods of one metric (a trend): a header,
/// then one row per partnership for each period, oldest period first.
pub fn series_rows(
    benchmarks: &[Benchmark],
    partnerships: &[partnership::Model],
) -> Vec<Vec<String>> {
    let mut rows = vec![COLUMNS.iter().map(|c| c.name.to_string()).collect()];
    for b in benchmarks {
        push_data_rows(&mut rows, b, partnerships);
    }
    rows
}

fn push_data_rows(rows: &mut Vec<Vec<String>>, b: &Benchmark, partnerships: &[partnership::Model]) {
    let m = b.metric;
    let places = m.decimals();
    let (time_period, time_identifier) = time(&b.period);
    let summary = b.assembled.summary;
    let regional_status = b.assembled.regional_status();
    for row in &b.assembled.rows {
        let p = partnerships.iter().find(|p| p.code == row.partnership);
        let (la_code, la_name) = p
            .map(|p| local_authority(p, b.period.start_date))
            .unwrap_or_default();
        rows.push(vec![
            time_period.clone(),
            time_identifier.to_string(),
            GEOGRAPHIC_LEVEL.to_string(),
            COUNTRY_CODE.to_string(),
            COUNTRY_NAME.to_string(),
            REGION_CODE.to_string(),
            REGION_NAME.to_string(),
            la_code,
            la_name,
            row.partnership.to_string(),
            p.map(|p| p.name.clone()).unwrap_or_default(),
            b.period.start_date.to_string(),
            b.period.end_date.to_string(),
            m.id.to_string(),
            m.name.to_string(),
            cell(row.value, row.status, places),
            cell(row.rate_per_10k, row.rate_status, RATE_DECIMALS),
            rank_cell(row.rank, row.rank_status(m)),
            rank_cell(row.quartile, row.rank_status(m)),
            cell(summary.median, regional_status, places),
            cell(summary.mean, regional_status, places),
            summary.count.to_string(),
            population_year(row),
            yes_no(row.qualifiers.estimated_input),
            yes_no(row.qualifiers.illustrative),
            yes_no(row.qualifiers.non_standard_period),
            yes_no(row.qualifiers.unreliable),
        ]);
    }
}

fn population_year(row: &Row) -> String {
    match row.population_year {
        Some(y) => y.to_string(),
        None => FigureStatus::NotApplicable
            .symbol()
            .unwrap_or("z")
            .to_string(),
    }
}

/// The EES metadata file for a benchmark of `metric`: one row per filter
/// and indicator column, with its label, unit and decimal places.
pub fn meta_rows(metric: &Metric) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "col_name",
        "col_type",
        "label",
        "indicator_grouping",
        "indicator_unit",
        "indicator_dp",
        "filter_hint",
        "filter_grouping_column",
    ]
    .map(String::from)
    .to_vec()];
    let unit = match metric.unit {
        Unit::Percent => "%",
        Unit::Count | Unit::RatePer10k => "",
    };
    for c in COLUMNS.iter().filter(|c| c.kind != Kind::Standard) {
        let (kind, label, unit, dp) = match (c.kind, c.name) {
            (Kind::Filter, _) => ("Filter", c.label.to_string(), "", String::new()),
            (_, "value") => (
                "Indicator",
                metric.name.to_string(),
                unit,
                metric.decimals().to_string(),
            ),
            (_, "regional_median" | "regional_mean") => (
                "Indicator",
                c.label.to_string(),
                unit,
                metric.decimals().to_string(),
            ),
            (_, "rate_per_10k") => (
                "Indicator",
                c.label.to_string(),
                "",
                RATE_DECIMALS.to_string(),
            ),
            _ => ("Indicator", c.label.to_string(), "", "0".to_string()),
        };
        rows.push(vec![
            c.name.to_string(),
            kind.to_string(),
            label,
            String::new(),
            unit.to_string(),
            dp,
            String::new(),
            String::new(),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn somerset() -> partnership::Model {
        partnership::Model {
            code: entity::PartnershipCode::Somerset,
            name: "Somerset Safeguarding Children Partnership".into(),
            abbreviation: "SSCP".into(),
            local_authority_name: "Somerset Council".into(),
            local_authority_gss_code: "E06000066".into(),
            local_authority_previous_gss_codes: Some(
                "E10000027 until 2023-03-31 (Somerset County Council)".into(),
            ),
            icb: "Somerset".into(),
            police_force: "Avon and Somerset".into(),
            sort_order: 5,
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn somerset_s_code_follows_the_2023_reorganisation() {
        assert_eq!(
            local_authority(&somerset(), d("2024-04-01")),
            ("E06000066".into(), "Somerset Council".into())
        );
        assert_eq!(
            local_authority(&somerset(), d("2016-04-01")),
            ("E10000027".into(), "Somerset County Council".into())
        );
    }

    #[test]
    fn time_periods_in_ees_form() {
        let fy = reporting_period::Model {
            label: "2024-25".into(),
            start_date: d("2024-04-01"),
            end_date: d("2025-03-31"),
            standard: true,
            description: String::new(),
        };
        assert_eq!(time(&fy), ("202425".into(), FINANCIAL_YEAR));
        let odd = reporting_period::Model {
            label: "2019-10-01/2020-12-31".into(),
            start_date: d("2019-10-01"),
            end_date: d("2020-12-31"),
            standard: false,
            description: String::new(),
        };
        assert_eq!(
            time(&odd),
            ("2019-10-01 to 2020-12-31".into(), NON_STANDARD)
        );
    }

    #[test]
    fn cells_carry_a_value_to_the_published_precision_or_a_symbol() {
        assert_eq!(cell(Some(2.443), FigureStatus::Shown, 1), "2.4");
        assert_eq!(cell(Some(2.0), FigureStatus::Shown, 1), "2.0");
        assert_eq!(cell(Some(27.0), FigureStatus::Shown, 0), "27");
        assert_eq!(cell(None, FigureStatus::Suppressed, 1), "c");
        assert_eq!(cell(None, FigureStatus::NotAvailable, 1), "x");
        assert_eq!(cell(None, FigureStatus::NotApplicable, 1), "z");
        assert_eq!(cell(None, FigureStatus::LowBase, 1), "low");
    }
}
