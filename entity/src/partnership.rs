//! A safeguarding children partnership and the local authority it covers.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnership")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: PartnershipCode,
    pub name: String,
    pub abbreviation: String,
    pub local_authority_name: String,
    pub local_authority_gss_code: String,
    /// Earlier GSS codes with the date they stopped, e.g. `E10000027 until 2023-03-31`.
    pub local_authority_previous_gss_codes: Option<String>,
    pub icb: String,
    pub police_force: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
