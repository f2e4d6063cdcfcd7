//! An HTTP/1.1 origin server for the proxy's HTTP-mode tests, on loopback: keep-alive,
//! Content-Length and chunked request bodies, `Expect: 100-continue`; it records every request
//! it receives exactly as it arrived (request line and header lines, body, which connection)
//! and answers `200` with its name as the body (`X-Server: NAME`), or a status a test sets
//! (to fail health checks), or after a delay. Also a raw client for malformed and pipelined
//! requests.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One request as the origin received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Request line and header lines, as received, joined with `\n`.
    pub head: String,
    /// The decoded body.
    pub body: Vec<u8>,
    /// Which accepted connection carried it (1, 2, ...).
    pub conn: usize,
}

impl Recorded {
    /// The request line.
    pub fn line(&self) -> &str {
        self.head.lines().next().unwrap_or("")
    }
    /// Values of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Vec<String> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }
}

/// The origin server; stops accepting on drop.
pub struct Httpd {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Connections accepted.
    pub conns: Arc<AtomicUsize>,
    log: Arc<Mutex<Vec<Recorded>>>,
    status: Arc<AtomicU16>,
    delay_ms: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Httpd {
    /// Listen on `ip:port` (port 0 = any) answering as `name`.
    pub fn start(ip: &str, port: u16, name: &str) -> Httpd {
        let l = TcpListener::bind((ip.parse::<IpAddr>().unwrap(), port)).unwrap();
        let addr = l.local_addr().unwrap();
        l.set_nonblocking(true).unwrap();
        let h = Httpd {
            addr,
            conns: Arc::new(AtomicUsize::new(0)),
            log: Arc::new(Mutex::new(Vec::new())),
            status: Arc::new(AtomicU16::new(200)),
            delay_ms: Arc::new(AtomicU64::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (conns, log, status, delay, stop) = (
            h.conns.clone(),
            h.log.clone(),
            h.status.clone(),
            h.delay_ms.clone(),
            h.stop.clone(),
        );
        let name = name.to_string();
        thread::spawn(move || {
            while !stop.load(SeqCst) {
                match l.accept() {
                    Ok((c, _)) => {
                        let id = conns.fetch_add(1, SeqCst) + 1;
                        let (log, status, delay, stop, name) = (
                            log.clone(),
                            status.clone(),
                            delay.clone(),
                            stop.clone(),
                            name.clone(),
                        );
                        thread::spawn(move || {
                            serve(c, id, &name, &log, &status, &delay, &stop);
                        });
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        h
    }

    /// Answer every request with `code` from now on (200 restores).
    pub fn set_status(&self, code: u16) {
        self.status.store(code, SeqCst);
    }

    /// Wait this long before answering.
    pub fn set_delay(&self, d: Duration) {
        self.delay_ms.store(d.as_millis() as u64, SeqCst);
    }

    /// Requests received so far, except health checks (`OPTIONS` and the given check paths).
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    /// Requests whose target starts with `prefix`.
    pub fn requests_to(&self, prefix: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| {
                r.line()
                    .split(' ')
                    .nth(1)
                    .is_some_and(|t| t.starts_with(prefix))
            })
            .collect()
    }

    /// Forget what was recorded.
    pub fn clear(&self) {
        self.log.lock().unwrap().clear();
    }
}

impl Drop for Httpd {
    fn drop(&mut self) {
        self.stop.store(true, SeqCst);
    }
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Read until `buf` holds `want` bytes or an error; false on EOF/timeout.
fn fill(c: &mut TcpStream, buf: &mut Vec<u8>, want: usize, stop: &AtomicBool) -> bool {
    let mut tmp = [0u8; 16384];
    while buf.len() < want {
        match c.read(&mut tmp) {
            Ok(0) => return false,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if stop.load(SeqCst) {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
    true
}

/// Read more (at least one byte); false on EOF.
fn more(c: &mut TcpStream, buf: &mut Vec<u8>, stop: &AtomicBool) -> bool {
    let want = buf.len() + 1;
    fill(c, buf, want, stop)
}

fn serve(
    mut c: TcpStream,
    id: usize,
    name: &str,
    log: &Mutex<Vec<Recorded>>,
    status: &AtomicU16,
    delay: &AtomicU64,
    stop: &AtomicBool,
) {
    c.set_read_timeout(Some(Duration::from_millis(200))).ok();
    c.set_nodelay(true).ok();
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let end = loop {
            if let Some(e) = find(&buf, b"\r\n\r\n") {
                break e;
            }
            if !more(&mut c, &mut buf, stop) {
                return;
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_string();
        buf.drain(..end + 4);
        let lower = head.to_ascii_lowercase();
        let hdr = |n: &str| {
            lower
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim() == n)
                .map(|(_, v)| v.trim().to_string())
        };
        if hdr("expect").as_deref() == Some("100-continue") {
            let _ = c.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        let mut body = Vec::new();
        if hdr("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
            loop {
                let line_end = loop {
                    if let Some(e) = find(&buf, b"\r\n") {
                        break e;
                    }
                    if !more(&mut c, &mut buf, stop) {
                        return;
                    }
                };
                let size_s = String::from_utf8_lossy(&buf[..line_end]).to_string();
                let size = usize::from_str_radix(size_s.split(';').next().unwrap_or("").trim(), 16)
                    .unwrap_or(0);
                buf.drain(..line_end + 2);
                if size == 0 {
                    // Trailers up to the empty line.
                    loop {
                        if let Some(e) = find(&buf, b"\r\n") {
                            let empty = e == 0;
                            buf.drain(..e + 2);
                            if empty {
                                break;
                            }
                        } else if !more(&mut c, &mut buf, stop) {
                            return;
                        }
                    }
                    break;
                }
                if !fill(&mut c, &mut buf, size + 2, stop) {
                    return;
                }
                body.extend_from_slice(&buf[..size]);
                buf.drain(..size + 2);
            }
        } else if let Some(n) = hdr("content-length").and_then(|v| v.parse::<usize>().ok()) {
            if !fill(&mut c, &mut buf, n, stop) {
                return;
            }
            body = buf.drain(..n).collect();
        }
        log.lock().unwrap().push(Recorded {
            head: head.replace("\r\n", "\n"),
            body,
            conn: id,
        });
        let d = delay.load(SeqCst);
        if d > 0 {
            thread::sleep(Duration::from_millis(d));
        }
        let first = head.lines().next().unwrap_or("");
        let close = lower.contains("\nconnection: close")
            || (first.ends_with("HTTP/1.0") && !lower.contains("\nconnection: keep-alive"));
        let code = status.load(SeqCst);
        let text = format!("{name}\n");
        let resp = format!(
            "HTTP/1.1 {code} X\r\nContent-Length: {}\r\nX-Server: {name}\r\n{}\r\n{}",
            text.len(),
            if close { "Connection: close\r\n" } else { "" },
            if first.starts_with("HEAD ") {
                ""
            } else {
                &text
            },
        );
        if c.write_all(resp.as_bytes()).is_err() || close {
            return;
        }
    }
}

/// A raw client: write `data`, then read until the server closes or `idle` passes without a
/// byte. Returns what was read.
pub fn raw(addr: SocketAddr, data: &[u8], idle: Duration) -> Vec<u8> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connect");
    s.set_read_timeout(Some(idle)).ok();
    let _ = s.write_all(data);
    let mut out = Vec::new();
    let mut tmp = [0u8; 65536];
    loop {
        match s.read(&mut tmp) {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&tmp[..n]),
        }
    }
}

/// Status codes of every response in `data` (bodies skipped by Content-Length).
pub fn statuses(data: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(e) = find(rest, b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&rest[..e]).to_string();
        let code = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        out.push(code);
        let len = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let skip = if (100..200).contains(&code) { 0 } else { len };
        rest = &rest[(e + 4 + skip).min(rest.len())..];
    }
    out
}

/// One keep-alive client connection for sequential requests.
pub struct Client {
    s: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    /// Connect to `addr`, from `src` when given (a loopback address).
    pub fn connect(addr: SocketAddr, src: Option<&str>) -> Client {
        let s = match src {
            Some(ip) => {
                use nix::sys::socket::{
                    bind, connect, socket, AddressFamily, SockFlag, SockType, SockaddrIn,
                };
                use std::os::fd::AsRawFd;
                let sock = socket(
                    AddressFamily::Inet,
                    SockType::Stream,
                    SockFlag::empty(),
                    None,
                )
                .expect("socket");
                let src: std::net::SocketAddrV4 = format!("{ip}:0").parse().expect("IPv4 source");
                let SocketAddr::V4(to) = addr else {
                    panic!("IPv4 only")
                };
                bind(sock.as_raw_fd(), &SockaddrIn::from(src)).expect("bind source");
                connect(sock.as_raw_fd(), &SockaddrIn::from(to)).expect("connect");
                TcpStream::from(sock)
            }
            None => TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connect"),
        };
        Client::from_stream(s)
    }

    /// A client on a stream connected already.
    pub fn from_stream(s: TcpStream) -> Client {
        s.set_read_timeout(Some(Duration::from_secs(5))).ok();
        Client { s, buf: Vec::new() }
    }

    /// Send one request and read its response: (status, headers, body). Status 0 when the
    /// connection closed first.
    pub fn request(&mut self, req: &str) -> (u16, String, Vec<u8>) {
        if self.s.write_all(req.as_bytes()).is_err() {
            return (0, String::new(), Vec::new());
        }
        self.response()
    }

    /// Read one response.
    pub fn response(&mut self) -> (u16, String, Vec<u8>) {
        let stop = AtomicBool::new(false);
        let deadline = Instant::now() + Duration::from_secs(10);
        let e = loop {
            if let Some(e) = find(&self.buf, b"\r\n\r\n") {
                break e;
            }
            if Instant::now() > deadline || !more(&mut self.s, &mut self.buf, &stop) {
                return (0, String::new(), Vec::new());
            }
        };
        let head = String::from_utf8_lossy(&self.buf[..e]).to_string();
        self.buf.drain(..e + 4);
        let code = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let len = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if !fill(&mut self.s, &mut self.buf, len, &stop) {
            return (code, head, Vec::new());
        }
        let body = self.buf.drain(..len).collect();
        (code, head, body)
    }

    /// Whether the server closed the connection (within `t`).
    pub fn closed_within(&mut self, t: Duration) -> bool {
        self.s.set_read_timeout(Some(t)).ok();
        let mut b = [0u8; 1];
        matches!(self.s.read(&mut b), Ok(0))
            || matches!(self.s.read(&mut b), Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset)
    }

    /// The raw stream.
    pub fn stream(&mut self) -> &mut TcpStream {
        &mut self.s
    }
}
