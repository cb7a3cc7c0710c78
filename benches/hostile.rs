//! How long the server takes to refuse each hostile request shape, alone and
//! eight at once, and whether a plain query sent meanwhile is still answered
//! promptly; and the process's resident memory before and after.
//!
//! ```sh
//! cargo bench --bench hostile
//! ```
//!
//! The server is the release binary, started as its own process on the demo
//! data (embedded SQLite in a temporary directory) and called over loopback,
//! so each time is the server's time plus one loopback round trip, and the
//! memory is the server's own (resident set, from /proc on Linux). It
//! reports; it asserts nothing.
use std::time::{Duration, Instant};

use hub::graphql::limits::shapes::{fragment_bomb, variable_flood};
use serde_json::{json, Value};

const ROUNDS: usize = 20;
const AT_ONCE: usize = 8;

/// The hostile shapes of the security review, each as (name, query).
fn shapes() -> Vec<(&'static str, String)> {
    vec![
        ("fragment bomb, 30 levels", fragment_bomb(30)),
        ("variable flood, 100,000", variable_flood(100_000)),
        ("variables, 51 declared", variable_flood(51)),
        (
            "tokens, 2,500",
            "{ partnerships { code } } ".repeat(500),
        ),
        (
            "directives, 51",
            format!(
                "{{ partnerships {{ code {} }} }}",
                "@include(if: true) ".repeat(51)
            ),
        ),
        (
            "aliases through fragments",
            "{ ...A ...A ...A ...A } fragment A on QueryRoot { a: me { role } b: me { role } c: me { role } d: me { role } }".to_string(),
        ),
        (
            "unknown fields, 45 errors",
            format!(
                "{{ {} }}",
                (0..45).map(|i| format!("unknown{i}")).collect::<Vec<_>>().join(" ")
            ),
        ),
    ]
}

fn resident_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and largest of `times`, in milliseconds.
fn summary(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (
        millis(times[times.len() / 2]),
        millis(*times.last().expect("times")),
    )
}

async fn post(client: &reqwest::Client, url: &str, query: &str) -> (Duration, Value) {
    let started = Instant::now();
    let body: Value = client
        .post(url)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("a JSON body");
    (started.elapsed(), body)
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut server = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_safeguarding-hub"))
            .env("DATA_DIR", dir.path())
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the server starts"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let url = format!("{base}/graphql");
    let client = reqwest::Client::new();
    let started = Instant::now();
    while client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .map_or(true, |r| !r.status().is_success())
    {
        assert!(started.elapsed() < Duration::from_secs(120), "server ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let pid = server.0.id();
    let plain = "{ partnerships { code } }";
    for _ in 0..20 {
        post(&client, &url, plain).await;
    }
    let before = resident_mib(pid);

    println!(
        "{:<28} {:>12} {:>12} {:>14} {:>14} {:>16} {:>12}",
        "shape",
        "alone p50",
        "alone max",
        "8 at once p50",
        "8 at once max",
        "plain meanwhile",
        "server RSS"
    );
    // Each shape twice: what the allocator keeps after the first pass is
    // reused by the second, so growth that is not kept memory shows there.
    for (name, query) in shapes().into_iter().chain(shapes()) {
        let mut alone = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let (took, body) = post(&client, &url, &query).await;
            assert!(
                body.get("data").is_none_or(Value::is_null),
                "{name} was refused"
            );
            alone.push(took);
        }
        let mut together = Vec::with_capacity(ROUNDS * AT_ONCE);
        let mut meanwhile = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let hostile = (0..AT_ONCE).map(|_| post(&client, &url, &query));
            let (times, (plain_took, _)) = futures_util::future::join(
                futures_util::future::join_all(hostile),
                post(&client, &url, plain),
            )
            .await;
            together.extend(times.into_iter().map(|(t, _)| t));
            meanwhile.push(plain_took);
        }
        let (a50, amax) = summary(alone);
        let (t50, tmax) = summary(together);
        let (_, pmax) = summary(meanwhile);
        let rss = resident_mib(pid).unwrap_or(f64::NAN);
        println!(
            "{name:<28} {a50:>9.2} ms {amax:>9.2} ms {t50:>11.2} ms {tmax:>11.2} ms {pmax:>10.2} ms max {rss:>8.1} MiB"
        );
    }
    let peak = resident_mib(pid);
    // The client's connections close, as an attacker's would; actix-web
    // frees each connection's buffers with it. A few ordinary requests later
    // (the allocator returns freed pages as it works) is "afterwards".
    drop(client);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let client = reqwest::Client::new();
    for _ in 0..50 {
        post(&client, &url, plain).await;
    }
    let after = resident_mib(pid);
    if let (Some(before), Some(peak), Some(after)) = (before, peak, after) {
        println!(
            "server resident memory: {before:.1} MiB before, {peak:.1} MiB after the last shape, {after:.1} MiB once its connections closed ({:+.1} MiB)",
            after - before
        );
    }
    server.0.kill().ok();
}

/// The server process, stopped however the benchmark ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}
