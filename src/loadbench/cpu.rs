//! CPU time spent by the server and by PostgreSQL, read from `/proc`.
//!
//! On a saturated machine, requests a second drift with whatever else the
//! machine does (20% between runs here), but the CPU a request costs does
//! not: it is what tells whether a change made an operation cheaper. The
//! server's is exact; PostgreSQL's is the sum over every `postgres` process
//! of the machine, so it is reported only for a database on this machine, and
//! only means something while nothing else uses that PostgreSQL.
use std::time::Duration;

use procfs::process::{all_processes, Process};

/// User plus system time of one process, all its threads included.
pub fn process(pid: u32) -> Option<Duration> {
    let stat = Process::new(i32::try_from(pid).ok()?).ok()?.stat().ok()?;
    Some(ticks(stat.utime + stat.stime))
}

/// User plus system time of every PostgreSQL process now running. Backends
/// that ended since the last reading take their time with them; the server's
/// pool keeps its connections open for the whole run, so none do.
pub fn postgres() -> Option<Duration> {
    let mut total = 0;
    for process in all_processes().ok()?.flatten() {
        if let Ok(stat) = process.stat() {
            if stat.comm == "postgres" {
                total += stat.utime + stat.stime;
            }
        }
    }
    Some(ticks(total))
}

fn ticks(n: u64) -> Duration {
    Duration::from_secs_f64(n as f64 / procfs::ticks_per_second() as f64)
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
