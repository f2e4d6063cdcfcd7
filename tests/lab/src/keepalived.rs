//! The keepalived guide's set-up against the cluster `rustha migrate` makes of it, in one lab.
//!
//! First real keepalived (VRRP, `vrrp_script` running `killall -0 haproxy`) and real HAProxy run
//! on the lab's two nodes with the guide's keepalived.conf, its placeholders filled with the
//! lab's addresses; no Pacemaker runs yet. Then the same nodes run the Pacemaker cluster that
//! `rustha migrate --apply` builds from node1's keepalived.conf, with Corosync's token as the
//! migration's set-up line says. Both serve the same application servers behind the same
//! haproxy.cfg; the same client probes the floating address through the proxy, and the same
//! faults hit the node holding it: the proxy killed, the node crashed (powered off: every
//! process and address gone, link down), the link cut. Each fault's client-visible gap is
//! measured, then the recovery (proxy restarted, node booted, link healed) and its own gap when
//! the address moves back to node1 (the guide's priorities fail back; so does the migration).
//!
//! Each node's keepalived and HAProxy run in a PID namespace of their own (with its own
//! `/proc`), as on a machine of their own: the guide's `killall -0 haproxy` then sees only that
//! node's HAProxy, not the other node's or the host's. VRRP's multicast adverts stay on the
//! lab's bridge; the guide's SMTP server is replaced by the node's loopback (nothing listens;
//! its mails go nowhere).

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::process::{Child, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use std::os::unix::process::CommandExt;

use crate::lab::{Lab, LabConfig};
use rustha_harness::netns;
use rustha_harness::probe::{self, Prober, Responder};

/// The guide's keepalived.conf as the committed migration example holds it (the guide's
/// interface placeholder already `eth0`).
pub const SEED_CONF: &str =
    include_str!("../../../docs/migrate/keepalived-haproxy/keepalived.conf");

/// The service port: the proxy's listener (on every address) and the application servers'.
pub const SERVICE_PORT: u16 = 8080;
/// The client probes this often.
pub const PROBE_EVERY: Duration = Duration::from_millis(10);
/// How long the client waits for an answer once connected: through a proxy an answer needs
/// the proxy and the server scheduled in turn, which on a loaded machine can take tens of
/// milliseconds without anything having failed.
pub const ANSWER_TIMEOUT: Duration = Duration::from_millis(250);
/// The application servers behind the proxy, hosts on the lab bridge.
pub const APPS: [&str; 2] = ["app1", "app2"];

/// Where each node keeps its files: its private `/run`, gone with the node.
const DIR: &str = "/run/rustha-lab";
const HAPROXY_CFG: &str = "/run/rustha-lab/haproxy.cfg";
const KEEPALIVED_CONF: &str = "/run/rustha-lab/keepalived.conf";
/// How long a fault or a recovery may take before the run counts it as not recovered.
const RECOVER: Duration = Duration::from_secs(90);

/// The faults, each injected on the node holding the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every proxy process on the node killed (SIGKILL); restarted afterwards.
    ProxyKilled,
    /// The node powered off ([`Lab::power_off`]); booted afterwards.
    Crash,
    /// The node's link cut ([`Lab::cut`]); healed afterwards.
    Cut,
}

impl Fault {
    pub const ALL: [Fault; 3] = [Fault::ProxyKilled, Fault::Crash, Fault::Cut];

    pub fn label(self) -> &'static str {
        match self {
            Fault::ProxyKilled => "proxy killed",
            Fault::Crash => "node crashed",
            Fault::Cut => "link cut",
        }
    }

    pub fn recovery(self) -> &'static str {
        match self {
            Fault::ProxyKilled => "proxy restarted",
            Fault::Crash => "node booted",
            Fault::Cut => "link healed",
        }
    }
}

/// What the client saw of one fault.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub fault: Fault,
    /// The node the fault hit (it held the address).
    pub node: String,
    /// Outage from the fault until the other node served.
    pub gap: Duration,
    /// Outage from the recovery until the address was back on the fault's node.
    pub recovery: Duration,
    /// What the stack on the other node did after the fault (see [`Stack::explain`]).
    pub taken_over: String,
}

/// The guide's keepalived.conf for `node` with the placeholders filled: the address, the sender
/// (`node@`), the SMTP server (the node's loopback) and the priority (the guide gives the second
/// node 100).
pub fn keepalived_conf(node: &str, priority: u8, vip: Ipv4Addr) -> String {
    let mut conf = SEED_CONF.to_string();
    for (from, to) in [
        ("10.30.1.15", vip.to_string()),
        ("lab-hap01@", format!("{node}@")),
        ("10.30.1.11", "127.0.0.1".to_string()),
        ("priority 101", format!("priority {priority}")),
        // The guide's interface placeholder, as the example fills it: the lab's too.
        ("interface eth0", "interface eth0".to_string()),
    ] {
        assert!(
            conf.contains(from),
            "the seed's keepalived.conf has no '{from}'"
        );
        conf = conf.replace(from, &to);
    }
    conf
}

/// The HAProxy configuration both stacks run: TCP, round robin over the application servers,
/// bound to every address (the proxy runs on both nodes, where the address is and where it is
/// not, as the migration asks).
pub fn haproxy_cfg(apps: &[(&str, Ipv4Addr)]) -> String {
    let mut servers = String::new();
    for (name, addr) in apps {
        servers += &format!("    server {name} {addr}:{SERVICE_PORT} check inter 1s\n");
    }
    format!(
        "global\n    maxconn 1000\n\n\
         defaults\n    mode tcp\n    timeout connect 2s\n    timeout client 30s\n    \
         timeout server 30s\n\n\
         listen service\n    bind *:{SERVICE_PORT}\n    balance roundrobin\n{servers}"
    )
}

/// One stack's way to act on a node; the lab-level faults (power off, cut) are the same for both.
pub trait Stack {
    fn name(&self) -> &'static str;
    /// Kills every proxy process on `node`.
    fn kill_proxy(&self, node: &str);
    /// Brings the proxy on `node` back (after [`Stack::kill_proxy`]), as an administrator would.
    fn restore_proxy(&self, node: &str);
    /// Boots `node` after [`Lab::power_off`].
    fn boot(&self, node: &str);
    /// Waits until the stack has nothing left to do.
    fn settle(&self) {}
    /// What the stack did on `node` since `since` that explains a gap (for the run's log).
    fn explain(&self, _node: &str, _since: SystemTime) -> String {
        String::new()
    }
}

/// Pids of the processes on `node` (its network namespace) whose command name is `comm`.
pub fn pids_named(lab: &Lab, node: &str, comm: &str) -> Vec<i32> {
    netns::pids(lab.ns(node).name())
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/comm")).is_ok_and(|c| c.trim() == comm)
        })
        .collect()
}

fn kill(pid: i32, sig: nix::sys::signal::Signal) {
    let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig);
}

// ---------------------------------------------------------------------------------------------
// keepalived + HAProxy

/// The guide's stack: on each node, a PID namespace whose first process (a shell reaping
/// whatever ends up its child) starts HAProxy, then keepalived.
pub struct Keepalived<'a> {
    lab: &'a Lab,
    /// Per node: the `unshare` process (its child is the PID namespace's first process).
    running: Mutex<HashMap<String, Child>>,
}

/// The first process of a node's PID namespace: starts HAProxy as the guide's service does
/// (daemonised), then keepalived (not forking, as a background job), and reaps orphans (a
/// killed HAProxy must not linger as a zombie, which `killall -0` would still find).
const NODE_INIT: &str = r#"
dir=$1
# What a reboot does to /run: no pid file from before the crash (a pid can be reused in the
# new namespace, and keepalived would think itself already running).
rm -f "$dir"/*.pid
haproxy -D -f "$dir/haproxy.cfg" -p "$dir/haproxy.pid" || exit 1
keepalived --dont-fork --log-console --no-syslog --log-detail --vrrp \
  -f "$dir/keepalived.conf" -p "$dir/keepalived.pid" -r "$dir/keepalived-vrrp.pid" \
  >>"$dir/keepalived.log" 2>&1 &
echo ready
while :; do sleep 1 & wait $!; done
"#;

impl<'a> Keepalived<'a> {
    /// Writes node `i`'s keepalived.conf (node1 the guide's first server with priority 101,
    /// node2 its second with 100) and starts the stack on every node.
    pub fn start(lab: &'a Lab, vip: Ipv4Addr) -> Keepalived<'a> {
        for (i, n) in lab.node_names().iter().enumerate() {
            let priority = 101 - i as u8;
            lab.write_file(n, KEEPALIVED_CONF, &keepalived_conf(n, priority, vip));
        }
        let k = Keepalived {
            lab,
            running: Mutex::new(HashMap::new()),
        };
        for n in lab.node_names() {
            k.start_node(&n);
        }
        k
    }

    fn start_node(&self, node: &str) {
        let child = self
            .lab
            .command(node, "unshare")
            .args([
                "--pid",
                "--fork",
                "--mount",
                "--mount-proc",
                "--propagation",
                "private",
                "bash",
                "-c",
                NODE_INIT,
                "init",
                DIR,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start keepalived on {node}: {e}"));
        let child =
            rustha_harness::await_ready(child, &format!("keepalived and HAProxy on {node}"));
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(mut old) = running.insert(node.to_string(), child) {
            let _ = old.kill();
            let _ = old.wait();
        }
    }

    /// The first process of `node`'s PID namespace (`nsenter -p` target), by its host pid.
    fn init_pid(&self, node: &str) -> Option<i32> {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let pid = running.get(node)?.id();
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
        children.split_whitespace().next()?.parse().ok()
    }

    /// What keepalived logged on `node` (for failure messages).
    pub fn log(&self, node: &str) -> String {
        let out = self.lab.run(
            node,
            &["tail", "-n", "30", &format!("{DIR}/keepalived.log")],
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Stops keepalived everywhere as its service would (SIGTERM: it gives the addresses up),
    /// then ends each node's PID namespace.
    pub fn stop(&self) {
        for n in self.lab.node_names() {
            for p in pids_named(self.lab, &n, "keepalived") {
                kill(p, nix::sys::signal::Signal::SIGTERM);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while self
            .lab
            .node_names()
            .iter()
            .any(|n| !pids_named(self.lab, n, "keepalived").is_empty())
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        for n in self.lab.node_names() {
            if let Some(p) = self.init_pid(&n) {
                kill(p, nix::sys::signal::Signal::SIGKILL);
            }
        }
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        for (_, mut c) in running.drain() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Keepalived<'_> {
    fn drop(&mut self) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        for c in running.values_mut() {
            // The namespace's first process: killing it ends everything inside.
            let pid = c.id();
            if let Some(p) = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse().ok())
            {
                kill(p, nix::sys::signal::Signal::SIGKILL);
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Stack for Keepalived<'_> {
    fn name(&self) -> &'static str {
        "keepalived"
    }

    fn kill_proxy(&self, node: &str) {
        let pids = pids_named(self.lab, node, "haproxy");
        assert!(!pids.is_empty(), "no HAProxy runs on {node}");
        for p in pids {
            kill(p, nix::sys::signal::Signal::SIGKILL);
        }
    }

    fn restore_proxy(&self, node: &str) {
        let init = self
            .init_pid(node)
            .unwrap_or_else(|| panic!("keepalived's namespace on {node} is gone"));
        let cfg = HAPROXY_CFG;
        let pid = format!("{DIR}/haproxy.pid");
        let out = std::process::Command::new("nsenter")
            .args(["-t", &init.to_string(), "-p", "-m", "-n", "--"])
            .args(["haproxy", "-D", "-f", cfg, "-p", &pid])
            .stdin(Stdio::null())
            .output()
            .expect("nsenter");
        assert!(
            out.status.success(),
            "restarting HAProxy on {node}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn boot(&self, node: &str) {
        self.lab.power_on(node);
        self.start_node(node);
    }
}

// ---------------------------------------------------------------------------------------------
// The migrated cluster

/// The Pacemaker cluster `rustha migrate --apply` builds from node1's keepalived.conf.
pub struct Migrated<'a> {
    lab: &'a Lab,
}

/// `rustha migrate`'s arguments for node1's keepalived.conf.
fn migrate_args(rustha: &str) -> Vec<String> {
    [
        rustha,
        "migrate",
        "--node",
        "node1",
        "--haproxy-config",
        HAPROXY_CFG,
        KEEPALIVED_CONF,
    ]
    .map(str::to_string)
    .to_vec()
}

/// The Corosync token (ms) a migration script's set-up line asks for (`totem token=N`).
pub fn token_of(script: &str) -> Option<u32> {
    let at = script.find("totem token=")? + "totem token=".len();
    let digits: String = script[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

impl<'a> Migrated<'a> {
    /// What `rustha migrate` prints for node1's keepalived.conf (no cluster needed).
    pub fn plan(lab: &Lab) -> String {
        let rustha = rustha_harness::bin("rustha").display().to_string();
        let args = migrate_args(&rustha);
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        lab.ok("node1", &argv)
    }

    /// Runs `rustha migrate --apply` on node1 of the lab's running cluster and waits until the
    /// address runs on node1 and the proxy clone on every node.
    pub fn apply(lab: &'a Lab, vip: Ipv4Addr) -> Migrated<'a> {
        let rustha = rustha_harness::bin("rustha").display().to_string();
        let mut args = migrate_args(&rustha);
        args.insert(2, "--apply".to_string());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        lab.ok("node1", &argv);
        let m = Migrated { lab };
        lab.wait_started_on(&format!("vip-{vip}"), "node1", RECOVER);
        m.settle();
        m
    }

    fn proxy_pids(&self, node: &str) -> Vec<i32> {
        let out = self.lab.run(
            node,
            &["sh", "-c", "cat /run/rustha-proxy-haproxy*.pid 2>/dev/null"],
        );
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    }
}

/// Log lines that mark where a failover's time goes: Corosync's token loss and new membership,
/// Pacemaker's election of a DC and its new transition.
const MILESTONES: &[&str] = &[
    "A processor failed",
    "A new membership",
    "State transition ",
    "Calculated transition",
];

impl Stack for Migrated<'_> {
    fn name(&self) -> &'static str {
        "migrated"
    }

    fn kill_proxy(&self, node: &str) {
        let pids = self.proxy_pids(node);
        assert!(!pids.is_empty(), "no proxy runs on {node}");
        for p in pids {
            kill(p, nix::sys::signal::Signal::SIGKILL);
        }
    }

    fn restore_proxy(&self, _node: &str) {
        // The failure bans the proxy from the node until failure-timeout; an administrator who
        // fixed it clears the failure.
        self.lab.pcs(&["resource", "cleanup", "haproxy"]);
    }

    fn boot(&self, node: &str) {
        self.lab.boot(node);
        self.lab.wait_online(RECOVER);
    }

    /// When Corosync on `node` lost the token and formed a new membership, when Pacemaker
    /// there elected a DC, and when it completed each start and stop and each failed monitor.
    fn explain(&self, node: &str, since: SystemTime) -> String {
        let mut seen: Vec<(Duration, String)> = self
            .lab
            .log_lines(node, since, MILESTONES)
            .into_iter()
            .filter_map(|(at, l)| {
                let what = MILESTONES.iter().find(|m| l.contains(**m))?;
                // A state transition is told by its states (`S_ELECTION -> S_INTEGRATION`).
                let what = match l.split_once("State transition ") {
                    Some((_, t)) => t.split(" |").next().unwrap_or(t).to_string(),
                    None => what.to_string(),
                };
                Some((at, what))
            })
            .collect();
        seen.extend(
            self.lab
                .actions(node, since)
                .into_iter()
                .filter(|a| a.after < RECOVER)
                .map(|a| (a.after, format!("{} {} {}", a.op, a.resource, a.result))),
        );
        seen.sort();
        seen.dedup_by(|a, b| a.1 == b.1);
        seen.iter()
            .map(|(at, what)| format!("{what} at {} ms", at.as_millis()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn settle(&self) {
        let names = self.lab.node_names();
        let want = format!("Started: [ {} ]", names.join(" "));
        self.lab
            .wait_for("the proxy clone on every node", RECOVER, || {
                self.lab
                    .try_ok(&self.lab.admin_node(), &["crm_mon", "-1", "-r"])
                    .is_ok_and(|s| s.contains(&want))
            });
        let _ = self.lab.try_ok(
            &self.lab.admin_node(),
            &["crm_resource", "--wait", "--timeout=60s"],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The run

/// A responder per application server answering each connection with the name of the node
/// whose proxy connected (a proxy connects from its node's own address).
pub fn start_apps(lab: &Lab) -> Vec<Responder> {
    let nodes = lab.node_by_addr();
    APPS.iter()
        .map(|&name| {
            let nodes = nodes.clone();
            Responder::start_with(
                lab.ns(name),
                lab.topo().addr(name).into(),
                SERVICE_PORT,
                move |p| {
                    let via = nodes
                        .get(&p.ip())
                        .cloned()
                        .unwrap_or_else(|| p.ip().to_string());
                    format!("{via}\n")
                },
            )
        })
        .collect()
}

/// Injects `fault` on the node holding `vip`, waits until the other node serves, then recovers
/// and waits until the address is back on that node alone and serving; the client-visible gap
/// of both. `Err` says what did not come back.
pub fn inject(
    lab: &Lab,
    stack: &dyn Stack,
    prober: &Prober,
    vip: Ipv4Addr,
    fault: Fault,
) -> Result<Outcome, String> {
    let vip_s = vip.to_string();
    let holders = lab.addr_holders(&vip_s);
    let [node] = holders.as_slice() else {
        return Err(format!("{vip} held by {holders:?} before the fault"));
    };
    let node = node.clone();
    let other = lab
        .node_names()
        .into_iter()
        .find(|n| *n != node)
        .expect("two nodes");
    // A probe started up to its timeout before the fault may be the first to fail.
    let margin = ANSWER_TIMEOUT + probe::PROBE_TIMEOUT;
    let t = prober.now();
    let wall = SystemTime::now();
    match fault {
        Fault::ProxyKilled => stack.kill_proxy(&node),
        Fault::Crash => lab.power_off(&node),
        Fault::Cut => lab.cut(&node),
    }
    if !prober.wait_served(Some(&other), RECOVER) {
        return Err(format!(
            "{}: {} on {node}: {other} never served",
            stack.name(),
            fault.label()
        ));
    }
    // Let a flap right after the takeover show in the samples.
    std::thread::sleep(Duration::from_millis(500));
    let gap = probe::outage(&prober.samples(), t.saturating_sub(margin), prober.now());
    let taken_over = stack.explain(&other, wall);

    let r = prober.now();
    match fault {
        Fault::ProxyKilled => stack.restore_proxy(&node),
        Fault::Crash => stack.boot(&node),
        Fault::Cut => lab.heal(&node),
    }
    let deadline = Instant::now() + RECOVER;
    loop {
        if lab.addr_holders(&vip_s) == [node.clone()] && prober.last_server() == Some(node.clone())
        {
            break;
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "{}: after {}: {vip} held by {:?}, last answer from {:?}",
                stack.name(),
                fault.recovery(),
                lab.addr_holders(&vip_s),
                prober.last_server()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    stack.settle();
    // Settled: exactly one node holds the address, and it serves.
    std::thread::sleep(Duration::from_secs(1));
    let holders = lab.addr_holders(&vip_s);
    if holders != [node.clone()] || !prober.wait_served(Some(&node), Duration::from_secs(10)) {
        return Err(format!(
            "{}: settled after {}: {vip} held by {holders:?}, last answer from {:?}",
            stack.name(),
            fault.recovery(),
            prober.last_server()
        ));
    }
    let recovery = probe::outage(&prober.samples(), r.saturating_sub(margin), prober.now());
    Ok(Outcome {
        fault,
        node,
        gap,
        recovery,
        taken_over,
    })
}

/// Both stacks' outcomes of a run: `rounds` rounds of every fault on keepalived, then on the
/// migrated cluster.
pub struct Comparison {
    pub keepalived: Vec<Result<Outcome, String>>,
    pub migrated: Vec<Result<Outcome, String>>,
    /// The Corosync token the migration asked for (ms).
    pub token_ms: u32,
}

/// Runs the comparison in a fresh lab; `say` gets a line per step.
pub fn compare(rounds: usize, say: &dyn Fn(&str)) -> Comparison {
    let lab = Lab::with_config(LabConfig {
        nodes: 2,
        start_stack: false,
        extra_hosts: APPS.iter().map(|a| a.to_string()).collect(),
        ..LabConfig::default()
    });
    let vip = lab.topo().spare_v4(0);
    let _apps = start_apps(&lab);
    let apps: Vec<(&str, Ipv4Addr)> = APPS.iter().map(|a| (*a, lab.topo().addr(a))).collect();
    let cfg = haproxy_cfg(&apps);
    for n in lab.node_names() {
        lab.write_file(&n, HAPROXY_CFG, &cfg);
    }
    let run = |stack: &dyn Stack| -> Vec<Result<Outcome, String>> {
        let prober = Prober::start_with(
            lab.client(),
            vip.into(),
            SERVICE_PORT,
            PROBE_EVERY,
            ANSWER_TIMEOUT,
        );
        let mut out = Vec::new();
        if !prober.wait_served(Some("node1"), RECOVER) {
            out.push(Err(format!("{}: node1 never served {vip}", stack.name())));
            return out;
        }
        for r in 1..=rounds {
            for f in Fault::ALL {
                let o = inject(&lab, stack, &prober, vip, f);
                match &o {
                    Ok(o) => {
                        say(&format!(
                            "{:<10} round {r}: {:<12} on {}: gap {:>5} ms, {} {:>5} ms",
                            stack.name(),
                            f.label(),
                            o.node,
                            o.gap.as_millis(),
                            f.recovery(),
                            o.recovery.as_millis()
                        ));
                        if !o.taken_over.is_empty() {
                            say(&format!("{:<10}   after the fault: {}", "", o.taken_over));
                        }
                    }
                    Err(e) => {
                        say(&format!("{:<10} round {r}: FAILED: {e}", stack.name()));
                        say(&lab.report());
                    }
                }
                let failed = o.is_err();
                out.push(o);
                if failed {
                    return out;
                }
            }
        }
        out
    };

    say(&format!(
        "keepalived {} and HAProxy on node1 (priority 101) and node2 (100), address {vip}",
        keepalived_version()
    ));
    let k = Keepalived::start(&lab, vip);
    let keepalived = run(&k);
    if keepalived.iter().any(Result::is_err) {
        for n in lab.node_names() {
            say(&format!("keepalived log on {n}:\n{}", k.log(&n)));
        }
    }
    k.stop();
    drop(k);
    let left = lab.addr_holders(&vip.to_string());
    assert!(left.is_empty(), "keepalived left {vip} on {left:?}");

    let script = Migrated::plan(&lab);
    let token_ms = token_of(&script).unwrap_or(1000);
    say(&format!(
        "Pacemaker cluster with corosync token {token_ms} ms, then `rustha migrate --apply`"
    ));
    lab.start_cluster_with_token(token_ms, RECOVER);
    let m = Migrated::apply(&lab, vip);
    let migrated = run(&m);
    Comparison {
        keepalived,
        migrated,
        token_ms,
    }
}

/// `keepalived --version`'s first line's version (`v2.2.7`).
pub fn keepalived_version() -> String {
    std::process::Command::new("keepalived")
        .arg("--version")
        .output()
        .map(|o| {
            let s = String::from_utf8_lossy(&o.stderr).into_owned()
                + &String::from_utf8_lossy(&o.stdout);
            s.split_whitespace()
                .find(|w| w.starts_with('v'))
                .unwrap_or("?")
                .to_string()
        })
        .unwrap_or_else(|_| "?".to_string())
}

/// The median (upper for an even count) in ms; `None` for no sample.
pub fn median_ms(mut v: Vec<Duration>) -> Option<u128> {
    v.sort();
    v.get(v.len() / 2).map(Duration::as_millis)
}

/// Both stacks' gaps side by side, a row per fault and recovery: medians over the rounds and
/// their ratio (migrated / keepalived).
pub fn table(c: &Comparison) -> String {
    let of = |v: &[Result<Outcome, String>], f: Fault, recovery: bool| -> Vec<Duration> {
        v.iter()
            .filter_map(|o| o.as_ref().ok())
            .filter(|o| o.fault == f)
            .map(|o| if recovery { o.recovery } else { o.gap })
            .collect()
    };
    let rounds = Fault::ALL
        .iter()
        .map(|&f| of(&c.keepalived, f, false).len())
        .max()
        .unwrap_or(0);
    let mut s = format!(
        "client-visible gap in ms, client probing every {} ms through the proxy, medians of {rounds} round(s); \
         migrated cluster: corosync token {} ms\n\
         | event | keepalived | migrated | ratio |\n|---|---:|---:|---:|\n",
        PROBE_EVERY.as_millis(),
        c.token_ms
    );
    for f in Fault::ALL {
        for (recovery, label) in [(false, f.label()), (true, f.recovery())] {
            let k = median_ms(of(&c.keepalived, f, recovery));
            let m = median_ms(of(&c.migrated, f, recovery));
            let cell = |x: Option<u128>| x.map_or("-".to_string(), |x| x.to_string());
            let ratio = match (k, m) {
                (Some(k), Some(m)) if k > 0 => format!("{:.2}", m as f64 / k as f64),
                (Some(0), Some(0)) => "=".to_string(),
                (Some(0), Some(_)) => "longer (keepalived: no gap)".to_string(),
                _ => "-".to_string(),
            };
            s += &format!("| {label} | {} | {} | {ratio} |\n", cell(k), cell(m));
        }
    }
    s += "(ratio = migrated / keepalived; 1 or below: no longer than keepalived's)\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_gets_the_labs_values() {
        let c = keepalived_conf("node2", 100, Ipv4Addr::new(10, 9, 8, 200));
        assert!(c.contains("priority 100\n"), "{c}");
        assert!(c.contains("    10.9.8.200\n"), "{c}");
        assert!(c.contains("smtp_server 127.0.0.1\n"), "{c}");
        assert!(c.contains("notification_email_from node2@"), "{c}");
        assert!(c.contains("script \"killall -0 haproxy\""), "{c}");
        assert!(!c.contains("10.30."), "{c}");
    }

    #[test]
    fn token_from_the_setup_line() {
        assert_eq!(
            token_of("#   pcs cluster setup cluster a b totem token=1360\n"),
            Some(1360)
        );
        assert_eq!(token_of("# nothing\n"), None);
    }
}
