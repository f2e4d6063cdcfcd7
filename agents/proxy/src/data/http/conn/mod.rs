//! One client connection in HTTP mode, all in the task that accepted it: read a request head
//! into the connection's buffer (bounded by `tune.bufsize` and `timeout http-request`), apply
//! the frontend's `http-request` rules, choose the backend (`use_backend`/`default_backend`),
//! apply the backend's rules, answer `stats` itself, balance the request on its own (per-request
//! round robin), take an idle connection to the chosen server from this thread's pool or open
//! one, send the rewritten head and the body (Content-Length or chunked, relaying
//! `100 Continue`), apply the `http-response` rules (backend's, then frontend's) to the response
//! head, relay the response, give the server connection back to the pool and loop for the next
//! (possibly pipelined) request until either side closes or `timeout http-keep-alive` expires.
//! After `101 Switching Protocols` (or a 2xx answer to CONNECT) the connection becomes a tunnel
//! run by [`crate::data::pump`].
//!
//! A request is attached to its server from the moment it is connected: when the server's
//! sessions are shut down (`shutdown-sessions` and friends), it gets a 502 if no byte of the
//! response was sent yet (the connection stays open) and is closed otherwise, as in HAProxy 2.6.
//!
//! No per-request task, channel or lock: heads are parsed in place ([`h1`](super::h1)), rewritten into one
//! reused buffer and usually written with one `write` per side; timers are only armed when a
//! socket would block; the kill switch costs an atomic load per poll.
//!
//! This file holds the connection, its client side and the rules; `server` the way a request
//! goes to its server and the response comes back.

use std::future::{poll_fn, Future};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime};

use tokio::net::TcpStream;
use tokio::time::{Instant as TInstant, Sleep};

mod server;

use super::h1::{lower_in_place, Body, Chunked, Head, Parsed, Span};
use super::rules::{canon, render, Req};
use crate::config::rules::{Action, Redirect};
use crate::config::Global;
use crate::data::upstream::Slots;
use crate::data::Context;
use crate::runtime::killswitch::{KillSwitch, LocalWaker};
use crate::runtime::state::{Backend, Frontend, Process, Rules, Server};

/// HAProxy's default `tune.bufsize`.
pub const BUFSIZE: usize = crate::config::DEFAULT_BUFSIZE;
/// HAProxy's default `tune.maxrewrite`.
const MAXREWRITE: usize = 1024;

struct SrvSlot<'f> {
    be: &'f Backend,
    srv: Arc<Server>,
}

impl Drop for SrvSlot<'_> {
    fn drop(&mut self) {
        self.be.release(&self.srv);
    }
}

/// What one request did, for the log line and the loop.
struct Done<'f> {
    status: u16,
    bytes: u64,
    keep: bool,
    be: Option<&'f Backend>,
    srv: Option<Arc<Server>>,
    tw: i64,
    tc: i64,
    tr: i64,
    term: (char, char),
    /// Answered by the stats page: its backend counts the bytes but not the request, as
    /// HAProxy's stats applet does.
    applet: bool,
}

impl Done<'_> {
    /// A request that ended with its connection, on `srv`, its timers not measured.
    fn closed(status: u16, bytes: u64, srv: Arc<Server>, term: (char, char)) -> Self {
        Done {
            status,
            bytes,
            keep: false,
            be: None,
            srv: Some(srv),
            tw: -1,
            tc: -1,
            tr: -1,
            term,
            applet: false,
        }
    }

    fn local(status: u16, bytes: usize, keep: bool, term: (char, char)) -> Self {
        Done {
            status,
            bytes: bytes as u64,
            keep,
            be: None,
            srv: None,
            tw: -1,
            tc: -1,
            tr: -1,
            term,
            applet: false,
        }
    }
}

/// What [`Conn::forward`] learnt from the request head, for the steps of the exchange.
struct Exchange {
    req_body: Body,
    connect: bool,
    client_keep: bool,
    /// What a request that gets an error page or is killed before its response may keep:
    /// `client_keep` when it has no body (HAProxy keeps the connection open then).
    keep: bool,
    req_minor: u8,
    upgrade: bool,
    /// A WebSocket handshake.
    websocket: bool,
    t_srv: Option<Duration>,
    t_cli: Option<Duration>,
}

/// Why sending a request did not get a response head.
enum Sent {
    /// A reused connection was closed: replay on a new one.
    Retry,
    /// Answer with this error page.
    Failed(u16),
    /// The response head did not come.
    NoHead(RspErr),
}

/// How a response relay ended.
enum Next<'f> {
    Done(Done<'f>),
    /// Switch to a tunnel (after these bytes went to the client).
    Tunnel(TcpStream, SrvSlot<'f>, u64),
}

/// Run `f` (part of a request's exchange with its server) until it ends or `kill` fires past
/// generation `seen` (None then). Each poll costs one atomic load. `f` is pinned by the
/// caller: moving a request's state machine into a wrapper would copy it (measured: twice the
/// `memcpy` per request).
fn killable<'a, F: Future>(
    kill: &'a KillSwitch,
    seen: u64,
    f: Pin<&'a mut F>,
    lw: &'a mut LocalWaker,
) -> impl Future<Output = Option<F::Output>> + 'a {
    unless(move || kill.generation() != seen, f, lw)
}

/// Run `f` until it ends, or None as soon as `gone` holds, looked at on every poll. The task's
/// waker goes in its thread's list (`lw`: no lock, once per connection) so that a kill switch,
/// a drain or a reload wakes it to look; it is registered before `gone` is read, so a change
/// in between is not missed.
fn unless<'a, F: Future>(
    gone: impl Fn() -> bool + 'a,
    mut f: Pin<&'a mut F>,
    lw: &'a mut LocalWaker,
) -> impl Future<Output = Option<F::Output>> + 'a {
    poll_fn(move |cx| {
        lw.register(cx);
        if gone() {
            return Poll::Ready(None);
        }
        f.as_mut().poll(cx).map(Some)
    })
}

/// Where forwarding the current request's body stands. Kept in the connection, not in a
/// future, so that forwarding can stop when the server answers early and resume after an
/// interim (1xx) answer without losing a byte.
#[derive(Default)]
struct ReqBody {
    kind: Body,
    /// Bytes of a Content-Length body not yet read from the client.
    left: u64,
    chunked: Chunked,
    /// Bytes at `buf[start..]` read and framed but not yet written to the server.
    pending: usize,
    /// All of it reached the server.
    whole: bool,
}

impl ReqBody {
    fn read_all(&self) -> bool {
        match self.kind {
            Body::Len(_) => self.left == 0,
            Body::Chunked => self.chunked.done(),
            _ => true,
        }
    }
}

/// Per-request header edits from `http-request` rules.
#[derive(Default)]
struct Edits {
    del: Vec<String>,
    add: Vec<(String, Vec<u8>)>,
}

/// The connection's state; `'f` is the frontend (and the generation's backends), held by the
/// task, so a request touches no reference count.
struct Conn<'f> {
    fe: &'f Frontend,
    ctx: Arc<Context>,
    client: TcpStream,
    peer: SocketAddr,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    head: Head,
    rsp: Head,
    out: Vec<u8>,
    sbuf: Vec<u8>,
    slen: usize,
    timer: Timer,
    peer_ip: String,
    logging: bool,
    generation: u64,
    /// Request bytes sent to the server for the current request.
    sent: u64,
    /// Response bytes written to the client for the current request (also what the log counts
    /// when the request is killed half-way).
    relayed: u64,
    /// When the first request's head is due (from the accept).
    due: Option<TInstant>,
    edits: Edits,
    /// Header edits of `http-response` rules for the current response.
    rsp_edits: Edits,
    /// The current request's body.
    rb: ReqBody,
    /// This task in the thread's list of tasks to wake when a kill switch fires: registered by
    /// the first request that waits on its server, kept for the connection's life (a fire is
    /// rare; an idle connection woken for nothing just polls its read again).
    lw: LocalWaker,
    bufsize: usize,
    max_head: usize,
    first: bool,
    /// The current request is `HEAD` (pages the proxy makes go without their body).
    head_req: bool,
    /// The current request's backend once chosen: its `errorfile`s come before the
    /// frontend's.
    be: Option<&'f Backend>,
    /// `http-reuse never`: this client's own idle server connection, for its next request
    /// to the same server.
    private: Option<Private>,
    /// Where `http-send-name-header`'s line goes in `out`, and its length there.
    name_at: usize,
    name_len: usize,
}

/// An idle server connection kept for one client (`http-reuse never`).
struct Private {
    addr: SocketAddr,
    s: TcpStream,
    srv: std::sync::Weak<Server>,
    kills: u64,
}

/// Serve one accepted client connection of an HTTP-mode frontend.
pub async fn serve(fe: Arc<Frontend>, client: TcpStream, peer: SocketAddr, slots: Slots) {
    fe.c.enter();
    if fe.cfg.clitcpka {
        let _ = socket2::SockRef::from(&client).set_keepalive(true);
    }
    let process = &slots.ctx.process;
    let killed = process.kill_all.generation();
    // The first request's head is due `timeout http-request` after the accept.
    let t = &fe.cfg.timeouts;
    let due = deadline(t.http_request.or(t.client));
    let mut lw = LocalWaker::default();
    // Until its first byte a connection holds only this small state (344 bytes: a 512-byte
    // task); the connection's state machine is allocated when data arrives, so thousands of
    // idle clients cost little more than their sockets.
    let first = FirstByte {
        client: &client,
        process,
        lw: &mut lw,
        killed,
        sleep: due.map(tokio::time::sleep_until),
    };
    match first.await {
        Err(HeadErr::Close) => {}
        first => {
            Box::pin(connection(
                &fe, &slots.ctx, client, peer, lw, due, killed, first,
            ))
            .await
        }
    }
    fe.c.leave();
    drop(slots);
}

/// Serve a connection whose first byte came (or whose wait for it ended with `first`) until it
/// closes or the process kills every session (`kill_all` past `killed`).
#[allow(clippy::too_many_arguments)]
async fn connection(
    fe: &Frontend,
    ctx: &Arc<Context>,
    client: TcpStream,
    peer: SocketAddr,
    lw: LocalWaker,
    due: Option<TInstant>,
    killed: u64,
    first: Result<(), HeadErr>,
) {
    let process = &ctx.process;
    let (bufsize, max_head) = sizes(&ctx.current().cfg.global);
    let mut c = Conn {
        fe,
        ctx: ctx.clone(),
        client,
        peer,
        buf: Vec::new(),
        start: 0,
        end: 0,
        head: Head::default(),
        rsp: Head::default(),
        out: Vec::new(),
        sbuf: Vec::new(),
        slen: 0,
        timer: Timer::default(),
        peer_ip: canon(peer.ip()).to_string(),
        logging: !fe.cfg.logs.is_empty() && (fe.cfg.httplog || fe.cfg.tcplog),
        generation: process.generation.load(Relaxed),
        sent: 0,
        relayed: 0,
        due,
        edits: Edits::default(),
        rsp_edits: Edits::default(),
        rb: ReqBody::default(),
        lw,
        bufsize,
        max_head,
        first: true,
        head_req: false,
        be: None,
        private: None,
        name_at: 0,
        name_len: 0,
    };
    let work = async {
        match first {
            Ok(()) => c.run().await,
            Err(e) => c.refuse(e).await,
        }
    };
    tokio::select! {
        _ = work => {}
        _ = process.kill_all.wait_since(killed) => {}
    }
}

pin_project_lite::pin_project! {
    /// Waits for a new connection's first byte, until its timer (then a 408, as HAProxy
    /// answers a connection that sent nothing). A new socket reports itself readable before any
    /// data came, hence a peek rather than `readable()`. A draining process or a fired
    /// `kill_all` (past `killed`) closes it at once (a reload does not: it gets its first
    /// request served, then closes as stale); `lw` has the task woken when either may have
    /// happened.
    ///
    /// A future of its own rather than composed of `peek`, `timeout` and `Notified` (about 550
    /// bytes of waiters for every idle connection) or an `async fn` (which keeps its arguments
    /// and the references of its closure besides): `poll_peek` leaves the waker with the
    /// socket's registration, and the idle task fits in tokio's 512-byte size class.
    struct FirstByte<'a> {
        client: &'a TcpStream,
        process: &'a Process,
        lw: &'a mut LocalWaker,
        killed: u64,
        #[pin]
        sleep: Option<tokio::time::Sleep>,
    }
}

impl Future for FirstByte<'_> {
    type Output = Result<(), HeadErr>;

    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        // Registered before the flags are read, so a change in between wakes the task.
        this.lw.register(cx);
        let p = this.process;
        if p.stopping.load(Relaxed) || p.kill_all.generation() != *this.killed {
            return Poll::Ready(Err(HeadErr::Close));
        }
        let mut probe = [0u8; 1];
        match this
            .client
            .poll_peek(cx, &mut tokio::io::ReadBuf::new(&mut probe))
        {
            Poll::Ready(Ok(0)) | Poll::Ready(Err(_)) => return Poll::Ready(Err(HeadErr::Close)),
            Poll::Ready(Ok(_)) => return Poll::Ready(Ok(())),
            Poll::Pending => {}
        }
        match this.sleep.as_pin_mut().map(|s| s.poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(Err(HeadErr::Status(408))),
            _ => Poll::Pending,
        }
    }
}

/// See [`Conn::stale`].
fn stale(process: &Process, generation: u64) -> bool {
    process.stopping.load(Relaxed) || process.generation.load(Relaxed) != generation
}

/// `tune.bufsize` and the largest request head it allows (`tune.bufsize - tune.maxrewrite`).
fn sizes(g: &Global) -> (usize, usize) {
    let b = g.bufsize.unwrap_or(BUFSIZE);
    let m = g.maxrewrite.unwrap_or(MAXREWRITE.min(b / 2)).min(b / 2);
    (b, b - m)
}

/// One timer per connection, re-armed lazily: it is set at the earliest deadline seen and,
/// when it fires early (the deadline moved on), re-armed once. Timeouts restart with every
/// read, so re-arming the timer wheel on each one would cost more than the read itself.
#[derive(Default)]
struct Timer(Option<Pin<Box<Sleep>>>);

impl Timer {
    fn arm(&mut self, due: TInstant) -> &mut Pin<Box<Sleep>> {
        match &mut self.0 {
            Some(t) => {
                if t.deadline() > due || t.is_elapsed() {
                    t.as_mut().reset(due);
                }
            }
            None => self.0 = Some(Box::pin(tokio::time::sleep_until(due))),
        }
        self.0.as_mut().expect("armed above")
    }
}

/// Read, waiting at most until `dl`. Through `AsyncRead`, which marks the socket not ready
/// after a short read, so the next read waits in epoll instead of costing an EAGAIN.
async fn read_dl(
    s: &mut TcpStream,
    buf: &mut [u8],
    dl: Option<TInstant>,
    timer: &mut Timer,
) -> io::Result<usize> {
    use tokio::io::AsyncReadExt;
    let Some(due) = dl else {
        return s.read(buf).await;
    };
    let mut read = std::pin::pin!(s.read(buf));
    loop {
        let t = timer.arm(due);
        tokio::select! {
            biased;
            r = &mut read => return r,
            _ = t => {
                if TInstant::now() >= due {
                    return Err(io::ErrorKind::TimedOut.into());
                }
            }
        }
    }
}

/// [`read_dl`] for a shared socket.
async fn read_shared(s: &TcpStream, buf: &mut [u8], dl: Option<TInstant>) -> io::Result<usize> {
    loop {
        match s.try_read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
        match dl {
            Some(d) => match tokio::time::timeout_at(d, s.readable()).await {
                Ok(r) => r?,
                Err(_) => return Err(io::ErrorKind::TimedOut.into()),
            },
            None => s.readable().await?,
        }
    }
}

/// Write everything, arming the timer only when the socket blocks.
async fn write_all(s: &TcpStream, mut buf: &[u8], t: Option<Duration>) -> io::Result<()> {
    let mut dl = None;
    while !buf.is_empty() {
        match s.try_write(buf) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => buf = &buf[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let d = *dl.get_or_insert_with(|| t.map(|t| TInstant::now() + t));
                match d {
                    Some(d) => match tokio::time::timeout_at(d, s.writable()).await {
                        Ok(r) => r?,
                        Err(_) => return Err(io::ErrorKind::TimedOut.into()),
                    },
                    None => s.writable().await?,
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Now, when timings are wanted.
fn clock(on: bool) -> Option<Instant> {
    on.then(Instant::now)
}

/// Milliseconds since `t`, or -1 (HAProxy's "not measured").
fn ms(t: Option<Instant>) -> i64 {
    t.map(|t| t.elapsed().as_millis() as i64).unwrap_or(-1)
}

fn deadline(t: Option<Duration>) -> Option<TInstant> {
    t.map(|t| TInstant::now() + t)
}

/// Write the header line `name: value` of the head in `b`, its name in lower case as HAProxy
/// 2.6 sends names.
fn push_header(out: &mut Vec<u8>, b: &[u8], n: Span, v: Span) {
    let (na, nb, va, vb) = (n.a as usize, n.b as usize, v.a as usize, v.b as usize);
    let at = out.len();
    // The usual line, exactly `Name: value` and CRLF, is copied whole: one copy per header
    // instead of four.
    if va == nb + 2 && &b[nb..va] == b": " && b.get(vb..vb + 2) == Some(b"\r\n") {
        out.extend_from_slice(&b[na..vb + 2]);
    } else {
        out.extend_from_slice(&b[na..nb]);
        out.extend_from_slice(b": ");
        out.extend_from_slice(&b[va..vb]);
        out.extend_from_slice(b"\r\n");
    }
    lower_in_place(&mut out[at..at + (nb - na)]);
}

enum HeadErr {
    /// Close without answering.
    Close,
    /// Answer with this error page and close.
    Status(u16),
}

impl<'f> Conn<'f> {
    /// A request head that did not come whole: answer `e`'s error page, if any, and log it.
    async fn refuse(&mut self, e: HeadErr) {
        if let HeadErr::Status(code) = e {
            self.fe.c.ereq.fetch_add(1, Relaxed);
            // Counted as a request answered with `code`, as HAProxy does.
            self.fe.c.request_arrived();
            self.fe.c.responded(code);
            let page = super::head_error_response(code);
            let _ = write_all(&self.client, page, self.fe.cfg.timeouts.client).await;
            self.log(
                SystemTime::now(),
                Some(Instant::now()),
                // As HAProxy logs it: no byte counted, 'P' for a request it refused,
                // 'c' for a client that timed out.
                &Done::local(
                    code,
                    0,
                    false,
                    if code == 408 { ('c', 'R') } else { ('P', 'R') },
                ),
                None,
            );
        }
    }

    async fn run(&mut self) {
        loop {
            if let Err(e) = self.read_head().await {
                return self.refuse(e).await;
            }
            self.fe.c.request_arrived();
            // Clocks are read for the log line only.
            let accepted = if self.logging {
                SystemTime::now()
            } else {
                SystemTime::UNIX_EPOCH
            };
            let t0 = clock(self.logging);
            let line = self.request_line_for_log();
            // Boxed: the request's state machine is allocated while a request is in flight,
            // so an idle keep-alive connection keeps only the small one of `read_head`.
            let done = Box::pin(self.request()).await;
            self.fe.c.bout.fetch_add(done.bytes, Relaxed);
            self.fe.c.responded(done.status);
            match done.be {
                Some(be) if done.applet => _ = be.c.bout.fetch_add(done.bytes, Relaxed),
                Some(be) => be.c.http_request(done.status),
                None => {}
            }
            if let Some(srv) = &done.srv {
                srv.c.http_request(done.status);
            }
            self.log(accepted, t0, &done, line.as_deref());
            if !done.keep || self.stale() {
                if !self.rb.read_all() {
                    self.linger().await;
                }
                return;
            }
            self.first = false;
        }
    }

    /// Close a connection whose client may still be sending a request body: closed with
    /// unread bytes, the socket would send a reset, which can destroy the answer before the
    /// client read it. Half-close, then read and discard for a while.
    async fn linger(&mut self) {
        use tokio::io::AsyncWriteExt;
        if self.client.shutdown().await.is_err() {
            return;
        }
        let dl = TInstant::now() + Duration::from_secs(1);
        let mut drained = 0;
        let mut scrap = [0u8; 4096];
        while drained < (1 << 20) {
            match read_dl(&mut self.client, &mut scrap, Some(dl), &mut self.timer).await {
                Ok(n) if n > 0 => drained += n,
                _ => return,
            }
        }
    }

    /// Stopping, or reloaded since this connection started: it holds the rules and servers of
    /// its generation, whose health is no longer checked, so like HAProxy's old process after
    /// a reload it closes once idle and the client's next connection gets the new generation.
    fn stale(&self) -> bool {
        stale(&self.ctx.process, self.generation)
    }

    fn request_line_for_log(&self) -> Option<String> {
        if self.fe.cfg.logs.is_empty() || !(self.fe.cfg.httplog || self.fe.cfg.tcplog) {
            return None;
        }
        let b = &self.buf[self.start..self.end];
        Some(format!(
            "{} {} HTTP/1.{}",
            String::from_utf8_lossy(self.head.method.get(b)),
            String::from_utf8_lossy(self.head.uri.get(b)),
            self.head.minor
        ))
    }

    fn log(&self, accepted: SystemTime, t0: Option<Instant>, d: &Done<'_>, line: Option<&str>) {
        let cfg = &self.fe.cfg;
        if cfg.logs.is_empty() || !(cfg.httplog || cfg.tcplog) {
            return;
        }
        let ta = ms(t0);
        let be =
            d.be.as_ref()
                .map(|b| b.cfg.name.as_str())
                .unwrap_or(&cfg.name);
        let srv = d
            .srv
            .as_ref()
            .map(|s| s.cfg.name.as_str())
            .unwrap_or("<NOSRV>");
        let conns = format!(
            "{}/{}/{}/{}/0 0/0",
            self.ctx.process.sessions.load(Relaxed),
            self.fe.c.cur.load(Relaxed),
            d.be.as_ref().map(|b| b.c.cur.load(Relaxed)).unwrap_or(0),
            d.srv.as_ref().map(|s| s.c.cur.load(Relaxed)).unwrap_or(0),
        );
        let peer = format!("{}:{}", canon(self.peer.ip()), self.peer.port());
        let text = if cfg.httplog {
            format!(
                "{peer} [{}] {} {be}/{srv} {}/{}/{}/{}/{ta} {} {} - - {}{}-- {conns} \"{}\"",
                crate::runtime::logger::clf_time(accepted),
                cfg.name,
                if line.is_some() { 0 } else { -1 },
                d.tw,
                d.tc,
                d.tr,
                d.status,
                d.bytes,
                d.term.0,
                d.term.1,
                line.unwrap_or("<BADREQ>"),
            )
        } else {
            format!(
                "{peer} [{}] {} {be}/{srv} {}/{}/{ta} {} {}{} {conns}",
                crate::runtime::logger::clf_time(accepted),
                cfg.name,
                d.tw,
                d.tc,
                d.bytes,
                d.term.0,
                d.term.1,
            )
        };
        crate::runtime::logger::traffic(cfg, &text);
    }

    /// Read until a complete request head is at `buf[start..]`.
    async fn read_head(&mut self) -> Result<(), HeadErr> {
        let t = &self.fe.cfg.timeouts;
        let t_req = t.http_request.or(t.client);
        let t_ka = t.http_keep_alive.or(t_req);
        let mut got = self.end > self.start;
        let mut dl = if self.first {
            self.due
        } else {
            deadline(if got { t_req } else { t_ka })
        };
        loop {
            if self.end > self.start {
                match self.head.parse_request(&self.buf[self.start..self.end]) {
                    Parsed::Done => {
                        self.head_req = self.head.method.get(&self.buf[self.start..]) == b"HEAD";
                        return Ok(());
                    }
                    Parsed::Bad(why) => {
                        tracing::debug!("{}: 400 from {}: {why}", self.fe.cfg.name, self.peer);
                        return Err(HeadErr::Status(400));
                    }
                    Parsed::Partial => {
                        if self.end - self.start >= self.max_head {
                            tracing::debug!(
                                "{}: 400 from {}: request head larger than {} bytes",
                                self.fe.cfg.name,
                                self.peer,
                                self.max_head
                            );
                            return Err(HeadErr::Status(400));
                        }
                    }
                }
            }
            if self.buf.is_empty() {
                // Allocated once the first byte came (see `FirstByte`).
                self.buf = vec![0; self.bufsize];
            }
            if self.start == self.end {
                self.start = 0;
                self.end = 0;
            } else if self.end == self.buf.len() {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            // Idle between keep-alive requests: woken when the process drains or reloads, so
            // it never waits for `timeout http-keep-alive` to let a stop or reload finish.
            let r = if got || self.first {
                read_dl(
                    &mut self.client,
                    &mut self.buf[self.end..],
                    dl,
                    &mut self.timer,
                )
                .await
            } else {
                let (process, generation) = (&self.ctx.process, self.generation);
                let read = std::pin::pin!(read_dl(
                    &mut self.client,
                    &mut self.buf[self.end..],
                    dl,
                    &mut self.timer
                ));
                match unless(|| stale(process, generation), read, &mut self.lw).await {
                    Some(r) => r,
                    None => return Err(HeadErr::Close),
                }
            };
            match r {
                Ok(0) => return Err(HeadErr::Close),
                Ok(n) => {
                    self.end += n;
                    if !got && !self.first {
                        dl = deadline(t_req);
                    }
                    got = true;
                }
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                    // An idle keep-alive connection closes silently; a started (or first)
                    // request gets a 408.
                    if !got && !self.first {
                        return Err(HeadErr::Close);
                    }
                    return Err(HeadErr::Status(408));
                }
                Err(_) => return Err(HeadErr::Close),
            }
        }
    }

    /// The error page for `code` answering the current request: the backend's `errorfile`,
    /// else the frontend's, else the built-in page (HAProxy's order). Returns the bytes and
    /// whether the connection stays open after them (`keep`, unless the page has no length).
    fn page(&self, code: u16, keep: bool) -> (Vec<u8>, bool) {
        let keep = keep && !self.client_close();
        let custom = self
            .be
            .map(|b| &*b.cfg)
            .into_iter()
            .chain([&*self.fe.cfg])
            .find_map(|p| p.errorfiles.get(&code));
        super::page(code, custom, self.framing(keep))
    }

    /// Whether the client's connection closes after each response: `option httpclose` in
    /// the frontend.
    fn client_close(&self) -> bool {
        self.fe.cfg.conn_mode == crate::config::ConnMode::Close
    }

    /// Whether server connections close after each response: either section says so
    /// (`option http-server-close` or `httpclose`).
    fn server_close(&self, be: &Backend) -> bool {
        use crate::config::ConnMode::KeepAlive;
        self.fe.cfg.conn_mode != KeepAlive || be.cfg.conn_mode != KeepAlive
    }

    /// How a page the proxy makes answers the current request.
    fn framing(&self, keep: bool) -> super::Framing {
        super::Framing {
            keep,
            head: self.head_req,
            http10: self.head.minor == 0,
        }
    }

    fn req(&self) -> Req<'_> {
        Req {
            buf: &self.buf[self.start..self.end],
            head: Some(&self.head),
            src: self.peer.ip(),
            status: None,
        }
    }

    /// Apply `http-request` rules; Some(response) when one answers.
    fn apply(&mut self, rules: &Rules) -> Option<(Vec<u8>, u16, bool)> {
        for (action, cond) in &rules.req {
            if !rules.holds(cond, &self.req()) {
                continue;
            }
            match action {
                Action::Allow => return None,
                Action::Deny(code) => {
                    self.fe.c.dreq.fetch_add(1, Relaxed);
                    // HAProxy 2.6 keeps the connection after a deny (when nothing of the
                    // request is left to read).
                    let (page, keep) = self.page(*code, self.head.persistent_without_body());
                    return Some((page, *code, keep));
                }
                Action::DelHeader(n) => {
                    self.edits.add.retain(|(a, _)| a != n);
                    self.edits.del.push(n.clone());
                }
                Action::SetHeader(n, fmt) | Action::AddHeader(n, fmt) => {
                    let mut v = Vec::new();
                    render(fmt, &self.req(), self.peer.port(), &mut v);
                    if matches!(action, Action::SetHeader(..)) {
                        self.edits.add.retain(|(a, _)| a != n);
                        self.edits.del.push(n.clone());
                    }
                    self.edits.add.push((n.clone(), v));
                }
                Action::Redirect {
                    to,
                    code,
                    drop_query,
                } => {
                    let r = self.req();
                    let mut loc = Vec::new();
                    let target = r.uri().unwrap_or(b"/");
                    let target = if *drop_query {
                        r.path().unwrap_or(b"/")
                    } else {
                        target
                    };
                    match to {
                        Redirect::Location(f) => render(f, &r, self.peer.port(), &mut loc),
                        Redirect::Prefix(p) => {
                            loc.extend_from_slice(p);
                            loc.extend_from_slice(target);
                        }
                        Redirect::Scheme(s) => {
                            loc.extend_from_slice(s);
                            loc.extend_from_slice(b"://");
                            if let Some(h) = self.head.values(r.buf, "host").next() {
                                loc.extend_from_slice(h);
                            }
                            loc.extend_from_slice(target);
                        }
                    }
                    let reason = match code {
                        301 => "Moved Permanently",
                        303 => "See Other",
                        307 => "Temporary Redirect",
                        308 => "Permanent Redirect",
                        _ => "Found",
                    };
                    let keep = self.head.persistent_without_body();
                    let mut out =
                        format!("HTTP/1.1 {code} {reason}\r\ncontent-length: 0\r\nlocation: ")
                            .into_bytes();
                    out.extend_from_slice(&loc);
                    out.extend_from_slice(b"\r\ncache-control: no-cache\r\n");
                    if !keep {
                        out.extend_from_slice(b"connection: close\r\n");
                    }
                    out.extend_from_slice(b"\r\n");
                    return Some((out, *code, keep));
                }
            }
        }
        None
    }

    /// Serve the request whose head is parsed at `buf[start..]`.
    async fn request(&mut self) -> Done<'f> {
        // A request answered here leaves its body unread.
        self.rb = ReqBody {
            kind: self.head.body,
            left: match self.head.body {
                Body::Len(n) => n,
                _ => 0,
            },
            ..ReqBody::default()
        };
        self.edits.del.clear();
        self.edits.add.clear();
        self.be = None;
        let fe: &'f Frontend = self.fe;
        if let Some(m) = &fe.cfg.monitor_uri {
            // Before any rule, as in HAProxy: the answer says the proxy is up, whatever the
            // rules would make of the request.
            if self.req().uri().map(super::rules::origin_form) == Some(m.as_bytes()) {
                fe.c.intercepted.fetch_add(1, Relaxed);
                let (page, keep) = self.page(200, self.head.persistent_without_body());
                return self.answer(page, 200, keep).await;
            }
        }
        let fe_rules: &'f Rules = &fe.rules;
        if let Some((resp, code, keep)) = self.apply(fe_rules) {
            return self.answer(resp, code, keep).await;
        }
        let be: Option<&'f Arc<Backend>> = fe_rules.switch(&self.req());
        let Some(be) = be else {
            let (page, keep) = self.page(503, self.head.persistent_without_body());
            return self.answer(page, 503, keep).await;
        };
        self.be = Some(be);
        let same = fe.cfg.kind == crate::config::Kind::Listen && be.cfg.name == fe.cfg.name;
        if !same {
            let be_rules: &'f Rules = &be.rules;
            if let Some((resp, code, keep)) = self.apply(be_rules) {
                return self.answer(resp, code, keep).await;
            }
        }
        for st in [&fe.cfg.stats, &be.cfg.stats] {
            if st.enabled
                && self
                    .req()
                    .uri()
                    .is_some_and(|u| u.starts_with(st.uri().as_bytes()))
            {
                fe.c.intercepted.fetch_add(1, Relaxed);
                let r = self.req();
                // Kept open as HAProxy 2.6 keeps it.
                let keep = self.head.persistent_without_body();
                let resp = super::stats_response(
                    &self.ctx,
                    st,
                    &String::from_utf8_lossy(r.uri().unwrap_or_default()),
                    self.head.values(r.buf, "authorization").next(),
                    self.framing(keep),
                );
                let code = std::str::from_utf8(&resp[9..12])
                    .ok()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(200);
                be.c.bin.fetch_add(self.head.len as u64, Relaxed);
                let mut d = self.answer(resp, code, keep).await;
                d.be = Some(be);
                d.applet = true;
                return d;
            }
        }
        be.c.enter();
        let mut lw = std::mem::take(&mut self.lw);
        let mut d = self.forward(be, &mut lw).await;
        self.lw = lw;
        be.c.leave();
        be.c.bout.fetch_add(d.bytes, Relaxed);
        d.be = Some(be);
        d
    }

    /// The request's server was shut down. As HAProxy 2.6 does: a request still waiting for
    /// its response head gets a 502 and its connection stays open; once part of the response
    /// was sent, the connection closes.
    async fn killed(
        &mut self,
        replied: bool,
        keep: bool,
        srv: Arc<Server>,
        (tw, tc): (i64, i64),
    ) -> Done<'f> {
        // Why, as HAProxy's log says it: `D` server down, `U` active server up, `K` killed.
        let flag = srv.kill.flag();
        let srv = Some(srv);
        if replied {
            return Done {
                status: self.rsp.code,
                bytes: self.relayed,
                keep: false,
                be: None,
                srv,
                tw,
                tc,
                tr: -1,
                term: (flag, 'D'),
                applet: false,
            };
        }
        let (page, keep) = self.page(502, keep);
        let ok = write_all(&self.client, &page, self.fe.cfg.timeouts.client)
            .await
            .is_ok();
        Done {
            status: 502,
            bytes: page.len() as u64,
            keep: keep && ok,
            be: None,
            srv,
            tw,
            tc,
            tr: -1,
            term: (flag, 'H'),
            applet: false,
        }
    }

    /// Send a locally generated response; the request body, if any, is not read.
    async fn answer(&mut self, resp: Vec<u8>, code: u16, keep: bool) -> Done<'f> {
        let keep = keep && self.head.body == Body::None;
        self.fe.c.bin.fetch_add(self.head.len as u64, Relaxed);
        self.start += self.head.len;
        let ok = write_all(&self.client, &resp, self.fe.cfg.timeouts.client)
            .await
            .is_ok();
        Done::local(code, resp.len(), keep && ok, ('P', 'R'))
    }
}

enum RspErr {
    Closed,
    Bad,
    Timeout,
}

/// TCP-mode frontends whose `use_backend` conditions need layer-7 fetches (seed 002's FE as
/// written): wait for a complete request head, at most `timeout client` and `tune.bufsize`,
/// so routing never depends on how the bytes were split into packets, then pick the backend.
/// Returns the backend and the bytes read (forwarded before the rest of the stream).
pub async fn route_tcp(
    fe: &Frontend,
    ctx: &Context,
    client: &TcpStream,
    peer: SocketAddr,
) -> (Option<Arc<Backend>>, Vec<u8>) {
    let rules = &fe.rules;
    let mut buf = Vec::new();
    let mut head = Head::default();
    let mut parsed = false;
    if rules.l7_switching {
        let (bufsize, max_head) = sizes(&ctx.current().cfg.global);
        let dl = deadline(fe.cfg.timeouts.client);
        buf.resize(bufsize, 0);
        let mut end = 0;
        loop {
            match read_shared(client, &mut buf[end..], dl).await {
                Ok(0) | Err(_) => break,
                Ok(n) => end += n,
            }
            match head.parse_request(&buf[..end]) {
                Parsed::Done => {
                    parsed = true;
                    break;
                }
                Parsed::Bad(_) => break,
                Parsed::Partial if end >= max_head => break,
                Parsed::Partial => {}
            }
        }
        buf.truncate(end);
    }
    let req = Req {
        buf: &buf,
        head: parsed.then_some(&head),
        src: peer.ip(),
        status: None,
    };
    let be = rules.switch(&req).cloned();
    (be, buf)
}
