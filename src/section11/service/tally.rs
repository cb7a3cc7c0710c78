//! Keeps each part's Section 11 tallies (migration 000009) in step with its
//! returns: every write that moves a return into, out of or between the
//! counted statuses recounts the return's part in its own transaction.
use entity::{section11_round_partnership, PartnershipCode};
use migration::section11_tally_recount;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::error::AppResult;

/// Recounts part (`round_id`, `partnership`) as this transaction now sees it.
///
/// Two writers to the same part recount one after the other: each first
/// locks the part's row, and under READ COMMITTED the later one's recount,
/// a new statement, sees what the earlier one committed. Neither can leave
/// the tallies without the other's change. (SQLite, with one writer at a
/// time, needs no lock.)
pub async fn recount<C: ConnectionTrait>(
    db: &C,
    round_id: &str,
    partnership: PartnershipCode,
) -> AppResult<()> {
    section11_round_partnership::Entity::find()
        .filter(section11_round_partnership::Column::RoundId.eq(round_id))
        .filter(section11_round_partnership::Column::PartnershipCode.eq(partnership))
        .lock_exclusive()
        .one(db)
        .await?;
    section11_tally_recount(Some((round_id, partnership.as_str())))
        .run(db)
        .await?;
    Ok(())
}

/// Recounts every part: for loaders that write returns in bulk.
pub async fn recount_all<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    section11_tally_recount(None).run(db).await
}
