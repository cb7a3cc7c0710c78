//! Connecting to the database (embedded SQLite or PostgreSQL) and migrating it.
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use crate::error::StartupError;

/// Counts SQL statements sent, so tests and the benchmark (through
/// `/metrics`) can check that a request's statement count does not grow with
/// the rows it returns.
/// It also times them (`hub_sql_statement_duration_seconds`).
#[derive(Clone, Debug)]
pub struct StatementCounter(prometheus::IntCounter, prometheus::Histogram);

fn valid<T>(_: prometheus::Error) -> T {
    unreachable!("the metric names, help and buckets are valid constants")
}

impl Default for StatementCounter {
    fn default() -> Self {
        StatementCounter(
            prometheus::IntCounter::new(
                "sql_statements_total",
                "SQL statements sent to the database",
            )
            .unwrap_or_else(valid),
            prometheus::Histogram::with_opts(
                prometheus::HistogramOpts::new(
                    "sql_statement_duration_seconds",
                    "Time SQL statements took, from sending to the last row read",
                )
                .buckets(vec![
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ]),
            )
            .unwrap_or_else(valid),
        )
    }
}

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.get()
    }

    pub fn metric(&self) -> prometheus::IntCounter {
        self.0.clone()
    }

    pub fn duration_metric(&self) -> prometheus::Histogram {
        self.1.clone()
    }
}

/// Opens a pool to `url`, creating the SQLite file's folder when needed.
pub async fn connect(url: &str) -> Result<(DatabaseConnection, StatementCounter), StartupError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(file).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 20 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        // sqlx pings a connection at every checkout by default: a round trip
        // per statement, and a request sends several. Hot connections are
        // known good (sqlx also pings every one as it is returned); only a
        // connection idle long enough for a proxy or firewall to have dropped
        // it is tested before use.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false)
        // Set on every pooled connection (a PRAGMA run once would reach only
        // one): WAL lets readers run beside the single writer, and a writer
        // waits up to busy_timeout for another instead of failing at once.
        // The hub's working set lives in memory or on SSD, where a random read
        // costs little more than a sequential one. With PostgreSQL's default
        // (4, for spinning disks) the planner scanned all 360,000 grades of a
        // round instead of the few thousand a summary needs (22 ms against
        // 2 ms). Set per session, so no server configuration is assumed.
        //
        // The hub's statements are prepared once per connection and run with
        // different ids and partnerships; PostgreSQL kept re-planning the
        // aggregates at every execution (a custom plan, 0.5-1 ms each, often
        // longer than running them). A generic plan is planned once: the
        // filters are equalities on indexed keys, where it is as good.
        .map_sqlx_postgres_opts(|opts| {
            opts.options([
                ("random_page_cost", "1.1"),
                ("plan_cache_mode", "force_generic_plan"),
            ])
        })
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    let mut db = Database::connect(options).await?;
    let counter = StatementCounter::default();
    let (count, duration) = (counter.0.clone(), counter.1.clone());
    db.set_metric_callback(move |info| {
        count.inc();
        duration.observe(info.elapsed.as_secs_f64());
    });
    Ok((db, counter))
}

/// Starts a transaction that will write. On SQLite it takes the write lock at
/// BEGIN (IMMEDIATE): a transaction that read first and only then asks for the
/// lock would get "database is locked" at once instead of waiting its turn.
/// PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, sea_orm::DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), StartupError> {
    Migrator::up(db, None).await?;
    Ok(())
}
