use super::*;
use crate::config::Config;
use crate::runtime::lock;
use crate::runtime::state::Runtime;
use std::path::Path;

/// A UDP server that answers every datagram with `NAME:` and the datagram.
async fn echo(name: &'static str) -> SocketAddr {
    let s = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let a = s.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = [0u8; 2048];
        while let Ok((n, peer)) = s.recv_from(&mut buf).await {
            let mut out = format!("{name}:").into_bytes();
            out.extend_from_slice(&buf[..n]);
            let _ = s.send_to(&out, peer).await;
        }
    });
    a
}

struct Lab {
    rt: Arc<Runtime>,
    listen: SocketAddr,
    stop: watch::Sender<bool>,
}

async fn lab(extra: &str) -> Lab {
    let a = echo("a").await;
    let b = echo("b").await;
    let c = echo("c").await;
    let text = format!(
        "listen u\n mode udp\n bind 127.0.0.1:1\n timeout client 10s\n{extra}\n server a {a}\n server b {b}\n server c {c} backup\n"
    );
    let cfg = Config::parse(Path::new("t.cfg"), &text).unwrap();
    let rt = Arc::new(Runtime::build(cfg, Arc::new(Process::default()), None));
    let sock = bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listen = sock.local_addr().unwrap();
    let (stop, rx) = watch::channel(false);
    let fe = rt.frontends[0].clone();
    let ctx = Arc::new(crate::data::Context::new(rt.clone(), None));
    tokio::spawn(serve(sock, move || fe.clone(), rx, ctx));
    Lab { rt, listen, stop }
}

/// Send `msg` from `c` to the proxy; the server's name and where the reply came from.
async fn ask(c: &UdpSocket, to: SocketAddr, msg: &str) -> (String, SocketAddr) {
    c.send_to(msg.as_bytes(), to).await.unwrap();
    let mut buf = [0u8; 2048];
    let (n, from) = tokio::time::timeout(Duration::from_secs(5), c.recv_from(&mut buf))
        .await
        .expect("a reply")
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]).to_string();
    let (name, echoed) = text.split_once(':').unwrap();
    assert_eq!(echoed, msg);
    (name.to_string(), from)
}

async fn client() -> UdpSocket {
    UdpSocket::bind("127.0.0.1:0").await.unwrap()
}

fn set_maint(rt: &Runtime, name: &str, maint: bool) {
    let (_, s) = rt.server("u", name).unwrap();
    let s = s.clone();
    lock(&s.detail).maint = maint;
    rt.refresh(&s, "test");
}

#[tokio::test]
async fn sessions_round_robin_stick_and_move_off_unusable_servers() {
    let l = lab("").await;
    let (c1, c2) = (client().await, client().await);
    let (s1, from) = ask(&c1, l.listen, "hello").await;
    assert_eq!(from, l.listen, "replies come from the listening address");
    let (s2, _) = ask(&c2, l.listen, "hello").await;
    assert_ne!(s1, s2, "two clients, two servers (round robin)");
    for i in 0..5 {
        assert_eq!(ask(&c1, l.listen, &format!("m{i}")).await.0, s1);
    }
    let fe = &l.rt.frontends[0];
    let be = &l.rt.backends[0];
    assert_eq!(fe.c.cur.load(Relaxed), 2);
    assert_eq!(fe.c.tot.load(Relaxed), 2);
    assert_eq!(be.c.cur.load(Relaxed), 2);
    assert!(fe.c.bin.load(Relaxed) >= 20 && fe.c.bout.load(Relaxed) > fe.c.bin.load(Relaxed));
    // expire_nodest_conn: the next datagram of c1 goes elsewhere.
    set_maint(&l.rt, &s1, true);
    assert_eq!(ask(&c1, l.listen, "again").await.0, s2);
    assert_eq!(be.c.cur.load(Relaxed), 2, "the old session ended");
    // The backup takes traffic only when no active server is usable.
    set_maint(&l.rt, &s2, true);
    assert_eq!(ask(&c1, l.listen, "x").await.0, "c");
    assert_eq!(ask(&c2, l.listen, "x").await.0, "c");
    set_maint(&l.rt, "a", false);
    assert_eq!(ask(&c1, l.listen, "y").await.0, "a");
    // Stopping the listener ends every session.
    l.stop.send(true).unwrap();
    for _ in 0..100 {
        if fe.c.cur.load(Relaxed) == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(fe.c.cur.load(Relaxed), 0);
    assert_eq!(
        be.servers
            .iter()
            .map(|s| s.c.cur.load(Relaxed))
            .sum::<u32>(),
        0
    );
    assert_eq!(l.rt.process.sessions.load(Relaxed), 0);
}

#[tokio::test]
async fn persistence_keeps_a_client_network_on_its_server() {
    let l = lab(" persist source 1h").await;
    let first = ask(&client().await, l.listen, "p").await.0;
    // Other source ports of the same address: same server, though round robin would alternate.
    for _ in 0..4 {
        assert_eq!(ask(&client().await, l.listen, "p").await.0, first);
    }
    assert_eq!(l.rt.process.persist.len(), 1);
    // Its server unusable: the binding moves with the next session.
    set_maint(&l.rt, &first, true);
    let c = client().await;
    let second = ask(&c, l.listen, "q").await.0;
    assert_ne!(second, first);
    set_maint(&l.rt, &first, false);
    assert_eq!(ask(&client().await, l.listen, "r").await.0, second);
    let _ = l.stop.send(true);
}

#[tokio::test]
async fn idle_sessions_end_and_maxconn_counts_sessions() {
    let a = echo("a").await;
    let text = format!(
        "listen u\n mode udp\n bind 127.0.0.1:1\n timeout client 100ms\n server a {a} maxconn 1\n"
    );
    let cfg = Config::parse(Path::new("t.cfg"), &text).unwrap();
    let rt = Arc::new(Runtime::build(cfg, Arc::new(Process::default()), None));
    let sock = bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listen = sock.local_addr().unwrap();
    let (_stop, rx) = watch::channel(false);
    let fe = rt.frontends[0].clone();
    let ctx = Arc::new(crate::data::Context::new(rt.clone(), None));
    tokio::spawn(serve(sock, move || fe.clone(), rx, ctx));
    let c1 = client().await;
    assert_eq!(ask(&c1, listen, "1").await.0, "a");
    // The only slot is taken: another client's datagram is dropped and counted.
    let c2 = client().await;
    c2.send_to(b"2", listen).await.unwrap();
    let mut buf = [0u8; 64];
    let r = tokio::time::timeout(Duration::from_millis(300), c2.recv_from(&mut buf)).await;
    assert!(r.is_err(), "no reply without a slot");
    let fe = &rt.frontends[0];
    assert!(fe.c.dreq.load(Relaxed) >= 1);
    // Once c1's session is idle long enough it ends and frees the slot.
    let mut ended = false;
    for _ in 0..200 {
        if fe.c.cur.load(Relaxed) == 0 {
            ended = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(ended, "idle session ended");
    assert_eq!(ask(&c2, listen, "3").await.0, "a");
}

/// Poll `f` for up to 3 s (sessions are swept every quarter of their 2 s idle timeout).
async fn eventually(mut f: impl FnMut() -> bool) -> bool {
    for _ in 0..300 {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

#[tokio::test]
async fn reload_keeps_sessions_on_kept_servers_and_counts_them_on_the_new_generation() {
    let a = echo("a").await;
    let b = echo("b").await;
    let text = format!(
        "listen u\n mode udp\n bind 127.0.0.1:1\n timeout client 2s\n server a {a}\n server b {b}\n"
    );
    let process = Arc::new(Process::default());
    let build = |text: &str, prev: Option<&Runtime>| {
        let cfg = Config::parse(Path::new("t.cfg"), text).unwrap();
        Arc::new(Runtime::build(cfg, process.clone(), prev))
    };
    let rt1 = build(&text, None);
    let current = Arc::new(ArcSwap::new(rt1.frontends[0].clone()));
    let sock = bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listen = sock.local_addr().unwrap();
    let (_stop, rx) = watch::channel(false);
    let cur = current.clone();
    let ctx = Arc::new(crate::data::Context::new(rt1.clone(), None));
    tokio::spawn(serve(sock, move || cur.load_full(), rx, ctx.clone()));
    let (c, quiet) = (client().await, client().await);
    let first = ask(&c, listen, "1").await.0;
    let other = ask(&quiet, listen, "1").await.0;
    assert_ne!(first, other);
    // Same servers: the sessions stay, counted on the new frontend and backend (the one that
    // sends at its datagram, the quiet one at the next sweep); no new session is counted.
    let rt2 = build(&text, Some(&rt1));
    current.store(rt2.frontends[0].clone());
    ctx.swap(rt2.clone());
    assert_eq!(ask(&c, listen, "2").await.0, first);
    let (fe1, fe2) = (&rt1.frontends[0], &rt2.frontends[0]);
    assert!(eventually(|| fe2.c.cur.load(Relaxed) == 2).await);
    assert_eq!(fe1.c.cur.load(Relaxed), 0);
    assert_eq!(rt1.backends[0].c.cur.load(Relaxed), 0);
    assert_eq!(rt2.backends[0].c.cur.load(Relaxed), 2);
    assert_eq!(fe2.c.tot.load(Relaxed), 2, "no new session counted");
    // The server of `c` redefined: its next datagram opens a new session.
    let addr = if first == "a" { a } else { b };
    let rt3 = build(
        &text.replace(
            &format!("{first} {addr}"),
            &format!("{first} {addr} weight 2"),
        ),
        Some(&rt2),
    );
    current.store(rt3.frontends[0].clone());
    let _ = ask(&c, listen, "3").await;
    let fe3 = &rt3.frontends[0];
    assert_eq!(fe3.c.tot.load(Relaxed), 3);
    assert!(eventually(|| fe3.c.cur.load(Relaxed) == 2).await);
    assert_eq!(fe2.c.cur.load(Relaxed), 0);
    assert_eq!(process.sessions.load(Relaxed), 2);
}

#[tokio::test]
async fn shut_down_sessions_end_and_the_client_gets_a_new_one() {
    let l = lab("").await;
    let c = client().await;
    let s1 = ask(&c, l.listen, "1").await.0;
    let fe = &l.rt.frontends[0];
    let (_, srv) = l.rt.server("u", &s1).unwrap();
    // `on-marked-down shutdown-sessions` and the admin socket fire the server's kill switch.
    srv.kill.fire();
    assert!(eventually(|| fe.c.cur.load(Relaxed) == 0).await);
    assert_eq!(srv.c.cur.load(Relaxed), 0);
    let _ = ask(&c, l.listen, "2").await;
    assert_eq!(fe.c.tot.load(Relaxed), 2);
    assert_eq!(fe.c.cur.load(Relaxed), 1);
    let _ = l.stop.send(true);
}
