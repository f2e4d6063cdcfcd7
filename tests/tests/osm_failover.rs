//! `osm-failover` in network namespaces the tests create: the source address of the node's
//! traffic follows the resource (VIP while started, the node's own address after stop), foreign
//! NAT rules survive untouched, a rule deleted behind the agent's back fails monitor, the daemon
//! runs as its user and is killed when it ignores SIGTERM, both firewall backends, bad input,
//! heartbeat positional mode, and `ocf-tester`. Every iptables/nft change happens inside a
//! namespace created here; the host's tables are never touched.

use std::fs::File;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nix::sched::{setns, CloneFlags};
use rustha_harness::netns::{Netns, Topology};
use rustha_harness::{bin, require_root};

/// A node namespace holding the VIP, a destination namespace with a server, and the parameters
/// of one resource instance unique to this test run.
struct Env {
    topo: Topology,
    vip: Ipv4Addr,
    instance: String,
}

impl Env {
    fn new(tag: &str) -> Env {
        require_root();
        let topo = Topology::new(&["node", "dest"]);
        let vip = topo.spare_v4(0);
        // The VIP as the vip agent would leave it: a secondary address on the node's eth0.
        topo.ns("node")
            .ip(&["addr", "add", &format!("{vip}/24"), "dev", "eth0"]);
        let instance = format!("osmt-{}-{tag}", topo.run_id());
        Env {
            topo,
            vip,
            instance,
        }
    }

    fn node(&self) -> &Netns {
        self.topo.ns("node")
    }

    fn net(&self) -> String {
        self.topo.subnet().v4_net()
    }

    /// Run the agent inside the node namespace with the base parameters plus `extra`.
    fn agent(&self, action: &str, extra: &[(&str, &str)]) -> Output {
        let net = self.net();
        let vip = self.vip.to_string();
        let mut params = vec![
            ("daemon", "/bin/sleep"),
            ("daemon_args", "1000"),
            ("snat", net.as_str()),
            ("to_source", vip.as_str()),
        ];
        params.extend_from_slice(extra);
        run_agent(self.node(), &self.instance, &params, &[action])
    }

    /// The source address a TCP connection from the node to the destination arrives from.
    fn source_seen(&self) -> IpAddr {
        source_seen(self.node(), self.topo.ns("dest"), self.topo.addr("dest"))
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        // Kills the daemon and removes the agent's state files in /run (the namespaces, with
        // their rules and processes, go with the topology).
        let _ = self.agent("stop", &[]);
    }
}

fn run_agent(ns: &Netns, instance: &str, params: &[(&str, &str)], args: &[&str]) -> Output {
    agent_command(ns, instance, params, args)
        .output()
        .expect("run osm-failover")
}

fn agent_command(ns: &Netns, instance: &str, params: &[(&str, &str)], args: &[&str]) -> Command {
    let mut c = ns.command(bin("osm-failover").to_str().unwrap());
    c.env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("RUSTHA_LOG_STDERR", "1");
    if !instance.is_empty() {
        c.env("OCF_RESOURCE_INSTANCE", instance);
    }
    for (k, v) in params {
        c.env(format!("OCF_RESKEY_{k}"), v);
    }
    c.args(args);
    c
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn exit_reason(o: &Output) -> String {
    stderr(o)
        .lines()
        .filter_map(|l| l.strip_prefix("ocf-exit-reason:"))
        .next_back()
        .unwrap_or_default()
        .to_string()
}

#[track_caller]
fn expect(o: &Output, want: i32, what: &str) {
    assert_eq!(code(o), want, "{what}: {}", stderr(o));
}

/// Run a command given as one string of blank-separated words inside `ns`.
fn words(ns: &Netns, cmd: &str) -> String {
    ns.ok(&cmd.split(' ').collect::<Vec<_>>())
}

/// Run `f` on a thread that has entered network namespace `ns`; sockets it creates stay there.
fn in_netns<T: Send>(ns: &Netns, f: impl FnOnce() -> T + Send) -> T {
    let path = format!("/run/netns/{}", ns.name());
    std::thread::scope(|s| {
        s.spawn(|| {
            let fd = File::open(&path).unwrap_or_else(|e| panic!("open {path}: {e}"));
            setns(fd, CloneFlags::CLONE_NEWNET).expect("setns");
            f()
        })
        .join()
        .expect("namespace thread")
    })
}

fn source_seen(from: &Netns, to: &Netns, to_addr: impl Into<IpAddr>) -> IpAddr {
    let to_addr = to_addr.into();
    let listener = in_netns(to, || TcpListener::bind((to_addr, 0)).expect("bind server"));
    let port = listener.local_addr().unwrap().port();
    let _client = in_netns(from, || {
        TcpStream::connect_timeout(&SocketAddr::from((to_addr, port)), Duration::from_secs(3))
            .expect("connect to the destination")
    });
    let (_conn, peer) = listener.accept().expect("accept");
    peer.ip()
}

/// `iptables-save -t nat` (or `ip6tables-save`) without what changes by itself (timestamps, counters).
fn nat_table(ns: &Netns, save: &str) -> String {
    ns.ok(&[save, "-t", "nat"])
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| match l.rfind(" [") {
            Some(i) if l.starts_with(':') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn tagged_rules(ns: &Netns, instance: &str) -> Vec<String> {
    let tag = format!("rustha:{instance}");
    ns.ok(&["iptables", "-w", "-t", "nat", "-S", "POSTROUTING"])
        .lines()
        .filter(|l| l.contains(&tag))
        .map(str::to_string)
        .collect()
}

#[test]
fn source_follows_the_resource_and_foreign_rules_survive() {
    let env = Env::new("src");
    let node = env.node();
    let own = IpAddr::V4(env.topo.addr("node"));
    // Foreign rules that must survive: an SNAT to another network, a masquerade, a DNAT, and a
    // rule tagged for another instance of this agent.
    for rule in [
        "-A POSTROUTING -d 10.250.0.0/16 -j SNAT --to-source 10.250.0.1",
        "-A POSTROUTING -o eth9 -j MASQUERADE",
        "-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.250.0.2:80",
        "-A POSTROUTING -d 10.251.0.0/16 -m comment --comment rustha:other -j SNAT --to-source 10.251.0.1",
    ] {
        words(node, &format!("iptables -w -t nat {rule}"));
    }
    let before = nat_table(node, "iptables-save");

    assert_eq!(env.source_seen(), own, "before start");
    expect(&env.agent("monitor", &[]), 7, "probe before start");
    let t = Instant::now();
    expect(&env.agent("start", &[]), 0, "start");
    println!("start took {:?}", t.elapsed());
    expect(&env.agent("monitor", &[]), 0, "monitor after start");
    assert_eq!(env.source_seen(), IpAddr::V4(env.vip), "while started");
    expect(&env.agent("start", &[]), 0, "second start");
    assert_eq!(
        tagged_rules(node, &env.instance).len(),
        1,
        "start is idempotent"
    );

    let t = Instant::now();
    expect(&env.agent("stop", &[]), 0, "stop");
    println!("stop took {:?}", t.elapsed());
    expect(&env.agent("monitor", &[]), 7, "monitor after stop");
    assert_eq!(env.source_seen(), own, "after stop");
    assert_eq!(
        nat_table(node, "iptables-save"),
        before,
        "the nat table is back as it was"
    );
    expect(&env.agent("stop", &[]), 0, "stop when stopped");
}

#[test]
fn ipv6_source_follows_the_resource_with_both_backends() {
    let env = Env::new("v6");
    let node = env.node();
    let vip6 = env.topo.spare_v6(0);
    // Deprecated (preferred_lft 0), so the kernel never picks it as a source by itself.
    words(
        node,
        &format!("ip -6 addr add {vip6}/64 dev eth0 nodad preferred_lft 0"),
    );
    let net6 = env.topo.subnet().v6_net();
    let vip6s = vip6.to_string();
    let dest6 = env.topo.addr6("dest");
    let seen = || source_seen(node, env.topo.ns("dest"), dest6);
    words(
        node,
        "ip6tables -w -t nat -A POSTROUTING -d fd99::/64 -j MASQUERADE",
    );
    let before = nat_table(node, "ip6tables-save");
    let own = IpAddr::V6(env.topo.addr6("node"));
    assert_eq!(seen(), own, "before start");
    for firewall in ["iptables", "nft"] {
        let p = [
            ("snat", net6.as_str()),
            ("to_source", vip6s.as_str()),
            ("firewall", firewall),
        ];
        expect(&env.agent("start", &p), 0, firewall);
        expect(&env.agent("monitor", &p), 0, firewall);
        assert_eq!(seen(), IpAddr::V6(vip6), "{firewall}: while started");
        expect(&env.agent("stop", &p), 0, firewall);
        expect(&env.agent("monitor", &p), 7, firewall);
        assert_eq!(seen(), own, "{firewall}: after stop");
    }
    assert_eq!(
        nat_table(node, "ip6tables-save"),
        before,
        "the nat table is back as it was"
    );
    let ours = node.ok(&["nft", "list", "table", "ip6", "rustha"]);
    assert!(!ours.contains("snat"), "{ours}");
}

#[test]
fn monitor_names_what_is_missing() {
    let env = Env::new("mon");
    let node = env.node();
    let other = "10.252.0.0/16";
    let nets = format!("{}, {other}", env.net());
    let p = [("snat", nets.as_str())];
    let recurring = [("snat", nets.as_str()), ("CRM_meta_interval", "10000")];
    expect(&env.agent("start", &p), 0, "start");
    assert_eq!(tagged_rules(node, &env.instance).len(), 2);
    expect(&env.agent("monitor", &recurring), 0, "monitor");

    // Someone deletes one rule behind the agent's back.
    let victim = tagged_rules(node, &env.instance)
        .into_iter()
        .find(|r| r.contains(other))
        .unwrap();
    let mut argv = vec!["iptables", "-w", "-t", "nat"];
    let del = victim.replacen("-A", "-D", 1);
    let words: Vec<&str> = del.split(' ').map(|w| w.trim_matches('"')).collect();
    argv.extend(words);
    node.ok(&argv);
    let m = env.agent("monitor", &recurring);
    expect(&m, 1, "monitor with a rule missing");
    assert!(exit_reason(&m).contains(other), "{}", exit_reason(&m));
    assert!(!exit_reason(&m).contains(&env.net()), "{}", exit_reason(&m));

    // Start repairs it (what Pacemaker's recovery ends with).
    expect(&env.agent("start", &p), 0, "start again");
    expect(&env.agent("monitor", &recurring), 0, "monitor after repair");
    assert_eq!(tagged_rules(node, &env.instance).len(), 2);

    // The daemon dies: monitor fails naming it; the rules alone are not "stopped".
    let pidfile = format!("/run/rustha/osm-failover/{}.pid", env.instance);
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    let t = Instant::now();
    while matches!(status_field(pid, "State:"), Some(s) if !s.starts_with('Z'))
        && t.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    let m = env.agent("monitor", &recurring);
    expect(&m, 1, "monitor with the daemon dead");
    assert!(
        exit_reason(&m).contains("daemon /bin/sleep is not running"),
        "{}",
        exit_reason(&m)
    );

    expect(&env.agent("stop", &p), 0, "stop");
    expect(&env.agent("monitor", &p), 7, "monitor after stop");
    assert!(tagged_rules(node, &env.instance).is_empty());

    // The configuration drops a network while the rules exist (no stop in between): start
    // removes the rule nobody asks for any more.
    expect(&env.agent("start", &p), 0, "start with two networks");
    expect(&env.agent("start", &[]), 0, "start with one network");
    let left = tagged_rules(node, &env.instance);
    assert!(left.len() == 1 && left[0].contains(&env.net()), "{left:?}");
    expect(&env.agent("monitor", &[]), 0, "monitor");
    expect(&env.agent("stop", &[]), 0, "stop");
}

#[test]
fn nft_backend() {
    let env = Env::new("nft");
    let node = env.node();
    let p = [("firewall", "nft")];
    node.ok(&["nft", "add table inet foreign; add chain inet foreign post { type nat hook postrouting priority 100; }; add rule inet foreign post ip daddr 10.250.0.0/16 masquerade"]);
    let foreign = || node.ok(&["nft", "list", "table", "inet", "foreign"]);
    let before = foreign();
    expect(&env.agent("start", &p), 0, "start");
    expect(&env.agent("monitor", &p), 0, "monitor");
    assert_eq!(env.source_seen(), IpAddr::V4(env.vip), "while started");
    let ours = node.ok(&["nft", "list", "table", "ip", "rustha"]);
    assert!(
        ours.contains(&format!("comment \"rustha:{}\"", env.instance)),
        "{ours}"
    );

    // A rule deleted by handle behind the agent's back.
    let handles = node.ok(&["nft", "-a", "list", "chain", "ip", "rustha", "postrouting"]);
    let handle = handles
        .lines()
        .find(|l| l.contains("snat to"))
        .and_then(|l| l.rsplit("# handle ").next())
        .unwrap()
        .trim()
        .to_string();
    node.ok(&[
        "nft",
        "delete",
        "rule",
        "ip",
        "rustha",
        "postrouting",
        "handle",
        &handle,
    ]);
    let m = env.agent(
        "monitor",
        &[("firewall", "nft"), ("CRM_meta_interval", "10000")],
    );
    expect(&m, 1, "monitor with the rule deleted");
    assert!(exit_reason(&m).contains(&env.net()), "{}", exit_reason(&m));

    expect(&env.agent("stop", &p), 0, "stop");
    expect(&env.agent("monitor", &p), 7, "monitor after stop");
    assert_eq!(
        env.source_seen(),
        IpAddr::V4(env.topo.addr("node")),
        "after stop"
    );
    assert_eq!(foreign(), before, "foreign nft table unchanged");
    let ours = node.ok(&["nft", "list", "table", "ip", "rustha"]);
    assert!(!ours.contains("snat"), "{ours}");

    // The firewall parameter changed while nft rules existed: a stop under the new setting
    // (iptables) still removes them.
    expect(&env.agent("start", &p), 0, "start again");
    expect(&env.agent("stop", &[]), 0, "stop with firewall=iptables");
    let ours = node.ok(&["nft", "list", "table", "ip", "rustha"]);
    assert!(!ours.contains("snat"), "{ours}");
    expect(&env.agent("monitor", &p), 7, "monitor after stop");
}

/// A scratch directory readable by every user, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let d = std::env::temp_dir().join(format!("rustha-osm-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
        Scratch(d)
    }

    fn script(&self, name: &str, body: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn status_field(pid: i32, field: &str) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field).map(|v| v.trim().to_string()))
}

#[test]
fn daemon_runs_as_its_user_and_is_killed_when_it_ignores_term() {
    require_root();
    let ns = Netns::create_unique("osmu").expect("namespace");
    let dir = Scratch::new("user");
    // Writes its own pidfile (into a directory that does not exist yet: the agent creates it
    // for the daemon's user), then ignores SIGTERM.
    let daemon = dir.script("osmd", "trap '' TERM\necho $$ > \"$1\"\nexec sleep 1000");
    let pidfile = dir.0.join("run/osmd.pid");
    let daemon_s = daemon.to_str().unwrap();
    let pidfile_s = pidfile.to_str().unwrap();
    let instance = format!("osmt-{}-user", ns.name());
    let params = [
        ("daemon", daemon_s),
        ("daemon_args", pidfile_s),
        ("user", "nobody"),
        ("pidfile", pidfile_s),
    ];
    let guard = Stopper(&ns, &instance, &params);

    expect(&run_agent(&ns, &instance, &params, &["start"]), 0, "start");
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let uid = status_field(pid, "Uid:").unwrap();
    assert!(uid.starts_with("65534\t65534"), "daemon uid: {uid}");
    expect(
        &run_agent(&ns, &instance, &params, &["monitor"]),
        0,
        "monitor",
    );

    let mut stop = params.to_vec();
    stop.push(("CRM_meta_timeout", "4000"));
    let t = Instant::now();
    expect(&run_agent(&ns, &instance, &stop, &["stop"]), 0, "stop");
    let took = t.elapsed();
    println!("stop of a daemon ignoring SIGTERM took {took:?} (timeout 4 s)");
    assert!(
        !matches!(status_field(pid, "State:"), Some(s) if !s.starts_with('Z')),
        "daemon still alive"
    );
    expect(
        &run_agent(&ns, &instance, &params, &["monitor"]),
        7,
        "monitor after stop",
    );
    drop(guard);
}

struct Stopper<'a>(&'a Netns, &'a str, &'a [(&'a str, &'a str)]);

impl Drop for Stopper<'_> {
    fn drop(&mut self) {
        let _ = run_agent(self.0, self.1, self.2, &["stop"]);
    }
}

#[test]
fn bad_input_and_missing_binaries() {
    require_root();
    let ns = Netns::create_unique("osmb").expect("namespace");
    let inst = format!("osmt-{}-bad", ns.name());
    let missing = [("daemon", "/nonexistent/osmd")];
    for (action, interval, want) in [
        ("start", "0", 5),
        ("validate-all", "0", 5),
        // A recurring monitor runs where the resource was started: something missing there
        // since is a failure of this instance (1), never 5 or 6.
        ("monitor", "10000", 1),
        ("monitor", "0", 7),
    ] {
        let mut p = missing.to_vec();
        p.push(("CRM_meta_interval", interval));
        let o = run_agent(&ns, &inst, &p, &[action]);
        expect(
            &o,
            want,
            &format!("{action} (interval {interval}) with the daemon missing"),
        );
        if want != 7 {
            assert!(exit_reason(&o).contains("'daemon'"), "{}", exit_reason(&o));
        }
    }
    for (params, name) in [
        (
            vec![("daemon", "/bin/sleep"), ("snat", "10.0.0.0/8")],
            "to_source",
        ),
        (
            vec![
                ("daemon", "/bin/sleep"),
                ("snat", "10.0.0.0/33"),
                ("to_source", "10.0.0.1"),
            ],
            "snat",
        ),
        (
            vec![("daemon", "/bin/sleep"), ("firewall", "ipfw")],
            "firewall",
        ),
        (vec![("daemon", "sleep")], "daemon"),
        (vec![], "daemon"),
    ] {
        let o = run_agent(&ns, &inst, &params, &["validate-all"]);
        expect(&o, 6, &format!("{params:?}"));
        assert!(
            exit_reason(&o).contains(&format!("'{name}'")),
            "{}",
            exit_reason(&o)
        );
    }
    // A VIP this node does not hold: start refuses before changing anything.
    let elsewhere = [
        ("daemon", "/bin/sleep"),
        ("snat", "10.99.0.0/16"),
        ("to_source", "10.99.0.1"),
    ];
    let o = run_agent(&ns, &inst, &elsewhere, &["start"]);
    expect(&o, 1, "start with a VIP that is not here");
    assert!(
        exit_reason(&o).contains("not an address of this node"),
        "{}",
        exit_reason(&o)
    );
    expect(
        &run_agent(&ns, &inst, &elsewhere, &["monitor"]),
        7,
        "monitor",
    );
    let o = run_agent(
        &ns,
        &inst,
        &[("daemon", "/bin/sleep"), ("user", "no-such-user-rustha")],
        &["validate-all"],
    );
    expect(&o, 5, "unknown user");
    assert!(exit_reason(&o).contains("'user'"), "{}", exit_reason(&o));
    // Stop of what such parameters cannot have started succeeds: a failed stop fences.
    for params in [
        &[
            ("daemon", "/bin/sleep"),
            ("snat", "garbage"),
            ("to_source", "10.0.0.1"),
        ][..],
        &[][..],
        &[("daemon", "/nonexistent/osmd")][..],
        &[("daemon", "/bin/sleep"), ("user", "no-such-user-rustha")][..],
    ] {
        expect(
            &run_agent(&ns, &inst, params, &["stop"]),
            0,
            &format!("stop with {params:?}"),
        );
    }
}

#[test]
fn heartbeat_positional_form() {
    let env = Env::new("hb");
    let dir = Scratch::new("hb");
    let daemon = dir.script("osmd", "exec sleep 1000");
    // The second entry's daemon records who it runs as and the arguments it got.
    let out_dir = dir.0.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let seen = out_dir.join("seen");
    let recorder = dir.script("osmd2", "echo \"$(id -u) $#:$*\" > \"$1\"\nexec sleep 1000");
    let (d, net, vip) = (
        daemon.to_str().unwrap().to_string(),
        env.net(),
        env.vip.to_string(),
    );
    // haresources: `osm-failover::DAEMON::NET::VIP`, and a second entry of the same agent
    // setting user and daemon_args by name (a value with blanks: the parameter repeated).
    let first: Vec<String> = vec![d.clone(), net.clone(), vip.clone()];
    let second: Vec<String> = vec![
        recorder.display().to_string(),
        "user=nobody".into(),
        format!("daemon_args={}", seen.display()),
        "daemon_args=two".into(),
    ];
    let hb = |entry: &[String], action: &str| {
        let mut args: Vec<&str> = entry.iter().map(String::as_str).collect();
        args.push(action);
        run_agent(env.node(), "", &[], &args)
    };
    let status = |entry: &[String]| {
        String::from_utf8_lossy(&hb(entry, "status").stdout)
            .trim()
            .to_string()
    };
    struct HbStop<'a>(Box<dyn Fn() + 'a>);
    impl Drop for HbStop<'_> {
        fn drop(&mut self) {
            (self.0)()
        }
    }
    let _guard = HbStop(Box::new(|| {
        let _ = hb(&first, "stop");
        let _ = hb(&second, "stop");
    }));
    assert_eq!(status(&first), "stopped");
    expect(&hb(&first, "start"), 0, "heartbeat start");
    assert_eq!(status(&first), "running");
    assert_eq!(env.source_seen(), IpAddr::V4(env.vip));
    // Tagged with the entry's own instance name, derived from its arguments.
    let rules = tagged_rules(env.node(), "osm-failover-");
    assert_eq!(rules.len(), 1, "{rules:?}");

    assert_eq!(status(&second), "stopped", "a separate instance");
    expect(&hb(&second, "start"), 0, "second entry start");
    assert_eq!(status(&second), "running");
    assert!(wait_for(Duration::from_secs(5), || seen.exists()));
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap().trim(),
        format!("65534 2:{} two", seen.display()),
        "user and daemon_args from haresources"
    );
    expect(&hb(&second, "stop"), 0, "second entry stop");
    assert_eq!(status(&second), "stopped");
    assert_eq!(
        status(&first),
        "running",
        "stopping one entry left the other"
    );

    expect(&hb(&first, "stop"), 0, "heartbeat stop");
    assert_eq!(status(&first), "stopped");
    assert!(tagged_rules(env.node(), "osm-failover").is_empty());
}

/// Poll `f` every 20 ms until it holds or `timeout` passes.
fn wait_for(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    f()
}

#[test]
fn ocf_tester_passes() {
    let env = Env::new("ocft");
    if !Path::new("/usr/sbin/ocf-tester").exists() {
        panic!("ocf-tester missing: install resource-agents (make deps)");
    }
    let net = env.net();
    for firewall in ["iptables", "nft"] {
        let out = env
            .node()
            .command("ocf-tester")
            .args(["-n", &env.instance])
            .args(["-o", "daemon=/bin/sleep", "-o", "daemon_args=1000"])
            .args(["-o", &format!("snat={net}")])
            .args(["-o", &format!("to_source={}", env.vip)])
            .args(["-o", &format!("firewall={firewall}")])
            .arg(bin("osm-failover"))
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .output()
            .expect("run ocf-tester");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "ocf-tester ({firewall}) failed:\n{text}"
        );
        assert!(text.contains("passed all tests"), "{text}");
    }
    let tag = format!("rustha:{}", env.instance);
    assert!(!nat_table(env.node(), "iptables-save").contains(&tag));
    assert!(!env.node().ok(&["nft", "list", "ruleset"]).contains(&tag));
}

#[test]
fn waits_for_the_xtables_lock() {
    let env = Env::new("lock");
    let node = env.node();
    // Legacy iptables, the flavour that takes the xtables lock, with a lock file of this test's
    // own (XTABLES_LOCKFILE) so nothing outside the test is ever blocked.
    let dir = Scratch::new("lock");
    for tool in ["iptables", "iptables-restore"] {
        let legacy = format!("/usr/sbin/{}", tool.replace("iptables", "iptables-legacy"));
        std::os::unix::fs::symlink(legacy, dir.0.join(tool)).unwrap();
    }
    let lock = dir.0.join("xtables.lock");
    let lock_s = lock.to_str().unwrap();
    // Held until released below (not for a fixed time, so a slow machine changes nothing).
    let holder = Holder(
        Command::new("flock")
            .args([lock_s, "sleep", "60"])
            .stdin(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("flock"),
    );
    let held = || {
        Command::new("flock")
            .args(["-n", lock_s, "true"])
            .status()
            .is_ok_and(|s| !s.success())
    };
    let t = Instant::now();
    while !held() && t.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(held(), "flock did not take the lock");

    let path = format!("{}:/usr/sbin:/usr/bin:/sbin:/bin", dir.0.display());
    let net = env.net();
    let vip = env.vip.to_string();
    let params = [
        ("daemon", "/bin/sleep"),
        ("daemon_args", "1000"),
        ("snat", net.as_str()),
        ("to_source", vip.as_str()),
    ];
    let run = |action: &str, extra: &[(&str, &str)]| {
        let mut p = params.to_vec();
        p.extend_from_slice(extra);
        agent_command(node, &env.instance, &p, &[action])
            .env("PATH", &path)
            .env("XTABLES_LOCKFILE", &lock)
            .output()
            .unwrap()
    };
    let legacy_rules = || node.ok(&["iptables-legacy", "-t", "nat", "-S", "POSTROUTING"]);

    // The wait is bounded by the action's timeout: a start that cannot get the lock in time
    // fails on its own, saying why, before Pacemaker would have to kill it.
    let t = Instant::now();
    let o = run("start", &[("CRM_meta_timeout", "2000")]);
    println!("start with a 2 s timeout gave up after {:?}", t.elapsed());
    expect(&o, 1, "start that cannot get the lock in time");
    assert!(
        exit_reason(&o).contains("xtables lock"),
        "{}",
        exit_reason(&o)
    );
    assert!(!legacy_rules().contains("rustha:"));

    // With the default timeout the same start waits for the lock and succeeds once the other
    // holder lets go.
    let t = Instant::now();
    let o = std::thread::scope(|s| {
        let start = s.spawn(|| run("start", &[]));
        std::thread::sleep(Duration::from_millis(1500));
        drop(holder);
        start.join().unwrap()
    });
    expect(&o, 0, "start while another tool holds the lock");
    println!(
        "start waited {:?} for the xtables lock (released after 1.5 s)",
        t.elapsed()
    );
    let tag = format!("rustha:{}", env.instance);
    assert!(legacy_rules().contains(&tag), "{}", legacy_rules());
    expect(&run("monitor", &[]), 0, "monitor");
    assert_eq!(env.source_seen(), IpAddr::V4(env.vip), "while started");
    expect(&run("stop", &[]), 0, "stop");
    assert!(!legacy_rules().contains("rustha:"), "{}", legacy_rules());
}

/// A process group killed on drop (the lock holder and its command).
struct Holder(std::process::Child);

impl Drop for Holder {
    fn drop(&mut self) {
        let pgid = nix::unistd::Pid::from_raw(-(self.0.id() as i32));
        let _ = nix::sys::signal::kill(pgid, nix::sys::signal::Signal::SIGKILL);
        let _ = self.0.wait();
    }
}
