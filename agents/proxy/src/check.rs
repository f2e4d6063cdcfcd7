//! Health checks, on their own thread (never on the data path): TCP connect, or `option httpchk`
//! with `http-check expect` and `disable-on-404`, to the server's address or its `addr`/`port`
//! override; scheduled after each completed check with `inter`/`fastinter`/`downinter`; bounded by
//! `inter` or by `timeout connect` + `timeout check` as HAProxy does; closed with a reset.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::watch;

use crate::config::{Expect, Proxy};
use crate::health::{Outcome, Transition};
use crate::state::{lock, CheckResult, Runtime, Server};

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
        let reason = format!(
            "{} check {}{}: {}, check duration: {}ms",
            if result.code.is_some() {
                "Layer7"
            } else {
                "Layer4"
            },
            if outcome == Outcome::Fail {
                "failed"
            } else {
                "passed"
            },
            result
                .code
                .map(|c| format!(" (code {c})"))
                .unwrap_or_default(),
            result.desc,
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
            if p.httpchk.is_some() {
                (Outcome::Fail, result("L7TOUT", None, "Layer7 timeout"))
            } else {
                (Outcome::Fail, result("L4TOUT", None, "Layer4 timeout"))
            }
        }
    }
}

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
        Err(_) => Err(result("L4TOUT", None, "Layer4 timeout")),
    }
}

async fn check_once(addr: SocketAddr, p: &Proxy, connect_to: Duration) -> (Outcome, CheckResult) {
    let mut s = match connect(addr, connect_to).await {
        Ok(s) => s,
        Err(r) => return (Outcome::Fail, r),
    };
    let Some(hc) = &p.httpchk else {
        return (Outcome::Pass, result("L4OK", None, "Layer4 check passed"));
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
        return (
            Outcome::Fail,
            result(
                "L7RSP",
                None,
                if resp.is_empty() {
                    "Socket error"
                } else {
                    "Invalid HTTP response"
                },
            ),
        );
    };
    if p.disable_on_404 && code == 404 {
        return (Outcome::CondPass, result("L7OKC", Some(code), &reason));
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
    (Outcome::Pass, result("L7OK", Some(code), &reason))
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
