//! The server side of one request: the head sent to the server, connecting (from this thread's
//! pool or anew, with `retries` and `redispatch`), sending the request and its body, reading
//! the response head, applying the `http-response` rules, relaying the response and, after an
//! upgrade, the tunnel.

use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpStream;

use super::{
    clock, deadline, killable, ms, push_header, read_dl, write_all, Conn, Done, Exchange, Next,
    ReqBody, RspErr, Sent, SrvSlot,
};
use crate::config::rules::Action;
use crate::config::Reuse;
use crate::data::http::h1::{name_is, Body, Chunked, Parsed};
use crate::data::http::pool;
use crate::data::http::rules::{canon, render, Req};
use crate::runtime::killswitch::LocalWaker;
use crate::runtime::state::{Backend, Rules, Server};

impl<'f> Conn<'f> {
    /// Build the head sent to the server into `out`.
    fn build_request(&mut self, be: &Backend) {
        let server_close = self.server_close(be);
        let b = &self.buf[self.start..self.end];
        let h = &self.head;
        let out = &mut self.out;
        out.clear();
        out.extend_from_slice(h.method.get(b));
        out.push(b' ');
        out.extend_from_slice(h.uri.get(b));
        out.extend_from_slice(if h.minor == 0 {
            b" HTTP/1.0\r\n"
        } else {
            b" HTTP/1.1\r\n"
        });
        let mut cl_done = false;
        let send_name = be.cfg.send_name_header.as_deref().map(str::as_bytes);
        for (n, v) in &h.hdrs {
            let name = n.get(b);
            if name_is(name, b"connection")
                || send_name.is_some_and(|s| name.eq_ignore_ascii_case(s))
                || self
                    .edits
                    .del
                    .iter()
                    .any(|d| name.eq_ignore_ascii_case(d.as_bytes()))
            {
                continue;
            }
            if name_is(name, b"content-length") {
                // Equal duplicates (`5, 5` or two lines) leave as one line, as HAProxy does.
                if !cl_done {
                    let len = match h.body {
                        Body::Len(l) => l,
                        _ => 0,
                    };
                    out.extend_from_slice(format!("content-length: {len}\r\n").as_bytes());
                    cl_done = true;
                }
                continue;
            }
            push_header(out, b, *n, *v);
        }
        for (n, v) in &self.edits.add {
            out.extend_from_slice(n.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(v);
            out.extend_from_slice(b"\r\n");
        }
        if let Some(ff) = be.rules.ff.as_ref().or(self.fe.rules.ff.as_ref()) {
            let ip = canon(self.peer.ip());
            let skip = ff.except.is_some_and(|n| n.contains(&ip))
                || (ff.if_none && h.values(b, &ff.name).next().is_some());
            if !skip {
                out.extend_from_slice(ff.name.as_bytes());
                out.extend_from_slice(b": ");
                out.extend_from_slice(self.peer_ip.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        if let Some(ot) = be.rules.ot.as_ref().or(self.fe.rules.ot.as_ref()) {
            // The address the client connected to (read only when asked for: a system call).
            if let Ok(dst) = self.client.local_addr() {
                let ip = canon(dst.ip());
                if !ot.except.is_some_and(|n| n.contains(&ip)) {
                    out.extend_from_slice(ot.name.as_bytes());
                    out.extend_from_slice(b": ");
                    out.extend_from_slice(ip.to_string().as_bytes());
                    out.extend_from_slice(b"\r\n");
                }
            }
        }
        // `http-send-name-header` goes here once the server is known (`put_server_name`).
        self.name_at = out.len();
        self.name_len = 0;
        if h.upgrade {
            out.extend_from_slice(b"connection: upgrade\r\n");
        } else if server_close {
            out.extend_from_slice(b"connection: close\r\n");
        } else if h.minor == 0 {
            out.extend_from_slice(b"connection: keep-alive\r\n");
        }
        out.extend_from_slice(b"\r\n");
    }

    /// A server connection: an idle one from the pool or a new one, with `retries` and
    /// `option redispatch` on connection failure.
    #[allow(clippy::type_complexity)]
    async fn connect(
        &mut self,
        be: &'f Arc<Backend>,
    ) -> Result<(SrvSlot<'f>, TcpStream, SocketAddr, bool, i64, i64), (u16, Option<Arc<Server>>, i64)>
    {
        let t = be.cfg.timeouts;
        let q0 = clock(self.logging);
        let srv = crate::data::upstream::pick_or_queue(be, self.peer, t.queue.or(t.connect))
            .await
            .map_err(|_| (503, None, ms(q0)))?;
        let tw = ms(q0);
        let mut slot = SrvSlot { be, srv };
        let connect_to = t.connect.unwrap_or(Duration::from_secs(3600));
        let c0 = clock(self.logging);
        let mut attempts = 0;
        loop {
            let addr = slot.srv.addr.map(|a| {
                if a.port() == 0 {
                    let port = self.client.local_addr().map(|l| l.port()).unwrap_or(0);
                    SocketAddr::new(a.ip(), port)
                } else {
                    a
                }
            });
            if let Some(addr) = addr {
                // HAProxy's default `http-reuse safe`: a client's first request goes on a
                // connection of its own, so a connection the server is closing never fails
                // a request that cannot be replayed from the client's point of view, and a
                // server that expects one request per new connection sees exactly that;
                // later requests may take any idle one.
                let idle = if self.server_close(be) {
                    None
                } else {
                    match be.cfg.http_reuse {
                        Reuse::Never => self.take_private(addr, &slot.srv),
                        Reuse::Safe if self.first => None,
                        Reuse::Safe | Reuse::Always => pool::take(addr, &slot.srv, false),
                        Reuse::Aggressive => pool::take(addr, &slot.srv, self.first),
                    }
                };
                if let Some(s) = idle {
                    return Ok((slot, s, addr, true, tw, 0));
                }
                if let Ok(s) =
                    crate::data::upstream::connect(addr, connect_to, be.cfg.srvtcpka).await
                {
                    return Ok((slot, s, addr, false, tw, ms(c0)));
                }
            }
            slot.srv.c.econ.fetch_add(1, Relaxed);
            be.c.econ.fetch_add(1, Relaxed);
            if attempts >= be.cfg.retries {
                return Err((503, Some(slot.srv.clone()), tw));
            }
            attempts += 1;
            slot.srv.c.wretr.fetch_add(1, Relaxed);
            be.c.wretr.fetch_add(1, Relaxed);
            if be.cfg.redispatch && attempts == be.cfg.retries {
                if let Some(other) = be.pick(Some(self.peer), Some(&slot.srv)) {
                    slot.srv.c.wredis.fetch_add(1, Relaxed);
                    be.c.wredis.fetch_add(1, Relaxed);
                    slot = SrvSlot { be, srv: other };
                    continue;
                }
            }
            tokio::time::sleep(connect_to.min(Duration::from_secs(1))).await;
        }
    }

    /// `http-send-name-header`: the name of the server the request goes to, in place of the
    /// one a previous attempt named.
    fn put_server_name(&mut self, be: &Backend, srv: &Server) {
        let Some(name) = &be.cfg.send_name_header else {
            return;
        };
        let line = format!("{}: {}\r\n", name.to_ascii_lowercase(), srv.cfg.name);
        let at = self.name_at;
        self.out.splice(at..at + self.name_len, line.bytes());
        self.name_len = line.len();
    }

    /// This client's own idle connection (`http-reuse never`) when it goes to `addr` for
    /// `srv` and is still good; it is dropped otherwise.
    fn take_private(&mut self, addr: SocketAddr, srv: &Arc<Server>) -> Option<TcpStream> {
        let p = self.private.take()?;
        let same = p.addr == addr && std::ptr::eq(p.srv.as_ptr(), Arc::as_ptr(srv));
        (same && srv.kill.generation() == p.kills && pool::quiet(&p.s)).then_some(p.s)
    }

    /// Forward the request to a server of `be` and relay the response. From the moment it is
    /// connected, the request is attached to its server: when the server's sessions are shut
    /// down (its kill switch), the exchange stops where it is ([`Conn::killed`]).
    pub(super) async fn forward(&mut self, be: &'f Arc<Backend>, lw: &mut LocalWaker) -> Done<'f> {
        self.slen = 0;
        self.build_request(be);
        let req_body = self.head.body;
        let method = self.head.method.get(&self.buf[self.start..]);
        let x = Exchange {
            req_body,
            connect: method == b"CONNECT",
            client_keep: self.head.persistent() && !self.client_close(),
            keep: self.head.persistent_without_body() && !self.client_close(),
            req_minor: self.head.minor,
            upgrade: self.head.upgrade,
            websocket: self.head.websocket,
            t_srv: be.cfg.timeouts.server,
            t_cli: self.fe.cfg.timeouts.client,
        };
        let keep = x.keep;
        self.start += self.head.len;
        let mut retried = false;
        let (slot, server, saddr, tw, tc, kills, reused) = loop {
            let (slot, mut server, saddr, reused, tw, tc) = match self.connect(be).await {
                Ok(c) => c,
                Err((code, srv, tw)) => {
                    // No server to take it: HAProxy 2.6 answers and keeps the connection.
                    let mut d = self.answer_after_head(code, keep).await;
                    d.srv = srv;
                    d.tw = tw;
                    d.term = ('S', 'C');
                    return d;
                }
            };
            self.put_server_name(be, &slot.srv);
            let kills = slot.srv.kill.generation();
            let sent = {
                let f = pin!(self.send_request(&mut server, &x, reused, retried));
                killable(&slot.srv.kill, kills, f, lw).await
            };
            match sent {
                None => return self.killed(false, keep, slot.srv.clone(), (tw, tc)).await,
                Some(Ok(())) => break (slot, server, saddr, tw, tc, kills, reused),
                Some(Err(Sent::Retry)) => {
                    retried = true;
                    self.build_again(be);
                }
                Some(Err(Sent::Failed(code))) => {
                    let mut d = self.answer_after_head(code, keep).await;
                    d.srv = Some(slot.srv.clone());
                    return d;
                }
                Some(Err(Sent::NoHead(e))) => {
                    slot.srv.c.eresp.fetch_add(1, Relaxed);
                    be.c.eresp.fetch_add(1, Relaxed);
                    let code = if matches!(e, RspErr::Timeout) {
                        504
                    } else {
                        502
                    };
                    let mut d = self.answer_after_head(code, keep).await;
                    d.srv = Some(slot.srv.clone());
                    d.term = if code == 504 { ('s', 'H') } else { ('S', 'H') };
                    return d;
                }
            }
        };
        let srv = slot.srv.clone();
        let replied = AtomicBool::new(false);
        self.relayed = 0;
        let r = {
            let f = pin!(self.respond(
                be,
                &x,
                slot,
                server,
                saddr,
                (tw, tc, kills, reused),
                &replied
            ));
            killable(&srv.kill, kills, f, lw).await
        };
        match r {
            Some(Next::Done(d)) => d,
            // The tunnel watches the kill switch itself, counting what it moved.
            Some(Next::Tunnel(server, slot, bytes)) => self.tunnel(server, slot, bytes).await,
            None => {
                self.killed(replied.load(Relaxed), keep, srv, (tw, tc))
                    .await
            }
        }
    }

    /// Send the request head and body (unless it waits for `100 Continue`) and read the
    /// response head.
    async fn send_request(
        &mut self,
        server: &mut TcpStream,
        x: &Exchange,
        reused: bool,
        retried: bool,
    ) -> Result<(), Sent> {
        let req_body = x.req_body;
        self.rb = ReqBody {
            kind: req_body,
            left: match req_body {
                Body::Len(n) => n,
                _ => 0,
            },
            chunked: Chunked::default(),
            pending: 0,
            whole: req_body == Body::None,
        };
        // The head, plus what of the body is already here, in one write.
        let mut sent_body = false;
        {
            match req_body {
                Body::Len(_) => {
                    let k = (self.rb.left as usize).min(self.end - self.start);
                    self.out
                        .extend_from_slice(&self.buf[self.start..self.start + k]);
                    self.start += k;
                    self.rb.left -= k as u64;
                    sent_body = k > 0;
                }
                Body::Chunked => match self.rb.chunked.feed(&self.buf[self.start..self.end]) {
                    Ok(k) => {
                        self.out
                            .extend_from_slice(&self.buf[self.start..self.start + k]);
                        self.start += k;
                        sent_body = k > 0;
                    }
                    Err(_) => return Err(Sent::Failed(400)),
                },
                _ => {}
            }
        }
        let w = write_all(server, &self.out, x.t_srv).await;
        self.sent = self.out.len() as u64;
        if w.is_err() {
            if reused && !sent_body && !retried {
                return Err(Sent::Retry);
            }
            return Err(Sent::Failed(502));
        }
        if req_body != Body::None {
            // Until the server answers: an early answer is passed on at once. With
            // `Expect: 100-continue` too, as HAProxy 2.6 does: the body goes as it comes (the
            // client sends it when the server's `100 Continue` reached it, or when it tired of
            // waiting), so a server that answers neither way cannot hold both sides.
            self.send_body(server, x.t_srv)
                .await
                .map_err(Sent::Failed)?;
        }
        // A reused connection the server closed meanwhile fails before any byte of the
        // response: safe to replay a request without a body on a new connection.
        match self
            .read_response_head(server, self.head_req, x.t_srv)
            .await
        {
            Ok(()) => Ok(()),
            Err(RspErr::Closed) if reused && req_body == Body::None && !retried => Err(Sent::Retry),
            Err(e) => Err(Sent::NoHead(e)),
        }
    }

    /// Relay the response whose head is in `rsp` (interim responses first); `replied` is set
    /// once any of it went to the client.
    #[allow(clippy::too_many_arguments)]
    async fn respond(
        &mut self,
        be: &'f Backend,
        x: &Exchange,
        slot: SrvSlot<'f>,
        mut server: TcpStream,
        saddr: SocketAddr,
        (tw, tc, kills, reused): (i64, i64, u64, bool),
        replied: &AtomicBool,
    ) -> Next<'f> {
        let (t_srv, t_cli) = (x.t_srv, x.t_cli);
        let srv = slot.srv.clone();
        let t_resp = clock(self.logging);
        let mut client_keep = x.client_keep;
        // Interim responses: relay them, and the body they interrupted goes on. (A `101` to an
        // upgrade is the final response.)
        loop {
            let code = self.rsp.code;
            if !(100..200).contains(&code) || (code == 101 && x.upgrade) {
                break;
            }
            if code == 101 {
                // Switching protocols for a request that did not ask to: invalid, as HAProxy
                // 2.6 answers it.
                return self.invalid_response(be, srv, server, false).await;
            }
            let n = self.rsp.len;
            replied.store(true, Relaxed);
            if write_all(&self.client, &self.sbuf[..n], t_cli)
                .await
                .is_err()
            {
                return Next::Done(self.fail(srv, 'C', self.relayed));
            }
            self.relayed += n as u64;
            self.sbuf.copy_within(n..self.slen, 0);
            self.slen -= n;
            // What of the body the interim answer interrupted goes on, unless more of the
            // answer is here already.
            if !self.rb.whole && self.slen == 0 {
                if let Err(code) = self.send_body(&server, t_srv).await {
                    // Part of the body may be left unread: the connection closes.
                    let mut d = self.answer_after_head(code, false).await;
                    d.srv = Some(srv);
                    return Next::Done(d);
                }
            }
            if let Err(e) = self
                .read_response_head(&mut server, self.head_req, t_srv)
                .await
            {
                let code = if matches!(e, RspErr::Timeout) {
                    504
                } else {
                    502
                };
                srv.c.eresp.fetch_add(1, Relaxed);
                let mut d = self.answer_after_head(code, x.keep).await;
                d.srv = Some(srv);
                return Next::Done(d);
            }
        }
        let body_sent = self.rb.whole;
        if !body_sent {
            // The server answered without waiting for the body: the client's next bytes are
            // that body, so this connection cannot carry another request.
            client_keep = false;
        }
        let status = self.rsp.code;
        let tunnel = (status == 101 && x.upgrade) || (x.connect && (200..300).contains(&status));
        if status == 101 && x.websocket && !self.rsp.websocket {
            // HAProxy 2.6 takes a WebSocket `101` without `Sec-WebSocket-Accept` for an invalid
            // response: a 502 on a connection that stays open.
            return self.invalid_response(be, srv, server, client_keep).await;
        }
        if let Some(code) = self.apply_response(be) {
            // Denied: the response goes no further (nor does its server connection) and the
            // client gets an error page on a connection that stays open, as with HAProxy 2.6.
            drop(server);
            let client_keep = client_keep && !tunnel;
            let (page, client_keep) = self.page(code, client_keep);
            let ok = write_all(&self.client, &page, t_cli).await.is_ok();
            for c in [&self.fe.c, &be.c, &srv.c] {
                c.bin.fetch_add(self.sent, Relaxed);
                // HAProxy 2.6 counts it on all three, whichever section denied.
                c.dresp.fetch_add(1, Relaxed);
            }
            return Next::Done(Done {
                status: code,
                bytes: page.len() as u64,
                keep: client_keep && ok,
                be: None,
                srv: Some(srv),
                tw,
                tc,
                tr: ms(t_resp),
                term: ('P', 'H'),
                applet: false,
            });
        }
        if tunnel {
            // The switched protocol (`101`) or the tunnel a CONNECT asked for (2xx): the head,
            // rewritten like any response's (without body framing, which neither can have),
            // then bytes both ways.
            self.build_response(true, x.req_minor, true);
            let n = self.rsp.len;
            replied.store(true, Relaxed);
            if write_all(&self.client, &self.out, t_cli).await.is_err() {
                return Next::Done(self.fail(srv, 'C', self.relayed));
            }
            self.relayed += self.out.len() as u64;
            self.sbuf.copy_within(n..self.slen, 0);
            self.slen -= n;
            return Next::Tunnel(server, slot, self.relayed);
        }
        let rsp_body = self.rsp.body;
        let server_keep = self.rsp.persistent() && rsp_body != Body::UntilClose && body_sent;
        if rsp_body == Body::UntilClose {
            client_keep = false;
        }
        // Response head, rewritten, plus what of the body is already here.
        self.build_response(client_keep, x.req_minor, false);
        let n = self.rsp.len;
        let mut left = match rsp_body {
            Body::Len(l) => l,
            _ => 0,
        };
        let mut chunked = Chunked::default();
        let avail = self.slen - n;
        let k = match rsp_body {
            Body::None => 0,
            Body::Len(_) => (left as usize).min(avail),
            Body::UntilClose => avail,
            Body::Chunked => match chunked.feed(&self.sbuf[n..self.slen]) {
                Ok(k) => k,
                Err(_) => {
                    // Nothing of it went to the client yet: a 502, and both connections close
                    // (where the server meant its message to end is anyone's guess).
                    self.slen = 0;
                    return self.invalid_response(be, srv, server, false).await;
                }
            },
        };
        self.out.extend_from_slice(&self.sbuf[n..n + k]);
        if let Body::Len(_) = rsp_body {
            left -= k as u64;
        }
        let extra = avail - k;
        self.slen = 0;
        replied.store(true, Relaxed);
        if write_all(&self.client, &self.out, t_cli).await.is_err() {
            return Next::Done(self.fail(srv, 'C', self.relayed));
        }
        self.relayed += self.out.len() as u64;
        let tr = ms(t_resp);
        let mut complete = match rsp_body {
            Body::None => true,
            Body::Len(_) => left == 0,
            Body::Chunked => chunked.done(),
            Body::UntilClose => false,
        };
        // Whether the server sent nothing past the end of the response.
        let mut exact = extra == 0;
        if !complete {
            match self
                .relay_body(&mut server, rsp_body, left, &mut chunked, t_srv, t_cli)
                .await
            {
                Ok(clean) => {
                    complete = rsp_body != Body::UntilClose;
                    exact = clean;
                }
                Err(side) => return Next::Done(self.fail(srv, side, self.relayed)),
            }
        }
        srv.c.bout.fetch_add(self.relayed, Relaxed);
        for c in [&self.fe.c, &be.c, &srv.c] {
            c.bin.fetch_add(self.sent, Relaxed);
        }
        if server_keep && complete && exact && !self.server_close(be) {
            if be.cfg.http_reuse == Reuse::Never {
                self.private = Some(super::Private {
                    addr: saddr,
                    s: server,
                    srv: Arc::downgrade(&srv),
                    kills,
                });
            } else {
                let sessions = self.ctx.process.sessions.load(Relaxed) as usize;
                // Taken idle, it has now carried more than one request.
                pool::put(saddr, server, &srv, kills, sessions, reused);
            }
        } else {
            drop(server);
        }
        drop(slot);
        Next::Done(Done {
            status,
            bytes: self.relayed,
            keep: client_keep && complete,
            be: None,
            srv: Some(srv),
            tw,
            tc,
            tr,
            term: ('-', '-'),
            applet: false,
        })
    }

    /// A response found invalid before any of it went to the client: the server connection
    /// goes, the client gets a 502 (its connection kept when `keep`), logged `PH` as by
    /// HAProxy 2.6.
    async fn invalid_response(
        &mut self,
        be: &Backend,
        srv: Arc<Server>,
        server: TcpStream,
        keep: bool,
    ) -> Next<'f> {
        srv.c.eresp.fetch_add(1, Relaxed);
        be.c.eresp.fetch_add(1, Relaxed);
        drop(server);
        let mut d = self.answer_after_head(502, keep).await;
        d.srv = Some(srv);
        d.term = ('P', 'H');
        Next::Done(d)
    }

    /// Rebuild the request head after the body bytes were appended (retry on a new connection).
    fn build_again(&mut self, be: &Backend) {
        // Only requests without a body are replayed, so `start` only moved past the head.
        let len = self.head.len;
        self.start -= len;
        self.build_request(be);
        self.start += len;
    }

    fn fail(&self, srv: Arc<Server>, side: char, bytes: u64) -> Done<'f> {
        if side == 'S' {
            srv.c.eresp.fetch_add(1, Relaxed);
        }
        Done::closed(self.rsp.code, bytes, srv, (side, 'D'))
    }

    /// An error page after the head was consumed; the connection stays open when `keep`
    /// (HAProxy 2.6 keeps it after a 502, 503 or 504 to a request without a body).
    async fn answer_after_head(&mut self, code: u16, keep: bool) -> Done<'f> {
        // A body that does not parse is HAProxy's HTTP/1 multiplexer's finding, answered with
        // its raw page on a connection that closes.
        let (page, keep) = if code == 400 {
            (crate::data::http::head_error_response(code).to_vec(), false)
        } else {
            self.page(code, keep)
        };
        let ok = write_all(&self.client, &page, self.fe.cfg.timeouts.client)
            .await
            .is_ok();
        Done::local(code, page.len(), keep && ok, ('S', 'H'))
    }

    /// Forward the rest of the request body ([`ReqBody`]) from the client, until all of it
    /// went or the server has something to say (an answer, its close): it is passed on at once,
    /// as HAProxy 2.6 does, rather than after the client finished sending; `rb.whole` tells
    /// which. Err(the error page) when a side fails.
    async fn send_body(&mut self, server: &TcpStream, t_srv: Option<Duration>) -> Result<(), u16> {
        let t_cli = self.fe.cfg.timeouts.client;
        let mut probe = [0u8; 1];
        let mut write_dl = None;
        loop {
            if self.rb.pending > 0 {
                let a = self.start;
                match server.try_write(&self.buf[a..a + self.rb.pending]) {
                    Ok(0) => return Err(502),
                    Ok(n) => {
                        self.start += n;
                        self.rb.pending -= n;
                        self.sent += n as u64;
                        write_dl = None;
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        let dl = *write_dl.get_or_insert_with(|| deadline(t_srv));
                        let writable = async {
                            match dl {
                                Some(d) => tokio::time::timeout_at(d, server.writable())
                                    .await
                                    .unwrap_or_else(|_| Err(io::ErrorKind::TimedOut.into())),
                                None => server.writable().await,
                            }
                        };
                        tokio::select! {
                            biased;
                            _ = server.peek(&mut probe) => return Ok(()),
                            w = writable => w.map_err(|_| 502u16)?,
                        }
                    }
                    Err(_) => return Err(502),
                }
                continue;
            }
            if self.rb.read_all() {
                self.rb.whole = true;
                return Ok(());
            }
            // Whatever is buffered first, then fresh reads.
            if self.start == self.end {
                self.start = 0;
                self.end = 0;
                let read = read_dl(
                    &mut self.client,
                    &mut self.buf[..],
                    deadline(t_cli),
                    &mut self.timer,
                );
                tokio::select! {
                    biased;
                    _ = server.peek(&mut probe) => return Ok(()),
                    r = read => match r {
                        Ok(0) | Err(_) => return Err(400),
                        Ok(n) => self.end = n,
                    },
                }
            }
            let avail = &self.buf[self.start..self.end];
            let rb = &mut self.rb;
            let k = match rb.kind {
                Body::Len(_) => (rb.left as usize).min(avail.len()),
                _ => rb.chunked.feed(avail).map_err(|_| 400u16)?,
            };
            if let Body::Len(_) = rb.kind {
                rb.left -= k as u64;
            }
            rb.pending = k;
        }
    }

    /// Read a response head into `sbuf` and parse it into `rsp`.
    async fn read_response_head(
        &mut self,
        server: &mut TcpStream,
        head_req: bool,
        t: Option<Duration>,
    ) -> Result<(), RspErr> {
        let dl = deadline(t);
        if self.sbuf.len() < self.bufsize {
            self.sbuf.resize(self.bufsize, 0);
        }
        loop {
            if self.slen > 0 {
                match self.rsp.parse_response(&self.sbuf[..self.slen], head_req) {
                    Parsed::Done => return Ok(()),
                    Parsed::Bad(_) => return Err(RspErr::Bad),
                    Parsed::Partial if self.slen >= self.bufsize => return Err(RspErr::Bad),
                    Parsed::Partial => {}
                }
            }
            let len = self.slen;
            match read_dl(
                server,
                &mut self.sbuf[len..self.bufsize],
                dl,
                &mut self.timer,
            )
            .await
            {
                Ok(0) => {
                    return Err(if len == 0 {
                        RspErr::Closed
                    } else {
                        RspErr::Bad
                    });
                }
                Ok(n) => self.slen += n,
                Err(e) => {
                    return Err(if e.kind() == io::ErrorKind::TimedOut {
                        RspErr::Timeout
                    } else if len == 0 {
                        RspErr::Closed
                    } else {
                        RspErr::Bad
                    });
                }
            }
        }
    }

    /// Apply the `http-response` rules of `be`, then of the frontend (HAProxy's order) to the
    /// response head: header edits go to `rsp_edits`; Some(status) when one denies it.
    fn apply_response(&mut self, be: &Backend) -> Option<u16> {
        let edits = &mut self.rsp_edits;
        if !edits.del.is_empty() || !edits.add.is_empty() {
            edits.del.clear();
            edits.add.clear();
        }
        let fe = self.fe;
        let same = fe.cfg.kind == crate::config::Kind::Listen && be.cfg.name == fe.cfg.name;
        let sets: [&Rules; 2] = [&be.rules, &fe.rules];
        let sets = if same { &sets[1..] } else { &sets[..] };
        if sets.iter().all(|r| r.rsp.is_empty()) {
            return None;
        }
        let r = Req {
            buf: &self.sbuf[..self.slen],
            head: Some(&self.rsp),
            src: self.peer.ip(),
            status: Some(self.rsp.code),
        };
        for rules in sets {
            for (action, cond) in &rules.rsp {
                if !rules.holds(cond, &r) {
                    continue;
                }
                match action {
                    Action::Allow => break,
                    Action::Deny(code) => return Some(*code),
                    Action::DelHeader(n) => {
                        edits.add.retain(|(a, _)| a != n);
                        edits.del.push(n.clone());
                    }
                    Action::SetHeader(n, fmt) | Action::AddHeader(n, fmt) => {
                        let mut v = Vec::new();
                        render(fmt, &r, self.peer.port(), &mut v);
                        if matches!(action, Action::SetHeader(..)) {
                            edits.add.retain(|(a, _)| a != n);
                            edits.del.push(n.clone());
                        }
                        edits.add.push((n.clone(), v));
                    }
                    Action::Redirect { .. } => {}
                }
            }
        }
        None
    }

    /// The response head for the client into `out`; a `tunnel`'s (`101`, a CONNECT's 2xx)
    /// keeps the server's `Connection` header and gets none of ours.
    fn build_response(&mut self, client_keep: bool, req_minor: u8, tunnel: bool) {
        let b = &self.sbuf;
        let h = &self.rsp;
        let out = &mut self.out;
        let edits = &self.rsp_edits;
        out.clear();
        out.extend_from_slice(if h.minor == 0 {
            b"HTTP/1.0 "
        } else {
            b"HTTP/1.1 "
        });
        out.extend_from_slice(&itoa3(h.code));
        out.push(b' ');
        out.extend_from_slice(h.reason.get(b));
        out.extend_from_slice(b"\r\n");
        for (n, v) in &h.hdrs {
            let name = n.get(b);
            if (!tunnel && name_is(name, b"connection"))
                || (!edits.del.is_empty()
                    && edits
                        .del
                        .iter()
                        .any(|d| name.eq_ignore_ascii_case(d.as_bytes())))
            {
                continue;
            }
            push_header(out, b, *n, *v);
        }
        for (n, v) in &edits.add {
            out.extend_from_slice(n.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(v);
            out.extend_from_slice(b"\r\n");
        }
        if tunnel {
            // The server's own `Connection` header (`Upgrade`) went through.
        } else if !client_keep {
            out.extend_from_slice(b"connection: close\r\n");
        } else if req_minor == 0 {
            out.extend_from_slice(b"connection: keep-alive\r\n");
        }
        out.extend_from_slice(b"\r\n");
    }

    /// Relay the rest of a response body (counted in `relayed`): Ok(whether it ended exactly
    /// where the server's bytes did; bytes past its end are not relayed, and its connection
    /// must not carry another request), or Err(the side that failed).
    async fn relay_body(
        &mut self,
        server: &mut TcpStream,
        kind: Body,
        mut left: u64,
        chunked: &mut Chunked,
        t_srv: Option<Duration>,
        t_cli: Option<Duration>,
    ) -> Result<bool, char> {
        let size = self.bufsize.max(64 * 1024);
        if self.sbuf.len() < size {
            self.sbuf.resize(size, 0);
        }
        loop {
            let n = match read_dl(
                server,
                &mut self.sbuf[..size],
                deadline(t_srv),
                &mut self.timer,
            )
            .await
            {
                Ok(0) if kind == Body::UntilClose => return Ok(false),
                Ok(0) => return Err('S'),
                Ok(n) => n,
                Err(_) => return Err('S'),
            };
            let k = match kind {
                Body::Len(_) => {
                    let k = (left as usize).min(n);
                    left -= k as u64;
                    k
                }
                Body::Chunked => chunked.feed(&self.sbuf[..n]).map_err(|_| 'S')?,
                _ => n,
            };
            if write_all(&self.client, &self.sbuf[..k], t_cli)
                .await
                .is_err()
            {
                return Err('C');
            }
            self.relayed += k as u64;
            let done = match kind {
                Body::Len(_) => left == 0,
                Body::Chunked => chunked.done(),
                _ => false,
            };
            if done {
                self.slen = 0;
                return Ok(k == n);
            }
        }
    }

    /// After `101 Switching Protocols`, or a 2xx answer to CONNECT: bytes both ways through
    /// [`crate::data::pump`] until both sides closed, the tunnel idled out, or its server's sessions
    /// (or all of the process's) were shut down; the client connection closes after it.
    async fn tunnel(&mut self, mut server: TcpStream, slot: SrvSlot<'f>, bytes: u64) -> Done<'f> {
        let srv = slot.srv.clone();
        let t = slot.be.cfg.timeouts;
        let t_cli = self.fe.cfg.timeouts.client;
        let mut down = bytes;
        if self.slen > 0 {
            if write_all(&self.client, &self.sbuf[..self.slen], t_cli)
                .await
                .is_err()
            {
                return self.fail(srv, 'C', down);
            }
            down += self.slen as u64;
            self.slen = 0;
        }
        let mut up = self.sent;
        if self.end > self.start {
            if write_all(&server, &self.buf[self.start..self.end], t.server)
                .await
                .is_err()
            {
                return self.fail(srv, 'S', down);
            }
            up += (self.end - self.start) as u64;
        }
        self.start = self.end;
        // HAProxy 2.6 ("timeout tunnel", a backend setting): it supersedes the client and server
        // timeouts once the connection is a tunnel (upgraded or CONNECT). Without it each side
        // keeps its own inactivity timeout, so an idle tunnel ends at the earlier of the two
        // (as the TCP-mode sessions of `session.rs`).
        let idle = t.tunnel.or(match (t_cli, t.server) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        });
        let kill = [&srv.kill, &self.ctx.process.kill_all];
        let (end, moved) = crate::data::pump::run(&mut self.client, &mut server, idle, kill).await;
        drop(server);
        let be = slot.be;
        drop(slot);
        up += moved.up;
        down += moved.down;
        for c in [&self.fe.c, &be.c, &srv.c] {
            c.bin.fetch_add(up, Relaxed);
        }
        srv.c.bout.fetch_add(down, Relaxed);
        let term = match end {
            crate::data::pump::End::Done => ('-', '-'),
            crate::data::pump::End::Error => ('S', 'D'),
            crate::data::pump::End::Idle => ('c', 'D'),
            // As HAProxy 2.6 logs a killed tunnel (`K-`, `D-`).
            crate::data::pump::End::Killed(flag) => (flag, '-'),
        };
        Done::closed(self.rsp.code, down, srv, term)
    }
}

/// A status code's three digits (no allocation: this runs for every response).
fn itoa3(c: u16) -> [u8; 3] {
    [
        b'0' + (c / 100 % 10) as u8,
        b'0' + (c / 10 % 10) as u8,
        b'0' + (c % 10) as u8,
    ]
}
