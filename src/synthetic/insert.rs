//! Bulk inserts in chunks, counting the rows written per table.
use sea_orm::{ActiveModelTrait, DatabaseTransaction, DbErr, EntityName, EntityTrait, Iterable};

/// Bind parameters one statement may carry: under SQLite's 32,766 (and so
/// well under PostgreSQL's 65,535), large enough that a few hundred thousand
/// rows take a few dozen statements.
const BIND_PARAMETERS: usize = 30_000;

/// Writes rows inside the generator's transaction and keeps the tally the
/// summary reports.
pub struct Writer<'a> {
    pub txn: &'a DatabaseTransaction,
    counts: Vec<(&'static str, u64)>,
}

impl<'a> Writer<'a> {
    pub fn new(txn: &'a DatabaseTransaction) -> Self {
        Writer {
            txn,
            counts: Vec::new(),
        }
    }

    /// Inserts `rows`, all with the same columns set, in as few statements
    /// as the bind limit allows.
    pub async fn insert<A>(&mut self, rows: Vec<A>) -> Result<(), DbErr>
    where
        A: ActiveModelTrait + Send,
    {
        let table = <A::Entity as Default>::default().table_name();
        let Some(first) = rows.first() else {
            self.tally(table, 0);
            return Ok(());
        };
        let columns = <A::Entity as EntityTrait>::Column::iter()
            .filter(|c| !first.is_not_set(*c))
            .count()
            .max(1);
        let per_statement = (BIND_PARAMETERS / columns).max(1);
        let total = rows.len() as u64;
        let started = std::time::Instant::now();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
            <A::Entity as EntityTrait>::insert_many(chunk)
                .exec_without_returning(self.txn)
                .await?;
        }
        tracing::debug!(
            table,
            rows = total,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "synthetic rows inserted"
        );
        self.tally(table, total);
        Ok(())
    }

    fn tally(&mut self, table: &'static str, rows: u64) {
        match self.counts.iter_mut().find(|(t, _)| *t == table) {
            Some((_, n)) => *n += rows,
            None => self.counts.push((table, rows)),
        }
    }

    /// Rows written per table, in the order tables were first written.
    pub fn into_counts(self) -> Vec<(&'static str, u64)> {
        self.counts
    }
}
