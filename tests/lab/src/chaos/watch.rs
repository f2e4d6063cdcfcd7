//! What the campaign watches while faults happen, each on a thread of its own: who answers ARP
//! for the VIP, how many MariaDB and PostgreSQL servers accept writes, a writer inserting unique
//! ids into the writable MariaDB, another into PostgreSQL through the VIP and the proxy, and a
//! writer of uploads on the node that runs filesync.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mysql::prelude::Queryable;

use rustha_harness::pg;
use rustha_harness::probe::enter_netns;

/// A sampled breach of an at-most-one invariant.
#[derive(Debug, Clone)]
pub struct Breach {
    /// On the probes' time base.
    pub at: Duration,
    pub what: String,
}

/// Threads that stop together (on [`Watchers::stop`] or drop).
pub struct Watchers {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    /// Breaches seen so far (ARP from several nodes, several writable servers).
    pub breaches: Arc<Mutex<Vec<Breach>>>,
    /// Ids the database writer saw acknowledged (committed), in order.
    pub acked: Arc<Mutex<Vec<u64>>>,
    /// Ids the PostgreSQL writer saw acknowledged (committed), in order.
    pub pg_acked: Arc<Mutex<Vec<u64>>>,
    /// Uploads written: (name, node written on).
    pub uploads: Arc<Mutex<Vec<(String, String)>>>,
    /// Where the uploads writer writes: the node running filesync, `None` to pause. The
    /// writer checks before each upload that this node's filesync daemon runs and no other
    /// does (the application runs where the replication source is): a file written on the
    /// copy that is a mirror of the other would rightly be deleted by the next sync.
    pub upload_to: Arc<Mutex<Option<(String, PathBuf)>>>,
    /// Samples taken by the ARP, writable-MariaDB and writable-PostgreSQL watchers (to show
    /// they ran).
    pub samples: Arc<Mutex<(u64, u64, u64)>>,
}

impl Drop for Watchers {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// What the watchers need to know about the lab.
pub struct Targets {
    /// The client's namespace (ARP and the database writer run there).
    pub client_ns: String,
    pub client_mac: [u8; 6],
    pub client_ip: Ipv4Addr,
    pub vip: Ipv4Addr,
    /// The database servers: name, unix socket seen from the host.
    pub dbs: Vec<(String, PathBuf)>,
    /// The database account the writer uses (user, password).
    pub db_user: (String, String),
    /// The PostgreSQL servers: name, unix socket directory seen from the host.
    pub pgs: Vec<(String, PathBuf)>,
    /// The PostgreSQL account the writer uses (user, password).
    pub pg_user: (String, String),
    /// The nodes filesync may run on: name, network namespace, uploads directory seen from
    /// the host.
    pub sync_nodes: Vec<(String, String, PathBuf)>,
}

/// The one node of `nodes` whose namespace runs a filesync daemon (`filesync run`), if exactly
/// one does.
fn sync_daemon_node(nodes: &[(String, String, PathBuf)]) -> Option<(String, PathBuf)> {
    let mut running = nodes
        .iter()
        .filter(|(_, ns, _)| super::processes_in(ns, super::filesync_daemon) > 0);
    match (running.next(), running.next()) {
        (Some((n, _, dir)), None) => Some((n.clone(), dir.clone())),
        _ => None,
    }
}

impl Watchers {
    /// Asks each of `servers` every 200 ms whether it accepts writes (`probe`), counting the
    /// samples in the `count` field of [`Watchers::samples`]; two at once is a breach.
    fn sample_writable(
        &mut self,
        clock: Instant,
        kind: &'static str,
        servers: Vec<(String, PathBuf)>,
        probe: fn(&Path) -> Option<bool>,
        count: fn(&mut (u64, u64, u64)) -> &mut u64,
    ) {
        let (stop, breaches, samples) = (
            self.stop.clone(),
            self.breaches.clone(),
            self.samples.clone(),
        );
        self.threads.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let writable: Vec<&str> = servers
                    .iter()
                    .filter(|(_, at)| probe(at) == Some(true))
                    .map(|(n, _)| n.as_str())
                    .collect();
                *count(&mut samples.lock().unwrap_or_else(|e| e.into_inner())) += 1;
                if writable.len() > 1 {
                    breaches
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(Breach {
                            at: clock.elapsed(),
                            what: format!("{kind} writable on {} at once", writable.join(" and ")),
                        });
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }));
    }

    /// Runs `writer` in the client's namespace until stopped, recording acknowledged ids in
    /// `acked`.
    fn write_from_client(
        &mut self,
        t: &Arc<Targets>,
        kind: &'static str,
        acked: Arc<Mutex<Vec<u64>>>,
        writer: fn(&Targets, &AtomicBool, &Mutex<Vec<u64>>),
    ) {
        let (stop, t) = (self.stop.clone(), t.clone());
        self.threads.push(std::thread::spawn(move || {
            if let Err(e) = enter_netns(&t.client_ns) {
                eprintln!("chaos: {kind} writer cannot enter the client: {e}");
                return;
            }
            writer(&t, &stop, &acked);
        }));
    }

    /// Starts every watcher; `clock` is the probes' time base.
    pub fn start(t: Targets, clock: Instant) -> Watchers {
        let mut w = Watchers {
            stop: Arc::new(AtomicBool::new(false)),
            threads: Vec::new(),
            breaches: Arc::default(),
            acked: Arc::default(),
            pg_acked: Arc::default(),
            uploads: Arc::default(),
            upload_to: Arc::default(),
            samples: Arc::default(),
        };
        let t = Arc::new(t);
        {
            let (stop, breaches, samples, t) = (
                w.stop.clone(),
                w.breaches.clone(),
                w.samples.clone(),
                t.clone(),
            );
            w.threads.push(std::thread::spawn(move || {
                if let Err(e) = enter_netns(&t.client_ns) {
                    eprintln!("chaos: ARP watcher cannot enter the client: {e}");
                    return;
                }
                let sock = match arp_socket() {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("chaos: ARP watcher: {e}");
                        return;
                    }
                };
                while !stop.load(Ordering::Relaxed) {
                    let macs = arp_who_has(&sock, t.client_mac, t.client_ip, t.vip);
                    samples.lock().unwrap_or_else(|e| e.into_inner()).0 += 1;
                    if macs.len() > 1 {
                        breaches
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(Breach {
                                at: clock.elapsed(),
                                what: format!(
                                    "{} answered ARP from {} MACs: {}",
                                    t.vip,
                                    macs.len(),
                                    macs.iter().cloned().collect::<Vec<_>>().join(" ")
                                ),
                            });
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }));
        }
        w.sample_writable(clock, "MariaDB", t.dbs.clone(), writable, |s| &mut s.1);
        w.sample_writable(clock, "PostgreSQL", t.pgs.clone(), pg_writable, |s| {
            &mut s.2
        });
        w.write_from_client(&t, "PostgreSQL", w.pg_acked.clone(), pg_writer);
        w.write_from_client(&t, "database", w.acked.clone(), db_writer);
        {
            let (stop, uploads, to) = (w.stop.clone(), w.uploads.clone(), w.upload_to.clone());
            let sync_nodes = t.sync_nodes.clone();
            w.threads.push(std::thread::spawn(move || {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let target = to.lock().unwrap_or_else(|e| e.into_inner()).clone();
                    let active = sync_daemon_node(&sync_nodes);
                    if let Some((node, dir)) =
                        target.filter(|(node, _)| active.as_ref().is_some_and(|(a, _)| a == node))
                    {
                        n += 1;
                        let name = format!("w-{n:06}");
                        // Acknowledged once written and flushed, as an upload handler would.
                        let ok = std::fs::File::create(dir.join(&name)).and_then(|mut f| {
                            use std::io::Write;
                            f.write_all(format!("{name} on {node}\n").as_bytes())?;
                            f.sync_all()
                        });
                        if ok.is_ok() {
                            uploads
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push((name, node));
                        } else {
                            let _ = std::fs::remove_file(dir.join(&name));
                        }
                    }
                    std::thread::sleep(Duration::from_millis(300));
                }
            }));
        }
        w
    }

    /// Stops every watcher.
    pub fn stop(self) {}

    /// Breaches recorded at or after `from`.
    pub fn breaches_since(&self, from: Duration) -> Vec<Breach> {
        self.breaches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|b| b.at >= from)
            .cloned()
            .collect()
    }
}

/// A connection to a database server; `timeout` bounds connect, reads and writes.
fn connect(opts: mysql::OptsBuilder, timeout: Duration) -> Option<mysql::Conn> {
    let opts = opts
        .tcp_connect_timeout(Some(timeout))
        .read_timeout(Some(timeout))
        .write_timeout(Some(timeout))
        .prefer_socket(false);
    mysql::Conn::new(opts).ok()
}

/// Whether the server behind `socket` accepts writes (`None`: it does not answer).
pub fn writable(socket: &std::path::Path) -> Option<bool> {
    let opts = mysql::OptsBuilder::new()
        .socket(Some(socket.to_string_lossy().into_owned()))
        .user(Some("root"));
    let mut c = connect(opts, Duration::from_millis(800))?;
    let ro: Option<u8> = c.query_first("SELECT @@read_only").ok()?;
    ro.map(|r| r == 0)
}

/// The ids in `chaos.w` on the server behind `socket`.
pub fn stored_ids(socket: &std::path::Path) -> Result<BTreeSet<u64>, String> {
    let opts = mysql::OptsBuilder::new()
        .socket(Some(socket.to_string_lossy().into_owned()))
        .user(Some("root"));
    let mut c = connect(opts, Duration::from_secs(5)).ok_or("does not answer")?;
    c.query::<u64, _>("SELECT id FROM chaos.w")
        .map(|v| v.into_iter().collect())
        .map_err(|e| e.to_string())
}

/// The MariaDB writer's account (user, password): it may insert into and read `chaos.w`.
pub const DB_CLIENT: (&str, &str) = ("chaos", "lab-chaos-Secret");

/// Creates the writer's table and account on the server behind `socket` (the writable one;
/// replication brings them to the other).
pub fn create_table(socket: &std::path::Path) -> Result<(), String> {
    let opts = mysql::OptsBuilder::new()
        .socket(Some(socket.to_string_lossy().into_owned()))
        .user(Some("root"));
    let mut c = connect(opts, Duration::from_secs(5)).ok_or("does not answer")?;
    c.query_drop("CREATE DATABASE IF NOT EXISTS chaos")
        .and_then(|()| {
            c.query_drop("CREATE TABLE IF NOT EXISTS chaos.w (id BIGINT PRIMARY KEY) ENGINE=InnoDB")
        })
        .and_then(|()| {
            c.query_drop(format!(
                "CREATE USER IF NOT EXISTS {}@'%' IDENTIFIED BY '{}'",
                DB_CLIENT.0, DB_CLIENT.1
            ))
        })
        .and_then(|()| {
            c.query_drop(format!(
                "GRANT SELECT, INSERT ON chaos.* TO {}@'%'",
                DB_CLIENT.0
            ))
        })
        .map_err(|e| e.to_string())
}

/// Inserts ids 1, 2, ... one at a time (autocommit) into MariaDB through the VIP and the
/// proxy's MariaDB listener, recording each id whose commit was acknowledged. The account has
/// no SUPER privilege, so a server that is not promoted (`read_only`) refuses the insert.
fn db_writer(t: &Targets, stop: &AtomicBool, acked: &Mutex<Vec<u64>>) {
    let mut conn: Option<mysql::Conn> = None;
    let mut id = 0u64;
    while !stop.load(Ordering::Relaxed) {
        if conn.is_none() {
            let opts = mysql::OptsBuilder::new()
                .ip_or_hostname(Some(t.vip.to_string()))
                .tcp_port(crate::stack::MARIADB_PORT)
                .user(Some(t.db_user.0.clone()))
                .pass(Some(t.db_user.1.clone()));
            conn = connect(opts, Duration::from_secs(2));
        }
        if let Some(c) = conn.as_mut() {
            id += 1;
            // autocommit: the OK packet is the acknowledgement of the commit.
            match c.exec_drop("INSERT INTO chaos.w (id) VALUES (?)", (id,)) {
                Ok(()) => acked.lock().unwrap_or_else(|e| e.into_inner()).push(id),
                Err(_) => conn = None,
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `psql` on the PostgreSQL server whose socket is in `dir`, as `postgres`, running `sql`.
fn pg_local(dir: &Path, sql: &str) -> Command {
    let mut c = Command::new(Path::new(pg::BIN).join("psql"));
    c.arg("-h")
        .arg(dir)
        .args([
            "-p",
            &crate::db::LAB_PORT.to_string(),
            "-U",
            "postgres",
            "-d",
            "postgres",
        ])
        .args(["-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .env("PGCONNECT_TIMEOUT", "1")
        .stdin(std::process::Stdio::null());
    c
}

/// Whether the PostgreSQL server whose socket is in `dir` accepts writes: out of recovery and
/// not read-only (`None`: it does not answer).
pub fn pg_writable(dir: &Path) -> Option<bool> {
    let sql = "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'";
    match pg::output_within(pg_local(dir, sql), Duration::from_secs(2))
        .ok()?
        .as_str()
    {
        "t" => Some(true),
        "f" => Some(false),
        _ => None,
    }
}

/// The ids in table `w` on the PostgreSQL server whose socket is in `dir`.
pub fn pg_stored_ids(dir: &Path) -> Result<BTreeSet<u64>, String> {
    let out = pg::output_within(pg_local(dir, "SELECT id FROM w"), Duration::from_secs(10))?;
    out.lines()
        .map(|l| l.trim().parse::<u64>().map_err(|e| format!("{l:?}: {e}")))
        .collect()
}

/// Inserts ids 1, 2, ... one at a time (a new connection each, autocommit) into PostgreSQL
/// through the VIP and the proxy's PostgreSQL listener, recording each id whose commit was
/// acknowledged. An insert not acknowledged within 5 s is abandoned (its client killed):
/// a synchronous commit waits while the replica is away.
fn pg_writer(t: &Targets, stop: &AtomicBool, acked: &Mutex<Vec<u64>>) {
    let mut id = 0u64;
    while !stop.load(Ordering::Relaxed) {
        id += 1;
        let mut c = Command::new(Path::new(pg::BIN).join("psql"));
        c.args([
            "-h",
            &t.vip.to_string(),
            "-p",
            &crate::stack::PG_PORT.to_string(),
        ])
        .args([
            "-U",
            &t.pg_user.0,
            "-d",
            "postgres",
            "-AtqX",
            "-v",
            "ON_ERROR_STOP=1",
        ])
        .args(["-c", &format!("INSERT INTO w (id) VALUES ({id})")])
        .env("PGPASSWORD", &t.pg_user.1)
        .env("PGCONNECT_TIMEOUT", "2")
        .env("PGSSLMODE", "disable")
        .stdin(std::process::Stdio::null());
        if pg::output_within(c, Duration::from_secs(5)).is_ok() {
            acked.lock().unwrap_or_else(|e| e.into_inner()).push(id);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A packet socket for ARP in the calling thread's namespace, bound to `eth0`.
fn arp_socket() -> std::io::Result<(OwnedFd, i32)> {
    // SAFETY: plain socket creation; the fd is owned below.
    let fd = unsafe {
        libc::socket(
            libc::AF_PACKET,
            libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
            (libc::ETH_P_ARP as u16).to_be() as i32,
        )
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh, valid descriptor that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let name = std::ffi::CString::new("eth0").expect("no NUL");
    // SAFETY: name is a valid C string.
    let ifindex = unsafe { libc::if_nametoindex(name.as_ptr()) } as i32;
    if ifindex == 0 {
        return Err(std::io::Error::last_os_error());
    }
    let tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 20_000,
    };
    // SAFETY: tv is a valid timeval for SO_RCVTIMEO.
    unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            &tv as *const _ as *const libc::c_void,
            std::mem::size_of::<libc::timeval>() as u32,
        )
    };
    Ok((fd, ifindex))
}

/// Broadcasts one ARP request for `vip` and returns the MAC addresses that answered within
/// 150 ms.
fn arp_who_has(
    sock: &(OwnedFd, i32),
    mac: [u8; 6],
    ip: Ipv4Addr,
    vip: Ipv4Addr,
) -> BTreeSet<String> {
    let mut req = Vec::with_capacity(28);
    req.extend_from_slice(&[0, 1, 8, 0, 6, 4, 0, 1]);
    req.extend_from_slice(&mac);
    req.extend_from_slice(&ip.octets());
    req.extend_from_slice(&[0; 6]);
    req.extend_from_slice(&vip.octets());
    // SAFETY: sockaddr_ll is plain data.
    let mut sll: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    sll.sll_family = libc::AF_PACKET as u16;
    sll.sll_protocol = (libc::ETH_P_ARP as u16).to_be();
    sll.sll_ifindex = sock.1;
    sll.sll_halen = 6;
    sll.sll_addr[..6].copy_from_slice(&[0xff; 6]);
    let fd = sock.0.as_raw_fd();
    // Drain answers that arrived late for the previous request.
    let mut buf = [0u8; 128];
    // SAFETY: buf is valid for its length.
    while unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT) } > 0 {}
    // SAFETY: req and sll are valid for the given lengths.
    unsafe {
        libc::sendto(
            fd,
            req.as_ptr().cast(),
            req.len(),
            0,
            &sll as *const _ as *const libc::sockaddr,
            std::mem::size_of::<libc::sockaddr_ll>() as u32,
        )
    };
    let mut macs = BTreeSet::new();
    let end = Instant::now() + Duration::from_millis(150);
    while Instant::now() < end {
        // SAFETY: buf is valid for its length.
        let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 28 {
            continue;
        }
        let p = &buf[..n as usize];
        // An ARP reply whose sender protocol address is the VIP.
        if p[6..8] == [0, 2] && p[14..18] == vip.octets() {
            macs.insert(
                p[8..14]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(":"),
            );
        }
    }
    macs
}
