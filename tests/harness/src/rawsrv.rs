//! A scripted origin server for the request-smuggling and response mix-up tests. It keeps every
//! byte each connection brought and reads requests out of them the way a lenient server does
//! (nginx and Node accept a bare LF as a line end, in heads and in chunked bodies alike), so a
//! test sees every request a backend *could* read in what a proxy forwarded, and compares it
//! with a strict reading (CRLF only). Each request it reads gets the answer a test's script
//! gives, which by default names the request (`X-Tag`: the first segment of its path,
//! `X-Seq`: a number unique to this server), so a client can tell whose answer it got.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A request as the lenient reading found it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Its request line.
    pub line: String,
    /// The first segment of its path (`/t12/x` gives `t12`).
    pub tag: String,
    /// Which accepted connection carried it (1, 2, ...), and its rank on it (1, 2, ...).
    pub conn: usize,
    /// Rank of the request on its connection.
    pub rank: usize,
}

/// What the server does for one request.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    /// Bytes to send as the answer; empty: the default answer (200, tagged).
    pub bytes: Vec<u8>,
    /// Answer as soon as the head came, without reading the body (it is read afterwards).
    pub early: bool,
    /// Bytes sent unasked once the answer went and the connection is idle (after `idle`).
    pub later: Option<(Duration, Vec<u8>)>,
    /// Close the connection after answering.
    pub close: bool,
    /// Close the connection at once, without answering or recording the request: a server
    /// that serves one request per connection and drops what comes after it.
    pub hang_up: bool,
}

type Script = dyn Fn(&Seen) -> Reply + Send + Sync;

/// The bytes one connection brought, shared with its serving thread.
type Raw = Arc<Mutex<Vec<u8>>>;

/// The server; stops accepting on drop.
pub struct RawOrigin {
    /// Where it listens.
    pub addr: SocketAddr,
    conns: Arc<Mutex<Vec<Raw>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Unasked sends (`Reply::later`) done.
    pub later_sent: Arc<AtomicUsize>,
    seq: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl RawOrigin {
    /// Listen on loopback, answering with `script`.
    pub fn start(script: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> RawOrigin {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let o = RawOrigin {
            addr: l.local_addr().unwrap(),
            conns: Arc::default(),
            seen: Arc::default(),
            later_sent: Arc::default(),
            seq: Arc::default(),
            stop: Arc::default(),
        };
        let script: Arc<Script> = Arc::new(script);
        let (conns, seen, later, seq, stop) = (
            o.conns.clone(),
            o.seen.clone(),
            o.later_sent.clone(),
            o.seq.clone(),
            o.stop.clone(),
        );
        thread::spawn(move || {
            while !stop.load(SeqCst) {
                match l.accept() {
                    Ok((c, _)) => {
                        let raw = Arc::new(Mutex::new(Vec::new()));
                        let id = {
                            let mut all = conns.lock().unwrap();
                            all.push(raw.clone());
                            all.len()
                        };
                        let (seen, later, seq, stop, script) = (
                            seen.clone(),
                            later.clone(),
                            seq.clone(),
                            stop.clone(),
                            script.clone(),
                        );
                        thread::spawn(move || {
                            let s = Served {
                                id,
                                raw: &raw,
                                seen: &seen,
                                later: &later,
                                seq: &seq,
                                stop: &stop,
                                script: &*script,
                            };
                            s.serve(c);
                        });
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        o
    }

    /// The default answers, tagged.
    pub fn tagging() -> RawOrigin {
        RawOrigin::start(|_| Reply::default())
    }

    /// Requests read so far (leniently), in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The raw bytes of each connection so far.
    pub fn raw(&self) -> Vec<Vec<u8>> {
        let conns = self.conns.lock().unwrap();
        conns.iter().map(|c| c.lock().unwrap().clone()).collect()
    }

    /// Connections accepted.
    pub fn conns(&self) -> usize {
        self.conns.lock().unwrap().len()
    }
}

impl Drop for RawOrigin {
    fn drop(&mut self) {
        self.stop.store(true, SeqCst);
    }
}

struct Served<'a> {
    id: usize,
    raw: &'a Mutex<Vec<u8>>,
    seen: &'a Mutex<Vec<Seen>>,
    later: &'a AtomicUsize,
    seq: &'a AtomicUsize,
    stop: &'a AtomicBool,
    script: &'a Script,
}

impl Served<'_> {
    fn serve(&self, mut c: TcpStream) {
        c.set_read_timeout(Some(Duration::from_millis(100))).ok();
        c.set_nodelay(true).ok();
        let mut buf = Vec::new();
        let mut rank = 0;
        loop {
            let head = loop {
                if let Some(h) = lenient_head(&buf) {
                    break h;
                }
                if !self.more(&mut c, &mut buf) {
                    return;
                }
            };
            rank += 1;
            let line = String::from_utf8_lossy(&buf[..head.line_end]).to_string();
            let seen = Seen {
                tag: tag_of(&line),
                line,
                conn: self.id,
                rank,
            };
            let reply = (self.script)(&seen);
            if reply.hang_up {
                return;
            }
            let answer = if reply.bytes.is_empty() {
                self.default_answer(&seen)
            } else {
                reply.bytes.clone()
            };
            if reply.early && c.write_all(&answer).is_err() {
                return;
            }
            buf.drain(..head.len);
            // The body, read as a lenient server reads it.
            let body_end = loop {
                match lenient_body(&buf, head.framing) {
                    Some(n) => break n,
                    None if !self.more(&mut c, &mut buf) => return,
                    None => {}
                }
            };
            buf.drain(..body_end);
            self.seen.lock().unwrap().push(seen);
            if !reply.early && c.write_all(&answer).is_err() {
                return;
            }
            if reply.close {
                return;
            }
            if let Some((idle, bytes)) = &reply.later {
                thread::sleep(*idle);
                let _ = c.write_all(bytes);
                self.later.fetch_add(1, SeqCst);
            }
        }
    }

    fn default_answer(&self, s: &Seen) -> Vec<u8> {
        let n = self.seq.fetch_add(1, SeqCst) + 1;
        format!(
            "HTTP/1.1 200 OK\r\nX-Tag: {}\r\nX-Seq: {n}\r\nContent-Length: 2\r\n\r\nok",
            s.tag
        )
        .into_bytes()
    }

    /// Read more; false on EOF, error or stop.
    fn more(&self, c: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
        let mut tmp = [0u8; 65536];
        loop {
            match c.read(&mut tmp) {
                Ok(0) => return false,
                Ok(n) => {
                    buf.extend_from_slice(&tmp[..n]);
                    self.raw.lock().unwrap().extend_from_slice(&tmp[..n]);
                    return true;
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    if self.stop.load(SeqCst) {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
    }
}

/// The configuration the smuggling tests run on both sides (`proxy` and HAProxy, which gets
/// its admin `socket`): a frontend on `front` denying `/admin` and the host `admin.internal`,
/// in front of `origin`; `global` adds lines to the `global` section (each ending in a
/// newline), `timeout` is the client, server and `http-request` timeout.
pub fn guarded_config(
    front: u16,
    origin: SocketAddr,
    socket: Option<&std::path::Path>,
    global: &str,
    timeout: &str,
) -> String {
    let sock = crate::proxy::stats_socket_line(socket);
    format!(
        "global
{global}{sock}defaults
    mode http
    timeout connect 2s
    timeout client {timeout}
    timeout server {timeout}
    timeout http-request {timeout}
frontend fe
    bind 127.0.0.1:{front}
    http-request deny if {{ path_beg /admin }}
    http-request deny if {{ hdr(host) -i admin.internal }}
    default_backend be
backend be
    server s {origin}
"
    )
}

/// How a request's body is framed, as a lenient server reads its head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No body.
    None,
    /// Content-Length.
    Len(usize),
    /// Transfer-Encoding with chunked (which wins over Content-Length, as RFC 9112 says).
    Chunked,
}

/// A head read leniently.
#[derive(Debug, Clone, Copy)]
pub struct LenientHead {
    /// Where the request line ends (its line end excluded).
    pub line_end: usize,
    /// The head's length, its empty line included.
    pub len: usize,
    /// Its body's framing.
    pub framing: Framing,
}

/// The requests a strict server reads in `raw`: as [`lenient_requests`], but a line end is
/// CRLF and nothing else, and a CR or LF anywhere else in a head is an error. None when `raw`
/// holds such an error (bytes a lenient server reads otherwise than a strict one).
pub fn strict_requests(raw: &[u8]) -> Option<Vec<String>> {
    let mut rest = raw;
    let mut out = Vec::new();
    while let Some(h) = lenient_head(rest) {
        let head = &rest[..h.len];
        // Every LF of the head preceded by a CR, every CR followed by an LF.
        for (i, &b) in head.iter().enumerate() {
            let ok = match b {
                b'\n' => i > 0 && head[i - 1] == b'\r',
                b'\r' => head.get(i + 1) == Some(&b'\n'),
                _ => true,
            };
            if !ok {
                return None;
            }
        }
        out.push(
            String::from_utf8_lossy(&rest[..h.line_end])
                .trim()
                .to_string(),
        );
        rest = &rest[h.len..];
        let Some(n) = lenient_body(rest, h.framing) else {
            break;
        };
        if h.framing == Framing::Chunked && !strict_chunked(&rest[..n]) {
            return None;
        }
        rest = &rest[n..];
    }
    Some(out)
}

/// Whether a whole chunked body (as [`lenient_body`] delimited it) frames its lines with CRLF
/// only.
fn strict_chunked(body: &[u8]) -> bool {
    let mut at = 0;
    loop {
        let Some(nl) = body[at..].iter().position(|&b| b == b'\n') else {
            return false;
        };
        let nl = at + nl;
        if nl == at || body[nl - 1] != b'\r' || body[at..nl - 1].contains(&b'\r') {
            return false;
        }
        let line = String::from_utf8_lossy(&body[at..nl - 1]);
        let size =
            usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        at = nl + 1;
        if size == 0 {
            // Trailer lines, then the empty one, each ended by CRLF.
            let t = &body[at..];
            return t.ends_with(b"\r\n")
                && t.iter().enumerate().all(|(i, &b)| match b {
                    b'\n' => i > 0 && t[i - 1] == b'\r',
                    b'\r' => t.get(i + 1) == Some(&b'\n'),
                    _ => true,
                });
        }
        at += size;
        if body.get(at..at + 2) != Some(b"\r\n") {
            return false;
        }
        at += 2;
    }
}

/// The lines of `buf` up to the first empty one, each ended by LF with an optional CR before
/// it; None until the empty line came.
fn lines(buf: &[u8]) -> Option<(Vec<&[u8]>, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let nl = buf[at..].iter().position(|&b| b == b'\n')? + at;
        let line = &buf[at..nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        at = nl + 1;
        if line.is_empty() {
            return Some((out, at));
        }
        out.push(line);
    }
}

/// A request head at the start of `buf` as a lenient server reads it: bare LF line ends,
/// header names compared regardless of case, white space before a colon ignored.
pub fn lenient_head(buf: &[u8]) -> Option<LenientHead> {
    // Empty lines before a request line are skipped, as RFC 9112 section 2.2 allows.
    let skip = buf
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(buf.len());
    let (ls, len) = lines(&buf[skip..])?;
    let line_end = skip
        + buf[skip..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| {
                if p > 0 && buf[skip + p - 1] == b'\r' {
                    p - 1
                } else {
                    p
                }
            })
            .unwrap_or(0);
    let mut framing = Framing::None;
    for l in ls.iter().skip(1) {
        let Some(colon) = l.iter().position(|&b| b == b':') else {
            continue;
        };
        let name = String::from_utf8_lossy(&l[..colon])
            .trim()
            .to_ascii_lowercase();
        let value = String::from_utf8_lossy(&l[colon + 1..])
            .trim()
            .to_ascii_lowercase();
        if name == "transfer-encoding" && value.contains("chunked") {
            framing = Framing::Chunked;
        } else if name == "content-length" && framing != Framing::Chunked {
            if let Ok(n) = value.parse() {
                framing = Framing::Len(n);
            }
        }
    }
    Some(LenientHead {
        line_end,
        len: skip + len,
        framing,
    })
}

/// The length of a body at the start of `buf` read leniently (chunk lines and trailers ended
/// by a bare LF too), None until all of it came.
pub fn lenient_body(buf: &[u8], framing: Framing) -> Option<usize> {
    match framing {
        Framing::None => Some(0),
        Framing::Len(n) => (buf.len() >= n).then_some(n),
        Framing::Chunked => {
            let mut at = 0;
            loop {
                let nl = buf[at..].iter().position(|&b| b == b'\n')? + at;
                let line = String::from_utf8_lossy(&buf[at..nl]);
                let size = line.split(';').next().unwrap_or("").trim();
                let size = usize::from_str_radix(size, 16).unwrap_or(0);
                at = nl + 1;
                if size == 0 {
                    // Trailers, up to an empty line.
                    let (_, len) = lines(&buf[at..])?;
                    return Some(at + len);
                }
                if buf.len() < at + size {
                    return None;
                }
                at += size;
                // The chunk's line end: CRLF or a bare LF.
                match buf.get(at..)? {
                    [b'\r', b'\n', ..] => at += 2,
                    [b'\n', ..] => at += 1,
                    // Incomplete, or garbage a server would stop at.
                    _ => return None,
                }
            }
        }
    }
}

/// The requests a lenient server reads in `raw` (one connection's bytes): their request lines.
pub fn lenient_requests(raw: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(h) = lenient_head(rest) {
        out.push(
            String::from_utf8_lossy(&rest[..h.line_end])
                .trim()
                .to_string(),
        );
        rest = &rest[h.len..];
        match lenient_body(rest, h.framing) {
            Some(n) => rest = &rest[n..],
            None => break,
        }
    }
    out
}

/// The first segment of a request line's path (`GET /t12/x HTTP/1.1` gives `t12`; for an
/// absolute-form target, of the path after the authority).
pub fn tag_of(line: &str) -> String {
    let target = line.split(' ').nth(1).unwrap_or("");
    let path = match target.find("://") {
        Some(i) => {
            let rest = &target[i + 3..];
            rest.find('/').map(|p| &rest[p..]).unwrap_or("/")
        }
        None => target,
    };
    path.trim_start_matches('/')
        .split(['/', '?'])
        .next()
        .unwrap_or("")
        .to_string()
}

/// Responses in `data`: (status, `X-Tag` value if any), bodies skipped by Content-Length and
/// 1xx answers included.
pub fn tagged_statuses(data: &[u8]) -> Vec<(u16, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(e) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&rest[..e]).to_string();
        let code = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let field = |n: &str| {
            head.lines()
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(n))
                .map(|(_, v)| v.trim().to_string())
        };
        let len = field("content-length")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        out.push((code, field("x-tag")));
        let skip = if (100..200).contains(&code) { 0 } else { len };
        rest = &rest[(e + 4 + skip).min(rest.len())..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_reading_finds_what_hides_behind_a_bare_lf() {
        let raw = b"POST /t1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
        assert_eq!(
            lenient_requests(raw),
            ["POST /t1 HTTP/1.1", "GET /smuggled HTTP/1.1"]
        );
        let raw = b"GET /a HTTP/1.1\nHost: a\n\nGET /b HTTP/1.1\r\n\r\n";
        assert_eq!(
            lenient_requests(raw),
            ["GET /a HTTP/1.1", "GET /b HTTP/1.1"]
        );
        let raw = b"POST /c HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcPOST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n";
        assert_eq!(
            lenient_requests(raw),
            ["POST /c HTTP/1.1", "POST /d HTTP/1.1"]
        );
        assert_eq!(
            strict_requests(b"POST /t1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\nGET /smuggled HTTP/1.1\r\n\r\n"),
            None
        );
        assert_eq!(
            strict_requests(b"POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\nabc\r\n0\r\nT: 1\r\n\r\nGET /d HTTP/1.1\r\n\r\n"),
            Some(vec!["POST /c HTTP/1.1".to_string(), "GET /d HTTP/1.1".to_string()])
        );
        assert_eq!(strict_requests(b"GET /a HTTP/1.1\nHost: a\r\n\r\n"), None);
        assert_eq!(tag_of("GET http://h/t7/x?y HTTP/1.1"), "t7");
        assert_eq!(tag_of("GET /t8?x HTTP/1.1"), "t8");
    }
}
