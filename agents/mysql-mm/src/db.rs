//! Talking to a MariaDB/MySQL server: connections with bounded timeouts, password files, the
//! replica status read by column name, and the few statements the agent needs.
//!
//! The `mysql` crate (synchronous) speaks the client protocol directly: no `mysql` client process
//! per query, and no password on any command line.

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::time::Duration;

use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder, Row, Value};
use rustha::error::{Error, Result};

/// Server error numbers the agent reacts to.
pub const ER_ACCESS_DENIED: u16 = 1045;
/// "Access denied; you need (at least one of) the X privilege(s)".
pub const ER_SPECIFIC_ACCESS_DENIED: u16 = 1227;
/// "Unknown thread id" (a session ended before we killed it).
pub const ER_NO_SUCH_THREAD: u16 = 1094;

/// Where a server is reached and as whom.
#[derive(Clone)]
pub struct Target {
    /// Human-readable location for messages (`socket /run/mysqld/mysqld.sock`, `peer 10.0.0.2:3306`).
    pub label: String,
    /// Unix socket path, or TCP host and port.
    pub addr: Addr,
    /// Account name.
    pub user: String,
    /// Password (`None`: no password, e.g. unix_socket authentication as root).
    pub password: Option<String>,
}

impl std::fmt::Debug for Target {
    // The password never appears in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("label", &self.label)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

/// A socket path or a TCP endpoint.
#[derive(Debug, Clone)]
pub enum Addr {
    /// Unix socket.
    Socket(String),
    /// TCP host (name or address) and port.
    Tcp(String, u16),
}

impl Target {
    /// Open a session; `timeout` bounds the connect and every later read and write.
    pub fn connect(&self, timeout: Duration) -> Result<Conn> {
        let timeout = timeout.max(Duration::from_millis(200));
        let mut opts = OptsBuilder::new()
            .user(Some(self.user.clone()))
            .pass(self.password.clone())
            .prefer_socket(false)
            .tcp_connect_timeout(Some(timeout))
            .read_timeout(Some(timeout))
            .write_timeout(Some(timeout))
            // The agent's own statements must neither be replicated by accident (sql_log_bin is
            // set per statement where needed) nor depend on the server's sql_mode for quoting.
            .init(vec!["SET SESSION sql_mode = ''"]);
        opts = match &self.addr {
            Addr::Socket(path) => opts.socket(Some(path.clone())),
            Addr::Tcp(host, port) => opts.ip_or_hostname(Some(host.clone())).tcp_port(*port),
        };
        Conn::new(opts).map_err(|e| self.error("connecting", e))
    }

    /// Map a client error to an agent error naming this server.
    pub fn error(&self, doing: &str, e: mysql::Error) -> Error {
        sql_error(&format!("{doing} to {} as '{}'", self.label, self.user), e)
    }
}

/// Map a client error: refused credentials and missing privileges are permission errors (the
/// account or its password file is wrong on this node), everything else a runtime failure.
pub fn sql_error(context: &str, e: mysql::Error) -> Error {
    match &e {
        mysql::Error::MySqlError(me)
            if me.code == ER_ACCESS_DENIED || me.code == ER_SPECIFIC_ACCESS_DENIED =>
        {
            Error::Permission(format!("{context}: {}", me.message))
        }
        mysql::Error::MySqlError(me) => {
            Error::Failed(format!("{context}: error {}: {}", me.code, me.message))
        }
        _ => Error::Failed(format!("{context}: {}", client_message(&e))),
    }
}

/// The client library's own text without its variant wrapping (`DriverError { ... }`), which
/// means nothing to an administrator reading `ocf-exit-reason`.
fn client_message(e: &mysql::Error) -> String {
    match e {
        mysql::Error::IoError(inner) => inner.to_string(),
        mysql::Error::DriverError(inner) => inner.to_string(),
        mysql::Error::CodecError(inner) => inner.to_string(),
        mysql::Error::UrlError(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

/// Run a statement, naming it in the error.
pub fn exec(conn: &mut Conn, what: &str, sql: &str) -> Result<()> {
    conn.query_drop(sql).map_err(|e| sql_error(what, e))
}

/// Read a password file: the first line, without its line ending. A missing or unreadable file
/// is a problem of this node (`OCF_ERR_INSTALLED` / `OCF_ERR_PERM`), an empty one a configuration
/// error. The content never appears in a message.
pub fn read_password(param: &str, path: &str) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let first = text.lines().next().unwrap_or_default();
            if first.is_empty() {
                return Err(Error::Configuration(format!(
                    "parameter '{param}': password file {path} is empty (expected the password on its first line)"
                )));
            }
            Ok(first.to_string())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Error::NotInstalled(format!(
            "parameter '{param}': password file {path} does not exist on this node"
        ))),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(Error::Permission(format!(
            "parameter '{param}': password file {path} is not readable: {e}"
        ))),
        Err(e) => Err(Error::io(
            format!("parameter '{param}': reading password file {path}"),
            e,
        )),
    }
}

/// Warn when a password file can be read by everybody.
pub fn warn_if_world_readable(param: &str, path: &str) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(m) = std::fs::metadata(Path::new(path)) {
        if m.permissions().mode() & 0o004 != 0 {
            tracing::warn!(
                "parameter '{param}': password file {path} is world-readable; chmod 600 it"
            );
        }
    }
}

/// A string literal for SQL, for a session with an empty sql_mode (see [`Target::connect`]),
/// where backslash and quote are the characters to escape.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\0' => out.push_str("\\0"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

/// A column value as text (NULL as `None`).
pub fn value_text(v: Value) -> Option<String> {
    match v {
        Value::NULL => None,
        Value::Bytes(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        Value::Int(i) => Some(i.to_string()),
        Value::UInt(u) => Some(u.to_string()),
        other => Some(other.as_sql(true).trim_matches('\'').to_string()),
    }
}

/// A result row as column name -> text (NULL as `None`).
pub fn row_map(row: Row) -> HashMap<String, Option<String>> {
    let names: Vec<String> = row
        .columns_ref()
        .iter()
        .map(|c| c.name_str().into_owned())
        .collect();
    names
        .into_iter()
        .zip(row.unwrap().into_iter().map(value_text))
        .collect()
}

/// One query returning a single text value (NULL as `None`).
pub fn scalar(conn: &mut Conn, sql: &str) -> Result<Option<String>> {
    let row: Option<Row> = conn.query_first(sql).map_err(|e| sql_error(sql, e))?;
    Ok(row.and_then(|r| r.unwrap().into_iter().next().and_then(value_text)))
}

/// Whether two sessions reach the same server. Host name, port and data directory alone are
/// not proof (containers and namespaces share all three across machines), so the peer session
/// itself must show up in this server's process list: the same connection id, account and
/// client address and port. The id and account alone are not enough: connection ids are small
/// counters on every server, and the peer's own agent or replication thread, connected here
/// with the same account at the same moment, can carry the very id the peer gave this session;
/// its client address is the peer's, not this one's.
pub fn same_server(local: &mut Conn, other: &mut Conn, other_user: &str) -> Result<bool> {
    let ident = "SELECT CONCAT(@@hostname, ':', @@port, ':', @@datadir)";
    if scalar(local, ident)? != scalar(other, ident)? {
        return Ok(false);
    }
    let me = "SELECT CONCAT(ID, ' ', HOST) FROM information_schema.PROCESSLIST \
              WHERE ID = CONNECTION_ID()";
    let Some(row) = scalar(other, me)? else {
        return Ok(false);
    };
    let Some((id, host)) = row.split_once(' ') else {
        return Ok(false);
    };
    let found = scalar(
        local,
        &format!(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {} AND USER = {} \
             AND HOST = {} AND COMMAND NOT LIKE 'Binlog Dump%'",
            id.parse::<u64>().unwrap_or(0),
            quote(other_user),
            quote(host)
        ),
    )?;
    Ok(found.as_deref() == Some("1"))
}

/// The replica side of the server (`SHOW SLAVE STATUS`), read by column name so both MariaDB's
/// names and MySQL 8's renamed ones (`Replica_IO_Running`, `Source_Host`, ...) work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplicaStatus {
    /// `Yes`, `No` or `Connecting`.
    pub io_running: String,
    /// `Yes` or `No`.
    pub sql_running: String,
    /// Last IO thread error number (0: none).
    pub io_errno: u32,
    /// Last IO thread error text.
    pub io_error: String,
    /// Last SQL thread error number (0: none).
    pub sql_errno: u32,
    /// Last SQL thread error text.
    pub sql_error: String,
    /// `Seconds_Behind_Master` (NULL while a thread is stopped).
    pub lag: Option<u64>,
    /// The source this server replicates from.
    pub master_host: String,
    /// Its port.
    pub master_port: u16,
    /// Source binlog file the IO thread reads.
    pub read_file: String,
    /// Position in it up to which events were received.
    pub read_pos: u64,
    /// Source binlog file of the last event applied by the SQL thread.
    pub exec_file: String,
    /// Source position up to which events were applied.
    pub exec_pos: u64,
    /// `Using_Gtid` (MariaDB: `No`, `Slave_Pos`, `Current_Pos`).
    pub using_gtid: String,
}

impl ReplicaStatus {
    /// Read the status; `None` when the server is not configured as a replica.
    pub fn read(conn: &mut Conn) -> Result<Option<Self>> {
        let row: Option<Row> = conn
            .query_first("SHOW SLAVE STATUS")
            .map_err(|e| sql_error("SHOW SLAVE STATUS", e))?;
        Ok(row.map(|r| Self::from_columns(&row_map(r))))
    }

    /// Build from named columns (either naming scheme).
    pub fn from_columns(m: &HashMap<String, Option<String>>) -> Self {
        let text = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| m.get(*n).cloned().flatten())
                .unwrap_or_default()
        };
        let num = |names: &[&str]| text(names).trim().parse::<u64>().ok();
        ReplicaStatus {
            io_running: text(&["Slave_IO_Running", "Replica_IO_Running"]),
            sql_running: text(&["Slave_SQL_Running", "Replica_SQL_Running"]),
            io_errno: num(&["Last_IO_Errno"]).unwrap_or(0) as u32,
            io_error: text(&["Last_IO_Error"]),
            sql_errno: num(&["Last_SQL_Errno"]).unwrap_or(0) as u32,
            sql_error: text(&["Last_SQL_Error"]),
            lag: num(&["Seconds_Behind_Master", "Seconds_Behind_Source"]),
            master_host: text(&["Master_Host", "Source_Host"]),
            master_port: num(&["Master_Port", "Source_Port"]).unwrap_or(0) as u16,
            read_file: text(&["Master_Log_File", "Source_Log_File"]),
            read_pos: num(&["Read_Master_Log_Pos", "Read_Source_Log_Pos"]).unwrap_or(0),
            exec_file: text(&["Relay_Master_Log_File", "Relay_Source_Log_File"]),
            exec_pos: num(&["Exec_Master_Log_Pos", "Exec_Source_Log_Pos"]).unwrap_or(0),
            using_gtid: text(&["Using_Gtid"]),
        }
    }

    /// The IO thread is connected and receiving.
    pub fn io_ok(&self) -> bool {
        self.io_running == "Yes"
    }

    /// The SQL thread is applying.
    pub fn sql_ok(&self) -> bool {
        self.sql_running == "Yes"
    }

    /// Everything received has been applied.
    pub fn applied_all(&self) -> bool {
        self.exec_file == self.read_file && self.exec_pos == self.read_pos
    }
}

/// Binlog coordinates ordered the way the server orders them: by the numeric file suffix,
/// then by position.
pub fn coords_reached(have: (&str, u64), want: (&str, u64)) -> bool {
    let seq = |f: &str| {
        f.rsplit('.')
            .next()
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (seq(have.0), have.1) >= (seq(want.0), want.1)
}

/// A session listed in the process list.
#[derive(Debug, Clone)]
pub struct Session {
    /// Connection id.
    pub id: u64,
    /// Account.
    pub user: String,
    /// Client host.
    pub host: String,
    /// `COMMAND` column.
    pub command: String,
}

impl Session {
    /// Sessions of the server itself and of replication, which demote must leave alone: the
    /// replica threads (`system user`), the event scheduler, background daemons, and the peer's
    /// IO thread reading our binlog (`Binlog Dump`).
    pub fn is_system(&self) -> bool {
        self.user == "system user"
            || self.user == "event_scheduler"
            || self.command.starts_with("Binlog Dump")
            || self.command == "Daemon"
            || self.command.starts_with("Slave_")
    }
}

/// Every session except the caller's own.
pub fn sessions(conn: &mut Conn) -> Result<Vec<Session>> {
    let rows: Vec<Row> = conn
        .query(
            "SELECT ID, USER, HOST, COMMAND FROM information_schema.PROCESSLIST \
             WHERE ID <> CONNECTION_ID()",
        )
        .map_err(|e| sql_error("reading the process list", e))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut v = r.unwrap().into_iter().map(value_text);
            let mut next = || v.next().flatten().unwrap_or_default();
            Session {
                id: next().parse().unwrap_or(0),
                user: next(),
                host: next(),
                command: next(),
            }
        })
        .filter(|s| s.id != 0)
        .collect())
}

/// Kill the application sessions (see [`Session::is_system`]); returns those killed.
pub fn kill_application_sessions(conn: &mut Conn) -> Result<Vec<Session>> {
    let mut killed = Vec::new();
    for s in sessions(conn)?.into_iter().filter(|s| !s.is_system()) {
        match conn.query_drop(format!("KILL CONNECTION {}", s.id)) {
            Ok(()) => killed.push(s),
            Err(mysql::Error::MySqlError(e)) if e.code == ER_NO_SUCH_THREAD => {}
            Err(e) => return Err(sql_error(&format!("killing session {}", s.id), e)),
        }
    }
    Ok(killed)
}

/// Accounts that can still write while `read_only=ON` (`SUPER`, or `READ_ONLY ADMIN` since
/// MariaDB 10.11), besides the local administrative ones that every installation has.
pub fn privileged_accounts(conn: &mut Conn, agent_user: &str) -> Result<Vec<String>> {
    let rows: Vec<Row> = conn
        .query(
            "SELECT DISTINCT GRANTEE FROM information_schema.USER_PRIVILEGES \
             WHERE PRIVILEGE_TYPE IN ('SUPER', 'READ_ONLY ADMIN')",
        )
        .map_err(|e| sql_error("reading privileged accounts", e))?;
    let local_admins = [
        "'root'@'localhost'".to_string(),
        "'mysql'@'localhost'".to_string(),
        "'mariadb.sys'@'localhost'".to_string(),
        format!("'{agent_user}'@'localhost'"),
    ];
    Ok(rows
        .into_iter()
        .filter_map(|r| r.unwrap().into_iter().next().and_then(value_text))
        .filter(|g| !local_admins.contains(g))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(pairs: &[(&str, &str)]) -> HashMap<String, Option<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), (!v.is_empty()).then(|| v.to_string())))
            .collect()
    }

    #[test]
    fn status_reads_mariadb_and_mysql8_names() {
        let maria = ReplicaStatus::from_columns(&cols(&[
            ("Slave_IO_Running", "Yes"),
            ("Slave_SQL_Running", "No"),
            ("Last_SQL_Errno", "1062"),
            ("Last_SQL_Error", "Duplicate entry"),
            ("Seconds_Behind_Master", ""),
            ("Master_Host", "10.0.0.2"),
            ("Master_Port", "3306"),
            ("Master_Log_File", "mysql-bin.000002"),
            ("Read_Master_Log_Pos", "900"),
            ("Relay_Master_Log_File", "mysql-bin.000002"),
            ("Exec_Master_Log_Pos", "700"),
        ]));
        assert!(maria.io_ok() && !maria.sql_ok());
        assert_eq!(maria.sql_errno, 1062);
        assert_eq!(maria.lag, None, "NULL lag stays unknown, not 0");
        assert_eq!(maria.master_port, 3306);
        assert!(!maria.applied_all());
        let mysql8 = ReplicaStatus::from_columns(&cols(&[
            ("Replica_IO_Running", "Connecting"),
            ("Replica_SQL_Running", "Yes"),
            ("Seconds_Behind_Source", "4"),
            ("Source_Host", "db2"),
            ("Source_Log_File", "binlog.000007"),
            ("Read_Source_Log_Pos", "157"),
            ("Relay_Source_Log_File", "binlog.000007"),
            ("Exec_Source_Log_Pos", "157"),
        ]));
        assert_eq!(mysql8.io_running, "Connecting");
        assert!(mysql8.sql_ok() && mysql8.applied_all());
        assert_eq!(mysql8.lag, Some(4));
        assert_eq!(mysql8.master_host, "db2");
    }

    #[test]
    fn binlog_coordinates_order_by_file_number() {
        assert!(coords_reached(("b.000010", 4), ("b.000009", 9000)));
        assert!(!coords_reached(("b.000009", 100), ("b.000009", 101)));
        assert!(coords_reached(("b.000009", 101), ("b.000009", 101)));
    }

    #[test]
    fn quoting_escapes_quote_and_backslash() {
        assert_eq!(quote(r"a'b\c"), r"'a\'b\\c'");
    }

    #[test]
    fn client_errors_read_without_the_library_wrapping() {
        let e = super::sql_error(
            "connecting to peer",
            mysql::Error::DriverError(mysql::DriverError::ConnectTimeout),
        );
        let text = e.to_string();
        assert!(
            text.contains("connecting to peer: Could not connect"),
            "{text}"
        );
        assert!(!text.contains("DriverError"), "{text}");
    }

    #[test]
    fn system_sessions_are_spared() {
        let s = |user: &str, command: &str| Session {
            id: 1,
            user: user.into(),
            host: String::new(),
            command: command.into(),
        };
        assert!(s("system user", "Slave_SQL").is_system());
        assert!(s("repl", "Binlog Dump GTID").is_system());
        assert!(s("event_scheduler", "Daemon").is_system());
        assert!(!s("app", "Sleep").is_system());
        assert!(!s("root", "Query").is_system());
    }

    #[test]
    fn password_file_errors_map_to_codes() {
        use rustha::OcfCode;
        let dir = std::env::temp_dir().join(format!("mysql-mm-pw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing");
        let e = read_password("replication_password_file", missing.to_str().unwrap()).unwrap_err();
        assert_eq!(e.code(), OcfCode::ErrInstalled);
        assert!(e.to_string().contains("does not exist"), "{e}");
        let empty = dir.join("empty");
        std::fs::write(&empty, "\n").unwrap();
        let e = read_password("p", empty.to_str().unwrap()).unwrap_err();
        assert_eq!(e.code(), OcfCode::ErrConfigured);
        let good = dir.join("good");
        std::fs::write(&good, "s3cret\r\nignored\n").unwrap();
        assert_eq!(
            read_password("p", good.to_str().unwrap()).unwrap(),
            "s3cret"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
