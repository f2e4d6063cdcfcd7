//! Health checks, on their own thread (never on the data path): TCP connect, `option httpchk`
//! with `http-check expect` and `disable-on-404`, or `option sip-check` (a SIP `OPTIONS` over
//! UDP for `mode udp`, else TCP), to the server's address or its `addr`/`port` override; scheduled after each completed check with `inter`/`fastinter`/`downinter`; bounded by
//! `inter` or by `timeout connect` + `timeout check` as HAProxy does; closed with a reset.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::watch;

use crate::config::{Expect, Mode, Proxy, SipCheck};
use crate::runtime::health::{Outcome, Transition};
use crate::runtime::lock;
use crate::runtime::state::{CheckResult, Runtime, Server};

/// Body bytes looked at by `string`/`rstring`.
const BODY_LIMIT: usize = 16 * 1024;

/// Start one check task per checked server of `rt` on the current runtime; they stop when
/// `stop` turns true.
pub fn spawn_all(rt: &Arc<Runtime>, stop: &watch::Receiver<bool>) {
    let checked: Vec<(Arc<Server>, Arc<Proxy>)> = rt
        .backends
        .iter()
        .flat_map(|b| {
            b.servers
                .iter()
                .filter(|s| s.cfg.check && s.cfg.track.is_none() && s.check_addr.is_some())
                .map(move |s| (s.clone(), b.cfg.clone()))
        })
        .collect();
    let n = checked.len().max(1) as u32;
    let min_inter = checked
        .iter()
        .map(|(s, _)| s.cfg.inter)
        .min()
        .unwrap_or_default();
    for (i, (srv, p)) in checked.into_iter().enumerate() {
        // Spread first checks over the smallest interval, like HAProxy.
        let first = min_inter * i as u32 / n;
        let rt = rt.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = check_loop(rt, srv, p, first) => {}
                _ = stop.wait_for(|s| *s) => {}
            }
        });
    }
}

async fn check_loop(rt: Arc<Runtime>, srv: Arc<Server>, p: Arc<Proxy>, first: Duration) {
    tokio::time::sleep(first).await;
    loop {
        if lock(&srv.detail).maint {
            // Checks pause in maintenance; leaving it is followed by a check at once, as in
            // HAProxy, so poll the flag briefly rather than sleeping a whole interval.
            tokio::time::sleep(srv.cfg.inter.min(Duration::from_millis(20))).await;
            continue;
        }
        let started = Instant::now();
        let (outcome, mut result) = run_check(&srv, &p).await;
        result.duration = Some(started.elapsed());
        let (transition, next) = {
            let mut d = lock(&srv.detail);
            if outcome == Outcome::Fail && d.health.health > 0 {
                d.chkfail += 1;
            }
            let t = d.health.apply(outcome);
            d.check = result.clone();
            (
                t,
                d.health
                    .interval(srv.cfg.inter, srv.cfg.fastinter, srv.cfg.downinter),
            )
        };
        // HAProxy's wording: "Layer7 wrong status, code: 503, info: "Service Unavailable",
        // check duration: 1ms".
        let reason = format!(
            "{}{}{}, check duration: {}ms",
            status_description(result.status),
            result
                .code
                .map(|c| format!(", code: {c}"))
                .unwrap_or_default(),
            if result.desc.is_empty() {
                String::new()
            } else {
                format!(", info: \"{}\"", result.desc)
            },
            result.duration.unwrap_or_default().as_millis()
        );
        if transition != Transition::None || outcome == Outcome::CondPass {
            rt.refresh(&srv, &reason);
        } else if let Some(b) = rt.backend(&srv.backend) {
            // NOLB <-> UP changes do not flip the operational state but do change usability.
            if srv.usable.load(std::sync::atomic::Ordering::Relaxed)
                != (outcome == Outcome::Pass && srv.operational())
            {
                b.rebuild();
            }
        }
        tokio::time::sleep(next).await;
    }
}

/// Run one check; never longer than its bounds.
pub async fn run_check(srv: &Server, p: &Proxy) -> (Outcome, CheckResult) {
    let Some(addr) = srv.check_addr else {
        return (Outcome::Fail, result("SOCKERR", None, "no address"));
    };
    let t = p.timeouts;
    let (connect_to, read_to) = match t.check {
        Some(c) => (t.connect.unwrap_or(srv.cfg.inter).min(srv.cfg.inter), c),
        None => (srv.cfg.inter, srv.cfg.inter),
    };
    let whole = if t.check.is_some() {
        connect_to + read_to
    } else {
        srv.cfg.inter
    };
    match tokio::time::timeout(whole, check_once(addr, p, connect_to)).await {
        Ok(r) => r,
        Err(_) => {
            if p.httpchk.is_some() || p.sipchk.is_some() {
                (Outcome::Fail, result("L7TOUT", None, ""))
            } else {
                (Outcome::Fail, result("L4TOUT", None, ""))
            }
        }
    }
}

/// HAProxy's description of a check status code (its `check_desc` stats column and the reason
/// of its health logs).
pub fn status_description(code: &str) -> &'static str {
    match code {
        "INI" => "Initializing",
        "SOCKERR" => "Socket error",
        "L4OK" => "Layer4 check passed",
        "L4TOUT" => "Layer4 timeout",
        "L4CON" => "Layer4 connection problem",
        "L6OK" => "Layer6 check passed",
        "L6TOUT" => "Layer6 timeout",
        "L6RSP" => "Layer6 invalid response",
        "L7TOUT" => "Layer7 timeout",
        "L7RSP" => "Layer7 invalid response",
        "L7OK" => "Layer7 check passed",
        "L7OKC" => "Layer7 check conditionally passed",
        "L7STS" => "Layer7 wrong status",
        _ => "Unknown",
    }
}

/// A check's result. `desc` is HAProxy's `last_chk`: the detail a failure carries (the system
/// error, the response's reason phrase), empty when the status says it all (passes, timeouts,
/// responses that are not HTTP).
fn result(status: &'static str, code: Option<u16>, desc: &str) -> CheckResult {
    CheckResult {
        status,
        code,
        duration: None,
        desc: desc.to_string(),
    }
}

async fn connect(addr: SocketAddr, timeout: Duration) -> Result<TcpStream, CheckResult> {
    let sock = if addr.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    }
    .map_err(|e| result("SOCKERR", None, &e.to_string()))?;
    match tokio::time::timeout(timeout, sock.connect(addr)).await {
        Ok(Ok(s)) => {
            // HAProxy closes check connections with a reset, so servers see no TIME_WAIT pile-up.
            let _ = socket2::SockRef::from(&s).set_linger(Some(Duration::ZERO));
            Ok(s)
        }
        Ok(Err(e)) if e.kind() == io::ErrorKind::ConnectionRefused => {
            Err(result("L4CON", None, "Connection refused"))
        }
        Ok(Err(e)) => Err(result("L4CON", None, &e.to_string())),
        Err(_) => Err(result("L4TOUT", None, "")),
    }
}

async fn check_once(addr: SocketAddr, p: &Proxy, connect_to: Duration) -> (Outcome, CheckResult) {
    if let Some(sip) = &p.sipchk {
        return sip_check(addr, p, sip, connect_to).await;
    }
    let mut s = match connect(addr, connect_to).await {
        Ok(s) => s,
        Err(r) => return (Outcome::Fail, r),
    };
    let Some(hc) = &p.httpchk else {
        return (Outcome::Pass, result("L4OK", None, ""));
    };
    let req = check_request(p, hc);
    if s.write_all(req.as_bytes()).await.is_err() {
        return (Outcome::Fail, result("SOCKERR", None, "write error"));
    }
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let want_body = p
        .expect
        .iter()
        .any(|e| matches!(e, Expect::String(..) | Expect::RString(..)));
    loop {
        match s.read(&mut chunk).await {
            Ok(0) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n");
                match head_end {
                    Some(h) if !want_body => {
                        let _ = h;
                        break;
                    }
                    Some(h) if buf.len() - (h + 4) >= BODY_LIMIT => break,
                    None if buf.len() > 64 * 1024 => break,
                    _ => {}
                }
            }
            Err(_) if !buf.is_empty() => break,
            Err(e) => return (Outcome::Fail, result("SOCKERR", None, &e.to_string())),
        }
    }
    evaluate(p, &buf)
}

/// `option sip-check`: one `OPTIONS` request, passing on a final `SIP/2.0 200` response (what
/// ldirectord's SIP check asks for; provisional 1xx answers are skipped, where ldirectord would
/// fail). UDP for `mode udp` backends, where ICMP port unreachable fails it at once.
async fn sip_check(
    addr: SocketAddr,
    p: &Proxy,
    sip: &SipCheck,
    connect_to: Duration,
) -> (Outcome, CheckResult) {
    let udp = p.mode == Mode::Udp;
    let login = sip.login.clone().unwrap_or_else(|| {
        let host = nix::unistd::gethostname()
            .map(|h| h.to_string_lossy().into_owned())
            .unwrap_or_else(|_| "localhost".into());
        format!("rustha@{host}")
    });
    let reply = if udp {
        let local: SocketAddr = if addr.is_ipv4() {
            (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let sock = match tokio::net::UdpSocket::bind(local).await {
            Ok(s) => s,
            Err(e) => return (Outcome::Fail, result("SOCKERR", None, &e.to_string())),
        };
        if let Err(e) = sock.connect(addr).await {
            return (Outcome::Fail, result("L4CON", None, &e.to_string()));
        }
        let me = sock.local_addr().unwrap_or(local);
        if let Err(e) = sock.send(sip_request(&login, "UDP", me).as_bytes()).await {
            return (Outcome::Fail, result("L4CON", None, &e.to_string()));
        }
        let mut buf = vec![0u8; 65536];
        loop {
            match sock.recv(&mut buf).await {
                Ok(n) if sip_provisional(&buf[..n]) => continue,
                Ok(n) => break buf[..n].to_vec(),
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                    return (Outcome::Fail, result("L4CON", None, "Port unreachable"))
                }
                Err(e) => return (Outcome::Fail, result("SOCKERR", None, &e.to_string())),
            }
        }
    } else {
        let mut s = match connect(addr, connect_to).await {
            Ok(s) => s,
            Err(r) => return (Outcome::Fail, r),
        };
        let me = s.local_addr().unwrap_or(addr);
        if s.write_all(sip_request(&login, "TCP", me).as_bytes())
            .await
            .is_err()
        {
            return (Outcome::Fail, result("SOCKERR", None, "write error"));
        }
        let mut buf = Vec::with_capacity(1024);
        let mut chunk = [0u8; 4096];
        loop {
            match s.read(&mut chunk).await {
                Ok(0) => break buf,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(_) if !buf.is_empty() => break buf,
                Err(e) => return (Outcome::Fail, result("SOCKERR", None, &e.to_string())),
            }
            // Drop complete provisional responses; stop at the first final response head.
            while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                if sip_provisional(&buf) {
                    buf.drain(..end + 4);
                } else {
                    break;
                }
            }
            if !sip_provisional(&buf) && buf.windows(4).any(|w| w == b"\r\n\r\n") {
                break buf;
            }
            if buf.len() > 64 * 1024 {
                break buf;
            }
        }
    };
    evaluate_sip(&reply)
}

/// A SIP `OPTIONS` request from `me` over `transport`, with fresh branch, tag and Call-ID.
fn sip_request(login: &str, transport: &str, me: SocketAddr) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or_default();
    let id = nanos ^ (u64::from(std::process::id()) << 32) ^ SEQ.fetch_add(1, Ordering::Relaxed);
    format!(
        "OPTIONS sip:{login} SIP/2.0\r\n\
         Via: SIP/2.0/{transport} {me};branch=z9hG4bK{id:x}\r\n\
         Max-Forwards: 70\r\n\
         To: <sip:{login}>\r\n\
         From: <sip:{login}>;tag={:x}\r\n\
         Call-ID: {id:016x}@rustha\r\n\
         CSeq: 1 OPTIONS\r\n\
         Contact: <sip:{login}>\r\n\
         Accept: application/sdp\r\n\
         Content-Length: 0\r\n\r\n",
        id.rotate_left(17)
    )
}

/// The status code of a SIP response's first line.
fn sip_status(resp: &[u8]) -> Option<u16> {
    let line = resp.split(|&b| b == b'\r' || b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    if parts.next()? != "SIP/2.0" {
        return None;
    }
    parts
        .next()?
        .parse()
        .ok()
        .filter(|c| (100..700).contains(c))
}

fn sip_provisional(resp: &[u8]) -> bool {
    sip_status(resp).is_some_and(|c| c < 200)
}

/// Judge a SIP check response: `SIP/2.0 200` passes.
pub fn evaluate_sip(resp: &[u8]) -> (Outcome, CheckResult) {
    let reason = resp
        .split(|&b| b == b'\r' || b == b'\n')
        .next()
        .map(|l| {
            String::from_utf8_lossy(l)
                .splitn(3, ' ')
                .nth(2)
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    match sip_status(resp) {
        Some(200) => (Outcome::Pass, result("L7OK", Some(200), "")),
        Some(c) => (Outcome::Fail, result("L7STS", Some(c), &reason)),
        None => (Outcome::Fail, result("L7RSP", None, "")),
    }
}

/// The check request: `option httpchk` with `http-check send` overrides.
pub fn check_request(p: &Proxy, hc: &crate::config::HttpCheck) -> String {
    let cs = &p.check_send;
    let mut req = format!(
        "{} {} {}\r\n",
        cs.method.as_deref().unwrap_or(&hc.method),
        cs.uri.as_deref().unwrap_or(&hc.uri),
        cs.version.as_deref().unwrap_or(&hc.version)
    );
    for (k, v) in &cs.headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = &cs.body {
        req.push_str(&format!("content-length: {}\r\n\r\n{b}", b.len()));
    } else {
        req.push_str("\r\n");
    }
    req
}

/// Judge an HTTP check response.
pub fn evaluate(p: &Proxy, resp: &[u8]) -> (Outcome, CheckResult) {
    let line_end = resp
        .windows(2)
        .position(|w| w == b"\r\n")
        .unwrap_or(resp.len());
    let line = String::from_utf8_lossy(&resp[..line_end]);
    let mut parts = line.splitn(3, ' ');
    let (ver, code) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let reason = parts.next().unwrap_or("").to_string();
    let code: Option<u16> = code.parse().ok().filter(|_| ver.starts_with("HTTP/"));
    let Some(code) = code else {
        return (Outcome::Fail, result("L7RSP", None, ""));
    };
    if p.disable_on_404 && code == 404 {
        return (Outcome::CondPass, result("L7OKC", Some(code), ""));
    }
    let body_start = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(resp.len());
    let body = &resp[body_start..resp.len().min(body_start + BODY_LIMIT)];
    if p.expect.is_empty() && !(200..400).contains(&code) {
        return (Outcome::Fail, result("L7STS", Some(code), &reason));
    }
    let text = String::from_utf8_lossy(body);
    // Every rule must pass, in order; the first that does not names the failure.
    for e in &p.expect {
        let (ok, fail_status) = match e {
            Expect::Status(neg, codes) => (codes.contains(&code) != *neg, "L7STS"),
            Expect::RStatus(neg, re) => (re.is_match(&code.to_string()) != *neg, "L7STS"),
            Expect::String(neg, s) => (text.contains(s.as_str()) != *neg, "L7RSP"),
            Expect::RString(neg, re) => (re.is_match(&text) != *neg, "L7RSP"),
        };
        if !ok {
            return (Outcome::Fail, result(fail_status, Some(code), &reason));
        }
    }
    (Outcome::Pass, result("L7OK", Some(code), ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn proxy(extra: &str) -> Proxy {
        let c = crate::config::Config::parse(
            Path::new("t"),
            &format!("backend b\n option httpchk\n{extra}\n server s 127.0.0.1:1 check\n"),
        )
        .unwrap();
        c.proxies[0].clone()
    }

    #[test]
    fn check_request_line_and_send_overrides() {
        let p = proxy("");
        assert_eq!(
            check_request(&p, p.httpchk.as_ref().unwrap()),
            "OPTIONS / HTTP/1.0\r\n\r\n"
        );
        let p = proxy(" http-check send meth GET uri /health ver HTTP/1.1 hdr Host db.example");
        assert_eq!(
            check_request(&p, p.httpchk.as_ref().unwrap()),
            "GET /health HTTP/1.1\r\nHost: db.example\r\n\r\n"
        );
    }

    #[test]
    fn http_expectations() {
        let ok = b"HTTP/1.0 200 OK\r\nX: y\r\n\r\nprimary ok";
        let moved = b"HTTP/1.1 301 Moved\r\n\r\n";
        let nf = b"HTTP/1.1 404 Not Found\r\n\r\n";
        let unavailable = b"HTTP/1.1 503 Service Unavailable\r\n\r\n";
        let p = proxy("");
        assert_eq!(evaluate(&p, ok).0, Outcome::Pass);
        assert_eq!(
            evaluate(&p, moved).0,
            Outcome::Pass,
            "3xx passes by default"
        );
        assert_eq!(evaluate(&p, unavailable).1.status, "L7STS");
        let p = proxy(" http-check expect status 200");
        assert_eq!(evaluate(&p, moved).0, Outcome::Fail);
        assert_eq!(evaluate(&p, ok).1.code, Some(200));
        let p = proxy(" http-check expect string primary");
        assert_eq!(evaluate(&p, ok).0, Outcome::Pass);
        assert_eq!(evaluate(&p, moved).1.status, "L7RSP");
        let p = proxy(" http-check expect rstring ^prim.*ok$");
        assert_eq!(evaluate(&p, ok).0, Outcome::Pass);
        let p = proxy(" http-check expect ! status 503");
        assert_eq!(evaluate(&p, unavailable).0, Outcome::Fail);
        assert_eq!(evaluate(&p, ok).0, Outcome::Pass);
        let p = proxy(" http-check disable-on-404");
        assert_eq!(evaluate(&p, nf).0, Outcome::CondPass);
        assert_eq!(evaluate(&p, b"garbage").1.status, "L7RSP");
    }

    #[test]
    fn sip_request_and_responses() {
        let me: SocketAddr = "127.0.0.1:5070".parse().unwrap();
        let r = sip_request("ops@lb1", "UDP", me);
        assert!(r.starts_with(
            "OPTIONS sip:ops@lb1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK"
        ));
        assert!(r.ends_with("Content-Length: 0\r\n\r\n"));
        assert_ne!(
            r,
            sip_request("ops@lb1", "UDP", me),
            "fresh Call-ID per check"
        );
        let ok = evaluate_sip(b"SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\n\r\n");
        assert_eq!(
            (ok.0, ok.1.status, ok.1.desc.as_str()),
            (Outcome::Pass, "L7OK", "")
        );
        let busy = evaluate_sip(b"SIP/2.0 503 Service Unavailable\r\n\r\n").1;
        assert_eq!((busy.status, busy.code), ("L7STS", Some(503)));
        assert_eq!(evaluate_sip(b"HTTP/1.1 200 OK\r\n\r\n").1.status, "L7RSP");
        assert!(sip_provisional(b"SIP/2.0 100 Trying\r\n\r\n"));
        assert!(!sip_provisional(b"SIP/2.0 200 OK\r\n\r\n"));
    }

    #[tokio::test]
    async fn sip_check_over_udp() {
        let srv = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = srv.local_addr().unwrap();
        let answer = tokio::spawn(async move {
            let mut buf = [0u8; 2048];
            let (n, from) = srv.recv_from(&mut buf).await.unwrap();
            let req = String::from_utf8_lossy(&buf[..n]).to_string();
            srv.send_to(b"SIP/2.0 100 Trying\r\n\r\n", from)
                .await
                .unwrap();
            srv.send_to(b"SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", from)
                .await
                .unwrap();
            req
        });
        let c = crate::config::Config::parse(
            Path::new("t"),
            "backend b\n mode udp\n option sip-check probe@test\n server s 127.0.0.1:1\n",
        )
        .unwrap();
        let p = &c.proxies[0];
        let (o, r) = check_once(addr, p, Duration::from_secs(1)).await;
        assert_eq!((o, r.status), (Outcome::Pass, "L7OK"));
        assert!(answer
            .await
            .unwrap()
            .starts_with("OPTIONS sip:probe@test SIP/2.0\r\n"));
        // Nobody listening: ICMP port unreachable fails the check at once.
        let gone = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let dead = gone.local_addr().unwrap();
        drop(gone);
        let (o, r) = check_once(dead, p, Duration::from_secs(1)).await;
        assert_eq!((o, r.status), (Outcome::Fail, "L4CON"));
    }

    #[test]
    fn several_expect_rules_must_all_pass() {
        let p = proxy(" http-check expect status 200\n http-check expect rstring prim");
        assert_eq!(p.expect.len(), 2);
        assert_eq!(
            evaluate(&p, b"HTTP/1.0 200 OK\r\n\r\nprimary").0,
            Outcome::Pass
        );
        let r = evaluate(&p, b"HTTP/1.0 500 Oops\r\n\r\nprimary").1;
        assert_eq!((r.status, r.code), ("L7STS", Some(500)));
        assert_eq!(
            evaluate(&p, b"HTTP/1.0 200 OK\r\n\r\nother").1.status,
            "L7RSP"
        );
    }

    #[test]
    fn own_expect_rules_replace_those_of_defaults() {
        let c = crate::config::Config::parse(
            Path::new("t"),
            "defaults\n http-check expect status 200\nbackend a\n option httpchk\n\
             server s 127.0.0.1:1 check\nbackend b\n option httpchk\n http-check expect string up\n\
             server s 127.0.0.1:1 check\n",
        )
        .unwrap();
        assert_eq!(c.proxies[0].expect.len(), 1);
        assert!(matches!(
            c.proxies[1].expect[..],
            [Expect::String(false, _)]
        ));
    }
}
