//! Return rows decoded by position.
//!
//! sea-orm's derived models look every column up by a name it formats per
//! row; a page of 100 returns of 21 columns is 2,100 of those. A page's rows
//! are selected here column by column in a fixed order and read back by
//! index instead, into the same model.
use entity::section11_return::{self, Column as C};
use sea_orm::{DbErr, FromQueryResult, QueryResult, QuerySelect, Select};

/// Every column of a return, in the order [`ByIndex`] reads them.
const COLUMNS: [C; 21] = [
    C::Id,
    C::RoundId,
    C::AgencyId,
    C::PartnershipCode,
    C::Status,
    C::OverallGrade,
    C::ModeratedOverallGrade,
    C::ValidationNote,
    C::Source,
    C::Illustrative,
    C::Version,
    C::CreatedAt,
    C::CreatedBy,
    C::UpdatedAt,
    C::UpdatedBy,
    C::SubmittedAt,
    C::SubmittedBy,
    C::ValidatedAt,
    C::ValidatedBy,
    C::PublishedAt,
    C::PublishedBy,
];

/// `query` selecting exactly [`COLUMNS`], to be read with [`ByIndex`].
pub fn select(query: Select<section11_return::Entity>) -> Select<section11_return::Entity> {
    query.select_only().columns(COLUMNS)
}

/// A return read by position from a row of [`select`].
pub struct ByIndex(pub section11_return::Model);

impl FromQueryResult for ByIndex {
    fn from_query_result(row: &QueryResult, _prefix: &str) -> Result<Self, DbErr> {
        Ok(ByIndex(section11_return::Model {
            id: row.try_get_by_index(0)?,
            round_id: row.try_get_by_index(1)?,
            agency_id: row.try_get_by_index(2)?,
            partnership_code: row.try_get_by_index(3)?,
            status: row.try_get_by_index(4)?,
            overall_grade: row.try_get_by_index(5)?,
            moderated_overall_grade: row.try_get_by_index(6)?,
            validation_note: row.try_get_by_index(7)?,
            source: row.try_get_by_index(8)?,
            illustrative: row.try_get_by_index(9)?,
            version: row.try_get_by_index(10)?,
            created_at: row.try_get_by_index(11)?,
            created_by: row.try_get_by_index(12)?,
            updated_at: row.try_get_by_index(13)?,
            updated_by: row.try_get_by_index(14)?,
            submitted_at: row.try_get_by_index(15)?,
            submitted_by: row.try_get_by_index(16)?,
            validated_at: row.try_get_by_index(17)?,
            validated_by: row.try_get_by_index(18)?,
            published_at: row.try_get_by_index(19)?,
            published_by: row.try_get_by_index(20)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{IdenStatic, Iterable};

    /// A column added to the entity must be read here too, in its place.
    #[test]
    fn every_column_of_the_model_is_read_in_its_order() {
        let ours: Vec<&str> = COLUMNS.iter().map(|c| c.as_str()).collect();
        let model: Vec<&str> = C::iter().map(|c| c.as_str()).collect();
        assert_eq!(ours, model);
    }
}
