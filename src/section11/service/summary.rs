//! Section 11 summaries for one partnership in one round: returns expected and
//! received, overall grades, share Good or better per standard, agencies with
//! an Inadequate grading.
//!
//! The disclosure rule for Section 11: organisational figures, published
//! rounds only. Every figure here counts agencies, never children, so none is
//! subject to small-number suppression; what protects unpublished work is the
//! basis ([`SummaryBasis`]): a caller without exact access to the
//! partnership's Section 11 figures sees published returns only.
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use entity::section11_enums::{Section11Grade, Section11ReturnStatus as Status};
use entity::{
    section11_grade, section11_return, section11_round, section11_standard, PartnershipCode,
};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

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

    /// Percentage of expected returns received; `None` when none was expected.
    pub fn return_rate(&self) -> Option<f64> {
        share(self.received, self.expected)
    }

    /// Percentage of overall grades Good or better; `None` without overall grades.
    pub fn share_good_or_better_overall(&self) -> Option<f64> {
        let graded: u64 = self.by_overall_grade.iter().map(|(_, n)| n).sum();
        let good: u64 = self
            .by_overall_grade
            .iter()
            .filter(|(g, _)| g.good_or_better())
            .map(|(_, n)| n)
            .sum();
        share(good, graded)
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
    let basis = summary_basis(scope, partnership);
    let participants = catalogue::participants(db, round_id, partnership).await?;
    let counted = || {
        Query::select()
            .column(section11_return::Column::Id)
            .from(section11_return::Entity)
            .and_where(section11_return::Column::RoundId.eq(round_id))
            .and_where(section11_return::Column::PartnershipCode.eq(partnership))
            .and_where(section11_return::Column::Status.is_in(counted_statuses(basis)))
            .to_owned()
    };
    let returns = section11_return::Entity::find()
        .filter(section11_return::Column::Id.in_subquery(counted()))
        .all(db)
        .await?;
    let grades = section11_grade::Entity::find()
        .filter(section11_grade::Column::ReturnId.in_subquery(counted()))
        .all(db)
        .await?;
    let standards = catalogue::standards(db, &round.framework_id).await?;

    let mut overall: HashMap<Section11Grade, u64> = HashMap::new();
    let mut without_overall_grade = 0;
    for r in &returns {
        match r.moderated_overall_grade.or(r.overall_grade) {
            Some(g) => *overall.entry(g).or_default() += 1,
            None => without_overall_grade += 1,
        }
    }
    let mut per_standard: HashMap<&str, HashMap<Section11Grade, u64>> = HashMap::new();
    let mut inadequate: BTreeSet<&str> = BTreeSet::new();
    for g in &grades {
        let effective = g.moderated_grade.unwrap_or(g.self_grade);
        *per_standard
            .entry(g.standard_id.as_str())
            .or_default()
            .entry(effective)
            .or_default() += 1;
        if effective == Section11Grade::Inadequate {
            inadequate.insert(g.return_id.as_str());
        }
    }
    let standards = standards
        .into_iter()
        .map(|standard| {
            let counts = per_standard.get(standard.id.as_str());
            let count = |g: Section11Grade| counts.and_then(|c| c.get(&g)).copied().unwrap_or(0);
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
        .collect();
    Ok(Summary {
        partnership,
        basis,
        published_at: part.published_at,
        expected: participants.len() as u64,
        received: returns.len() as u64,
        nil_returns: participants.iter().filter(|p| p.nil_return).count() as u64,
        by_overall_grade: Section11Grade::ALL
            .iter()
            .map(|g| (*g, overall.get(g).copied().unwrap_or(0)))
            .collect(),
        without_overall_grade,
        standards,
        agencies_with_inadequate: inadequate.len() as u64,
        illustrative: returns.iter().any(|r| r.illustrative),
        round,
    })
}

/// Each partnership's summary of its self-assessment round for `period`: the
/// latest-closing such round it takes part in. A partnership with no round
/// for the period is absent. For benchmarking, which compares partnerships on
/// the same period.
pub async fn for_period(
    db: &DatabaseConnection,
    scope: &Scope,
    period: &str,
) -> AppResult<HashMap<PartnershipCode, Summary>> {
    use entity::section11_enums::Section11RoundMode;
    use entity::section11_round_partnership as round_partnership;
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
    let parts = round_partnership::Entity::find()
        .filter(round_partnership::Column::RoundId.is_in(rounds.iter().map(|r| r.id.clone())))
        .all(db)
        .await?;
    let mut out = HashMap::new();
    for p in PartnershipCode::ALL {
        // Rounds are newest-closing first, so the first that has p is its round.
        let Some(round) = rounds.iter().find(|r| {
            parts
                .iter()
                .any(|x| x.round_id == r.id && x.partnership_code == p)
        }) else {
            continue;
        };
        out.insert(p, summary(db, scope, &round.id, p).await?);
    }
    Ok(out)
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
