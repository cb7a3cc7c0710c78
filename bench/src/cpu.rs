//! CPU time spent by the server and by PostgreSQL, read from `/proc`.
//!
//! On a saturated machine, requests a second drift with whatever else the
//! machine does (20% between runs here), but the CPU a request costs does
//! not: it is what tells whether a change made an operation cheaper. The
//! server's is exact. PostgreSQL's is that of the backends connected to the
//! benchmark's own database (as `pg_stat_activity` lists them), so other
//! databases on the same PostgreSQL do not count; it is measured only for a
//! database on this machine, whose processes `/proc` can read.
use std::collections::BTreeMap;
use std::time::Duration;

use procfs::process::Process;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

/// User plus system time of one process, all its threads included.
pub fn process(pid: u32) -> Option<Duration> {
    let stat = Process::new(i32::try_from(pid).ok()?).ok()?.stat().ok()?;
    Some(ticks(stat.utime + stat.stime))
}

fn ticks(n: u64) -> Duration {
    Duration::from_secs_f64(n as f64 / procfs::ticks_per_second() as f64)
}

/// The PostgreSQL backends serving the benchmark's database, watched over a
/// connection of their own (which is left out of what they spend).
pub struct Backends(DatabaseConnection);

impl Backends {
    /// A watcher for a PostgreSQL database on this machine; `None` for any
    /// other database.
    pub async fn connect(url: &str) -> Option<Backends> {
        if !url.starts_with("postgres") || !database_is_local(url) {
            return None;
        }
        Database::connect(url).await.ok().map(Backends)
    }

    /// CPU spent so far by each backend of the database, by process id.
    pub async fn cpu(&self) -> Option<BTreeMap<i32, Duration>> {
        let rows = self
            .0
            .query_all_raw(Statement::from_string(
                self.0.get_database_backend(),
                "SELECT pid FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            ))
            .await
            .ok()?;
        let mut out = BTreeMap::new();
        for row in rows {
            let pid: i32 = row.try_get_by_index(0).ok()?;
            if let Ok(stat) = Process::new(pid).and_then(|p| p.stat()) {
                out.insert(pid, ticks(stat.utime + stat.stime));
            }
        }
        Some(out)
    }
}

/// What the backends of `end` spent since `start`: all of it for a backend
/// that started in between. The server's pool keeps its connections for the
/// whole run, so none ends in between and takes its time with it.
pub fn spent_since(start: &BTreeMap<i32, Duration>, end: &BTreeMap<i32, Duration>) -> Duration {
    end.iter()
        .map(|(pid, at_end)| at_end.saturating_sub(start.get(pid).copied().unwrap_or_default()))
        .sum()
}

/// Whether the database URL names this machine, so that its PostgreSQL
/// processes are the ones serving the benchmark.
pub fn database_is_local(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split(['/', '?']).next())
        .map(|authority| authority.rsplit('@').next().unwrap_or(authority))
        .map(|host| host.rsplit_once(':').map_or(host, |(h, _)| h))
        .unwrap_or_default();
    matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_database_on_this_machine_is_local() {
        assert!(database_is_local(
            "postgres://postgres@127.0.0.1:5432/hub_bench?sslmode=disable"
        ));
        assert!(database_is_local("postgres://u:p@localhost/hub"));
        assert!(database_is_local(
            "postgres:///hub?host=/var/run/postgresql"
        ));
        assert!(!database_is_local("postgres://u:p@db.internal:5432/hub"));
    }

    #[test]
    fn a_running_process_is_read_and_a_missing_one_is_not() {
        assert!(process(std::process::id()).is_some());
        // Above the kernel's largest pid (2^22), so never a running process.
        assert_eq!(process(5_000_000), None);
    }
}
