//! `mysql-mm bootstrap`: the master-master setup of seed 000, done once and checked.
//!
//! The seed guide edits both `my.cnf` files by hand, grants replication to a password typed on
//! the command line, runs `CHANGE MASTER` in each direction and papers over the resulting
//! conflicts with `slave-skip-errors=1062,1061,1060`. This command, run on one node, connects to
//! both servers (the local one through its socket, the peer over TCP) and:
//!
//! 1. checks that `peer` is another server and that both write a binlog;
//! 2. gives them distinct `server_id`s and `gtid_domain_id`s, `auto_increment_increment=2` and
//!    offsets 1 (this node) and 2 (the peer), so both can hand out keys without collisions;
//! 3. creates the replication account on each (not binlogged: each server gets its own);
//! 4. points each server at the other with GTID (`MASTER_USE_GTID=slave_pos`), starting from the
//!    other's current binlog position (the data is taken as identical, as after the seed's copy),
//!    and leaves an existing, healthy setup toward the same peer as it is;
//! 5. starts replication and waits until both IO threads are connected.
//!
//! Settings made with `SET GLOBAL` do not survive a restart: the command prints the `[mysqld]`
//! lines for each node's `my.cnf` (and writes this node's with `--write-cnf`). No error is ever
//! skipped: `slave_skip_errors` is refused.
//!
//! Parameters are the agent's own (`--peer`, `--replication_password_file`, ... or the same
//! `OCF_RESKEY_*` variables), plus the options in [`USAGE`].

use std::time::{Duration, Instant};

use mysql::prelude::Queryable;
use mysql::Conn;
use rustha::error::{Error, Result};
use rustha::param::{EnvSource, Layered, MapSource};
use rustha::{OcfCode, Params};

use crate::db::{self, Addr, ReplicaStatus, Target};
use crate::MysqlMm;

/// `mysql-mm bootstrap --help`.
pub const USAGE: &str = "\
usage: rustha-mysql-mm bootstrap --peer HOST[:PORT] --replication_password_file FILE [OPTIONS]

Sets up master-master replication between the local server (reached through --socket) and the
peer: distinct server ids and GTID domains, auto_increment_increment=2 with offsets 1 (here) and
2 (peer), the replication account on both, GTID-based CHANGE MASTER in both directions, and
waits until both directions are connected. The data of both servers must already be identical.

Agent parameters (as --NAME VALUE, or OCF_RESKEY_NAME in the environment):
  --socket, --test_user, --test_passwd_file, --peer, --peer_port, --replication_user,
  --replication_password_file
Options:
  --peer-admin-user USER         account with ALL PRIVILEGES on the peer, reached over TCP
                                 (default: test_user)
  --peer-admin-passwd-file FILE  its password (default: test_passwd_file)
  --local-host HOST              address the peer reaches this server at
                                 (default: the address the peer sees this node connect from)
  --local-port PORT              port of this server (default: its @@port)
  --replication-host PATTERN     host part of the replication account (default: %)
  --write-cnf FILE               write this node's [mysqld] settings to FILE
  --write-peer-cnf FILE          write the peer's [mysqld] settings to FILE (to copy there)
  --timeout SECONDS              how long to wait for both directions to connect (default: 30)
";

struct Options {
    params: Params,
    peer_admin_user: Option<String>,
    peer_admin_passwd_file: Option<String>,
    local_host: Option<String>,
    local_port: Option<u16>,
    repl_host: String,
    write_cnf: Option<String>,
    write_peer_cnf: Option<String>,
    timeout: Duration,
}

fn parse(args: &[String]) -> Result<Option<Options>> {
    let mut overrides = MapSource::new();
    let mut write_peer_cnf = None;
    let mut o = (
        None,
        None,
        None,
        None,
        "%".to_string(),
        None,
        Duration::from_secs(30),
    );
    let mut it = args.iter().skip(1);
    while let Some(arg) = it.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(None);
        }
        let Some(flag) = arg.strip_prefix("--") else {
            return Err(Error::Usage(format!(
                "bootstrap: unexpected argument '{arg}'\n{USAGE}"
            )));
        };
        let (name, value) = match flag.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => {
                let v = it
                    .next()
                    .ok_or_else(|| Error::Usage(format!("bootstrap: --{flag} needs a value")))?;
                (flag.to_string(), v.clone())
            }
        };
        match name.as_str() {
            "peer-admin-user" => o.0 = Some(value),
            "peer-admin-passwd-file" => o.1 = Some(value),
            "local-host" => o.2 = Some(value),
            "local-port" => {
                o.3 = Some(value.parse::<u16>().map_err(|_| {
                    Error::invalid("local-port", &value, "a port number from 1 to 65535")
                })?)
            }
            "replication-host" => o.4 = value,
            "write-cnf" => o.5 = Some(value),
            "write-peer-cnf" => write_peer_cnf = Some(value),
            "timeout" => {
                o.6 = Duration::from_secs(
                    value
                        .parse::<u64>()
                        .map_err(|_| Error::invalid("timeout", &value, "a number of seconds"))?,
                )
            }
            p if crate::PARAMS.iter().any(|s| s.name == p) => overrides.set_param(p, value),
            other => {
                let known: Vec<&str> = crate::PARAMS.iter().map(|s| s.name).collect();
                return Err(Error::Usage(format!(
                    "bootstrap: unknown option --{other} (parameters: {})\n{USAGE}",
                    known.join(", ")
                )));
            }
        }
    }
    let source = Layered {
        top: overrides,
        bottom: EnvSource,
    };
    let params = Params::from_source(crate::PARAMS, &source)?;
    Ok(Some(Options {
        params,
        peer_admin_user: o.0,
        peer_admin_passwd_file: o.1,
        local_host: o.2,
        local_port: o.3,
        repl_host: o.4,
        write_cnf: o.5,
        write_peer_cnf,
        timeout: o.6,
    }))
}

/// Run `mysql-mm bootstrap ARGS...` (`args[0]` is `bootstrap`).
pub fn run(args: &[String]) -> Result<OcfCode> {
    let Some(opts) = parse(args)? else {
        print!("{USAGE}");
        return Ok(OcfCode::Success);
    };
    let node = nix::unistd::gethostname()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_default();
    let agent = MysqlMm::from_params(&opts.params, &node)?;
    let (peer_host, peer_port) = agent.peer.clone().ok_or(Error::MissingParam {
        name: "peer".into(),
    })?;
    let repl_password = agent.repl_password("create the replication account")?;
    let local_t = agent.local_target()?;
    let peer_password = match opts
        .peer_admin_passwd_file
        .as_deref()
        .or(agent.test_passwd_file.as_deref())
    {
        Some(f) => Some(db::read_password("peer-admin-passwd-file", f)?),
        None => None,
    };
    let peer_t = Target {
        label: format!("peer {peer_host}:{peer_port}"),
        addr: Addr::Tcp(peer_host.clone(), peer_port),
        user: opts
            .peer_admin_user
            .clone()
            .unwrap_or(agent.test_user.clone()),
        password: peer_password,
    };
    let timeout = Duration::from_secs(10);
    let mut local = local_t.connect(timeout)?;
    let mut peer = peer_t.connect(timeout)?;

    // 1. Two distinct servers, both writing a binlog, none skipping errors.
    if db::same_server(&mut local, &mut peer, &peer_t.user)? {
        return Err(Error::Configuration(format!(
            "parameter 'peer': {peer_host}:{peer_port} is this server itself; name the other node's server"
        )));
    }
    for (label, conn) in [(&local_t.label, &mut local), (&peer_t.label, &mut peer)] {
        if db::scalar(conn, "SELECT @@GLOBAL.log_bin")?.as_deref() != Some("1") {
            return Err(Error::Configuration(format!(
                "{label} has no binary log: add 'log_bin' to [mysqld] in its my.cnf and restart it (a master must write a binlog)"
            )));
        }
        let skip = db::scalar(conn, "SELECT @@GLOBAL.slave_skip_errors")?.unwrap_or_default();
        if !skip.is_empty() && skip != "OFF" {
            return Err(Error::Configuration(format!(
                "{label} runs with slave_skip_errors={skip}: skipped errors silently diverge the two databases; remove slave-skip-errors from its my.cnf and restart it"
            )));
        }
    }

    // 2. Identities and key offsets.
    let id = |c: &mut Conn| -> Result<u32> {
        Ok(db::scalar(c, "SELECT @@GLOBAL.server_id")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(1))
    };
    let (mut lid, mut pid) = (id(&mut local)?, id(&mut peer)?);
    if lid == pid {
        (lid, pid) = (1, 2);
    }
    let settings = |server_id: u32, offset: u32| {
        vec![
            ("server_id", server_id.to_string()),
            ("gtid_domain_id", server_id.to_string()),
            ("auto_increment_increment", "2".to_string()),
            ("auto_increment_offset", offset.to_string()),
        ]
    };
    let (lset, pset) = (settings(lid, 1), settings(pid, 2));
    for (conn, set) in [(&mut local, &lset), (&mut peer, &pset)] {
        for (name, value) in set {
            db::exec(
                conn,
                &format!("SET GLOBAL {name}"),
                &format!("SET GLOBAL {name} = {value}"),
            )?;
        }
    }

    // 3. The replication account, created on each server without being replicated.
    for conn in [&mut local, &mut peer] {
        create_repl_user(conn, &agent.repl_user, &opts.repl_host, &repl_password)?;
    }

    // 4. Each direction.
    let local_port = match opts.local_port {
        Some(p) => p,
        None => db::scalar(&mut local, "SELECT @@GLOBAL.port")?
            .and_then(|p| p.parse().ok())
            .unwrap_or(3306),
    };
    let local_host = match opts.local_host.clone() {
        Some(h) => h,
        None => seen_from_peer(&mut peer)?,
    };
    let here = (local_host.as_str(), local_port);
    let there = (peer_host.as_str(), peer_port);
    let repl = (agent.repl_user.as_str(), repl_password.as_str());
    point_at(&mut local, &local_t.label, &mut peer, there, repl)?;
    point_at(&mut peer, &peer_t.label, &mut local, here, repl)?;

    // 5. Both directions connected.
    let deadline = Instant::now() + opts.timeout;
    for (label, conn) in [(&local_t.label, &mut local), (&peer_t.label, &mut peer)] {
        let ok = rustha::daemon::wait_until(deadline, Duration::from_millis(50), || {
            Ok(ReplicaStatus::read(conn)?.is_some_and(|s| s.io_ok() && s.sql_ok()))
        })?;
        let s = ReplicaStatus::read(conn)?.unwrap_or_default();
        if !ok {
            return Err(Error::Failed(format!(
                "{label}: replication did not come up within {:?}: IO thread {} (error {}: {}), SQL thread {} (error {}: {})",
                opts.timeout, s.io_running, s.io_errno, s.io_error, s.sql_running, s.sql_errno, s.sql_error
            )));
        }
        println!(
            "{label}: replicating from {}:{} (IO {}, SQL {}, GTID {})",
            s.master_host, s.master_port, s.io_running, s.sql_running, s.using_gtid
        );
    }

    let cnf = |set: &[(&str, String)]| {
        let mut s = String::from(
            // No `log_bin` line: a bare one would reset the binlog basename to the default,
            // starting a new binlog series that has forgotten this server's own GTIDs.
            "# master-master settings written by 'mysql-mm bootstrap'\n\
             # (log_bin must stay enabled, with its current basename)\n[mysqld]\n",
        );
        for (name, value) in set {
            s.push_str(&format!("{name} = {value}\n"));
        }
        s
    };
    if let Some(path) = &opts.write_cnf {
        std::fs::write(path, cnf(&lset)).map_err(|e| Error::io(format!("writing {path}"), e))?;
        println!("wrote this node's settings to {path}");
    } else {
        println!("\nKeep these in this node's my.cnf:\n{}", cnf(&lset));
    }
    if let Some(path) = &opts.write_peer_cnf {
        std::fs::write(path, cnf(&pset)).map_err(|e| Error::io(format!("writing {path}"), e))?;
        println!("wrote the peer's settings to {path}: put them in its my.cnf");
    } else {
        println!(
            "Keep these in the peer's my.cnf ({peer_host}):\n{}",
            cnf(&pset)
        );
    }
    Ok(OcfCode::Success)
}

fn create_repl_user(conn: &mut Conn, user: &str, host: &str, password: &str) -> Result<()> {
    let account = format!("{}@{}", db::quote(user), db::quote(host));
    let pw = db::quote(password);
    // Each server creates its own account: these statements must not reach the other one.
    db::exec(
        conn,
        "SET SESSION sql_log_bin=0",
        "SET SESSION sql_log_bin=0",
    )?;
    let r = (|| {
        db::exec(
            conn,
            "CREATE USER (replication account)",
            &format!("CREATE USER IF NOT EXISTS {account} IDENTIFIED BY {pw}"),
        )?;
        db::exec(
            conn,
            "ALTER USER (replication account)",
            &format!("ALTER USER {account} IDENTIFIED BY {pw}"),
        )?;
        db::exec(
            conn,
            "GRANT (replication account)",
            &format!("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO {account}"),
        )
    })();
    db::exec(
        conn,
        "SET SESSION sql_log_bin=1",
        "SET SESSION sql_log_bin=1",
    )?;
    r
}

/// The address this node connects from, as the peer sees it.
fn seen_from_peer(peer: &mut Conn) -> Result<String> {
    let host = db::scalar(
        peer,
        "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()",
    )?
    .unwrap_or_default();
    let addr = match host.rsplit_once(':') {
        Some((a, port)) if port.chars().all(|c| c.is_ascii_digit()) => a.to_string(),
        _ => host,
    };
    if addr.is_empty() || addr == "localhost" {
        return Err(Error::Usage(
            "bootstrap: cannot tell which address the peer reaches this server at; give --local-host".into(),
        ));
    }
    Ok(addr
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string())
}

/// Make `replica` replicate from `source` at `(host, port)`. An existing, error-free setup toward
/// the same source keeps its position; a new one starts at the source's current binlog position.
fn point_at(
    replica: &mut Conn,
    label: &str,
    source: &mut Conn,
    (host, port): (&str, u16),
    (user, password): (&str, &str),
) -> Result<()> {
    let current = ReplicaStatus::read(replica)?;
    let keep = current.as_ref().is_some_and(|s| {
        s.master_host == host
            && s.master_port == port
            && s.sql_errno == 0
            && !s.using_gtid.is_empty()
            && s.using_gtid != "No"
    });
    db::exec(replica, "STOP SLAVE", "STOP SLAVE")?;
    let change = format!(
        "CHANGE MASTER TO MASTER_HOST={}, MASTER_PORT={port}, MASTER_USER={}, MASTER_PASSWORD={}, MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=5",
        db::quote(host),
        db::quote(user),
        db::quote(password)
    );
    if !keep {
        let pos = db::scalar(source, "SELECT @@GLOBAL.gtid_binlog_pos")?.unwrap_or_default();
        db::exec(replica, "RESET SLAVE ALL", "RESET SLAVE ALL")?;
        db::exec(
            replica,
            "SET GLOBAL gtid_slave_pos",
            &format!("SET GLOBAL gtid_slave_pos = {}", db::quote(&pos)),
        )?;
        println!("{label}: replicating from {host}:{port} starting at GTID position '{pos}'");
    }
    replica
        .query_drop(&change)
        .map_err(|e| db::sql_error(&format!("{label}: CHANGE MASTER TO {host}:{port}"), e))?;
    db::exec(replica, "START SLAVE", "START SLAVE")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        std::iter::once("bootstrap")
            .chain(v.iter().copied())
            .map(String::from)
            .collect()
    }

    #[test]
    fn options_and_agent_parameters() {
        let o = parse(&args(&[
            "--peer",
            "db2:3307",
            "--replication_user=r",
            "--local-host",
            "10.0.0.1",
            "--timeout",
            "5",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(o.params.get("peer"), Some("db2:3307"));
        assert_eq!(o.params.get("replication_user"), Some("r"));
        assert_eq!(o.local_host.as_deref(), Some("10.0.0.1"));
        assert_eq!(o.timeout, Duration::from_secs(5));
        assert!(parse(&args(&["--help"])).unwrap().is_none());
    }

    #[test]
    fn bad_options_say_what_is_wrong() {
        let e = parse(&args(&["--peer-admn-user", "x"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrArgs);
        assert!(e.to_string().contains("--peer-admn-user"), "{e}");
        let e = parse(&args(&["--timeout", "soon"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrConfigured);
        let e = parse(&args(&["--peer"])).err().unwrap();
        assert!(e.to_string().contains("needs a value"), "{e}");
        let e = parse(&args(&["--peer", "db2:0"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrConfigured, "{e}");
        let e = parse(&args(&["stray"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrArgs);
    }
}
