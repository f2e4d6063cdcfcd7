//! The seed configurations as written (addresses and ports substituted only), end to end on
//! loopback with real backends: seed 000's TCP listener follows its tracked HTTP check to the
//! backup, and seed 002's Postgres-ACD listener follows the pgsqlchk-style check ports through a
//! primary flip, closing the session to the demoted server.

use std::time::{Duration, Instant};

use rustha_harness::proxy::{
    example, free_port, http_get, seed000_on_loopback, wait_for, who, Banner, Daemon,
    HealthEndpoint, Session, TempDir,
};

#[test]
fn seed000_tcp_listener_follows_tracked_check_to_backup() {
    let d = TempDir::new("proxy-seed000");
    let (p80, p443, f80, f443) = (free_port(), free_port(), free_port(), free_port());
    // The two application servers: HTTP (checked) and the TCP service on "443".
    let as1_http = HealthEndpoint::start("127.0.0.1", p80, 200);
    let _as2_http = HealthEndpoint::start("127.0.0.2", p80, 200);
    let as1 = Banner::start("127.0.0.1", p443, "as1");
    let as2 = Banner::start("127.0.0.2", p443, "as2");
    let cfg = seed000_on_loopback(&d, p80, p443, f80, f443);
    let cfg = d.write("haproxy.cfg", &cfg);
    let px = Daemon::proxy(&d, &cfg);
    let front: std::net::SocketAddr = format!("127.0.0.1:{f443}").parse().unwrap();
    assert!(
        wait_for(Duration::from_secs(10), || px.status("gvg-as", "gvg-as1")
            == "UP"),
        "primary never fully UP: {}",
        px.cmd("show stat")
    );
    for _ in 0..10 {
        assert_eq!(who(front).as_deref(), Some("as1"));
    }
    assert_eq!(
        as2.accepted.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the backup got traffic while the primary was up"
    );
    // The tracked HTTP check of the primary fails: the TCP listener moves to the backup.
    let t0 = Instant::now();
    as1_http.set(500);
    assert!(
        wait_for(Duration::from_secs(15), || who(front).as_deref()
            == Some("as2")),
        "443 never moved to the backup"
    );
    println!(
        "443 moved to the backup {:?} after the primary's check started failing (inter 2s, fall 3)",
        t0.elapsed()
    );
    assert_eq!(px.status("gvg-as-https", "gvg-as1"), "DOWN");
    assert_eq!(px.status("gvg-as", "gvg-as1"), "DOWN");
    for _ in 0..5 {
        assert_eq!(who(front).as_deref(), Some("as2"));
    }
    // And back.
    as1_http.set(200);
    assert!(
        wait_for(Duration::from_secs(15), || who(front).as_deref()
            == Some("as1")),
        "443 never came back"
    );
    let before = as1.accepted.load(std::sync::atomic::Ordering::SeqCst);
    assert!(before > 10);
    // Seed 000's stats page on the HTTP listener, behind Basic auth.
    let web: std::net::SocketAddr = format!("127.0.0.1:{f80}").parse().unwrap();
    assert_eq!(http_get(web, "/pstats", None).0, 401);
    let (code, body) = http_get(web, "/pstats;csv", Some("YWRtaW46c2VjcmV0"));
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("gvg-as-https,gvg-as2,"), "{body}");
}

#[test]
fn seed002_postgres_acd_follows_the_primary_flip() {
    let d = TempDir::new("proxy-seed002");
    let (pg, chk, fpg, fstats) = (free_port(), free_port(), free_port(), free_port());
    let db1 = Banner::start("127.0.0.1", pg, "sms-01");
    let db2 = Banner::start("127.0.0.2", pg, "sms-02");
    let chk1 = HealthEndpoint::start("127.0.0.1", chk, 200);
    let chk2 = HealthEndpoint::start("127.0.0.2", chk, 503);
    let cfg = example("seed002-sms.cfg")
        .replace("*:15432", &format!("127.0.0.1:{fpg}"))
        .replace("*:7000", &format!("127.0.0.1:{fstats}"))
        .replace(":5432 ", &format!(":{pg} "))
        .replace("port 25432", &format!("port {chk}"));
    let cfg = d.write("haproxy.cfg", &cfg);
    let px = Daemon::proxy(&d, &cfg);
    let front: std::net::SocketAddr = format!("127.0.0.1:{fpg}").parse().unwrap();
    assert!(
        wait_for(Duration::from_secs(15), || px
            .status("Postgres-ACD", "sms-02")
            == "DOWN"
            && px.status("Postgres-ACD", "sms-01").starts_with("UP")),
        "{}",
        px.cmd("show stat")
    );
    for _ in 0..10 {
        assert_eq!(who(front).as_deref(), Some("sms-01"));
    }
    assert_eq!(db2.accepted.load(std::sync::atomic::Ordering::SeqCst), 0);
    let mut established = Session::open(front).unwrap();
    assert_eq!(established.server, "sms-01");
    assert!(established.alive());
    // Failover: the old primary answers 503, the new one 200.
    let t0 = Instant::now();
    chk1.set(503);
    chk2.set(200);
    // inter 3s, fall 3, rise 2: DOWN after 3 failed checks, UP after 2 good ones.
    let bound = Duration::from_secs(3 * 3 + 3 + 3);
    assert!(
        wait_for(bound, || who(front).as_deref() == Some("sms-02")),
        "new connections never reached sms-02: {}",
        px.cmd("show stat")
    );
    let moved = t0.elapsed();
    assert!(
        established.closed_within(Duration::from_secs(5)),
        "the session to the demoted primary was not closed (on-marked-down shutdown-sessions)"
    );
    let closed = t0.elapsed();
    println!("seed 002 flip: new connections on sms-02 after {moved:?}, old session closed after {closed:?} (inter 3s fall 3 rise 2)");
    assert_eq!(px.status("Postgres-ACD", "sms-01"), "DOWN");
    for _ in 0..10 {
        assert_eq!(who(front).as_deref(), Some("sms-02"));
    }
    let hits = chk1.hits.load(std::sync::atomic::Ordering::SeqCst);
    assert!(hits >= 3, "checks went to the check port ({hits})");
    assert!(db1.accepted.load(std::sync::atomic::Ordering::SeqCst) >= 11);
    // The stats listener of the seed (no auth configured) answers its CSV.
    let (code, body) = http_get(
        format!("127.0.0.1:{fstats}").parse().unwrap(),
        "/;csv",
        None,
    );
    assert_eq!(code, 200);
    assert!(
        body.contains("Postgres-ACD,sms-02,") && body.contains("L7OK"),
        "{body}"
    );
}
