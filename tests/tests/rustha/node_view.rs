//! Every agent through every row of the node's-view table (`rustha::view`, docs/operation.md):
//! what probe, start, recurring monitor, stop and validate-all answer when the
//! configuration is valid (not running, then running), when the running resource's file was
//! since edited badly, when this node lacks what the resource needs, and when the configuration
//! is malformed for every node. Each agent prints its table; every cell is asserted.
//!
//! Network namespaces created here hold what touches the network (vip's address,
//! osm-failover's NAT rules); the proxy and pgsqlchk listen on loopback.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use rustha_harness::netns::{Netns, Topology};
use rustha_harness::proxy::{free_port, TempDir};
use rustha_harness::rsyncd::RsyncPeer;
use rustha_harness::{bin, require_root};

/// A column of the table.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Col {
    Probe,
    Start,
    Monitor,
    Stop,
    Validate,
}

impl Col {
    fn action(self) -> &'static str {
        match self {
            Col::Probe | Col::Monitor => "monitor",
            Col::Start => "start",
            Col::Stop => "stop",
            Col::Validate => "validate-all",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Col::Probe => "probe",
            Col::Start => "start",
            Col::Monitor => "monitor",
            Col::Stop => "stop",
            Col::Validate => "validate-all",
        }
    }
}

const COLS: [Col; 5] = [
    Col::Probe,
    Col::Start,
    Col::Monitor,
    Col::Stop,
    Col::Validate,
];

type Params = Vec<(&'static str, String)>;

/// One agent under test: where it runs and its answers so far, by row and column.
struct Agent<'a> {
    name: &'static str,
    ns: Option<&'a Netns>,
    instance: String,
    table: BTreeMap<(usize, Col), Vec<i32>>,
    rows: Vec<&'static str>,
    /// Parameters that stop what the test started (on drop, even when an assertion fails).
    cleanup: Params,
}

impl Drop for Agent<'_> {
    fn drop(&mut self) {
        let _ = self.call(Col::Stop, &self.cleanup);
    }
}

impl<'a> Agent<'a> {
    fn new(name: &'static str, ns: Option<&'a Netns>, cleanup: &Params) -> Agent<'a> {
        Agent {
            name,
            ns,
            instance: format!("nv-{name}-{}", std::process::id()),
            table: BTreeMap::new(),
            rows: Vec::new(),
            cleanup: cleanup.clone(),
        }
    }

    fn call(&self, col: Col, params: &Params) -> Output {
        let exe = bin(self.name);
        let mut c = match self.ns {
            Some(ns) => ns.command(exe.to_str().unwrap()),
            None => Command::new(exe),
        };
        c.env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("OCF_ROOT", "/usr/lib/ocf")
            .env("OCF_RESOURCE_INSTANCE", &self.instance)
            .env("RUSTHA_LOG_STDERR", "1")
            .env("OCF_RESKEY_CRM_meta_timeout", "20000");
        if col == Col::Monitor {
            c.env("OCF_RESKEY_CRM_meta_interval", "10000");
        }
        for (k, v) in params {
            c.env(format!("OCF_RESKEY_{k}"), v);
        }
        c.arg(col.action()).output().expect("run agent")
    }

    /// Calls `col` in row `row` and asserts the code.
    fn expect(&mut self, row: &'static str, col: Col, params: &Params, want: i32) {
        let out = self.call(col, params);
        let code = out.status.code().unwrap_or(-1);
        let r = match self.rows.iter().position(|r| *r == row) {
            Some(i) => i,
            None => {
                self.rows.push(row);
                self.rows.len() - 1
            }
        };
        let cell = self.table.entry((r, col)).or_default();
        if !cell.contains(&code) {
            cell.push(code);
        }
        assert_eq!(
            code,
            want,
            "{} {} in row '{row}': {}{}",
            self.name,
            col.name(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn print(&self) {
        println!("\n{}", self.name);
        print!("  {:<44}", "situation on this node");
        for c in COLS {
            print!("{:>14}", c.name());
        }
        println!();
        for (i, row) in self.rows.iter().enumerate() {
            print!("  {row:<44}");
            for c in COLS {
                let codes: Vec<String> = self
                    .table
                    .get(&(i, c))
                    .map(|v| v.iter().map(ToString::to_string).collect())
                    .unwrap_or_else(|| vec!["-".into()]);
                print!("{:>14}", codes.join(" or "));
            }
            println!();
        }
    }
}

const VALID: &str = "valid, not running";
const RUNNING: &str = "valid, running";
const EDITED: &str = "running, its file edited badly / removed";
const UNUSABLE: &str = "valid elsewhere, unusable here";
const MALFORMED: &str = "malformed for every node";

/// The table's rows for one agent. `valid` runs; `break_file` (when the agent has a file) spoils
/// it in each way and `mend_file` restores it; `unusable` and `malformed` are parameter sets.
fn walk(
    a: &mut Agent<'_>,
    valid: &Params,
    file: Option<(&Path, &str)>,
    unusable: &[Params],
    malformed: &[Params],
) {
    a.expect(VALID, Col::Validate, valid, 0);
    a.expect(VALID, Col::Probe, valid, 7);
    a.expect(VALID, Col::Stop, valid, 0);
    a.expect(VALID, Col::Monitor, valid, 7);
    a.expect(VALID, Col::Start, valid, 0);
    a.expect(RUNNING, Col::Probe, valid, 0);
    a.expect(RUNNING, Col::Monitor, valid, 0);
    a.expect(RUNNING, Col::Start, valid, 0);
    a.expect(RUNNING, Col::Validate, valid, 0);
    if let Some((path, good)) = file {
        // Cut inside the last line's first word, as an editor's half-finished save leaves it.
        let last = good.trim_end().rfind('\n').unwrap() + 1;
        let word = last + good[last..].len() - good[last..].trim_start().len();
        let half = &good[..(word + 3).min(good.trim_end().len() - 1)];
        for spoil in [Some("garbage ! ! !\n"), Some(half), None] {
            match spoil {
                Some(text) => std::fs::write(path, text).unwrap(),
                None => std::fs::remove_file(path).unwrap(),
            }
            a.expect(EDITED, Col::Probe, valid, 0);
            a.expect(EDITED, Col::Monitor, valid, 0);
            // Removed: "unusable here" (another node may have it); otherwise malformed.
            a.expect(
                EDITED,
                Col::Validate,
                valid,
                if spoil.is_some() { 6 } else { 5 },
            );
        }
        // Stop needs nothing from the file: it stops what runs even while the file is gone.
        a.expect(EDITED, Col::Stop, valid, 0);
        std::fs::write(path, good).unwrap();
    } else {
        a.expect(RUNNING, Col::Stop, valid, 0);
    }
    a.expect(VALID, Col::Probe, valid, 7);
    for p in unusable {
        a.expect(UNUSABLE, Col::Validate, p, 5);
        a.expect(UNUSABLE, Col::Probe, p, 7);
        a.expect(UNUSABLE, Col::Start, p, 5);
        a.expect(UNUSABLE, Col::Stop, p, 0);
    }
    for p in malformed {
        a.expect(MALFORMED, Col::Validate, p, 6);
        a.expect(MALFORMED, Col::Probe, p, 6);
        a.expect(MALFORMED, Col::Start, p, 6);
        a.expect(MALFORMED, Col::Stop, p, 0);
    }
    a.print();
}

fn with(base: &Params, changes: &[(&'static str, &str)]) -> Params {
    let mut p: Params = base
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    for (k, v) in changes {
        if !v.is_empty() {
            p.push((k, v.to_string()));
        }
    }
    p
}

#[test]
fn proxy_answers_by_the_node_view() {
    require_root();
    let d = TempDir::new("nv-proxy");
    let port = free_port();
    let good = format!(
        "global\n  maxconn 100\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10s\n  timeout server 10s\n\
listen db\n  bind 127.0.0.1:{port}\n  server s1 127.0.0.1:9\n"
    );
    let cfg = d.write("lb.cfg", &good);
    let bad_ip = d.write(
        "bad.cfg",
        "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10s\n  timeout server 10s\nlisten db\n  bind 300.1.1.1:80\n  server s1 127.0.0.1:9\n",
    );
    // Valid, but it listens nowhere: HAProxy will not start it either.
    let no_listener = d.write(
        "backend-only.cfg",
        "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10s\n  timeout server 10s\nbackend b\n  server s1 127.0.0.1:9\n",
    );
    let valid: Params = vec![
        ("config", cfg.display().to_string()),
        ("pidfile", d.path("lb.pid").display().to_string()),
    ];
    let mut a = Agent::new("proxy", None, &valid);
    walk(
        &mut a,
        &valid,
        Some((&cfg, &good)),
        &[with(&valid, &[("config", "/nonexistent/rustha/lb.cfg")])],
        &[
            with(&valid, &[("config", "")]),
            with(&valid, &[("config", &bad_ip.display().to_string())]),
            with(&valid, &[("config", &no_listener.display().to_string())]),
        ],
    );
}

#[test]
fn pgsqlchk_answers_by_the_node_view() {
    require_root();
    let d = TempDir::new("nv-pgsqlchk");
    let port = free_port();
    let good = format!(
        "{{\n  \"database_host\": \"127.0.0.1\",\n  \"health_check_user_password\": \"x\",\n  \"webserver_host\": \"127.0.0.1\",\n  \"webservers\": [{{\"target_port\": 9, \"listen_port\": {port}}}]\n}}\n"
    );
    let cfg = d.write("pgsqlchk.json", &good);
    let bad = d.write(
        "bad.json",
        "{\"database_host\": \"127.0.0.1\", \"health_check_user_password\": \"x\", \"webserver_host\": \"127.0.0.1\", \"webservers\": [{\"target_port\": 9, \"listen_port\": 99999}]}\n",
    );
    let valid: Params = vec![
        ("config", cfg.display().to_string()),
        ("pidfile", d.path("chk.pid").display().to_string()),
        ("logfile", d.path("chk.log").display().to_string()),
    ];
    let mut a = Agent::new("pgsqlchk", None, &valid);
    walk(
        &mut a,
        &valid,
        Some((&cfg, &good)),
        &[with(
            &valid,
            &[("config", "/nonexistent/rustha/pgsqlchk.json")],
        )],
        &[with(&valid, &[("config", &bad.display().to_string())])],
    );
}

#[test]
fn vip_answers_by_the_node_view() {
    require_root();
    let topo = Topology::new(&["node"]);
    let ip = topo.spare_v4(0).to_string();
    let valid: Params = vec![
        ("ip", ip),
        ("cidr_netmask", "24".into()),
        ("nic", "eth0".into()),
        ("dup_check", "false".into()),
        ("arp_count", "1".into()),
    ];
    let mut a = Agent::new("vip", Some(topo.ns("node")), &valid);
    walk(
        &mut a,
        &valid,
        None,
        &[with(&valid, &[("nic", "eth9")])],
        &[
            with(&valid, &[("ip", "300.1.1.1")]),
            with(&valid, &[("ip", "")]),
        ],
    );
}

#[test]
fn osm_failover_answers_by_the_node_view() {
    require_root();
    let topo = Topology::new(&["node"]);
    let vip = topo.spare_v4(0);
    topo.ns("node")
        .ip(&["addr", "add", &format!("{vip}/24"), "dev", "eth0"]);
    let d = TempDir::new("nv-osm");
    let valid: Params = vec![
        ("daemon", "/bin/sleep".into()),
        ("daemon_args", "1000".into()),
        ("snat", topo.subnet().v4_net()),
        ("to_source", vip.to_string()),
        ("pidfile", d.path("osm.pid").display().to_string()),
    ];
    let mut a = Agent::new("osm-failover", Some(topo.ns("node")), &valid);
    walk(
        &mut a,
        &valid,
        None,
        &[with(&valid, &[("daemon", "/nonexistent/rustha/osmd")])],
        &[
            with(&valid, &[("snat", "garbage")]),
            with(&valid, &[("daemon", "")]),
        ],
    );
}

#[test]
fn filesync_answers_by_the_node_view() {
    require_root();
    let d = TempDir::new("nv-filesync");
    let src = d.path("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("a"), "a").unwrap();
    let peer = RsyncPeer::start(&d.0, None);
    let valid: Params = vec![
        ("source", src.display().to_string()),
        ("target", peer.url(None)),
        ("pidfile", d.path("fs.pid").display().to_string()),
        ("state_file", d.path("fs.state").display().to_string()),
        ("logfile", d.path("fs.log").display().to_string()),
    ];
    let mut a = Agent::new("filesync", None, &valid);
    walk(
        &mut a,
        &valid,
        None,
        &[with(&valid, &[("source", "/nonexistent/rustha/src")])],
        &[
            with(&valid, &[("source", "rel/path")]),
            with(&valid, &[("target", "")]),
        ],
    );
}

#[test]
fn mysql_mm_answers_by_the_node_view() {
    require_root();
    let root = rustha_harness::mariadb::MariaRoot::new("nv-mysql-mm");
    let m = rustha_harness::mariadb::Maria::init(&root, "a");
    // A standalone server (no peer): the agent starts and stops `mariadbd` itself.
    let valid: Params = m
        .ocf_params()
        .into_iter()
        .map(|(k, v)| (&*k.leak(), v))
        .collect();
    let mut a = Agent::new("mysql-mm", None, &valid);
    walk(
        &mut a,
        &valid,
        None,
        &[with(&valid, &[("binary", "/nonexistent/rustha/mariadbd")])],
        &[
            with(&valid, &[("max_lag", "soon")]),
            with(&valid, &[("peer", "not a peer list = =")]),
        ],
    );
    drop(a);
    drop(m);
}
