//! The targets of the performance issue, checked against a run's figures,
//! and the text the benchmark prints.
use serde_json::{json, Value};

/// The targets, as the benchmark's output rather than timed tests.
pub struct Targets {
    pub read_p99_ms: f64,
    pub matrix_p99_ms: f64,
    pub peak_rss_mib: f64,
    pub http_over_service: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            read_p99_ms: 50.0,
            matrix_p99_ms: 100.0,
            peak_rss_mib: 150.0,
            http_over_service: 2.0,
        }
    }
}

const MATRIX: &str = "benchmarkMatrix (12 metrics)";

impl Targets {
    /// Each target with what was measured and whether it was met.
    pub fn check(&self, results: &Value) -> Value {
        let mut out = Vec::new();
        let mut push = |target: String, measured: Value, met: bool| {
            out.push(json!({ "target": target, "measured": measured, "met": met }));
        };
        if let Some(ops) = results["operations"].as_object() {
            for (name, op) in ops {
                let failures = op["failures"]["count"].as_u64().unwrap_or(0)
                    + op["alone"]["failures"]["count"].as_u64().unwrap_or(0);
                push(
                    format!("{name}: no failed requests"),
                    json!(failures),
                    failures == 0,
                );
                if op["read"] != Value::Bool(true) {
                    continue;
                }
                let p99 = op["p99_ms"].as_f64();
                let limit = if name == MATRIX {
                    self.matrix_p99_ms
                } else {
                    self.read_p99_ms
                };
                push(
                    format!("{name}: p99 under {limit} ms"),
                    json!(p99),
                    p99.is_some_and(|v| v < limit),
                );
            }
        }
        let (ten, hundred) = (
            &results["page_statements"]["10"],
            &results["page_statements"]["100"],
        );
        push(
            "SQL statements: a page of 10 returns costs the same as a page of 100".into(),
            json!({ "10": ten, "100": hundred }),
            ten.as_u64().is_some() && ten == hundred,
        );
        let rss = results["server_peak_rss_mib"].as_f64();
        push(
            format!("server peak memory under {} MB", self.peak_rss_mib),
            json!(rss),
            rss.is_some_and(|v| v < self.peak_rss_mib),
        );
        let http = results["page_sequential_http_ms"]["p50_ms"].as_f64();
        let service = results["service_layer_page_ms"]["p50_ms"].as_f64();
        let ratio = http.zip(service).map(|(h, s)| h / s);
        push(
            format!(
                "page of 100 returns: HTTP + GraphQL at most {}x the service layer (p50)",
                self.http_over_service
            ),
            json!({ "http_p50_ms": http, "service_p50_ms": service, "ratio": ratio }),
            ratio.is_some_and(|r| r <= self.http_over_service),
        );
        Value::Array(out)
    }
}

/// Cores, memory, processor and system, for the record.
pub fn machine_description() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown processor".into());
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    let system = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("PRETTY_NAME=")).map(|l| {
                l.trim_start_matches("PRETTY_NAME=")
                    .trim_matches('"')
                    .to_string()
            })
        })
        .unwrap_or_else(|| std::env::consts::OS.into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cores} cores, {memory_gib:.0} GiB, {cpu}, {system}")
}

/// A database URL without its password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The table the benchmark prints.
pub fn render(report: &Value) -> String {
    let r = &report["results"];
    let mut out = String::new();
    out.push_str(&format!(
        "\nMachine: {}\nDatabase: {}\nConcurrency: {} clients for {:.0} s\n\n",
        r["machine"].as_str().unwrap_or_default(),
        r["database"].as_str().unwrap_or_default(),
        r["concurrency"],
        r["measured_seconds"].as_f64().unwrap_or_default()
    ));
    out.push_str(&format!(
        "In the mix (req/s is the operation's share of the mix's total):\n{:<34} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6}\n",
        "operation", "req/s", "p50 ms", "p95 ms", "p99 ms", "SQL c/w", "fail"
    ));
    if let Some(ops) = r["operations"].as_object() {
        for (name, op) in ops {
            let f = |k: &str| {
                op[k]
                    .as_f64()
                    .map(|v| format!("{v:.1}"))
                    .unwrap_or_else(|| "-".into())
            };
            let sql = &op["sql_statements_per_request"];
            out.push_str(&format!(
                "{:<34} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6}\n",
                name,
                f("throughput_per_s"),
                f("p50_ms"),
                f("p95_ms"),
                f("p99_ms"),
                format!("{}/{}", sql["cold"], sql["warm"]),
                op["failures"]["count"].as_u64().unwrap_or(0)
            ));
        }
        if ops.values().any(|op| !op["alone"].is_null()) {
            out.push_str(&format!(
                "\nAlone ({} s each, the same clients):\n{:<34} {:>9} {:>16} {:>16} {:>6}\n",
                r["solo_seconds"],
                "operation",
                "req/s",
                "server CPU ms/req",
                "PG CPU ms/req",
                "fail"
            ));
            for (name, op) in ops {
                let alone = &op["alone"];
                let f = |k: &str, digits: usize| {
                    alone[k]
                        .as_f64()
                        .map(|v| format!("{v:.digits$}"))
                        .unwrap_or_else(|| "-".into())
                };
                out.push_str(&format!(
                    "{:<34} {:>9} {:>16} {:>16} {:>6}\n",
                    name,
                    f("throughput_per_s", 1),
                    f("server_cpu_ms_per_request", 3),
                    f("postgres_cpu_ms_per_request", 3),
                    alone["failures"]["count"].as_u64().unwrap_or(0)
                ));
            }
        }
    }
    let cpu = |k: &str| {
        r[k].as_f64()
            .map(|v| format!("{v:.2} ms"))
            .unwrap_or_else(|| "not measured".into())
    };
    out.push_str(&format!(
        "\nCPU per request, the whole mix: server {}, PostgreSQL (the benchmark's database) {}",
        cpu("server_cpu_ms_per_request"),
        cpu("postgres_cpu_ms_per_request"),
    ));
    out.push_str(&format!(
        "\nServer peak memory: {:.1} MiB\nPage of 100 returns, sequential: HTTP p50 {:.2} ms, service layer p50 {:.2} ms\n\nTargets:\n",
        r["server_peak_rss_mib"].as_f64().unwrap_or_default(),
        r["page_sequential_http_ms"]["p50_ms"].as_f64().unwrap_or_default(),
        r["service_layer_page_ms"]["p50_ms"].as_f64().unwrap_or_default(),
    ));
    if let Some(targets) = report["targets"].as_array() {
        for t in targets {
            let met = t["met"] == Value::Bool(true);
            out.push_str(&format!(
                "  [{}] {}  ({})\n",
                if met { "met" } else { "MISSED" },
                t["target"].as_str().unwrap_or_default(),
                t["measured"]
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_report() {
        assert_eq!(
            redact("postgres://hub:s3cret@db:5432/hub"),
            "postgres://hub:***@db:5432/hub"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1:5432/hub_bench"),
            "postgres://postgres@127.0.0.1:5432/hub_bench"
        );
        assert_eq!(
            redact("sqlite://data/hub.db?mode=rwc"),
            "sqlite://data/hub.db?mode=rwc"
        );
    }

    #[test]
    fn a_slow_read_or_a_growing_page_misses_its_target() {
        let results = json!({
            "operations": {
                "partnerships": { "read": true, "p99_ms": 12.0, "failures": null },
                "benchmarkMatrix (12 metrics)": { "read": true, "p99_ms": 80.0, "failures": null },
                "section11Summary": { "read": true, "p99_ms": 51.0, "failures": null },
                "updateSection11Return (draft)": { "read": false, "p99_ms": 500.0, "failures": { "count": 0 } }
            },
            "page_statements": { "10": 7, "100": 9 },
            "server_peak_rss_mib": 90.0,
            "page_sequential_http_ms": { "p50_ms": 10.0 },
            "service_layer_page_ms": { "p50_ms": 6.0 }
        });
        let verdict = Targets::default().check(&results);
        let met = |needle: &str| {
            verdict
                .as_array()
                .and_then(|v| {
                    v.iter()
                        .find(|t| t["target"].as_str().is_some_and(|s| s.contains(needle)))
                })
                .map(|t| t["met"] == Value::Bool(true))
        };
        assert_eq!(met("partnerships: p99"), Some(true));
        assert_eq!(
            met("benchmarkMatrix (12 metrics): p99 under 100"),
            Some(true)
        );
        assert_eq!(met("section11Summary: p99"), Some(false));
        assert_eq!(met("page of 10"), Some(false));
        assert_eq!(met("peak memory"), Some(true));
        assert_eq!(met("service layer"), Some(true));
    }
}
