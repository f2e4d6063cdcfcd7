//! Client-visible service measurement: a responder per node that answers with the node's name,
//! a client that probes a service address every few milliseconds, and the analysis of what the
//! client saw (which node served, when service was lost and regained, the gap).
//!
//! Both sides run as threads of the calling process that have switched their own network
//! namespace (`setns` affects only the calling thread), so no helper binary or interpreter is
//! needed inside the namespaces, and every socket they create lives in the namespace they joined.
//!
//! ```no_run
//! use rustha_harness::netns::Topology;
//! use rustha_harness::probe::{Prober, Responder};
//! use std::time::Duration;
//!
//! let topo = Topology::new(&["node1", "client"]);
//! let vip = topo.spare_v4(0).into();
//! // Listens on the VIP before the VIP exists (IP_FREEBIND); answers "node1".
//! let _r = Responder::start(topo.ns("node1"), vip, 7070, "node1");
//! topo.ns("node1").ip(&["addr", "add", &format!("{vip}/24"), "dev", "eth0"]);
//! let p = Prober::start(topo.ns("client"), vip, 7070, Duration::from_millis(10));
//! std::thread::sleep(Duration::from_millis(200));
//! let samples = p.stop();
//! assert!(samples.iter().any(|s| s.server.as_deref() == Some("node1")));
//! ```

use std::fs::File;
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sched::{setns, CloneFlags};
use nix::sys::socket::{self, sockopt, AddressFamily, SockFlag, SockType, SockaddrStorage};

use crate::netns::Netns;

/// Moves the calling thread into network namespace `name`.
pub fn enter_netns(name: &str) -> std::io::Result<()> {
    let f = File::open(format!("/run/netns/{name}"))?;
    setns(&f, CloneFlags::CLONE_NEWNET).map_err(std::io::Error::from)
}

/// Runs `f` on a thread inside namespace `ns` and returns its result: sockets `f` creates
/// live in that namespace (e.g. to start a server helper written for the calling namespace).
/// Panics when the namespace cannot be entered or `f` panics.
pub fn in_netns<T: Send>(ns: &Netns, f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(|| {
            enter_netns(ns.name()).unwrap_or_else(|e| panic!("entering {}: {e}", ns.name()));
            f()
        })
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

/// The source address a TCP connection from namespace `from` to a listener at `to_addr` in
/// namespace `to` arrives from (what a server there sees, e.g. after SNAT to a VIP).
pub fn source_seen(from: &Netns, to: &Netns, to_addr: IpAddr) -> IpAddr {
    let listener = in_netns(to, || TcpListener::bind((to_addr, 0)).expect("bind server"));
    let port = listener.local_addr().expect("local address").port();
    let _client = in_netns(from, || {
        TcpStream::connect_timeout(&SocketAddr::from((to_addr, port)), Duration::from_secs(3))
            .expect("connect to the listener")
    });
    let (_conn, peer) = listener.accept().expect("accept");
    peer.ip()
}

// ---------------------------------------------------------------------------------------------
// Echo

/// A line echo server in a namespace: each line a client sends comes back, on a connection kept
/// open, so a test can tell that one session survived a reload, an apply or a backend outage.
/// [`Echo::stop_listening`] closes the listener (health checks then fail) while accepted
/// connections keep echoing. Stops listening on drop.
pub struct Echo {
    stop: Arc<AtomicBool>,
}

impl Echo {
    /// Listen on `addr:port` inside `ns` (panics when it cannot bind).
    pub fn start(ns: &Netns, addr: IpAddr, port: u16) -> Echo {
        let l = in_netns(ns, || TcpListener::bind((addr, port)))
            .unwrap_or_else(|e| panic!("echo server on {addr}:{port} in {}: {e}", ns.name()));
        l.set_nonblocking(true).expect("non-blocking listener");
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match l.accept() {
                    Ok((s, _)) => {
                        std::thread::spawn(move || echo_lines(s));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Echo { stop }
    }

    /// Close the listener; connections already accepted keep echoing.
    pub fn stop_listening(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Drop for Echo {
    fn drop(&mut self) {
        self.stop_listening();
    }
}

fn echo_lines(s: TcpStream) {
    use std::io::BufRead;
    let _ = s.set_nonblocking(false);
    let Ok(mut w) = s.try_clone() else { return };
    for line in std::io::BufReader::new(s).lines() {
        let Ok(line) = line else { return };
        if w.write_all(format!("{line}\n").as_bytes()).is_err() {
            return;
        }
    }
}

/// `GET path` on a kept-alive HTTP/1.1 connection: the status line (empty when the connection
/// was closed); the body is read and dropped, so the connection can carry the next request.
pub fn http_status(s: &mut TcpStream, path: &str) -> String {
    use std::io::BufRead;
    if s.write_all(format!("GET {path} HTTP/1.1\r\nHost: rustha-test\r\n\r\n").as_bytes())
        .is_err()
    {
        return String::new();
    }
    let Ok(clone) = s.try_clone() else {
        return String::new();
    };
    let mut r = std::io::BufReader::new(clone);
    let mut status = String::new();
    let _ = r.read_line(&mut status);
    let mut len = 0;
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    let _ = r.read_exact(&mut body);
    status.trim().to_string()
}

/// Send `line` on `s` and return the line that comes back (panics when the connection is lost).
pub fn echo_round_trip(s: &mut TcpStream, line: &str) -> String {
    s.write_all(format!("{line}\n").as_bytes())
        .unwrap_or_else(|e| panic!("sending {line:?}: {e}"));
    let mut got = Vec::new();
    let mut b = [0u8; 1];
    while got.last() != Some(&b'\n') {
        match s.read(&mut b) {
            Ok(1) => got.push(b[0]),
            other => panic!("connection lost while waiting for {line:?}: {other:?}"),
        }
    }
    String::from_utf8_lossy(&got).trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// Responder

/// A TCP responder bound to `addr:port` inside a namespace (with `IP_FREEBIND`, so it may be
/// started before the address is configured and serves whenever the address is local there).
/// Each connection gets the identity and a newline. Stopped on drop.
pub struct Responder {
    fd: i32,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Responder {
    /// Starts the responder (panics when the socket cannot be set up).
    pub fn start(ns: &Netns, addr: IpAddr, port: u16, identity: &str) -> Responder {
        let reply = format!("{identity}\n");
        Responder::start_with(ns, addr, port, move |_| reply.clone())
    }

    /// Starts a responder that answers each connection with `reply(peer)` (e.g. naming the
    /// proxy that connected, to show which node's proxy served); panics when the socket cannot
    /// be set up.
    pub fn start_with(
        ns: &Netns,
        addr: IpAddr,
        port: u16,
        reply: impl Fn(SocketAddr) -> String + Send + 'static,
    ) -> Responder {
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let name = ns.name().to_string();
        let thread = std::thread::spawn(move || {
            let listener = match enter_netns(&name).and_then(|()| freebind_listener(addr, port)) {
                Ok(l) => l,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            let _ = tx.send(Ok(listener.as_raw_fd()));
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut s, peer)) => {
                        let _ = s.write_all(reply(peer).as_bytes());
                    }
                    Err(_) => {
                        if stop2.load(Ordering::Relaxed) {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            }
        });
        let fd = rx
            .recv()
            .expect("responder thread")
            .unwrap_or_else(|e| panic!("responder on {addr}:{port} in {}: {e}", ns.name()));
        Responder {
            fd,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // shutdown() on a listening socket wakes a thread blocked in accept() (Linux).
        // SAFETY: the fd is owned by the listener that the joined thread still holds open.
        unsafe { libc::shutdown(self.fd, libc::SHUT_RDWR) };
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn freebind_listener(addr: IpAddr, port: u16) -> std::io::Result<TcpListener> {
    let family = if addr.is_ipv4() {
        AddressFamily::Inet
    } else {
        AddressFamily::Inet6
    };
    let fd: OwnedFd = socket::socket(family, SockType::Stream, SockFlag::SOCK_CLOEXEC, None)?;
    socket::setsockopt(&fd, sockopt::ReuseAddr, &true)?;
    // IP_FREEBIND also covers IPv6 sockets on Linux.
    socket::setsockopt(&fd, sockopt::IpFreebind, &true)?;
    socket::bind(
        fd.as_raw_fd(),
        &SockaddrStorage::from(SocketAddr::new(addr, port)),
    )?;
    socket::listen(&fd, socket::Backlog::new(128).expect("backlog"))?;
    Ok(TcpListener::from(fd))
}

// ---------------------------------------------------------------------------------------------
// Prober

/// One probe of the client: when it started (since the prober started) and who answered.
#[derive(Debug, Clone)]
pub struct Sample {
    pub at: Duration,
    /// The identity the server sent, `None` when the probe failed.
    pub server: Option<String>,
}

/// Probes `addr:port` from a namespace every `interval` (a TCP connect plus reading the
/// responder's identity, with a short timeout) until stopped.
pub struct Prober {
    start: Instant,
    stop: Arc<AtomicBool>,
    samples: Arc<Mutex<Vec<Sample>>>,
    thread: Option<JoinHandle<()>>,
}

/// How long one probe may take before it counts as failed (kept short so that an outage is
/// still sampled densely; on one L2 segment a healthy connect takes well under a millisecond).
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(20);

impl Prober {
    /// Starts probing (panics when the namespace cannot be entered).
    pub fn start(ns: &Netns, addr: IpAddr, port: u16, interval: Duration) -> Prober {
        Prober::start_with(ns, addr, port, interval, PROBE_TIMEOUT)
    }

    /// Starts probing, allowing `answer_timeout` for the answer once connected. The connect
    /// stays bounded by [`PROBE_TIMEOUT`], so an outage is still sampled densely; a longer
    /// answer timeout suits services behind a proxy, whose answer needs the proxy and the server
    /// scheduled in turn (tens of milliseconds on a loaded machine, which is not an outage).
    pub fn start_with(
        ns: &Netns,
        addr: IpAddr,
        port: u16,
        interval: Duration,
        answer_timeout: Duration,
    ) -> Prober {
        let stop = Arc::new(AtomicBool::new(false));
        let samples = Arc::new(Mutex::new(Vec::with_capacity(16384)));
        let (tx, rx) = std::sync::mpsc::channel();
        let name = ns.name().to_string();
        let start = Instant::now();
        let (stop2, samples2) = (stop.clone(), samples.clone());
        let target = SocketAddr::new(addr, port);
        let thread = std::thread::spawn(move || {
            if let Err(e) = enter_netns(&name) {
                let _ = tx.send(Err(e));
                return;
            }
            let _ = tx.send(Ok(()));
            let mut next = Instant::now();
            while !stop2.load(Ordering::Relaxed) {
                let at = Instant::now().saturating_duration_since(start);
                let server = probe_once(target, answer_timeout);
                samples2
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(Sample { at, server });
                next += interval;
                let now = Instant::now();
                if next > now {
                    std::thread::sleep(next - now);
                } else {
                    next = now;
                }
            }
        });
        rx.recv()
            .expect("prober thread")
            .unwrap_or_else(|e| panic!("prober in {}: {e}", ns.name()));
        Prober {
            start,
            stop,
            samples,
            thread: Some(thread),
        }
    }

    /// Time since the prober started (the time base of the samples).
    pub fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// A copy of the samples so far.
    pub fn samples(&self) -> Vec<Sample> {
        self.samples
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The server of the most recent successful probe, if the last probe succeeded.
    pub fn last_server(&self) -> Option<String> {
        self.samples
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .last()
            .and_then(|s| s.server.clone())
    }

    /// Waits until a probe after now is answered by `server` (any server when `None`).
    pub fn wait_served(&self, server: Option<&str>, timeout: Duration) -> bool {
        self.wait_answer(|got| server.is_none_or(|want| got == want), timeout)
    }

    /// Waits until a probe after now gets an answer for which `accept` holds.
    pub fn wait_answer(&self, accept: impl Fn(&str) -> bool, timeout: Duration) -> bool {
        let since = self.now();
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            {
                let s = self.samples.lock().unwrap_or_else(|e| e.into_inner());
                let hit = s
                    .iter()
                    .rev()
                    .take_while(|x| x.at >= since)
                    .any(|x| x.server.as_deref().is_some_and(&accept));
                if hit {
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    /// Stops probing and returns every sample.
    pub fn stop(mut self) -> Vec<Sample> {
        self.halt();
        self.samples()
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Prober {
    fn drop(&mut self) {
        self.halt();
    }
}

fn probe_once(target: SocketAddr, answer_timeout: Duration) -> Option<String> {
    let mut s = TcpStream::connect_timeout(&target, PROBE_TIMEOUT).ok()?;
    s.set_read_timeout(Some(answer_timeout)).ok()?;
    let mut buf = [0u8; 64];
    let mut n = 0;
    while n < buf.len() {
        match s.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => {
                n += k;
                if buf[..n].contains(&b'\n') {
                    break;
                }
            }
            Err(_) => return None,
        }
    }
    let text = String::from_utf8_lossy(&buf[..n]);
    let id = text.lines().next()?.trim();
    (!id.is_empty()).then(|| id.to_string())
}

// ---------------------------------------------------------------------------------------------
// Analysis

/// A stretch without service as the client saw it: from the last answered probe before the
/// failures to the first answered probe after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Time of the last success before the outage.
    pub last_ok: Duration,
    /// Time of the first success after it (`None`: service never came back in the samples).
    pub first_ok: Option<Duration>,
    /// Time of the first failed probe (when the client started to notice).
    pub first_fail: Duration,
    /// Failed probes in between.
    pub failures: usize,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Gap {
    /// Client-visible length of the outage (to the end of the samples when never regained).
    pub fn length(&self, samples: &[Sample]) -> Duration {
        let end = self
            .first_ok
            .unwrap_or_else(|| samples.last().map(|s| s.at).unwrap_or_default());
        end.saturating_sub(self.last_ok)
    }
}

/// Every outage (at least one failed probe between two successes, or at the end) in the samples.
/// Failures before the first success (service not up yet) are not an outage.
pub fn gaps(samples: &[Sample]) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut last_ok: Option<&Sample> = None;
    let mut failures = 0;
    let mut first_fail = Duration::ZERO;
    for s in samples {
        match &s.server {
            Some(srv) => {
                if let (Some(l), true) = (last_ok, failures > 0) {
                    out.push(Gap {
                        last_ok: l.at,
                        first_ok: Some(s.at),
                        first_fail,
                        failures,
                        before: l.server.clone(),
                        after: Some(srv.clone()),
                    });
                }
                failures = 0;
                last_ok = Some(s);
            }
            None => {
                if failures == 0 {
                    first_fail = s.at;
                }
                failures += 1;
            }
        }
    }
    if let (Some(l), true) = (last_ok, failures > 0) {
        out.push(Gap {
            last_ok: l.at,
            first_ok: None,
            first_fail,
            failures,
            before: l.server.clone(),
            after: None,
        });
    }
    out
}

/// The client-visible outage caused by a fault injected at `fault`, before the next event at
/// `until`: the longest outage whose first failed probe falls in `[fault, until)`, measured from
/// the last success before it to the next success. Zero when no probe failed in that window.
pub fn outage(samples: &[Sample], fault: Duration, until: Duration) -> Duration {
    gaps(samples)
        .into_iter()
        .filter(|g| g.first_fail >= fault && g.first_fail < until)
        .map(|g| g.length(samples))
        .max()
        .unwrap_or_default()
}

/// The servers that answered between `from` and `to`, in order of first appearance.
pub fn servers_between(samples: &[Sample], from: Duration, to: Duration) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for s in samples.iter().filter(|s| s.at >= from && s.at <= to) {
        if let Some(srv) = &s.server {
            if !v.contains(srv) {
                v.push(srv.clone());
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(ms: u64, srv: Option<&str>) -> Sample {
        Sample {
            at: Duration::from_millis(ms),
            server: srv.map(str::to_string),
        }
    }

    #[test]
    fn gaps_and_outage() {
        let v = vec![
            s(0, None),
            s(10, Some("a")),
            s(20, Some("a")),
            s(30, None),
            s(50, None),
            s(70, Some("b")),
            s(80, Some("b")),
            s(90, None),
        ];
        let g = gaps(&v);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].length(&v), Duration::from_millis(50));
        assert_eq!(g[0].before.as_deref(), Some("a"));
        assert_eq!(g[0].after.as_deref(), Some("b"));
        assert_eq!(g[0].failures, 2);
        assert_eq!(g[1].first_ok, None);
        assert_eq!(
            outage(&v, Duration::from_millis(25), Duration::from_millis(60)),
            Duration::from_millis(50)
        );
        assert_eq!(
            outage(&v, Duration::from_millis(0), Duration::from_millis(15)),
            Duration::ZERO
        );
        assert_eq!(
            servers_between(&v, Duration::ZERO, Duration::from_secs(1)),
            vec!["a", "b"]
        );
    }
}
