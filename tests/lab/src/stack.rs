//! The seed guides' stack on a three-node lab, and what `crm_mon` says about it: shared by the
//! three-node test and the fault campaign ([`crate::chaos`]).
//!
//! [`Stack::start`] brings up, with `pcs` as an administrator would:
//! - the group `svc`: `ip` (`ocf:rustha:vip`), `proxy` (`ocf:rustha:proxy`, a TCP listener and an
//!   HTTP listener on the VIP in front of two application servers, the second a `backup`) and
//!   `osm` (`ocf:rustha:osm-failover` with its SNAT rule for the client);
//! - `chk-clone`: `ocf:rustha:pgsqlchk` on every node, reporting on PostgreSQL: a primary on
//!   node1 with a synchronous replica on node2 (a [`LabPg`], outside Pacemaker as in seed 002),
//!   which the proxy's PostgreSQL listener on the VIP reaches through pgsqlchk's checks;
//! - `db-clone`: a promotable `ocf:rustha:mysql-mm` pair on node1 and node2 (a [`LabPair`]),
//!   and `db-writer` (`ocf:rustha:vip`), an address kept with the promoted instance, behind the
//!   proxy's MariaDB listener on the VIP;
//! - `sync`: `ocf:rustha:filesync` of an upload directory between node1 and node2, each node's
//!   copy on a small tmpfs of its own (so a disk can be filled), the peer an rsync daemon.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::db::{LabPair, LabPg, LAB_CHECK_PASSWORD, LAB_PORT};
use crate::lab::Lab;
use rustha_harness::probe::{in_netns, Responder};
use rustha_harness::proxy::HealthEndpoint;
use rustha_harness::rsyncd::ChildGuard;

/// `crm_mon -1 -r` as the admin node sees it (empty when no node answers).
pub fn status(lab: &Lab) -> String {
    lab.try_ok(&lab.admin_node(), &["crm_mon", "-1", "-r"])
        .unwrap_or_default()
}

/// The nodes listed after `label` on a clone's line (`Started: [ node1 node2 ]`) under the
/// clone set `set` in crm_mon's output, sorted.
pub fn clone_nodes(out: &str, set: &str, label: &str) -> Vec<String> {
    let mut in_set = false;
    for l in out.lines() {
        let t = l.trim().trim_start_matches("* ");
        if t.starts_with("Clone Set:") {
            in_set = t.starts_with(&format!("Clone Set: {set} "));
            continue;
        }
        if in_set {
            if let Some(rest) = t.strip_prefix(label) {
                let mut v: Vec<String> = rest
                    .trim()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                v.sort();
                return v;
            }
        }
    }
    Vec::new()
}

/// `nodes` as sorted owned names.
pub fn sorted(nodes: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = nodes.iter().map(|n| n.to_string()).collect();
    v.sort();
    v
}

/// Every fail count the cluster holds (`crm_mon --include=failcounts`), one line each.
pub fn fail_counts(lab: &Lab) -> Vec<String> {
    let out = lab
        .try_ok(
            &lab.admin_node(),
            &["crm_mon", "-1", "--include=failcounts"],
        )
        .unwrap_or_default();
    out.lines()
        .filter(|l| l.contains("fail-count=") || l.contains("fail count"))
        .map(|l| l.trim().to_string())
        .collect()
}

/// pgsqlchk's configuration (JSON) answering on `port` on every address of its node, for a
/// PostgreSQL that is not there.
pub fn pgsqlchk_config(port: u16) -> String {
    pgsqlchk_config_for(port, 5999)
}

/// pgsqlchk's configuration (JSON) answering on `port` on every address of its node about the
/// PostgreSQL on 127.0.0.1:`pg_port`.
pub fn pgsqlchk_config_for(port: u16, pg_port: u16) -> String {
    format!(
        "{{\"database_host\": \"127.0.0.1\", \"health_check_user_password\": \"{LAB_CHECK_PASSWORD}\", \"webserver_host\": \"0.0.0.0\", \"webservers\": [{{\"target_port\": {pg_port}, \"listen_port\": {port}}}]}}\n"
    )
}

/// `words` as owned strings (a `pcs` command line to extend).
pub fn words(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// Runs `pcs` with each of `commands` in order on the lab, printing each first: the commands
/// an administrator types.
pub fn pcs_each(lab: &Lab, commands: &[Vec<String>]) {
    for args in commands {
        println!("pcs {}", args.join(" "));
        lab.pcs(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

/// The `pcs resource create` arguments of the resources the three-node test and the stack both
/// create, as the README creates them. The caller adds operations and the group to `ip` and
/// `osm`.
pub struct ServiceArgs {
    /// `ip`: `ocf:rustha:vip`, the VIP /24 on `eth0`.
    pub ip: Vec<String>,
    /// `osm`: `ocf:rustha:osm-failover` keeping a stand-in daemon, the client SNATed to the VIP.
    pub osm: Vec<String>,
    /// `chk`: `ocf:rustha:pgsqlchk` as a clone on every node.
    pub chk: Vec<String>,
}

/// [`ServiceArgs`] for the VIP `vip` of `lab` and pgsqlchk's configuration file `chk_config`.
pub fn service_args(lab: &Lab, vip: impl std::fmt::Display, chk_config: &Path) -> ServiceArgs {
    ServiceArgs {
        ip: words(&[
            "resource",
            "create",
            "ip",
            "ocf:rustha:vip",
            &format!("ip={vip}"),
            "cidr_netmask=24",
            "nic=eth0",
        ]),
        osm: words(&[
            "resource",
            "create",
            "osm",
            "ocf:rustha:osm-failover",
            "daemon=/bin/sleep",
            "daemon_args=1000",
            &format!("snat={}/32", lab.topo().addr("client")),
            &format!("to_source={vip}"),
        ]),
        chk: words(&[
            "resource",
            "create",
            "chk",
            "ocf:rustha:pgsqlchk",
            &format!("config={}", chk_config.display()),
            "clone",
        ]),
    }
}

/// The `pcs` commands making `pair` the promotable clone `id`: created disabled, two instances,
/// kept off node3 (crm_mon then lists no stopped instance). The caller enables it.
pub fn db_commands(pair: &LabPair, id: &str) -> Vec<Vec<String>> {
    let mut db = pair.create_args(id);
    db.extend(words(&["clone-max=2", "--disabled"]));
    let clone = format!("{id}-clone");
    vec![
        db,
        words(&["constraint", "location", &clone, "avoids", "node3"]),
    ]
}

/// The service's TCP port on the VIP (the application servers answer there with
/// `<node whose proxy connected>/<server>`).
pub const TCP_PORT: u16 = 80;
/// The proxy's HTTP listener on the VIP (forwarding to the servers' health endpoints).
pub const HTTP_PORT: u16 = 8080;
/// The application servers' health endpoint (HTTP 200 while they may take traffic).
pub const CHECK_PORT: u16 = 8081;
/// The proxy's PostgreSQL listener on the VIP (seed 002's port: the servers themselves listen
/// on every address of node1 and node2 on the usual port, which a listener on the VIP on the
/// same node could not share).
pub const PG_PORT: u16 = 15432;
/// The proxy's MariaDB listener on the VIP (MariaDB itself listens on every address of node1
/// and node2 on its usual port).
pub const MARIADB_PORT: u16 = 13306;
/// pgsqlchk's listener on every node.
pub const CHK_PORT: u16 = 18090;
/// The application servers, hosts on the lab bridge.
pub const APPS: [&str; 2] = ["app1", "app2"];
/// The proxy's configuration, in every node's private `/run`.
pub const PROXY_CFG: &str = "/run/rustha-lab/haproxy.cfg";
/// The pidfile of the proxy resource `proxy` (the agent's default for that id).
pub const PROXY_PIDFILE: &str = "/run/rustha-proxy-proxy.pid";
/// The replicated upload directory on node1 and node2 (a small tmpfs of the node's own).
pub const UPLOADS: &str = "/run/uploads";
/// Size of the uploads tmpfs: small enough to fill in a moment, large enough that the uploads
/// writer (a file, one 4 KiB page, every 300 ms) does not fill it by itself in a 200-step
/// campaign (about 50 minutes, 40 MiB).
pub const UPLOADS_SIZE: &str = "96m";
/// The rsync daemon's port on node1 and node2 (the filesync peer).
pub const RSYNC_PORT: u16 = 8730;
/// The nodes of the database pair and of filesync.
pub const PAIR: [&str; 2] = ["node1", "node2"];

/// The proxy's configuration: seed 000's active server with a backup behind a TCP listener
/// (health asked over HTTP on another port, as seed 002 does) and an HTTP listener, both on
/// the VIP; and seed 002's PostgreSQL listener on the VIP ([`PG_PORT`]) in front of the
/// servers on `pgs`, each checked through pgsqlchk ([`CHK_PORT`]), which answers 200 only for
/// the writable primary, so only the primary gets connections.
///
/// And a MariaDB listener on the VIP ([`MARIADB_PORT`]) in front of `writer`, the address
/// Pacemaker keeps with the promoted mysql-mm instance (`db-writer`): as an administrator
/// would build it, the cluster that decides which server is promoted also decides where
/// writes go, and the proxy only follows an address.
pub fn proxy_config(
    vip: Ipv4Addr,
    apps: &[(&str, Ipv4Addr)],
    pgs: &[(&str, Ipv4Addr)],
    writer: Ipv4Addr,
) -> String {
    let mut pg = String::new();
    for (name, addr) in pgs {
        pg += &format!("    server {name} {addr}:{LAB_PORT} maxconn 100 check port {CHK_PORT}\n");
    }
    let mut tcp = String::new();
    let mut http = String::new();
    for (i, (name, addr)) in apps.iter().enumerate() {
        let backup = if i > 0 { " backup" } else { "" };
        tcp += &format!("    server {name} {addr}:{TCP_PORT} check port {CHECK_PORT}{backup}\n");
        http += &format!("    server {name} {addr}:{CHECK_PORT} check{backup}\n");
    }
    format!(
        "global\n    maxconn 1000\n    stats socket /run/rustha-lab/admin.sock mode 600 level admin\n\n\
         defaults\n    retries 2\n    timeout client 30s\n    timeout connect 2s\n    \
         timeout server 30s\n    timeout check 1s\n\n\
         listen app\n    mode tcp\n    bind {vip}:{TCP_PORT}\n    option httpchk GET /health HTTP/1.0\n    \
         http-check expect status 200\n    default-server inter 500ms fall 2 rise 2\n{tcp}\n\
         listen web\n    mode http\n    bind {vip}:{HTTP_PORT}\n    option httpchk GET /health HTTP/1.0\n    \
         default-server inter 500ms fall 2 rise 2\n{http}\n\
         listen pg\n    mode tcp\n    bind {vip}:{PG_PORT}\n    option httpchk\n    \
         http-check expect status 200\n    \
         default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions\n{pg}\n\
         listen mysql\n    mode tcp\n    bind {vip}:{MARIADB_PORT}\n    \
         default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions\n    \
         server writer {writer}:3306 check\n"
    )
}

/// An application server: its service port (answering `<node>/<app>`, the node known from the
/// proxy's source address) and its health endpoint; both can be killed and started again.
pub struct App {
    pub name: &'static str,
    pub addr: Ipv4Addr,
    running: Option<(Responder, HealthEndpoint)>,
}

impl App {
    fn start(lab: &Lab, name: &'static str) -> App {
        let mut app = App {
            name,
            addr: lab.topo().addr(name),
            running: None,
        };
        app.resume(lab);
        app
    }

    /// Kills the server (both ports stop answering).
    pub fn kill(&mut self) {
        self.running = None;
    }

    /// Starts the server again after [`App::kill`].
    pub fn resume(&mut self, lab: &Lab) {
        if self.running.is_some() {
            return;
        }
        let nodes: HashMap<IpAddr, String> = lab
            .node_names()
            .into_iter()
            .map(|n| (IpAddr::V4(lab.topo().addr(&n)), n))
            .collect();
        let name = self.name;
        let service = Responder::start_with(lab.ns(name), self.addr.into(), TCP_PORT, move |p| {
            let via = nodes
                .get(&p.ip())
                .cloned()
                .unwrap_or_else(|| p.ip().to_string());
            format!("{via}/{name}\n")
        });
        let addr = self.addr.to_string();
        let health = in_netns(lab.ns(name), || {
            HealthEndpoint::start(&addr, CHECK_PORT, 200)
        });
        self.running = Some((service, health));
    }
}

/// The whole stack, running. Dropping it stops the rsync daemons and application servers;
/// the databases stop with the pair (declared last, so after the cluster's lab is gone the
/// caller should drop this first: see [`Stack::stop`]).
pub struct Stack {
    pub vip: Ipv4Addr,
    /// The writer address, kept with the promoted MariaDB (resource `db-writer`).
    pub writer: Ipv4Addr,
    pub apps: Vec<App>,
    rsyncd: Mutex<HashMap<String, ChildGuard>>,
    /// PostgreSQL: the primary on node1, its synchronous replica on node2.
    pub pg: LabPg,
    /// The stack's files (in the pair's directory).
    dir: PathBuf,
    pub pair: LabPair,
}

/// `path` inside `node`'s private mount namespace, seen from the host.
pub fn in_node(lab: &Lab, node: &str, path: &str) -> PathBuf {
    PathBuf::from(format!("/proc/{}/root{}", lab.node(node).pid(), path))
}

impl Stack {
    /// Brings the stack up in `lab` (three nodes, extra hosts [`APPS`]) and waits until every
    /// resource runs; panics when it cannot.
    pub fn start(lab: &Lab) -> Stack {
        let vip = lab.topo().spare_v4(0);
        let writer = lab.topo().spare_v4(1);
        let apps: Vec<App> = APPS.iter().map(|a| App::start(lab, a)).collect();
        let pair = LabPair::start(lab, PAIR[0], PAIR[1]);
        let pg = LabPg::start(lab, PAIR[0], PAIR[1]);
        // The stack's own files go with the pair's directory (removed with it, also by
        // `mariadb::stop_all_on_panic` when a campaign aborts).
        let dir = pair.root.path().to_path_buf();
        let write = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            p
        };
        let app_addrs: Vec<(&str, Ipv4Addr)> = apps.iter().map(|a| (a.name, a.addr)).collect();
        let pg_addrs: Vec<(&str, Ipv4Addr)> =
            PAIR.iter().map(|n| (*n, lab.topo().addr(n))).collect();
        let cfg = proxy_config(vip, &app_addrs, &pg_addrs, writer);
        for n in lab.node_names() {
            lab.write_file(&n, PROXY_CFG, &cfg);
        }
        let chk = write("pgsqlchk.json", &pgsqlchk_config_for(CHK_PORT, LAB_PORT));
        for (i, node) in PAIR.iter().enumerate() {
            let other = PAIR[1 - i];
            lab.ok(node, &["mkdir", "-p", UPLOADS]);
            lab.ok(
                node,
                &[
                    "mount",
                    "-t",
                    "tmpfs",
                    "-o",
                    &format!("size={UPLOADS_SIZE},mode=755"),
                    "lab-uploads",
                    UPLOADS,
                ],
            );
            // filesync refuses an empty source (an unmounted disk looks like that).
            lab.ok(node, &["sh", "-c", &format!("echo seed > {UPLOADS}/seed")]);
            // "peer" is the other node, as each node's own hosts file says.
            let hosts = write(
                &format!("hosts-{node}"),
                &format!("127.0.0.1 localhost\n{} peer\n", lab.topo().addr(other)),
            );
            lab.ok(
                node,
                &["mount", "--bind", hosts.to_str().unwrap(), "/etc/hosts"],
            );
            write(
                &format!("rsyncd-{node}.conf"),
                &format!(
                    "use chroot = no\nmunge symlinks = no\nuid = root\ngid = root\n\
                     reverse lookup = no\nlog file = /run/rsyncd.log\n\
                     [data]\npath = {UPLOADS}\nread only = no\n"
                ),
            );
        }
        let stack = Stack {
            vip,
            writer,
            apps,
            rsyncd: Mutex::new(HashMap::new()),
            pg,
            dir,
            pair,
        };
        for node in PAIR {
            stack.start_rsyncd(lab, node);
        }

        let svc = service_args(lab, vip, &chk);
        let proxy = format!("config={PROXY_CFG}");
        let source = format!("source={UPLOADS}");
        let target = format!("target=rsync://peer:{RSYNC_PORT}/data");
        let mon = ["op", "monitor", "interval=2s"];
        let mut commands = vec![
            svc.ip,
            words(&["resource", "create", "proxy", "ocf:rustha:proxy", &proxy]),
            svc.osm,
        ];
        for c in &mut commands {
            c.extend(words(&mon));
            c.extend(words(&["--group", "svc"]));
        }
        let mut sync = words(&[
            "resource",
            "create",
            "sync",
            "ocf:rustha:filesync",
            &source,
            &target,
            "delay=100ms",
            "retry_max=2s",
            "logfile=/run/filesync.log",
        ]);
        sync.extend(words(&mon));
        commands.extend([
            words(&["resource", "meta", "svc", "resource-stickiness=100"]),
            svc.chk,
            sync,
            words(&["resource", "meta", "sync", "resource-stickiness=100"]),
            words(&["constraint", "location", "sync", "avoids", "node3"]),
        ]);
        commands.extend(db_commands(&stack.pair, "db"));
        let writer_ip = format!("ip={writer}");
        commands.extend([
            words(&[
                "resource",
                "create",
                "db-writer",
                "ocf:rustha:vip",
                &writer_ip,
                "cidr_netmask=24",
                "nic=eth0",
                "op",
                "monitor",
                "interval=2s",
            ]),
            words(&[
                "constraint",
                "colocation",
                "add",
                "db-writer",
                "with",
                "Promoted",
                "db-clone",
                "INFINITY",
            ]),
            words(&[
                "constraint",
                "order",
                "promote",
                "db-clone",
                "then",
                "start",
                "db-writer",
            ]),
            words(&["resource", "enable", "db"]),
        ]);
        pcs_each(lab, &commands);
        lab.wait_for("every resource started", Duration::from_secs(180), || {
            stack.running(lab).is_ok()
        });
        stack
    }

    /// `Ok` when everything runs where it should as crm_mon tells it (the group on one node,
    /// pgsqlchk on every node, one promoted and one unpromoted database, filesync on one node
    /// of the pair); else what is not.
    pub fn running(&self, lab: &Lab) -> Result<(), String> {
        let out = status(lab);
        let all = lab.node_names();
        let mut wrong = Vec::new();
        let group: Vec<Vec<String>> = ["ip", "proxy", "osm"]
            .iter()
            .map(|r| lab.locate(r))
            .collect();
        if group[0].len() != 1 || group.iter().any(|g| g != &group[0]) {
            wrong.push(format!("group svc at {group:?}"));
        } else if ["ip", "proxy", "osm"]
            .iter()
            .any(|r| !out_started(&out, r, &group[0][0]))
        {
            wrong.push(format!("group svc not started on {}", group[0][0]));
        }
        if clone_nodes(&out, "chk-clone", "Started:") != all {
            wrong.push("pgsqlchk not started on every node".into());
        }
        if clone_nodes(&out, "db-clone", "Promoted:").len() != 1
            || clone_nodes(&out, "db-clone", "Unpromoted:").len() != 1
        {
            wrong.push("database pair not promoted + unpromoted".into());
        }
        let writer = lab.locate("db-writer");
        if writer.len() != 1
            || !out_started(&out, "db-writer", &writer[0])
            || clone_nodes(&out, "db-clone", "Promoted:") != writer
        {
            wrong.push(format!(
                "db-writer at {writer:?}, not with the promoted database"
            ));
        }
        let sync = lab.locate("sync");
        if sync.len() != 1 || !out_started(&out, "sync", &sync[0]) {
            wrong.push(format!("filesync at {sync:?}"));
        }
        if wrong.is_empty() {
            Ok(())
        } else {
            Err(wrong.join("; "))
        }
    }

    /// The node whose database Pacemaker promoted (as crm_mon says), if exactly one.
    pub fn promoted(&self, lab: &Lab) -> Option<String> {
        let p = clone_nodes(&status(lab), "db-clone", "Promoted:");
        (p.len() == 1).then(|| p[0].clone())
    }

    /// Starts (again) the rsync daemon on `node`, as its service manager would after a boot.
    pub fn start_rsyncd(&self, lab: &Lab, node: &str) {
        let mut d = self.rsyncd.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(g) = d.get_mut(node) {
            if matches!(g.0.try_wait(), Ok(None)) {
                return;
            }
        }
        let child = lab
            .command(node, "rsync")
            .args(["--daemon", "--no-detach"])
            .arg(format!("--address={}", lab.topo().addr(node)))
            .arg(format!("--port={RSYNC_PORT}"))
            .arg(format!(
                "--config={}",
                self.dir.join(format!("rsyncd-{node}.conf")).display()
            ))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("rsync daemon in the node");
        d.insert(node.to_string(), ChildGuard(child));
    }

    /// Kills the rsync daemon on `node` (the filesync peer goes away).
    pub fn kill_rsyncd(&self, node: &str) {
        let mut d = self.rsyncd.lock().unwrap_or_else(|e| e.into_inner());
        d.remove(node);
    }

    /// The uploads directory of `node` seen from the host.
    pub fn uploads(&self, lab: &Lab, node: &str) -> PathBuf {
        in_node(lab, node, UPLOADS)
    }

    /// Stops what the stack started outside Pacemaker; the cluster's resources stop with the
    /// lab (the databases with the pair, which waits for their servers to exit).
    pub fn stop(self) {}
}

/// Whether crm_mon's `out` shows primitive `res` as Started on `node`.
fn out_started(out: &str, res: &str, node: &str) -> bool {
    out.lines().any(|l| {
        let l = l.trim_start_matches([' ', '*']);
        l.split_whitespace().next() == Some(res) && l.contains(&format!("Started {node}"))
    })
}
