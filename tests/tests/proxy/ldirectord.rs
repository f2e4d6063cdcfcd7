//! Seed 001's ldirectord.cf as written (only its addresses moved to loopback and its ports to
//! free ones), run by `proxy` in place of ldirectord + LVS, end to end with real backends: the
//! HTTP service balanced round robin and checked by its negotiate check (status and the
//! `receive` regular expression), its established sessions closed when their server fails
//! (`quiescent=no`), and the SIP service over UDP with `persistent=1`, checked by SIP OPTIONS and
//! moving its clients when their server stops answering 200.

use std::net::{SocketAddr, UdpSocket};
use std::process::Command;
use std::time::Duration;

use rustha_harness::httpd::{Client, Httpd};
use rustha_harness::proxy::{example, free_port, proxy_check, wait_for, Daemon, TempDir};
use rustha_harness::sip::{exchange, SipServer};

const PAGE: &str = "Sample SpringRing web application";

/// The seed's file with 10.0.0.x moved to 127.0.0.x and its two ports to `http`/`sip`.
fn seed001(http: u16, sip: u16) -> String {
    example("seed001-ldirectord.cf")
        .replace("10.0.0.", "127.0.0.")
        .replace(":9072", &format!(":{http}"))
        .replace(":7072", &format!(":{sip}"))
}

const GET: &str = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

/// The name of the HTTP server that answered `GET /` through `front` (a new connection).
fn http_who(front: SocketAddr) -> Option<String> {
    let (code, _, body) = Client::connect(front, None).request(GET);
    (code == 200).then(|| String::from_utf8_lossy(&body).trim().to_string())
}

#[test]
fn seed001_ldirectord_cf_loads_and_converts() {
    let d = TempDir::new("proxy-ld-check");
    let cfg = d.write("ldirectord.cf", &example("seed001-ldirectord.cf"));
    let (code, out) = proxy_check(&cfg);
    assert_eq!(code, 0, "{out}");
    // Never silence: what proxy does not do itself is named with its line.
    assert!(
        out.contains("ldirectord.cf:8:") && out.contains("logfile"),
        "{out}"
    );
    // The equivalent haproxy.cfg loads as it is.
    let conv = Command::new(rustha_harness::bin("proxy"))
        .args(["convert", "-f"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(conv.status.code(), Some(0));
    let text = String::from_utf8_lossy(&conv.stdout).to_string();
    assert!(
        text.contains("mode udp") && text.contains("option sip-check"),
        "{text}"
    );
    let (code, out) = proxy_check(&d.write("haproxy.cfg", &text));
    assert_eq!(code, 0, "converted configuration rejected:\n{text}\n{out}");
    // A mistake is an error naming its line and the nearest directive.
    let bad = d.write(
        "bad.cf",
        &example("seed001-ldirectord.cf").replace("scheduler=rr", "sheduler=rr"),
    );
    let (code, out) = proxy_check(&bad);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("bad.cf:26:") && out.contains("scheduler"),
        "{out}"
    );
}

#[test]
fn seed001_http_service_balances_and_follows_its_negotiate_check() {
    let d = TempDir::new("proxy-ld-http");
    let (http, sip) = (free_port(), free_port());
    let n147 = Httpd::start("127.0.0.147", http, &format!("{PAGE} on 147"));
    let mut n146 = Some(Httpd::start("127.0.0.146", http, &format!("{PAGE} on 146")));
    let _sip147 = SipServer::start("127.0.0.147", sip, "sip147");
    let _sip146 = SipServer::start("127.0.0.146", sip, "sip146");
    let cfg = d.write("ldirectord.cf", &seed001(http, sip));
    let px = Daemon::proxy(&d, &cfg);
    let front: SocketAddr = format!("127.0.0.150:{http}").parse().unwrap();
    let px_name = format!("TCP-127.0.0.150:{http}");
    let (s147, s146) = (format!("127.0.0.147:{http}"), format!("127.0.0.146:{http}"));
    assert!(
        wait_for(Duration::from_secs(10), || px.status(&px_name, &s147)
            == "UP"
            && px.status(&px_name, &s146) == "UP"),
        "servers never UP: {}",
        px.cmd("show stat")
    );
    // The check asked for the seed's request URI.
    assert!(!n147.requests_to("/SpringRing/status").is_empty());
    // scheduler=rr: both serve, alternately.
    let answers: Vec<String> = (0..6).filter_map(|_| http_who(front)).collect();
    assert_eq!(answers.len(), 6, "{answers:?}");
    assert_eq!(
        answers.iter().filter(|a| a.ends_with("146")).count(),
        3,
        "{answers:?}"
    );
    // An established session to 146, for quiescent=no below.
    let mut held = loop {
        let mut c = Client::connect(front, None);
        if String::from_utf8_lossy(&c.request(GET).2).contains("on 146") {
            break c;
        }
    };
    // 146 now answers 200 with a page the receive regular expression does not match.
    drop(n146.take());
    // Its accept thread lets go of the port within a few milliseconds.
    assert!(wait_for(Duration::from_secs(5), || {
        std::net::TcpListener::bind(("127.0.0.146", http)).is_ok()
    }));
    let _n146 = Httpd::start("127.0.0.146", http, "It works! (default page)");
    assert!(
        wait_for(Duration::from_secs(10), || px.status(&px_name, &s146)
            == "DOWN"),
        "146 not DOWN on a receive mismatch: {}",
        px.cmd("show stat")
    );
    let row = px
        .stat()
        .into_iter()
        .find(|r| r[1] == s146)
        .expect("row of 146");
    assert!(row[36].contains("L7RSP"), "check_status {:?}", row[36]);
    // quiescent=no: the established session is closed, new ones all go to 147.
    assert!(
        held.closed_within(Duration::from_secs(5)),
        "session to 146 kept"
    );
    for _ in 0..4 {
        assert_eq!(http_who(front).as_deref(), Some(&*format!("{PAGE} on 147")));
    }
    // A 2xx status is required too: 147 answering 500 with the right page goes DOWN.
    n147.set_status(500);
    assert!(
        wait_for(Duration::from_secs(10), || px.status(&px_name, &s147)
            == "DOWN"),
        "147 not DOWN on status 500: {}",
        px.cmd("show stat")
    );
}

#[test]
fn seed001_sip_service_over_udp_persists_and_fails_over() {
    let d = TempDir::new("proxy-ld-sip");
    let (http, sip) = (free_port(), free_port());
    let _n147 = Httpd::start("127.0.0.147", http, PAGE);
    let _n146 = Httpd::start("127.0.0.146", http, PAGE);
    let sip147 = SipServer::start("127.0.0.147", sip, "sip147");
    let sip146 = SipServer::start("127.0.0.146", sip, "sip146");
    let cfg = d.write("ldirectord.cf", &seed001(http, sip));
    let px = Daemon::proxy(&d, &cfg);
    let vip: SocketAddr = format!("127.0.0.150:{sip}").parse().unwrap();
    let px_name = format!("UDP-127.0.0.150:{sip}");
    let (a147, a146) = (format!("127.0.0.147:{sip}"), format!("127.0.0.146:{sip}"));
    // Checked (servers start UP before their first check, as in HAProxy) and UP.
    let checked = |s: &SipServer| s.options.load(std::sync::atomic::Ordering::SeqCst) > 0;
    assert!(
        wait_for(Duration::from_secs(10), || checked(&sip147)
            && checked(&sip146)
            && px.status(&px_name, &a147) == "UP"
            && px.status(&px_name, &a146) == "UP"),
        "SIP servers never checked UP: {}",
        px.cmd("show stat")
    );
    // One client: every reply comes from the virtual address, all from one server.
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut first = None;
    for i in 0..5 {
        let (reply, from) =
            exchange(&client, vip, &format!("m{i}"), Duration::from_secs(2)).expect("a reply");
        assert_eq!(from, vip, "reply not from the virtual address");
        let (server, echoed) = reply.split_once(':').unwrap();
        assert_eq!(echoed, format!("m{i}"));
        assert_eq!(*first.get_or_insert(server.to_string()), server);
    }
    let first = first.unwrap();
    // persistent=1: new source ports of the same client, while it is active, stay there too
    // (round robin alone would alternate).
    for i in 0..4 {
        let other = UdpSocket::bind("127.0.0.1:0").unwrap();
        let (reply, _) =
            exchange(&other, vip, &format!("p{i}"), Duration::from_secs(2)).expect("a reply");
        assert!(
            reply.starts_with(&format!("{first}:")),
            "{reply} not from {first}"
        );
        exchange(&client, vip, "keep", Duration::from_secs(2)).expect("a reply");
    }
    // Its server answers OPTIONS with 503: DOWN, and the client's next datagrams reach the other.
    let (failing, survivor, failing_addr) = if first == "sip147" {
        (&sip147, "sip146", &a147)
    } else {
        (&sip146, "sip147", &a146)
    };
    failing.set_status(503);
    assert!(
        wait_for(Duration::from_secs(10), || px
            .status(&px_name, failing_addr)
            == "DOWN"),
        "{first} not DOWN on SIP 503: {}",
        px.cmd("show stat")
    );
    let moved = wait_for(Duration::from_secs(5), || {
        exchange(&client, vip, "after", Duration::from_millis(500))
            .is_some_and(|(r, _)| r.starts_with(&format!("{survivor}:")))
    });
    assert!(
        moved,
        "client not moved to {survivor}: {}",
        px.cmd("show stat")
    );
    let row = px
        .stat()
        .into_iter()
        .find(|r| &r[1] == failing_addr)
        .expect("row");
    assert!(row[36].contains("L7STS"), "check_status {:?}", row[36]);
}

#[test]
fn persistent_tcp_service_keeps_a_client_on_its_server() {
    let d = TempDir::new("proxy-ld-persist");
    let port = free_port();
    let _a = Httpd::start("127.0.0.147", port, "a");
    let _b = Httpd::start("127.0.0.146", port, "b");
    let cfg = d.write(
        "ldirectord.cf",
        &format!(
            "checktimeout=1\ncheckinterval=1\nvirtual=127.0.0.150:{port}\n\
             \treal=127.0.0.147:{port} masq\n\treal=127.0.0.146:{port} masq\n\
             \tservice=http\n\tscheduler=rr\n\tpersistent=30\n\tnetmask=255.255.255.0\n"
        ),
    );
    let _px = Daemon::proxy(&d, &cfg);
    let front: SocketAddr = format!("127.0.0.150:{port}").parse().unwrap();
    let from = |src: &str| {
        let (code, _, body) = Client::connect(front, Some(src)).request(GET);
        assert_eq!(code, 200);
        String::from_utf8_lossy(&body).trim().to_string()
    };
    // Each a new connection: round robin alone would alternate.
    let first = from("127.0.0.1");
    for _ in 0..4 {
        assert_eq!(from("127.0.0.1"), first);
    }
    // Another address of the same /24 network: the same server.
    assert_eq!(from("127.0.0.9"), first);
}

#[test]
fn autoreload_applies_a_changed_file_and_keeps_serving_on_a_broken_one() {
    let d = TempDir::new("proxy-ld-autoreload");
    let port = free_port();
    let _a = Httpd::start("127.0.0.147", port, "a");
    let _b = Httpd::start("127.0.0.146", port, "b");
    let file = |real: &str| {
        format!(
            "autoreload=yes\nvirtual=127.0.0.150:{port}\n\treal={real}:{port} masq\n\tchecktype=on\n"
        )
    };
    let cfg = d.write("ldirectord.cf", &file("127.0.0.147"));
    let px = Daemon::proxy(&d, &cfg);
    let front: SocketAddr = format!("127.0.0.150:{port}").parse().unwrap();
    assert_eq!(http_who(front).as_deref(), Some("a"));
    // Edited in place: the other real server, without any signal or command.
    std::fs::write(&cfg, file("127.0.0.146")).unwrap();
    assert!(
        wait_for(Duration::from_secs(10), || http_who(front).as_deref()
            == Some("b")),
        "changed file not applied: {}",
        px.log_text()
    );
    // A broken edit is refused; the running configuration keeps serving.
    std::fs::write(&cfg, file("127.0.0.146").replace("masq", "nat")).unwrap();
    assert!(
        wait_for(Duration::from_secs(10), || px
            .log_text()
            .contains("reload refused")),
        "{}",
        px.log_text()
    );
    assert_eq!(http_who(front).as_deref(), Some("b"));
}
