//! From heartbeat v1 to Pacemaker on the same two nodes: the deployment guides' own heartbeat
//! files (docs/migrate/ultramonkey-ldirectord and docs/migrate/heartbeat-osm, as the guides give
//! them) run under the real heartbeat 3.0 daemon, then `rustha migrate --apply` turns the same
//! files into a Pacemaker cluster on the same nodes, serving the same real servers to the same
//! client. On both, the client gets byte for byte the same answer, and a takeover moves every
//! part of the service to the other node (what each node runs is read from the node itself:
//! addresses, listening sockets, firewall rules, init script status). The client-visible gap of
//! each takeover is printed side by side, for information only.
//!
//! What changes from the guides' files, and why:
//! - addresses and node names become the lab's (the VIP, the real servers, the client; `node1`
//!   and `node2` for `AppNode1`/`osm1` and `AppNode2`/`osm2`), and the Ultra Monkey guide's
//!   ldirectord `virtual=10.0.0.150` is the VIP, as that guide asks its readers to make it;
//! - the resources rustha replaces run through its heartbeat wrappers, as the README tells users
//!   to write them: `IPaddr2::ADDR/25/eth0` and a bare address are `vip::ADDR/PREFIX/eth0`,
//!   `ldirectord::ldirectord.cf` is `proxy::ldirectord.cf` (the same ldirectord.cf), and
//!   `osm-failover.sh` is `osm-failover::DAEMON::NETWORKS::VIP`;
//! - `LVSSyncDaemonSwap::master` is left out of the line heartbeat runs, as the README's line
//!   leaves it out: it swaps the kernel's IPVS connection-sync daemon, and there is no IPVS table
//!   once rustha's proxy replaces LVS; Debian 12's heartbeat does not ship the script either.
//!   `rustha migrate` turns it into a comment saying so (tests/tests/rustha/migrate.rs);
//! - heartbeat logs to a file of the node's own (`logfile`, `debugfile`, `logfacility none`):
//!   the guides' `/var/log/heartbeat.log` and syslog facility are the host's;
//! - seed 003's dedicated heartbeat network (`bcast eth1`) is the lab's one bridge (`bcast
//!   eth0`), its ping gateway the client; for the same reason its SNAT network
//!   (`192.168.0.0/24`, the enterprise network) is the client's own address: on one shared
//!   network, rewriting the whole subnet would rewrite the cluster's own traffic to the VIP,
//!   which the osm-failover agent refuses;
//! - seed 003's `cron` is an LSB init script of that name in the nodes' `/etc/init.d` (bind-
//!   mounted inside each node only) that runs a placeholder process: the host's real cron would
//!   run the host's crontabs inside the lab. It stays an init script, as heartbeat ran it and as
//!   `lsb:cron` runs it after the migration;
//! - the session manager that seed 003's `osm-failover.sh` starts is not available; its daemon
//!   here is HAProxy answering every HTTP request with the session manager's name, a real daemon
//!   the osm-failover agent starts, tracks and stops like the original.
//!
//! The takeovers: for seed 001 a clean stop of the active node (`heartbeat -k`, then the node's
//! Pacemaker and corosync stopped as their service manager would), for seed 003 a crash (the
//! lab's power-off: every process of the node killed, its addresses and NAT rules gone, its link
//! down), with heartbeat and then with Pacemaker.
//!
//! The Pacemaker cluster is the lab's (corosync.conf written by the lab, with the `token` that
//! `rustha migrate` derives from ha.cf's `deadtime`); `--apply` builds the resources in it.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustha_harness::httpd::Httpd;
use rustha_harness::netns::Netns;
use rustha_harness::probe::{enter_netns, in_netns, outage, source_seen, Sample};
use rustha_harness::sip::SipServer;
use rustha_harness::{bin, measured, require_root};
use rustha_lab::heartbeat::{require_heartbeat, wait_for, HaFiles, HeartbeatNode};
use rustha_lab::lab::{Lab, LabConfig};

/// A deployment guide's file as committed in docs/migrate.
fn guide(dir: &str, file: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/migrate")
        .join(dir)
        .join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `from` replaced by `to` in `text`, which must contain it (a guide that changed fails here).
fn swap(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` not in:\n{text}");
    text.replace(from, to)
}

/// The corosync token `rustha migrate` asks for in its `pcs cluster setup` line, from the
/// guide's own files; None when it keeps corosync's default.
fn migrated_token(dir: &str, files: &[&str]) -> Option<u32> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/migrate")
        .join(dir);
    let out = std::process::Command::new(bin("rustha"))
        .current_dir(&d)
        .arg("migrate")
        .args(files)
        .output()
        .expect("run rustha migrate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = String::from_utf8_lossy(&out.stdout).into_owned();
    let setup = script
        .lines()
        .find(|l| l.contains("pcs cluster setup"))
        .unwrap_or_else(|| panic!("no pcs cluster setup line in\n{script}"));
    setup
        .split_whitespace()
        .find_map(|w| w.strip_prefix("token="))
        .map(|t| t.parse().expect("token in ms"))
}

/// The lab: two nodes with nothing running yet, the client, and `extra` hosts.
fn lab(extra: &[&str], token_ms: Option<u32>) -> Lab {
    let mut cfg = LabConfig {
        nodes: 2,
        extra_hosts: extra.iter().map(|h| h.to_string()).collect(),
        start_stack: false,
        ..LabConfig::default()
    };
    if let Some(t) = token_ms {
        cfg.token_ms = t;
    }
    Lab::with_config(cfg)
}

/// `GET /` over HTTP/1.0 to `to`: the whole response, or None.
fn http_get(to: SocketAddr) -> Option<Vec<u8>> {
    let mut s = TcpStream::connect_timeout(&to, Duration::from_millis(300)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
    s.write_all(b"GET / HTTP/1.0\r\nHost: service\r\n\r\n")
        .ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    (!out.is_empty()).then_some(out)
}

/// A datagram to `to` and its answer, which must come from `to`.
fn udp_ask(to: SocketAddr, payload: &[u8]) -> Option<Vec<u8>> {
    let u = UdpSocket::bind("0.0.0.0:0").ok()?;
    u.set_read_timeout(Some(Duration::from_millis(500))).ok()?;
    u.send_to(payload, to).ok()?;
    let mut buf = [0u8; 2048];
    let (n, from) = u.recv_from(&mut buf).ok()?;
    (from == to).then(|| buf[..n].to_vec())
}

/// The client asking the service with `ask` (run inside the client's namespace) every 20 ms, to
/// see when it answers `want` and when not; started once the client has been served.
struct Watch {
    start: Instant,
    stop: Arc<AtomicBool>,
    samples: Arc<Mutex<Vec<Sample>>>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    fn start(
        client: &Netns,
        ask: fn(Ipv4Addr) -> Option<Vec<u8>>,
        vip: Ipv4Addr,
        want: Vec<u8>,
    ) -> Watch {
        let start = Instant::now();
        let stop = Arc::new(AtomicBool::new(false));
        let samples = Arc::new(Mutex::new(Vec::new()));
        let (stop2, samples2) = (stop.clone(), samples.clone());
        let ns = client.name().to_string();
        let thread = std::thread::spawn(move || {
            enter_netns(&ns).expect("enter the client's namespace");
            while !stop2.load(Ordering::Relaxed) {
                let at = start.elapsed();
                let ok = ask(vip).is_some_and(|a| a == want);
                samples2.lock().unwrap().push(Sample {
                    at,
                    server: ok.then(|| "service".to_string()),
                });
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let watch = Watch {
            start,
            stop,
            samples,
            thread: Some(thread),
        };
        // The fault comes after the client has been served: an outage is measured from the
        // last answer before it.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !watch
            .samples
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.server.is_some())
        {
            assert!(Instant::now() < deadline, "the client is not served");
            std::thread::sleep(Duration::from_millis(10));
        }
        watch
    }

    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// The longest client-visible outage that began at or after `fault`, once the client is
    /// served again.
    fn gap_since(&mut self, fault: Duration) -> Duration {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self
            .samples
            .lock()
            .unwrap()
            .last()
            .is_none_or(|s| s.server.is_none())
        {
            assert!(Instant::now() < deadline, "the client is not served again");
            std::thread::sleep(Duration::from_millis(10));
        }
        let until = self.now();
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        outage(&self.samples.lock().unwrap(), fault, until)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Sockets listening on `port` in node `node`'s namespace (`udp`: UDP ones).
fn listening(lab: &Lab, node: &str, port: u16, udp: bool) -> bool {
    let kind = if udp { "-Hlun" } else { "-Hltn" };
    !lab.ns(node)
        .ok(&["ss", kind, &format!("sport = :{port}")])
        .trim()
        .is_empty()
}

/// The group's members as Pacemaker lists them.
fn members(lab: &Lab, group: &str) -> Vec<String> {
    let out = lab.pcs(&["resource", "group", "list"]);
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{group}:")))
        .unwrap_or_else(|| panic!("no group {group} in:\n{out}"))
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The group `rustha migrate` makes of the haresources line of node1.
const GROUP: &str = "group-node1";

/// Runs `rustha migrate --apply FILES` on node1, as the administrator would.
fn migrate_apply(lab: &Lab, files: &[&str]) {
    let rustha = bin("rustha").display().to_string();
    let mut argv = vec![rustha.as_str(), "migrate", "--apply"];
    argv.extend(files);
    let out = lab.run("node1", &argv);
    assert!(
        out.status.success(),
        "rustha migrate --apply failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until every member of `group` is Started on `node`.
fn wait_group_on(lab: &Lab, group: &str, node: &str, timeout: Duration) {
    let all = members(lab, group);
    assert!(!all.is_empty(), "group {group} is empty");
    lab.wait_for(
        &format!("every member of {group} ({all:?}) started on {node}"),
        timeout,
        || all.iter().all(|r| lab.is_started(node, r)),
    );
}

/// The parts of a service as a node runs them.
type Parts = fn(&Lab, &str) -> Vec<&'static str>;

/// Waits until `active` runs all of `want` and `other` none of it.
fn wait_all_on(
    lab: &Lab,
    parts: Parts,
    want: &[&str],
    active: &str,
    other: &str,
    logs: &dyn Fn() -> String,
) {
    wait_for(
        &format!("all of {want:?} on {active}, none on {other}"),
        Duration::from_secs(120),
        || parts(lab, active) == want && parts(lab, other).is_empty(),
        &|| {
            format!(
                "{active}: {:?}, {other}: {:?}\n{}\n{}",
                parts(lab, active),
                parts(lab, other),
                logs(),
                lab.report()
            )
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Seed 001: Ultra Monkey

const UM: &str = "ultramonkey-ldirectord";

/// Seed 001's service through the VIP: the web application's page and the SIP service's answer
/// to a datagram, from the VIP.
fn ask_001(vip: Ipv4Addr) -> Option<Vec<u8>> {
    let web = http_get((vip, 9072).into())?;
    let sip = udp_ask((vip, 7072).into(), b"INFO")?;
    Some([web, b"\n".to_vec(), sip].concat())
}

/// What of seed 001's service node `node` runs: the VIP, the proxy's TCP and UDP listeners.
fn parts_001(lab: &Lab, node: &str) -> Vec<&'static str> {
    let vip = lab.topo().spare_v4(0).to_string();
    let mut v = Vec::new();
    if lab.ns(node).has_addr(&vip) {
        v.push("vip");
    }
    if listening(lab, node, 9072, false) {
        v.push("proxy http");
    }
    if listening(lab, node, 7072, true) {
        v.push("proxy sip");
    }
    v
}
const ALL_001: &[&str] = &["vip", "proxy http", "proxy sip"];

#[test]
fn seed001_ultramonkey_on_heartbeat_then_migrated_to_pacemaker() {
    require_root();
    require_heartbeat();
    let lab = lab(
        &["app1", "app2"],
        migrated_token(UM, &["ha.cf", "haresources"]),
    );
    let topo = lab.topo();
    let vip = topo.spare_v4(0);
    // The real servers: the same web application and SIP service on both (the page the
    // ldirectord.cf check asks for at /SpringRing/status, and any datagram answered).
    let apps: Vec<(Httpd, SipServer)> = ["app1", "app2"]
        .iter()
        .map(|app| {
            let ip = topo.addr(app).to_string();
            in_netns(topo.ns(app), || {
                (
                    Httpd::start(&ip, 9072, "Sample SpringRing web application"),
                    SipServer::start(&ip, 7072, "SpringRing"),
                )
            })
        })
        .collect();
    let lab_names = |t: &str| t.replace("AppNode1", "node1").replace("AppNode2", "node2");
    let ldirectord_cf = swap(
        &swap(
            &swap(&guide(UM, "ldirectord.cf"), "10.0.0.150", &vip.to_string()),
            "10.0.0.147",
            &topo.addr("app1").to_string(),
        ),
        "10.0.0.146",
        &topo.addr("app2").to_string(),
    );
    let ha_cf = format!(
        "{}logfile @DIR@/ha-log\ndebugfile @DIR@/ha-debug\nlogfacility none\nuse_logd no\n",
        lab_names(&guide(UM, "ha.cf"))
    );
    let mut haresources = lab_names(&guide(UM, "haresources"));
    haresources = swap(&haresources, "LVSSyncDaemonSwap::master \\\n", "");
    haresources = swap(&haresources, "ldirectord::", "proxy::");
    haresources = swap(
        &haresources,
        "IPaddr2::10.0.0.154/",
        &format!("vip::{vip}/"),
    );
    let files = HaFiles {
        ha_cf: &ha_cf,
        haresources: &haresources,
        files: &[("ldirectord.cf", &ldirectord_cf)],
    };
    let hb = [
        HeartbeatNode::in_lab(&lab, "node1", &files),
        HeartbeatNode::in_lab(&lab, "node2", &files),
    ];
    let logs = || rustha_lab::heartbeat::logs(&[&hb[0], &hb[1]]);

    // Heartbeat: node1 takes the line's resources; both nodes see each other.
    hb[0].heartbeat(&[]);
    hb[1].heartbeat(&[]);
    wait_all_on(&lab, parts_001, ALL_001, "node1", "node2", &logs);
    wait_for(
        "the nodes to see each other",
        Duration::from_secs(60),
        || hb[0].has_seen("node2") && hb[1].has_seen("node1"),
        &logs,
    );
    let mut answer = None;
    wait_for(
        "the service through node1",
        Duration::from_secs(30),
        || {
            answer = in_netns(lab.client(), || ask_001(vip));
            answer.is_some()
        },
        &logs,
    );
    let answer = answer.unwrap();
    assert!(
        String::from_utf8_lossy(&answer).contains("Sample SpringRing web application\n"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // Takeover: heartbeat stopped on node1 (a clean shutdown) gives everything to node2.
    let mut watch = Watch::start(lab.client(), ask_001, vip, answer.clone());
    let fault = watch.now();
    hb[0].heartbeat(&["-k"]);
    wait_all_on(&lab, parts_001, ALL_001, "node2", "node1", &logs);
    assert_eq!(
        in_netns(lab.client(), || ask_001(vip)).as_ref(),
        Some(&answer)
    );
    let hb_gap = watch.gap_since(fault);
    // Both real servers took part, through both balancers' health checks.
    for (http, sip) in &apps {
        assert!(!http.requests_to("/SpringRing/status").is_empty());
        assert!(sip.options.load(Ordering::SeqCst) > 0);
    }

    // Heartbeat stopped on node2 too: the nodes are free for Pacemaker.
    hb[1].heartbeat(&["-k"]);
    wait_for(
        "heartbeat to stop everything",
        Duration::from_secs(60),
        || !hb[0].running() && !hb[1].running() && parts_001(&lab, "node2").is_empty(),
        &logs,
    );

    // Pacemaker, from the same files on node1's disk.
    lab.start_cluster(Duration::from_secs(120));
    migrate_apply(
        &lab,
        &[
            "/etc/ha.d/ha.cf",
            "/etc/ha.d/haresources",
            "/etc/ha.d/ldirectord.cf",
        ],
    );
    wait_group_on(&lab, GROUP, "node1", Duration::from_secs(90));
    wait_all_on(&lab, parts_001, ALL_001, "node1", "node2", &logs);
    let mut pcmk_answer = None;
    wait_for(
        "the service through node1 under Pacemaker",
        Duration::from_secs(30),
        || {
            pcmk_answer = in_netns(lab.client(), || ask_001(vip));
            pcmk_answer.is_some()
        },
        &|| lab.report(),
    );
    assert_eq!(
        String::from_utf8_lossy(pcmk_answer.as_ref().unwrap()),
        String::from_utf8_lossy(&answer),
        "the migrated cluster answers differently"
    );
    let mut watch = Watch::start(lab.client(), ask_001, vip, answer.clone());
    let fault = watch.now();
    lab.stop_stack("node1", Duration::from_secs(90));
    wait_group_on(&lab, GROUP, "node2", Duration::from_secs(90));
    wait_all_on(&lab, parts_001, ALL_001, "node2", "node1", &logs);
    assert_eq!(
        in_netns(lab.client(), || ask_001(vip)).as_ref(),
        Some(&answer)
    );
    let pcmk_gap = watch.gap_since(fault);
    measured(&format!(
        "seed 001, clean stop of the active node: heartbeat v1 gap {} ms, migrated Pacemaker gap {} ms",
        hb_gap.as_millis(),
        pcmk_gap.as_millis()
    ));
}

// ---------------------------------------------------------------------------------------------
// Seed 003: session manager failover

const OSM: &str = "heartbeat-osm";
/// The session manager's port, and what it answers.
const OSM_PORT: u16 = 8080;
const OSM_NAME: &str = "Inuvika OVD Session Manager";

/// The `cron` init script in the nodes' /etc/init.d: LSB actions over a placeholder process.
const CRON: &str = r#"#!/bin/sh
### BEGIN INIT INFO
# Provides:          cron
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:
# Short-Description: cron's place in the lab: a process started and stopped like cron
### END INIT INFO
pidfile=/run/crond.pid
case "$1" in
start)
  exec start-stop-daemon --start --quiet --oknodo --background --make-pidfile \
    --pidfile $pidfile --exec /usr/bin/sleep -- 1000000 ;;
stop)
  start-stop-daemon --stop --quiet --oknodo --retry 5 --pidfile $pidfile --exec /usr/bin/sleep || exit 1
  rm -f $pidfile ;;
status)
  if start-stop-daemon --status --pidfile $pidfile --exec /usr/bin/sleep; then
    echo "cron is running"
  else
    echo "cron is not running"; exit 3
  fi ;;
*) echo "Usage: $0 {start|stop|status}" >&2; exit 2 ;;
esac
"#;

fn ask_003(vip: Ipv4Addr) -> Option<Vec<u8>> {
    http_get((vip, OSM_PORT).into())
}

/// What of seed 003's service node `node` runs: the VIP, cron, the session manager, the SNAT rule.
fn parts_003(lab: &Lab, node: &str) -> Vec<&'static str> {
    let vip = lab.topo().spare_v4(0).to_string();
    let mut v = Vec::new();
    if lab.ns(node).has_addr(&vip) {
        v.push("vip");
    }
    if lab
        .run(node, &["/etc/init.d/cron", "status"])
        .status
        .success()
    {
        v.push("cron");
    }
    if listening(lab, node, OSM_PORT, false) {
        v.push("session manager");
    }
    let nat = lab
        .ns(node)
        .run(&["iptables", "-w", "-t", "nat", "-S", "POSTROUTING"]);
    if String::from_utf8_lossy(&nat.stdout).contains(&format!("--to-source {vip}")) {
        v.push("snat");
    }
    v
}
const ALL_003: &[&str] = &["vip", "cron", "session manager", "snat"];

#[test]
fn seed003_session_manager_on_heartbeat_then_migrated_to_pacemaker() {
    require_root();
    require_heartbeat();
    bin("osm-failover");
    let lab = lab(&[], migrated_token(OSM, &["ha.cf", "haresources"]));
    let topo = lab.topo();
    let vip = topo.spare_v4(0);
    let client = topo.addr("client");
    let lab_names = |t: &str| t.replace("osm1", "node1").replace("osm2", "node2");
    let mut ha_cf = lab_names(&guide(OSM, "ha.cf"));
    ha_cf = swap(
        &ha_cf,
        "logfile /var/log/heartbeat.log",
        "logfile @DIR@/ha-log\ndebugfile @DIR@/ha-debug\nuse_logd no",
    );
    ha_cf = swap(&ha_cf, "logfacility daemon", "logfacility none");
    ha_cf = swap(&ha_cf, "bcast eth1", "bcast eth0");
    ha_cf = swap(&ha_cf, "ping 192.168.0.1", &format!("ping {client}"));
    let osm_cfg = format!(
        "global\n  maxconn 100\ndefaults\n  mode http\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n\
         frontend osm\n  bind :{OSM_PORT}\n  http-request return status 200 content-type text/plain string \"{OSM_NAME}\"\n"
    );
    let haresources = swap(
        &swap(
            &lab_names(&guide(OSM, "haresources")),
            "192.168.0.200",
            &format!("vip::{vip}/24/eth0"),
        ),
        "osm-failover.sh",
        &format!(
            "osm-failover::/usr/sbin/haproxy::{client}/32::{vip}::daemon_args=-db::daemon_args=-f::daemon_args=/etc/ha.d/osm.cfg"
        ),
    );
    // cron's init script, in each node's own /etc/init.d.
    for node in ["node1", "node2"] {
        lab.write_file(node, "/run/lab-init.d-cron", CRON);
        lab.ok(
            node,
            &[
                "sh",
                "-ec",
                "mkdir /run/lab-init.d && cp -a /etc/init.d/. /run/lab-init.d/ && \
                 install -m 755 /run/lab-init.d-cron /run/lab-init.d/cron && \
                 mount --bind /run/lab-init.d /etc/init.d",
            ],
        );
    }
    let files = HaFiles {
        ha_cf: &ha_cf,
        haresources: &haresources,
        files: &[("osm.cfg", &osm_cfg)],
    };
    let hb = [
        HeartbeatNode::in_lab(&lab, "node1", &files),
        HeartbeatNode::in_lab(&lab, "node2", &files),
    ];
    let logs = || rustha_lab::heartbeat::logs(&[&hb[0], &hb[1]]);
    let source = |node: &str| source_seen(lab.ns(node), lab.client(), IpAddr::V4(client));
    let own = |node: &str| IpAddr::V4(topo.addr(node));

    hb[0].heartbeat(&[]);
    hb[1].heartbeat(&[]);
    wait_all_on(&lab, parts_003, ALL_003, "node1", "node2", &logs);
    wait_for(
        "the nodes to see each other",
        Duration::from_secs(90),
        || hb[0].has_seen("node2") && hb[1].has_seen("node1"),
        &logs,
    );
    let answer = in_netns(lab.client(), || ask_003(vip)).expect("the session manager answers");
    assert!(
        String::from_utf8_lossy(&answer).ends_with(OSM_NAME),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // The session manager's node reaches the client from the VIP, the other from its own address.
    assert_eq!(source("node1"), IpAddr::V4(vip));
    assert_eq!(source("node2"), own("node2"));

    // Takeover: node1 crashes (every process killed, what the kernel held lost, link down).
    let mut watch = Watch::start(lab.client(), ask_003, vip, answer.clone());
    let fault = watch.now();
    lab.power_off("node1");
    wait_all_on(&lab, parts_003, ALL_003, "node2", "node1", &logs);
    assert_eq!(
        in_netns(lab.client(), || ask_003(vip)).as_ref(),
        Some(&answer)
    );
    assert_eq!(source("node2"), IpAddr::V4(vip));
    let hb_gap = watch.gap_since(fault);

    // Heartbeat stopped on node2, node1 back on the network: the nodes are free for Pacemaker.
    hb[1].heartbeat(&["-k"]);
    wait_for(
        "heartbeat to stop everything on node2",
        Duration::from_secs(60),
        || !hb[1].running() && parts_003(&lab, "node2").is_empty(),
        &logs,
    );
    lab.power_on("node1");

    lab.start_cluster(Duration::from_secs(180));
    migrate_apply(&lab, &["/etc/ha.d/ha.cf", "/etc/ha.d/haresources"]);
    wait_group_on(&lab, GROUP, "node1", Duration::from_secs(90));
    wait_all_on(&lab, parts_003, ALL_003, "node1", "node2", &logs);
    assert_eq!(
        in_netns(lab.client(), || ask_003(vip)).map(|a| String::from_utf8_lossy(&a).into_owned()),
        Some(String::from_utf8_lossy(&answer).into_owned()),
        "the migrated cluster answers differently"
    );
    assert_eq!(source("node1"), IpAddr::V4(vip));
    assert_eq!(source("node2"), own("node2"));

    let mut watch = Watch::start(lab.client(), ask_003, vip, answer.clone());
    let fault = watch.now();
    lab.power_off("node1");
    wait_group_on(&lab, GROUP, "node2", Duration::from_secs(120));
    wait_all_on(&lab, parts_003, ALL_003, "node2", "node1", &logs);
    assert_eq!(
        in_netns(lab.client(), || ask_003(vip)).as_ref(),
        Some(&answer)
    );
    assert_eq!(source("node2"), IpAddr::V4(vip));
    let pcmk_gap = watch.gap_since(fault);
    measured(&format!(
        "seed 003, crash of the active node: heartbeat v1 gap {} ms, migrated Pacemaker gap {} ms",
        hb_gap.as_millis(),
        pcmk_gap.as_millis()
    ));
}
