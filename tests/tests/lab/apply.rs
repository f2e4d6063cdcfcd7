//! The proxy and pgsqlchk under a real two-node Pacemaker cluster, created with `pcs resource
//! create` and no `op` (what the meta-data advertises is what runs):
//!
//! - every server of the proxy's backend down for 60 s never gets the proxy restarted (its fail
//!   count stays 0, its pid stays);
//! - a configuration file edited into garbage, removed or half written leaves `monitor` at 0
//!   with a warning naming the problem, and Pacemaker's own monitors green;
//! - `proxy apply` / `pgsqlchk apply`, run on the node where the resource does not run, refuse
//!   such a file naming file:line:column, and once it is fixed apply it in place on the other
//!   node while a client's open connection stays up.

use std::net::Ipv4Addr;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustha_harness::probe::{echo_round_trip, http_status, Echo};
use rustha_harness::proxy::TempDir;
use rustha_lab::lab::{Lab, LabConfig};

const AGENT_DIR: &str = "/usr/lib/ocf/resource.d/rustha";
const ECHO_PORT: u16 = 7000;
const LB_PORT: u16 = 18080;
const LB_PORT2: u16 = 18081;
const CHK_PORT: u16 = 18090;
const CHK_PORT2: u16 = 18091;

fn proxy_config(app: Ipv4Addr, ports: &[u16]) -> String {
    let binds: String = ports
        .iter()
        .map(|p| format!("  bind 0.0.0.0:{p}\n"))
        .collect();
    format!(
        "global\n  maxconn 200\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 5m\n  timeout server 5m\n  timeout check 1s\n\
listen lb\n{binds}  server app1 {app}:{ECHO_PORT} check inter 500ms fall 2 rise 1\n"
    )
}

fn pgsqlchk_config(ports: &[u16]) -> String {
    let servers: Vec<String> = ports
        .iter()
        .map(|p| format!("{{\"target_port\": 5999, \"listen_port\": {p}}}"))
        .collect();
    format!(
        "{{\n  \"database_host\": \"127.0.0.1\",\n  \"health_check_user_password\": \"not-used-here\",\n  \"webserver_host\": \"0.0.0.0\",\n  \"webservers\": [{}]\n}}\n",
        servers.join(", ")
    )
}

fn fail_count(lab: &Lab, res: &str, node: &str) -> String {
    lab.run(
        &lab.admin_node(),
        &["crm_failcount", "--query", "-r", res, "-N", node],
    )
    .stdout
    .iter()
    .map(|&b| b as char)
    .collect::<String>()
    .trim()
    .to_string()
}

fn assert_no_failures(lab: &Lab, res: &str) {
    for n in lab.node_names() {
        let c = fail_count(lab, res, &n);
        assert!(
            c.ends_with("value=0"),
            "{res} on {n}: {c}\n{}",
            lab.report()
        );
    }
}

/// The agent's own `monitor` on `node`, as Pacemaker calls it there.
fn monitor(lab: &Lab, node: &str, agent: &str, res: &str, config: &str) -> Output {
    lab.command(node, &format!("{AGENT_DIR}/{agent}"))
        .arg("monitor")
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("OCF_RESOURCE_INSTANCE", res)
        .env("OCF_RESKEY_config", config)
        .env("OCF_RESKEY_CRM_meta_interval", "10000")
        .env("RUSTHA_LOG_STDERR", "1")
        .output()
        .unwrap()
}

fn apply(lab: &Lab, node: &str, agent: &str, res: &str) -> Output {
    lab.command(node, &format!("{AGENT_DIR}/{agent}"))
        .args(["apply", res, "--wait", "60"])
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Each bad version of the file: `monitor` on `node` stays 0 and names the problem; `apply` from
/// `other` refuses it naming the file (and line and column when there is one).
fn bad_edits_are_warnings_and_refused(
    lab: &Lab,
    (node, other): (&str, &str),
    (agent, res): (&str, &str),
    path: &std::path::Path,
    good: &str,
    garbage: &str,
    garbage_at: &str,
) {
    let file = path.to_string_lossy().into_owned();
    let half = &good[..good.len() / 2];
    for (what, contents, expect) in [
        ("garbage", Some(garbage), format!("{file}:{garbage_at}")),
        ("half written", Some(half), format!("{file}:")),
        ("removed", None, format!("{file}: cannot read")),
    ] {
        match contents {
            Some(c) => std::fs::write(path, c).unwrap(),
            None => std::fs::remove_file(path).unwrap(),
        }
        let m = monitor(lab, node, agent, res, &file);
        assert_eq!(
            m.status.code(),
            Some(0),
            "{res} monitor, file {what}: {}",
            text(&m)
        );
        assert!(
            text(&m).contains(&expect),
            "{res} monitor, file {what}: no warning naming {expect}: {}",
            text(&m)
        );
        let a = apply(lab, other, agent, res);
        assert!(
            !a.status.success(),
            "{res} apply of a file {what}: {}",
            text(&a)
        );
        assert!(
            text(&a).contains(&file),
            "{res} apply of a file {what} does not name it: {}",
            text(&a)
        );
        println!(
            "{res}, file {what}: monitor 0, apply refused: {}",
            text(&a).trim()
        );
    }
}

#[test]
fn defaults_survive_a_backend_outage_and_edits_apply_in_place() {
    rustha_harness::require_root();
    rustha_harness::bin("proxy");
    rustha_harness::bin("pgsqlchk");
    let lab = Lab::with_config(LabConfig {
        nodes: 2,
        extra_hosts: vec!["app1".into()],
        ..LabConfig::default()
    });
    let app = lab.topo().addr("app1");
    let mut echo = Echo::start(lab.ns("app1"), app.into(), ECHO_PORT);
    let d = TempDir::new("lab-apply");
    let lb_cfg = d.write("lb.cfg", &proxy_config(app, &[LB_PORT]));
    let chk_cfg = d.write("pgsqlchk.json", &pgsqlchk_config(&[CHK_PORT]));
    for (res, agent, cfg) in [
        ("lb", "ocf:rustha:proxy", &lb_cfg),
        ("chk", "ocf:rustha:pgsqlchk", &chk_cfg),
    ] {
        let config = format!("config={}", cfg.display());
        lab.pcs(&["resource", "create", res, agent, &config]);
    }
    // Both together, so one node serves both and the other runs the apply commands.
    lab.pcs(&[
        "constraint",
        "colocation",
        "add",
        "chk",
        "with",
        "lb",
        "INFINITY",
    ]);
    let node = lab.wait_started("lb", Duration::from_secs(60));
    lab.wait_started_on("chk", &node, Duration::from_secs(60));
    let other = lab.node_names().into_iter().find(|n| *n != node).unwrap();
    let ops = lab.pcs(&["resource", "config", "lb"]);
    assert!(
        !ops.contains("OCF_CHECK_LEVEL"),
        "a deep monitor was copied from the meta-data: {ops}"
    );
    let node_addr = lab.topo().addr(&node);
    let pidfile = "/run/rustha-proxy-lb.pid";
    let pid = lab.ok(&node, &["cat", pidfile]).trim().to_string();

    let mut client = lab.client_connect((node_addr, LB_PORT).into());
    assert_eq!(echo_round_trip(&mut client, "before"), "before");

    // Every server of the backend down for 60 s: the recurring monitors keep passing.
    echo.stop_listening();
    let down_since = Instant::now();
    while down_since.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_secs(5));
        assert_eq!(
            lab.ok(&node, &["cat", pidfile]).trim(),
            pid,
            "the proxy was restarted during the backend outage\n{}",
            lab.report()
        );
    }
    assert_no_failures(&lab, "lb");
    println!("backend down for 60 s: proxy pid {pid} unchanged, fail count 0");
    echo = Echo::start(lab.ns("app1"), app.into(), ECHO_PORT);
    // The session opened before the outage never lost its server connection.
    assert_eq!(
        echo_round_trip(&mut client, "after the outage"),
        "after the outage"
    );

    let good_lb = proxy_config(app, &[LB_PORT]);
    let lb_garbage = format!("{good_lb}  balanc roundrobin\n");
    let garbage_line = good_lb.lines().count() + 1;
    bad_edits_are_warnings_and_refused(
        &lab,
        (&node, &other),
        ("proxy", "lb"),
        &lb_cfg,
        &good_lb,
        &lb_garbage,
        &format!("{garbage_line}:3"),
    );
    let good_chk = pgsqlchk_config(&[CHK_PORT]);
    bad_edits_are_warnings_and_refused(
        &lab,
        (&node, &other),
        ("pgsqlchk", "chk"),
        &chk_cfg,
        &good_chk,
        "{\n  \"database_host\": 5432\n}\n",
        "2:",
    );
    // Pacemaker's own recurring monitors ran through all of that (10 s interval).
    std::thread::sleep(Duration::from_secs(12));
    assert_no_failures(&lab, "lb");
    assert_no_failures(&lab, "chk");

    // Fixed, with a second listener each: applied in place from the other node.
    std::fs::write(&lb_cfg, proxy_config(app, &[LB_PORT, LB_PORT2])).unwrap();
    std::fs::write(&chk_cfg, pgsqlchk_config(&[CHK_PORT, CHK_PORT2])).unwrap();
    // A health checker on one kept-alive connection (pgsqlchk closes one idle for 5 s), asking
    // twice a second all through the apply.
    let mut checker = lab.client_connect((node_addr, CHK_PORT).into());
    assert_eq!(http_status(&mut checker, "/liveness"), "HTTP/1.1 200 OK");
    let checking = Arc::new(AtomicBool::new(true));
    let asker = {
        let checking = checking.clone();
        std::thread::spawn(move || {
            let mut answers = Vec::new();
            while checking.load(Ordering::Relaxed) {
                answers.push(http_status(&mut checker, "/liveness"));
                std::thread::sleep(Duration::from_millis(500));
            }
            answers
        })
    };
    for (agent, res) in [("proxy", "lb"), ("pgsqlchk", "chk")] {
        let a = apply(&lab, &other, agent, res);
        println!("{agent} apply {res}: {}", text(&a).trim());
        assert!(a.status.success(), "{res}: {}", text(&a));
        assert!(
            text(&a).contains(&format!("{node}: applied")),
            "{res}: {}",
            text(&a)
        );
    }
    let mut new_client = lab.client_connect((node_addr, LB_PORT2).into());
    assert_eq!(
        echo_round_trip(&mut new_client, "new listener"),
        "new listener"
    );
    let mut new_checker = lab.client_connect((node_addr, CHK_PORT2).into());
    assert_eq!(
        http_status(&mut new_checker, "/liveness"),
        "HTTP/1.1 200 OK"
    );
    // The connections opened before the apply are still served.
    assert_eq!(echo_round_trip(&mut client, "still here"), "still here");
    checking.store(false, Ordering::Relaxed);
    let answers = asker
        .join()
        .expect("the checker's connection broke during the apply");
    assert!(
        answers.len() >= 2 && answers.iter().all(|a| a == "HTTP/1.1 200 OK"),
        "{answers:?}"
    );
    assert_eq!(lab.ok(&node, &["cat", pidfile]).trim(), pid, "restarted");
    for (agent, res, cfg) in [("proxy", "lb", &lb_cfg), ("pgsqlchk", "chk", &chk_cfg)] {
        let m = monitor(&lab, &node, agent, res, &cfg.to_string_lossy());
        assert_eq!(m.status.code(), Some(0), "{}", text(&m));
        assert!(
            !text(&m).contains("warn"),
            "{res}: the applied file still differs: {}",
            text(&m)
        );
    }
    assert_no_failures(&lab, "lb");
    assert_no_failures(&lab, "chk");
    drop(echo);
    lab.pcs(&["resource", "delete", "chk"]);
    lab.pcs(&["resource", "delete", "lb"]);
}
