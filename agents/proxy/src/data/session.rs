//! One client connection in TCP mode: pick a server (waiting in the backend queue under
//! `maxconn`), connect with `retries`/`redispatch`, then copy both ways until either side is
//! done, the session is idle for `timeout client`/`timeout server`, or its server is shut down
//! (`on-marked-down shutdown-sessions`, admin) or the process stops hard.
//!
//! Everything runs in the task of the connection on the thread that accepted it; counters are
//! atomics, so nothing on this path takes a lock.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tokio::net::TcpStream;

use crate::config::Mode;
use crate::data::upstream::{connect, pick_or_queue, Slots, Term};
use crate::runtime::state::{Backend, Frontend, Process, Server};

/// Bytes of one session.
#[derive(Default)]
struct Activity {
    bin: AtomicU64,
    bout: AtomicU64,
}

struct ServerSlot {
    be: Arc<Backend>,
    srv: Arc<Server>,
}

impl Drop for ServerSlot {
    fn drop(&mut self) {
        self.be.release(&self.srv);
    }
}

/// Serve one accepted client connection.
pub async fn serve(fe: Arc<Frontend>, client: TcpStream, peer: SocketAddr, slots: Slots) {
    if fe.cfg.mode == Mode::Http {
        return crate::data::http::conn::serve(fe, client, peer, slots).await;
    }
    let accepted = Instant::now();
    let accept_time = SystemTime::now();
    let process = slots.ctx.process.clone();
    fe.c.enter();
    if fe.cfg.clitcpka {
        let _ = socket2::SockRef::from(&client).set_keepalive(true);
    }
    // Conditional `use_backend` in TCP mode: route once, on a complete request head when the
    // conditions need one (the bytes read are forwarded first).
    let (routed, prefix) = if fe.rules.conditional {
        let (be, bytes) = crate::data::http::conn::route_tcp(&fe, &slots.ctx, &client, peer).await;
        (Some(be), bytes)
    } else {
        (None, Vec::new())
    };
    let act = Activity::default();
    let (term, be, srv, tw, tc) = run(&fe, routed, client, peer, prefix, &act, &process).await;
    let (bin, bout) = (act.bin.load(Relaxed), act.bout.load(Relaxed));
    fe.c.bin.fetch_add(bin, Relaxed);
    fe.c.bout.fetch_add(bout, Relaxed);
    if let Some(be) = &be {
        be.c.bin.fetch_add(bin, Relaxed);
        be.c.bout.fetch_add(bout, Relaxed);
    }
    if let Some(s) = &srv {
        s.c.bin.fetch_add(bin, Relaxed);
        s.c.bout.fetch_add(bout, Relaxed);
    }
    if fe.cfg.tcplog && !fe.cfg.logs.is_empty() {
        let line = format!(
            "{} [{}] {} {}/{} {}/{}/{} {} {}{} {}/{}/{}/{}/0 0/0",
            peer,
            crate::runtime::logger::clf_time(accept_time),
            fe.cfg.name,
            be.as_ref()
                .map(|b| b.cfg.name.as_str())
                .unwrap_or("<NOSRV>"),
            srv.as_ref()
                .map(|s| s.cfg.name.as_str())
                .unwrap_or("<NOSRV>"),
            tw.map(|d| d.as_millis() as i64).unwrap_or(-1),
            tc.map(|d| d.as_millis() as i64).unwrap_or(-1),
            accepted.elapsed().as_millis(),
            bout,
            term.0,
            term.1,
            process.sessions.load(Relaxed),
            fe.c.cur.load(Relaxed),
            be.as_ref().map(|b| b.c.cur.load(Relaxed)).unwrap_or(0),
            srv.as_ref().map(|s| s.c.cur.load(Relaxed)).unwrap_or(0),
        );
        crate::runtime::logger::traffic(&fe.cfg, &line);
    }
    fe.c.leave();
    drop(slots);
}

type Outcome = (
    Term,
    Option<Arc<Backend>>,
    Option<Arc<Server>>,
    Option<Duration>,
    Option<Duration>,
);

async fn run(
    fe: &Arc<Frontend>,
    routed: Option<Option<Arc<Backend>>>,
    client: TcpStream,
    peer: SocketAddr,
    prefix: Vec<u8>,
    act: &Activity,
    process: &Arc<Process>,
) -> Outcome {
    let Some(be) = routed.unwrap_or_else(|| fe.backend.clone()) else {
        fe.c.ereq.fetch_add(1, Relaxed);
        return (Term('P', 'R'), None, None, None, None);
    };
    be.c.enter();
    let r = run_backend(fe, &be, client, peer, prefix, act, process).await;
    be.c.leave();
    r
}

#[allow(clippy::too_many_arguments)]
async fn run_backend(
    fe: &Arc<Frontend>,
    be: &Arc<Backend>,
    client: TcpStream,
    peer: SocketAddr,
    prefix: Vec<u8>,
    act: &Activity,
    process: &Arc<Process>,
) -> Outcome {
    let t = be.cfg.timeouts;
    let queued_at = Instant::now();
    // `persist source`: the server this client network is bound to, when still usable.
    let bound = crate::data::upstream::bound_server(process, be, peer.ip());
    let picked = match bound {
        Some(s) => Ok(s),
        None => pick_or_queue(be, peer, t.queue.or(t.connect)).await,
    };
    let srv = match picked {
        Ok(s) => s,
        Err(term) => {
            if fe.cfg.mode == Mode::Http {
                // HTTP mode answers like HAProxy instead of just closing.
                let mut client = client;
                crate::data::http::send_error(&mut client, 503, "Service Unavailable").await;
            }
            return (
                term,
                Some(be.clone()),
                None,
                Some(queued_at.elapsed()),
                None,
            );
        }
    };
    let tw = queued_at.elapsed();
    let mut slot = ServerSlot {
        be: be.clone(),
        srv,
    };
    let connect_to = t.connect.unwrap_or(Duration::from_secs(3600));
    let mut attempts = 0u32;
    let connect_start = Instant::now();
    let server = loop {
        // A server without a port gets the port the client connected to (one syscall, only
        // for such servers).
        let target = slot.srv.addr.map(|a| {
            if a.port() == 0 {
                let port = client.local_addr().map(|l| l.port()).unwrap_or(0);
                SocketAddr::new(a.ip(), port)
            } else {
                a
            }
        });
        let res = match target {
            Some(addr) => connect(addr, connect_to, be.cfg.srvtcpka).await,
            None => Err(io::Error::new(
                io::ErrorKind::AddrNotAvailable,
                "unresolved",
            )),
        };
        match res {
            Ok(s) => break s,
            Err(_) => {
                slot.srv.c.econ.fetch_add(1, Relaxed);
                be.c.econ.fetch_add(1, Relaxed);
                if attempts >= be.cfg.retries {
                    return (
                        Term('S', 'C'),
                        Some(be.clone()),
                        Some(slot.srv.clone()),
                        Some(tw),
                        None,
                    );
                }
                attempts += 1;
                slot.srv.c.wretr.fetch_add(1, Relaxed);
                be.c.wretr.fetch_add(1, Relaxed);
                let last = attempts == be.cfg.retries;
                if be.cfg.redispatch && last {
                    if let Some(other) = be.pick(Some(peer), Some(&slot.srv)) {
                        slot.srv.c.wredis.fetch_add(1, Relaxed);
                        be.c.wredis.fetch_add(1, Relaxed);
                        slot = ServerSlot {
                            be: be.clone(),
                            srv: other,
                        };
                        continue;
                    }
                }
                tokio::time::sleep(connect_to.min(Duration::from_secs(1))).await;
            }
        }
    };
    let tc = connect_start.elapsed();
    let srv = slot.srv.clone();
    let _bound = crate::data::upstream::Held::begin(process, be, peer.ip(), &srv);
    let idle = match (fe.cfg.timeouts.client, t.server) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let idle = t.tunnel.or(idle);
    let mut server = server;
    if !prefix.is_empty() {
        use tokio::io::AsyncWriteExt;
        act.bin.fetch_add(prefix.len() as u64, Relaxed);
        if server.write_all(&prefix).await.is_err() {
            return (
                Term('S', 'D'),
                Some(be.clone()),
                Some(srv),
                Some(tw),
                Some(tc),
            );
        }
    }
    let mut client = client;
    let (end, moved) = crate::data::pump::run(
        &mut client,
        &mut server,
        idle,
        [&srv.kill, &process.kill_all],
    )
    .await;
    drop(client);
    drop(server);
    act.bin.fetch_add(moved.up, Relaxed);
    act.bout.fetch_add(moved.down, Relaxed);
    let term = match end {
        crate::data::pump::End::Done => Term('-', '-'),
        crate::data::pump::End::Error => {
            srv.c.eresp.fetch_add(1, Relaxed);
            Term('S', 'D')
        }
        crate::data::pump::End::Idle => Term('c', 'D'),
        crate::data::pump::End::Killed(flag) => Term(flag, 'D'),
    };
    drop(slot);
    (term, Some(be.clone()), Some(srv), Some(tw), Some(tc))
}
