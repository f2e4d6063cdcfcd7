//! `mysql-mm bootstrap`: from one running server to a replicating master-master pair, checked.
//!
//! Seed 000 stops both servers, copies the data directory by hand, edits both `my.cnf` files,
//! grants replication to a password typed on the command line, runs `CHANGE MASTER` in each
//! direction and papers over the resulting conflicts with `slave-skip-errors=1062,1061,1060`.
//! This command, run on the node whose server holds the data (the local one, reached through
//! its socket), configures the peer over TCP and:
//!
//! 1. checks that `peer` is another server, that both write a binlog and skip no errors, and
//!    that the peer account may load data without binlogging it;
//! 2. compares the peer's user databases with this server's ([`crate::seed`]): a peer holding
//!    anything that differs is refused, before anything changes on either server, unless
//!    `--replace` says to overwrite it; a pair already replicating from each other (GTID, both
//!    threads running) is left as it is;
//! 3. gives the servers distinct `server_id`s and `gtid_domain_id`s, `auto_increment_increment=2`
//!    and offsets 1 (this node) and 2 (the peer), so both can hand out keys without collisions;
//! 4. creates the replication account on each (not binlogged: each server gets its own);
//! 5. copies this server's user databases to the peer with their GTID position, live (a
//!    snapshot; writes continue), loaded without entering the peer's binlog;
//! 6. points the peer at this server from the copy's position, and this server at the peer
//!    from the peer's current position, both with GTID (`MASTER_USE_GTID=slave_pos`);
//! 7. starts replication and waits until both directions are connected and applying.
//!
//! Settings made with `SET GLOBAL` do not survive a restart: the command prints the `[mysqld]`
//! lines for each node's `my.cnf` (and writes them with `--write-cnf`/`--write-peer-cnf`). No
//! error is ever skipped: `slave_skip_errors` is refused.
//!
//! Parameters are the agent's own (`--peer`, `--replication_password_file`, ... or the same
//! `OCF_RESKEY_*` variables), plus the options of [`command`].

use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches};
use mysql::prelude::Queryable;
use mysql::Conn;
use rustha::error::{Error, Result};
use rustha::param::{EnvSource, Layered, MapSource};
use rustha::{OcfCode, Params};

use crate::db::{self, Addr, ReplicaStatus, Target};
use crate::seed;
use crate::MysqlMm;

const ABOUT: &str = "Make this server and 'peer' a master-master pair: copy this server's \
databases to the peer (live, with their GTID position), then replicate both ways";

const LONG_ABOUT: &str = "Make this server (reached through --socket) and the peer (over TCP) a \
master-master pair. Refuses, changing nothing, when the peer already holds user databases that \
are not identical to this server's (unless --replace), then: distinct server ids and GTID \
domains, auto_increment_increment=2 with offsets 1 (here) and 2 (peer), the replication account \
on both, a consistent copy of this server's user databases loaded into the peer (mariadb-dump \
with a snapshot, so writes here continue; accounts and system tables are not copied), GTID-based \
CHANGE MASTER in both directions, and waits until both directions replicate. A pair already \
replicating from each other is left as it is. Every step is printed; every failure says what \
is wrong.";

const PARAMS_HEADING: &str = "Agent parameters";

/// `rustha-mysql-mm bootstrap`: its options, then the agent's parameters.
pub fn command() -> clap::Command {
    let opt = |name: &'static str, value: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value)
            .num_args(1)
            .help(help)
    };
    let mut cmd = clap::Command::new("bootstrap")
        .bin_name("rustha-mysql-mm bootstrap")
        .about(ABOUT)
        .long_about(LONG_ABOUT)
        .arg(
            Arg::new("replace")
                .long("replace")
                .action(ArgAction::SetTrue)
                .help("Drop the peer's user databases and load the copy even when they differ from this server's (their data is lost)"),
        )
        .arg(opt(
            "peer-admin-user",
            "USER",
            "Account with ALL PRIVILEGES on the peer, reached over TCP (default: test_user)",
        ))
        .arg(opt(
            "peer-admin-passwd-file",
            "FILE",
            "Its password on the first line (default: test_passwd_file)",
        ))
        .arg(opt(
            "local-host",
            "HOST",
            "Address the peer reaches this server at (default: the address the peer sees this node connect from)",
        ))
        .arg(opt("local-port", "PORT", "Port of this server (default: its @@port)"))
        .arg(opt(
            "replication-host",
            "PATTERN",
            "Host part of the replication account [default: %]",
        ))
        .arg(opt(
            "write-cnf",
            "FILE",
            "Write this node's [mysqld] settings to FILE",
        ))
        .arg(opt(
            "write-peer-cnf",
            "FILE",
            "Write the peer's [mysqld] settings to FILE (to copy there)",
        ))
        .arg(opt(
            "timeout",
            "SECONDS",
            "How long to wait for both directions to replicate [default: 30]",
        ));
    for p in crate::PARAMS {
        cmd = cmd.arg(rustha::cli::param_arg(p).help_heading(PARAMS_HEADING));
    }
    cmd
}

struct Options {
    params: Params,
    replace: bool,
    peer_admin_user: Option<String>,
    peer_admin_passwd_file: Option<String>,
    local_host: Option<String>,
    local_port: Option<u16>,
    repl_host: String,
    write_cnf: Option<String>,
    write_peer_cnf: Option<String>,
    timeout: Duration,
}

/// Parse `bootstrap ARGS...`; `None` when help was asked for.
fn parse(args: &[String]) -> Result<Option<Options>> {
    let m = match command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => return Ok(None),
        Err(e) => {
            let names: Vec<&str> = crate::PARAMS.iter().map(|s| s.name).collect();
            let text = e.render().to_string();
            return Err(Error::Usage(format!(
                "bootstrap: {}\nThe agent's parameters are options too: --{}",
                text.trim().trim_start_matches("error: "),
                names.join(", --")
            )));
        }
    };
    let text = |m: &ArgMatches, name: &str| m.get_one::<String>(name).cloned();
    let mut overrides = MapSource::new();
    for p in crate::PARAMS {
        if let Some(v) = text(&m, p.name) {
            overrides.set_param(p.name, v);
        }
    }
    let local_port =
        match text(&m, "local-port") {
            Some(v) => Some(v.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                Error::invalid("local-port", &v, "a port number from 1 to 65535")
            })?),
            None => None,
        };
    let timeout = match text(&m, "timeout") {
        Some(v) => Duration::from_secs(
            v.parse::<u64>()
                .map_err(|_| Error::invalid("timeout", &v, "a number of seconds"))?,
        ),
        None => Duration::from_secs(30),
    };
    let source = Layered {
        top: overrides,
        bottom: EnvSource,
    };
    let params = Params::from_source(crate::PARAMS, &source)?;
    Ok(Some(Options {
        params,
        replace: m.get_flag("replace"),
        peer_admin_user: text(&m, "peer-admin-user"),
        peer_admin_passwd_file: text(&m, "peer-admin-passwd-file"),
        local_host: text(&m, "local-host"),
        local_port,
        repl_host: text(&m, "replication-host").unwrap_or_else(|| "%".into()),
        write_cnf: text(&m, "write-cnf"),
        write_peer_cnf: text(&m, "write-peer-cnf"),
        timeout,
    }))
}

/// Numbered progress lines on stdout.
struct Steps(usize);

impl Steps {
    fn next(&mut self, what: &str) {
        self.0 += 1;
        println!("[{}] {what}", self.0);
    }
}

/// What bootstrap does with the data.
enum Plan {
    /// The servers already replicate from each other: keep their data and positions.
    Keep,
    /// Copy this server's databases to the peer, replacing `replaced` there.
    Copy {
        tools: seed::Tools,
        replaced: Vec<String>,
    },
}

/// Run `mysql-mm bootstrap ARGS...` (`args[0]` is `bootstrap`).
pub fn run(args: &[String]) -> Result<OcfCode> {
    let Some(opts) = parse(args)? else {
        print!("{}", command().render_long_help());
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
    let there = (peer_host.as_str(), peer_port);
    let mut steps = Steps(0);
    steps.next(&format!(
        "connecting to {} as '{}' and to {} as '{}'",
        local_t.label, local_t.user, peer_t.label, peer_t.user
    ));
    let timeout = Duration::from_secs(10);
    let mut local = local_t.connect(timeout)?;
    let mut peer = peer_t.connect(timeout)?;

    // 1. Two distinct servers, both writing a binlog, none skipping errors.
    steps.next("checking both servers: distinct, binary log on, no skipped errors");
    check_servers((&mut local, &local_t), (&mut peer, &peer_t), there)?;
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

    // 2. What to do with the data: nothing is changed on either server before this is settled.
    steps.next("comparing the peer's databases with this server's");
    let paired = replicates_from(&mut local, there)? && replicates_from(&mut peer, here)?;
    let plan = if paired && !opts.replace {
        println!(
            "    both servers already replicate from each other (GTID, both threads running): their data stays as it is (--replace copies it anew)"
        );
        Plan::Keep
    } else {
        decide(&mut local, &mut peer, &peer_t, &opts)?
    };

    // 3. Identities and key offsets.
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
    steps.next(&format!(
        "server ids {lid} (here) and {pid} (peer), GTID domains {lid} and {pid}, auto_increment_increment 2 with offsets 1 and 2"
    ));
    for (conn, set) in [(&mut local, &lset), (&mut peer, &pset)] {
        for (name, value) in set {
            db::exec(
                conn,
                &format!("SET GLOBAL {name}"),
                &format!("SET GLOBAL {name} = {value}"),
            )?;
        }
    }

    // 4. The replication account, created on each server without being replicated.
    steps.next(&format!(
        "replication account '{}'@'{}' on both servers",
        agent.repl_user, opts.repl_host
    ));
    for conn in [&mut local, &mut peer] {
        create_repl_user(conn, &agent.repl_user, &opts.repl_host, &repl_password)?;
    }

    // 5. and 6. The copy and each direction.
    let repl = (agent.repl_user.as_str(), repl_password.as_str());
    match plan {
        Plan::Keep => {
            point_at(&mut local, &local_t.label, &mut peer, there, repl, None)?;
            point_at(&mut peer, &peer_t.label, &mut local, here, repl, None)?;
        }
        Plan::Copy { tools, replaced } => {
            let pos = copy_to_peer(
                &mut steps,
                (&mut local, &local_t),
                (&mut peer, &peer_t),
                &tools,
                &replaced,
            )?;
            steps.next("pointing each server at the other");
            point_at(&mut peer, &peer_t.label, &mut local, here, repl, Some(&pos))?;
            let theirs =
                db::scalar(&mut peer, "SELECT @@GLOBAL.gtid_binlog_pos")?.unwrap_or_default();
            point_at(
                &mut local,
                &local_t.label,
                &mut peer,
                there,
                repl,
                Some(&theirs),
            )?;
        }
    }

    // 7. Both directions connected.
    steps.next("waiting until both directions replicate");
    let deadline = Instant::now() + opts.timeout;
    for (conn, label) in [(&mut local, &local_t.label), (&mut peer, &peer_t.label)] {
        wait_replicating(conn, label, deadline, opts.timeout)?;
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

/// Step 1: two distinct servers, both writing a binlog, none skipping errors, and a peer
/// account allowed to load data outside the binlog.
fn check_servers(
    (local, local_t): (&mut Conn, &Target),
    (peer, peer_t): (&mut Conn, &Target),
    (host, port): (&str, u16),
) -> Result<()> {
    if db::same_server(local, peer, &peer_t.user)? {
        return Err(Error::Configuration(format!(
            "parameter 'peer': {host}:{port} is this server itself; name the other node's server"
        )));
    }
    for (label, conn) in [(&local_t.label, &mut *local), (&peer_t.label, &mut *peer)] {
        let version = db::scalar(conn, "SELECT VERSION()")?.unwrap_or_default();
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
        println!("    {label}: {version}, binary log on");
    }
    // The copy is loaded with sql_log_bin=0 (see `seed`): the peer account must be allowed to.
    without_binlog(peer, |_| Ok(())).map_err(|e| match e {
        Error::Permission(m) => Error::Permission(format!(
            "{m} (the peer account '{}' must be able to load data without binlogging it: SUPER or BINLOG ADMIN)",
            peer_t.user
        )),
        other => other,
    })?;
    Ok(())
}

/// Step 2 for servers not yet paired: refuse a peer whose data differs (unless `--replace`),
/// and find the copy's tools. Nothing is changed.
fn decide(local: &mut Conn, peer: &mut Conn, peer_t: &Target, opts: &Options) -> Result<Plan> {
    let differences = seed::differences(local, peer)?;
    let theirs = seed::user_databases(peer)?;
    if !differences.is_empty() && !opts.replace {
        return Err(Error::Configuration(format!(
            "{} already holds data that differs from this server's:\n  {}\nNothing was changed. \
             Rerun with --replace to drop the peer's databases and load a copy of this server's.",
            peer_t.label,
            differences.join("\n  ")
        )));
    }
    if theirs.is_empty() {
        println!("    the peer holds no user databases");
    } else if differences.is_empty() {
        println!(
            "    the peer's databases ({}) are identical to this server's; they are reloaded from the copy",
            theirs.join(", ")
        );
    } else {
        for d in &differences {
            println!("    --replace: {d}");
        }
    }
    let tools = seed::Tools::find(&opts.params.get::<String>("client_binary")?)?;
    Ok(Plan::Copy {
        tools,
        replaced: theirs,
    })
}

/// Step 5: stop replication on both, drop the peer's user databases, copy this server's
/// there; returns this server's GTID position at the copy.
fn copy_to_peer(
    steps: &mut Steps,
    (local, local_t): (&mut Conn, &Target),
    (peer, peer_t): (&mut Conn, &Target),
    tools: &seed::Tools,
    replaced: &[String],
) -> Result<String> {
    steps.next("stopping replication on both servers");
    for (label, conn) in [(&local_t.label, &mut *local), (&peer_t.label, &mut *peer)] {
        if ReplicaStatus::read(conn)?.is_some() {
            db::exec(conn, "STOP SLAVE", "STOP SLAVE")?;
            println!("    {label}: stopped");
        }
    }
    if !replaced.is_empty() {
        steps.next("dropping the peer's user databases (not binlogged)");
        without_binlog(peer, |c| {
            for d in replaced {
                db::exec(
                    c,
                    &format!("DROP DATABASE {d} on the peer"),
                    &format!("DROP DATABASE {}", seed::ident(d)),
                )?;
                println!("    dropped {d}");
            }
            Ok(())
        })?;
    }
    // Read before listing: a database created after this point arrives by replication.
    let current = db::scalar(local, "SELECT @@GLOBAL.gtid_binlog_pos")?.unwrap_or_default();
    let ours = seed::user_databases(local)?;
    Ok(if ours.is_empty() {
        steps.next("no user databases here: nothing to copy");
        current
    } else {
        let locked = seed::non_transactional_tables(local, &ours)?;
        steps.next(&format!(
            "copying {} ({}) to the peer with {}",
            if ours.len() == 1 {
                "database"
            } else {
                "databases"
            },
            ours.join(", "),
            tools.dump.display()
        ));
        if locked.is_empty() {
            println!("    a consistent snapshot: writes here continue meanwhile");
        } else {
            println!(
                "    every table locked for the copy (writes here wait): a snapshot cannot copy {} consistently",
                locked.join(", ")
            );
        }
        let copied = seed::copy(tools, local_t, peer_t, &ours, !locked.is_empty())
            .map_err(|e| {
                Error::Failed(format!(
                    "{e}\nThe peer may hold part of the copy; rerun with --replace once the cause is fixed."
                ))
            })?;
        println!(
            "    loaded {} bytes of SQL; this server's position at the snapshot: GTID '{}'",
            copied.bytes, copied.gtid_pos
        );
        disable_copied_events(peer, &ours)?;
        copied.gtid_pos
    })
}

/// Step 7: wait until `conn` replicates (both threads running), until `deadline` (`timeout`
/// after the wait began).
fn wait_replicating(
    conn: &mut Conn,
    label: &str,
    deadline: Instant,
    timeout: Duration,
) -> Result<()> {
    let ok = rustha::daemon::wait_until(deadline, Duration::from_millis(50), || {
        Ok(ReplicaStatus::read(conn)?.is_some_and(|s| s.io_ok() && s.sql_ok()))
    })?;
    let s = ReplicaStatus::read(conn)?.unwrap_or_default();
    if !ok {
        return Err(Error::Failed(format!(
            "{label}: replication did not come up within {:?}: IO thread {} (error {}: {}), SQL thread {} (error {}: {})",
            timeout, s.io_running, s.io_errno, s.io_error, s.sql_running, s.sql_errno, s.sql_error
        )));
    }
    println!(
        "    {label}: replicating from {}:{} (IO {}, SQL {}, GTID {})",
        s.master_host, s.master_port, s.io_running, s.sql_running, s.using_gtid
    );
    Ok(())
}

/// Run `f` in a session whose statements stay out of the binlog: what each server must have for
/// itself (its replication account, the loaded copy) must not replicate to the other.
fn without_binlog<T>(conn: &mut Conn, f: impl FnOnce(&mut Conn) -> Result<T>) -> Result<T> {
    db::exec(
        conn,
        "SET SESSION sql_log_bin=0",
        "SET SESSION sql_log_bin=0",
    )?;
    let r = f(conn);
    db::exec(
        conn,
        "SET SESSION sql_log_bin=1",
        "SET SESSION sql_log_bin=1",
    )?;
    r
}

fn create_repl_user(conn: &mut Conn, user: &str, host: &str, password: &str) -> Result<()> {
    let account = format!("{}@{}", db::quote(user), db::quote(host));
    let pw = db::quote(password);
    without_binlog(conn, |conn| {
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
    })
}

/// Events run where they are enabled: copied enabled onto the peer, each would run on both
/// servers and its effects twice. They stay enabled here and are `DISABLE ON SLAVE` there, as
/// replication itself leaves an event it creates on a replica.
fn disable_copied_events(peer: &mut Conn, databases: &[String]) -> Result<()> {
    let list: Vec<String> = databases.iter().map(|d| db::quote(d)).collect();
    let sql = format!(
        "SELECT CONCAT(EVENT_SCHEMA, '.', EVENT_NAME), EVENT_SCHEMA, EVENT_NAME \
         FROM information_schema.EVENTS WHERE STATUS = 'ENABLED' AND EVENT_SCHEMA IN ({})",
        list.join(", ")
    );
    let events: Vec<(String, String, String)> =
        peer.query(&sql).map_err(|e| db::sql_error(&sql, e))?;
    without_binlog(peer, |c| {
        for (name, schema, event) in &events {
            db::exec(
                c,
                &format!("ALTER EVENT {name} DISABLE ON SLAVE on the peer"),
                &format!(
                    "ALTER EVENT {}.{} DISABLE ON SLAVE",
                    seed::ident(schema),
                    seed::ident(event)
                ),
            )?;
            println!("    event {name}: DISABLE ON SLAVE on the peer (it runs here)");
        }
        Ok(())
    })
}

/// Whether `conn` replicates from `(host, port)` right now: both threads running, with GTID.
/// Merely configured is not enough: `start` points each server at its peer before bootstrap
/// has created the account it connects with.
fn replicates_from(conn: &mut Conn, (host, port): (&str, u16)) -> Result<bool> {
    Ok(ReplicaStatus::read(conn)?
        .is_some_and(|s| s.io_ok() && s.sql_ok() && healthy_toward(&s, host, port)))
}

fn healthy_toward(s: &ReplicaStatus, host: &str, port: u16) -> bool {
    s.master_host == host
        && s.master_port == port
        && s.sql_errno == 0
        && !s.using_gtid.is_empty()
        && s.using_gtid != "No"
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

/// Make `replica` replicate from `source` at `(host, port)`. From `start` when given (a GTID
/// position); otherwise an existing, error-free setup toward the same source keeps its
/// position, and a new one starts at the source's current binlog position.
fn point_at(
    replica: &mut Conn,
    label: &str,
    source: &mut Conn,
    (host, port): (&str, u16),
    (user, password): (&str, &str),
    start: Option<&str>,
) -> Result<()> {
    let keep = start.is_none()
        && ReplicaStatus::read(replica)?.is_some_and(|s| healthy_toward(&s, host, port));
    db::exec(replica, "STOP SLAVE", "STOP SLAVE")?;
    let change = format!(
        "CHANGE MASTER TO MASTER_HOST={}, MASTER_PORT={port}, MASTER_USER={}, MASTER_PASSWORD={}, MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=5",
        db::quote(host),
        db::quote(user),
        db::quote(password)
    );
    if keep {
        println!("    {label}: keeps replicating from {host}:{port} at its own position");
    } else {
        let pos = match start {
            Some(p) => p.to_string(),
            None => db::scalar(source, "SELECT @@GLOBAL.gtid_binlog_pos")?.unwrap_or_default(),
        };
        db::exec(replica, "RESET SLAVE ALL", "RESET SLAVE ALL")?;
        db::exec(
            replica,
            "SET GLOBAL gtid_slave_pos",
            &format!("SET GLOBAL gtid_slave_pos = {}", db::quote(&pos)),
        )?;
        println!("    {label}: replicates from {host}:{port} starting at GTID position '{pos}'");
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
        assert_eq!(o.params.raw("peer"), Some("db2:3307"));
        assert_eq!(o.params.raw("replication_user"), Some("r"));
        assert_eq!(o.local_host.as_deref(), Some("10.0.0.1"));
        assert_eq!(o.timeout, Duration::from_secs(5));
        assert!(!o.replace);
        assert!(parse(&args(&["--replace"])).unwrap().unwrap().replace);
        assert!(parse(&args(&["--help"])).unwrap().is_none());
        let help = command().render_long_help().to_string();
        for needle in [
            "--replace",
            "--replication_password_file",
            "--peer-admin-user",
        ] {
            assert!(help.contains(needle), "help lacks {needle}:\n{help}");
        }
    }

    #[test]
    fn bad_options_say_what_is_wrong() {
        let e = parse(&args(&["--peer-admn-user", "x"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrArgs);
        assert!(e.to_string().contains("--peer-admn-user"), "{e}");
        assert!(e.to_string().contains("--replication_password_file"), "{e}");
        let e = parse(&args(&["--timeout", "soon"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrConfigured);
        let e = parse(&args(&["--peer"])).err().unwrap();
        assert!(e.to_string().contains("a value is required"), "{e}");
        let e = parse(&args(&["--peer", "db2:0"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrConfigured, "{e}");
        let e = parse(&args(&["stray"])).err().unwrap();
        assert_eq!(e.code(), OcfCode::ErrArgs);
    }
}
