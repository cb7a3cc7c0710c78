//! DataLoaders for Section 11 relations: one query per relation per request,
//! however many returns, rounds or agencies a page holds.
//!
//! Loaders keyed by return id (grades, actions) are only reached from a
//! return the caller was already allowed to read.
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::section11_enums::Section11Grade;
use entity::{
    section11_action, section11_agency, section11_agency_partnership, section11_framework,
    section11_grade, section11_return, section11_round, section11_round_partnership,
    section11_standard, PartnershipCode,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::cache::RowCache;
use crate::error::AppError;
pub use crate::reference::loaders::PeriodByLabel;
use crate::section11::grade_cache::{GradeCache, Grades};

/// Rows grouped by key, with an empty list for every key that has none, so
/// the request's cache remembers that too.
fn group<K: Eq + Hash + Clone, V>(
    keys: &[K],
    rows: Vec<V>,
    key: impl Fn(&V) -> K,
) -> HashMap<K, Vec<V>> {
    let mut out: HashMap<K, Vec<V>> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}

/// Agencies by id, kept between requests while no agency changes (see
/// [`RowCache`]).
pub type AgencyCache = RowCache<section11_agency::Model>;

pub struct AgencyById {
    pub db: DatabaseConnection,
    pub cache: AgencyCache,
}

impl Loader<String> for AgencyById {
    type Value = section11_agency::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        self.cache
            .load(&self.db, keys, |missing| async move {
                let rows = section11_agency::Entity::find()
                    .filter(section11_agency::Column::Id.is_in(missing))
                    .all(&self.db)
                    .await?;
                Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
            })
            .await
    }
}

pub struct PartnershipsByAgency(pub DatabaseConnection);

impl Loader<String> for PartnershipsByAgency {
    type Value = Vec<PartnershipCode>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_agency_partnership::Entity::find()
            .filter(section11_agency_partnership::Column::AgencyId.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        let mut out = HashMap::new();
        for (agency, rows) in group(keys, rows, |r| r.agency_id.clone()) {
            let mut codes: Vec<PartnershipCode> =
                rows.into_iter().map(|r| r.partnership_code).collect();
            codes.sort_by_key(|p| PartnershipCode::ALL.iter().position(|q| q == p));
            out.insert(agency, codes);
        }
        Ok(out)
    }
}

pub struct RoundById(pub DatabaseConnection);

impl Loader<String> for RoundById {
    type Value = section11_round::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_round::Entity::find()
            .filter(section11_round::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct PartsByRound(pub DatabaseConnection);

impl Loader<String> for PartsByRound {
    type Value = Vec<section11_round_partnership::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_round_partnership::Entity::find()
            .filter(section11_round_partnership::Column::RoundId.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        let mut out = group(keys, rows, |r| r.round_id.clone());
        for parts in out.values_mut() {
            parts.sort_by_key(|r| {
                PartnershipCode::ALL
                    .iter()
                    .position(|p| *p == r.partnership_code)
            });
        }
        Ok(out)
    }
}

pub struct FrameworkById(pub DatabaseConnection);

impl Loader<String> for FrameworkById {
    type Value = section11_framework::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_framework::Entity::find()
            .filter(section11_framework::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct StandardsByFramework(pub DatabaseConnection);

impl Loader<String> for StandardsByFramework {
    type Value = Vec<section11_standard::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_standard::Entity::find()
            .filter(section11_standard::Column::FrameworkId.is_in(keys.iter().cloned()))
            .order_by_asc(section11_standard::Column::SortOrder)
            .all(&self.0)
            .await?;
        Ok(group(keys, rows, |r| r.framework_id.clone()))
    }
}

/// A grade or action with its standard, loaded together: a page of returns
/// holds thousands of grades, and resolving each one's standard through its
/// own loader would make the batch depend on how fast they are polled.
/// Shared, not copied: a loader hands out a clone of its value for every
/// return, and a page holds thousands of grades with their evidence.
pub struct WithStandard<T> {
    pub row: T,
    pub standard: Arc<section11_standard::Model>,
}

/// A shared grade or action with its standard.
pub type Shared<T> = Arc<WithStandard<T>>;

async fn with_standards<T>(
    db: &DatabaseConnection,
    rows: Vec<T>,
    standard_id: impl Fn(&T) -> &str,
) -> Result<Vec<Shared<T>>, AppError> {
    let ids: std::collections::BTreeSet<String> =
        rows.iter().map(|r| standard_id(r).to_string()).collect();
    let standards: HashMap<String, Arc<section11_standard::Model>> =
        section11_standard::Entity::find()
            .filter(section11_standard::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id.clone(), Arc::new(s)))
            .collect();
    rows.into_iter()
        .map(|row| {
            let standard = standards
                .get(standard_id(&row))
                .cloned()
                .ok_or(AppError::Internal)?;
            Ok(Arc::new(WithStandard { row, standard }))
        })
        .collect()
}

/// A return at one version: what its grades are loaded and kept under.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReturnVersion {
    pub id: String,
    pub version: i32,
}

impl ReturnVersion {
    pub fn of(row: &section11_return::Model) -> Self {
        ReturnVersion {
            id: row.id.clone(),
            version: row.version,
        }
    }
}

/// A grade as a page of returns shows it: every column but the evidence,
/// free text that is most of a grade's bytes and that a page rarely asks
/// for (it comes from [`EvidenceByReturn`] when asked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeRow {
    pub id: i32,
    pub return_id: String,
    pub standard_id: String,
    pub self_grade: Section11Grade,
    /// Set at validation when peer challenge changed the grade.
    pub moderated_grade: Option<Section11Grade>,
}

impl GradeRow {
    /// The grade summaries count: the moderated one where there is one.
    pub fn effective_grade(&self) -> Section11Grade {
        self.moderated_grade.unwrap_or(self.self_grade)
    }
}

/// Grades by return version, from the server's [`GradeCache`] where it holds
/// them and from the database in one statement (with one for their
/// standards) for the rest.
pub struct GradesByReturn {
    pub db: DatabaseConnection,
    pub cache: GradeCache,
}

impl Loader<ReturnVersion> for GradesByReturn {
    type Value = Grades;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[ReturnVersion],
    ) -> Result<HashMap<ReturnVersion, Self::Value>, AppError> {
        self.cache.load(keys, |missing| self.read(missing)).await
    }
}

impl GradesByReturn {
    /// The grades of `keys` from the database: one statement, and one for
    /// their standards.
    async fn read(
        &self,
        keys: Vec<ReturnVersion>,
    ) -> Result<Vec<(ReturnVersion, Grades)>, AppError> {
        let ids: Vec<String> = keys.iter().map(|k| k.id.clone()).collect();
        // Unordered: the database need not sort a page's thousands of grades
        // when they are put in framework order here, which is the order a
        // return reads in the tool it was filled in on. A return grades each
        // standard once, so that order is total within a return.
        //
        // Decoded by position, not into the model by column name: sea-orm
        // formats and looks up every column's name for every row, and for the
        // 2,400 grades of a page that was a sixth of the server's CPU.
        use section11_grade::Column as C;
        let rows: Vec<(i32, String, String, Section11Grade, Option<Section11Grade>)> =
            section11_grade::Entity::find()
                .select_only()
                .columns([
                    C::Id,
                    C::ReturnId,
                    C::StandardId,
                    C::SelfGrade,
                    C::ModeratedGrade,
                ])
                .filter(C::ReturnId.is_in(ids.iter().cloned()))
                .into_tuple()
                .all(&self.db)
                .await?;
        let rows = rows
            .into_iter()
            .map(
                |(id, return_id, standard_id, self_grade, moderated_grade)| GradeRow {
                    id,
                    return_id,
                    standard_id,
                    self_grade,
                    moderated_grade,
                },
            )
            .collect();
        let mut rows = with_standards(&self.db, rows, |g| g.standard_id.as_str()).await?;
        rows.sort_unstable_by_key(|g| (g.standard.sort_order, g.row.id));
        // Two versions of one return can be asked for in one batch (a read
        // before and after a mutation); both get the grades read now.
        let by_id = group(&ids, rows, |g| g.row.return_id.clone());
        Ok(keys
            .into_iter()
            .map(|key| {
                let grades: Grades = by_id.get(&key.id).cloned().unwrap_or_default().into();
                (key, grades)
            })
            .collect())
    }
}

/// The evidence of a return's grades, by grade id, read at one version.
pub type Evidence = Arc<HashMap<i32, String>>;

/// The evidence text of returns' grades, read only when a selection asks
/// for it: one statement for every return of a page (primed by
/// [`crate::section11::schema::prefetch`]). Keyed by version like the
/// grades, so a read after a mutation in the same request sees the new text.
pub struct EvidenceByReturn(pub DatabaseConnection);

impl Loader<ReturnVersion> for EvidenceByReturn {
    type Value = Evidence;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[ReturnVersion],
    ) -> Result<HashMap<ReturnVersion, Self::Value>, AppError> {
        use section11_grade::Column as C;
        let ids: Vec<String> = keys.iter().map(|k| k.id.clone()).collect();
        let rows: Vec<(i32, String, String)> = section11_grade::Entity::find()
            .select_only()
            .columns([C::Id, C::ReturnId, C::Evidence])
            .filter(C::ReturnId.is_in(ids.iter().cloned()))
            .filter(C::Evidence.is_not_null())
            .into_tuple()
            .all(&self.0)
            .await?;
        let mut by_return: HashMap<String, HashMap<i32, String>> = HashMap::new();
        for (id, return_id, evidence) in rows {
            by_return.entry(return_id).or_default().insert(id, evidence);
        }
        Ok(keys
            .iter()
            .map(|key| {
                let evidence = by_return.get(&key.id).cloned().unwrap_or_default();
                (key.clone(), Arc::new(evidence))
            })
            .collect())
    }
}

pub struct ActionsByReturn(pub DatabaseConnection);

impl Loader<String> for ActionsByReturn {
    type Value = Vec<Shared<section11_action::Model>>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_action::Entity::find()
            .filter(section11_action::Column::ReturnId.is_in(keys.iter().cloned()))
            .order_by_asc(section11_action::Column::SortOrder)
            .all(&self.0)
            .await?;
        let rows = with_standards(&self.0, rows, |a| a.standard_id.as_str()).await?;
        Ok(group(keys, rows, |a| a.row.return_id.clone()))
    }
}

/// What this domain keeps in memory between requests, one per server.
#[derive(Clone)]
pub struct Section11Memory {
    pub grades: GradeCache,
    pub agencies: AgencyCache,
}

impl Section11Memory {
    pub fn new(config: &crate::config::Config) -> Self {
        Section11Memory {
            grades: GradeCache::new(config.grade_cache_mib),
            agencies: AgencyCache::new(config.row_cache_entries),
        }
    }

    /// Agencies by id over `db`, through this memory.
    pub fn agency_loader(&self, db: &DatabaseConnection) -> AgencyById {
        AgencyById {
            db: db.clone(),
            cache: self.agencies.clone(),
        }
    }

    /// Grades by return version over `db`, through this memory.
    pub fn grade_loader(&self, db: &DatabaseConnection) -> GradesByReturn {
        GradesByReturn {
            db: db.clone(),
            cache: self.grades.clone(),
        }
    }
}

/// Adds this domain's loaders to a request. Each caches for the request, so
/// what a list resolver prefetched (see [`crate::section11::schema::prefetch`])
/// is served to every item without another statement.
pub fn register(
    request: async_graphql::Request,
    db: &DatabaseConnection,
    memory: &Section11Memory,
) -> async_graphql::Request {
    fn cached<T>(loader: T) -> DataLoader<T, HashMapCache> {
        DataLoader::with_cache(loader, crate::telemetry::spawn, HashMapCache::default())
    }
    request
        .data(cached(memory.agency_loader(db)))
        .data(cached(PartnershipsByAgency(db.clone())))
        .data(cached(RoundById(db.clone())))
        .data(cached(PartsByRound(db.clone())))
        .data(cached(FrameworkById(db.clone())))
        .data(cached(StandardsByFramework(db.clone())))
        .data(cached(memory.grade_loader(db)))
        .data(cached(EvidenceByReturn(db.clone())))
        .data(cached(ActionsByReturn(db.clone())))
        .data(cached(PeriodByLabel(db.clone())))
}

/// The request's loader of type `T`, as registered by [`register`].
pub type Cached<T> = DataLoader<T, HashMapCache>;
