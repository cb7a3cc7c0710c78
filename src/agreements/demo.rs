//! The demo dataset's agreement: the regional scrutineer sees exact CDOP
//! aggregates of the four West of England partnerships. Illustrative.
use chrono::{NaiveDate, TimeZone, Utc};
use entity::PartnershipCode;
use sea_orm::DatabaseTransaction;

use super::rules::Recipient;
use super::service::{insert_demo, Proposal};
use crate::access::{AccessLevel, Dataset};
use crate::error::AppResult;

const SOURCE: &str =
    "Illustrative, not a published agreement. Basis: the regional independent scrutiny post \
    funded across the Avon and Somerset footprint (NSSCP report Oct 2019 - Dec 2020, seed 004, \
    'Avon and Somerset Strategic Safeguarding Partnership') and the West of England CDOP the four \
    former Avon areas share (seed 004, 'CDOP annual report').";

pub async fn load(txn: &DatabaseTransaction) -> AppResult<()> {
    let start = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or_default();
    let signed_on = Utc
        .with_ymd_and_hms(2024, 3, 28, 12, 0, 0)
        .single()
        .unwrap_or_default();
    for provider in [
        PartnershipCode::Bristol,
        PartnershipCode::NorthSomerset,
        PartnershipCode::SouthGloucestershire,
        PartnershipCode::BathNeSomerset,
    ] {
        let proposal = Proposal {
            title: format!("West of England CDOP aggregates for regional scrutiny ({provider})"),
            provider,
            recipients: vec![Recipient::RegionalScrutineer],
            dataset: Dataset::Cdop,
            level: AccessLevel::ExactAggregates,
            purpose: "Regional independent scrutiny of child death review across the West of England panel".into(),
            start_date: start,
            end_date: None,
        };
        insert_demo(txn, &proposal, SOURCE, signed_on).await?;
    }
    Ok(())
}
