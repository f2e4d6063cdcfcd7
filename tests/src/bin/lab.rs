//! `lab`: the cluster lab from the command line.
//!
//! - `lab demo`: a two-node Pacemaker cluster in namespaces, the service's resources created with
//!   pcs, a client using the service, then the active node failed three ways (standby, cut link,
//!   crash); prints the timeline the client saw and writes it as an SVG into `artifacts/`.
//! - `lab bench-failover`: client-visible failover gap of `ocf:rustha:vip` against
//!   `ocf:heartbeat:IPaddr2` in the same lab and run, for standby and a cut link (medians).
//! - `lab up`: a lab to explore by hand, until Ctrl-C.
//! - `lab cleanup`: removes namespaces left by runs that were killed before cleaning up.
//!
//! Everything lives in namespaces this process creates; they are removed at exit, also on Ctrl-C
//! or a crash (see `rustha_tests::netns`).

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use rustha_tests::lab::{Lab, LabConfig};
use rustha_tests::netns;
use rustha_tests::probe::{self, Prober, Responder};
use rustha_tests::timeline::Timeline;

/// Port of the per-node identity responders on the service address.
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
                .about("two-node failover demo: standby, cut link, crash; timeline and SVG")
                .arg(bin_dir.clone())
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
            Command::new("up")
                .about("bring up a lab and keep it until Ctrl-C, printing how to reach the nodes")
                .arg(bin_dir)
                .arg(
                    Arg::new("nodes")
                        .long("nodes")
                        .default_value("2")
                        .value_parser(value_parser!(u8).range(1..=3)),
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
        Some(("demo", a)) => demo(bin_dir(a), a.get_one::<PathBuf>("out").expect("default")),
        Some(("bench-failover", a)) => bench_failover(
            bin_dir(a),
            *a.get_one::<u32>("rounds").expect("default"),
            *a.get_one::<u32>("token").expect("default"),
        ),
        Some(("up", a)) => up(
            bin_dir(a),
            *a.get_one::<u8>("nodes").expect("default") as usize,
        ),
        Some(("cleanup", a)) => cleanup(a.get_flag("yes")),
        _ => unreachable!("subcommand_required"),
    }
}

fn bin_dir(a: &ArgMatches) -> PathBuf {
    a.get_one::<PathBuf>("bin-dir")
        .cloned()
        .unwrap_or_else(rustha_tests::bin_dir)
}

fn lab(bin_dir: &Path, nodes: usize, token_ms: u32) -> Lab {
    let t = Instant::now();
    println!(
        "lab: bringing up {nodes} Pacemaker/Corosync node(s) and a client in network namespaces..."
    );
    let lab = Lab::with_config(LabConfig {
        nodes,
        token_ms,
        bin_dir: Some(bin_dir.to_path_buf()),
        ..LabConfig::default()
    });
    println!(
        "lab: run {} online after {:.1} s: {}, client {} (agents from {})",
        lab.topo().run_id(),
        t.elapsed().as_secs_f64(),
        lab.node_names()
            .iter()
            .map(|n| format!("{n} {}", lab.topo().addr(n)))
            .collect::<Vec<_>>()
            .join(", "),
        lab.topo().addr("client"),
        lab.bin_dir().unwrap_or(bin_dir).display()
    );
    lab
}

/// Checks that none of the run's namespaces survived.
fn left_behind(run_id: &str) -> Vec<String> {
    netns::list()
        .into_iter()
        .filter(|n| n.starts_with(&format!("{}{run_id}-", netns::PREFIX)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The demo service

/// One resource of the demo service, created with pcs into the group `svc` (so its members run
/// together and start in this order).
struct ResourceDef {
    id: &'static str,
    agent: String,
    params: Vec<String>,
    /// The rustha binary the resource needs; skipped (with a note) when it is not built.
    needs: Option<&'static str>,
}

/// The service the demo runs. The VIP now; the proxy and its backends join this list as those
/// agents land, so the demo grows into the seed guides' setups.
fn service(vip: Ipv4Addr) -> Vec<ResourceDef> {
    vec![ResourceDef {
        id: "vip",
        agent: "ocf:rustha:vip".into(),
        params: vec![
            format!("ip={vip}"),
            "cidr_netmask=24".into(),
            "nic=eth0".into(),
        ],
        needs: Some("vip"),
    }]
}

fn create_service(lab: &Lab, defs: &[ResourceDef]) -> Vec<&'static str> {
    let mut created = Vec::new();
    for d in defs {
        if let Some(bin) = d.needs {
            if !lab.bin_dir().is_some_and(|b| b.join(bin).exists()) {
                println!("demo: {} skipped: {bin} is not built", d.id);
                continue;
            }
        }
        let mut args: Vec<&str> = vec!["resource", "create", d.id, &d.agent];
        args.extend(d.params.iter().map(String::as_str));
        args.extend(["op", "monitor", "interval=2s", "--group", "svc"]);
        println!("demo: pcs {}", args.join(" "));
        lab.pcs(&args);
        created.push(d.id);
    }
    created
}

fn demo(bin_dir: PathBuf, out: &Path) -> ExitCode {
    let started = Instant::now();
    if !bin_dir.join("vip").exists() {
        eprintln!(
            "demo: {} has no vip binary; run `make build`",
            bin_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let lab = lab(&bin_dir, 2, 1000);
    let run_id = lab.topo().run_id();
    let vip = lab.topo().spare_v4(0);
    let nodes = lab.node_names();

    // Each node answers on the service address with its own name, so the client can tell who
    // served it (the responders listen before the address exists: IP_FREEBIND).
    let _responders: Vec<Responder> = nodes
        .iter()
        .map(|n| Responder::start(lab.ns(n), vip.into(), PORT, n))
        .collect();
    let created = create_service(&lab, &service(vip));
    let first = created[0];
    // Prefer node1 a little, but stick to wherever the service runs (no failback ping-pong).
    lab.pcs(&["resource", "meta", "svc", "resource-stickiness=100"]);
    lab.pcs(&["constraint", "location", "svc", "prefers", "node1=50"]);
    lab.wait_started_on(first, "node1", Duration::from_secs(30));
    println!("demo: service {vip}:{PORT} started on node1\n");

    let prober = Prober::start(lab.client(), IpAddr::V4(vip), PORT, PROBE_EVERY);
    let mut tl = Timeline::default();
    tl.note(
        prober.now(),
        format!(
            "client starts probing {vip}:{PORT} every {} ms",
            PROBE_EVERY.as_millis()
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
        "demo: client -> {vip}:{PORT}: answered by {}",
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
    let serve_wait = |node: &str| {
        if !prober.wait_served(Some(node), Duration::from_secs(30)) {
            println!("demo: client was not served by {node} within 30 s");
        }
    };

    // 1. Standby.
    tl.fault(prober.now(), "pcs node standby node1");
    println!("demo: fault 1: pcs node standby node1");
    lab.pcs(&["node", "standby", "node1"]);
    serve_wait("node2");
    std::thread::sleep(Duration::from_secs(1));
    tl.note(
        prober.now(),
        "pcs node unstandby node1 (stickiness keeps the service on node2)",
    );
    lab.pcs(&["node", "unstandby", "node1"]);
    settle("node1");
    std::thread::sleep(Duration::from_secs(2));

    // 2. Cut link of the active node.
    let active = lab
        .locate(first)
        .first()
        .cloned()
        .unwrap_or_else(|| "node2".into());
    let other = if active == "node1" { "node2" } else { "node1" };
    tl.fault(prober.now(), format!("link of {active} cut"));
    println!("demo: fault 2: link of {active} cut");
    lab.cut(&active);
    serve_wait(other);
    std::thread::sleep(Duration::from_secs(1));
    tl.note(prober.now(), format!("link of {active} healed"));
    lab.heal(&active);
    lab.wait_online(Duration::from_secs(60));
    settle(other);
    lab.pcs(&["resource", "cleanup", "svc"]);
    settle(other);
    std::thread::sleep(Duration::from_secs(2));

    // 3. Crash of the active node.
    let active = lab
        .locate(first)
        .first()
        .cloned()
        .unwrap_or_else(|| other.into());
    let other = if active == "node1" { "node2" } else { "node1" };
    tl.fault(prober.now(), format!("{active} crashed"));
    println!(
        "demo: fault 3: {active} crashed (kill -9 of corosync and pacemaker, node off the network)"
    );
    lab.power_off(&active);
    serve_wait(other);
    std::thread::sleep(Duration::from_secs(1));
    tl.note(prober.now(), format!("{active} booted, rejoins"));
    lab.boot(&active);
    lab.wait_online(Duration::from_secs(60));
    settle(other);
    std::thread::sleep(Duration::from_secs(1));
    let holders = lab.addr_holders(&vip.to_string());
    tl.note(
        prober.now(),
        format!("end: {vip} is on {}", holders.join(", ")),
    );

    tl.samples = prober.stop();
    println!("\n=== what the client saw ===\n{}", tl.render_text());
    let title = format!("rustha failover demo: ocf:rustha:vip {vip}, two nodes (run {run_id})");
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
    drop(_responders);
    lab.shutdown();
    let left = left_behind(&run_id);
    println!(
        "demo: torn down; left behind: {}; total {:.0} s",
        if left.is_empty() {
            "nothing".to_string()
        } else {
            left.join(" ")
        },
        started.elapsed().as_secs_f64()
    );
    if left.is_empty() && holders.len() == 1 {
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
    let lab = lab(&bin_dir, 2, token_ms);
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
    let run_id = lab.topo().run_id();
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
    let left = left_behind(&run_id);
    if !left.is_empty() {
        eprintln!("bench-failover: left behind: {}", left.join(" "));
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------------------------

fn up(bin_dir: PathBuf, nodes: usize) -> ExitCode {
    let lab = lab(&bin_dir, nodes, 1000);
    for n in lab.node_names() {
        println!(
            "  {n}: nsenter -t {} -m -n bash    (pcs status, crm_mon -1, ip addr ...)",
            lab.node(&n).pid()
        );
    }
    println!("  client: ip netns exec {} bash", lab.client().name());
    println!(
        "  spare addresses for VIPs: {} ... ({} for IPv6)",
        lab.topo().spare_v4(0),
        lab.topo().spare_v6(0)
    );
    println!("lab: up; Ctrl-C tears everything down");
    loop {
        std::thread::sleep(Duration::from_secs(3600));
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
