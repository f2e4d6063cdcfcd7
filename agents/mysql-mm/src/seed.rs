//! Seeding the peer for `mysql-mm bootstrap`: what counts as "the peer already holds different
//! data", and the consistent copy of this server's databases together with its GTID position.
//!
//! The copy is `mariadb-dump --single-transaction --master-data=2 --gtid` (a snapshot that does
//! not block writes; `--lock-all-tables` instead when a user table is not InnoDB, since a
//! snapshot cannot copy MyISAM or Aria consistently) piped into the `mariadb` client connected
//! to the peer with `sql_log_bin=0`: the load must not enter the peer's binlog, or the reverse
//! direction would replay it onto this server. The position is read from the dump's own
//! `-- SET GLOBAL gtid_slave_pos='...'` comment, written at the instant of the snapshot.
//! Only user databases are copied: accounts, grants and the server's own system tables stay as
//! each server has them. A dump rather than `mariabackup`: it needs nothing on the peer's host
//! (no shell, no file access, no stopped server), only its SQL port.
//!
//! Passwords reach the tools in an option file (`--defaults-file`, mode 0600 in a private
//! directory removed afterwards), never on a command line.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mysql::prelude::Queryable;
use mysql::{Conn, Row};
use rustha::error::{Error, Result};

use crate::db::{self, Addr, Target};

/// Databases every server has for itself; never compared, copied or dropped.
pub const SYSTEM_DATABASES: &[&str] = &["mysql", "information_schema", "performance_schema", "sys"];

/// An identifier quoted for SQL.
pub fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn rows(conn: &mut Conn, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
    let rows: Vec<Row> = conn.query(sql).map_err(|e| db::sql_error(sql, e))?;
    Ok(rows
        .into_iter()
        .map(|r| r.unwrap().into_iter().map(db::value_text).collect())
        .collect())
}

/// The user databases of a server, sorted.
pub fn user_databases(conn: &mut Conn) -> Result<Vec<String>> {
    let mut dbs: Vec<String> = rows(conn, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")?
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .filter(|d| !SYSTEM_DATABASES.contains(&d.as_str()))
        .collect();
    dbs.sort();
    Ok(dbs)
}

/// `SHOW CREATE TABLE` without the `AUTO_INCREMENT=N` table option: the next key value differs
/// between identical copies (deleted rows, the other server's offset) and is not data.
fn without_auto_increment(create: &str) -> String {
    let Some(close) = create.rfind(')') else {
        return create.to_string();
    };
    let (body, options) = create.split_at(close);
    let mut out = String::from(body);
    let mut rest = options;
    while let Some(at) = rest.find(" AUTO_INCREMENT=") {
        out.push_str(&rest[..at]);
        rest =
            rest[at + " AUTO_INCREMENT=".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// Everything a database holds, by object: tables (definition and `CHECKSUM TABLE`), views,
/// routines, triggers and events (their definitions). Two databases are identical when their
/// fingerprints are.
pub fn fingerprint(conn: &mut Conn, database: &str) -> Result<BTreeMap<String, String>> {
    let schema = db::quote(database);
    let mut out = BTreeMap::new();
    let tables = rows(
        conn,
        &format!(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = {schema}"
        ),
    )?;
    for r in tables {
        let (Some(name), kind) = (r[0].clone(), r[1].clone().unwrap_or_default()) else {
            continue;
        };
        let full = format!("{}.{}", ident(database), ident(&name));
        if kind == "VIEW" {
            let def = db::scalar(
                conn,
                &format!(
                    "SELECT VIEW_DEFINITION FROM information_schema.VIEWS \
                     WHERE TABLE_SCHEMA = {schema} AND TABLE_NAME = {}",
                    db::quote(&name)
                ),
            )?;
            out.insert(format!("view {name}"), def.unwrap_or_default());
            continue;
        }
        let create = rows(conn, &format!("SHOW CREATE TABLE {full}"))?
            .into_iter()
            .next()
            .and_then(|r| r.get(1).cloned().flatten())
            .unwrap_or_default();
        let sum = rows(conn, &format!("CHECKSUM TABLE {full}"))?
            .into_iter()
            .next()
            .and_then(|r| r.get(1).cloned().flatten())
            .unwrap_or_default();
        out.insert(
            format!("table {name}"),
            format!("{}\nchecksum {sum}", without_auto_increment(&create)),
        );
    }
    for (what, sql) in [
        (
            "routine",
            format!(
                "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME), ROUTINE_DEFINITION \
                 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {schema}"
            ),
        ),
        (
            "trigger",
            format!(
                "SELECT TRIGGER_NAME, CONCAT_WS(' ', ACTION_TIMING, EVENT_MANIPULATION, \
                 EVENT_OBJECT_TABLE, ACTION_STATEMENT) \
                 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {schema}"
            ),
        ),
        (
            "event",
            format!(
                "SELECT EVENT_NAME, EVENT_DEFINITION FROM information_schema.EVENTS \
                 WHERE EVENT_SCHEMA = {schema}"
            ),
        ),
    ] {
        for r in rows(conn, &sql)? {
            if let Some(name) = r[0].clone() {
                out.insert(format!("{what} {name}"), r[1].clone().unwrap_or_default());
            }
        }
    }
    Ok(out)
}

/// How the peer's user databases differ from this server's, one line per database that is not
/// identical (empty: the peer holds nothing this server lacks or has otherwise).
pub fn differences(local: &mut Conn, peer: &mut Conn) -> Result<Vec<String>> {
    let here = user_databases(local)?;
    let mut found = Vec::new();
    for database in user_databases(peer)? {
        if !here.contains(&database) {
            found.push(format!("database {database} exists only on the peer"));
            continue;
        }
        let (mine, theirs) = (
            fingerprint(local, &database)?,
            fingerprint(peer, &database)?,
        );
        let mut what: Vec<String> = Vec::new();
        for (object, def) in &theirs {
            match mine.get(object) {
                None => what.push(format!("{object} exists only on the peer")),
                Some(d) if d != def => what.push(if object.starts_with("table ") {
                    format!("{object} differs (definition or CHECKSUM TABLE)")
                } else {
                    format!("{object} differs")
                }),
                Some(_) => {}
            }
        }
        what.extend(
            mine.keys()
                .filter(|o| !theirs.contains_key(*o))
                .map(|o| format!("{o} is missing on the peer")),
        );
        if !what.is_empty() {
            found.push(format!("database {database}: {}", what.join(", ")));
        }
    }
    Ok(found)
}

/// User tables a consistent snapshot cannot copy (any engine but InnoDB), as `db.table (ENGINE)`.
pub fn non_transactional_tables(conn: &mut Conn, databases: &[String]) -> Result<Vec<String>> {
    if databases.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = databases.iter().map(|d| db::quote(d)).collect();
    Ok(rows(
        conn,
        &format!(
            "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME, ' (', ENGINE, ')') \
             FROM information_schema.TABLES WHERE TABLE_TYPE <> 'VIEW' \
             AND ENGINE <> 'InnoDB' AND TABLE_SCHEMA IN ({}) ORDER BY 1",
            list.join(", ")
        ),
    )?
    .into_iter()
    .filter_map(|r| r.into_iter().next().flatten())
    .collect())
}

/// The dump and client programs: `client_binary` and the dump tool installed beside it.
#[derive(Debug, Clone)]
pub struct Tools {
    /// `mariadb-dump` (or `mysqldump`).
    pub dump: PathBuf,
    /// `mariadb` (or `mysql`).
    pub client: PathBuf,
}

impl Tools {
    /// Find the tools; a missing one is something this node lacks.
    pub fn find(client_binary: &str) -> Result<Tools> {
        let client = PathBuf::from(client_binary);
        if !client.is_file() {
            return Err(Error::NotInstalled(format!(
                "parameter 'client_binary': {client_binary} not found (bootstrap loads the copy with it; install mariadb-client)"
            )));
        }
        let dir = client.parent().unwrap_or(Path::new("/"));
        let dump = ["mariadb-dump", "mysqldump"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                Error::NotInstalled(format!(
                    "no mariadb-dump or mysqldump beside {client_binary} (bootstrap copies the data with it; install mariadb-client)"
                ))
            })?;
        Ok(Tools { dump, client })
    }
}

/// A private directory holding the tools' option files; removed on drop.
struct Secrets {
    dir: PathBuf,
}

impl Secrets {
    fn new() -> Result<Secrets> {
        let dir =
            std::env::temp_dir().join(format!("rustha-mysql-mm-bootstrap-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        Ok(Secrets { dir })
    }

    /// An option file with a `[client]` group reaching `target`.
    fn option_file(&self, name: &str, target: &Target) -> Result<PathBuf> {
        let mut text = String::from("[client]\n");
        let mut set = |k: &str, v: &str| text.push_str(&format!("{k}={}\n", option_value(v)));
        set("user", &target.user);
        if let Some(p) = &target.password {
            set("password", p);
        }
        match &target.addr {
            Addr::Socket(path) => {
                set("protocol", "socket");
                set("socket", path);
            }
            Addr::Tcp(host, port) => {
                set("protocol", "tcp");
                set("host", host);
                set("port", &port.to_string());
            }
        }
        let path = self.dir.join(name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        Ok(path)
    }
}

impl Drop for Secrets {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A value for an option file: in double quotes, with the escapes the option-file reader
/// undoes (backslash, both quotes), so any password of one line survives as written.
fn option_value(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a copy did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// This server's GTID position at the instant of the snapshot.
    pub gtid_pos: String,
    /// Bytes of SQL loaded.
    pub bytes: u64,
}

/// The dump line carrying the snapshot's position (`--master-data=2 --gtid` comments it out).
const GTID_LINE: &str = "-- SET GLOBAL gtid_slave_pos='";

fn gtid_of(line: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(line).ok()?.trim_end();
    let rest = text.strip_prefix(GTID_LINE)?;
    Some(rest.strip_suffix("';")?.to_string())
}

fn collect(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = r.read_to_end(&mut s);
        String::from_utf8_lossy(&s).trim().to_string()
    })
}

/// Copy `databases` from `source` to `dest` with `tools`: one consistent dump (a snapshot, or
/// every table locked when `lock_all`), loaded without entering the destination's binlog.
pub fn copy(
    tools: &Tools,
    source: &Target,
    dest: &Target,
    databases: &[String],
    lock_all: bool,
) -> Result<Copied> {
    let secrets = Secrets::new()?;
    let src_cnf = secrets.option_file("source.cnf", source)?;
    let dst_cnf = secrets.option_file("dest.cnf", dest)?;
    let mut dump = Command::new(&tools.dump)
        .arg(format!("--defaults-file={}", src_cnf.display()))
        .arg(if lock_all {
            "--lock-all-tables"
        } else {
            "--single-transaction"
        })
        .args([
            "--master-data=2",
            "--gtid",
            "--routines",
            "--events",
            "--triggers",
            "--hex-blob",
            "--databases",
        ])
        .args(databases)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(format!("running {}", tools.dump.display()), e))?;
    let dump_err = collect(dump.stderr.take().expect("piped"));
    let mut load = match Command::new(&tools.client)
        .arg(format!("--defaults-file={}", dst_cnf.display()))
        .args([
            "--batch",
            "--binary-mode",
            "--max-allowed-packet=1G",
            "--init-command=SET SESSION sql_log_bin=0",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            let _ = dump.kill();
            let _ = dump.wait();
            return Err(Error::io(format!("running {}", tools.client.display()), e));
        }
    };
    let load_err = collect(load.stderr.take().expect("piped"));
    let mut input = load.stdin.take().expect("piped");
    let mut output = BufReader::with_capacity(1 << 20, dump.stdout.take().expect("piped"));
    let mut line = Vec::new();
    let (mut gtid_pos, mut bytes, mut write_failed) = (None, 0u64, false);
    loop {
        line.clear();
        match output.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(n) => bytes += n as u64,
            Err(_) => break,
        }
        if line.starts_with(b"-- SET GLOBAL") {
            if let Some(p) = gtid_of(&line) {
                gtid_pos = Some(p);
            }
        }
        if input.write_all(&line).is_err() {
            // The client stopped (its error says why); stop the dump too.
            write_failed = true;
            let _ = dump.kill();
            break;
        }
    }
    drop(input);
    drop(output);
    let dump_status = dump
        .wait()
        .map_err(|e| Error::io("waiting for the dump", e))?;
    let load_status = load
        .wait()
        .map_err(|e| Error::io("waiting for the load", e))?;
    let (dump_err, load_err) = (
        dump_err.join().unwrap_or_default(),
        load_err.join().unwrap_or_default(),
    );
    if !load_status.success() {
        return Err(Error::Failed(format!(
            "loading the copy into {} with {} failed ({load_status}): {}",
            dest.label,
            tools.client.display(),
            if load_err.is_empty() {
                "no message"
            } else {
                &load_err
            }
        )));
    }
    if !dump_status.success() || write_failed {
        return Err(Error::Failed(format!(
            "dumping {} with {} failed ({dump_status}): {}",
            source.label,
            tools.dump.display(),
            if dump_err.is_empty() {
                "no message"
            } else {
                &dump_err
            }
        )));
    }
    let gtid_pos = gtid_pos.ok_or_else(|| {
        Error::Failed(format!(
            "the dump of {} carries no GTID position (no '{GTID_LINE}...' line): cannot tell where replication must start",
            source.label
        ))
    })?;
    Ok(Copied { gtid_pos, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_increment_option_is_not_data() {
        let a = "CREATE TABLE `t` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=17 DEFAULT CHARSET=latin1";
        let b = a.replace("AUTO_INCREMENT=17", "AUTO_INCREMENT=4");
        assert_eq!(without_auto_increment(a), without_auto_increment(&b));
        assert!(without_auto_increment(a).contains("NOT NULL AUTO_INCREMENT,"));
        assert!(!without_auto_increment(a).contains("=17"));
    }

    #[test]
    fn gtid_position_from_the_dump_comment() {
        assert_eq!(
            gtid_of(b"-- SET GLOBAL gtid_slave_pos='0-1-6,1-1-9';\n").as_deref(),
            Some("0-1-6,1-1-9")
        );
        assert_eq!(
            gtid_of(b"-- SET GLOBAL gtid_slave_pos='';\n").as_deref(),
            Some("")
        );
        assert_eq!(gtid_of(b"SET GLOBAL gtid_slave_pos='0-1-6';\n"), None);
    }

    #[test]
    fn option_values_survive_quotes_and_backslashes() {
        assert_eq!(option_value(r#"a"b'c\d #e"#), r#""a\"b\'c\\d #e""#);
        assert_eq!(ident("we`ird"), "`we``ird`");
    }
}
