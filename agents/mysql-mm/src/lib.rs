//! `ocf:rustha:mysql-mm`: MariaDB (or MySQL) master-master replication as a promotable clone.
//!
//! Both nodes run the server and replicate from each other; exactly one, the Promoted, accepts
//! writes (`read_only=OFF`). Anchors: `ocf:heartbeat:mysql`, and the manual setup of seed 000
//! (two masters, `slave-skip-errors=1062,1061,1060`, passwords in `my.cnf`), which this agent
//! and its `bootstrap` command replace. What it does differently:
//!
//! - the server starts with `--read-only=ON`, so no node is writable before Pacemaker promotes it;
//! - promote first fetches everything the peer wrote when the peer answers, then stops the IO
//!   thread and waits (`MASTER_POS_WAIT`, bounded by the action's timeout) until the relay log is
//!   applied, and refuses a replica whose SQL thread stopped on an error (the shell agent promoted
//!   such replicas); errors are never skipped;
//! - demote sets `read_only=ON` and kills the application sessions (read_only does not stop
//!   sessions holding `READ_ONLY ADMIN`/`SUPER`), never the replication threads;
//! - the promotion score follows replication health (see [`score`]); a replica whose replication
//!   has been broken longer than `max_replication_outage` is not promotable ([`outage`]), and
//!   promote refuses it too unless the peer answers and everything it wrote arrived;
//! - promote refuses while the peer answers and is still writable: only a demoted or fenced
//!   (unreachable) peer lets this node become writable;
//! - passwords are read from files, sent only inside the client protocol, never logged.
//!
//! Module map: [`db`] (queries and status), [`server`] (the process), [`score`] (the promotion
//! attribute), [`outage`] (how long replication has been broken), [`peer`] (the `peer` parameter), [`bootstrap`] (the `mysql-mm bootstrap` command), [`seed`] (its
//! data copy).

pub mod bootstrap;
pub mod db;
pub mod outage;
pub mod peer;
pub mod score;
pub mod seed;
pub mod server;

use std::time::{Duration, Instant};

use mysql::Conn;
use rustha::error::{Error, Problems, Result};
use rustha::param::Check;
use rustha::{ActionSpec, AgentMeta, Context, OcfCode, ParamSpec, Params, ResourceAgent, State};

use db::{Addr, ReplicaStatus, Target};
use peer::select_peer;
use score::Score;
use server::Server;

fn check_abs_path(v: &str) -> std::result::Result<(), String> {
    v.starts_with('/')
        .then_some(())
        .ok_or_else(|| "expected an absolute path".into())
}

fn check_account(v: &str) -> std::result::Result<(), String> {
    let ok = !v.is_empty()
        && v.len() <= 80
        && !v
            .chars()
            .any(|c| c.is_control() || c == '\'' || c == '`' || c == '\\');
    ok.then_some(()).ok_or_else(|| {
        "expected an account name without quotes, backslashes or control characters".into()
    })
}

static PARAMS: &[ParamSpec] = &[
    ParamSpec::string("binary")
        .default("/usr/sbin/mariadbd")
        .check(Check::Custom(check_abs_path))
        .short("Server binary")
        .long("The database server started by this agent: /usr/sbin/mariadbd or /usr/sbin/mysqld. It runs directly (no mysqld_safe), in its own process group, with --read-only=ON."),
    ParamSpec::string("client_binary")
        .default("/usr/bin/mariadb")
        .check(Check::Custom(check_abs_path))
        .short("Client binary (bootstrap's copy)")
        .long("The actions speak the client protocol themselves and never run a client (the parameter is accepted so that ocf:heartbeat:mysql configurations carry over unchanged). Only 'mysql-mm bootstrap' runs it, with the mariadb-dump (or mysqldump) beside it, to copy this server's databases to the peer; passwords reach both through a private option file, never a command line."),
    ParamSpec::string("config")
        .default("/etc/mysql/my.cnf")
        .check(Check::Custom(check_abs_path))
        .short("Server configuration file")
        .long("The my.cnf passed as --defaults-file. It must enable log_bin; server_id, gtid_domain_id and auto_increment_increment/offset are best kept there as 'mysql-mm bootstrap' prints them."),
    ParamSpec::string("datadir")
        .default("/var/lib/mysql")
        .check(Check::Custom(check_abs_path))
        .short("Data directory")
        .long("The server's data directory (created beforehand with mariadb-install-db)."),
    ParamSpec::string("socket")
        .default("/run/mysqld/mysqld.sock")
        .unique()
        .check(Check::Custom(check_abs_path))
        .short("Unix socket")
        .long("The server's unix socket; the agent connects through it. Its directory is created, owned by 'user', when missing."),
    ParamSpec::string("pid")
        .default("/run/mysqld/mysqld.pid")
        .unique()
        .check(Check::Custom(check_abs_path))
        .short("Pidfile")
        .long("The pidfile the server writes; the agent finds and stops the server by it."),
    ParamSpec::string("user")
        .default("mysql")
        .check(Check::Custom(check_account))
        .short("System user of the server")
        .long("The server runs as this user (--user)."),
    ParamSpec::string("test_user")
        .default("root")
        .check(Check::Custom(check_account))
        .short("Account the agent uses")
        .long("The account the agent logs in with through the socket for monitoring and for setting read_only, killing sessions and controlling replication: it needs SUPER or, on MariaDB 10.11, READ_ONLY ADMIN, CONNECTION ADMIN, REPLICATION SLAVE ADMIN and BINLOG MONITOR. Without test_passwd_file, no password is sent (root through unix_socket authentication, the Debian default)."),
    ParamSpec::string("test_passwd_file")
        .check(Check::Custom(check_abs_path))
        .short("File holding test_user's password")
        .long("The password of test_user on the first line of this file (chmod 600). Never passed on a command line or logged."),
    ParamSpec::string("replication_user")
        .default("repl")
        .check(Check::Custom(check_account))
        .short("Replication account")
        .long("The account each server's IO thread uses to read the peer's binlog (REPLICATION SLAVE and REPLICATION CLIENT); created on both servers by 'mysql-mm bootstrap'."),
    ParamSpec::string("replication_password_file")
        .check(Check::Custom(check_abs_path))
        .short("File holding the replication password")
        .long("The replication account's password on the first line of this file (chmod 600). Required with 'peer' (validate-all and start refuse 'peer' without it): the agent (re)configures replication toward 'peer' with it, and promote reads the peer's binlog position with it; bootstrap needs it too. Never passed on a command line or logged."),
    ParamSpec::string("peer")
        .of::<peer::Peers>()
        .short("The other server: HOST[:PORT] or NODE=HOST[:PORT] per node")
        .long("Where this node's server replicates from. Either HOST[:PORT], or, since a clone has one set of parameters for both nodes, one NODE=HOST[:PORT] entry per cluster node (separated by spaces or commas), of which each node uses the one that is not itself (IPv6 with a port: [fd00::2]:3306). On a third cluster node that the two entries do not name, a probe says not running (7), stop succeeds and start refuses with OCF_ERR_INSTALLED (5): keep the resource on the two nodes with location constraints. Start points replication at it when it is not configured yet or configured elsewhere; promote waits for everything the peer wrote when it answers."),
    ParamSpec::integer("peer_port")
        .default("3306")
        .check(Check::Range(1, 65535))
        .short("Default port of the peer")
        .long("Port of the peer's server when 'peer' names none."),
    ParamSpec::integer("max_lag")
        .default("60")
        .check(Check::Range(0, 86_400))
        .short("Replication lag (seconds) above which a replica is less preferred")
        .long("A replica whose Seconds_Behind_Master exceeds this gets a low promotion score (it stays promotable: promote waits for the relay log anyway)."),
    ParamSpec::integer("max_replication_outage")
        .default("300")
        .check(Check::Range(0, 31_536_000))
        .short("Seconds without the peer's binlog after which a replica is not promotable")
        .long("A replica cannot tell a dead peer from an unreachable one that keeps accepting writes. Once its IO thread has been disconnected for longer than this (counted from the last time it was connected or this server was writable, recorded in the data directory so restarts and reboots do not reset it), its promotion score is removed and promote refuses it unless the peer answers and everything it wrote arrives first. Keep it above the time your cluster takes to fence and promote; 0 means no bound. To promote such a copy on purpose, raise it for that promote."),
];

static META: AgentMeta = AgentMeta {
    name: "mysql-mm",
    version: env!("CARGO_PKG_VERSION"),
    shortdesc: "MariaDB/MySQL master-master replication (promotable clone)",
    longdesc: "Runs a MariaDB (or MySQL) server that replicates from its peer in both directions. Exactly one clone instance, the Promoted, is writable (read_only=OFF); the other is read-only, and demote kills its application sessions. Promote waits until the relay log is applied (and, when the peer answers, until everything it wrote arrived), and refuses a replica stopped on an SQL error; replication errors are never skipped. Monitor reports the server, the replication IO/SQL threads, their errors and lag, returns 8 on the writable node, and sets the promotion score from replication health. 'mysql-mm bootstrap', run on the node whose server holds the data, copies its databases to the peer (live, with their GTID position; refused when the peer holds different data, unless --replace) and sets up the replication users, server ids, auto_increment offsets and the GTID-based CHANGE MASTER in both directions. Create as: pcs resource create db ocf:rustha:mysql-mm peer='node1=10.0.0.1 node2=10.0.0.2' replication_password_file=/etc/mysql/repl.pw promotable notify=true.",
    params: PARAMS,
    actions: &[
        ActionSpec::new("start", "120s"),
        ActionSpec::new("stop", "120s"),
        ActionSpec::new("promote", "120s"),
        ActionSpec::new("demote", "120s"),
        ActionSpec::new("notify", "90s"),
        ActionSpec::new("monitor", "30s")
            .interval("20s")
            .depth("0")
            .role("Unpromoted"),
        ActionSpec::new("monitor", "30s")
            .interval("10s")
            .depth("0")
            .role("Promoted"),
        ActionSpec::new("validate-all", "5s"),
        ActionSpec::new("meta-data", "5s"),
    ],
};

/// Replication health of one node, from its replica status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// Not configured as a replica.
    Standalone,
    /// Connected and applying, within `max_lag` (lag unknown counts as within).
    Healthy,
    /// Connected and applying, but behind by more than `max_lag` seconds.
    Lagging(u64),
    /// The IO thread is not connected (peer down, network, credentials).
    IoDown(String),
    /// The SQL thread is stopped without an error.
    SqlStopped,
    /// The SQL thread stopped on an error: this copy diverged from the peer.
    SqlError(String),
}

impl Health {
    /// Judge a replica status.
    pub fn assess(status: Option<&ReplicaStatus>, max_lag: u64) -> Health {
        let Some(s) = status else {
            return Health::Standalone;
        };
        if !s.sql_ok() {
            return if s.sql_errno != 0 {
                Health::SqlError(format!("error {}: {}", s.sql_errno, s.sql_error))
            } else {
                Health::SqlStopped
            };
        }
        if !s.io_ok() {
            let why = if s.io_errno != 0 {
                format!(
                    "IO thread {}: error {}: {}",
                    s.io_running, s.io_errno, s.io_error
                )
            } else {
                format!("IO thread {}", s.io_running)
            };
            return Health::IoDown(why);
        }
        match s.lag {
            Some(lag) if lag > max_lag => Health::Lagging(lag),
            _ => Health::Healthy,
        }
    }

    /// The promotion score of an unpromoted node in this state.
    pub fn score(&self) -> Score {
        use score::value::*;
        match self {
            Health::Standalone => Score::Set(STANDALONE),
            Health::Healthy => Score::Set(HEALTHY),
            Health::Lagging(_) => Score::Set(LAGGING),
            Health::IoDown(_) => Score::Set(PEER_UNREACHABLE),
            Health::SqlStopped => Score::Set(SQL_STOPPED),
            Health::SqlError(_) => Score::Delete,
        }
    }
}

/// The agent.
#[derive(Debug)]
pub struct MysqlMm {
    server: Server,
    socket: String,
    test_user: String,
    test_passwd_file: Option<String>,
    repl_user: String,
    repl_passwd_file: Option<String>,
    peer: Option<(String, u16)>,
    max_lag: u64,
    max_outage: u64,
}

/// Client errors meaning "cannot reach the server" (refused, unknown host, lost, timeout).
const CONNECT_ERRORS: &[u32] = &[2002, 2003, 2005, 2006, 2013];

/// Time kept back at promote for `read_only=OFF` and restarting the IO thread after the wait.
const PROMOTE_RESERVE: Duration = Duration::from_secs(2);

impl MysqlMm {
    /// Build from parameters (also used by `bootstrap`). `local_node` picks the peer entry.
    pub fn from_params(p: &Params, local_node: &str) -> Result<Self> {
        let peer = || -> Result<Option<(String, u16)>> {
            Ok(match p.opt::<peer::Peers>("peer")? {
                Some(peer::Peers(entries)) => {
                    let e = select_peer(&entries, local_node)?;
                    let port = match e.port {
                        Some(port) => port,
                        None => p.get("peer_port")?,
                    };
                    Some((e.host, port))
                }
                None => None,
            })
        };
        let rest = || -> Result<MysqlMm> {
            Ok(MysqlMm {
                server: Server {
                    binary: p.get("binary")?,
                    config: p.get("config")?,
                    datadir: p.get("datadir")?,
                    socket: p.get("socket")?,
                    pidfile: p.get("pid")?,
                    user: p.get("user")?,
                },
                socket: p.get("socket")?,
                test_user: p.get("test_user")?,
                test_passwd_file: p.opt("test_passwd_file")?,
                repl_user: p.get("replication_user")?,
                repl_passwd_file: p.opt("replication_password_file")?,
                peer: None,
                max_lag: p.get("max_lag")?,
                max_outage: p.get("max_replication_outage")?,
            })
        };
        // The peer's problems and every other value's are reported together.
        let mut problems = Problems::new();
        let peer = problems.check(peer());
        let mm = problems.check(rest());
        let mut mm = problems.finish_with(mm)?;
        mm.peer = peer.flatten();
        Ok(mm)
    }

    /// The local server, through its socket, as `test_user`.
    pub fn local_target(&self) -> Result<Target> {
        let password = match &self.test_passwd_file {
            Some(f) => Some(db::read_password("test_passwd_file", f)?),
            None => None,
        };
        Ok(Target {
            label: format!("the local server (socket {})", self.socket),
            addr: Addr::Socket(self.socket.clone()),
            user: self.test_user.clone(),
            password,
        })
    }

    /// The replication password, required here.
    fn repl_password(&self, why: &str) -> Result<String> {
        let file = self.repl_passwd_file.as_deref().ok_or_else(|| {
            Error::Configuration(format!(
                "parameter 'replication_password_file' is required to {why}"
            ))
        })?;
        db::read_password("replication_password_file", file)
    }

    /// The peer as the replication account (enough to read its binlog position).
    fn peer_target(&self) -> Result<Option<Target>> {
        let (Some((host, port)), Some(file)) = (&self.peer, &self.repl_passwd_file) else {
            return Ok(None);
        };
        Ok(Some(Target {
            label: format!("peer {host}:{port}"),
            addr: Addr::Tcp(host.clone(), *port),
            user: self.repl_user.clone(),
            password: Some(db::read_password("replication_password_file", file)?),
        }))
    }

    fn connect(&self, ctx: &Context, cap: Duration) -> Result<Conn> {
        self.local_target()?.connect(ctx.remaining().min(cap))
    }

    /// Is the server there? `Some(pid)` when its pidfile names it; `None` with a connection
    /// when a server answers on the socket without a (readable) pidfile, which is adopted.
    fn running(&self, ctx: &Context) -> Result<Option<Option<nix::unistd::Pid>>> {
        if let Some(pid) = self.server.pid()? {
            return Ok(Some(Some(pid)));
        }
        if server::exists(&self.server.socket) && self.connect(ctx, Duration::from_secs(2)).is_ok()
        {
            tracing::info!(
                "a server answers on {} without pidfile {}: adopting it",
                self.socket,
                self.server.pidfile.display()
            );
            return Ok(Some(None));
        }
        Ok(None)
    }

    /// Point replication at `peer` when it is configured elsewhere or not at all.
    fn ensure_replication_source(
        &self,
        conn: &mut Conn,
        status: Option<&ReplicaStatus>,
    ) -> Result<()> {
        let Some((host, port)) = &self.peer else {
            return Ok(());
        };
        if let Some(s) = status {
            if s.master_host == *host && s.master_port == *port {
                return Ok(());
            }
            tracing::warn!(
                "replication points at {}:{}, not at peer {host}:{port}: changing it",
                s.master_host,
                s.master_port
            );
        } else {
            tracing::info!("replication is not configured: pointing it at peer {host}:{port}");
        }
        let password = self.repl_password("configure replication toward 'peer'")?;
        db::exec(conn, "STOP SLAVE", "STOP SLAVE")?;
        let sql = format!(
            "CHANGE MASTER TO MASTER_HOST={}, MASTER_PORT={port}, MASTER_USER={}, MASTER_PASSWORD={}, MASTER_USE_GTID=slave_pos",
            db::quote(host),
            db::quote(&self.repl_user),
            db::quote(&password)
        );
        db::exec(conn, "CHANGE MASTER TO (toward peer)", &sql)
    }

    /// Refuse a `peer` that is this very server (it would replicate from itself), or one with
    /// the same `server_id`. Needs the peer to answer; when it does not, replication retries.
    fn check_peer_identity(&self, conn: &mut Conn, ctx: &Context) -> Result<()> {
        let Some(target) = self.peer_target()? else {
            return Ok(());
        };
        match target.connect(ctx.remaining().min(Duration::from_secs(3))) {
            Ok(mut peer) => {
                let (h, p) = self.peer.clone().unwrap_or_default();
                if db::same_server(conn, &mut peer, &target.user)? {
                    return Err(Error::Configuration(format!(
                        "parameter 'peer': {h}:{p} is this server itself; name the other node's server"
                    )));
                }
                // Equal ids make each IO thread drop the other's events as its own (error 1593).
                // Typically a restart lost bootstrap's SET GLOBAL: a soft error, so Pacemaker
                // keeps the promoted peer running and bans only this node.
                let sid = "SELECT @@GLOBAL.server_id";
                let mine = db::scalar(conn, sid)?;
                if mine == db::scalar(&mut peer, sid)? {
                    return Err(Error::Failed(format!(
                        "server_id {} is also the server_id of peer {h}:{p}: replication cannot work; \
                         keep the settings 'mysql-mm bootstrap' printed in each node's my.cnf",
                        mine.unwrap_or_default()
                    )));
                }
            }
            Err(e) => tracing::warn!("peer not reachable now (replication will retry): {e}"),
        }
        Ok(())
    }

    /// Start both replication threads unless the SQL thread stopped on an error.
    fn ensure_threads(&self, conn: &mut Conn) -> Result<Option<ReplicaStatus>> {
        let Some(s) = ReplicaStatus::read(conn)? else {
            return Ok(None);
        };
        if let Health::SqlError(e) = Health::assess(Some(&s), self.max_lag) {
            return Err(Error::Failed(format!(
                "replication SQL thread stopped on {e}; this copy diverged from the peer: repair it, then START SLAVE (errors are never skipped)"
            )));
        }
        if !s.sql_ok() || s.io_running == "No" {
            db::exec(conn, "START SLAVE", "START SLAVE")?;
        }
        ReplicaStatus::read(conn)
    }

    fn read_only(conn: &mut Conn) -> Result<bool> {
        Ok(db::scalar(conn, "SELECT @@GLOBAL.read_only")?.as_deref() == Some("1"))
    }

    /// The running server may have been given `slave_skip_errors` elsewhere than in `config`
    /// (an included file, the command line): checked where it counts.
    fn refuse_skip_errors(conn: &mut Conn) -> Result<()> {
        let skip = db::scalar(conn, "SELECT @@GLOBAL.slave_skip_errors")?.unwrap_or_default();
        if skip.is_empty() || skip.eq_ignore_ascii_case("OFF") {
            return Ok(());
        }
        Err(Error::Configuration(format!(
            "the server runs with slave_skip_errors={skip}, which silently diverges the two databases; \
             remove slave-skip-errors from its configuration and restart it"
        )))
    }

    fn warn_settings(conn: &mut Conn) {
        if let Ok(Some(inc)) = db::scalar(conn, "SELECT @@GLOBAL.auto_increment_increment") {
            if inc == "1" {
                tracing::warn!("auto_increment_increment is 1: both masters hand out the same AUTO_INCREMENT values; run 'mysql-mm bootstrap' and keep its settings in my.cnf");
            }
        }
    }

    /// Monitor the running server: role, replication, score.
    fn observe(&self, ctx: &Context, conn: &mut Conn) -> Result<State> {
        let writable = !Self::read_only(conn)?;
        let status = ReplicaStatus::read(conn)?;
        let health = Health::assess(status.as_ref(), self.max_lag);
        if writable {
            // The peer being down is the normal state after a failover: not worth a warning
            // every monitor interval. Anything else in the reverse direction is.
            let peer_down = status.as_ref().is_some_and(|s| {
                s.io_running == "Connecting"
                    && (s.io_errno == 0 || CONNECT_ERRORS.contains(&s.io_errno))
            });
            match health {
                Health::Healthy | Health::Standalone => {}
                Health::IoDown(why) if peer_down => {
                    tracing::debug!("promoted; the peer is unreachable: {why}")
                }
                other => tracing::warn!("promoted; replication from the peer: {other:?}"),
            }
            outage::current(&self.server.datadir);
            score::publish(ctx, Score::Set(score::value::HEALTHY));
            return Ok(State::Promoted);
        }
        score::publish(ctx, self.replica_score(status.as_ref(), &health));
        match health {
            Health::SqlError(e) => Err(Error::Failed(format!(
                "replication SQL thread stopped on {e}; this replica diverged and is not promotable"
            ))),
            Health::Healthy | Health::Standalone => Ok(State::Running),
            other => {
                tracing::warn!("read-only replica, replication degraded: {other:?}");
                Ok(State::Running)
            }
        }
    }

    /// The promotion score of this read-only node: its replication health, and none at all once
    /// replication has been broken for longer than `max_replication_outage`. A connected IO
    /// thread records the copy as current.
    fn replica_score(&self, status: Option<&ReplicaStatus>, health: &Health) -> Score {
        let Some(s) = status else {
            return health.score();
        };
        if s.io_running == "Yes" {
            outage::current(&self.server.datadir);
            return health.score();
        }
        let secs = outage::broken_for(&self.server.datadir);
        match outage::too_long(secs, self.max_outage) {
            Some(why) => {
                rustha::log::warn_caller(&format!("not promotable: {why}"));
                Score::Delete
            }
            None => health.score(),
        }
    }

    fn promoted_role(ctx: &Context) -> bool {
        matches!(
            ctx.meta_attr("role").as_deref(),
            Some("Promoted" | "Master")
        )
    }

    /// Wait until the IO thread received everything the peer has written, when the peer answers;
    /// whether it did (false: the peer does not answer or does not tell its position).
    fn catch_up_with_peer(
        &self,
        ctx: &Context,
        conn: &mut Conn,
        deadline: Instant,
    ) -> Result<bool> {
        let target = match self.peer_target() {
            Ok(Some(t)) => t,
            Ok(None) => return Ok(false),
            Err(e) => {
                tracing::warn!("cannot ask the peer for its position: {e}");
                return Ok(false);
            }
        };
        let mut peer = match target.connect(ctx.remaining().min(Duration::from_secs(2))) {
            Ok(c) => c,
            Err(e) => {
                tracing::info!("peer does not answer ({e}); applying what was received");
                return Ok(false);
            }
        };
        // Pacemaker demotes before it promotes (and the pre-promote notification sets the
        // peer read-only): a writable peer here is a node whose cluster stack died under a
        // running server, or one that was neither demoted nor fenced. Whatever it accepts
        // from now on would diverge from this node's writes, so this node stays read-only.
        match Self::read_only(&mut peer) {
            Ok(false) if guard_switched_off(WRITABLE_PEER_GUARD) => tracing::error!(
                "{} is still writable, and the guard against that is switched off \
                 ({TEST_UNGUARD_ENV}, for tests only): promoting anyway",
                target.label
            ),
            Ok(false) => {
                return Err(Error::Failed(format!(
                    "refusing to promote: {} is still writable (read_only=OFF); demote it or \
                     fence its node first, or there would be two writable servers",
                    target.label
                )))
            }
            Ok(true) => {}
            Err(e) => tracing::warn!("cannot tell whether the peer is read-only: {e}"),
        }
        let row: Option<mysql::Row> =
            match mysql::prelude::Queryable::query_first(&mut peer, "SHOW MASTER STATUS") {
                Ok(r) => r,
                Err(e) => {
                    // E.g. an account set up by hand without REPLICATION CLIENT (BINLOG MONITOR):
                    // what arrived is applied; the IO thread fetches the rest after promote.
                    tracing::warn!(
                        "cannot read the peer's binlog position ({}); applying what was received",
                        target.error("SHOW MASTER STATUS", e)
                    );
                    return Ok(false);
                }
            };
        let Some(row) = row else {
            return Ok(false);
        };
        let m = db::row_map(row);
        let file = m.get("File").cloned().flatten().unwrap_or_default();
        let pos: u64 = m
            .get("Position")
            .cloned()
            .flatten()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        drop(peer);
        if ReplicaStatus::read(conn)?.is_some_and(|s| s.io_running == "No") {
            db::exec(conn, "START SLAVE IO_THREAD", "START SLAVE IO_THREAD")?;
        }
        let reached = rustha::daemon::wait_until(deadline, Duration::from_millis(20), || {
            let Some(s) = ReplicaStatus::read(conn)? else {
                return Ok(false);
            };
            // A stopped IO thread (as opposed to one still connecting) will not get there.
            if s.io_running == "No" && s.io_errno != 0 {
                return Err(Error::Failed(format!(
                    "the peer answers, but this node's IO thread stopped on error {}: {}; \
                     promoting would lose the peer's writes after {}:{}",
                    s.io_errno, s.io_error, s.read_file, s.read_pos
                )));
            }
            Ok(db::coords_reached((&s.read_file, s.read_pos), (&file, pos)))
        })?;
        if !reached {
            return Err(Error::Timeout {
                what: format!("receiving the peer's binlog up to {file}:{pos} (the peer answers, so promoting without it would lose its last writes)"),
                after: ctx.timeout,
            });
        }
        tracing::info!("received everything the peer wrote (up to {file}:{pos})");
        Ok(true)
    }

    /// Without the peer's word on what it wrote, refuse a copy whose replication has been
    /// broken for longer than `max_replication_outage`.
    fn refuse_long_outage(&self, caught_up: bool, status: &ReplicaStatus) -> Result<()> {
        if caught_up || status.io_running == "Yes" {
            return Ok(());
        }
        let secs = outage::broken_for(&self.server.datadir);
        match outage::too_long(secs, self.max_outage) {
            Some(why) => Err(Error::Failed(format!(
                "refusing to promote: {why} (raise max_replication_outage to promote it anyway)"
            ))),
            None => Ok(()),
        }
    }

    /// Stop the IO thread and wait until the SQL thread applied everything received.
    fn apply_relay_log(&self, conn: &mut Conn, deadline: Instant) -> Result<()> {
        db::exec(conn, "STOP SLAVE IO_THREAD", "STOP SLAVE IO_THREAD")?;
        let Some(s) = ReplicaStatus::read(conn)? else {
            return Ok(());
        };
        if s.read_file.is_empty() {
            return Ok(());
        }
        let secs = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
            .max(0.1);
        let waited = Instant::now();
        let r = db::scalar(
            conn,
            &format!(
                "SELECT MASTER_POS_WAIT({}, {}, {secs:.3})",
                db::quote(&s.read_file),
                s.read_pos
            ),
        )?;
        let after = ReplicaStatus::read(conn)?.unwrap_or_default();
        match r.as_deref() {
            Some("-1") => Err(Error::Timeout {
                what: format!(
                    "applying the relay log up to {}:{} (applied up to {}:{})",
                    s.read_file, s.read_pos, after.exec_file, after.exec_pos
                ),
                after: waited.elapsed(),
            }),
            None => Err(Error::Failed(format!(
                "the SQL thread stopped before applying the relay log up to {}:{}{}",
                s.read_file,
                s.read_pos,
                if after.sql_errno != 0 {
                    format!(" (error {}: {})", after.sql_errno, after.sql_error)
                } else {
                    String::new()
                }
            ))),
            Some(_) if !after.applied_all() => Err(Error::Failed(format!(
                "relay log not fully applied: received {}:{}, applied {}:{}",
                after.read_file, after.read_pos, after.exec_file, after.exec_pos
            ))),
            Some(_) => {
                tracing::info!(
                    "relay log applied up to {}:{} (waited {:.1} ms)",
                    s.read_file,
                    s.read_pos,
                    waited.elapsed().as_secs_f64() * 1e3
                );
                Ok(())
            }
        }
    }
}

impl MysqlMm {
    /// The part of `start` after the server answers: read-only, refused settings, the peer's
    /// identity, replication toward it, and the threads running.
    fn configure(&self, ctx: &Context) -> Result<()> {
        let mut conn = self.connect(ctx, Duration::from_secs(10))?;
        if !Self::read_only(&mut conn)? {
            tracing::warn!(
                "adopted server was writable: setting read_only=ON until Pacemaker promotes it"
            );
        }
        db::exec(
            &mut conn,
            "SET GLOBAL read_only=ON",
            "SET GLOBAL read_only=ON",
        )?;
        Self::warn_settings(&mut conn);
        Self::refuse_skip_errors(&mut conn)?;
        self.check_peer_identity(&mut conn, ctx)?;
        let status = ReplicaStatus::read(&mut conn)?;
        self.ensure_replication_source(&mut conn, status.as_ref())?;
        let mut status = self.ensure_threads(&mut conn)?;
        if status.is_some() {
            // The SQL thread may stop on an error right away; a monitor after start must pass.
            rustha::daemon::wait_until(
                Instant::now() + Duration::from_millis(500).min(ctx.remaining()),
                Duration::from_millis(20),
                || {
                    status = ReplicaStatus::read(&mut conn)?;
                    Ok(status
                        .as_ref()
                        .is_some_and(|s| s.sql_ok() && s.io_running != "No"))
                },
            )?;
        }
        let health = Health::assess(status.as_ref(), self.max_lag);
        if let Health::SqlError(e) = &health {
            return Err(Error::Failed(format!(
                "replication SQL thread stopped on {e}"
            )));
        }
        tracing::info!("running read-only; replication: {health:?}");
        score::publish(ctx, self.replica_score(status.as_ref(), &health));
        Ok(())
    }
}

impl ResourceAgent for MysqlMm {
    const META: &'static AgentMeta = &META;
    fn commands() -> Vec<clap::Command> {
        vec![bootstrap::command()]
    }

    fn new(params: Params, ctx: &Context) -> Result<Self> {
        Self::from_params(&params, &local_node(ctx))
    }

    fn validate(&self, _ctx: &Context) -> Result<()> {
        // Start needs it to point replication at the peer, promote to fetch the peer's last
        // writes: without it, start fails after launching the server, and promote loses data.
        if self.peer.is_some() && self.repl_passwd_file.is_none() {
            return Err(Error::Configuration(
                "parameter 'replication_password_file' is required with 'peer' (the replication \
                 account's password, to configure replication toward the peer and to fetch its \
                 last writes at promote)"
                    .into(),
            ));
        }
        self.server.check_installed()?;
        server::check_no_skip_errors(&self.server.config)?;
        for (param, file) in [
            ("test_passwd_file", &self.test_passwd_file),
            ("replication_password_file", &self.repl_passwd_file),
        ] {
            if let Some(f) = file {
                db::read_password(param, f)?;
                db::warn_if_world_readable(param, f);
            }
        }
        Ok(())
    }

    fn start(&mut self, ctx: &Context) -> Result<()> {
        self.validate(ctx)?;
        let target = self.local_target()?;
        let mut spawned = None;
        if self.running(ctx)?.is_none() {
            let deadline = ctx.deadline() - Duration::from_secs(1).min(ctx.timeout / 4);
            spawned = Some(self.server.spawn(deadline, || {
                Ok(server::exists(&self.server.socket)
                    && target.connect(Duration::from_secs(1)).is_ok())
            })?);
        }
        let configured = self.configure(ctx);
        if let (Err(e), Some(pid)) = (&configured, spawned) {
            // A failed start leaves nothing running: the server this start launched goes.
            tracing::warn!("start failed ({e}); stopping the server it started (pid {pid})");
            let deadline = ctx.deadline().max(Instant::now() + Duration::from_secs(2));
            if let Err(stop) = self.server.terminate(pid, deadline) {
                tracing::error!("could not stop server pid {pid} after the failed start: {stop}");
            }
        }
        configured
    }
    fn stop(&mut self, ctx: &Context) -> Result<()> {
        score::publish(ctx, Score::Delete);
        let pid = match self.running(ctx)? {
            None => return Ok(()),
            Some(Some(pid)) => pid,
            Some(None) => {
                // Adopted: the server tells where its pidfile is.
                let mut conn = self.connect(ctx, Duration::from_secs(5))?;
                let file = db::scalar(&mut conn, "SELECT @@GLOBAL.pid_file")?.unwrap_or_default();
                drop(conn);
                rustha::daemon::PidFile::new(&file)
                    .running()?
                    .ok_or_else(|| {
                        Error::Failed(format!(
                            "a server answers on {} but its pidfile {file} names no live process",
                            self.socket
                        ))
                    })?
            }
        };
        let t = Instant::now();
        self.server.terminate(pid, ctx.deadline())?;
        tracing::info!(
            "server (pid {pid}) stopped in {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        Ok(())
    }

    fn monitor(&mut self, ctx: &Context) -> Result<State> {
        let pid = self.server.pid()?;
        if pid.is_none() && !server::exists(&self.server.socket) {
            return Ok(State::NotRunning);
        }
        let mut conn = match self.connect(ctx, Duration::from_secs(10)) {
            Ok(c) => c,
            Err(e) if pid.is_none() && !matches!(e, Error::Permission(_)) => {
                tracing::debug!("stale socket {}: {e}", self.socket);
                return Ok(State::NotRunning);
            }
            Err(e) => {
                let msg = format!(
                    "server (pid {}) does not answer: {e}",
                    pid.map(|p| p.to_string()).unwrap_or_default()
                );
                return Err(if Self::promoted_role(ctx) {
                    Error::FailedPromoted(msg)
                } else if let Error::Permission(_) = e {
                    e
                } else {
                    Error::Failed(msg)
                });
            }
        };
        self.observe(ctx, &mut conn)
    }

    fn promote(&mut self, ctx: &Context) -> Result<()> {
        let mut conn = self.local_target()?.connect(ctx.remaining())?;
        if !Self::read_only(&mut conn)? {
            tracing::info!("already writable");
            score::publish(ctx, Score::Set(score::value::HEALTHY));
            return Ok(());
        }
        Self::refuse_skip_errors(&mut conn)?;
        let deadline = ctx
            .deadline()
            .checked_sub(PROMOTE_RESERVE)
            .filter(|d| *d > Instant::now())
            .unwrap_or_else(|| ctx.deadline());
        if let Some(s) = ReplicaStatus::read(&mut conn)? {
            if let Health::SqlError(e) = Health::assess(Some(&s), self.max_lag) {
                return Err(Error::Failed(format!(
                    "refusing to promote: replication SQL thread stopped on {e}; this copy diverged from the peer"
                )));
            }
            if !s.sql_ok() {
                tracing::info!("SQL thread was stopped: starting it to apply the relay log");
                db::exec(
                    &mut conn,
                    "START SLAVE SQL_THREAD",
                    "START SLAVE SQL_THREAD",
                )?;
            }
            let applied = self
                .catch_up_with_peer(ctx, &mut conn, deadline)
                .and_then(|caught_up| self.refuse_long_outage(caught_up, &s))
                .and_then(|()| self.apply_relay_log(&mut conn, deadline));
            if let Err(e) = applied {
                let _ = db::exec(&mut conn, "START SLAVE", "START SLAVE");
                return Err(e);
            }
        } else {
            tracing::warn!("replication is not configured: promoting a standalone server");
        }
        db::exec(
            &mut conn,
            "SET GLOBAL read_only=OFF",
            "SET GLOBAL read_only=OFF",
        )?;
        // Master-master: the promoted node keeps reading the peer's binlog.
        if ReplicaStatus::read(&mut conn)?.is_some() {
            db::exec(&mut conn, "START SLAVE", "START SLAVE")?;
        }
        outage::current(&self.server.datadir);
        score::publish(ctx, Score::Set(score::value::HEALTHY));
        tracing::info!("promoted: read_only=OFF");
        Ok(())
    }

    fn demote(&mut self, ctx: &Context) -> Result<()> {
        let mut conn = self
            .local_target()?
            .connect(ctx.remaining().min(Duration::from_secs(30)))?;
        db::exec(
            &mut conn,
            "SET GLOBAL read_only=ON",
            "SET GLOBAL read_only=ON",
        )?;
        let killed = db::kill_application_sessions(&mut conn)?;
        if !killed.is_empty() {
            let who: Vec<String> = killed
                .iter()
                .map(|s| format!("{}@{}", s.user, s.host))
                .collect();
            tracing::info!(
                "killed {} application session(s): {}",
                killed.len(),
                who.join(", ")
            );
        }
        match db::privileged_accounts(&mut conn, &self.test_user) {
            Ok(accounts) if !accounts.is_empty() => tracing::warn!(
                "read_only does not stop these accounts (SUPER or READ_ONLY ADMIN) from writing here: {}; \
                 applications should use accounts without those privileges",
                accounts.join(", ")
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!("{e}"),
        }
        let status = match self.ensure_threads(&mut conn) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("demoted, but {e}");
                ReplicaStatus::read(&mut conn)?
            }
        };
        let health = Health::assess(status.as_ref(), self.max_lag);
        score::publish(ctx, self.replica_score(status.as_ref(), &health));
        tracing::info!("demoted: read_only=ON");
        Ok(())
    }

    fn notify(&mut self, ctx: &Context) -> Result<()> {
        let kind = ctx.meta_attr("notify_type").unwrap_or_default();
        let op = ctx.meta_attr("notify_operation").unwrap_or_default();
        let me = local_node(ctx);
        let promoting: Vec<String> = ctx
            .meta_attr("notify_promote_uname")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let this_one = promoting.contains(&me);
        match (kind.as_str(), op.as_str()) {
            ("pre", "promote") if !this_one && !promoting.is_empty() => {
                // Exactly one writable node: whatever happened before, this one is not it.
                if let Ok(mut conn) = self.connect(ctx, Duration::from_secs(10)) {
                    db::exec(
                        &mut conn,
                        "SET GLOBAL read_only=ON",
                        "SET GLOBAL read_only=ON",
                    )?;
                    tracing::info!(
                        "{} is being promoted: this node stays read-only",
                        promoting.join(" ")
                    );
                }
            }
            ("post", "promote") if !this_one && !promoting.is_empty() => {
                if let Ok(mut conn) = self.connect(ctx, Duration::from_secs(10)) {
                    match self.ensure_threads(&mut conn) {
                        Ok(s) => tracing::info!(
                            "{} was promoted; replicating from it: {:?}",
                            promoting.join(" "),
                            Health::assess(s.as_ref(), self.max_lag)
                        ),
                        Err(e) => tracing::warn!("{} was promoted, but {e}", promoting.join(" ")),
                    }
                }
            }
            _ => tracing::debug!("notify {kind}-{op}: nothing to do"),
        }
        Ok(())
    }

    fn subcommand(args: &[String]) -> Result<OcfCode> {
        bootstrap::run(args)
    }
}

/// This node's name as Pacemaker knows it (`on_node`), else the kernel's node name.
pub fn local_node(ctx: &Context) -> String {
    ctx.meta_attr("on_node")
        .or_else(|| {
            nix::unistd::gethostname()
                .ok()
                .map(|h| h.to_string_lossy().into_owned())
        })
        .unwrap_or_default()
}

/// Tests only: the environment variable that switches a guard off, so that a fault campaign can
/// show it finds the violation the guard prevents. Pacemaker never sets it (it passes resource
/// parameters as `OCF_RESKEY_*`); only a process that starts the cluster with it in its
/// environment, or a wrapper around the agent, can. Every use is logged as an error.
pub const TEST_UNGUARD_ENV: &str = "RUSTHA_TEST_UNGUARD";

/// The guard "promote refuses while the peer is still writable", by its name in
/// [`TEST_UNGUARD_ENV`].
pub const WRITABLE_PEER_GUARD: &str = "mysql-mm-writable-peer";

/// Whether [`TEST_UNGUARD_ENV`] (a comma-separated list) names `guard`.
fn guard_switched_off(guard: &str) -> bool {
    std::env::var(TEST_UNGUARD_ENV).is_ok_and(|v| v.split(',').any(|g| g.trim() == guard))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(io: &str, sql: &str, sql_errno: u32, lag: Option<u64>) -> ReplicaStatus {
        ReplicaStatus {
            io_running: io.into(),
            sql_running: sql.into(),
            sql_errno,
            lag,
            ..Default::default()
        }
    }

    #[test]
    fn health_and_scores() {
        use score::value::*;
        assert_eq!(Health::assess(None, 60).score(), Score::Set(STANDALONE));
        let h = Health::assess(Some(&st("Yes", "Yes", 0, Some(0))), 60);
        assert_eq!(h.score(), Score::Set(HEALTHY));
        let h = Health::assess(Some(&st("Yes", "Yes", 0, Some(61))), 60);
        assert_eq!(h, Health::Lagging(61));
        assert_eq!(h.score(), Score::Set(LAGGING));
        let h = Health::assess(Some(&st("Connecting", "Yes", 0, None)), 60);
        assert_eq!(
            h.score(),
            Score::Set(PEER_UNREACHABLE),
            "the survivor stays promotable"
        );
        let h = Health::assess(Some(&st("Yes", "No", 0, None)), 60);
        assert_eq!(h.score(), Score::Set(SQL_STOPPED));
        let h = Health::assess(Some(&st("Yes", "No", 1062, None)), 60);
        assert_eq!(
            h.score(),
            Score::Delete,
            "a diverged replica is never promotable"
        );
    }

    #[test]
    fn meta_data_is_stable_and_declares_roles() {
        let xml = META.to_xml();
        assert_eq!(xml, META.to_xml());
        assert!(
            xml.contains("role=\"Promoted\"") && xml.contains("\"promote\""),
            "{xml}"
        );
        assert!(xml.contains("replication_password_file"));
    }

    #[test]
    fn a_bad_peer_list_and_a_bad_value_are_named_together() {
        use rustha::param::MapSource;
        let src = MapSource::new()
            .with_param("peer", "a=10.0.0.1 b=10.0.0.2 c=10.0.0.3")
            .with_param("max_lag", "soon");
        let (p, mut problems) = Params::read(PARAMS, &src);
        let mm = problems.check(MysqlMm::from_params(&p, "a"));
        let err = problems.finish_with(mm).unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured, "{err}");
        let msg = err.to_string();
        for needle in ["'peer'", "3 are listed", "'max_lag'", "'soon'"] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
    }
}
