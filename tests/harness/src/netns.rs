//! Network namespaces for tests: named namespaces unique per run, veth pairs, a bridge in its own
//! namespace, IPv4/IPv6 addresses, commands run inside a namespace, and guaranteed teardown.
//!
//! Every name carries a short run id (`rh<id>-<role>`), and every run gets its own IPv4 `/24`
//! (`10.x.y.0/24`) and IPv6 ULA `/64` (`fd00:x:y::/64`); the run id *is* `x` and `y` in hex, and it
//! is claimed atomically by creating the bridge namespace, so parallel or leftover runs never
//! collide. Nothing is configured in the root network namespace: interfaces are created directly
//! inside their target namespaces, so even the veths' names only have to be unique there.
//!
//! # Teardown
//! Namespaces are deleted (after killing every process inside) when their owner is dropped, also
//! during a panic's unwinding. For the cases where `Drop` never runs (Ctrl-C, `SIGKILL`,
//! `panic = "abort"`), each process that creates namespaces starts one small watchdog (`bash`, in
//! its own process group so a terminal's Ctrl-C does not reach it) that holds the list of live
//! namespaces and deletes whatever is still listed when the creating process goes away.
//!
//! # Example
//! ```no_run
//! use rustha_harness::netns::Topology;
//!
//! // A bridge namespace plus one namespace per host, each with `eth0` on the bridge,
//! // addresses assigned (IPv6 with `nodad`, usable at once) and links up.
//! let topo = Topology::new(&["node1", "client"]);
//! let node1 = topo.addr("node1"); // 10.x.y.1
//! topo.ns("client").ok(&["ping", "-c1", "-W1", &node1.to_string()]);
//! topo.ns("client").ok(&["ping", "-6", "-c1", "-W1", &topo.addr6("node1").to_string()]);
//!
//! // Run anything inside a namespace and capture its output.
//! let links = topo.ns("node1").ok(&["ip", "-br", "link"]);
//! assert!(links.contains("eth0"));
//!
//! // A spare address of the run's subnet, e.g. for a VIP, and a cut/heal of a host's link.
//! let vip = topo.spare_v4(0); // 10.x.y.200
//! topo.cut("node1");
//! topo.heal("node1");
//! drop(topo); // every namespace of the topology is gone (also on panic)
//! # let _ = vip;
//! ```

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Prefix of every namespace this harness creates (`lab cleanup` removes them all).
pub const PREFIX: &str = "rh";

/// Names of the network namespaces that exist (`ip netns list`, without the `(id: N)` suffix).
pub fn list() -> Vec<String> {
    let Ok(rd) = std::fs::read_dir("/run/netns") else {
        return Vec::new();
    };
    let mut v: Vec<String> = rd
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    v.sort();
    v
}

/// Whether the namespace `name` exists.
pub fn exists(name: &str) -> bool {
    Path::new("/run/netns").join(name).exists()
}

/// Pids of the processes whose network namespace is `name` (`ip netns pids`).
pub fn pids(name: &str) -> Vec<i32> {
    let out = Command::new("ip")
        .args(["netns", "pids", name])
        .stderr(Stdio::null())
        .output();
    out.map(|o| {
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    })
    .unwrap_or_default()
}

/// Kills (SIGKILL) every process inside namespace `name`, then deletes it. Errors are ignored:
/// this is the teardown path, and a namespace that is already gone is the goal.
pub fn destroy(name: &str) {
    for _ in 0..3 {
        let ps = pids(name);
        if ps.is_empty() {
            break;
        }
        for p in ps {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(p),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = Command::new("ip")
        .args(["netns", "del", name])
        .stderr(Stdio::null())
        .status();
}

/// Removes every namespace named `rh<4 hex>-...` (this harness's), e.g. after a run was killed
/// before its watchdog could act. Returns the names removed. Only for manual use (`lab cleanup`):
/// it also removes the namespaces of runs still in progress.
pub fn cleanup_all() -> Vec<String> {
    let ours: Vec<String> = list()
        .into_iter()
        .filter(|n| parse_run_id(n).is_some())
        .collect();
    for n in &ours {
        destroy(n);
    }
    ours
}

/// Whether `name` has the form of this harness's namespaces (`rh<4 hex>-<role>`).
pub fn is_lab_name(name: &str) -> bool {
    parse_run_id(name).is_some()
}

fn parse_run_id(name: &str) -> Option<&str> {
    let rest = name.strip_prefix(PREFIX)?;
    let (id, role) = rest.split_once('-')?;
    (id.len() == 4 && id.bytes().all(|b| b.is_ascii_hexdigit()) && !role.is_empty()).then_some(id)
}

// ---------------------------------------------------------------------------------------------
// Watchdog

const WATCHDOG: &str = r#"
declare -A live dirs
while read -r op name; do
  case $op in
    add) live[$name]=1 ;;
    del) unset "live[$name]" ;;
    add-dir) dirs[$name]=1 ;;
    del-dir) unset "dirs[$name]" ;;
  esac
done
for ns in "${!live[@]}"; do
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
done
sleep 0.1
for ns in "${!live[@]}"; do
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
done
for d in "${!dirs[@]}"; do rm -rf -- "$d"; done
"#;

struct Watchdog {
    stdin: Option<ChildStdin>,
    _child: Option<Child>,
}

fn watchdog() -> &'static Mutex<Watchdog> {
    static W: OnceLock<Mutex<Watchdog>> = OnceLock::new();
    W.get_or_init(|| {
        let child = Command::new("bash")
            .args(["-c", WATCHDOG])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn();
        match child {
            Ok(mut c) => Mutex::new(Watchdog {
                stdin: c.stdin.take(),
                _child: Some(c),
            }),
            Err(e) => {
                eprintln!("netns: cannot start the cleanup watchdog ({e}); relying on Drop only");
                Mutex::new(Watchdog {
                    stdin: None,
                    _child: None,
                })
            }
        }
    })
}

fn watch(op: &str, name: &str) {
    let mut w = watchdog().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = w.stdin.as_mut() {
        let _ = writeln!(s, "{op} {name}");
        let _ = s.flush();
    }
}

/// Has the watchdog remove directory `dir` (and what is in it) if this process goes away before
/// [`unwatch_dir`]: for a run's files outside its namespaces.
pub fn watch_dir(dir: &Path) {
    watch("add-dir", &dir.to_string_lossy());
}

/// Takes `dir` off the watchdog's list (its owner removed it).
pub fn unwatch_dir(dir: &Path) {
    watch("del-dir", &dir.to_string_lossy());
}

// ---------------------------------------------------------------------------------------------
// Commands

/// The error of a command that did not succeed, with everything needed to see why.
fn failure(what: &str, out: &Output) -> io::Error {
    io::Error::other(format!(
        "`{what}` failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr).trim(),
        String::from_utf8_lossy(&out.stdout).trim()
    ))
}

/// Runs `ip ARGS` in the root namespace (the namespace being addressed is in the arguments).
fn ip(args: &[&str]) -> io::Result<()> {
    let out = Command::new("ip")
        .args(args)
        .stdin(Stdio::null())
        .output()?;
    if out.status.success() {
        Ok(())
    } else {
        Err(failure(&format!("ip {}", args.join(" ")), &out))
    }
}

// ---------------------------------------------------------------------------------------------
// Netns

/// A named network namespace. Created with [`Netns::create`] it is owned and destroyed on drop
/// (every process inside is killed first); [`Netns::existing`] only refers to one.
#[derive(Debug)]
pub struct Netns {
    name: String,
    owned: bool,
}

impl Netns {
    /// Creates the namespace `name` (failing if it exists) with `lo` up; deleted on drop.
    pub fn create(name: &str) -> io::Result<Netns> {
        watch("add", name);
        let out = Command::new("ip").args(["netns", "add", name]).output()?;
        if !out.status.success() {
            watch("del", name);
            let msg = String::from_utf8_lossy(&out.stderr);
            let kind = if msg.contains("File exists") {
                io::ErrorKind::AlreadyExists
            } else {
                io::ErrorKind::Other
            };
            return Err(io::Error::new(
                kind,
                format!("ip netns add {name}: {}", msg.trim()),
            ));
        }
        let ns = Netns {
            name: name.to_string(),
            owned: true,
        };
        ip(&["-n", name, "link", "set", "lo", "up"])?;
        Ok(ns)
    }

    /// Refers to an existing namespace without owning it (nothing happens on drop).
    pub fn existing(name: &str) -> Netns {
        Netns {
            name: name.to_string(),
            owned: false,
        }
    }

    /// Creates a namespace with a fresh run-unique name `rh<id>-<role>`.
    pub fn create_unique(role: &str) -> io::Result<Netns> {
        for _ in 0..64 {
            let (x, y) = random_xy();
            let name = format!("{PREFIX}{x:02x}{y:02x}-{role}");
            match Netns::create(&name) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                r => return r,
            }
        }
        Err(io::Error::other("no free namespace name"))
    }

    /// The namespace's name (as `ip netns` knows it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A `Command` running `prog` inside the namespace (`ip netns exec NAME prog`).
    pub fn command(&self, prog: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name, prog]);
        c
    }

    /// Runs `argv` inside the namespace, capturing its output (stdin is empty).
    pub fn run(&self, argv: &[&str]) -> Output {
        let (prog, args) = argv.split_first().expect("empty command");
        self.command(prog)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run `ip netns exec {} {}`: {e}",
                    self.name,
                    argv.join(" ")
                )
            })
    }

    /// Runs `argv` inside the namespace and returns its stdout; `Err` (with stderr) when it fails.
    pub fn try_ok(&self, argv: &[&str]) -> io::Result<String> {
        let out = self.run(argv);
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(failure(
                &format!("[{}] {}", self.name, argv.join(" ")),
                &out,
            ))
        }
    }

    /// Runs `argv` inside the namespace and returns its stdout; panics (with stderr) when it fails.
    pub fn ok(&self, argv: &[&str]) -> String {
        self.try_ok(argv).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs a shell script inside the namespace (`sh -c SCRIPT`), capturing its output.
    pub fn sh(&self, script: &str) -> Output {
        self.run(&["sh", "-c", script])
    }

    /// Runs `ip ARGS` against this namespace (`ip -n NAME ARGS`); panics when it fails.
    pub fn ip(&self, args: &[&str]) {
        let mut v = vec!["-n", &self.name];
        v.extend_from_slice(args);
        ip(&v).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Whether `addr` (IPv4 or IPv6, without prefix) is configured on any interface here.
    pub fn has_addr(&self, addr: &str) -> bool {
        let out = Command::new("ip")
            .args(["-n", &self.name, "-o", "addr", "show"])
            .output();
        let Ok(out) = out else { return false };
        String::from_utf8_lossy(&out.stdout).lines().any(|l| {
            l.split_whitespace()
                .any(|w| w.split('/').next() == Some(addr))
        })
    }

    /// The MAC address of `dev` in this namespace.
    pub fn mac(&self, dev: &str) -> String {
        let p = format!("/sys/class/net/{dev}/address");
        self.ok(&["cat", &p]).trim().to_string()
    }

    /// Keeps the namespace alive past this value's drop (e.g. to inspect a failure).
    pub fn leak(mut self) -> String {
        self.owned = false;
        watch("del", &self.name);
        std::mem::take(&mut self.name)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        if self.owned {
            destroy(&self.name);
            watch("del", &self.name);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Subnet

/// A run's address ranges: IPv4 `10.x.y.0/24` and IPv6 `fd00:x:y::/64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subnet {
    pub x: u8,
    pub y: u8,
}

impl Subnet {
    /// IPv4 address `10.x.y.host`.
    pub fn v4(&self, host: u8) -> Ipv4Addr {
        Ipv4Addr::new(10, self.x, self.y, host)
    }
    /// IPv6 address `fd00:x:y::host` (x and y written in decimal digits, as in the IPv4 form).
    pub fn v6(&self, host: u16) -> Ipv6Addr {
        Ipv6Addr::new(
            0xfd00,
            hexish(self.x),
            hexish(self.y),
            0,
            0,
            0,
            0,
            hexish16(host),
        )
    }
    /// `10.x.y.0/24`
    pub fn v4_net(&self) -> String {
        format!("10.{}.{}.0/24", self.x, self.y)
    }
    /// `fd00:x:y::/64`
    pub fn v6_net(&self) -> String {
        format!("fd00:{}:{}::/64", self.x, self.y)
    }
    /// The run id these ranges belong to (`x` and `y` in hex, 4 characters).
    pub fn run_id(&self) -> String {
        format!("{:02x}{:02x}", self.x, self.y)
    }
}

/// Reads the decimal digits of `n` as hex, so `fd00:123:45::` mirrors `10.123.45.0`.
fn hexish(n: u8) -> u16 {
    hexish16(n as u16)
}
fn hexish16(n: u16) -> u16 {
    u16::from_str_radix(&n.to_string(), 16).unwrap_or(n)
}

fn random_xy() -> (u8, u8) {
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    h.write_u32(std::process::id());
    let r = h.finish();
    // 10.100.0.0 - 10.249.255.0: clear of the usual 10.0.x / 10.1.x networks.
    (100 + (r % 150) as u8, (r >> 8) as u8)
}

// ---------------------------------------------------------------------------------------------
// Topology

/// One host of a [`Topology`]: its namespace, its `eth0` addresses, and its bridge port.
#[derive(Debug)]
pub struct Host {
    pub name: String,
    pub ns: Netns,
    /// The bridge-side end of the host's veth (in the bridge namespace).
    pub port: String,
    pub v4: Ipv4Addr,
    pub v6: Ipv6Addr,
}

/// A bridge in its own namespace plus one namespace per host, each with `eth0` on the bridge.
///
/// Host `i` (0-based, in the order given) gets `10.x.y.(i+1)/24` and `fd00:x:y::(i+1)/64` on
/// `eth0`; addresses from `.200` up ([`Topology::spare_v4`]) are free for VIPs. Dropping the
/// topology deletes every namespace it created (processes inside are killed).
#[derive(Debug)]
pub struct Topology {
    subnet: Subnet,
    hosts: Vec<Host>,
    // Declared last: dropped after the hosts.
    bridge: Netns,
}

/// Name of the bridge inside the bridge namespace.
pub const BRIDGE: &str = "br0";

impl Topology {
    /// Builds the topology; panics (after tearing down whatever was created) when it cannot.
    pub fn new(hosts: &[&str]) -> Topology {
        Topology::try_new(hosts).unwrap_or_else(|e| panic!("cannot build the test network: {e}"))
    }

    /// Builds the topology: claims a run id, creates the bridge namespace and the hosts.
    pub fn try_new(hosts: &[&str]) -> io::Result<Topology> {
        let mut seen = HashMap::new();
        for h in hosts {
            assert!(
                !h.is_empty() && h.len() <= 12 && !h.contains(['/', ' ']),
                "bad host name {h:?}"
            );
            assert!(seen.insert(*h, ()).is_none(), "duplicate host name {h:?}");
        }
        let (subnet, bridge) = claim()?;
        let mut topo = Topology {
            subnet,
            hosts: Vec::new(),
            bridge,
        };
        topo.bridge.ip(&[
            "link",
            "add",
            BRIDGE,
            "type",
            "bridge",
            "stp_state",
            "0",
            "mcast_snooping",
            "0",
        ]);
        topo.bridge.ip(&["link", "set", BRIDGE, "up"]);
        for h in hosts {
            topo.add_host(h)?;
        }
        Ok(topo)
    }

    /// Adds one more host to the bridge (same addressing scheme as at creation).
    pub fn add_host(&mut self, name: &str) -> io::Result<&Host> {
        let i = self.hosts.len();
        assert!(i < 199, "too many hosts");
        let ns = Netns::create(&format!("{PREFIX}{}-{name}", self.subnet.run_id()))?;
        let port = format!("p{i}");
        let br = self.bridge.name().to_string();
        let v4 = self.subnet.v4(i as u8 + 1);
        let v6 = self.subnet.v6(i as u16 + 1);
        ip(&[
            "-n",
            &br,
            "link",
            "add",
            &port,
            "type",
            "veth",
            "peer",
            "name",
            "eth0",
            "netns",
            ns.name(),
        ])?;
        ip(&["-n", &br, "link", "set", &port, "master", BRIDGE, "up"])?;
        ip(&[
            "-n",
            ns.name(),
            "addr",
            "add",
            &format!("{v4}/24"),
            "brd",
            "+",
            "dev",
            "eth0",
        ])?;
        ip(&[
            "-n",
            ns.name(),
            "addr",
            "add",
            &format!("{v6}/64"),
            "dev",
            "eth0",
            "nodad",
        ])?;
        ip(&["-n", ns.name(), "link", "set", "eth0", "up"])?;
        self.hosts.push(Host {
            name: name.to_string(),
            ns,
            port,
            v4,
            v6,
        });
        Ok(self.hosts.last().expect("just pushed"))
    }

    /// The run id in every name of this topology.
    pub fn run_id(&self) -> String {
        self.subnet.run_id()
    }

    /// The run's address ranges.
    pub fn subnet(&self) -> Subnet {
        self.subnet
    }

    /// The namespace holding the bridge.
    pub fn bridge(&self) -> &Netns {
        &self.bridge
    }

    /// All hosts, in creation order.
    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }

    /// The host called `name` (panics when there is none).
    pub fn host(&self, name: &str) -> &Host {
        self.hosts
            .iter()
            .find(|h| h.name == name)
            .unwrap_or_else(|| panic!("no host {name:?} in the topology"))
    }

    /// The namespace of host `name`.
    pub fn ns(&self, name: &str) -> &Netns {
        &self.host(name).ns
    }

    /// The IPv4 address of host `name`'s `eth0`.
    pub fn addr(&self, name: &str) -> Ipv4Addr {
        self.host(name).v4
    }

    /// The IPv6 address of host `name`'s `eth0`.
    pub fn addr6(&self, name: &str) -> Ipv6Addr {
        self.host(name).v6
    }

    /// A free IPv4 address of the run's subnet (`10.x.y.(200+n)`), e.g. for a VIP.
    pub fn spare_v4(&self, n: u8) -> Ipv4Addr {
        assert!(n < 55);
        self.subnet.v4(200 + n)
    }

    /// A free IPv6 address of the run's subnet (`fd00:x:y::(200+n)`).
    pub fn spare_v6(&self, n: u8) -> Ipv6Addr {
        self.subnet.v6(200 + n as u16)
    }

    /// Cuts host `name` off the network by setting its bridge port down (the host sees the
    /// carrier go away, as when a switch port or cable fails).
    pub fn cut(&self, name: &str) {
        self.bridge
            .ip(&["link", "set", &self.host(name).port, "down"]);
    }

    /// Reconnects host `name` after [`Topology::cut`] or [`Topology::isolate`].
    pub fn heal(&self, name: &str) {
        let port = &self.host(name).port;
        self.bridge.ip(&["link", "set", port, "up"]);
        self.set_port_state(port, 3);
    }

    /// Cuts host `name` off silently: its bridge port stops forwarding but the link stays up on
    /// both ends (a partition the host cannot see on its interface).
    pub fn isolate(&self, name: &str) {
        self.set_port_state(&self.host(name).port, 0);
    }

    /// Whether host `name`'s bridge port is administratively up (not [`Topology::cut`]).
    pub fn port_up(&self, name: &str) -> bool {
        let out = Command::new("ip")
            .args(["-n", self.bridge.name(), "-o", "link", "show", "dev"])
            .arg(&self.host(name).port)
            .output()
            .expect("ip link show");
        let text = String::from_utf8_lossy(&out.stdout);
        // The flags: "<BROADCAST,MULTICAST,UP,LOWER_UP>"; UP is the administrative state.
        text.split_once('<')
            .and_then(|(_, rest)| rest.split_once('>'))
            .is_some_and(|(flags, _)| flags.split(',').any(|f| f == "UP"))
    }

    /// Whether host `name`'s bridge port is up and forwarding (neither [`Topology::cut`] nor
    /// [`Topology::isolate`] in effect).
    pub fn forwards(&self, name: &str) -> bool {
        let out = Command::new("bridge")
            .args([
                "-n",
                self.bridge.name(),
                "link",
                "show",
                "dev",
                &self.host(name).port,
            ])
            .output();
        out.is_ok_and(|o| {
            let s = String::from_utf8_lossy(&o.stdout);
            o.status.success() && s.contains(",UP") && s.contains("state forwarding")
        })
    }

    fn set_port_state(&self, port: &str, state: u8) {
        // Right after a port comes up its operational state lags (linkwatch), and the kernel
        // refuses a forwarding state until then (ENETDOWN): retry for a moment.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let out = Command::new("bridge")
                .args([
                    "-n",
                    self.bridge.name(),
                    "link",
                    "set",
                    "dev",
                    port,
                    "state",
                    &state.to_string(),
                ])
                .output()
                .expect("bridge command");
            if out.status.success() {
                return;
            }
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("Network is down") && Instant::now() < deadline,
                "bridge link set {port} state {state}: {err}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Every namespace name of this topology (hosts first, then the bridge).
    pub fn namespaces(&self) -> Vec<String> {
        let mut v: Vec<String> = self.hosts.iter().map(|h| h.ns.name().to_string()).collect();
        v.push(self.bridge.name().to_string());
        v
    }
}

/// Picks a free run id and claims it by creating its bridge namespace (atomic: `ip netns add`
/// fails when the name exists). Ids already used by any namespace (leftovers too) are skipped.
fn claim() -> io::Result<(Subnet, Netns)> {
    let start = Instant::now();
    loop {
        let (x, y) = random_xy();
        let s = Subnet { x, y };
        let id = s.run_id();
        let taken = list().iter().any(|n| parse_run_id(n) == Some(id.as_str()));
        if !taken {
            match Netns::create(&format!("{PREFIX}{id}-br")) {
                Ok(ns) => return Ok((s, ns)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        if start.elapsed() > Duration::from_secs(5) {
            return Err(io::Error::other("no free run id"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subnet_forms() {
        let s = Subnet { x: 123, y: 45 };
        assert_eq!(s.v4(1).to_string(), "10.123.45.1");
        assert_eq!(s.v6(1).to_string(), "fd00:123:45::1");
        assert_eq!(s.v6(200).to_string(), "fd00:123:45::200");
        assert_eq!(s.run_id(), "7b2d");
        assert_eq!(s.v4_net(), "10.123.45.0/24");
    }

    #[test]
    fn run_id_parsing() {
        assert_eq!(parse_run_id("rh7b2d-node1"), Some("7b2d"));
        assert_eq!(parse_run_id("rh7b2d-"), None);
        assert_eq!(parse_run_id("rhzz2d-node1"), None);
        assert_eq!(parse_run_id("other"), None);
    }
}
