//! Section 11 summaries for one partnership in one round: returns expected and
//! received, overall grades, share Good or better per standard, agencies with
//! an Inadequate grading.
//!
//! The disclosure rule for Section 11: organisational figures, published
//! rounds only. Every figure here counts agencies, never children, so none is
//! subject to small-number suppression; what protects unpublished work is the
//! basis ([`SummaryBasis`]): a caller without exact access to the
//! partnership's Section 11 figures sees published returns only.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::section11_enums::{Section11Grade, Section11ReturnStatus as Status};
use entity::{
    section11_round, section11_round_agency, section11_round_partnership, section11_standard,
    PartnershipCode,
};
use sea_orm::sea_query::{Alias, Condition, DynIden, Expr, ExprTrait, Func, IntoIden, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use migration::{Section11GradeTally as GT, Section11ReturnTally as RT};

use super::catalogue;
use crate::access::Scope;
use crate::error::AppResult;
use crate::section11::access::{summary_basis, SummaryBasis};

/// One standard's (or sub-standard's) figures.
#[derive(Debug, Clone)]
pub struct StandardSummary {
    pub standard: section11_standard::Model,
    /// Counted returns with a grade for this standard.
    pub graded: u64,
    /// Of those, graded Outstanding or Good (moderated grade where there is one).
    pub good_or_better: u64,
    /// Counts by grade, best first.
    pub by_grade: Vec<(Section11Grade, u64)>,
}

impl StandardSummary {
    /// Percentage Good or better of those graded; `None` when none was.
    pub fn share_good_or_better(&self) -> Option<f64> {
        share(self.good_or_better, self.graded)
    }
}

/// A partnership's figures for a round.
#[derive(Debug, Clone)]
pub struct Summary {
    pub round: section11_round::Model,
    pub partnership: PartnershipCode,
    pub basis: SummaryBasis,
    /// When the partnership last published its part of the round.
    pub published_at: Option<DateTime<Utc>>,
    /// Agencies expected to make a return, nil returns included.
    pub expected: u64,
    /// Returns counted on this basis.
    pub received: u64,
    /// Expected agencies that made a nil return: expected, nothing received.
    pub nil_returns: u64,
    /// Counted returns by overall grade (moderated where there is one), best first.
    pub by_overall_grade: Vec<(Section11Grade, u64)>,
    /// Counted returns whose overall grade is not held (not published).
    pub without_overall_grade: u64,
    /// Every standard and sub-standard of the round's framework, in order.
    pub standards: Vec<StandardSummary>,
    /// Counted returns with at least one Inadequate grading, at standard or
    /// sub-standard level (moderated grade where there is one).
    pub agencies_with_inadequate: u64,
    /// True when any counted return is illustrative.
    pub illustrative: bool,
}

impl Summary {
    /// Expected agencies neither received nor nil.
    pub fn not_received(&self) -> u64 {
        self.expected
            .saturating_sub(self.received)
            .saturating_sub(self.nil_returns)
    }

    /// What every figure of the summary is made from: the counted returns,
    /// so one illustrative return makes each figure illustrative.
    pub fn flags(&self) -> crate::statistics::FigureFlags {
        crate::statistics::FigureFlags {
            illustrative: self.illustrative,
            ..Default::default()
        }
    }

    /// Percentage of expected returns received; `None` when none was expected.
    pub fn return_rate(&self) -> Option<f64> {
        share(self.received, self.expected)
    }

    /// Percentage of overall grades Good or better; `None` without overall grades.
    pub fn share_good_or_better_overall(&self) -> Option<f64> {
        let (good, graded) = self.good_or_better_overall();
        share(good, graded)
    }

    /// Overall grades Good or better, and overall grades held.
    pub fn good_or_better_overall(&self) -> (u64, u64) {
        let graded: u64 = self.by_overall_grade.iter().map(|(_, n)| n).sum();
        let good: u64 = self
            .by_overall_grade
            .iter()
            .filter(|(g, _)| g.good_or_better())
            .map(|(_, n)| n)
            .sum();
        (good, graded)
    }
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64) * 100.0 / (whole as f64))
}

fn counted_statuses(basis: SummaryBasis) -> Vec<Status> {
    match basis {
        SummaryBasis::PublishedReturns => vec![Status::Published],
        SummaryBasis::ReceivedReturns => {
            vec![Status::Submitted, Status::Validated, Status::Published]
        }
    }
}

/// The summary of `partnership`'s part of round `round_id`, as `scope` may
/// see it. `NOT_FOUND` for an unknown round; `BAD_USER_INPUT` (`partnership`)
/// when the partnership does not take part.
pub async fn summary(
    db: &DatabaseConnection,
    scope: &Scope,
    round_id: &str,
    partnership: PartnershipCode,
) -> AppResult<Summary> {
    let round = catalogue::round(db, round_id).await?;
    let part = catalogue::round_partnership(db, &round, partnership, "partnership").await?;
    summaries(db, scope, vec![(round, part)], true)
        .await?
        .pop()
        .ok_or(crate::error::AppError::Internal)
}

type PartKey = (String, PartnershipCode);

fn part_key(row: &sea_orm::QueryResult) -> AppResult<PartKey> {
    let code: String = row.try_get("", "partnership_code")?;
    let partnership = PartnershipCode::parse(&code)
        .ok_or_else(|| crate::error::AppError::internal(format!("unknown partnership `{code}`")))?;
    Ok((row.try_get("", "round_id")?, partnership))
}

/// Summaries of several parts of rounds at once (a round and a partnership
/// taking part each), in a constant number of statements however many parts
/// and returns. The counts are read from each part's tallies (kept by
/// [`super::tally`] as returns move between statuses), a few dozen rows a
/// part, never from the hundreds of thousands of grades of a regional round.
/// The per-standard figures are read only `with_standards`.
pub async fn summaries(
    db: &DatabaseConnection,
    scope: &Scope,
    parts: Vec<(section11_round::Model, section11_round_partnership::Model)>,
    with_standards: bool,
) -> AppResult<Vec<Summary>> {
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let any_part = |f: &dyn Fn(&str, PartnershipCode) -> Condition| {
        parts.iter().fold(Condition::any(), |any, (round, part)| {
            any.add(f(&round.id, part.partnership_code))
        })
    };
    // The tallies of the counted statuses of each part, on the basis the
    // caller sees it.
    let tallied = |table: DynIden| {
        any_part(&|round, p| {
            Condition::all()
                .add(Expr::col((table.clone(), Alias::new("round_id"))).eq(round))
                .add(Expr::col((table.clone(), Alias::new("partnership_code"))).eq(p))
                .add(
                    Expr::col((table.clone(), Alias::new("status")))
                        .is_in(counted_statuses(summary_basis(scope, p))),
                )
        })
    };
    let mut participants = Query::select();
    participants
        .column(section11_round_agency::Column::RoundId)
        .column(section11_round_agency::Column::PartnershipCode)
        .expr_as(
            Func::count(Expr::col(section11_round_agency::Column::Id)),
            "expected",
        )
        .expr_as(
            Func::count(Expr::case(
                section11_round_agency::Column::NilReturn.eq(true),
                1,
            )),
            "nil",
        )
        .from(section11_round_agency::Entity)
        .cond_where(any_part(&|round, p| {
            Condition::all()
                .add(section11_round_agency::Column::RoundId.eq(round))
                .add(section11_round_agency::Column::PartnershipCode.eq(p))
        }))
        .group_by_col(section11_round_agency::Column::RoundId)
        .group_by_col(section11_round_agency::Column::PartnershipCode);

    let return_tally = Query::select()
        .columns([
            RT::RoundId,
            RT::PartnershipCode,
            RT::Grade,
            RT::N,
            RT::Illustrative,
            RT::Inadequate,
        ])
        .from(RT::Table)
        .cond_where(tallied(RT::Table.into_iden()))
        .to_owned();
    #[derive(Default)]
    struct Counts {
        received: u64,
        without_overall_grade: u64,
        illustrative: bool,
        by_overall: HashMap<Section11Grade, u64>,
        per_standard: HashMap<String, HashMap<Section11Grade, u64>>,
        inadequate: u64,
    }
    let mut counts: HashMap<PartKey, Counts> = HashMap::new();
    let grade_tally = Query::select()
        .columns([
            GT::RoundId,
            GT::PartnershipCode,
            GT::StandardId,
            GT::Grade,
            GT::N,
        ])
        .from(GT::Table)
        .cond_where(tallied(GT::Table.into_iden()))
        .to_owned();
    // The counts are independent: sent together, a summary waits for the
    // slowest rather than for the sum (a benchmark matrix asks for this on
    // every view, and under load each sequential round trip queues).
    let framework_ids: std::collections::BTreeSet<&str> = if with_standards {
        parts.iter().map(|(r, _)| r.framework_id.as_str()).collect()
    } else {
        Default::default()
    };
    let (expected_rows, return_rows, grade_rows, frameworks) = futures_util::try_join!(
        async { Ok(db.query_all(&participants).await?) },
        async { Ok(db.query_all(&return_tally).await?) },
        async {
            if with_standards {
                Ok(db.query_all(&grade_tally).await?)
            } else {
                Ok(Vec::new())
            }
        },
        async {
            let mut frameworks: HashMap<String, Vec<section11_standard::Model>> = HashMap::new();
            for id in framework_ids {
                frameworks.insert(id.to_string(), catalogue::standards(db, id).await?);
            }
            AppResult::Ok(frameworks)
        },
    )?;
    let mut expected: HashMap<PartKey, (u64, u64)> = HashMap::new();
    for row in expected_rows {
        let n = |c: &str| row.try_get::<i64>("", c).map(|v| v as u64);
        expected.insert(part_key(&row)?, (n("expected")?, n("nil")?));
    }
    // Tally counts are INTEGER: i32 on both databases.
    let n = |row: &sea_orm::QueryResult, c: &str| -> AppResult<u64> {
        Ok(u64::try_from(row.try_get::<i32>("", c)?).unwrap_or(0))
    };
    for row in return_rows {
        let c = counts.entry(part_key(&row)?).or_default();
        let returns = n(&row, "n")?;
        c.received += returns;
        c.illustrative |= n(&row, "illustrative")? > 0;
        c.inadequate += n(&row, "inadequate")?;
        match row.try_get::<Option<Section11Grade>>("", "grade")? {
            Some(g) => *c.by_overall.entry(g).or_default() += returns,
            None => c.without_overall_grade += returns,
        }
    }
    for row in grade_rows {
        let standard: String = row.try_get("", "standard_id")?;
        let grade: Section11Grade = row.try_get("", "grade")?;
        *counts
            .entry(part_key(&row)?)
            .or_default()
            .per_standard
            .entry(standard)
            .or_default()
            .entry(grade)
            .or_default() += n(&row, "n")?;
    }
    Ok(parts
        .into_iter()
        .map(|(round, part)| {
            let key = (round.id.clone(), part.partnership_code);
            let c = counts.remove(&key).unwrap_or_default();
            let (expected, nil_returns) = expected.get(&key).copied().unwrap_or((0, 0));
            let standards = if with_standards {
                frameworks
                    .get(&round.framework_id)
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|standard| {
                        let by = c.per_standard.get(standard.id.as_str());
                        let count =
                            |g: Section11Grade| by.and_then(|m| m.get(&g)).copied().unwrap_or(0);
                        let by_grade: Vec<(Section11Grade, u64)> = Section11Grade::ALL
                            .iter()
                            .map(|g| (*g, count(*g)))
                            .collect();
                        StandardSummary {
                            graded: by_grade.iter().map(|(_, n)| n).sum(),
                            good_or_better: by_grade
                                .iter()
                                .filter(|(g, _)| g.good_or_better())
                                .map(|(_, n)| n)
                                .sum(),
                            by_grade,
                            standard,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Summary {
                partnership: part.partnership_code,
                basis: summary_basis(scope, part.partnership_code),
                published_at: part.published_at,
                expected,
                received: c.received,
                nil_returns,
                by_overall_grade: Section11Grade::ALL
                    .iter()
                    .map(|g| (*g, c.by_overall.get(g).copied().unwrap_or(0)))
                    .collect(),
                without_overall_grade: c.without_overall_grade,
                standards,
                agencies_with_inadequate: c.inadequate,
                illustrative: c.illustrative,
                round,
            }
        })
        .collect())
}

/// Each partnership's summary of its self-assessment round for `period`: the
/// latest-closing such round it takes part in. A partnership with no round
/// for the period is absent. For benchmarking, which compares partnerships on
/// the same period.
pub async fn for_period(
    db: &DatabaseConnection,
    scope: &Scope,
    period: &str,
    with_standards: bool,
) -> AppResult<HashMap<PartnershipCode, Summary>> {
    use entity::section11_enums::Section11RoundMode;
    use sea_orm::QueryOrder;

    let rounds = section11_round::Entity::find()
        .filter(section11_round::Column::PeriodLabel.eq(period))
        .filter(section11_round::Column::Mode.eq(Section11RoundMode::SelfAssessment))
        .order_by_desc(section11_round::Column::ClosesOn)
        .order_by_asc(section11_round::Column::Id)
        .all(db)
        .await?;
    if rounds.is_empty() {
        return Ok(HashMap::new());
    }
    let parts = section11_round_partnership::Entity::find()
        .filter(
            section11_round_partnership::Column::RoundId.is_in(rounds.iter().map(|r| r.id.clone())),
        )
        .all(db)
        .await?;
    let mut chosen = Vec::new();
    for p in PartnershipCode::ALL {
        // Rounds are newest-closing first, so the first that has p is its round.
        let found = rounds.iter().find_map(|r| {
            parts
                .iter()
                .find(|x| x.round_id == r.id && x.partnership_code == p)
                .map(|part| (r.clone(), part.clone()))
        });
        chosen.extend(found);
    }
    Ok(summaries(db, scope, chosen, with_standards)
        .await?
        .into_iter()
        .map(|s| (s.partnership, s))
        .collect())
}

/// Standard `number` of the regional framework in `summary`; `None` when the
/// round used another framework, whose standards are numbered differently.
pub fn regional_standard<'a>(summary: &'a Summary, number: &str) -> Option<&'a StandardSummary> {
    if summary.round.framework_id != crate::section11::REGIONAL_FRAMEWORK {
        return None;
    }
    summary
        .standards
        .iter()
        .find(|s| s.standard.parent_number.is_none() && s.standard.number == number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_percentages_and_absent_without_a_denominator() {
        assert_eq!(share(21, 25), Some(84.0));
        assert_eq!(share(0, 0), None);
    }
}
