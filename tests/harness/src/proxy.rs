//! Harness for the proxy's integration tests, all on loopback: tiny backends (a TCP server that
//! names itself and echoes, an HTTP health endpoint whose answers a test switches or scripts),
//! the `proxy` daemon (and HAProxy 2.6 as the oracle) as child processes killed on drop, the
//! admin socket, and CSV parsing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A free port on 127.0.0.1, for TCP and UDP (bound and released; tests use it right away).
///
/// Taken below the kernel's ephemeral range (`net.ipv4.ip_local_port_range`): a port the kernel
/// hands out for `bind(0)` can just as well be handed out a moment later as the source port of
/// some daemon's outgoing connection (a health check, a proxied session), and the daemon a test
/// then starts on it would fail to bind. Never the same port twice in one test process, so a
/// test taking two ports never configures one address twice; processes start at different
/// places (by pid) so that two test processes rarely probe the same ports.
pub fn free_port() -> u16 {
    static NEXT: Mutex<Option<u16>> = Mutex::new(None);
    const LOW: u16 = 10_000;
    let high = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|r| r.split_whitespace().next()?.parse::<u16>().ok())
        .filter(|&h| h > LOW + 1000)
        .unwrap_or(32768);
    let span = u32::from(high - LOW);
    let mut next = NEXT.lock().unwrap_or_else(|e| e.into_inner());
    let start = next
        .unwrap_or_else(|| LOW + (u64::from(std::process::id()) * 7919 % u64::from(span)) as u16);
    let mut p = start;
    loop {
        let candidate = p;
        p = if p + 1 >= high { LOW } else { p + 1 };
        if TcpListener::bind(("127.0.0.1", candidate)).is_ok()
            && std::net::UdpSocket::bind(("127.0.0.1", candidate)).is_ok()
        {
            *next = Some(p);
            return candidate;
        }
        assert_ne!(p, start, "no free port below {high}");
    }
}

/// One of `tests/fixtures/` (the seed guides' configurations), as text.
pub fn example(name: &str) -> String {
    let p = crate::repo_root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Seed 000's configuration with only what is the host's moved: the listeners on
/// `front80`/`front443`, the application servers' ports on `srv80`/`srv443`, and its `chroot`
/// jail (`/usr/share/haproxy`, which Debian 12 does not have) to an empty `jail` directory made
/// in `dir`.
pub fn seed000_on_loopback(
    dir: &TempDir,
    srv80: u16,
    srv443: u16,
    front80: u16,
    front443: u16,
) -> String {
    let jail = dir.path("jail");
    std::fs::create_dir_all(&jail).expect("jail directory");
    example("seed000.cfg")
        .replace(
            "chroot /usr/share/haproxy",
            &format!("chroot {}", jail.display()),
        )
        .replace("0.0.0.0:80", &format!("127.0.0.1:{front80}"))
        .replace("0.0.0.0:443", &format!("127.0.0.1:{front443}"))
        .replace(":80 check", &format!(":{srv80} check"))
        .replace(":443 track", &format!(":{srv443} track"))
}

/// `proxy check -f PATH`: the exit code and everything it printed (stdout, then stderr).
pub fn proxy_check(path: &Path) -> (i32, String) {
    let out = Command::new(crate::bin("proxy"))
        .args(["check", "-f"])
        .arg(path)
        .output()
        .expect("run proxy check");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// The sockets listening on `port` (TCP, or UDP when `udp`), as `ss` prints them.
pub fn listening(port: u16, udp: bool) -> String {
    let out = Command::new("ss")
        .args([
            if udp { "-Hlun" } else { "-Hltn" },
            &format!("sport = :{port}"),
        ])
        .output()
        .expect("ss (Debian package iproute2)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Poll `f` every 20 ms until it holds or `timeout` passes; returns whether it held.
pub fn wait_for(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// A scratch directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty directory named after `tag`.
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "rustha-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    /// A path inside.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    /// Write a file inside and return its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A TCP backend that writes `NAME\n` to every connection, then echoes until EOF.
pub struct Banner {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    /// Connections accepted.
    pub accepted: Arc<AtomicUsize>,
}

impl Banner {
    /// Listen on `ip:port` (port 0 = any).
    pub fn start(ip: &str, port: u16, name: &str) -> Banner {
        let l = TcpListener::bind((ip.parse::<IpAddr>().unwrap(), port)).unwrap();
        let addr = l.local_addr().unwrap();
        l.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(AtomicUsize::new(0));
        let (s, a, name) = (stop.clone(), accepted.clone(), name.to_string());
        thread::spawn(move || {
            while !s.load(SeqCst) {
                match l.accept() {
                    Ok((mut c, _)) => {
                        a.fetch_add(1, SeqCst);
                        let name = name.clone();
                        let s = s.clone();
                        thread::spawn(move || {
                            c.set_nonblocking(false).ok();
                            c.set_read_timeout(Some(Duration::from_millis(200))).ok();
                            if c.write_all(format!("{name}\n").as_bytes()).is_err() {
                                return;
                            }
                            let mut buf = [0u8; 4096];
                            while !s.load(SeqCst) {
                                match c.read(&mut buf) {
                                    Ok(0) => return,
                                    Ok(n) => {
                                        if c.write_all(&buf[..n]).is_err() {
                                            return;
                                        }
                                    }
                                    Err(e)
                                        if matches!(
                                            e.kind(),
                                            std::io::ErrorKind::WouldBlock
                                                | std::io::ErrorKind::TimedOut
                                        ) => {}
                                    Err(_) => return,
                                }
                            }
                        });
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Banner {
            addr,
            stop,
            accepted,
        }
    }
}

impl Drop for Banner {
    fn drop(&mut self) {
        self.stop.store(true, SeqCst);
    }
}

/// Connect to `addr` and read the backend's name (None when refused or closed).
pub fn who(addr: SocketAddr) -> Option<String> {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(3))).ok();
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).ok()?;
    let line = line.trim().to_string();
    (!line.is_empty()).then_some(line)
}

/// An open session through the proxy: its backend's name and the stream.
pub struct Session {
    /// Backend name read from the banner.
    pub server: String,
    reader: BufReader<TcpStream>,
}

impl Session {
    /// Open one.
    pub fn open(addr: SocketAddr) -> Option<Session> {
        let s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(3))).ok();
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        Some(Session {
            server: line.trim().to_string(),
            reader,
        })
    }
    /// Whether an echo round trip still works.
    pub fn alive(&mut self) -> bool {
        if self.reader.get_mut().write_all(b"ping\n").is_err() {
            return false;
        }
        let mut line = String::new();
        matches!(self.reader.read_line(&mut line), Ok(n) if n > 0 && line == "ping\n")
    }
    /// Whether the proxy closed it (EOF or reset) within `timeout`.
    pub fn closed_within(&mut self, timeout: Duration) -> bool {
        self.reader.get_mut().set_read_timeout(Some(timeout)).ok();
        let mut buf = [0u8; 64];
        match self.reader.read(&mut buf) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        }
    }
}

/// An HTTP health endpoint: every request is answered with the current status (or the next
/// one of a script), then closed.
pub struct HealthEndpoint {
    /// Where it listens.
    pub addr: SocketAddr,
    status: Arc<AtomicU16>,
    script: Arc<Mutex<Vec<u16>>>,
    /// Requests served.
    pub hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl HealthEndpoint {
    /// Listen on `ip:port` answering `status`.
    pub fn start(ip: &str, port: u16, status: u16) -> HealthEndpoint {
        let l = TcpListener::bind((ip.parse::<IpAddr>().unwrap(), port)).unwrap();
        let addr = l.local_addr().unwrap();
        l.set_nonblocking(true).unwrap();
        let h = HealthEndpoint {
            addr,
            status: Arc::new(AtomicU16::new(status)),
            script: Arc::new(Mutex::new(Vec::new())),
            hits: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (st, sc, hits, stop) = (
            h.status.clone(),
            h.script.clone(),
            h.hits.clone(),
            h.stop.clone(),
        );
        thread::spawn(move || {
            while !stop.load(SeqCst) {
                match l.accept() {
                    Ok((mut c, _)) => {
                        c.set_nonblocking(false).ok();
                        c.set_read_timeout(Some(Duration::from_millis(500))).ok();
                        let mut buf = [0u8; 4096];
                        let _ = c.read(&mut buf);
                        let code = {
                            let mut s = sc.lock().unwrap();
                            if s.is_empty() {
                                st.load(SeqCst)
                            } else {
                                s.remove(0)
                            }
                        };
                        hits.fetch_add(1, SeqCst);
                        let reason = if code < 400 {
                            "OK"
                        } else {
                            "Service Unavailable"
                        };
                        let body = if code < 400 { "primary\n" } else { "standby\n" };
                        let _ = c.write_all(
                            format!(
                                "HTTP/1.0 {code} {reason}\r\nContent-Length: {}\r\n\r\n{body}",
                                body.len()
                            )
                            .as_bytes(),
                        );
                    }
                    Err(_) => thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        h
    }
    /// Answer `code` from now on.
    pub fn set(&self, code: u16) {
        self.status.store(code, SeqCst);
    }
    /// Answer these codes to the next requests, in order, then the current status.
    pub fn script(&self, codes: &[u16]) {
        *self.script.lock().unwrap() = codes.to_vec();
    }
}

impl Drop for HealthEndpoint {
    fn drop(&mut self) {
        self.stop.store(true, SeqCst);
    }
}

/// The `global` line giving HAProxy the admin socket an oracle test drives it through (none
/// for `proxy`, which [`Daemon::proxy`] gives one on its command line).
pub fn stats_socket_line(socket: Option<&Path>) -> String {
    socket
        .map(|p| format!("    stats socket {} mode 600 level admin\n", p.display()))
        .unwrap_or_default()
}

/// `proxy` and HAProxy side by side for an oracle test: each on a free loopback port of its own,
/// with the configuration its closure writes for that port, both running.
pub struct SideBySide {
    /// `proxy run`.
    pub proxy: Daemon,
    /// `haproxy`, with a stats socket.
    pub haproxy: Daemon,
    /// Where `proxy` listens.
    pub proxy_at: SocketAddr,
    /// Where HAProxy listens.
    pub haproxy_at: SocketAddr,
}

impl SideBySide {
    /// Writes `proxy.cfg` (`proxy_cfg(port)`) and `haproxy.cfg` (`haproxy_cfg(port, stats
    /// socket)`) into `dir` and starts both.
    pub fn start(
        dir: &TempDir,
        proxy_cfg: impl FnOnce(u16) -> String,
        haproxy_cfg: impl FnOnce(u16, &Path) -> String,
    ) -> SideBySide {
        let (fp, fh) = (free_port(), free_port());
        let sock = dir.path("haproxy.sock");
        let cp = dir.write("proxy.cfg", &proxy_cfg(fp));
        let ch = dir.write("haproxy.cfg", &haproxy_cfg(fh, &sock));
        let at = |p: u16| SocketAddr::from(([127, 0, 0, 1], p));
        SideBySide {
            proxy: Daemon::proxy(dir, &cp),
            haproxy: Daemon::haproxy(dir, &ch, &sock),
            proxy_at: at(fp),
            haproxy_at: at(fh),
        }
    }
}

/// A running `proxy run` (or `haproxy`), killed on drop.
pub struct Daemon {
    child: Child,
    /// Its admin socket (`stats socket` or the control socket).
    pub socket: PathBuf,
    /// Captured stderr file.
    pub log: PathBuf,
}

impl Daemon {
    /// `proxy run -f CFG -p DIR/proxy.pid -S DIR/proxy.sock`, waiting for the pidfile.
    pub fn proxy(dir: &TempDir, cfg: &Path) -> Daemon {
        Daemon::start_proxy(dir, cfg, Command::new(crate::bin("proxy")))
    }

    /// [`Daemon::proxy`] started with the descriptor limits `soft` and `hard` (as a service
    /// manager would start it).
    pub fn proxy_with_nofile(dir: &TempDir, cfg: &Path, soft: u64, hard: u64) -> Daemon {
        let mut cmd = Command::new("prlimit");
        cmd.arg(format!("--nofile={soft}:{hard}"))
            .arg(crate::bin("proxy"));
        Daemon::start_proxy(dir, cfg, cmd)
    }

    fn start_proxy(dir: &TempDir, cfg: &Path, mut cmd: Command) -> Daemon {
        let pid = dir.path("proxy.pid");
        let sock = dir.path("proxy.sock");
        let log = dir.path("proxy.log");
        let child = cmd
            .args(["run", "-f"])
            .arg(cfg)
            .arg("-p")
            .arg(&pid)
            .arg("-S")
            .arg(&sock)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("spawn proxy");
        let mut d = Daemon {
            child,
            socket: sock,
            log,
        };
        // The pid file exists (empty) from before the daemon gives up root; it is ready once
        // the pid is in it.
        let written = || std::fs::read_to_string(&pid).is_ok_and(|s| !s.trim().is_empty());
        let ok = wait_for(Duration::from_secs(10), || written() || d.exited());
        assert!(
            ok && written(),
            "proxy did not become ready: {}",
            d.log_text()
        );
        d
    }

    /// `haproxy -f CFG -db` with `stats socket SOCKET` in its configuration.
    pub fn haproxy(dir: &TempDir, cfg: &Path, socket: &Path) -> Daemon {
        let log = dir.path("haproxy.log");
        let child = Command::new("haproxy")
            .args(["-db", "-f"])
            .arg(cfg)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("spawn haproxy (Debian package haproxy)");
        let mut d = Daemon {
            child,
            socket: socket.to_path_buf(),
            log,
        };
        let ok = wait_for(Duration::from_secs(10), || {
            UnixStream::connect(socket).is_ok() || d.exited()
        });
        assert!(ok, "haproxy did not start: {}", d.log_text());
        d
    }

    /// [`Daemon::haproxy`] when `haproxy`, else [`Daemon::proxy`] (which makes its own socket,
    /// so `socket` serves HAProxy only): one setup for both sides of an oracle test.
    pub fn either(haproxy: bool, dir: &TempDir, cfg: &Path, socket: &Path) -> Daemon {
        if haproxy {
            Daemon::haproxy(dir, cfg, socket)
        } else {
            Daemon::proxy(dir, cfg)
        }
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// The daemon's pid.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Its stderr so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Send one admin command.
    pub fn cmd(&self, cmd: &str) -> String {
        admin(&self.socket, cmd)
    }

    /// `show stat` parsed: (pxname, svname) -> row.
    pub fn stat(&self) -> Vec<Vec<String>> {
        parse_csv(&self.cmd("show stat"))
    }

    /// The status column of `px/sv`.
    pub fn status(&self, px: &str, sv: &str) -> String {
        self.stat()
            .into_iter()
            .find(|r| r.len() > 17 && r[0] == px && r[1] == sv)
            .map(|r| r[17].clone())
            .unwrap_or_default()
    }

    /// Send a signal.
    pub fn signal(&self, sig: nix::sys::signal::Signal) {
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(self.child.id() as i32), sig);
    }

    /// Wait for the process to end (at most `timeout`); its exit status code.
    pub fn wait(&mut self, timeout: Duration) -> Option<i32> {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s.code().unwrap_or(-1));
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One command on an admin socket.
pub fn admin(path: &Path, cmd: &str) -> String {
    let Ok(mut s) = UnixStream::connect(path) else {
        return String::new();
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let _ = s.write_all(format!("{cmd}\n").as_bytes());
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// HAProxy CSV without the header line.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// A raw HTTP/1.0 GET; returns (status, headers+body).
pub fn http_get(addr: SocketAddr, path: &str, auth: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut req = format!("GET {path} HTTP/1.0\r\nHost: test\r\n");
    if let Some(a) = auth {
        req.push_str(&format!("Authorization: Basic {a}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let code = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, out)
}

/// Kills the daemon recorded in a pidfile when dropped (a test that fails half-way through an
/// OCF start/stop sequence must not leave its daemon running). Only a process running the
/// `proxy` binary is touched.
pub struct PidGuard(pub PathBuf);

impl Drop for PidGuard {
    fn drop(&mut self) {
        let Some(pid) = std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|s| s.trim().parse::<i32>().ok())
        else {
            return;
        };
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        if exe
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("proxy"))
        {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    }
}
