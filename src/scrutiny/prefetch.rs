//! Priming the request's DataLoaders for a whole page at once.
//!
//! DataLoader batches keys that arrive within a short delay; on a busy machine
//! the keys of a large page can straddle two batches, and the statement count
//! would then grow with the page. So a page resolver looks ahead at what the
//! query selects and loads each selected relation for the whole page with one
//! `load_many` (one statement per relation, whatever the page size), with the
//! request's loader caches switched on; the nested fields then resolve from the
//! cache. Only read resolvers prime: a query cannot change data, so the cache
//! cannot go stale, and mutations keep reading fresh rows.
use async_graphql::{Context, Lookahead};
use entity::{
    scrutiny_activity as activity, scrutiny_recommendation as recommendation,
    scrutiny_scrutineer as scrutineer,
};

use super::loaders::{
    ActivityById, AppointmentsByScrutineer, Cached, FindingsByActivity, HistoryByRecommendation,
    PartnershipsByActivity, RecommendationsByActivity, ScrutineerById, ThemesByActivity,
};
use crate::error::AppResult;

/// The request's loader of `T`, with its cache switched on.
fn loader<'a, T>(ctx: &'a Context<'_>) -> &'a Cached<T>
where
    T: async_graphql::dataloader::Loader<String>,
{
    let loader = ctx.data_unchecked::<Cached<T>>();
    loader.enable_all_cache(true);
    loader
}

fn ids<'a>(items: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut ids: Vec<String> = items.into_iter().cloned().collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Loads the selected relations of `rows`; returns their recommendations
/// when those are selected.
async fn activity_relations(
    ctx: &Context<'_>,
    rows: &[activity::Model],
    sel: &Lookahead<'_>,
) -> AppResult<Vec<recommendation::Model>> {
    if rows.is_empty() || !sel.exists() {
        return Ok(Vec::new());
    }
    let keys = ids(rows.iter().map(|r| &r.id));
    loader::<ActivityById>(ctx)
        .feed_many(rows.iter().map(|r| (r.id.clone(), r.clone())))
        .await;
    // Identities are shown by covered partnership, so they need the partnerships too.
    if ["partnerships", "recordedBy", "updatedBy"]
        .iter()
        .any(|f| sel.field(f).exists())
    {
        loader::<PartnershipsByActivity>(ctx)
            .load_many(keys.clone())
            .await?;
    }
    if sel.field("themes").exists() {
        loader::<ThemesByActivity>(ctx)
            .load_many(keys.clone())
            .await?;
    }
    if sel.field("findings").exists() {
        loader::<FindingsByActivity>(ctx)
            .load_many(keys.clone())
            .await?;
    }
    let scrutineers = sel.field("scrutineer");
    if scrutineers.exists() {
        let found = loader::<ScrutineerById>(ctx)
            .load_many(ids(rows.iter().filter_map(|r| r.scrutineer_id.as_ref())))
            .await?;
        scrutineer_relations(ctx, found.values(), &scrutineers).await?;
    }
    if !sel.field("recommendations").exists() {
        return Ok(Vec::new());
    }
    Ok(loader::<RecommendationsByActivity>(ctx)
        .load_many(keys)
        .await?
        .into_values()
        .flatten()
        .collect())
}

/// Loads the selected relations of `rows`; the activities they point back to
/// get their own relations loaded one level deep.
async fn recommendation_relations(
    ctx: &Context<'_>,
    rows: &[recommendation::Model],
    sel: &Lookahead<'_>,
) -> AppResult<()> {
    if rows.is_empty() || !sel.exists() {
        return Ok(());
    }
    if sel.field("history").exists() {
        loader::<HistoryByRecommendation>(ctx)
            .load_many(ids(rows.iter().map(|r| &r.id)))
            .await?;
    }
    let activities = sel.field("activity");
    if activities.exists() {
        let found: Vec<activity::Model> = loader::<ActivityById>(ctx)
            .load_many(ids(rows.iter().map(|r| &r.activity_id)))
            .await?
            .into_values()
            .collect();
        activity_relations(ctx, &found, &activities).await?;
    }
    Ok(())
}

async fn scrutineer_relations<'a>(
    ctx: &Context<'_>,
    rows: impl IntoIterator<Item = &'a scrutineer::Model>,
    sel: &Lookahead<'_>,
) -> AppResult<()> {
    if sel.field("appointments").exists() {
        loader::<AppointmentsByScrutineer>(ctx)
            .load_many(ids(rows.into_iter().map(|r| &r.id)))
            .await?;
    }
    Ok(())
}

/// Primes a page of activities; `sel` is the selection on each activity.
pub async fn activities(
    ctx: &Context<'_>,
    rows: &[activity::Model],
    sel: Lookahead<'_>,
) -> AppResult<()> {
    let recommendations = activity_relations(ctx, rows, &sel).await?;
    recommendation_relations(ctx, &recommendations, &sel.field("recommendations")).await
}

/// Primes a page of recommendations; `sel` is the selection on each one.
pub async fn recommendations(
    ctx: &Context<'_>,
    rows: &[recommendation::Model],
    sel: Lookahead<'_>,
) -> AppResult<()> {
    recommendation_relations(ctx, rows, &sel).await
}

/// Primes a page of scrutineers; `sel` is the selection on each one.
pub async fn scrutineers(
    ctx: &Context<'_>,
    rows: &[scrutineer::Model],
    sel: Lookahead<'_>,
) -> AppResult<()> {
    scrutineer_relations(ctx, rows, &sel).await
}
