//! Request smuggling and response mix-up, tried as an attacker would, against a backend that
//! reads requests leniently (a bare LF ends a line, as in nginx) and a frontend that denies
//! `/admin` and the host `admin.internal`. Each scenario runs through `proxy` and through
//! HAProxy 2.6 (Debian's `/usr/sbin/haproxy`), the yardstick, with the same configuration:
//!
//! - a chunked body whose last chunk line ends in a bare LF, with a request behind it: the
//!   backend must never get that request unchecked. HAProxy 2.6 reads the bare LF as a line end
//!   and the rest as a second request, which its rules deny; `proxy`, which forwards bodies
//!   verbatim, answers 400 (a deliberate difference: it cannot rewrite what it forwards);
//! - a chunked response with a bare LF in its framing: 502, connection closed;
//! - two different `Host` headers, an absolute-form target whose authority is not the `Host`,
//!   `Transfer-Encoding: chunked` twice (in one header or two): 400, as HAProxy 2.6 answers;
//!   without a `Host`, the absolute-form target's authority is the host the rules see (HAProxy
//!   2.6 shows them none; a server reads the authority as the host, so `proxy` does too);
//! - an idle pooled server connection that receives bytes unasked (a response nobody asked
//!   for): never reused, so the bytes never reach another client;
//! - a server that serves one request per connection and drops the next: a new client's POST
//!   goes on a connection of its own (HAProxy's default `http-reuse safe`), never on an idle
//!   one the server will drop, where it could neither be answered nor replayed;
//! - a server answering before the request body came: the answer reaches the client while the
//!   client still holds back the rest of its body.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use rustha_harness::proxy::{free_port, wait_for, Daemon, TempDir};
use rustha_harness::rawsrv::{guarded_config, tagged_statuses, RawOrigin, Reply};

/// Send `data` on a new connection and read until `n` final answers came or the connection
/// closed: (status, `X-Tag`) of each answer, and whether it closed.
fn exchange(port: u16, data: &[u8], n: usize) -> (Vec<(u16, Option<String>)>, bool) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(data).unwrap();
    read_answers(&mut s, n)
}

fn read_answers(s: &mut TcpStream, n: usize) -> (Vec<(u16, Option<String>)>, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let got = tagged_statuses(&out);
        if got.iter().filter(|(c, _)| *c >= 200).count() >= n && complete(&out) {
            // Closed right after?
            s.set_read_timeout(Some(Duration::from_millis(300)))
                .unwrap();
            let closed = matches!(s.read(&mut buf), Ok(0) | Err(_));
            return (got, closed);
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return (tagged_statuses(&out), true),
            Ok(k) => out.extend_from_slice(&buf[..k]),
        }
    }
}

/// Whether the last answer in `out` is whole (its Content-Length body included).
fn complete(out: &[u8]) -> bool {
    let Some(e) = out.windows(4).rposition(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&out[..e]);
    let last = head.rsplit("HTTP/1.").next().unwrap_or("");
    let len = last
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    out.len() >= e + 4 + len
}

/// Both sides: `proxy` then HAProxy, each with its own origin from `origin`.
fn both(tag: &str, origin: impl Fn() -> RawOrigin, check: impl Fn(bool, u16, &RawOrigin)) {
    for haproxy in [false, true] {
        let d = TempDir::new(tag);
        let o = origin();
        let port = free_port();
        let sock = d.path("haproxy.sock");
        let cfg = d.write(
            "p.cfg",
            &guarded_config(
                port,
                o.addr,
                haproxy.then_some(sock.as_path()),
                "    maxconn 100\n    nbthread 1\n",
                "60s",
            ),
        );
        let _daemon = Daemon::either(haproxy, &d, &cfg, &sock);
        check(haproxy, port, &o);
    }
}

fn who(haproxy: bool) -> &'static str {
    if haproxy {
        "haproxy"
    } else {
        "proxy"
    }
}

fn tags(o: &RawOrigin) -> Vec<String> {
    o.seen().into_iter().map(|s| s.tag).collect()
}

#[test]
fn a_request_behind_a_bare_lf_after_the_last_chunk_never_reaches_the_backend_unchecked() {
    both(
        "proxy-smuggle-lf",
        RawOrigin::tagging,
        |haproxy, port, o| {
            let attack = b"POST /public HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\nGET /admin/secret HTTP/1.1\r\nHost: a\r\n\r\n";
            let (got, _) = exchange(port, attack, if haproxy { 2 } else { 1 });
            let want: &[(u16, Option<String>)] = if haproxy {
                &[(200, Some("public".into())), (403, None)]
            } else {
                &[(400, None)]
            };
            assert_eq!(got, want, "{}", who(haproxy));
            // The next client, on a new connection (and maybe the same pooled server one), gets
            // its own answer.
            let (got, _) = exchange(port, b"GET /next HTTP/1.1\r\nHost: a\r\n\r\n", 1);
            assert_eq!(got, [(200, Some("next".into()))], "{}", who(haproxy));
            assert!(
                !tags(o).iter().any(|t| t == "admin"),
                "{}: the backend got /admin: {:?}",
                who(haproxy),
                o.seen()
            );
        },
    );
}

#[test]
fn a_response_with_bare_lf_framing_gets_502_and_a_closed_connection() {
    let bad: &[&[u8]] = &[
        b"HTTP/1.1 200 OK\r\nX-Tag: r\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-Tag: r\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-Tag: r\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\nHTTP/1.1 200 OK\r\nX-Tag: stray\r\nContent-Length: 0\r\n\r\n",
    ];
    for answer in bad {
        let origin = || {
            let a = answer.to_vec();
            RawOrigin::start(move |s| Reply {
                bytes: if s.tag == "bad" {
                    a.clone()
                } else {
                    Vec::new()
                },
                ..Reply::default()
            })
        };
        both("proxy-smuggle-rsp", origin, |haproxy, port, _| {
            let (got, closed) = exchange(port, b"GET /bad HTTP/1.1\r\nHost: a\r\n\r\n", 1);
            if haproxy {
                // HAProxy 2.6 reads a bare LF as a line end and relays the answer re-framed.
                assert_eq!(got.first().map(|g| g.0), Some(200));
            } else {
                assert_eq!(got, [(502, None)], "{}", String::from_utf8_lossy(answer));
                assert!(
                    closed,
                    "the connection stays open after a 502 for bad framing"
                );
            }
            let (got, _) = exchange(port, b"GET /next HTTP/1.1\r\nHost: a\r\n\r\n", 1);
            assert_eq!(got, [(200, Some("next".into()))], "{}", who(haproxy));
        });
    }
}

#[test]
fn host_and_framing_headers_that_can_be_read_two_ways_are_refused_like_haproxy_26() {
    let cases: &[(&[u8], u16)] = &[
        (
            b"GET http://admin.internal/secret HTTP/1.1\r\nHost: public.example\r\n\r\n",
            400,
        ),
        (
            b"GET /h1 HTTP/1.1\r\nHost: public.example\r\nHost: admin.internal\r\n\r\n",
            400,
        ),
        (
            b"GET /h2 HTTP/1.1\r\nHost: admin.internal\r\nHost: public.example\r\n\r\n",
            400,
        ),
        (b"GET http://a/h3 HTTP/1.0\r\nHost: b\r\n\r\n", 400),
        (
            b"POST /te1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
        ),
        (
            b"POST /te2 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
            400,
        ),
        // Accepted alike: the same host twice (forwarded once), an authority naming the Host.
        (b"GET /ok1 HTTP/1.1\r\nHost: a\r\nHost: A\r\n\r\n", 200),
        (
            b"GET http://Public.example:80/ok2 HTTP/1.1\r\nHost: public.example\r\n\r\n",
            200,
        ),
    ];
    both(
        "proxy-smuggle-host",
        RawOrigin::tagging,
        |haproxy, port, o| {
            for (req, want) in cases {
                let (got, _) = exchange(port, req, 1);
                let codes: Vec<u16> = got.iter().map(|g| g.0).collect();
                assert_eq!(
                    codes,
                    [*want],
                    "{}: {}",
                    who(haproxy),
                    String::from_utf8_lossy(req)
                );
            }
            assert_eq!(tags(o), ["ok1", "ok2"], "{}", who(haproxy));
            let raw = String::from_utf8_lossy(&o.raw().concat()).to_ascii_lowercase();
            assert_eq!(raw.matches("host: a\r\n").count(), 1, "{raw}");
        },
    );
    // Without a Host header, the rules see the authority a server reads as the host.
    both(
        "proxy-smuggle-host",
        RawOrigin::tagging,
        |haproxy, port, o| {
            let (got, _) = exchange(
                port,
                b"GET http://admin.internal/secret HTTP/1.1\r\n\r\n",
                1,
            );
            if haproxy {
                assert_eq!(got, [(200, Some("secret".into()))]);
            } else {
                assert_eq!(got, [(403, None)]);
                assert!(o.seen().is_empty(), "{:?}", o.seen());
            }
        },
    );
}

#[test]
fn an_idle_pooled_connection_that_receives_bytes_is_never_reused() {
    let origin = || {
        RawOrigin::start(|s| Reply {
            later: (s.tag == "first").then(|| {
                (
                    Duration::from_millis(50),
                    b"HTTP/1.1 200 OK\r\nX-Tag: stray\r\nContent-Length: 0\r\n\r\n".to_vec(),
                )
            }),
            ..Reply::default()
        })
    };
    both("proxy-smuggle-idle", origin, |haproxy, port, o| {
        // One thread, so that every client connection shares its idle server connections; a
        // keep-alive client besides, for the same reason.
        let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        c.write_all(b"GET /first HTTP/1.1\r\nHost: a\r\n\r\n")
            .unwrap();
        assert_eq!(read_answers(&mut c, 1).0, [(200, Some("first".into()))]);
        assert!(wait_for(Duration::from_secs(10), || o
            .later_sent
            .load(std::sync::atomic::Ordering::SeqCst)
            == 1));
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        c.write_all(b"GET /second HTTP/1.1\r\nHost: a\r\n\r\n")
            .unwrap();
        assert_eq!(
            read_answers(&mut c, 1).0,
            [(200, Some("second".into()))],
            "{}",
            who(haproxy)
        );
        let (got, _) = exchange(port, b"GET /third HTTP/1.1\r\nHost: a\r\n\r\n", 1);
        assert_eq!(got, [(200, Some("third".into()))], "{}", who(haproxy));
        assert_eq!(tags(o), ["first", "second", "third"]);
    });
}

#[test]
fn a_new_clients_first_request_goes_on_a_server_connection_of_its_own() {
    let origin = || {
        RawOrigin::start(|s| Reply {
            hang_up: s.rank > 1,
            ..Reply::default()
        })
    };
    both("proxy-smuggle-first", origin, |haproxy, port, o| {
        for i in 0..5 {
            let (got, _) = exchange(
                port,
                format!("POST /c{i} HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody")
                    .as_bytes(),
                1,
            );
            assert_eq!(got, [(200, Some(format!("c{i}")))], "{}", who(haproxy));
        }
        assert_eq!(tags(o), ["c0", "c1", "c2", "c3", "c4"]);
    });
}

#[test]
fn an_answer_before_the_request_body_came_is_passed_on_at_once() {
    let origin = || {
        RawOrigin::start(|s| Reply {
            bytes: if s.tag == "upload" {
                b"HTTP/1.1 413 Payload Too Large\r\nX-Tag: upload\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
            } else {
                Vec::new()
            },
            early: s.tag == "upload",
            close: s.tag == "upload",
            ..Reply::default()
        })
    };
    both("proxy-smuggle-early", origin, |haproxy, port, _| {
        // 10 bytes of a million: the rest never comes (the timeouts are a minute), so only an
        // answer passed on before the body ends reaches this client.
        let (got, _) = exchange(
            port,
            b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n0123456789",
            1,
        );
        assert_eq!(got, [(413, Some("upload".into()))], "{}", who(haproxy));
        let (got, _) = exchange(
            port,
            b"POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
            1,
        );
        assert_eq!(got, [(413, Some("upload".into()))], "{}", who(haproxy));
        let (got, _) = exchange(port, b"GET /next HTTP/1.1\r\nHost: a\r\n\r\n", 1);
        assert_eq!(got, [(200, Some("next".into()))], "{}", who(haproxy));
    });
}
