//! The cluster lab: 1 to 3 real Pacemaker/Corosync nodes on one machine, plus a client (and any
//! further hosts a test asks for, e.g. application servers behind a proxy).
//!
//! Each node is a network namespace (on the [`Topology`] bridge, `eth0` = `10.x.y.N`) and a private
//! mount namespace with tmpfs over `/dev/shm`, `/run`, `/var/lib/pacemaker`, `/var/lib/corosync`,
//! `/etc/corosync`, `/var/log/pacemaker` (and pcsd's directories), so nodes share no state with
//! each other or with the host. `/usr/lib/ocf/resource.d` is replaced inside the node by a tmpfs
//! holding the host's providers (`heartbeat`, `pacemaker`, bind-mounted back) and `rustha`, with
//! links to this build's agent binaries; nothing is written to the host's filesystem.
//!
//! Corosync uses knet over the node addresses (`two_node: 1` for two nodes), and the CIB is seeded
//! before Pacemaker starts (`stonith-enabled=false`, a short `dc-deadtime`), which brings a
//! two-node cluster online in a few seconds instead of ~25. With [`LabConfig::fencing`] the lab's
//! power switch is then registered as the cluster's fence device (see [`crate::fence`]).
//!
//! A node's processes are found through its network namespace: a holder process (`sleep`) keeps
//! the mount namespace alive and is the `nsenter -t PID -m -n` target for every command.
//! Teardown kills everything in the namespaces and deletes them (Drop, also on panic; the
//! [`rustha_harness::netns`] watchdog covers Ctrl-C and kills); mounts vanish with their namespace.
//!
//! ```no_run
//! use rustha_lab::lab::Lab;
//! use std::time::Duration;
//!
//! let lab = Lab::new(2); // node1, node2, client; cluster online
//! let vip = lab.topo().spare_v4(0);
//! lab.pcs(&["resource", "create", "v", "ocf:rustha:vip", &format!("ip={vip}"), "nic=eth0",
//!           "op", "monitor", "interval=2s"]);
//! let node = lab.wait_started("v", Duration::from_secs(20));
//! lab.cut(&node);            // and lab.heal(&node), lab.crash(&node), lab.restart(&node)
//! let out = lab.ok("node2", &["crm_mon", "-1"]);
//! # let _ = out;
//! ```

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use std::os::unix::process::CommandExt;

use crate::fence::{self, PowerEvent, PowerSwitch};
use rustha_harness::netns::{self, Netns, Topology};

/// One resource action a node's Pacemaker carried out, as its log tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// When it completed, after the `since` given to [`Lab::actions`].
    pub after: Duration,
    pub node: String,
    /// `start`, `stop` or `monitor`.
    pub op: String,
    pub resource: String,
    /// Pacemaker's word for the result: `ok`, `not running`, `error`, ...
    pub result: String,
}

/// How a lab is built; [`Lab::new`] uses the defaults.
#[derive(Debug, Clone)]
pub struct LabConfig {
    /// Number of cluster nodes, 1 to 3 (`node1`..`node3`).
    pub nodes: usize,
    /// Corosync `token` timeout in milliseconds (how soon a silent node counts as lost).
    pub token_ms: u32,
    /// Where this build's agents are (default: [`rustha_harness::bin_dir`]); `None` in the field means
    /// the default, an empty path means no `rustha` provider.
    pub bin_dir: Option<PathBuf>,
    /// How long to wait for the cluster to come online.
    pub online_timeout: Duration,
    /// More hosts on the bridge besides the nodes and the client (e.g. `app1`, `app2`: the
    /// application servers behind a proxy), each a plain network namespace, addressed after the
    /// client.
    pub extra_hosts: Vec<String>,
    /// Whether the cluster stack starts with the lab (the default). When false the nodes are
    /// there, their files and namespaces ready, with nothing running: something else can use
    /// them first (another cluster manager), and [`Lab::start_cluster`] starts the stack later.
    pub start_stack: bool,
    /// Fencing on: the lab's power switch registered as a fence device (`fence_rustha_lab`, see
    /// [`crate::fence`]) with `stonith-enabled=true` and `stonith-action=off` (a fenced node
    /// stays off until [`Lab::boot`]), once the cluster is online. Default: on when
    /// `RUSTHA_LAB_FENCING=1`.
    pub fencing: bool,
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            nodes: 2,
            token_ms: 1000,
            bin_dir: None,
            online_timeout: Duration::from_secs(90),
            extra_hosts: Vec::new(),
            start_stack: true,
            fencing: std::env::var("RUSTHA_LAB_FENCING").is_ok_and(|v| v == "1"),
        }
    }
}

/// The fence device's resource id when [`LabConfig::fencing`] is on.
pub const FENCE_DEVICE: &str = "lab-fence";

/// One cluster node.
#[derive(Debug)]
pub struct Node {
    pub name: String,
    /// The holder process: `nsenter -t` target; its death ends the node's mount namespace.
    holder: Child,
    /// corosync and pacemakerd as started by the lab (reaped on teardown).
    stack: Mutex<Vec<Child>>,
    /// Whether the node is powered off; held while it is being powered off or on.
    powered_off: Mutex<bool>,
}

impl Node {
    /// Pid of the process whose namespaces the node's commands enter.
    pub fn pid(&self) -> u32 {
        self.holder.id()
    }
}

/// A running cluster lab. Dropping it tears everything down.
#[derive(Debug)]
pub struct Lab {
    // Shared with the power switch's handle on the lab (see `handle`).
    nodes: Arc<Vec<Node>>,
    bin_dir: Option<PathBuf>,
    /// The power switch of the fence device, when fencing is on.
    power: Option<PowerSwitch>,
    /// Whether this is the power switch's handle on the lab: the same nodes, but dropping it
    /// tears nothing down.
    handle: bool,
    // Declared last: the namespaces go after the node handles are done.
    topo: Arc<Topology>,
}

/// Script run by each node's holder inside its fresh mount namespace (after `ip netns exec`, so
/// `/sys` already belongs to the node's network namespace). Arguments: corosync.conf, cib.xml,
/// agent dir ("" for none), agent names; for fencing, `RUSTHA_LAB_FENCE_AGENT` and
/// `RUSTHA_LAB_POWER_DIR` in the environment.
const NODE_SETUP: &str = r#"
set -e
conf=$1; cib=$2; bindir=$3; shift 3
mount -t tmpfs -o mode=1777 lab-shm /dev/shm
mount -t tmpfs -o mode=755 lab-run /run
mkdir -p /run/rustha-lab/ocf
mount --bind /usr/lib/ocf/resource.d /run/rustha-lab/ocf
mount -t tmpfs -o mode=755 lab-ocf /usr/lib/ocf/resource.d
for d in /run/rustha-lab/ocf/*; do
  b=${d##*/}
  [ "$b" = rustha ] && continue
  mkdir "/usr/lib/ocf/resource.d/$b"
  mount --bind "$d" "/usr/lib/ocf/resource.d/$b"
done
if [ -n "$bindir" ]; then
  mkdir /usr/lib/ocf/resource.d/rustha
  for a in "$@"; do ln -s "$bindir/$a" "/usr/lib/ocf/resource.d/rustha/$a"; done
fi
for d in /var/lib/pacemaker /var/lib/corosync /etc/corosync /var/log/pacemaker /var/log/corosync \
         /var/log/cluster /var/lib/pcsd /var/log/pcsd; do
  [ -d "$d" ] && mount -t tmpfs -o mode=755 lab-state "$d"
done
mkdir -p /var/lib/pacemaker/cib /var/lib/pacemaker/pengine /var/lib/pacemaker/blackbox \
         /var/lib/pacemaker/cores /var/log/pacemaker/bundles /etc/corosync/uidgid.d
printf '%s\n' "$conf" > /etc/corosync/corosync.conf
printf '%s\n' "$cib" > /var/lib/pacemaker/cib/cib.xml
chmod 600 /var/lib/pacemaker/cib/cib.xml
chown -R hacluster:haclient /var/lib/pacemaker /var/log/pacemaker
chmod 750 /var/lib/pacemaker/cib /var/lib/pacemaker/pengine /var/lib/pacemaker/blackbox /var/lib/pacemaker/cores
chmod 770 /var/log/pacemaker
# Fencing: the power switch's directory and the fence agent where pacemaker-fenced looks.
if [ -n "$RUSTHA_LAB_FENCE_AGENT" ]; then
  mkdir -p /run/rustha-lab/power /run/rustha-lab/sbin
  mount --bind "$RUSTHA_LAB_POWER_DIR" /run/rustha-lab/power
  ln -s "$RUSTHA_LAB_FENCE_AGENT" /run/rustha-lab/sbin/fence_rustha_lab
  mount -t overlay lab-sbin -o lowerdir=/run/rustha-lab/sbin:/usr/sbin /usr/sbin
fi
echo ready
exec sleep infinity
"#;

impl Lab {
    /// A lab with `nodes` cluster nodes and a client, online (panics when it cannot come up).
    pub fn new(nodes: usize) -> Lab {
        Lab::with_config(LabConfig {
            nodes,
            ..LabConfig::default()
        })
    }

    /// A lab built as `cfg` says, online (panics when it cannot come up).
    pub fn with_config(cfg: LabConfig) -> Lab {
        assert!((1..=3).contains(&cfg.nodes), "the lab has 1 to 3 nodes");
        let names: Vec<String> = (1..=cfg.nodes).map(|i| format!("node{i}")).collect();
        let mut hosts: Vec<&str> = names.iter().map(String::as_str).collect();
        hosts.push("client");
        hosts.extend(cfg.extra_hosts.iter().map(String::as_str));
        let topo = Topology::new(&hosts);
        let bin_dir = match &cfg.bin_dir {
            None => Some(rustha_harness::bin_dir()),
            Some(p) if p.as_os_str().is_empty() => None,
            Some(p) => Some(p.clone()),
        };
        let bin_dir = bin_dir.map(|p| p.canonicalize().unwrap_or(p));
        let conf = corosync_conf(&topo, &names, cfg.token_ms);
        let cib = seed_cib();
        let fencing = cfg.fencing.then(|| {
            let agent = fence::agent_path(bin_dir.as_deref());
            (agent, PowerSwitch::dir_for(&topo.run_id()))
        });
        let mut lab = Lab {
            nodes: Arc::new(Vec::new()),
            bin_dir,
            power: None,
            handle: false,
            topo: Arc::new(topo),
        };
        for n in &names {
            let node = lab.spawn_node(n, &conf, &cib, fencing.as_ref());
            Arc::get_mut(&mut lab.nodes)
                .expect("not shared yet")
                .push(node);
        }
        if let Some((_, dir)) = fencing {
            let handle = Lab {
                nodes: lab.nodes.clone(),
                bin_dir: lab.bin_dir.clone(),
                power: None,
                handle: true,
                topo: lab.topo.clone(),
            };
            lab.power = Some(PowerSwitch::start(dir, handle));
        }
        if cfg.start_stack {
            lab.start_cluster(cfg.online_timeout);
        }
        lab
    }

    /// Starts the cluster stack on every node and waits up to `timeout` for them all to be
    /// online (at creation, unless [`LabConfig::start_stack`] is false); with fencing, then
    /// registers the fence device.
    pub fn start_cluster(&self, timeout: Duration) {
        for n in self.node_names() {
            self.start_stack(&n);
        }
        self.wait_online(timeout);
        if self.fencing() {
            self.enable_fencing(timeout);
        }
    }

    /// Starts the cluster of a lab built without one ([`LabConfig::start_stack`] false) with
    /// Corosync's `token` set to `token_ms` (what a migrated configuration asks for), then as
    /// [`Lab::start_cluster`].
    pub fn start_cluster_with_token(&self, token_ms: u32, timeout: Duration) {
        let names = self.node_names();
        let conf = corosync_conf(&self.topo, &names, token_ms);
        for n in &names {
            assert!(!self.stack_running(n), "the cluster already runs on {n}");
            self.write_file(n, "/etc/corosync/corosync.conf", &format!("{conf}\n"));
        }
        self.start_cluster(timeout);
    }

    /// Registers the power switch with Pacemaker as an administrator would, and switches
    /// fencing on. The device prefers the last node: Pacemaker spreads resources by count, and
    /// elsewhere it would push a test's first resource off `node1`.
    fn enable_fencing(&self, timeout: Duration) {
        let names = self.node_names();
        let admin = self.admin_node();
        if self
            .run(&admin, &["crm_resource", "-r", FENCE_DEVICE, "--query-xml"])
            .status
            .success()
        {
            // Registered by an earlier start of the cluster.
            return;
        }
        let hosts = format!("pcmk_host_list={}", names.join(" "));
        self.pcs(&[
            "stonith",
            "create",
            FENCE_DEVICE,
            fence::AGENT,
            &hosts,
            "op",
            "monitor",
            "interval=10s",
            "--disabled",
        ]);
        let last = format!("{}=1", names[names.len() - 1]);
        self.pcs(&["constraint", "location", FENCE_DEVICE, "prefers", &last]);
        self.pcs(&["resource", "enable", FENCE_DEVICE]);
        self.pcs(&[
            "property",
            "set",
            "stonith-enabled=true",
            "stonith-action=off",
        ]);
        self.wait_started(FENCE_DEVICE, timeout);
    }

    /// Whether fencing is on (see [`LabConfig::fencing`]).
    pub fn fencing(&self) -> bool {
        self.power.is_some()
    }

    /// Node `name`'s power flag, held while powering it off or on, or changing its link.
    fn power_flag(&self, name: &str) -> std::sync::MutexGuard<'_, bool> {
        self.node(name)
            .powered_off
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Whether node `name` is powered off ([`Lab::power_off`], by a test or by the fence agent,
    /// and no [`Lab::boot`] since).
    pub fn is_powered_off(&self, name: &str) -> bool {
        *self.power_flag(name)
    }

    /// The power switch's socket as the host sees it (`None` without fencing).
    pub fn power_socket(&self) -> Option<PathBuf> {
        self.power.as_ref().map(PowerSwitch::socket)
    }

    /// What the fence agent had the power switch do so far, in order (empty without fencing).
    pub fn power_events(&self) -> Vec<PowerEvent> {
        self.power
            .as_ref()
            .map(PowerSwitch::events)
            .unwrap_or_default()
    }

    fn spawn_node(
        &self,
        name: &str,
        conf: &str,
        cib: &str,
        fencing: Option<&(PathBuf, PathBuf)>,
    ) -> Node {
        let ns = self.topo.ns(name);
        let dir = self
            .bin_dir
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let agents: Vec<&str> = match &self.bin_dir {
            Some(d) => rustha_harness::AGENTS
                .iter()
                .copied()
                .filter(|a| d.join(a).exists())
                .collect(),
            None => Vec::new(),
        };
        let mut holder = ns.command("unshare");
        if let Some((agent, dir)) = fencing {
            holder
                .env("RUSTHA_LAB_FENCE_AGENT", agent)
                .env("RUSTHA_LAB_POWER_DIR", dir);
        }
        let holder = holder
            .args([
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                NODE_SETUP,
                "sh",
                conf,
                cib,
                &dir,
            ])
            .args(&agents)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("spawn node holder");
        let holder = rustha_harness::await_ready(holder, &format!("node {name} setup"));
        Node {
            name: name.to_string(),
            holder,
            stack: Mutex::new(Vec::new()),
            powered_off: Mutex::new(false),
        }
    }

    /// The network topology (bridge, node and client namespaces, addresses).
    pub fn topo(&self) -> &Topology {
        &self.topo
    }

    /// The client's namespace.
    pub fn client(&self) -> &Netns {
        self.topo.ns("client")
    }

    /// The cluster nodes' names (`node1`, ...).
    pub fn node_names(&self) -> Vec<String> {
        self.nodes.iter().map(|n| n.name.clone()).collect()
    }

    /// Each node's own IPv4 address and name (to tell which node a connection came from).
    pub fn node_by_addr(&self) -> std::collections::HashMap<std::net::IpAddr, String> {
        self.node_names()
            .into_iter()
            .map(|n| (std::net::IpAddr::V4(self.topo.addr(&n)), n))
            .collect()
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> &Node {
        self.nodes
            .iter()
            .find(|n| n.name == name)
            .unwrap_or_else(|| panic!("no node {name:?}"))
    }

    /// The network namespace of node `name` (for `ip` and for probing; commands that need the
    /// node's files, like `pcs`, go through [`Lab::command`]).
    pub fn ns(&self, name: &str) -> &Netns {
        self.topo.ns(name)
    }

    /// The agent directory mounted as the `rustha` provider, if any.
    pub fn bin_dir(&self) -> Option<&Path> {
        self.bin_dir.as_deref()
    }

    /// A `Command` running `prog` on node `name` (its network and mount namespaces).
    pub fn command(&self, name: &str, prog: &str) -> Command {
        let mut c = Command::new("nsenter");
        c.args([
            "-t",
            &self.node(name).pid().to_string(),
            "-m",
            "-n",
            "--",
            prog,
        ]);
        c
    }

    /// A TCP connection from the client namespace to `to` (5 s read timeout); panics when it
    /// cannot connect within 2 s.
    pub fn client_connect(&self, to: std::net::SocketAddr) -> std::net::TcpStream {
        let s = rustha_harness::probe::in_netns(self.client(), || {
            std::net::TcpStream::connect_timeout(&to, Duration::from_secs(2))
        })
        .unwrap_or_else(|e| panic!("connecting from the client to {to}: {e}"));
        s.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("read timeout");
        s
    }

    /// Runs `argv` on node `name`, capturing its output.
    pub fn run(&self, name: &str, argv: &[&str]) -> Output {
        let (prog, args) = argv.split_first().expect("empty command");
        self.command(name, prog)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {argv:?} on {name}: {e}"))
    }

    /// Runs `argv` on node `name`; its stdout, or `Err` with the output when it fails.
    pub fn try_ok(&self, name: &str, argv: &[&str]) -> Result<String, String> {
        let out = self.run(name, argv);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() {
            Ok(stdout)
        } else {
            Err(format!(
                "[{name}] {} -> {}: {}{}",
                argv.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim(),
                stdout.trim()
            ))
        }
    }

    /// Runs `argv` on node `name` and returns its stdout; panics when it fails.
    pub fn ok(&self, name: &str, argv: &[&str]) -> String {
        self.try_ok(name, argv).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Writes `contents` to `path` as node `name` sees it, creating the parent directory; panics
    /// when it cannot. Meant for paths under `/run` (a tmpfs private to the node, gone with it);
    /// elsewhere the node shares the host's filesystem.
    pub fn write_file(&self, name: &str, path: &str, contents: &str) {
        use std::io::Write;
        let mut child = self
            .command(name, "sh")
            .args([
                "-c",
                r#"mkdir -p "$(dirname "$1")" && cat > "$1""#,
                "sh",
                path,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot write {path} on {name}: {e}"));
        let written = child
            .stdin
            .take()
            .expect("piped")
            .write_all(contents.as_bytes());
        let out = child.wait_with_output().expect("wait for sh");
        assert!(
            written.is_ok() && out.status.success(),
            "writing {path} on {name} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs `pcs ARGS` on the first node whose cluster stack answers; panics when it fails.
    pub fn pcs(&self, args: &[&str]) -> String {
        let node = self.admin_node();
        let mut argv = vec!["pcs"];
        argv.extend_from_slice(args);
        self.ok(&node, &argv)
    }

    /// A node whose Pacemaker answers (node1 unless it is down).
    pub fn admin_node(&self) -> String {
        for n in self.nodes.iter() {
            if self.stack_running(&n.name) && self.run(&n.name, &["crm_mon", "-1"]).status.success()
            {
                return n.name.clone();
            }
        }
        self.nodes[0].name.clone()
    }

    /// Starts corosync and pacemakerd on node `name` (at creation, or after [`Lab::crash`]).
    pub fn start_stack(&self, name: &str) {
        let node = self.node(name);
        let mut stack = node.stack.lock().unwrap_or_else(|e| e.into_inner());
        // Reap what exited (after a crash or on its own); keep what still runs.
        stack.retain_mut(|c| matches!(c.try_wait(), Ok(None)));
        let spawn = |prog: &str, args: &[&str]| {
            self.command(name, prog)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {prog} on {name}: {e}"))
        };
        stack.push(spawn("corosync", &["-f"]));
        // The fence device may power the node off while its stack starts (the cluster fences a
        // node it lost even once that node's stack runs again): corosync is killed, the node
        // stays off, and booting it starts the stack. A power-off under way holds the flag's
        // lock (so does a boot, but a boot does not kill corosync).
        let powering_off = || match node.powered_off.try_lock() {
            Ok(off) => *off,
            Err(std::sync::TryLockError::WouldBlock) => true,
            Err(std::sync::TryLockError::Poisoned(e)) => *e.into_inner(),
        };
        // pacemakerd gives up when corosync's IPC is not there yet; wait for it briefly.
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.run(name, &["corosync-cfgtool", "-s"]).status.code() != Some(0) {
            let corosync_gone = stack
                .last_mut()
                .is_none_or(|c| !matches!(c.try_wait(), Ok(None)));
            if corosync_gone && powering_off() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "corosync did not start on {name}:\n{}",
                self.logs(name, 30)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Pacemaker logs to its file inside the node (tmpfs); keep it off the host's syslog.
        let pcmk = self
            .command(name, "pacemakerd")
            .env("PCMK_logfacility", "none")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start pacemakerd on {name}: {e}"));
        stack.push(pcmk);
    }

    /// Stops node `name`'s cluster stack the way its service manager would on `pcs cluster stop`
    /// or a clean shutdown: Pacemaker first (it stops the node's resources, which the others
    /// take over), then corosync. Panics when either is still running after `timeout`.
    pub fn stop_stack(&self, name: &str, timeout: Duration) {
        let node = self.node(name);
        let mut stack = node.stack.lock().unwrap_or_else(|e| e.into_inner());
        // Started in this order by start_stack: corosync, then pacemakerd; stopped in reverse.
        for child in stack.iter_mut().rev() {
            if !matches!(child.try_wait(), Ok(None)) {
                continue;
            }
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(child.id() as i32),
                nix::sys::signal::Signal::SIGTERM,
            );
            let deadline = Instant::now() + timeout;
            while matches!(child.try_wait(), Ok(None)) {
                assert!(
                    Instant::now() < deadline,
                    "{name}: pid {} still running {timeout:?} after SIGTERM\n{}",
                    child.id(),
                    self.logs(name, 30)
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        stack.clear();
    }

    /// Whether corosync runs on node `name`.
    pub fn stack_running(&self, name: &str) -> bool {
        !self.stack_pids(name).is_empty()
    }

    /// Pids of corosync and every pacemaker daemon on node `name`.
    pub fn stack_pids(&self, name: &str) -> Vec<i32> {
        netns::pids(self.topo.ns(name).name())
            .into_iter()
            .filter(|p| {
                let comm = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
                let comm = comm.trim();
                comm == "corosync" || comm.starts_with("pacemaker")
            })
            .collect()
    }

    /// Waits until every node is online and a DC is elected, as seen from every node.
    pub fn wait_online(&self, timeout: Duration) {
        let names = self.node_names();
        self.wait_for(&format!("nodes {names:?} online"), timeout, || {
            names.iter().all(|n| {
                let Ok(out) = self.try_ok(n, &["crm_mon", "-1"]) else {
                    return false;
                };
                let online = out.lines().find(|l| l.contains("Online:")).unwrap_or("");
                out.contains("Current DC: node")
                    && names.iter().all(|m| online.contains(m.as_str()))
            })
        });
    }

    /// Polls `cond` every 100 ms until it holds; panics with the cluster's state after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
        let deadline = Instant::now() + timeout;
        while !cond() {
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}\n{}",
                    self.report()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The failed resource actions node `name` knows of: `crm_mon`'s failures section, one a
    /// line.
    pub fn failures(&self, name: &str) -> String {
        self.ok(
            name,
            &[
                "crm_mon",
                "-1",
                "--include=failures",
                "--exclude=summary,nodes,resources",
            ],
        )
    }

    /// Waits until node `name` reports a failed monitor on a line holding every one of `words`
    /// (the resource, the result).
    pub fn wait_monitor_failure(&self, name: &str, words: &[&str], timeout: Duration) {
        self.wait_for("the monitor failure to be recorded", timeout, || {
            self.failures(name)
                .lines()
                .any(|l| l.contains("monitor") && words.iter().all(|w| l.contains(w)))
        });
    }

    /// The nodes where Pacemaker (as seen from node `from`) runs resource `res`.
    pub fn locate_from(&self, from: &str, res: &str) -> Vec<String> {
        let out = self.run(from, &["crm_resource", "--locate", "-r", res, "-Q"]);
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    /// The nodes where Pacemaker runs resource `res` (asked on [`Lab::admin_node`]).
    pub fn locate(&self, res: &str) -> Vec<String> {
        self.locate_from(&self.admin_node(), res)
    }

    /// Waits until `res` is Started on exactly one node, and returns that node.
    pub fn wait_started(&self, res: &str, timeout: Duration) -> String {
        let mut node = String::new();
        self.wait_for(&format!("{res} started"), timeout, || {
            let at = self.locate(res);
            if at.len() == 1 && self.is_started(&at[0], res) {
                node = at[0].clone();
                true
            } else {
                false
            }
        });
        node
    }

    /// Waits until `res` is Started on node `on`.
    pub fn wait_started_on(&self, res: &str, on: &str, timeout: Duration) {
        self.wait_for(&format!("{res} started on {on}"), timeout, || {
            self.locate(res) == [on.to_string()] && self.is_started(on, res)
        });
    }

    /// Whether `crm_mon` (on the admin node) shows `res` as `Started` on `node` (not starting,
    /// stopping or failed).
    pub fn is_started(&self, node: &str, res: &str) -> bool {
        let Ok(out) = self.try_ok(&self.admin_node(), &["crm_mon", "-1", "-r"]) else {
            return false;
        };
        out.lines().any(|l| {
            let l = l.trim_start_matches([' ', '*']);
            l.split_whitespace().next() == Some(res) && l.contains(&format!("Started {node}"))
        })
    }

    /// The nodes whose `eth0` (or any interface) holds `addr` right now (the ground truth, as
    /// opposed to what Pacemaker believes).
    pub fn addr_holders(&self, addr: &str) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|n| self.topo.ns(&n.name).has_addr(addr))
            .map(|n| n.name.clone())
            .collect()
    }

    /// Cuts node `name`'s link (its bridge port goes down; the node sees carrier loss).
    pub fn cut(&self, name: &str) {
        self.topo.cut(name);
    }

    /// Silently partitions node `name` (its bridge port stops forwarding, carrier stays up).
    /// A node already off the network (powered off, or its link cut) stays as it is: a down
    /// port has no forwarding state to change.
    pub fn isolate(&self, name: &str) {
        let off = self.power_flag(name);
        if !*off && self.topo.port_up(name) {
            self.topo.isolate(name);
        }
    }

    /// Reconnects node `name` after [`Lab::cut`] or [`Lab::isolate`]. A node the fence device
    /// powered off meanwhile keeps its link down until it boots; holding the power flag keeps a
    /// power-off from cutting the link halfway through.
    pub fn heal(&self, name: &str) {
        let off = self.power_flag(name);
        if !*off {
            self.topo.heal(name);
        }
    }

    /// Crashes node `name`'s cluster stack: SIGKILL to corosync and every pacemaker process
    /// (resource agents' own processes and the addresses they configured stay, as after a hang).
    pub fn crash(&self, name: &str) {
        // The stack's lock first: a start under way (which holds it) ends before the kill, so
        // no corosync it spawns can escape the kill and be waited for forever below.
        let mut stack = self
            .node(name)
            .stack
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        for _ in 0..5 {
            let pids = self.stack_pids(name);
            if pids.is_empty() {
                break;
            }
            for p in pids {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(p),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        for c in stack.iter_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
        stack.clear();
    }

    /// Powers node `name` off: crash, plus every other process in the node killed, what a
    /// reboot loses from the kernel gone (every address but the node's own removed from `eth0`,
    /// the firewall tables of the node's namespace emptied), and its link cut. [`Lab::boot`]
    /// brings it back.
    pub fn power_off(&self, name: &str) {
        let mut off = self.power_flag(name);
        self.cut(name);
        self.crash(name);
        let holder = self.node(name).pid() as i32;
        for p in netns::pids(self.topo.ns(name).name()) {
            if p != holder {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(p),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
        self.flush_extra_addrs(name);
        // The namespace is the lab's own: every rule in it was made by a resource on the node.
        let ns = self.topo.ns(name);
        let _ = ns.run(&["iptables", "-w", "-t", "nat", "-F"]);
        let _ = ns.run(&["nft", "flush", "ruleset"]);
        *off = true;
    }

    /// Boots node `name` after [`Lab::power_off`]: link back, cluster stack started (unless it
    /// runs: the fence device may have powered the node on already).
    pub fn boot(&self, name: &str) {
        let mut off = self.power_flag(name);
        self.topo.heal(name);
        if !self.stack_running(name) {
            self.start_stack(name);
        }
        *off = false;
    }

    /// Powers node `name` on after [`Lab::power_off`] with nothing started on it: the link
    /// back, as for a node whose services (heartbeat, keepalived, an administrator) the test
    /// starts itself. [`Lab::boot`] also starts the cluster stack.
    pub fn power_on(&self, name: &str) {
        let mut off = self.power_flag(name);
        self.topo.heal(name);
        *off = false;
    }

    /// Restarts node `name`'s cluster stack after [`Lab::crash`] (what a watchdog or an admin
    /// would do); addresses left over by the crash are left for Pacemaker's probes to find.
    pub fn restart(&self, name: &str) {
        self.crash(name);
        self.start_stack(name);
    }

    fn flush_extra_addrs(&self, name: &str) {
        let ns = self.topo.ns(name);
        let host = self.topo.host(name);
        let own = [host.v4.to_string(), host.v6.to_string()];
        let out = ns.ok(&["ip", "-o", "addr", "show", "dev", "eth0", "scope", "global"]);
        for l in out.lines() {
            let w: Vec<&str> = l.split_whitespace().collect();
            if let Some(i) = w.iter().position(|x| *x == "inet" || *x == "inet6") {
                let cidr = w[i + 1];
                if !own
                    .iter()
                    .any(|o| cidr.split('/').next() == Some(o.as_str()))
                {
                    let _ = ns.run(&["ip", "addr", "del", cidr, "dev", "eth0"]);
                }
            }
        }
    }

    /// The resource actions node `name`'s Pacemaker completed after `since`, from its log, in
    /// order: every start and stop, and the monitors that found something wrong (probes and
    /// successful monitors are left out).
    pub fn actions(&self, name: &str, since: SystemTime) -> Vec<Action> {
        let out = self.run(
            name,
            &[
                "grep",
                "-F",
                "Result of ",
                "/var/log/pacemaker/pacemaker.log",
            ],
        );
        parse_actions(&String::from_utf8_lossy(&out.stdout), time_of_day(since))
    }

    /// The lines of node `name`'s Pacemaker and Corosync logs written after `since` that contain
    /// one of `patterns`, each with its time after `since` (to tell what a gap was spent on).
    pub fn log_lines(
        &self,
        name: &str,
        since: SystemTime,
        patterns: &[&str],
    ) -> Vec<(Duration, String)> {
        let mut argv = vec!["grep", "-h", "-F"];
        for p in patterns {
            argv.extend(["-e", p]);
        }
        argv.extend([
            "/var/log/pacemaker/pacemaker.log",
            "/var/log/pacemaker/corosync.log",
        ]);
        let out = self.run(name, &argv);
        let since = time_of_day(since);
        let mut v: Vec<(Duration, String)> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let at = l.split_whitespace().take(4).find_map(clock)?;
                // Within the hour after `since` (a day boundary in between allowed for).
                let after = (at + Duration::from_secs(86_400) - since).as_secs() % 86_400;
                (after < 3600).then(|| {
                    let after = (at + Duration::from_secs(86_400)).saturating_sub(since);
                    let after = Duration::from_nanos(
                        (after.as_nanos() % Duration::from_secs(86_400).as_nanos()) as u64,
                    );
                    (after, l.to_string())
                })
            })
            .collect();
        v.sort();
        v
    }

    /// The last `lines` notable lines of node `name`'s Pacemaker log and a few of Corosync's.
    pub fn logs(&self, name: &str, lines: usize) -> String {
        let script = format!(
            "grep -E 'error|warning|notice' /var/log/pacemaker/pacemaker.log 2>/dev/null | tail -n {lines}; \
             echo '--- corosync'; tail -n {c} /var/log/pacemaker/corosync.log 2>/dev/null",
            c = lines / 4
        );
        String::from_utf8_lossy(&self.run(name, &["sh", "-c", &script]).stdout).into_owned()
    }

    /// A readable state of the lab: `crm_mon` and addresses of every node (for failure messages).
    pub fn report(&self) -> String {
        let mut s = String::new();
        for n in self.nodes.iter() {
            let mon = self.run(&n.name, &["crm_mon", "-1", "-r"]);
            let addrs = self.topo.ns(&n.name).run(&["ip", "-br", "addr"]);
            s += &format!(
                "==== {} (stack {})\n{}{}\n{}",
                n.name,
                if self.stack_running(&n.name) {
                    "running"
                } else {
                    "down"
                },
                String::from_utf8_lossy(&mon.stdout),
                String::from_utf8_lossy(&mon.stderr),
                String::from_utf8_lossy(&addrs.stdout)
            );
        }
        s
    }

    /// Tears the lab down now (what drop does).
    pub fn shutdown(self) {}
}

impl Drop for Lab {
    fn drop(&mut self) {
        if self.handle {
            return;
        }
        // The power switch first: it holds the other handle on the nodes.
        self.power = None;
        if std::thread::panicking() {
            eprintln!("lab state at failure:\n{}", self.report());
            for n in self.nodes.iter() {
                eprintln!("==== {} logs\n{}", n.name, self.logs(&n.name, 40));
            }
        }
        // Kill everything in the nodes first (the namespaces go when `topo` drops), then reap
        // the children this process started.
        for n in self.nodes.iter() {
            netns::destroy(self.topo.ns(&n.name).name());
        }
        let Some(nodes) = Arc::get_mut(&mut self.nodes) else {
            return;
        };
        for n in nodes {
            let _ = n.holder.kill();
            let _ = n.holder.wait();
            for c in n
                .stack
                .get_mut()
                .unwrap_or_else(|e| e.into_inner())
                .iter_mut()
            {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
}

/// A log line's `HH:MM:SS[.fff]` as a time of day.
fn clock(w: &str) -> Option<Duration> {
    let mut hms = w.split(':');
    let (h, m, sec) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() || h.len() != 2 || m.len() != 2 {
        return None;
    }
    Some(
        Duration::from_secs(h.parse::<u64>().ok()? * 3600 + m.parse::<u64>().ok()? * 60)
            + Duration::from_secs_f64(sec.parse::<f64>().ok()?),
    )
}

/// Local time of day of `t`: Pacemaker stamps its log lines with local time, without a date.
fn time_of_day(t: SystemTime) -> Duration {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs() as libc::time_t;
    // SAFETY: tm is plain data; localtime_r only writes into it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call; localtime_r is thread-safe.
    unsafe { libc::localtime_r(&secs, &mut tm) };
    let s = tm.tm_hour as u64 * 3600 + tm.tm_min as u64 * 60 + tm.tm_sec as u64;
    Duration::from_secs(s) + Duration::from_nanos(d.subsec_nanos() as u64)
}

/// The actions in Pacemaker log lines such as `Nov 30 11:05:18.028 vm pacemaker-controld [2743]
/// (log_executor_event) notice: Result of start operation for vip on node1: ok | CIB update 16`,
/// timed after `since` (a local time of day; a day boundary in between is allowed for).
fn parse_actions(log: &str, since: Duration) -> Vec<Action> {
    const DAY: Duration = Duration::from_secs(86_400);
    let parse = |line: &str| -> Option<Action> {
        let clock = line.split_whitespace().nth(2)?;
        let mut hms = clock.split(':');
        let (h, m, sec) = (hms.next()?, hms.next()?, hms.next()?);
        let at = Duration::from_secs(h.parse::<u64>().ok()? * 3600 + m.parse::<u64>().ok()? * 60)
            + Duration::from_secs_f64(sec.parse::<f64>().ok()?);
        let rest = &line[line.find("Result of ")? + "Result of ".len()..];
        let (op, rest) = rest.split_once(" operation for ")?;
        let (resource, rest) = rest.split_once(" on ")?;
        let (node, rest) = rest.split_once(": ")?;
        let result = rest.split(" | ").next()?.trim();
        let wanted = match op {
            "start" | "stop" => true,
            "monitor" => result != "ok" && result != "Cancelled",
            _ => false,
        };
        // A line up to a minute before `since` is from before it, anything else from after
        // (possibly past midnight).
        let after = if at >= since {
            at - since
        } else if since - at < Duration::from_secs(60) {
            return None;
        } else {
            at + DAY - since
        };
        wanted.then(|| Action {
            after,
            node: node.to_string(),
            op: op.to_string(),
            resource: resource.to_string(),
            result: result.to_string(),
        })
    };
    log.lines().filter_map(parse).collect()
}

/// corosync.conf for `names` on the topology's addresses.
fn corosync_conf(topo: &Topology, names: &[String], token_ms: u32) -> String {
    let mut nodes = String::new();
    for (i, n) in names.iter().enumerate() {
        nodes += &format!(
            "  node {{\n    ring0_addr: {}\n    name: {n}\n    nodeid: {}\n  }}\n",
            topo.addr(n),
            i + 1
        );
    }
    let two_node = if names.len() == 2 {
        "  two_node: 1\n"
    } else {
        ""
    };
    format!(
        "totem {{\n  version: 2\n  cluster_name: rh{id}\n  transport: knet\n  token: {token_ms}\n  \
         crypto_cipher: none\n  crypto_hash: none\n}}\n\
         nodelist {{\n{nodes}}}\n\
         quorum {{\n  provider: corosync_votequorum\n{two_node}}}\n\
         logging {{\n  to_logfile: yes\n  logfile: /var/log/pacemaker/corosync.log\n  to_syslog: no\n  \
         to_stderr: no\n  timestamp: hires\n}}\n",
        id = topo.run_id()
    )
}

/// The CIB every node starts from: fencing off (until [`LabConfig::fencing`] registers the fence
/// device, once every node is online) and a short DC dead time, since all nodes start together
/// (the 20 s default is most of a bring-up).
pub fn seed_cib() -> String {
    r#"<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
        <nvpair id="cib-bootstrap-options-dc-deadtime" name="dc-deadtime" value="3s"/>
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources/>
    <constraints/>
  </configuration>
  <status/>
</cib>"#
        .to_string()
}

impl crate::timeline::Timeline {
    /// Every Pacemaker action on `lab`'s nodes since `since`, as timeline entries.
    pub fn pacemaker_actions(&mut self, lab: &Lab, since: SystemTime) {
        for n in lab.node_names() {
            for a in lab.actions(&n, since) {
                let what = match (a.op.as_str(), a.result.as_str()) {
                    ("start", "ok") => format!("{} started", a.resource),
                    ("stop", "ok") => format!("{} stopped", a.resource),
                    (op, result) => format!("{} {op}: {result}", a.resource),
                };
                self.action(a.after, format!("pacemaker: {}: {what}", a.node));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_from_the_pacemaker_log() {
        let log = "\
Nov 30 11:05:17.900 vm pacemaker-controld  [2743] (log_executor_event) \tnotice: Result of start operation for vip on node1: ok | CIB update 9
Nov 30 11:05:18.028 vm pacemaker-controld  [2743] (log_executor_event) \tnotice: Result of start operation for vip on node1: ok | CIB update 16, graph action confirmed; call=6 key=vip_start_0 rc=0
Nov 30 11:05:18.100 vm pacemaker-controld  [2743] (log_executor_event) \tnotice: Result of probe operation for proxy on node1: not running | CIB update 18
Nov 30 11:05:26.800 vm pacemaker-controld  [2743] (log_executor_event) \tnotice: Result of monitor operation for proxy on node1: not running | CIB update 25
Nov 30 11:05:26.852 vm pacemaker-controld  [2743] (log_executor_event) \tinfo: Result of monitor operation for proxy on node1: Cancelled | graph action confirmed
Nov 30 11:05:26.900 vm pacemaker-controld  [2743] (log_executor_event) \tnotice: Result of stop operation for proxy on node1: ok | CIB update 27
";
        let since = Duration::from_secs(11 * 3600 + 5 * 60 + 18);
        let a = parse_actions(log, since);
        let seen: Vec<(u128, &str, &str, &str)> = a
            .iter()
            .map(|a| {
                (
                    a.after.as_millis(),
                    a.op.as_str(),
                    a.resource.as_str(),
                    a.result.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (28, "start", "vip", "ok"),
                (8800, "monitor", "proxy", "not running"),
                (8900, "stop", "proxy", "ok"),
            ]
        );
        assert!(a.iter().all(|a| a.node == "node1"));
        // Past midnight.
        let late = Duration::from_secs(86_399);
        let b = parse_actions(
            "Dec  1 00:00:01.500 vm c [1] (x) notice: Result of stop operation for vip on node2: error | y",
            late,
        );
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].after, Duration::from_millis(2500));
        assert_eq!(b[0].result, "error");
    }
}
