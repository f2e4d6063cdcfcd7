//! The HTTP side: request parsing (httparse), the Patroni-style routes and the legacy xinetd
//! answers, and the response bytes.
//!
//! Checks are tiny one-line requests answered with a status and a small JSON body, so a full
//! HTTP framework would add nothing but weight: httparse parses the request head, and the
//! rest (keep-alive, Content-Length, HEAD/OPTIONS without body) is a few lines here. Routing is
//! a pure function of the request and the database status, so it is unit-tested without
//! sockets or a database.
//!
//! Connections are bounded ([`Gate`]): the soft descriptor limit is raised to the hard one (a
//! service starts with 1,024, which a few hundred idle clients used to exhaust, making every
//! accept fail and the checks wait), and at most that many connections less a reserve are open.
//! At the cap, the older half of the connections that wait idle for a request are closed, so a
//! flood of idle clients cannot keep the proxies' checks out; a connection beyond twice the
//! cap (all busy) is closed at once.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::check::{format_lsn, Status, Target};
use crate::config::Mode;

/// How long a client may take to send a request head (HAProxy sends it at once).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;
/// Largest request body skipped (checks have none).
const MAX_BODY: usize = 64 * 1024;

/// What a path asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/`, `/read-write`: a primary that accepts writes.
    ReadWrite,
    /// `/primary` (and Patroni's older `/master`, `/leader`): not in recovery.
    Primary,
    /// `/replica`: a running replica, optionally streaming and within a lag.
    Replica,
    /// `/read-only`: the primary or a replica that passes the `/replica` conditions.
    ReadOnly,
    /// `/health`: PostgreSQL answers at all.
    Health,
    /// `/liveness`: this daemon answers (no database query).
    Liveness,
    /// Legacy mode: 200 primary, 206 standby, 503 down, whatever the path.
    Legacy,
}

impl Route {
    fn from_path(path: &str) -> Option<Route> {
        Some(match path.trim_end_matches('/') {
            "" | "/read-write" => Route::ReadWrite,
            "/primary" | "/master" | "/leader" => Route::Primary,
            "/replica" => Route::Replica,
            "/read-only" => Route::ReadOnly,
            "/health" => Route::Health,
            "/liveness" => Route::Liveness,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Route::ReadWrite => "read-write",
            Route::Primary => "primary",
            Route::Replica => "replica",
            Route::ReadOnly => "read-only",
            Route::Health => "health",
            Route::Liveness => "liveness",
            Route::Legacy => "legacy",
        }
    }

    /// Whether answering needs the database's status.
    pub fn needs_status(self) -> bool {
        self != Route::Liveness
    }
}

/// Conditions from the query string.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Conditions {
    /// `?lag=16MB`: largest acceptable replay lag in bytes.
    pub max_lag: Option<u64>,
    /// `?replication_state=streaming`.
    pub replication_state: Option<String>,
}

/// A request, as far as routing cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Route, or `None` for an unknown path.
    pub route: Option<Route>,
    /// Query conditions.
    pub conditions: Conditions,
}

/// The methods answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET: status and JSON body.
    Get,
    /// HEAD: status only.
    Head,
    /// OPTIONS: status only (HAProxy's default check).
    Options,
    /// Anything else.
    Other,
}

/// A parse failure of the target (path or query): answered with 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest(pub String);

impl Request {
    /// Interpret method and target (`/replica?lag=16MB`).
    pub fn parse(method: &str, target: &str, mode: Mode) -> Result<Request, BadRequest> {
        let method = match method {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "OPTIONS" => Method::Options,
            _ => Method::Other,
        };
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        // Absolute-form targets (`http://host:port/primary`) are allowed by HTTP/1.1.
        let path = match path.strip_prefix("http://") {
            Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => path,
        };
        let route = match mode {
            // The script answered every request alike; `/liveness` stays this daemon's own
            // so the OCF monitor can tell "daemon up" from "database down" in either mode.
            Mode::Legacy if path == "/liveness" => Some(Route::Liveness),
            Mode::Legacy => Some(Route::Legacy),
            Mode::Patroni => Route::from_path(path),
        };
        let mut conditions = Conditions::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "lag" => {
                    conditions.max_lag = Some(parse_size(value).ok_or_else(|| {
                        BadRequest(format!(
                            "lag={value}: expected a size such as 1048576, 100kB, 16MB or 1GB"
                        ))
                    })?)
                }
                "replication_state" => conditions.replication_state = Some(value.to_string()),
                // Patroni ignores parameters it does not know; HAProxy templates pass some.
                _ => {}
            }
        }
        Ok(Request {
            method,
            route,
            conditions,
        })
    }
}

/// `16MB`, `100kB`, `1GB`, `512` (bytes), `1.5MB`; units are powers of 1024 as in PostgreSQL.
pub fn parse_size(value: &str) -> Option<u64> {
    let v = value.trim().replace("%20", "").replace('+', "");
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1024.0,
        "m" | "mb" => 1024.0 * 1024.0,
        "g" | "gb" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tb" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = n * mult;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

/// A response before serialisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Status code.
    pub code: u16,
    /// Body for GET (JSON, or text in legacy mode).
    pub body: String,
    /// Content type of the body.
    pub content_type: &'static str,
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        206 => "Partial Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// The answer to `req` given the database's `status` (absent only for routes that do not
/// need it).
pub fn respond(req: &Request, status: Option<&Status>) -> Response {
    let Some(route) = req.route else {
        return json_response(
            404,
            json!({"error": "unknown path; try /, /primary, /read-write, /replica, /read-only, /health, /liveness"}),
        );
    };
    if req.method == Method::Other {
        return json_response(
            405,
            json!({"error": "only GET, HEAD and OPTIONS are answered"}),
        );
    }
    if route == Route::Liveness {
        return json_response(200, json!({"state": "alive"}));
    }
    let Some(status) = status else {
        return json_response(503, json!({"state": "unknown"}));
    };
    if route == Route::Legacy {
        let (code, text) = match &status.result {
            Ok(f) if f.is_primary() => (200, "Primary"),
            Ok(_) => (206, "Standby"),
            Err(_) => (503, "DB Down"),
        };
        return Response {
            code,
            body: format!("{text}\r\n"),
            content_type: "text/plain",
        };
    }
    let (ok, why) = verdict(route, &req.conditions, status);
    let mut body = describe(status);
    body.insert("check".into(), route.name().into());
    if let Some(why) = why {
        body.insert("reason".into(), why.into());
    }
    json_response(if ok { 200 } else { 503 }, Value::Object(body))
}

/// Whether `route` passes, and why not.
fn verdict(route: Route, cond: &Conditions, status: &Status) -> (bool, Option<String>) {
    let facts = match &status.result {
        Ok(f) => f,
        Err(e) => return (false, Some(format!("PostgreSQL is not available: {e}"))),
    };
    let fail = |s: String| (false, Some(s));
    match route {
        Route::Health => (true, None),
        Route::Primary if facts.is_primary() => (true, None),
        Route::Primary => fail("in recovery (a replica)".into()),
        Route::ReadWrite if facts.is_writable() => (true, None),
        Route::ReadWrite if facts.is_primary() => fail("primary, but read-only".into()),
        Route::ReadWrite => fail("in recovery (a replica)".into()),
        Route::ReadOnly if facts.is_primary() => (true, None),
        Route::Replica if facts.is_primary() => fail("not in recovery (the primary)".into()),
        Route::Replica | Route::ReadOnly => {
            if let Some(want) = &cond.replication_state {
                let have = facts.replication_state.as_deref().unwrap_or("none");
                if have != want {
                    return fail(format!("replication state is {have}, not {want}"));
                }
            }
            if let Some(max) = cond.max_lag {
                match facts.lag_bytes() {
                    Some(lag) if lag <= max => {}
                    Some(lag) => return fail(format!("lag {lag} bytes exceeds {max}")),
                    None => return fail("lag unknown (no replay position)".into()),
                }
            }
            (true, None)
        }
        Route::Liveness | Route::Legacy => (true, None),
    }
}

/// The status as Patroni-like JSON.
pub fn describe(status: &Status) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("database_port".into(), status.port.into());
    let checked = status
        .checked_at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default();
    m.insert("checked_at".into(), json!(checked));
    m.insert(
        "check_ms".into(),
        json!((status.elapsed.as_secs_f64() * 1e6).round() / 1e3),
    );
    let f = match &status.result {
        Ok(f) => f,
        Err(e) => {
            m.insert("state".into(), "unreachable".into());
            m.insert("role".into(), "unknown".into());
            m.insert("error".into(), e.to_string().into());
            return m;
        }
    };
    m.insert("state".into(), "running".into());
    let role = if f.is_primary() { "primary" } else { "replica" };
    m.insert("role".into(), role.into());
    m.insert("writable".into(), f.is_writable().into());
    m.insert("server_version".into(), f.server_version.into());
    if let Some(t) = f.timeline {
        m.insert("timeline".into(), t.into());
    }
    if let Some(t) = f.postmaster_start_time {
        m.insert("postmaster_start_time".into(), json!(t));
    }
    let lsn = |v: Option<u64>| v.map_or(Value::Null, |v| json!({"bytes": v, "lsn": format_lsn(v)}));
    if f.is_primary() {
        m.insert("xlog".into(), json!({ "location": lsn(f.wal_lsn) }));
    } else {
        m.insert(
            "xlog".into(),
            json!({
                "received_location": lsn(f.received_lsn),
                "replayed_location": lsn(f.replayed_lsn),
                "replayed_timestamp": f.replayed_timestamp,
                "paused": f.replay_paused,
            }),
        );
        m.insert(
            "replication_state".into(),
            f.replication_state.clone().map_or(Value::Null, Value::from),
        );
        m.insert("lag".into(), f.lag_bytes().map_or(Value::Null, Value::from));
    }
    m
}

fn json_response(code: u16, body: Value) -> Response {
    let mut body = body.to_string();
    body.push('\n');
    Response {
        code,
        body,
        content_type: "application/json",
    }
}

/// The bytes on the wire. HEAD and OPTIONS get the status line and headers only.
pub fn serialize(resp: &Response, method: Method, keep_alive: bool) -> Vec<u8> {
    let with_body = matches!(method, Method::Get | Method::Other);
    let len = if with_body { resp.body.len() } else { 0 };
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {len}\r\nCache-Control: no-store\r\nConnection: {}\r\n",
        resp.code,
        reason(resp.code),
        resp.content_type,
        if keep_alive { "keep-alive" } else { "close" },
    );
    if method == Method::Options || resp.code == 405 {
        out.push_str("Allow: GET, HEAD, OPTIONS\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if with_body {
        bytes.extend_from_slice(resp.body.as_bytes());
    }
    bytes
}

/// Descriptors kept for the listeners, the database connections, the log and the runtime.
const RESERVE: u64 = 64;
/// Connections open at most, whatever the descriptor limit allows.
const MAX_CONNS: u64 = 10_000;

/// The bound on open connections, shared by every listener of the process.
pub struct Gate {
    open: AtomicUsize,
    seq: AtomicU64,
    /// Idle connections accepted before this sequence number close.
    evict: tokio::sync::watch::Sender<u64>,
    max: usize,
}

impl Gate {
    /// The process's gate: on first use, the soft descriptor limit is raised to the hard one
    /// and the cap derived from it.
    pub fn get() -> &'static Gate {
        static GATE: OnceLock<Gate> = OnceLock::new();
        GATE.get_or_init(|| {
            let nofile = raise_nofile();
            let max = nofile.saturating_sub(RESERVE).clamp(1, MAX_CONNS) as usize;
            tracing::debug!("{nofile} descriptors: at most {max} connections");
            Gate {
                open: AtomicUsize::new(0),
                seq: AtomicU64::new(0),
                evict: tokio::sync::watch::Sender::new(0),
                max,
            }
        })
    }

    /// The most connections open at once.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Admit a new connection: its ticket, or None when it must be closed at once.
    fn admit(&'static self) -> Option<Ticket> {
        let n = self.open.fetch_add(1, Relaxed) + 1;
        let seq = self.seq.fetch_add(1, Relaxed);
        let ticket = Ticket { gate: self, seq };
        if n > self.max {
            // The older half of the idle ones go.
            let keep = (self.max / 2) as u64;
            self.evict.send_if_modified(|t| {
                let new = seq.saturating_sub(keep);
                (new > *t).then(|| *t = new).is_some()
            });
        }
        (n <= 2 * self.max).then_some(ticket)
    }
}

/// A connection's place under the cap (released on drop).
struct Ticket {
    gate: &'static Gate,
    seq: u64,
}

impl Ticket {
    /// Resolves when this connection, if idle, must close to make room.
    async fn evicted(&self) {
        let mut rx = self.gate.evict.subscribe();
        let _ = rx.wait_for(|&before| self.seq < before).await;
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.gate.open.fetch_sub(1, Relaxed);
    }
}

/// Raise the soft descriptor limit to the hard one (at most what the kernel allows a
/// process); the soft limit now.
fn raise_nofile() -> u64 {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return 1024;
    };
    let want = hard.min(1 << 20);
    if want > soft && setrlimit(Resource::RLIMIT_NOFILE, want, hard).is_ok() {
        return want;
    }
    soft
}

/// Accept connections on `listener` for ever, answering for `target`. The listener is shared so
/// that a reload can stop this loop and start another on the same socket: established
/// connections are tasks of their own and finish on the target they began with.
pub async fn serve(listener: Arc<TcpListener>, target: Arc<Target>, mode: Mode) {
    let gate = Gate::get();
    loop {
        match listener.accept().await {
            Ok((sock, _peer)) => {
                let Some(ticket) = gate.admit() else {
                    tracing::debug!("{} connections open: closing a new one", gate.max * 2);
                    continue;
                };
                let target = target.clone();
                tokio::spawn(async move {
                    if let Err(e) = connection(sock, &target, mode, &ticket).await {
                        // Proxies close or reset check connections early; that is normal.
                        tracing::debug!("connection ended: {e}");
                    }
                });
            }
            Err(e) => {
                // Out of descriptors and the like: back off instead of spinning.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Serve one client connection: requests in sequence while keep-alive allows.
async fn connection(
    mut sock: TcpStream,
    target: &Target,
    mode: Mode,
    ticket: &Ticket,
) -> std::io::Result<()> {
    let _ = sock.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    loop {
        let idle = buf.is_empty();
        let read = tokio::time::timeout(REQUEST_TIMEOUT, read_head(&mut sock, &mut buf));
        // Waiting for a request with nothing of it read: idle, and closed to make room.
        let head = if idle {
            tokio::select! {
                h = read => h,
                _ = ticket.evicted() => return Ok(()),
            }
        } else {
            read.await
        };
        let parsed = match head {
            Err(_) => return Ok(()),
            Ok(Err(e)) => return Err(e),
            Ok(Ok(None)) => return Ok(()),
            Ok(Ok(Some(p))) => p,
        };
        let Parsed {
            method,
            target: req_target,
            head_len,
            body_len,
            keep_alive,
        } = match parsed {
            Ok(p) => p,
            Err(code) => {
                let resp = json_response(code, json!({"error": reason(code)}));
                sock.write_all(&serialize(&resp, Method::Get, false))
                    .await?;
                return Ok(());
            }
        };
        if body_len > MAX_BODY {
            let resp = json_response(413, json!({"error": "request body too large"}));
            sock.write_all(&serialize(&resp, Method::Get, false))
                .await?;
            return Ok(());
        }
        // Drop the head and any body (checks have none, but keep-alive framing needs it).
        while buf.len() < head_len + body_len {
            let mut chunk = [0u8; 4096];
            let n = tokio::time::timeout(REQUEST_TIMEOUT, sock.read(&mut chunk))
                .await
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf.drain(..head_len + body_len);
        let keep_alive = keep_alive && mode == Mode::Patroni;
        let (resp, method) = match Request::parse(&method, &req_target, mode) {
            Ok(req) => {
                let status = match req.route {
                    Some(r) if r.needs_status() && req.method != Method::Other => {
                        Some(target.status().await)
                    }
                    _ => None,
                };
                (respond(&req, status.as_deref()), req.method)
            }
            Err(BadRequest(msg)) => (json_response(400, json!({"error": msg})), Method::Get),
        };
        // The xinetd script wrote its body whatever the method; only HEAD is spared it.
        let method = match (mode, method) {
            (Mode::Legacy, Method::Options) => Method::Get,
            (_, m) => m,
        };
        sock.write_all(&serialize(&resp, method, keep_alive))
            .await?;
        if !keep_alive {
            let _ = sock.shutdown().await;
            return Ok(());
        }
    }
}

struct Parsed {
    method: String,
    target: String,
    head_len: usize,
    body_len: usize,
    keep_alive: bool,
}

/// Read until a complete request head is buffered. `Ok(None)`: the client closed cleanly
/// between requests. `Err(code)` inside: answer that status and close.
async fn read_head(
    sock: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Result<Parsed, u16>>> {
    loop {
        if !buf.is_empty() {
            match parse_head(buf) {
                Ok(Some(p)) => return Ok(Some(Ok(p))),
                Ok(None) if buf.len() >= MAX_HEAD => return Ok(Some(Err(431))),
                Ok(None) => {}
                Err(code) => return Ok(Some(Err(code))),
            }
        }
        let mut chunk = [0u8; 2048];
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn parse_head(buf: &[u8]) -> Result<Option<Parsed>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(_) => return Err(400),
    };
    let version = req.version.unwrap_or(0);
    let mut keep_alive = version >= 1;
    let mut body_len = 0usize;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("connection") {
            let v = String::from_utf8_lossy(h.value).to_ascii_lowercase();
            if v.contains("close") {
                keep_alive = false;
            } else if v.contains("keep-alive") {
                keep_alive = true;
            }
        } else if h.name.eq_ignore_ascii_case("content-length") {
            body_len = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .ok_or(400u16)?;
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            // Chunked bodies make no sense for a check; refuse rather than mis-frame.
            return Err(400);
        }
    }
    Ok(Some(Parsed {
        method: req.method.unwrap_or("").to_string(),
        target: req.path.unwrap_or("/").to_string(),
        head_len,
        body_len,
        keep_alive,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckError, Facts};
    use std::time::{Instant, SystemTime};

    fn facts(in_recovery: bool) -> Facts {
        Facts {
            in_recovery,
            read_only: in_recovery,
            server_version: 150018,
            wal_lsn: (!in_recovery).then_some(0x3000060),
            timeline: Some(1),
            received_lsn: in_recovery.then_some(5_000_000),
            replayed_lsn: in_recovery.then_some(1_000_000),
            replay_paused: false,
            replayed_timestamp: None,
            replication_state: in_recovery.then(|| "streaming".to_string()),
            sender_end_lsn: None,
            postmaster_start_time: Some(1.0),
        }
    }

    fn status(result: Result<Facts, CheckError>) -> Status {
        Status {
            port: 5432,
            started: Instant::now(),
            checked_at: SystemTime::now(),
            elapsed: Duration::from_micros(300),
            result,
        }
    }

    fn code(target: &str, method: &str, mode: Mode, s: &Status) -> u16 {
        respond(&Request::parse(method, target, mode).unwrap(), Some(s)).code
    }

    #[test]
    fn routes_by_role() {
        let p = status(Ok(facts(false)));
        let r = status(Ok(facts(true)));
        let down = status(Err(CheckError::Io(std::io::ErrorKind::ConnectionRefused)));
        for (path, primary, replica, dead) in [
            ("/", 200, 503, 503),
            ("/read-write", 200, 503, 503),
            ("/primary", 200, 503, 503),
            ("/master", 200, 503, 503),
            ("/replica", 503, 200, 503),
            ("/read-only", 200, 200, 503),
            ("/health", 200, 200, 503),
            ("/liveness", 200, 200, 200),
            ("/nope", 404, 404, 404),
        ] {
            for method in ["GET", "HEAD", "OPTIONS"] {
                assert_eq!(
                    code(path, method, Mode::Patroni, &p),
                    primary,
                    "{method} {path} primary"
                );
                assert_eq!(
                    code(path, method, Mode::Patroni, &r),
                    replica,
                    "{method} {path} replica"
                );
                assert_eq!(
                    code(path, method, Mode::Patroni, &down),
                    dead,
                    "{method} {path} down"
                );
            }
        }
        assert_eq!(code("/", "POST", Mode::Patroni, &p), 405);
        let mut ro = facts(false);
        ro.read_only = true;
        let ro = status(Ok(ro));
        assert_eq!(code("/", "GET", Mode::Patroni, &ro), 503);
        assert_eq!(code("/primary", "GET", Mode::Patroni, &ro), 200);
    }

    #[test]
    fn replica_conditions() {
        let r = status(Ok(facts(true)));
        // Lag is 4,000,000 bytes (received minus replayed).
        assert_eq!(code("/replica?lag=16MB", "GET", Mode::Patroni, &r), 200);
        assert_eq!(code("/replica?lag=1MB", "GET", Mode::Patroni, &r), 503);
        assert_eq!(code("/replica?lag=4000000", "GET", Mode::Patroni, &r), 200);
        assert_eq!(code("/read-only?lag=100kB", "GET", Mode::Patroni, &r), 503);
        assert_eq!(
            code(
                "/replica?replication_state=streaming",
                "GET",
                Mode::Patroni,
                &r
            ),
            200
        );
        assert_eq!(
            code(
                "/replica?replication_state=catchup&lag=1GB",
                "GET",
                Mode::Patroni,
                &r
            ),
            503
        );
        assert_eq!(
            Request::parse("GET", "/replica?lag=lots", Mode::Patroni),
            Err(BadRequest(
                "lag=lots: expected a size such as 1048576, 100kB, 16MB or 1GB".into()
            ))
        );
    }

    #[test]
    fn legacy_answers_like_the_xinetd_script() {
        for (s, c, text) in [
            (status(Ok(facts(false))), 200, "Primary"),
            (status(Ok(facts(true))), 206, "Standby"),
            (status(Err(CheckError::Closed)), 503, "DB Down"),
        ] {
            let resp = respond(
                &Request::parse("OPTIONS", "/anything", Mode::Legacy).unwrap(),
                Some(&s),
            );
            assert_eq!((resp.code, resp.body.trim()), (c, text));
            let live = Request::parse("GET", "/liveness", Mode::Legacy).unwrap();
            assert_eq!(respond(&live, Some(&s)).code, 200);
        }
    }

    #[test]
    fn json_body_and_status_only_methods() {
        let r = status(Ok(facts(true)));
        let resp = respond(
            &Request::parse("GET", "/", Mode::Patroni).unwrap(),
            Some(&r),
        );
        let v: Value = serde_json::from_str(&resp.body).unwrap();
        assert_eq!(v["role"], "replica");
        assert_eq!(v["state"], "running");
        assert_eq!(v["timeline"], 1);
        assert_eq!(v["lag"], 4_000_000);
        assert_eq!(v["replication_state"], "streaming");
        assert_eq!(v["xlog"]["replayed_location"]["lsn"], "0/F4240");
        let get = String::from_utf8(serialize(&resp, Method::Get, true)).unwrap();
        assert!(
            get.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{get}"
        );
        assert!(get.ends_with(&resp.body));
        let opt = String::from_utf8(serialize(&resp, Method::Options, false)).unwrap();
        assert!(
            opt.ends_with("Connection: close\r\nAllow: GET, HEAD, OPTIONS\r\n\r\n"),
            "{opt}"
        );
        assert!(opt.contains("Content-Length: 0\r\n"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16MB"), Some(16 << 20));
        assert_eq!(parse_size("100kB"), Some(102_400));
        assert_eq!(parse_size("1GB"), Some(1 << 30));
        assert_eq!(parse_size("512"), Some(512));
        assert_eq!(parse_size("16%20MB"), Some(16 << 20));
        assert_eq!(parse_size("MB"), None);
        assert_eq!(parse_size("5 parsecs"), None);
    }

    #[test]
    fn head_parsing() {
        let p = parse_head(b"OPTIONS / HTTP/1.0\r\n\r\n").unwrap().unwrap();
        assert_eq!(
            (p.method.as_str(), p.target.as_str(), p.keep_alive),
            ("OPTIONS", "/", false)
        );
        let p =
            parse_head(b"GET /replica?lag=1MB HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
                .unwrap()
                .unwrap();
        assert!(p.keep_alive);
        assert_eq!((p.body_len, p.head_len), (3, 61));
        assert!(parse_head(b"GET / HTTP/1.1\r\nHost").unwrap().is_none());
        assert_eq!(parse_head(b"\x01\x02 garbage\r\n\r\n").err(), Some(400));
    }
}
