//! Traffic counters shared by frontends, backends and servers (atomics, with packed per-second
//! rates), and the connection limits (`maxconn`) a session takes a slot of.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

use tokio::sync::Notify;

use crate::runtime::now_ms;

/// Traffic counters shared by frontends, backends and servers.
#[derive(Debug, Default)]
pub struct Counters {
    /// Current sessions.
    pub cur: AtomicU32,
    /// Highest `cur` seen.
    pub max: AtomicU32,
    /// Total sessions.
    pub tot: AtomicU64,
    /// Bytes in (from clients).
    pub bin: AtomicU64,
    /// Bytes out (to clients).
    pub bout: AtomicU64,
    /// Request errors (frontend).
    pub ereq: AtomicU64,
    /// Connection errors.
    pub econ: AtomicU64,
    /// Response errors (server aborts, timeouts).
    pub eresp: AtomicU64,
    /// Retries.
    pub wretr: AtomicU64,
    /// Redispatches.
    pub wredis: AtomicU64,
    /// Times selected by the load balancer.
    pub lbtot: AtomicU64,
    /// Denied connections.
    pub dreq: AtomicU64,
    /// Denied responses (`http-response deny`).
    pub dresp: AtomicU64,
    /// Queued now.
    pub qcur: AtomicU32,
    /// Highest queue.
    pub qmax: AtomicU32,
    /// Sessions per second, last second: (second, count).
    pub rate: AtomicU64,
    /// Highest per-second rate.
    pub rate_max: AtomicU32,
    /// HTTP requests (HTTP mode only).
    pub req_tot: AtomicU64,
    /// HTTP requests per second, last second (frontends): as `rate`.
    pub req_rate: AtomicU64,
    /// Highest `req_rate`.
    pub req_rate_max: AtomicU32,
    /// HTTP responses by class: 1xx..5xx, then any other code.
    pub hrsp: [AtomicU64; 6],
    /// Requests the proxy answered itself (`monitor-uri`, the stats page), frontends.
    pub intercepted: AtomicU64,
}

impl Counters {
    /// The cumulative counters: what a reload carries over and `clear counters all` zeroes.
    fn totals(&self) -> impl Iterator<Item = &AtomicU64> {
        [
            &self.tot,
            &self.bin,
            &self.bout,
            &self.ereq,
            &self.econ,
            &self.eresp,
            &self.wretr,
            &self.wredis,
            &self.lbtot,
            &self.dreq,
            &self.dresp,
            &self.req_tot,
            &self.intercepted,
        ]
        .into_iter()
        .chain(&self.hrsp)
    }

    /// The highest values seen: carried over by a reload, zeroed by `clear counters`.
    fn maxima(&self) -> [&AtomicU32; 4] {
        [&self.max, &self.qmax, &self.rate_max, &self.req_rate_max]
    }

    /// The admin socket's `clear counters`: the highest values seen (sessions, queue, rates)
    /// start over; with `all` (`clear counters all`) every total too, as after a restart. What
    /// is current (sessions, queue, this second's rates) stays, as in HAProxy.
    pub fn clear(&self, all: bool) {
        for m in self.maxima() {
            m.store(0, Relaxed);
        }
        if all {
            for t in self.totals() {
                t.store(0, Relaxed);
            }
        }
    }

    /// One HTTP request done, answered with `status` (0: no response was sent). A frontend
    /// counts its requests when they arrive ([`Counters::request_arrived`]) and only the
    /// answer here ([`Counters::responded`]).
    pub fn http_request(&self, status: u16) {
        self.req_tot.fetch_add(1, Relaxed);
        self.responded(status);
    }

    /// A response with `status` (0: none) to an HTTP request.
    pub fn responded(&self, status: u16) {
        if status != 0 {
            let class = match status {
                100..=599 => usize::from(status / 100 - 1),
                _ => 5,
            };
            self.hrsp[class].fetch_add(1, Relaxed);
        }
    }

    /// One more current session.
    pub fn enter(&self) {
        let c = self.cur.fetch_add(1, Relaxed) + 1;
        self.started(c);
    }

    /// A session started, `cur` being current now: the peak, the total and the rate.
    pub fn started(&self, cur: u32) {
        raise(&self.max, cur);
        self.tot.fetch_add(1, Relaxed);
        let n = per_second(&self.rate);
        raise(&self.rate_max, n);
    }

    /// An HTTP request arrived at a frontend (counted then, as by HAProxy, so a request in
    /// flight shows in `req_tot` and the request rate).
    pub fn request_arrived(&self) {
        self.req_tot.fetch_add(1, Relaxed);
        let n = per_second(&self.req_rate);
        raise(&self.req_rate_max, n);
    }
    /// One session fewer.
    pub fn leave(&self) {
        self.cur.fetch_sub(1, Relaxed);
    }
    /// Sessions started during the current second.
    pub fn rate(&self) -> u64 {
        this_second(&self.rate)
    }

    /// HTTP requests arrived during the current second.
    pub fn req_rate(&self) -> u64 {
        this_second(&self.req_rate)
    }
    /// Carry the cumulative counters of a previous generation.
    pub(crate) fn absorb(&self, old: &Counters) {
        for (a, b) in self.totals().zip(old.totals()) {
            a.store(b.load(Relaxed), Relaxed);
        }
        for (a, b) in self.maxima().into_iter().zip(old.maxima()) {
            a.store(b.load(Relaxed), Relaxed);
        }
    }
}

/// Raise a peak counter to `v`. A plain load first: the peak rarely moves, and `fetch_max` is a
/// locked compare-and-swap even when it does not, which both worker threads would contend for
/// on every request.
pub fn raise(peak: &AtomicU32, v: u32) {
    if v > peak.load(Relaxed) {
        peak.fetch_max(v, Relaxed);
    }
}

/// Count one event in a (second, count) pair packed in one word; the count this second.
fn per_second(packed: &AtomicU64) -> u32 {
    let sec = now_ms() / 1000;
    let p = packed.load(Relaxed);
    let (s, n) = (p >> 32, p & 0xffff_ffff);
    let n = if s == sec { n + 1 } else { 1 };
    packed.store((sec << 32) | n, Relaxed);
    n as u32
}

/// The count of a [`per_second`] pair if it is of the current second.
fn this_second(packed: &AtomicU64) -> u64 {
    let p = packed.load(Relaxed);
    if p >> 32 == now_ms() / 1000 {
        p & 0xffff_ffff
    } else {
        0
    }
}

/// A connection limit (`maxconn`) whose excess waits instead of being refused.
#[derive(Debug, Default)]
pub struct Limit {
    /// 0 = unlimited.
    pub max: AtomicU32,
    /// In use.
    pub cur: AtomicU32,
    freed: Notify,
}

impl Limit {
    /// A limit of `max` (0 = none).
    pub fn new(max: u32) -> Self {
        Limit {
            max: AtomicU32::new(max),
            ..Default::default()
        }
    }
    /// Take a slot if one is free.
    pub fn try_acquire(&self) -> bool {
        let max = self.max.load(Relaxed);
        if max == 0 {
            self.cur.fetch_add(1, Relaxed);
            return true;
        }
        self.cur
            .fetch_update(Relaxed, Relaxed, |c| (c < max).then_some(c + 1))
            .is_ok()
    }
    /// Wait for a slot.
    pub async fn acquire(&self) {
        loop {
            if self.try_acquire() {
                return;
            }
            let n = self.freed.notified();
            tokio::pin!(n);
            n.as_mut().enable();
            if self.try_acquire() {
                return;
            }
            n.await;
        }
    }
    /// Give a slot back.
    pub fn release(&self) {
        self.cur.fetch_sub(1, Relaxed);
        let max = self.max.load(Relaxed);
        if max != 0 {
            self.freed.notify_one();
        }
    }
}
