//! Oracle test of HTTP mode against HAProxy 2.6 (Debian's `/usr/sbin/haproxy`): the same
//! configuration, a corpus of raw requests (valid, edge and malformed: smuggling attempts,
//! huge headers, bad versions, pipelined batches) sent to both on fresh connections; each must
//! get the same status codes and the same error pages byte for byte (HAProxy's raw pages for a
//! head it cannot read, lower-case HTX ones otherwise), and each origin server must receive the
//! same request lines and header lines (names, values and order; `X-Forwarded-For` included).
//!
//! Deliberate differences, each asserted as such so that neither side can drift silently:
//! - `Content-Length` together with `Transfer-Encoding`: HAProxy 2.6 drops the Content-Length,
//!   forwards the chunked body and closes afterwards; `proxy` answers 400. A message framed two
//!   ways is the classic request-smuggling vector, RFC 9112 section 6.1 allows rejecting it,
//!   and the proxy refuses it (400) on purpose.
//! - Obsolete line folding: HAProxy 2.6 joins the lines with spaces and forwards; `proxy`
//!   answers 400. RFC 9112 section 5.2 allows either; the proxy refuses it (400) on purpose (a folded line
//!   is read as a separate header by some servers).
//! - `HTTP/2.0` in an HTTP/1 request line: HAProxy 2.6 forwards it as HTTP/1.1; `proxy`
//!   answers 400. HTTP/2 has no textual request line, so such a line is a malformed or
//!   confused client, not an HTTP/2 one.
//! - A control byte (0x01) in a header value: HAProxy 2.6 forwards it; `proxy` (httparse)
//!   answers 400. RFC 9110 section 5.5 does not allow control characters in field values, and
//!   servers disagree about where such a value ends.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use rustha_harness::httpd::{statuses, Client, Httpd, Recorded};
use rustha_harness::proxy::{free_port, stats_socket_line, Daemon, SideBySide, TempDir};

/// (name, raw request bytes, expected number of responses when all goes well).
fn corpus() -> Vec<(&'static str, Vec<u8>, usize)> {
    let many: String = (0..50).map(|i| format!("X-H{i}: v{i}\r\n")).collect();
    let too_many: String = (0..150).map(|i| format!("X-H{i}: v{i}\r\n")).collect();
    let big = "b".repeat(8000);
    let huge = "h".repeat(20000);
    let v = |s: &str| s.as_bytes().to_vec();
    vec![
        ("get 1.1", v("GET /a HTTP/1.1\r\nHost: o\r\nUser-Agent: t\r\n\r\n"), 1),
        ("get 1.0", v("GET /a HTTP/1.0\r\nHost: o\r\n\r\n"), 1),
        ("get 1.0 keep-alive", v("GET /a HTTP/1.0\r\nHost: o\r\nConnection: keep-alive\r\n\r\n"), 1),
        ("head", v("HEAD /h HTTP/1.1\r\nHost: o\r\n\r\n"), 1),
        ("post content-length", v("POST /p HTTP/1.1\r\nHost: o\r\nContent-Length: 5\r\n\r\nhello"), 1),
        ("post chunked", v("POST /c HTTP/1.1\r\nHost: o\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 1),
        ("chunked ext and trailer", v("POST /c HTTP/1.1\r\nHost: o\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nT: 1\r\n\r\n"), 1),
        ("existing x-forwarded-for", v("GET /x HTTP/1.1\r\nHost: o\r\nX-Forwarded-For: 10.9.8.7\r\n\r\n"), 1),
        ("duplicate equal content-length", v("POST /d HTTP/1.1\r\nHost: o\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"), 1),
        ("odd white space", v("GET /w HTTP/1.1\r\nHost:o\r\nX-A:   spaced   \r\nX-B:\ttab\r\n\r\n"), 1),
        ("fifty headers", format!("GET /m HTTP/1.1\r\nHost: o\r\n{many}\r\n").into_bytes(), 1),
        ("mixed case names", v("GET /mc HTTP/1.1\r\nhOsT: o\r\nX-MiXeD-CaSe: V\r\n\r\n"), 1),
        ("absolute uri", v("GET http://o.example/abs?q=1 HTTP/1.1\r\nHost: o.example\r\n\r\n"), 1),
        ("options star", v("OPTIONS * HTTP/1.1\r\nHost: o\r\n\r\n"), 1),
        ("query and escapes", v("GET /q%20x?a=1&b=%2F HTTP/1.1\r\nHost: o\r\n\r\n"), 1),
        ("connection close", v("GET /cc HTTP/1.1\r\nHost: o\r\nConnection: close\r\n\r\n"), 1),
        ("pipelined gets", v("GET /p1 HTTP/1.1\r\nHost: o\r\n\r\nGET /p2 HTTP/1.1\r\nHost: o\r\n\r\nGET /p3 HTTP/1.1\r\nHost: o\r\n\r\n"), 3),
        ("pipelined post then get", v("POST /pp HTTP/1.1\r\nHost: o\r\nContent-Length: 3\r\n\r\nabcGET /pg HTTP/1.1\r\nHost: o\r\n\r\n"), 2),
        ("expect 100-continue", v("PUT /e HTTP/1.1\r\nHost: o\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata"), 2),
        ("8 KB header", format!("GET /big HTTP/1.1\r\nHost: o\r\nX-Big: {big}\r\n\r\n").into_bytes(), 1),
        ("empty header value", v("GET /ev HTTP/1.1\r\nHost: o\r\nX-Empty:\r\n\r\n"), 1),
        ("no host on 1.1", v("GET /nh HTTP/1.1\r\nUser-Agent: t\r\n\r\n"), 1),
        ("smuggling: content-length and chunked", v("POST /s HTTP/1.1\r\nHost: o\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 1),
        ("smuggling: conflicting content-length", v("POST /s HTTP/1.1\r\nHost: o\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nhello"), 1),
        ("smuggling: content-length list", v("POST /s HTTP/1.1\r\nHost: o\r\nContent-Length: 4, 5\r\n\r\nhello"), 1),
        ("smuggling: obs-fold", v("GET /s HTTP/1.1\r\nHost: o\r\nX-Folded: a\r\n b\r\n\r\n"), 1),
        ("smuggling: space in name", v("GET /s HTTP/1.1\r\nHost: o\r\nTransfer Encoding: chunked\r\n\r\n"), 1),
        ("smuggling: space before colon", v("GET /s HTTP/1.1\r\nHost: o\r\nTransfer-Encoding : chunked\r\n\r\n"), 1),
        ("smuggling: te not chunked last", v("POST /s HTTP/1.1\r\nHost: o\r\nTransfer-Encoding: chunked, identity\r\n\r\n"), 1),
        ("invalid content-length", v("POST /s HTTP/1.1\r\nHost: o\r\nContent-Length: abc\r\n\r\n"), 1),
        ("negative content-length", v("POST /s HTTP/1.1\r\nHost: o\r\nContent-Length: -1\r\n\r\n"), 1),
        ("bad chunk size", v("POST /s HTTP/1.1\r\nHost: o\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"), 1),
        ("huge header", format!("GET /huge HTTP/1.1\r\nHost: o\r\nX-Huge: {huge}\r\n\r\n").into_bytes(), 1),
        ("too many headers", format!("GET /tm HTTP/1.1\r\nHost: o\r\n{too_many}\r\n").into_bytes(), 1),
        ("version HTTP/2.0", v("GET /v HTTP/2.0\r\nHost: o\r\n\r\n"), 1),
        ("version lower case", v("GET /v http/1.1\r\nHost: o\r\n\r\n"), 1),
        ("version missing", v("GET /v\r\nHost: o\r\n\r\n"), 1),
        ("version garbage", v("GET /v HTTP/x.y\r\nHost: o\r\n\r\n"), 1),
        ("control byte in value", v("GET /n HTTP/1.1\r\nHost: o\r\nX-Ctl: a\x01b\r\n\r\n"), 1),
        ("pipelined good then bad", v("GET /g1 HTTP/1.1\r\nHost: o\r\n\r\nGET /g2 HTTP/1.1\r\nHost : o\r\n\r\n"), 2),
        ("websocket without key", v("GET /ws HTTP/1.1\r\nHost: o\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"), 1),
        ("websocket short key", v("GET /ws HTTP/1.1\r\nHost: o\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: YWJj\r\n\r\n"), 1),
        ("upgrade websocket without connection upgrade", v("GET /ws HTTP/1.1\r\nHost: o\r\nUpgrade: websocket\r\n\r\n"), 1),
    ]
}

/// The known, justified differences: (case name, HAProxy's statuses, proxy's statuses).
const DIFFERENT: &[(&str, &[u16], &[u16])] = &[
    ("smuggling: content-length and chunked", &[200], &[400]),
    ("smuggling: obs-fold", &[200], &[400]),
    ("version HTTP/2.0", &[200], &[400]),
    ("control byte in value", &[200], &[400]),
];

/// Send `data` on a new connection; read until `n` responses arrived, the peer closed, or
/// nothing came for a while. The statuses, and each error page (status 400 and up) byte for
/// byte: its head and body.
fn exchange(addr: SocketAddr, data: &[u8], n: usize) -> (Vec<u16>, Vec<String>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let _ = s.write_all(data);
    let mut out = Vec::new();
    let mut last = Instant::now();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => {
                out.extend_from_slice(&buf[..k]);
                last = Instant::now();
                let st = statuses(&out);
                if st.iter().filter(|c| **c >= 200).count() >= n && out.ends_with(b"\n") {
                    // One more short read: a 100 Continue may still be followed by more.
                    std::thread::sleep(Duration::from_millis(30));
                    if let Ok(k) = s.read(&mut buf) {
                        out.extend_from_slice(&buf[..k]);
                    }
                    break;
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if last.elapsed() > Duration::from_millis(1500) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    (statuses(&out), error_pages(&out))
}

/// The error pages in a stream of responses: from a status line of 400 or more to the end of
/// the page's HTML.
fn error_pages(out: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(out);
    let mut pages = Vec::new();
    let mut rest = &text[..];
    while let Some(i) = rest.find("HTTP/1.1 ") {
        rest = &rest[i..];
        let end = rest.find("</html>\n").map_or(rest.len(), |e| e + 8);
        if rest[9..].starts_with(['4', '5']) {
            pages.push(rest[..end].to_string());
        }
        rest = &rest[9..];
    }
    pages
}

fn config(front: u16, origin: SocketAddr, socket: Option<&std::path::Path>) -> String {
    let sock = stats_socket_line(socket);
    format!(
        "global
    maxconn 1000
{sock}defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
    timeout http-request 3s
listen web
    bind 127.0.0.1:{front}
    option forwardfor
    server s {origin}
"
    )
}

fn new_requests(h: &Httpd, seen: &mut usize) -> Vec<Recorded> {
    let all = h.requests();
    let out = all[*seen..].to_vec();
    *seen = all.len();
    out
}

#[test]
fn http_corpus_matches_haproxy_26() {
    let d = TempDir::new("proxy-http-oracle");
    let op = Httpd::start("127.0.0.1", 0, "origin");
    let oh = Httpd::start("127.0.0.1", 0, "origin");
    let both = SideBySide::start(
        &d,
        |f| config(f, op.addr, None),
        |f, sock| config(f, oh.addr, Some(sock)),
    );
    let (mut sp, mut sh) = (0, 0);
    let mut mismatches = Vec::new();
    let cases = corpus();
    assert!(cases.len() >= 30);
    for (name, data, n) in &cases {
        let (got_p, pages_p) = exchange(both.proxy_at, data, *n);
        let (got_h, pages_h) = exchange(both.haproxy_at, data, *n);
        // The origin records before answering: both lists are complete here.
        let rp = new_requests(&op, &mut sp);
        let rh = new_requests(&oh, &mut sh);
        if let Some((_, h, p)) = DIFFERENT.iter().find(|(c, _, _)| c == name) {
            assert_eq!(
                (got_h.as_slice(), got_p.as_slice()),
                (*h, *p),
                "{name}: the documented difference changed"
            );
            assert!(rp.is_empty(), "{name}: proxy forwarded a rejected request");
            continue;
        }
        println!("{name}: haproxy {got_h:?} proxy {got_p:?}");
        if got_p != got_h {
            mismatches.push(format!("{name}: status haproxy {got_h:?}, proxy {got_p:?}"));
        }
        if pages_p != pages_h {
            mismatches.push(format!(
                "{name}: error pages\n  haproxy {pages_h:?}\n  proxy   {pages_p:?}"
            ));
        }
        if heads(&rp) != heads(&rh) {
            mismatches.push(format!(
                "{name}: origin saw\n  haproxy {:?}\n  proxy   {:?}",
                heads(&rh),
                heads(&rp)
            ));
        }
        let bodies = |r: &[Recorded]| r.iter().map(|x| x.body.clone()).collect::<Vec<_>>();
        if bodies(&rp) != bodies(&rh) {
            mismatches.push(format!("{name}: request bodies differ"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} difference(s) from HAProxy 2.6:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

fn rules_config(
    front: u16,
    api: SocketAddr,
    web: SocketAddr,
    socket: Option<&std::path::Path>,
) -> String {
    let sock = stats_socket_line(socket);
    format!(
        "global
    maxconn 1000
{sock}defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:{front}
    acl is_api path_beg /api/
    acl is_v path_reg ^/v[0-9]+/
    acl host_admin hdr(host) -i admin.example
    acl post method POST
    acl local src 127.0.0.0/8
    acl php path_end .php
    http-request deny if php
    http-request deny deny_status 400 if {{ path_beg /bad }}
    http-request redirect location /new code 301 if {{ path /moved }}
    http-request redirect prefix /pfx if {{ path_beg /old }}
    http-request redirect scheme https code 302 if {{ path_beg /secure }}
    http-request set-header X-Set one
    http-request add-header X-Added two
    http-request del-header X-Secret
    option forwardfor header X-Client
    use_backend api if is_api post || host_admin || is_v
    use_backend api if {{ hdr_beg(host) api. }} local !php
    use_backend web unless local
    default_backend web
backend api
    server s {api}
backend web
    option forwardfor except 127.0.0.0/8
    server s {web}
"
    )
}

/// Status and `Location` of each response.
fn exchange_full(addr: SocketAddr, data: &[u8]) -> Vec<(u16, String)> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(400)))
        .unwrap();
    let _ = s.write_all(data);
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    while let Ok(k) = s.read(&mut buf) {
        if k == 0 {
            break;
        }
        out.extend_from_slice(&buf[..k]);
    }
    let text = String::from_utf8_lossy(&out).to_string();
    let codes = statuses(&out);
    let locations: Vec<String> = text
        .split("\r\n\r\n")
        .filter(|h| h.starts_with("HTTP/"))
        .map(|h| {
            h.lines()
                .find_map(|l| {
                    l.split_once(':')
                        .filter(|(k, _)| k.eq_ignore_ascii_case("location"))
                })
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        })
        .collect();
    codes
        .into_iter()
        .zip(
            locations
                .into_iter()
                .chain(std::iter::repeat(String::new())),
        )
        .collect()
}

#[test]
fn acls_rules_and_forwardfor_match_haproxy_26() {
    let d = TempDir::new("proxy-http-oracle-rules");
    let (api_p, web_p) = (
        Httpd::start("127.0.0.1", 0, "api"),
        Httpd::start("127.0.0.1", 0, "web"),
    );
    let (api_h, web_h) = (
        Httpd::start("127.0.0.1", 0, "api"),
        Httpd::start("127.0.0.1", 0, "web"),
    );
    let both = SideBySide::start(
        &d,
        |f| rules_config(f, api_p.addr, web_p.addr, None),
        |f, sock| rules_config(f, api_h.addr, web_h.addr, Some(sock)),
    );
    let cases: &[&str] = &[
        "POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        "GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /v2/list?x=1 HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /x HTTP/1.1\r\nHost: ADMIN.Example\r\n\r\n",
        "GET /x HTTP/1.1\r\nHost: api.example\r\n\r\n",
        "GET /x.php HTTP/1.1\r\nHost: api.example\r\n\r\n",
        "GET /bad/thing HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /moved HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /moved?q=1 HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /old/page?q=1 HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /secure/x HTTP/1.1\r\nHost: shop.example\r\n\r\n",
        "GET /h HTTP/1.1\r\nHost: a\r\nX-Secret: s\r\nX-Set: zero\r\nX-Set: minus\r\nX-Added: one\r\n\r\n",
        "GET /ff HTTP/1.1\r\nHost: a\r\nX-Client: 1.2.3.4\r\nX-Forwarded-For: 5.6.7.8\r\n\r\n",
        "GET /pipe1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /api/pipe2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nokGET /x.php HTTP/1.1\r\nHost: a\r\n\r\n",
    ];
    let (mut s1, mut s2, mut s3, mut s4) = (0, 0, 0, 0);
    let mut mismatches = Vec::new();
    for case in cases {
        let name = case.lines().next().unwrap_or("");
        let got_p = exchange_full(both.proxy_at, case.as_bytes());
        let got_h = exchange_full(both.haproxy_at, case.as_bytes());
        let (ap, wp) = (
            heads(&new_requests(&api_p, &mut s1)),
            heads(&new_requests(&web_p, &mut s2)),
        );
        let (ah, wh) = (
            heads(&new_requests(&api_h, &mut s3)),
            heads(&new_requests(&web_h, &mut s4)),
        );
        println!("{name}: haproxy {got_h:?} proxy {got_p:?}");
        if got_p != got_h {
            mismatches.push(format!(
                "{name}: responses haproxy {got_h:?}, proxy {got_p:?}"
            ));
        }
        if (&ap, &wp) != (&ah, &wh) {
            mismatches.push(format!(
                "{name}: origins saw\n  haproxy api {ah:?} web {wh:?}\n  proxy   api {ap:?} web {wp:?}"
            ));
        }
    }
    // The same requests and responses counted alike: hrsp_1xx..hrsp_other and req_tot of every
    // frontend, backend and server row.
    let counters = |d: &Daemon| -> Vec<(String, Vec<String>)> {
        d.stat()
            .into_iter()
            .filter(|r| r.len() > 48)
            .map(|r| {
                (
                    format!("{}/{}", r[0], r[1]),
                    r[39..45].iter().chain([&r[48]]).cloned().collect(),
                )
            })
            .collect()
    };
    let (cp_, ch_) = (counters(&both.proxy), counters(&both.haproxy));
    println!("hrsp_1xx..hrsp_other, req_tot: haproxy {ch_:?}\nproxy {cp_:?}");
    if cp_ != ch_ {
        mismatches.push(format!("HTTP counters: haproxy {ch_:?}\n  proxy   {cp_:?}"));
    }
    assert!(
        mismatches.is_empty(),
        "{} difference(s) from HAProxy 2.6:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// `option httplog` lines, normalised: the syslog header, client port, date, timers and byte
/// count removed (HAProxy counts the bytes of its internal HTX representation, not of the
/// wire, so its byte count is not comparable). Everything else must be equal: frontend,
/// backend/server, status, captures, termination state, connection and queue counts, request.
fn httplog_lines(sock: &std::net::UdpSocket) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = sock.recv(&mut buf) {
        let line = String::from_utf8_lossy(&buf[..n]).to_string();
        let Some((_, msg)) = line.split_once("]: ") else {
            continue;
        };
        let f: Vec<&str> = msg.trim_end().split(' ').collect();
        if f.len() < 12 || !f[1].starts_with('[') {
            continue;
        }
        let ip = f[0].rsplit_once(':').map(|(ip, _)| ip).unwrap_or(f[0]);
        let timers: Vec<&str> = f[4].split('/').collect();
        // Which timers were measured (-1 means "never reached") is comparable; values are not.
        let reached: Vec<&str> = timers
            .iter()
            .map(|t| if t.starts_with('-') { "-1" } else { "t" })
            .collect();
        let mut norm = vec![
            ip.to_string(),
            f[2].to_string(),
            f[3].to_string(),
            reached.join("/"),
            f[5].to_string(),
        ];
        norm.extend(f[7..].iter().map(|s| s.to_string()));
        out.push(norm.join(" "));
    }
    out
}

#[test]
fn httplog_lines_match_haproxy_26() {
    let d = TempDir::new("proxy-http-oracle-log");
    let origin_p = Httpd::start("127.0.0.1", 0, "o");
    let origin_h = Httpd::start("127.0.0.1", 0, "o");
    let dead = free_port();
    let (up, uh) = (
        std::net::UdpSocket::bind("127.0.0.1:0").unwrap(),
        std::net::UdpSocket::bind("127.0.0.1:0").unwrap(),
    );
    for u in [&up, &uh] {
        u.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
    }
    let cfg =
        |front: u16, origin: SocketAddr, log: SocketAddr, socket: Option<&std::path::Path>| {
            let sock = stats_socket_line(socket);
            format!(
                "global
    log {log} local0
{sock}defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend web
    bind 127.0.0.1:{front}
    http-request deny if {{ path_beg /deny }}
    use_backend dead if {{ path_beg /dead }}
    default_backend app
backend app
    server s1 {origin}
backend dead
    retries 0
    server s2 127.0.0.1:{dead}
"
            )
        };
    let both = SideBySide::start(
        &d,
        |f| cfg(f, origin_p.addr, up.local_addr().unwrap(), None),
        |f, sock| cfg(f, origin_h.addr, uh.local_addr().unwrap(), Some(sock)),
    );
    let requests: &[&[u8]] = &[
        b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
        b"GET /deny HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /dead HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nHo st: x\r\n\r\n",
    ];
    for r in requests {
        exchange(both.proxy_at, r, 1);
        exchange(both.haproxy_at, r, 1);
    }
    std::thread::sleep(Duration::from_millis(300));
    let (lp, lh) = (httplog_lines(&up), httplog_lines(&uh));
    println!(
        "haproxy:\n  {}\nproxy:\n  {}",
        lh.join("\n  "),
        lp.join("\n  ")
    );
    assert_eq!(lp.len(), requests.len(), "one line per request");
    assert_eq!(lp, lh);
}

/// HAProxy and the proxy on the same HTTP configuration: `mode http` defaults with short
/// timeouts and `defaults` (lines of the defaults section), then `rest(port, for HAProxy)`;
/// HAProxy gets its stats socket.
fn http_side_by_side(
    d: &TempDir,
    defaults: &str,
    rest: impl Fn(u16, bool) -> String,
) -> SideBySide {
    let cfg = |front: u16, sock: Option<&std::path::Path>| {
        let global = sock
            .map(|s| format!("global\n    stats socket {} level admin\n", s.display()))
            .unwrap_or_default();
        format!(
            "{global}defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n{defaults}{}",
            rest(front, sock.is_some())
        )
    };
    SideBySide::start(d, |f| cfg(f, None), |f, sock| cfg(f, Some(sock)))
}

/// [`http_side_by_side`] with an origin server for each side: `rest(port, origin address)`.
/// Returns both proxies, the proxy's origin and HAProxy's.
fn with_origins(
    d: &TempDir,
    rest: impl Fn(u16, SocketAddr) -> String,
) -> (SideBySide, Httpd, Httpd) {
    let (origin_p, origin_h) = (
        Httpd::start("127.0.0.1", 0, "origin"),
        Httpd::start("127.0.0.1", 0, "origin"),
    );
    let (ap, ah) = (origin_p.addr, origin_h.addr);
    let both = http_side_by_side(d, "", |front, haproxy| {
        rest(front, if haproxy { ah } else { ap })
    });
    (both, origin_p, origin_h)
}

/// [`with_origins`] for a frontend with `fe`'s lines and a backend with `be`'s and its one
/// server, after a `global` section with `global`'s line (if any).
fn frontend_and_backend(
    d: &TempDir,
    global: &str,
    fe: &str,
    be: &str,
) -> (SideBySide, Httpd, Httpd) {
    let global = if global.is_empty() {
        String::new()
    } else {
        format!("global\n    {global}\n")
    };
    with_origins(d, |front, origin| {
        format!(
            "{global}frontend f\n    bind 127.0.0.1:{front}\n    {fe}\n    default_backend b\nbackend b\n    {be}\n    server s {origin}\n"
        )
    })
}

/// The heads of recorded requests (request line and header lines).
fn heads(r: &[Recorded]) -> Vec<String> {
    r.iter().map(|x| x.head.clone()).collect()
}

/// Everything `addr` sends on one connection after `data` (until it closes or is quiet for
/// 400 ms), and whether it closed.
fn raw_answer(addr: SocketAddr, data: &[u8]) -> (Vec<u8>, bool) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(400)))
        .unwrap();
    s.write_all(data).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (out, true),
            Ok(k) => out.extend_from_slice(&buf[..k]),
            Err(_) => return (out, false),
        }
    }
}

/// The same bytes, and the same close or not, from both for request `r`.
fn same_raw_answer(both: &SideBySide, r: &str) {
    let (p, h) = (
        raw_answer(both.proxy_at, r.as_bytes()),
        raw_answer(both.haproxy_at, r.as_bytes()),
    );
    assert_eq!(
        (String::from_utf8_lossy(&p.0), p.1),
        (String::from_utf8_lossy(&h.0), h.1),
        "{r:?}: proxy, then HAProxy 2.6 (answer, closed)"
    );
}

/// Pages the proxy makes itself (a deny, no server, the stats page) answer a `HEAD` without
/// their body, which a client would otherwise read as the start of the next response, and tell
/// an HTTP/1.0 client that the connection stays open (`connection: keep-alive`), without which
/// it waits for a close that does not come: the same bytes as HAProxy 2.6's.
#[test]
fn pages_the_proxy_makes_fit_head_and_http10_requests_like_haproxy_26() {
    let d = TempDir::new("proxy-http-oracle-pages");
    let both = http_side_by_side(&d, "", |front, _| {
        format!(
            "frontend f
    bind 127.0.0.1:{front}
    stats enable
    stats uri /st
    http-request deny if {{ path_beg /deny }}
    default_backend empty
backend empty
"
        )
    });
    let pages: &[&str] = &[
        "HEAD /none HTTP/1.1\r\nHost: a\r\n\r\n",
        "HEAD /deny HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /none HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET /deny HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET /deny HTTP/1.0\r\n\r\n",
        "GET /none HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ];
    for r in pages {
        same_raw_answer(&both, r);
    }
    // The stats page is the one deliberate difference (a length where HAProxy streams
    // chunks): compared by its framing only.
    for r in [
        "HEAD /st;csv HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /st;csv HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ] {
        for (who, at) in [("proxy", both.proxy_at), ("HAProxy", both.haproxy_at)] {
            let (out, closed) = raw_answer(at, r.as_bytes());
            let text = String::from_utf8_lossy(&out);
            let (head, body) = text.split_once("\r\n\r\n").expect("a whole head");
            assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{who}: {text}");
            assert!(!closed, "{who} closed after {r:?}");
            if r.starts_with("HEAD") {
                assert!(body.is_empty(), "{who} sent a body to a HEAD: {body:?}");
            } else {
                assert!(
                    head.ends_with("\r\nconnection: keep-alive")
                        || head.contains("\r\nconnection: keep-alive\r\n"),
                    "{who}: {head}"
                );
            }
        }
    }
}

/// `errorfile` pages, compared byte for byte with HAProxy 2.6 serving the same files: the
/// backend's before the frontend's before those of `defaults`; Debian's stock pages
/// (HTTP/1.0, no length: the connection closes); a page with a length (the connection stays
/// open, `connection: keep-alive` for an HTTP/1.0 message); one without (`connection: close`);
/// an empty one (closed without an answer); `deny_status` picking a page; `HEAD` getting no
/// body; `errorloc`/`errorloc303` redirections; and a request head that does not parse
/// getting the multiplexer's built-in 400 even with an `errorfile 400`, as in HAProxy 2.6.
#[test]
fn errorfile_pages_match_haproxy_26() {
    let d = TempDir::new("proxy-http-oracle-errorfile");
    let file = |name: &str, text: &str| d.write(name, text).display().to_string();
    let debian = |code: u16, status: &str, text: &str| {
        let body = format!("<html><body><h1>{code} {status}</h1>\n{text}\n</body></html>\n");
        file(
            &format!("{code}.http"),
            &format!("HTTP/1.0 {code} {status}\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n{body}"),
        )
    };
    let e400 = debian(400, "Bad request", "Your browser sent an invalid request.");
    let e403 = debian(
        403,
        "Forbidden",
        "Request forbidden by administrative rules.",
    );
    let e503 = debian(503, "Service Unavailable", "No server is available.");
    let busy = file(
        "busy.http",
        "HTTP/1.1 503 Busy\r\nX-A:  1 \r\nContent-Length: 4\r\n\r\nbusy",
    );
    let nope = file(
        "nope.http",
        "HTTP/1.1 403 Nope\nX-Custom: A\nContent-Length: 5\n\nnope\n",
    );
    let nolen = file(
        "nolen.http",
        "HTTP/1.1 503 Busy\r\nX-A: 1\r\nConnection: keep-alive\r\n\r\nbody without length\n",
    );
    let v10 = file("v10.http", "HTTP/1.0 503 A\r\nContent-Length: 3\r\n\r\nabc");
    let empty = file("empty.http", "");
    let defaults =
        format!("    errorfile 400 {e400}\n    errorfile 403 {e403}\n    errorfile 503 {e503}\n");
    let both = http_side_by_side(&d, &defaults, |front, _| {
        format!(
            "frontend f
    bind 127.0.0.1:{front}
    http-request deny if {{ path_beg /deny }}
    use_backend cl if {{ path_beg /cl }}
    use_backend nolen if {{ path_beg /nl }}
    use_backend v10 if {{ path_beg /v10 }}
    use_backend empty if {{ path_beg /empty }}
    use_backend loc if {{ path_beg /loc }}
    default_backend none
backend none
backend cl
    http-request deny deny_status 500 if {{ path_beg /cl/deny }}
    errorfile 503 {busy}
    errorfile 500 {nope}
backend nolen
    errorfile 503 {nolen}
backend v10
    errorfile 503 {v10}
backend empty
    errorfile 503 {empty}
backend loc
    errorloc303 503 /sorry?x=1
    errorloc 500 http://example.test/down
    http-request deny deny_status 500 if {{ path_beg /loc/deny }}
"
        )
    });
    let mut requests = Vec::new();
    for path in [
        "/",
        "/deny",
        "/cl",
        "/cl/deny",
        "/nl",
        "/v10",
        "/empty",
        "/loc",
        "/loc/deny",
    ] {
        requests.push(format!("GET {path} HTTP/1.1\r\nHost: a\r\n\r\n"));
        requests.push(format!("HEAD {path} HTTP/1.1\r\nHost: a\r\n\r\n"));
        requests.push(format!(
            "GET {path} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
        ));
    }
    requests.push("GET / HTTP/1.1\r\nHost a\r\n\r\n".into());
    for r in &requests {
        same_raw_answer(&both, r);
    }
}

/// `monitor-uri`: exactly that target (the path of an absolute URI, the query included) gets
/// the 200 page before any rule, whatever the rules would do with it; anything else goes on as
/// usual. Compared byte for byte with HAProxy 2.6, but for one difference (below).
#[test]
fn monitor_uri_answers_like_haproxy_26() {
    let d = TempDir::new("proxy-http-oracle-monitor");
    let (both, origin_p, origin_h) = with_origins(&d, |front, origin| {
        format!(
            "frontend f
    bind 127.0.0.1:{front}
    monitor-uri /up
    http-request deny if {{ path_beg /up/x }}
    http-request deny if {{ hdr(x-deny) -m found }}
    default_backend b
backend b
    server s {origin}
"
        )
    });
    for r in [
        "GET /up HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /up HTTP/1.1\r\nHost: a\r\nX-Deny: 1\r\n\r\n",
        "GET /up/x HTTP/1.1\r\nHost: a\r\n\r\n",
        "HEAD /up HTTP/1.0\r\n\r\n",
        "GET http://h.example/up HTTP/1.1\r\nHost: h.example\r\n\r\n",
    ] {
        same_raw_answer(&both, r);
    }
    // One difference: to a request with a body, HAProxy reads the body and keeps the
    // connection; the proxy answers and closes, as after every answer it makes before a body
    // (nothing of the body can then be read as a next request).
    let post = "POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
    let (p, closed) = raw_answer(both.proxy_at, post.as_bytes());
    let (h, _) = raw_answer(both.haproxy_at, post.as_bytes());
    let p = String::from_utf8_lossy(&p).replace("connection: close\r\n", "");
    assert_eq!(p, String::from_utf8_lossy(&h));
    assert!(closed);
    // Not the monitor's target: the server answers.
    let mut seen = (0, 0);
    for r in [
        "GET /up?x=1 HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /upx HTTP/1.1\r\nHost: a\r\n\r\n",
    ] {
        let p = exchange_full(both.proxy_at, r.as_bytes());
        let h = exchange_full(both.haproxy_at, r.as_bytes());
        assert_eq!(p, h, "{r:?}");
        assert_eq!(p.first().map(|x| x.0), Some(200), "{r:?}");
        let (np, nh) = (
            new_requests(&origin_p, &mut seen.0),
            new_requests(&origin_h, &mut seen.1),
        );
        assert_eq!(
            (np.len(), nh.len()),
            (1, 1),
            "{r:?} reaches the server once"
        );
    }
}

/// What one side did with two keep-alive clients of two requests each, one client after the
/// other: per request, the status, the `connection` header of the response and whether the
/// client's connection then closed; per request the server got, which of its connections
/// carried it and the `connection` header it had.
fn connection_pattern(front: SocketAddr, origin: &Httpd) -> (Vec<String>, Vec<String>) {
    let mut client_side = Vec::new();
    for c in 0..2 {
        let mut cl = Client::connect(front, None);
        for r in 0..2 {
            let (status, head, _) =
                cl.request(&format!("GET /c{c}/r{r} HTTP/1.1\r\nHost: a\r\n\r\n"));
            let conn: Vec<&str> = head
                .lines()
                .filter(|l| l.to_ascii_lowercase().starts_with("connection:"))
                .collect();
            let closed = cl.closed_within(Duration::from_millis(150));
            client_side.push(format!("{status} {conn:?} closed={closed}"));
            if closed {
                break;
            }
        }
    }
    std::thread::sleep(Duration::from_millis(100));
    let server_side = origin
        .requests()
        .iter()
        .map(|q| format!("conn{} {} {:?}", q.conn, q.line(), q.header("connection")))
        .collect();
    (client_side, server_side)
}

/// `http-reuse never/safe/aggressive/always` and `option http-keep-alive/http-server-close/
/// httpclose` in the frontend or the backend: the same server connections carrying the same
/// requests with the same `connection` headers, and the same client connections kept or
/// closed, as with HAProxy 2.6. One thread each: the proxy's idle connections belong to the
/// thread that used them, while HAProxy's threads also take over each other's.
#[test]
fn connection_modes_and_http_reuse_match_haproxy_26() {
    for (fe, be) in [
        ("", "http-reuse never"),
        ("", "http-reuse safe"),
        ("", "http-reuse aggressive"),
        ("", "http-reuse always"),
        ("", "option http-server-close"),
        ("", "option httpclose"),
        ("option httpclose", ""),
        ("option http-server-close", ""),
        ("option httpclose", "option http-keep-alive"),
        ("option http-keep-alive", "no option httpclose"),
    ] {
        let d = TempDir::new("proxy-http-oracle-modes");
        let (both, origin_p, origin_h) = frontend_and_backend(&d, "nbthread 1", fe, be);
        let p = connection_pattern(both.proxy_at, &origin_p);
        let h = connection_pattern(both.haproxy_at, &origin_h);
        assert_eq!(
            p, h,
            "frontend {fe:?}, backend {be:?}: proxy, then HAProxy 2.6"
        );
    }
}

/// `option originalto` (the address the client connected to, in `X-Original-To` or the
/// header it names, not for destinations in its `except` network; the backend's before the
/// frontend's) beside `option forwardfor`: the server gets the same header lines as from
/// HAProxy 2.6.
#[test]
fn originalto_matches_haproxy_26() {
    for (fe, be) in [
        ("option forwardfor\n    option originalto", ""),
        ("option originalto", "option originalto header X-Dst"),
        ("", "option originalto except 127.0.0.0/8"),
        ("option originalto header X-Dst except 10.0.0.0/8", ""),
    ] {
        let d = TempDir::new("proxy-http-oracle-originalto");
        let (both, origin_p, origin_h) = frontend_and_backend(&d, "", fe, be);
        let req = "GET /o HTTP/1.1\r\nHost: a\r\nX-Original-To: 192.0.2.1\r\n\r\n";
        for at in [both.proxy_at, both.haproxy_at] {
            assert_eq!(
                exchange_full(at, req.as_bytes()).first().map(|r| r.0),
                Some(200)
            );
        }
        assert_eq!(
            heads(&origin_p.requests()),
            heads(&origin_h.requests()),
            "frontend {fe:?}, backend {be:?}: proxy, then HAProxy 2.6"
        );
    }
}

/// `http-send-name-header`: the server gets its own name in the header (a header of that name
/// from the client is removed), last of the headers, as from HAProxy 2.6, whichever server
/// round robin picks.
#[test]
fn send_name_header_matches_haproxy_26() {
    let d = TempDir::new("proxy-http-oracle-name");
    let origins: Vec<Httpd> = (0..4)
        .map(|_| Httpd::start("127.0.0.1", 0, "origin"))
        .collect();
    let both = http_side_by_side(&d, "", |front, haproxy| {
        let (a, b) = if haproxy {
            (origins[2].addr, origins[3].addr)
        } else {
            (origins[0].addr, origins[1].addr)
        };
        format!(
            "frontend f\n    bind 127.0.0.1:{front}\n    option forwardfor\n    default_backend b\nbackend b\n    http-send-name-header X-Srv\n    server alpha {a}\n    server beta {b}\n"
        )
    });
    for at in [both.proxy_at, both.haproxy_at] {
        let mut c = Client::connect(at, None);
        for i in 0..3 {
            let (status, _, _) = c.request(&format!(
                "GET /{i} HTTP/1.1\r\nHost: a\r\nX-Srv: forged\r\nX-After: 1\r\n\r\n"
            ));
            assert_eq!(status, 200);
        }
    }
    for (p, h) in [(0, 2), (1, 3)] {
        assert_eq!(
            heads(&origins[p].requests()),
            heads(&origins[h].requests()),
            "proxy, then HAProxy 2.6"
        );
    }
    assert!(
        heads(&origins[0].requests())[0].ends_with("\nx-srv: alpha"),
        "{:?}",
        heads(&origins[0].requests())
    );
}
