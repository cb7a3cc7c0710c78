//! The load benchmark: fills a PostgreSQL (or SQLite) database with the
//! synthetic dataset, builds and starts the real release server on it as its
//! own process, drives a fixed mix of realistic operations at a chosen
//! concurrency, then each operation alone, and reports per operation
//! throughput, p50/p95/p99 latency, CPU and SQL statements per request (cold
//! and warm), with the server's peak memory, against the targets of the
//! performance issue. Results go to a JSON file too.
//!
//! ```sh
//! cargo run --release -p loadbench
//! ```
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use hdrhistogram::Histogram;

mod cpu;
mod operations;
mod prepare;
mod report;

use operations::{operations, page_of, Operation, Outcome};
use prepare::percentiles;
use report::Targets;
use serde_json::{json, Value};

#[derive(Parser, Debug)]
#[command(
    about = "Drive the hub with a realistic mix of operations and report against its targets"
)]
struct Args {
    /// Database to benchmark against; it is dropped and recreated unless
    /// --reuse-data. TLS is off by default: the server is on loopback, where
    /// encrypting every result only spends the two cores being measured.
    #[arg(
        long,
        env = "BENCH_DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/hub_bench?sslmode=disable"
    )]
    database_url: String,
    /// The server binary to start; by default the workspace's release
    /// build, which is built (or brought up to date) first.
    #[arg(long)]
    server: Option<PathBuf>,
    /// Concurrent clients.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Seconds of measured load.
    #[arg(long, default_value_t = 30)]
    duration: u64,
    /// Seconds of unmeasured warm-up load before it.
    #[arg(long, default_value_t = 5)]
    warmup: u64,
    /// Seconds each operation is then driven alone, to measure its own
    /// throughput and cost (after a second of warm-up); 0 skips it.
    #[arg(long, default_value_t = 5)]
    solo: u64,
    /// Years of synthetic data.
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// Agencies per partnership.
    #[arg(long, default_value_t = 300)]
    agencies: u32,
    /// Seed of the synthetic data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Keep the database as it is instead of regenerating it.
    #[arg(long)]
    reuse_data: bool,
    /// Drive only the operations whose name starts with this, to find what
    /// one of them costs (the targets then judge only those).
    #[arg(long)]
    only: Option<String>,
    /// Where to write the results.
    #[arg(long, default_value = "bench-results/latest.json")]
    output: PathBuf,
}

const SECRET: &str = "loadbench-secret-that-is-long-enough-0123456789";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's peak resident memory (VmHWM) in MiB, from /proc.
fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

async fn statements(client: &reqwest::Client, base: &str) -> Result<u64, String> {
    let text = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    text.lines()
        .find(|l| l.starts_with("hub_sql_statements_total"))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse::<f64>().ok())
        .map(|v| v as u64)
        .ok_or_else(|| "no statement counter in /metrics".into())
}

/// The server binary: `--server`, or the workspace's release build, built
/// first so that the figures are always those of the code checked out.
fn server_binary(args: &Args) -> Result<PathBuf, String> {
    if let Some(path) = &args.server {
        return Ok(path.clone());
    }
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .ok_or("the benchmark's crate has no workspace")?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "-p",
            "safeguarding-hub",
            "--bin",
            "safeguarding-hub",
        ])
        .current_dir(&workspace)
        .status()
        .map_err(|e| format!("cannot run cargo to build the server: {e}"))?;
    if !status.success() {
        return Err("building the release server failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    Ok(target.join("release").join("safeguarding-hub"))
}

fn start_server(binary: &std::path::Path, database_url: &str, port: u16) -> Result<Server, String> {
    let child = Command::new(binary)
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("HUB_ENV", "production")
        .env("JWT_HS256_SECRET", SECRET)
        .env("RUST_LOG", "warn")
        // The benchmark is one caller sending as fast as it can.
        .env("RATE_LIMIT_PER_MINUTE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    Ok(Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    })
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = Args::parse();
    let jwt = hub::config::JwtConfig {
        hs256_secret: Some(SECRET.as_bytes().to_vec()),
        issuer: hub::config::DEFAULT_ISSUER.into(),
        audience: hub::config::DEFAULT_AUDIENCE.into(),
        trust_file: None,
        leeway_secs: 30,
    };

    if !args.reuse_data {
        let started = Instant::now();
        let summary =
            prepare::prepare_database(&args.database_url, args.years, args.agencies, args.seed)
                .await
                .map_err(|e| format!("preparing the database: {e}"))?;
        println!(
            "synthetic data loaded in {:.1} s: {summary}",
            started.elapsed().as_secs_f64()
        );
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let server = start_server(&server_binary(&args)?, &args.database_url, port)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = client.get(format!("{}/readyz", server.base)).send().await;
        if ready.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        if Instant::now() > deadline {
            return Err("the server did not become ready within 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    let context = operations::Context::discover(&args.database_url, &jwt)
        .await
        .map_err(|e| format!("reading the synthetic data: {e}"))?;
    let mut ops = operations(&context);
    if let Some(only) = &args.only {
        ops.retain(|op| op.name.starts_with(only.as_str()));
        if ops.is_empty() {
            return Err(format!("no operation's name starts with `{only}`"));
        }
    }
    let ops: Arc<Vec<Operation>> = Arc::new(ops);

    // Statements per request, counted by the server: each operation's first
    // request on the fresh server (cold: nothing of it in memory yet), then
    // the most of two more (warm: what the server's caches save).
    let mut statements_per_request = BTreeMap::new();
    for op in ops.iter() {
        let mut per_run = Vec::new();
        for i in 0..3 {
            let before = statements(&client, &server.base).await?;
            match op.run(&client, &server.base, i).await {
                Outcome::Ok => {}
                Outcome::Failed(e) => {
                    return Err(format!("{} failed before the load started: {e}", op.name))
                }
            }
            per_run.push(statements(&client, &server.base).await? - before);
        }
        statements_per_request.insert(
            op.name.to_string(),
            json!({
                "cold": per_run[0],
                "warm": per_run[1..].iter().copied().max().unwrap_or(0),
            }),
        );
    }

    // The same page at 10 and at 100 rows must cost the same statements.
    let mut page_statements = BTreeMap::new();
    for first in [10, 100] {
        let (query, variables, token) = page_of(&context, first);
        let mut worst = 0;
        for _ in 0..3 {
            let before = statements(&client, &server.base).await?;
            graphql(&client, &server.base, &token, &query, &variables).await?;
            worst = worst.max(statements(&client, &server.base).await? - before);
        }
        page_statements.insert(first.to_string(), worst);
    }

    let monitor = cpu::Backends::connect(&args.database_url).await;
    let load = Load {
        client: client.clone(),
        base: server.base.clone(),
        server_pid: server.child.id(),
        monitor: monitor.as_ref(),
        concurrency: args.concurrency,
    };
    // Warm-up, then measured load from `concurrency` clients in a fixed mix.
    let mix: Vec<usize> = ops
        .iter()
        .enumerate()
        .flat_map(|(i, op)| std::iter::repeat_n(i, op.weight))
        .collect();
    let mixed = load.drive(&ops, mix, args.warmup, args.duration).await;
    // Then each operation alone: the mix's requests a second per operation
    // are only its weight times the total, and its CPU is shared.
    let mut alone = BTreeMap::new();
    if args.solo > 0 {
        for (i, op) in ops.iter().enumerate() {
            let window = load.drive(&ops, vec![i], 1, args.solo).await;
            alone.insert(op.name, window);
        }
    }
    let peak_mib = peak_rss_mib(server.child.id());

    // The page of 100 through HTTP and GraphQL, sequentially, beside the
    // same data fetched by the service layer directly. The two alternate, so
    // that the machine's drift (20% within a minute, here) weighs on both alike.
    let (query, variables, token) = page_of(&context, 100);
    let service = prepare::ServicePage::connect(&args.database_url, &context)
        .await
        .map_err(|e| format!("service-layer timing: {e}"))?;
    let mut http_times = Vec::new();
    let mut service_times = Vec::new();
    for _ in 0..60 {
        // Timed to the last byte of the answer; checking it for errors (a
        // client-side JSON parse) happens after the clock stops.
        let started = Instant::now();
        let body = client
            .post(format!("{}/graphql", server.base))
            .bearer_auth(&token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        http_times.push(started.elapsed());
        let parsed: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        if let Some(errors) = parsed.get("errors") {
            return Err(format!("the page of 100 failed: {errors}"));
        }
        service_times.push(
            service
                .time()
                .await
                .map_err(|e| format!("service-layer timing: {e}"))?,
        );
    }
    service.close().await.map_err(|e| e.to_string())?;
    // The first ten of each warm connections and memory.
    let http_page = percentiles(&mut http_times[10..].to_vec());
    let direct = percentiles(&mut service_times[10..].to_vec());

    let requests: u64 = mixed.histograms.values().map(|h| h.len()).sum();
    let mut results = BTreeMap::new();
    for op in ops.iter() {
        let h = mixed.histograms.get(op.name);
        let ms = |q: f64| h.map(|h| h.value_at_quantile(q) as f64 / 1000.0);
        let solo = alone.get(op.name).map(|w| {
            let n: u64 = w.histograms.values().map(|h| h.len()).sum();
            json!({
                "requests": n,
                "throughput_per_s": n as f64 / w.secs,
                "server_cpu_ms_per_request": w.cpu_ms_per_request(n).0,
                "postgres_cpu_ms_per_request": w.cpu_ms_per_request(n).1,
                "failures": w.failures.get(op.name).map(|(n, e)| json!({ "count": n, "first": e })),
            })
        });
        results.insert(
            op.name.to_string(),
            json!({
                "requests": h.map(|h| h.len()).unwrap_or(0),
                "throughput_per_s": h.map(|h| h.len() as f64 / mixed.secs).unwrap_or(0.0),
                "p50_ms": ms(0.50), "p95_ms": ms(0.95), "p99_ms": ms(0.99),
                "sql_statements_per_request": statements_per_request.get(op.name),
                "read": op.read,
                "failures": mixed.failures.get(op.name).map(|(n, e)| json!({ "count": n, "first": e })),
                "alone": solo,
            }),
        );
    }
    let (server_cpu, postgres_cpu) = mixed.cpu_ms_per_request(requests);
    let report = json!({
        "machine": report::machine_description(),
        "database": report::redact(&args.database_url),
        "concurrency": args.concurrency,
        "measured_seconds": mixed.secs,
        "solo_seconds": args.solo,
        "synthetic": { "years": args.years, "agencies_per_partnership": args.agencies, "seed": args.seed },
        "operations": results,
        "server_peak_rss_mib": peak_mib,
        "server_cpu_ms_per_request": server_cpu,
        "postgres_cpu_ms_per_request": postgres_cpu,
        "page_statements": page_statements,
        "page_sequential_http_ms": http_page,
        "service_layer_page_ms": direct,
    });
    let verdict = Targets::default().check(&report);
    let report = json!({ "results": report, "targets": verdict });
    if let Some(dir) = args.output.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(
        &args.output,
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    println!("{}", report::render(&report));
    println!("results written to {}", args.output.display());
    if verdict
        .as_array()
        .is_some_and(|v| v.iter().all(|t| t["met"] == Value::Bool(true)))
    {
        Ok(())
    } else {
        Err("some targets were not met".into())
    }
}

async fn graphql(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    query: &str,
    variables: &Value,
) -> Result<(), String> {
    let body: Value = client
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    match body.get("errors") {
        Some(errors) => Err(format!("GraphQL errors: {errors}")),
        None => Ok(()),
    }
}

/// What drives load at the server.
struct Load<'a> {
    client: reqwest::Client,
    base: String,
    server_pid: u32,
    /// PostgreSQL's backends for the benchmark's database, when on this machine.
    monitor: Option<&'a cpu::Backends>,
    concurrency: usize,
}

/// One measured window of load.
struct Window {
    histograms: BTreeMap<&'static str, Histogram<u64>>,
    failures: BTreeMap<&'static str, (u64, String)>,
    secs: f64,
    /// CPU spent in the window by the server and by the PostgreSQL backends
    /// serving the benchmark's database.
    server_cpu: Option<Duration>,
    postgres_cpu: Option<Duration>,
}

impl Window {
    /// Milliseconds of CPU per request, the server's and PostgreSQL's.
    fn cpu_ms_per_request(&self, requests: u64) -> (Option<f64>, Option<f64>) {
        let per = |spent: Option<Duration>| {
            spent.map(|d| d.as_secs_f64() * 1000.0 / requests.max(1) as f64)
        };
        (per(self.server_cpu), per(self.postgres_cpu))
    }
}

impl Load<'_> {
    /// `concurrency` clients walking `mix` (indexes into `ops`) for `warmup`
    /// seconds unmeasured, then `duration` seconds measured.
    async fn drive(
        &self,
        ops: &Arc<Vec<Operation>>,
        mix: Vec<usize>,
        warmup: u64,
        duration: u64,
    ) -> Window {
        type Shared<T> = Arc<Mutex<BTreeMap<&'static str, T>>>;
        let histograms: Shared<Histogram<u64>> = Arc::default();
        let failures: Shared<(u64, String)> = Arc::default();
        let measuring = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let mix = Arc::new(mix);
        let mut workers = Vec::new();
        for worker in 0..self.concurrency {
            let (client, base, ops, mix) = (
                self.client.clone(),
                self.base.clone(),
                ops.clone(),
                mix.clone(),
            );
            let (histograms, failures, measuring, stop) = (
                histograms.clone(),
                failures.clone(),
                measuring.clone(),
                stop.clone(),
            );
            workers.push(tokio::spawn(async move {
                let mut n = worker;
                while !stop.load(Ordering::Relaxed) {
                    let op = &ops[mix[n % mix.len()]];
                    let started = Instant::now();
                    let outcome = op.run(&client, &base, n).await;
                    let micros = started.elapsed().as_micros() as u64;
                    if measuring.load(Ordering::Relaxed) {
                        match outcome {
                            Outcome::Ok => {
                                if let Ok(mut h) = histograms.lock() {
                                    let entry = h.entry(op.name).or_insert_with(|| {
                                        Histogram::new(3).unwrap_or_else(|_| {
                                            unreachable!("3 significant digits is valid")
                                        })
                                    });
                                    let _ = entry.record(micros.max(1));
                                }
                            }
                            Outcome::Failed(e) => {
                                if let Ok(mut f) = failures.lock() {
                                    let entry = f.entry(op.name).or_insert((0, e));
                                    entry.0 += 1;
                                }
                            }
                        }
                    }
                    n += args_stride(worker);
                }
            }));
        }
        tokio::time::sleep(Duration::from_secs(warmup)).await;
        let server_at_start = cpu::process(self.server_pid);
        let postgres_at_start = match self.monitor {
            Some(m) => m.cpu().await,
            None => None,
        };
        measuring.store(true, Ordering::Relaxed);
        let measured_from = Instant::now();
        tokio::time::sleep(Duration::from_secs(duration)).await;
        measuring.store(false, Ordering::Relaxed);
        let secs = measured_from.elapsed().as_secs_f64();
        let server_cpu = server_at_start
            .zip(cpu::process(self.server_pid))
            .map(|(a, b)| b.saturating_sub(a));
        let postgres_cpu = match (self.monitor, postgres_at_start) {
            (Some(m), Some(start)) => m.cpu().await.map(|end| cpu::spent_since(&start, &end)),
            _ => None,
        };
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            let _ = w.await;
        }
        Window {
            histograms: take(&histograms),
            failures: take(&failures),
            secs,
            server_cpu,
            postgres_cpu,
        }
    }
}

/// What the workers recorded, now that they have stopped.
fn take<T>(shared: &Mutex<BTreeMap<&'static str, T>>) -> BTreeMap<&'static str, T> {
    std::mem::take(&mut *shared.lock().unwrap_or_else(|p| p.into_inner()))
}

/// Workers walk the mix with different strides so they do not move in lockstep.
fn args_stride(worker: usize) -> usize {
    [1, 3, 5, 7][worker % 4]
}
