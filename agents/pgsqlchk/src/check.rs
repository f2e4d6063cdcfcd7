//! What one PostgreSQL instance is right now: primary or replica, writable or not, WAL
//! positions, timeline and replication state, read over one persistent connection.
//!
//! Each target keeps a single connection (reconnected on the next check after any failure) and
//! one prepared statement that returns every fact in a single round trip. Checks that arrive
//! while a query is running wait for it and share its answer instead of queueing their own: a
//! burst of checks from several proxies costs the database one query, and when the server
//! hangs, every waiting check gets the one timeout instead of queueing timeout after timeout.
//! An answer is only shared with checks that were already waiting when it came back, so it
//! always describes the server during the check, never an older cached state.
//! Connect and query are each bounded well below two seconds, below any sane proxy check
//! timeout, so a hung server is reported as down instead of making the proxy time out.
//!
//! Why a check failed is a [`CheckError`]: fixed words, a port, an I/O error kind, a SQLSTATE
//! code. It is never the driver's or the server's text, which may quote what the
//! configuration holds (a user name, a host), so nothing in it can carry the password, whatever
//! field the password was typed into; these reasons reach the log and the check's answer.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio_postgres::{Client, NoTls, Statement};

use crate::config::Config;

/// Bound on establishing a connection (TCP + authentication).
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(1000);
/// Bound on the status query itself.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(800);
/// Bound on a whole check, reconnection included: below HAProxy's usual `timeout check`
/// and the 2 s its default `inter` allows.
pub const CHECK_BUDGET: Duration = Duration::from_millis(1800);

/// Everything in one round trip. `pg_current_wal_lsn()` and `pg_walfile_name()` fail during
/// recovery, hence the CASEs; LSNs are returned as byte offsets. The WAL receiver's columns
/// need `pg_read_all_stats` (part of `pg_monitor`); without it they read NULL.
const STATUS_SQL: &str = "\
SELECT pg_is_in_recovery(),
       current_setting('transaction_read_only') = 'on',
       current_setting('server_version_num')::int4,
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE (pg_current_wal_lsn() - '0/0'::pg_lsn)::int8 END,
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int8 END,
       (pg_last_wal_receive_lsn() - '0/0'::pg_lsn)::int8,
       (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::int8,
       CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,
       extract(epoch FROM pg_last_xact_replay_timestamp())::float8,
       w.status,
       w.received_tli::int8,
       (w.latest_end_lsn - '0/0'::pg_lsn)::int8,
       extract(epoch FROM pg_postmaster_start_time())::float8
  FROM (SELECT 1) AS one LEFT JOIN pg_stat_wal_receiver AS w ON true";

/// Facts about a running instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// `pg_is_in_recovery()`.
    pub in_recovery: bool,
    /// `transaction_read_only` of a fresh session (`default_transaction_read_only`).
    pub read_only: bool,
    /// `server_version_num`.
    pub server_version: i32,
    /// Current WAL write position (primary only).
    pub wal_lsn: Option<u64>,
    /// Timeline: the primary's current one, or the one a replica receives.
    pub timeline: Option<i64>,
    /// Last WAL position received and flushed by a replica.
    pub received_lsn: Option<u64>,
    /// Last WAL position replayed by a replica.
    pub replayed_lsn: Option<u64>,
    /// Replay paused (`pg_wal_replay_pause()`).
    pub replay_paused: bool,
    /// Commit time of the last replayed transaction (Unix seconds).
    pub replayed_timestamp: Option<f64>,
    /// `pg_stat_wal_receiver.status` (`streaming`, `catchup`, ...), when a receiver runs.
    pub replication_state: Option<String>,
    /// End of WAL on the sending server as it last reported it.
    pub sender_end_lsn: Option<u64>,
    /// Server start (Unix seconds).
    pub postmaster_start_time: Option<f64>,
}

impl Facts {
    /// Not in recovery: the primary of its timeline.
    pub fn is_primary(&self) -> bool {
        !self.in_recovery
    }

    /// A primary that accepts writes (libpq's `target_session_attrs=read-write`).
    pub fn is_writable(&self) -> bool {
        !self.in_recovery && !self.read_only
    }

    /// Bytes of WAL the primary has that this replica has not replayed yet, as far as the
    /// replica knows (the sender's reported end of WAL, or what was received). `None` on a
    /// primary or when replay position is unknown.
    pub fn lag_bytes(&self) -> Option<u64> {
        if !self.in_recovery {
            return None;
        }
        let replayed = self.replayed_lsn?;
        let head = self
            .sender_end_lsn
            .into_iter()
            .chain(self.received_lsn)
            .max()?;
        Some(head.saturating_sub(replayed))
    }
}

/// The outcome of one check.
#[derive(Debug, Clone)]
pub struct Status {
    /// Port of the instance.
    pub port: u16,
    /// When the query began (it ended `elapsed` later).
    pub started: Instant,
    /// Wall-clock time of the check, for the JSON body.
    pub checked_at: SystemTime,
    /// How long the check took.
    pub elapsed: Duration,
    /// The facts, or why there are none.
    pub result: Result<Facts, CheckError>,
}

/// Why a check has no facts. Built only from fixed words, numbers and codes, so that it cannot
/// hold a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckError {
    /// Connecting (TCP and authentication) took longer than [`CONNECT_TIMEOUT`].
    ConnectTimedOut(u16),
    /// The status query took longer than [`QUERY_TIMEOUT`].
    QueryTimedOut,
    /// The whole check took longer than [`CHECK_BUDGET`].
    CheckTimedOut,
    /// A system error on the connection.
    Io(std::io::ErrorKind),
    /// The server refused or failed with this SQLSTATE.
    Server(SqlState),
    /// The server closed the connection.
    Closed,
    /// The status row did not have the expected types.
    BadRow,
    /// Anything else the driver reported (a protocol error).
    Driver,
}

/// A SQLSTATE: five characters of `0-9A-Z` (anything else the server sent is not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlState([u8; 5]);

impl SqlState {
    fn new(code: &str) -> Option<SqlState> {
        let b: [u8; 5] = code.as_bytes().try_into().ok()?;
        b.iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            .then_some(SqlState(b))
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("?????")
    }

    /// What the codes a check meets mean, in PostgreSQL's words.
    fn meaning(&self) -> &'static str {
        match &self.0 {
            b"28P01" => "password authentication failed",
            b"28000" => "authorization failed (no pg_hba.conf entry or role not permitted)",
            b"3D000" => "the database does not exist",
            b"57P01" | b"57P02" => "the server is shutting down",
            b"57P03" => "the database system is starting up or not accepting connections",
            b"53300" => "too many connections",
            b"42501" => "permission denied",
            b"25006" => "read-only transaction",
            _ => match &self.0[..2] {
                b"08" => "connection exception",
                b"28" => "authorization failed",
                b"53" => "insufficient resources",
                b"57" => "operator intervention",
                b"42" => "syntax error or access rule violation",
                _ => "server error",
            },
        }
    }
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::ConnectTimedOut(port) => write!(
                f,
                "connecting to port {port} timed out after {CONNECT_TIMEOUT:?}"
            ),
            CheckError::QueryTimedOut => {
                write!(f, "status query timed out after {QUERY_TIMEOUT:?}")
            }
            CheckError::CheckTimedOut => write!(f, "check timed out after {CHECK_BUDGET:?}"),
            CheckError::Io(kind) => write!(f, "connection failed: {}", io_words(*kind)),
            CheckError::Server(code) => {
                write!(f, "{} (SQLSTATE {})", code.meaning(), code.as_str())
            }
            CheckError::Closed => f.write_str("the server closed the connection"),
            CheckError::BadRow => f.write_str("the status query returned unexpected types"),
            CheckError::Driver => f.write_str("protocol error talking to the server"),
        }
    }
}

/// An I/O error kind in words (std's `Display` for a kind is fixed text too, but spelled for
/// programmers).
fn io_words(kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind as K;
    match kind {
        K::ConnectionRefused => "connection refused",
        K::ConnectionReset => "connection reset by the server",
        K::ConnectionAborted => "connection aborted",
        K::NotFound => "no such socket or host",
        K::PermissionDenied => "permission denied",
        K::TimedOut => "timed out",
        K::AddrNotAvailable => "address not available",
        K::UnexpectedEof => "the server closed the connection",
        K::BrokenPipe => "the server closed the connection",
        K::HostUnreachable => "host unreachable",
        K::NetworkUnreachable => "network unreachable",
        _ => "system error",
    }
}

impl CheckError {
    /// What the driver's error was, in a form that holds no text of its.
    fn of(e: &tokio_postgres::Error) -> CheckError {
        use std::error::Error as _;
        if let Some(code) = e.code().and_then(|c| SqlState::new(c.code())) {
            return CheckError::Server(code);
        }
        let mut src = e.source();
        while let Some(cause) = src {
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                return CheckError::Io(io.kind());
            }
            src = cause.source();
        }
        if e.is_closed() {
            CheckError::Closed
        } else {
            CheckError::Driver
        }
    }
}

struct Conn {
    client: Client,
    statement: Statement,
    // The connection's I/O task, aborted when this connection is dropped so a hung server
    // cannot keep a socket and a task alive behind our back.
    task: JoinHandle<()>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

enum Failure {
    TimedOut(CheckError),
    Broken(CheckError),
}

impl Failure {
    fn into_error(self) -> CheckError {
        match self {
            Failure::TimedOut(e) | Failure::Broken(e) => e,
        }
    }
}

#[derive(Default)]
struct Inner {
    conn: Option<Conn>,
    last: Option<Arc<Status>>,
}

/// One PostgreSQL instance being checked.
pub struct Target {
    port: u16,
    pg: tokio_postgres::Config,
    inner: Mutex<Inner>,
}

impl Target {
    /// The instance on `cfg.database_host` at `port`.
    pub fn new(cfg: &Config, port: u16) -> Self {
        let mut pg = tokio_postgres::Config::new();
        pg.host(&cfg.database_host)
            .port(port)
            .user(&cfg.health_check_user)
            .password(cfg.health_check_user_password.expose())
            .dbname(&cfg.database_name)
            .application_name("pgsqlchk")
            .ssl_mode(tokio_postgres::config::SslMode::Disable)
            .connect_timeout(CONNECT_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(10))
            .keepalives_interval(Duration::from_secs(2))
            .keepalives_retries(3);
        Target {
            port,
            pg,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The instance's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Check the instance now, or share the result of the check that was running when this
    /// call arrived (it finished while this one waited).
    pub async fn status(&self) -> Arc<Status> {
        let asked = Instant::now();
        let mut inner = self.inner.lock().await;
        if let Some(last) = &inner.last {
            if last.started + last.elapsed >= asked {
                return last.clone();
            }
        }
        let started = Instant::now();
        let checked_at = SystemTime::now();
        let result = tokio::time::timeout(CHECK_BUDGET, self.query(&mut inner))
            .await
            .unwrap_or(Err(CheckError::CheckTimedOut));
        if let Err(e) = &result {
            tracing::debug!(port = self.port, "check failed: {e}");
        }
        let status = Arc::new(Status {
            port: self.port,
            started,
            checked_at,
            elapsed: started.elapsed(),
            result,
        });
        inner.last = Some(status.clone());
        status
    }

    async fn query(&self, inner: &mut Inner) -> Result<Facts, CheckError> {
        // A connection the server closed (restart, fast shutdown) is replaced before use.
        if inner.conn.as_ref().is_some_and(|c| c.client.is_closed()) {
            inner.conn = None;
        }
        if let Some(conn) = &inner.conn {
            match self.run(conn).await {
                Ok(facts) => return Ok(facts),
                Err(Failure::TimedOut(msg)) => {
                    // A hung server: report it now, a retry would outlast the check budget.
                    inner.conn = None;
                    return Err(msg);
                }
                Err(Failure::Broken(msg)) => {
                    // The kept connection may have died with the server's previous life (a
                    // restart between checks): one retry on a new connection tells
                    // "restarted" from "down".
                    tracing::debug!(port = self.port, "reconnecting after: {msg}");
                    inner.conn = None;
                }
            }
        }
        let conn = self.connect().await?;
        let facts = self.run(&conn).await.map_err(Failure::into_error)?;
        inner.conn = Some(conn);
        Ok(facts)
    }

    async fn run(&self, conn: &Conn) -> Result<Facts, Failure> {
        match tokio::time::timeout(QUERY_TIMEOUT, conn.client.query_one(&conn.statement, &[])).await
        {
            Ok(Ok(row)) => facts(&row).map_err(|_| Failure::Broken(CheckError::BadRow)),
            Ok(Err(e)) => Err(Failure::Broken(CheckError::of(&e))),
            Err(_) => Err(Failure::TimedOut(CheckError::QueryTimedOut)),
        }
    }

    async fn connect(&self) -> Result<Conn, CheckError> {
        let attempt = async {
            let (client, connection) = self.pg.connect(NoTls).await?;
            let task = tokio::spawn(async move {
                let _ = connection.await;
            });
            let statement = match client.prepare(STATUS_SQL).await {
                Ok(s) => s,
                Err(e) => {
                    task.abort();
                    return Err(e);
                }
            };
            Ok(Conn {
                client,
                statement,
                task,
            })
        };
        match tokio::time::timeout(CONNECT_TIMEOUT, attempt).await {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(e)) => Err(CheckError::of(&e)),
            Err(_) => Err(CheckError::ConnectTimedOut(self.port)),
        }
    }
}

fn facts(row: &tokio_postgres::Row) -> Result<Facts, tokio_postgres::Error> {
    let lsn = |i: usize| -> Result<Option<u64>, tokio_postgres::Error> {
        Ok(row.try_get::<_, Option<i64>>(i)?.map(|v| v.max(0) as u64))
    };
    Ok(Facts {
        in_recovery: row.try_get(0)?,
        read_only: row.try_get(1)?,
        server_version: row.try_get(2)?,
        wal_lsn: lsn(3)?,
        timeline: row.try_get::<_, Option<i64>>(4)?.or(row.try_get(10)?),
        received_lsn: lsn(5)?,
        replayed_lsn: lsn(6)?,
        replay_paused: row.try_get(7)?,
        replayed_timestamp: row.try_get(8)?,
        replication_state: row.try_get(9)?,
        sender_end_lsn: lsn(11)?,
        postmaster_start_time: row.try_get(12)?,
    })
}

/// An LSN in PostgreSQL's `X/X` notation.
pub fn format_lsn(lsn: u64) -> String {
    format!("{:X}/{:X}", lsn >> 32, lsn & 0xFFFF_FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replica() -> Facts {
        Facts {
            in_recovery: true,
            read_only: true,
            server_version: 150018,
            wal_lsn: None,
            timeline: Some(1),
            received_lsn: Some(5000),
            replayed_lsn: Some(3000),
            replay_paused: false,
            replayed_timestamp: None,
            replication_state: Some("streaming".into()),
            sender_end_lsn: Some(7000),
            postmaster_start_time: None,
        }
    }

    #[test]
    fn lag_uses_the_furthest_known_primary_position() {
        let mut r = replica();
        assert_eq!(r.lag_bytes(), Some(4000));
        r.sender_end_lsn = None;
        assert_eq!(r.lag_bytes(), Some(2000));
        r.received_lsn = None;
        assert_eq!(r.lag_bytes(), None);
        r.in_recovery = false;
        assert_eq!(r.lag_bytes(), None);
    }

    #[test]
    fn roles() {
        let mut f = replica();
        assert!(!f.is_primary() && !f.is_writable());
        f.in_recovery = false;
        f.read_only = false;
        assert!(f.is_primary() && f.is_writable());
        f.read_only = true;
        assert!(f.is_primary() && !f.is_writable());
    }

    #[test]
    fn lsn_format() {
        assert_eq!(format_lsn(0x1_0000_00A0), "1/A0");
    }

    #[test]
    fn check_errors_say_what_failed_in_fixed_words() {
        let pw = SqlState::new("28P01").unwrap();
        assert_eq!(
            CheckError::Server(pw).to_string(),
            "password authentication failed (SQLSTATE 28P01)"
        );
        assert_eq!(
            CheckError::Server(SqlState::new("08006").unwrap()).to_string(),
            "connection exception (SQLSTATE 08006)"
        );
        // A code is five characters of digits and capitals, nothing else is kept.
        assert!(SqlState::new("hunter2").is_none());
        assert!(SqlState::new("ab;cd").is_none());
        assert_eq!(
            CheckError::Io(std::io::ErrorKind::ConnectionRefused).to_string(),
            "connection failed: connection refused"
        );
        assert!(CheckError::ConnectTimedOut(5432)
            .to_string()
            .contains("port 5432 timed out"));
    }
}
