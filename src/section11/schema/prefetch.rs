//! Loads, one batch per relation, what a list's selection will ask each of
//! its items for, before the items are resolved.
//!
//! DataLoaders batch the keys that arrive within a short delay; a long page
//! resolved under load can straddle two batches and cost an extra statement.
//! Priming the request's cached loaders from the whole page first (with
//! [`prime`], which sends the statement at once rather than after the batching
//! delay) makes the cost of a page independent of its length and of timing:
//! every item's own load is then a cache hit.
use std::collections::BTreeSet;

use async_graphql::{Context, Lookahead};
use entity::{section11_agency, section11_return, section11_round};

use crate::batch::prime;
use crate::error::AppResult;
use crate::section11::loaders::{
    ActionsByReturn, AgencyById, Cached, EvidenceByReturn, FrameworkById, GradesByReturn,
    PartnershipsByAgency, PartsByRound, PeriodByLabel, ReturnVersion, RoundById,
    StandardsByFramework,
};

fn ids<T>(rows: &[T], key: impl Fn(&T) -> &str) -> BTreeSet<String> {
    rows.iter().map(|r| key(r).to_string()).collect()
}

/// For a page of returns; `node` is the selection on each return. The
/// relations are independent, so they are loaded together and their round
/// trips to the database overlap.
pub async fn returns(
    ctx: &Context<'_>,
    node: &Lookahead<'_>,
    rows: &[section11_return::Model],
) -> AppResult<()> {
    let agency = node.field("agency");
    let round = node.field("round");
    let standard_links = [node.field("grades"), node.field("actions")]
        .into_iter()
        .map(|l| l.field("standard"))
        .any(|s| s.field("framework").exists() || s.field("subStandards").exists());
    let agencies_loaded = async {
        if agency.exists() {
            let found: Vec<section11_agency::Model> = prime(
                ctx.data_unchecked::<Cached<AgencyById>>(),
                ids(rows, |r| &r.agency_id),
            )
            .await?
            .into_values()
            .collect();
            agencies(ctx, &agency, &found).await?;
        }
        AppResult::Ok(())
    };
    let rounds_loaded = async {
        if round.exists() || node.field("late").exists() || standard_links {
            let found: Vec<section11_round::Model> = prime(
                ctx.data_unchecked::<Cached<RoundById>>(),
                ids(rows, |r| &r.round_id),
            )
            .await?
            .into_values()
            .collect();
            rounds(ctx, &round, &found).await?;
            if standard_links {
                frameworks(ctx, ids(&found, |r| &r.framework_id)).await?;
            }
        }
        AppResult::Ok(())
    };
    let grades_loaded = async {
        let grades = node.field("grades");
        if grades.exists() {
            let keys = || rows.iter().map(ReturnVersion::of);
            prime(ctx.data_unchecked::<Cached<GradesByReturn>>(), keys()).await?;
            if grades.field("evidence").exists() {
                prime(ctx.data_unchecked::<Cached<EvidenceByReturn>>(), keys()).await?;
            }
        }
        AppResult::Ok(())
    };
    let actions_loaded = async {
        if node.field("actions").exists() {
            prime(
                ctx.data_unchecked::<Cached<ActionsByReturn>>(),
                ids(rows, |r| &r.id),
            )
            .await?;
        }
        AppResult::Ok(())
    };
    futures_util::try_join!(
        agencies_loaded,
        rounds_loaded,
        grades_loaded,
        actions_loaded
    )?;
    Ok(())
}

/// For a page of agencies; `node` is the selection on each agency.
pub async fn agencies(
    ctx: &Context<'_>,
    node: &Lookahead<'_>,
    rows: &[section11_agency::Model],
) -> AppResult<()> {
    if node.field("partnerships").exists() {
        prime(
            ctx.data_unchecked::<Cached<PartnershipsByAgency>>(),
            ids(rows, |a| &a.id),
        )
        .await?;
    }
    Ok(())
}

/// For a page of rounds; `node` is the selection on each round.
pub async fn rounds(
    ctx: &Context<'_>,
    node: &Lookahead<'_>,
    rows: &[section11_round::Model],
) -> AppResult<()> {
    if node.field("period").exists() {
        prime(
            ctx.data_unchecked::<Cached<PeriodByLabel>>(),
            ids(rows, |r| &r.period_label),
        )
        .await?;
    }
    if node.field("framework").exists() {
        frameworks(ctx, ids(rows, |r| &r.framework_id)).await?;
    }
    if node.field("partnerships").exists() {
        prime(
            ctx.data_unchecked::<Cached<PartsByRound>>(),
            ids(rows, |r| &r.id),
        )
        .await?;
    }
    Ok(())
}

/// Frameworks with their standards: few rows, reached from every item.
async fn frameworks(ctx: &Context<'_>, ids: BTreeSet<String>) -> AppResult<()> {
    prime(ctx.data_unchecked::<Cached<FrameworkById>>(), ids.clone()).await?;
    prime(ctx.data_unchecked::<Cached<StandardsByFramework>>(), ids).await?;
    Ok(())
}
