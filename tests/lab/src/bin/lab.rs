//! `lab`: the cluster lab from the command line.
//!
//! - `lab demo`: the seed guides' service in a two-node Pacemaker cluster in namespaces: the group
//!   `svc` (`ocf:rustha:vip` plus `ocf:rustha:proxy` with a haproxy.cfg listening on the VIP)
//!   created with pcs, in front of two application servers (the second a `backup`) on the lab
//!   bridge; a client using the service through the VIP and the proxy; then an application server
//!   failing its health check, the proxy daemon killed, and the active node failed three ways
//!   (standby, cut link, crash); prints the timeline the client saw (which node's proxy and which
//!   server answered, each gap, what Pacemaker did) and writes it as an SVG into `artifacts/`.
//!   Fencing is on (the lab's fence device, `stonith-enabled=true`; `--no-fencing` for without):
//!   the node cut off is powered off before its service moves, and powered on after the heal.
//! - `lab bench-failover`: client-visible failover gap of `ocf:rustha:vip` against
//!   `ocf:heartbeat:IPaddr2` in the same lab and run, for standby and a cut link (medians).
//! - `lab chaos --seed N --steps K`: the fault campaign (`rustha_lab::chaos`): the seed guides'
//!   stack on three nodes, random faults, invariants checked after each step; exits nonzero
//!   when it found a violation.
//! - `lab up`: a lab to explore by hand, until Ctrl-C (`--service`: with the demo's service running).
//! - `lab cleanup`: removes namespaces left by runs that were killed before cleaning up.
//!
//! Everything lives in namespaces this process creates; they are removed at exit, also on Ctrl-C
//! or a crash (see `rustha_harness::netns`).

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use rustha_harness::netns;
use rustha_harness::probe::{self, Prober, Responder};
use rustha_harness::proxy::{admin, parse_csv, HealthEndpoint};
use rustha_lab::chaos;
use rustha_lab::lab::{Lab, LabConfig, FENCE_DEVICE};
use rustha_lab::timeline::Timeline;

/// Port of the per-node identity responders on the benchmark's addresses.
const PORT: u16 = 7070;
const PROBE_EVERY: Duration = Duration::from_millis(10);

fn cli() -> Command {
    let bin_dir = Arg::new("bin-dir")
        .long("bin-dir")
        .value_name("DIR")
        .value_parser(value_parser!(PathBuf))
        .help("directory with the built agents (default: RUSTHA_BIN_DIR or target/release)");
    Command::new("lab")
        .about("Pacemaker/Corosync cluster lab in network namespaces: demo, failover benchmark")
        .subcommand_required(true)
        .subcommand(
            Command::new("demo")
                .about("two-node VIP + proxy demo: failed health check, killed proxy, standby, cut link, crash; timeline and SVG")
                .arg(bin_dir.clone())
                .arg(
                    Arg::new("out")
                        .long("out")
                        .value_name("DIR")
                        .default_value("artifacts")
                        .value_parser(value_parser!(PathBuf))
                        .help("where the SVG and text timeline go"),
                )
                .arg(
                    Arg::new("no-fencing")
                        .long("no-fencing")
                        .action(ArgAction::SetTrue)
                        .help("run without the lab's fence device (stonith-enabled=false)"),
                ),
        )
        .subcommand(
            Command::new("bench-failover")
                .about("client-visible failover gap: ocf:rustha:vip vs ocf:heartbeat:IPaddr2")
                .arg(bin_dir.clone())
                .arg(
                    Arg::new("rounds")
                        .long("rounds")
                        .default_value("5")
                        .value_parser(value_parser!(u32).range(1..=50))
                        .help("rounds per agent and scenario"),
                )
                .arg(
                    Arg::new("token")
                        .long("token")
                        .default_value("1000")
                        .value_parser(value_parser!(u32).range(200..=30000))
                        .help("corosync token timeout in ms"),
                ),
        )
        .subcommand(
            Command::new("chaos")
                .about("fault campaign on three nodes: seeded random faults, invariants after each step")
                .arg(bin_dir.clone())
                .arg(
                    Arg::new("seed")
                        .long("seed")
                        .default_value("1")
                        .value_parser(value_parser!(u64))
                        .help("seed of the fault generator (the same seed draws the same faults)"),
                )
                .arg(
                    Arg::new("steps")
                        .long("steps")
                        .default_value("10")
                        .value_parser(value_parser!(u32).range(1..=100_000))
                        .help("number of steps (one fault, or several at once, each)"),
                )
                .arg(
                    Arg::new("faults")
                        .long("faults")
                        .value_name("KIND,...")
                        .value_delimiter(',')
                        .help("draw only these kinds of fault (default: every kind; see docs/chaos.md)"),
                )
                .arg(
                    Arg::new("fencing")
                        .long("fencing")
                        .action(ArgAction::SetTrue)
                        .help("run the cluster with fencing"),
                )
                .arg(
                    Arg::new("unguard")
                        .long("unguard")
                        .value_name("GUARD")
                        .help("TESTS ONLY: switch one agent guard off, to show the campaign finds what it prevents"),
                )
                .arg(
                    Arg::new("out")
                        .long("out")
                        .value_name("DIR")
                        .default_value("artifacts")
                        .value_parser(value_parser!(PathBuf))
                        .help("where the SVG and text timeline go"),
                ),
        )
        .subcommand(
            Command::new("up")
                .about("bring up a lab and keep it until Ctrl-C, printing how to reach the nodes")
                .arg(bin_dir)
                .arg(
                    Arg::new("service")
                        .long("service")
                        .action(ArgAction::SetTrue)
                        .help("also the demo's service: app1, app2 and the group svc (vip + proxy)"),
                )
                .arg(
                    Arg::new("nodes")
                        .long("nodes")
                        .default_value("2")
                        .value_parser(value_parser!(u8).range(1..=3)),
                )
                .arg(
                    Arg::new("fencing")
                        .long("fencing")
                        .action(ArgAction::SetTrue)
                        .help("with the lab's fence device registered and stonith-enabled=true"),
                ),
        )
        .subcommand(
            Command::new("cleanup")
                .about("remove every lab namespace (rh<id>-*) left behind, with its processes")
                .arg(
                    Arg::new("yes")
                        .long("yes")
                        .action(ArgAction::SetTrue)
                        .help("do it (else list only)"),
                ),
        )
}

/// Exits at once on SIGINT/SIGTERM/SIGHUP, also when the signal was inherited as ignored (as
/// for background jobs of scripts): the netns watchdog then removes everything this run made.
fn exit_on_signals() {
    extern "C" fn bye(_: libc::c_int) {
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(130) };
    }
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let act = SigAction::new(SigHandler::Handler(bye), SaFlags::empty(), SigSet::empty());
    for sig in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        // SAFETY: the handler only calls _exit.
        let _ = unsafe { sigaction(sig, &act) };
    }
}

fn main() -> ExitCode {
    let m = cli().get_matches();
    exit_on_signals();
    if !nix::unistd::geteuid().is_root() {
        eprintln!("lab: must run as root (it creates network namespaces and clusters)");
        return ExitCode::from(2);
    }
    match m.subcommand() {
        Some(("demo", a)) => demo(
            bin_dir(a),
            a.get_one::<PathBuf>("out").expect("default"),
            !a.get_flag("no-fencing"),
        ),
        Some(("bench-failover", a)) => bench_failover(
            bin_dir(a),
            *a.get_one::<u32>("rounds").expect("default"),
            *a.get_one::<u32>("token").expect("default"),
        ),
        Some(("chaos", a)) => chaos(a),
        Some(("up", a)) => up(
            bin_dir(a),
            *a.get_one::<u8>("nodes").expect("default") as usize,
            a.get_flag("service"),
            a.get_flag("fencing"),
        ),
        Some(("cleanup", a)) => cleanup(a.get_flag("yes")),
        _ => unreachable!("subcommand_required"),
    }
}

fn bin_dir(a: &ArgMatches) -> PathBuf {
    a.get_one::<PathBuf>("bin-dir")
        .cloned()
        .unwrap_or_else(rustha_harness::bin_dir)
}

/// Brings up a lab as `cfg` says (nodes, token, extra hosts), with the agents of `bin_dir`.
fn lab(bin_dir: &Path, cfg: LabConfig) -> Lab {
    let t = Instant::now();
    println!(
        "lab: bringing up {} Pacemaker/Corosync node(s) and a client in network namespaces...",
        cfg.nodes
    );
    let lab = Lab::with_config(LabConfig {
        bin_dir: Some(bin_dir.to_path_buf()),
        ..cfg
    });
    let others: Vec<String> = lab
        .topo()
        .hosts()
        .iter()
        .skip(lab.node_names().len())
        .map(|h| format!("{} {}", h.name, h.v4))
        .collect();
    println!(
        "lab: run {} online after {:.1} s: {}, {} (agents from {})",
        lab.topo().run_id(),
        t.elapsed().as_secs_f64(),
        lab.node_names()
            .iter()
            .map(|n| format!("{n} {}", lab.topo().addr(n)))
            .collect::<Vec<_>>()
            .join(", "),
        others.join(", "),
        lab.bin_dir().unwrap_or(bin_dir).display()
    );
    if lab.fencing() {
        println!(
            "lab: fencing on: stonith device {FENCE_DEVICE} ({}, the lab's power switch), stonith-action=off",
            rustha_lab::fence::AGENT
        );
    }
    lab
}

/// What a run owns, recorded while it is up, to check after teardown that none of it survived:
/// its namespaces by name, and the kernel's ids of its network namespaces and of its nodes'
/// mount namespaces (any process still inside one of them is a leftover, and would also keep
/// the node's mounts alive).
struct Footprint {
    names: Vec<String>,
    ids: Vec<String>,
}

impl Footprint {
    fn of(lab: &Lab) -> Footprint {
        let names = lab.topo().namespaces();
        let mut ids: Vec<String> = names
            .iter()
            .filter_map(|n| std::fs::metadata(format!("/run/netns/{n}")).ok())
            .map(|m| format!("net:[{}]", std::os::unix::fs::MetadataExt::ino(&m)))
            .collect();
        ids.extend(lab.node_names().iter().filter_map(|n| {
            let link = std::fs::read_link(format!("/proc/{}/ns/mnt", lab.node(n).pid())).ok()?;
            Some(link.to_string_lossy().into_owned())
        }));
        Footprint { names, ids }
    }

    /// The namespaces and processes of the run that still exist.
    fn left_behind(&self) -> Vec<String> {
        let mut left: Vec<String> = self
            .names
            .iter()
            .filter(|n| netns::exists(n))
            .cloned()
            .collect();
        let Ok(procs) = std::fs::read_dir("/proc") else {
            return left;
        };
        for p in procs.filter_map(Result::ok) {
            let pid = p.file_name().to_string_lossy().into_owned();
            if !pid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let inside = ["net", "mnt"].iter().any(|k| {
                std::fs::read_link(p.path().join("ns").join(k))
                    .is_ok_and(|l| self.ids.contains(&l.to_string_lossy().into_owned()))
            });
            if inside {
                let comm = std::fs::read_to_string(p.path().join("comm")).unwrap_or_default();
                left.push(format!("process {pid} ({})", comm.trim()));
            }
        }
        left
    }
}

// ---------------------------------------------------------------------------------------------
// The demo service

/// The service port: the proxy's listener on the VIP, and the application servers' port.
const SERVICE_PORT: u16 = 80;
/// How long the demo's client waits for an answer once connected: through the proxy an answer
/// needs the proxy and the server scheduled in turn, which on a busy machine with few cores can take
/// tens of milliseconds without anything having failed.
const ANSWER_TIMEOUT: Duration = Duration::from_millis(250);
/// The application servers' health port (HAProxy's `check port`, as pgsqlchk in seed 002).
const CHECK_PORT: u16 = 8081;
/// The application servers behind the proxy, each a host on the lab bridge: the first is
/// active, the second its `backup` (seed 000's warm standby).
const APPS: [&str; 2] = ["app1", "app2"];
/// Where each node keeps the proxy's configuration: in its private `/run` (a tmpfs that goes
/// with the node), so the host's filesystem is never written.
const PROXY_CFG: &str = "/run/rustha-lab/haproxy.cfg";
/// The proxy's admin socket (`stats socket`), in the node's private `/run` as well.
const PROXY_SOCKET: &str = "/run/rustha-lab/admin.sock";

/// The proxy's configuration, in haproxy.cfg syntax as the seed guides write it: seed 000's
/// active server with a backup, seed 002's TCP mode with the health asked over HTTP on another
/// port, bound to the cluster's floating address.
fn proxy_config(vip: Ipv4Addr, apps: &[(&str, Ipv4Addr)]) -> String {
    let mut servers = String::new();
    for (i, (name, addr)) in apps.iter().enumerate() {
        servers += &format!(
            "    server {name} {addr}:{SERVICE_PORT} check port {CHECK_PORT}{}\n",
            if i > 0 { " backup" } else { "" }
        );
    }
    format!(
        "global\n    maxconn 1000\n    stats socket {PROXY_SOCKET} mode 600 level admin\n\n\
         defaults\n    mode tcp\n    retries 2\n    timeout client 30m\n    timeout connect 4s\n    \
         timeout server 30m\n    timeout check 1s\n\n\
         # The application servers answer on {SERVICE_PORT}; their health endpoint on {CHECK_PORT} says\n\
         # 200 while the server may take traffic, 503 otherwise.\n\
         listen app\n    bind {vip}:{SERVICE_PORT}\n    option httpchk GET /health HTTP/1.0\n    \
         http-check expect status 200\n    \
         # seed 002 checks every 3 s (fall 3 rise 2); quicker here to keep the demo short\n    \
         default-server inter 500ms fall 2 rise 2\n\
         {servers}"
    )
}

/// An application server: a namespace on the lab bridge whose service port answers each
/// connection with `<node>/<app>`, naming the node whose proxy connected (known from the
/// connection's source: a proxy connects from its node's own address), and whose health
/// endpoint the demo switches between 200 and 503.
struct App {
    name: &'static str,
    health: HealthEndpoint,
    _service: Responder,
}

fn start_apps(lab: &Lab) -> Vec<App> {
    let nodes = lab.node_by_addr();
    APPS.iter()
        .map(|&name| {
            let addr = lab.topo().addr(name);
            let nodes = nodes.clone();
            let service =
                Responder::start_with(lab.ns(name), addr.into(), SERVICE_PORT, move |p| {
                    let via = nodes
                        .get(&p.ip())
                        .cloned()
                        .unwrap_or_else(|| p.ip().to_string());
                    format!("{via}/{name}\n")
                });
            let health = probe::in_netns(lab.ns(name), || {
                HealthEndpoint::start(&addr.to_string(), CHECK_PORT, 200)
            });
            App {
                name,
                health,
                _service: service,
            }
        })
        .collect()
}

/// Creates the service with pcs: the group `svc` (its members run together, start in this order
/// and stop in reverse) of the floating address and the proxy listening on it.
fn create_service(lab: &Lab, vip: Ipv4Addr) {
    let ip = format!("ip={vip}");
    let cfg = format!("config={PROXY_CFG}");
    let resources: [(&str, &str, Vec<&str>); 2] = [
        (
            "vip",
            "ocf:rustha:vip",
            vec![&ip, "cidr_netmask=24", "nic=eth0"],
        ),
        ("proxy", "ocf:rustha:proxy", vec![&cfg]),
    ];
    for (id, agent, params) in resources {
        let mut args: Vec<&str> = vec!["resource", "create", id, agent];
        args.extend(params);
        args.extend(["op", "monitor", "interval=2s", "--group", "svc"]);
        println!("demo: pcs {}", args.join(" "));
        lab.pcs(&args);
    }
}

/// What the proxy on `node` says about its servers (`show stat` on its admin socket), e.g.
/// `app1 DOWN (L7STS 503), app2 UP (backup)`; empty when it does not answer. The socket is in the
/// node's mount namespace, reached through its holder's root (`/proc/PID/root`).
fn proxy_view(lab: &Lab, node: &str) -> String {
    let socket = format!("/proc/{}/root{PROXY_SOCKET}", lab.node(node).pid());
    let csv = admin(Path::new(&socket), "show stat");
    let Some(header) = csv.lines().find_map(|l| l.strip_prefix("# ")) else {
        return String::new();
    };
    let col = |name: &str| header.split(',').position(|c| c == name);
    let (Some(status), Some(check), Some(code), Some(bck)) = (
        col("status"),
        col("check_status"),
        col("check_code"),
        col("bck"),
    ) else {
        return String::new();
    };
    parse_csv(&csv)
        .into_iter()
        .filter(|r| r.len() > status.max(check).max(code).max(bck))
        .filter(|r| r[0] == "app" && APPS.contains(&r[1].as_str()))
        .map(|r| {
            let mut s = format!("{} {}", r[1], r[status]);
            if !r[status].starts_with("UP") {
                s += &format!(" ({} {})", r[check], r[code]);
            }
            if r[bck] == "1" {
                s += " (backup)";
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A client answer served through the proxy on `node`.
fn via(node: &str) -> impl Fn(&str) -> bool + '_ {
    move |s: &str| s.split('/').next() == Some(node)
}

/// A client answer from application server `app`.
fn from_app(app: &str) -> impl Fn(&str) -> bool + '_ {
    move |s: &str| s.split('/').nth(1) == Some(app)
}

/// Brings up the demo's service in `lab` (whose extra hosts are [`APPS`]): the application
/// servers, the proxy's configuration on every node, and the group `svc` created with pcs and
/// started on node1. Returns the VIP and the application servers (they stop when dropped).
fn start_service(lab: &Lab) -> (Ipv4Addr, Vec<App>) {
    let vip = lab.topo().spare_v4(0);
    let apps = start_apps(lab);
    let app_addrs: Vec<(&str, Ipv4Addr)> = APPS.iter().map(|a| (*a, lab.topo().addr(a))).collect();
    println!(
        "demo: application servers {} (service :{SERVICE_PORT}, health :{CHECK_PORT})",
        app_addrs
            .iter()
            .map(|(a, ip)| format!("{a} {ip}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let cfg = proxy_config(vip, &app_addrs);
    for n in lab.node_names() {
        lab.write_file(&n, PROXY_CFG, &cfg);
    }
    println!("demo: {PROXY_CFG} on every node:");
    for l in cfg.lines() {
        println!("  | {l}");
    }
    create_service(lab, vip);
    // Prefer node1 a little, but stick to wherever the service runs (no failback ping-pong).
    lab.pcs(&["resource", "meta", "svc", "resource-stickiness=100"]);
    lab.pcs(&["constraint", "location", "svc", "prefers", "node1=50"]);
    lab.wait_started_on("proxy", "node1", Duration::from_secs(30));
    println!("demo: service {vip}:{SERVICE_PORT} started on node1");
    println!("demo: the proxy on node1 sees {}", proxy_view(lab, "node1"));
    (vip, apps)
}

fn demo(bin_dir: PathBuf, out: &Path, fencing: bool) -> ExitCode {
    let started = Instant::now();
    for bin in ["vip", "proxy"] {
        if !bin_dir.join(bin).exists() {
            eprintln!(
                "demo: {} has no {bin} binary; run `make build`",
                bin_dir.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let lab = lab(
        &bin_dir,
        LabConfig {
            extra_hosts: APPS.iter().map(|a| a.to_string()).collect(),
            fencing,
            ..LabConfig::default()
        },
    );
    let footprint = Footprint::of(&lab);
    let (vip, apps) = start_service(&lab);
    println!();

    let prober = Prober::start_with(
        lab.client(),
        IpAddr::V4(vip),
        SERVICE_PORT,
        PROBE_EVERY,
        ANSWER_TIMEOUT,
    );
    // The wall clock at the prober's time zero, to place Pacemaker's logged actions on it.
    let wall0 = SystemTime::now() - prober.now();
    let mut tl = Timeline {
        in_flight: probe::PROBE_TIMEOUT + ANSWER_TIMEOUT,
        ..Timeline::default()
    };
    tl.note(
        prober.now(),
        format!(
            "client starts probing {vip}:{SERVICE_PORT} every {} ms (connect within {} ms, answer within {} ms)",
            PROBE_EVERY.as_millis(),
            probe::PROBE_TIMEOUT.as_millis(),
            ANSWER_TIMEOUT.as_millis()
        ),
    );
    prober.wait_served(None, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(500));
    let answers: Vec<String> = prober
        .samples()
        .iter()
        .rev()
        .take(5)
        .filter_map(|s| s.server.clone())
        .collect();
    println!(
        "demo: client -> {vip}:{SERVICE_PORT}: answered by {} (<node whose proxy served>/<application server>)",
        answers.join(", ")
    );
    let ping = lab.client().run(&["ping", "-c1", "-W1", &vip.to_string()]);
    println!(
        "demo: client ping {vip}: {}",
        if ping.status.success() {
            "ok"
        } else {
            "failed"
        }
    );
    std::thread::sleep(Duration::from_secs(1));

    let settle = |who: &str| {
        lab.ok(who, &["crm_resource", "--wait", "--timeout=60s"]);
    };
    let missed = std::cell::Cell::new(0);
    let wait = |what: &str, accept: &dyn Fn(&str) -> bool| {
        if !prober.wait_answer(accept, Duration::from_secs(30)) {
            println!("demo: client was not served {what} within 30 s");
            missed.set(missed.get() + 1);
        }
    };
    let active = || {
        lab.locate("proxy")
            .first()
            .cloned()
            .unwrap_or_else(|| "node1".into())
    };
    let other = |n: &str| if n == "node1" { "node2" } else { "node1" };
    let (app1, app2) = (&apps[0], &apps[1]);

    // 1. The active application server fails its health check; its service port still works
    // (as when the database behind it became a standby): the proxy moves new connections to
    // the backup once the check has failed `fall` times, without a failed connection.
    tl.fault(
        prober.now(),
        format!("{} fails its health check (503)", app1.name),
    );
    println!(
        "demo: fault 1: {}'s health check answers 503 (its service port still answers)",
        app1.name
    );
    app1.health.set(503);
    wait(&format!("by {}", app2.name), &from_app(app2.name));
    let view = proxy_view(&lab, "node1");
    println!("demo: the proxy on node1 sees {view}");
    tl.note(prober.now(), format!("proxy on node1: {view}"));
    std::thread::sleep(Duration::from_secs(1));
    tl.note(prober.now(), format!("{} healthy again (200)", app1.name));
    app1.health.set(200);
    wait(&format!("by {}", app1.name), &from_app(app1.name));
    std::thread::sleep(Duration::from_secs(1));

    // 2. The proxy daemon dies (kill -9): the recurring monitor notices within its interval and
    // Pacemaker restarts the proxy in place; the VIP stays, so clients are refused meanwhile.
    let pidfile = "/run/rustha-proxy-proxy.pid";
    let pid = lab.try_ok("node1", &["cat", pidfile]).unwrap_or_default();
    let pid = pid.trim().to_string();
    tl.fault(prober.now(), "proxy daemon on node1 killed (kill -9)");
    println!("demo: fault 2: kill -9 of the proxy daemon on node1 (pid {pid})");
    let _ = lab.try_ok("node1", &["kill", "-9", &pid]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while lab
        .try_ok("node1", &["cat", pidfile])
        .map_or(true, |p| p.trim().is_empty() || p.trim() == pid)
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    wait("through node1 again", &via("node1"));
    std::thread::sleep(Duration::from_secs(1));
    tl.note(
        prober.now(),
        "pcs resource cleanup proxy (forget the failure)",
    );
    lab.pcs(&["resource", "cleanup", "proxy"]);
    settle("node1");
    std::thread::sleep(Duration::from_secs(1));

    // 3. Standby.
    tl.fault(prober.now(), "pcs node standby node1");
    println!("demo: fault 3: pcs node standby node1");
    lab.pcs(&["node", "standby", "node1"]);
    wait("through node2", &via("node2"));
    std::thread::sleep(Duration::from_secs(1));
    tl.note(
        prober.now(),
        "pcs node unstandby node1 (stickiness keeps the service on node2)",
    );
    lab.pcs(&["node", "unstandby", "node1"]);
    settle("node1");
    std::thread::sleep(Duration::from_secs(2));

    // 4. Cut link of the active node.
    let from = active();
    let to = other(&from);
    tl.fault(prober.now(), format!("link of {from} cut"));
    println!("demo: fault 4: link of {from} cut");
    lab.cut(&from);
    wait(&format!("through {to}"), &via(to));
    std::thread::sleep(Duration::from_secs(1));
    tl.note(prober.now(), format!("link of {from} healed"));
    lab.heal(&from);
    if lab.is_powered_off(&from) {
        // With fencing, the node cut off was powered off before its service moved.
        tl.note(
            prober.now(),
            format!("{from} was fenced; powered on, rejoins"),
        );
        println!("demo: {from} was fenced (powered off) while cut off; powering it on");
        lab.boot(&from);
    }
    lab.wait_online(Duration::from_secs(60));
    settle(to);
    lab.pcs(&["resource", "cleanup", "svc"]);
    settle(to);
    std::thread::sleep(Duration::from_secs(2));

    // 5. Crash of the active node.
    let from = active();
    let to = other(&from);
    tl.fault(prober.now(), format!("{from} crashed"));
    println!(
        "demo: fault 5: {from} crashed (kill -9 of everything on it, its link down, addresses gone)"
    );
    lab.power_off(&from);
    wait(&format!("through {to}"), &via(to));
    std::thread::sleep(Duration::from_secs(1));
    tl.note(prober.now(), format!("{from} booted, rejoins"));
    lab.boot(&from);
    lab.wait_online(Duration::from_secs(60));
    settle(to);
    std::thread::sleep(Duration::from_secs(1));
    let holders = lab.addr_holders(&vip.to_string());
    let proxies = lab.locate("proxy");
    for n in &proxies {
        println!("demo: the proxy on {n} sees {}", proxy_view(&lab, n));
    }
    tl.note(
        prober.now(),
        format!(
            "end: {vip} is on {}, the proxy runs on {}",
            holders.join(", "),
            proxies.join(", ")
        ),
    );

    tl.samples = prober.stop();
    tl.pacemaker_actions(&lab, wall0);
    for e in lab.power_events() {
        if let Ok(after) = e.at.duration_since(wall0) {
            tl.action(
                after,
                format!(
                    "fencing: {} powered {} by the fence device (asked by {})",
                    e.node, e.action, e.by
                ),
            );
        }
    }
    if missed.get() > 0 {
        // Why the client was not served as expected: the cluster's own account.
        println!("demo: the cluster at the end:\n{}", lab.report());
        for n in lab.node_names() {
            println!("demo: {n}'s log:\n{}", lab.logs(&n, 40));
        }
    }
    println!("\n=== what the client saw ===\n{}", tl.render_text());
    let title = format!(
        "rustha demo: client -> {vip}:{SERVICE_PORT} (ocf:rustha:vip) -> ocf:rustha:proxy -> {} / {} (backup); two nodes, run {}",
        app1.name,
        app2.name,
        lab.topo().run_id()
    );
    let svg = tl.render_svg(&title, PROBE_EVERY);
    let written = std::fs::create_dir_all(out)
        .and_then(|()| std::fs::write(out.join("failover-demo.svg"), svg))
        .and_then(|()| std::fs::write(out.join("failover-demo.txt"), tl.render_text()));
    match written {
        Ok(()) => println!(
            "demo: timeline picture: {}",
            out.join("failover-demo.svg").display()
        ),
        Err(e) => eprintln!("demo: cannot write to {}: {e}", out.display()),
    }
    drop(apps);
    lab.shutdown();
    let left = footprint.left_behind();
    println!(
        "demo: torn down; left behind: {}; total {:.0} s",
        if left.is_empty() {
            "nothing".to_string()
        } else {
            left.join(" ")
        },
        started.elapsed().as_secs_f64()
    );
    if left.is_empty() && holders.len() == 1 && proxies == holders && missed.get() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

// ---------------------------------------------------------------------------------------------
// Benchmark

/// The agents compared, each managing its own address: `(label, agent, resource id)`.
const CONTENDERS: [(&str, &str, &str); 2] = [
    ("rustha:vip", "ocf:rustha:vip", "v"),
    ("IPaddr2", "ocf:heartbeat:IPaddr2", "h"),
];

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    match v.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

/// Both agents' addresses, each with its own client, failed over by the same faults: the
/// resources are colocated, so one fault moves both in the same transition, and the difference
/// between the two gaps is the agents' own.
struct Bench<'a> {
    lab: &'a Lab,
    probers: Vec<Prober>,
    _responders: Vec<Responder>,
}

impl Bench<'_> {
    fn settle(&self) {
        self.lab.ok(
            &self.lab.admin_node(),
            &["crm_resource", "--wait", "--timeout=60s"],
        );
    }

    fn active(&self) -> Option<String> {
        self.lab.locate(CONTENDERS[0].2).first().cloned()
    }

    /// Injects `fault` on the active node and returns each agent's client-visible gap, once both
    /// clients are served by the other node (`None` for an agent whose client never was).
    fn measure(&self, fault: impl Fn(&str)) -> Result<(String, Vec<Option<Duration>>), String> {
        let active = self.active().ok_or("resources not running")?;
        let other = if active == "node1" { "node2" } else { "node1" };
        let t: Vec<Duration> = self.probers.iter().map(Prober::now).collect();
        fault(&active);
        let served: Vec<bool> = self
            .probers
            .iter()
            .map(|p| p.wait_served(Some(other), Duration::from_secs(30)))
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let gaps = self
            .probers
            .iter()
            .zip(t)
            .zip(served)
            .map(|((p, t), ok)| ok.then(|| probe::outage(&p.samples(), t, p.now())))
            .collect();
        Ok((active, gaps))
    }

    /// The gaps the clients saw from `t` (per prober) until now.
    fn since(&self, t: &[Duration]) -> Vec<Duration> {
        self.probers
            .iter()
            .zip(t)
            .map(|(p, &t)| probe::outage(&p.samples(), t, p.now()))
            .collect()
    }
}

fn bench_failover(bin_dir: PathBuf, rounds: u32, token_ms: u32) -> ExitCode {
    if !bin_dir.join("vip").exists() {
        eprintln!(
            "bench-failover: {} has no vip binary; run `make build`",
            bin_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let lab = lab(
        &bin_dir,
        LabConfig {
            token_ms,
            ..LabConfig::default()
        },
    );
    let footprint = Footprint::of(&lab);
    let addrs: Vec<Ipv4Addr> = (0..CONTENDERS.len() as u8)
        .map(|i| lab.topo().spare_v4(i))
        .collect();
    let mut responders = Vec::new();
    for a in &addrs {
        for n in lab.node_names() {
            responders.push(Responder::start(lab.ns(&n), (*a).into(), PORT, &n));
        }
    }
    for ((_, agent, id), a) in CONTENDERS.iter().zip(&addrs) {
        lab.pcs(&[
            "resource",
            "create",
            id,
            agent,
            &format!("ip={a}"),
            "cidr_netmask=24",
            "nic=eth0",
            "meta",
            "resource-stickiness=100",
            "op",
            "monitor",
            "interval=2s",
        ]);
    }
    lab.pcs(&[
        "constraint",
        "colocation",
        "add",
        CONTENDERS[1].2,
        "with",
        CONTENDERS[0].2,
        "INFINITY",
    ]);
    for (_, _, id) in CONTENDERS {
        lab.wait_started(id, Duration::from_secs(30));
    }
    let probers: Vec<Prober> = addrs
        .iter()
        .map(|a| Prober::start(lab.client(), IpAddr::V4(*a), PORT, PROBE_EVERY))
        .collect();
    for p in &probers {
        p.wait_served(None, Duration::from_secs(10));
    }
    let bench = Bench {
        lab: &lab,
        probers,
        _responders: responders,
    };
    println!(
        "bench: {} ({}) and {} ({}) colocated; each fault moves both",
        CONTENDERS[0].0, addrs[0], CONTENDERS[1].0, addrs[1]
    );
    // results[scenario][agent]
    let mut results: Vec<Vec<Vec<Duration>>> = vec![vec![Vec::new(); CONTENDERS.len()]; 3];
    let record = |results: &mut Vec<Vec<Vec<Duration>>>,
                  sc: usize,
                  what: &str,
                  r: u32,
                  gaps: &[Option<Duration>]| {
        let mut line = format!("bench: {what:<9} round {r}:");
        for (i, g) in gaps.iter().enumerate() {
            match g {
                Some(g) => {
                    results[sc][i].push(*g);
                    line += &format!("  {} {:>5} ms", CONTENDERS[i].0, ms(*g));
                }
                None => line += &format!("  {} not served", CONTENDERS[i].0),
            }
        }
        println!("{line}");
    };
    for r in 1..=rounds {
        match bench.measure(|n| {
            lab.pcs(&["node", "standby", n]);
        }) {
            Ok((_, gaps)) => record(&mut results, 0, "standby", r, &gaps),
            Err(e) => println!("bench: standby   round {r}: FAILED: {e}"),
        }
        for n in lab.node_names() {
            lab.pcs(&["node", "unstandby", &n]);
        }
        bench.settle();
    }
    for r in 1..=rounds {
        match bench.measure(|n| lab.cut(n)) {
            Ok((_, gaps)) => record(&mut results, 1, "cut link", r, &gaps),
            Err(e) => println!("bench: cut link  round {r}: FAILED: {e}"),
        }
        // Heal, and measure what the merge of the partitions costs the clients.
        let t: Vec<Duration> = bench.probers.iter().map(Prober::now).collect();
        for n in lab.node_names() {
            lab.heal(&n);
        }
        lab.wait_online(Duration::from_secs(60));
        bench.settle();
        lab.pcs(&["resource", "cleanup"]);
        bench.settle();
        for p in &bench.probers {
            p.wait_served(None, Duration::from_secs(30));
        }
        std::thread::sleep(Duration::from_millis(500));
        let heal: Vec<Option<Duration>> = bench.since(&t).into_iter().map(Some).collect();
        record(&mut results, 2, "heal", r, &heal);
    }
    drop(bench);
    lab.shutdown();

    println!(
        "\nclient-visible gap in ms, client probing every {} ms, corosync token {token_ms} ms, \
         medians of {rounds} rounds, both agents failed over by the same faults",
        PROBE_EVERY.as_millis()
    );
    println!(
        "| scenario | {} | {} | ratio |",
        CONTENDERS[0].0, CONTENDERS[1].0
    );
    println!("|---|---:|---:|---:|");
    for (i, name) in ["standby", "cut link", "heal after cut"]
        .into_iter()
        .enumerate()
    {
        let a = median(&results[i][0]);
        let b = median(&results[i][1]);
        let ratio = if b.is_zero() {
            "-".to_string()
        } else {
            format!("{:.2}", a.as_secs_f64() / b.as_secs_f64())
        };
        println!("| {name} | {} | {} | {ratio} |", ms(a), ms(b));
    }
    println!(
        "(ratio = {} / {}; below 1 is better)",
        CONTENDERS[0].0, CONTENDERS[1].0
    );
    let left = footprint.left_behind();
    if !left.is_empty() {
        eprintln!("bench-failover: left behind: {}", left.join(" "));
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------------------------

fn up(bin_dir: PathBuf, nodes: usize, service: bool, fencing: bool) -> ExitCode {
    if service && !["vip", "proxy"].iter().all(|b| bin_dir.join(b).exists()) {
        eprintln!(
            "up: --service needs vip and proxy in {}; run `make build`",
            bin_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let lab = lab(
        &bin_dir,
        LabConfig {
            nodes,
            extra_hosts: if service {
                APPS.iter().map(|a| a.to_string()).collect()
            } else {
                Vec::new()
            },
            fencing,
            ..LabConfig::default()
        },
    );
    let running = service.then(|| start_service(&lab));
    for n in lab.node_names() {
        println!(
            "  {n}: nsenter -t {} -m -n bash    (pcs status, crm_mon -1, ip addr ...)",
            lab.node(&n).pid()
        );
    }
    println!("  client: ip netns exec {} bash", lab.client().name());
    if let Some((vip, _)) = &running {
        println!(
            "  the service from the client: ip netns exec {} bash -c 'cat < /dev/tcp/{vip}/{SERVICE_PORT}'",
            lab.client().name()
        );
        println!(
            "  the proxy's admin socket on a node: {PROXY_SOCKET} (e.g. echo 'show stat' | socat stdio {PROXY_SOCKET})"
        );
    }
    println!(
        "  spare addresses for VIPs: {} ... ({} for IPv6)",
        // The service's VIP is the first spare address.
        lab.topo().spare_v4(u8::from(service)),
        lab.topo().spare_v6(0)
    );
    println!("lab: up; Ctrl-C tears everything down");
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn chaos(a: &ArgMatches) -> ExitCode {
    // Release builds abort on a panic: stop the databases and remove their files then.
    rustha_harness::mariadb::stop_all_on_panic();
    rustha_harness::pg::stop_all_on_panic();
    let kinds = match a
        .get_many::<String>("faults")
        .into_iter()
        .flatten()
        .map(|k| chaos::fault::Kind::parse(k))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(k) => k,
        Err(e) => {
            eprintln!("chaos: {e}");
            return ExitCode::from(2);
        }
    };
    let o = chaos::Options {
        seed: *a.get_one::<u64>("seed").expect("default"),
        steps: *a.get_one::<u32>("steps").expect("default") as usize,
        bin_dir: bin_dir(a),
        out: a.get_one::<PathBuf>("out").expect("default").clone(),
        kinds,
        unguard: a.get_one::<String>("unguard").cloned(),
        fencing: a.get_flag("fencing"),
    };
    match chaos::run(&o) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("chaos: {e}");
            ExitCode::from(2)
        }
    }
}

fn cleanup(yes: bool) -> ExitCode {
    let ours: Vec<String> = netns::list()
        .into_iter()
        .filter(|n| netns::is_lab_name(n))
        .collect();
    if ours.is_empty() {
        println!("cleanup: no lab namespaces");
    } else if yes {
        netns::cleanup_all();
        println!("cleanup: removed {}", ours.join(" "));
    } else {
        println!("cleanup: would remove {} (add --yes)", ours.join(" "));
    }
    ExitCode::SUCCESS
}
