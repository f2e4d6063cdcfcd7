//! The lab's databases: a MariaDB pair for a promotable `mysql-mm` clone and a PostgreSQL
//! primary with a synchronous replica for `pgsqlchk`, on two lab nodes. The servers themselves
//! are the harness's ([`rustha_harness::mariadb`], [`rustha_harness::pg`]); this places them on
//! the nodes and connects them.

use std::time::{Duration, Instant};

use rustha_harness::mariadb::{Maria, MariaRoot};
use rustha_harness::pg::{Pg, PgRoot};

use crate::lab::Lab;

/// Where each lab node sees its own instance (a bind mount in the node's private mount
/// namespace), so the instances of one `mysql-mm` clone share one set of parameters.
pub const LAB_DIR: &str = "/run/mysql-mm";

/// Two MariaDB servers on lab nodes (`0.0.0.0:3306` in each node's namespace, seen at
/// [`LAB_DIR`] there), started by the agent and connected both ways by `mysql-mm bootstrap`:
/// what a promotable `mysql-mm` clone takes over. Fields drop in order: the servers, then the root.
pub struct LabPair {
    /// The instance of the first node.
    pub a: Maria,
    /// The instance of the second node.
    pub b: Maria,
    /// The clone's parameters (`config`, `datadir`, `socket`, `pid`, `peer`,
    /// `replication_password_file`).
    pub env: Vec<(String, String)>,
    /// The temporary root holding both instances.
    pub root: MariaRoot,
}

impl LabPair {
    /// Prepare, start and connect the pair on nodes `n1` and `n2` of `lab` (panics on failure).
    pub fn start(lab: &Lab, n1: &str, n2: &str) -> LabPair {
        let agent = rustha_harness::bin("mysql-mm");
        let root = MariaRoot::new("lab");
        let a = Maria::init_on(&root, n1, "0.0.0.0", 3306);
        let b = Maria::init_on(&root, n2, "0.0.0.0", 3306);
        let repl_pw = root.secret("repl.pw", "lab-repl-Secret");
        let admin_pw = root.secret("admin.pw", "lab-admin-Secret");
        let addr = |n: &str| lab.topo().addr(n).to_string();
        let peer = format!("{n1}={} {n2}={}", addr(n1), addr(n2));
        let env: Vec<(String, String)> = [
            ("config", format!("{LAB_DIR}/my.cnf")),
            ("datadir", format!("{LAB_DIR}/data")),
            ("socket", format!("{LAB_DIR}/run/mysqld.sock")),
            ("pid", format!("{LAB_DIR}/run/mysqld.pid")),
            ("peer", peer),
            ("replication_password_file", repl_pw.display().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        for m in [&a, &b] {
            let src = root.path().join(&m.name);
            lab.ok(&m.name, &["mkdir", "-p", LAB_DIR]);
            lab.ok(
                &m.name,
                &["mount", "--bind", src.to_str().unwrap(), LAB_DIR],
            );
            let mut cmd = lab.command(&m.name, agent.to_str().unwrap());
            cmd.arg("start")
                .env("RUSTHA_LOG_STDERR", "1")
                .env("OCF_RESKEY_CRM_meta_on_node", &m.name);
            for (k, v) in &env {
                cmd.env(format!("OCF_RESKEY_{k}"), v);
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{}: start failed: {}\n{}",
                m.name,
                String::from_utf8_lossy(&out.stderr),
                m.error_log()
            );
            m.sql(
                "SET SESSION sql_log_bin=0; CREATE USER admin@'%' IDENTIFIED BY 'lab-admin-Secret'; \
                 GRANT ALL ON *.* TO admin@'%' WITH GRANT OPTION",
            );
        }
        let mut cmd = lab.command(n1, agent.to_str().unwrap());
        cmd.args(["bootstrap", "--peer", &addr(n2)])
            .args(["--peer-admin-user", "admin", "--peer-admin-passwd-file"])
            .arg(&admin_pw)
            // The settings must survive restarts (standby, power failures stop the server).
            .arg("--write-cnf")
            .arg(&a.mm_cnf)
            .arg("--write-peer-cnf")
            .arg(&b.mm_cnf);
        for (k, v) in &env {
            if k != "peer" {
                cmd.env(format!("OCF_RESKEY_{k}"), v);
            }
        }
        let out = cmd.output().unwrap();
        println!("{}", String::from_utf8_lossy(&out.stdout));
        assert!(
            out.status.success(),
            "bootstrap: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(b.slave_status("Master_Host"), addr(n1));
        LabPair { a, b, env, root }
    }

    /// `pcs resource create ID ocf:rustha:mysql-mm` arguments for this pair: the parameters,
    /// one monitor per role, promotable with notifications.
    pub fn create_args(&self, id: &str) -> Vec<String> {
        let mut create = vec![
            "resource".to_string(),
            "create".into(),
            id.into(),
            "ocf:rustha:mysql-mm".into(),
        ];
        create.extend(self.env.iter().map(|(k, v)| format!("{k}={v}")));
        create.extend(
            [
                "op",
                "monitor",
                "interval=3s",
                "role=Unpromoted",
                "timeout=30s",
                "op",
                "monitor",
                "interval=2s",
                "role=Promoted",
                "timeout=30s",
                "promotable",
                "notify=true",
            ]
            .map(String::from),
        );
        create
    }
}

/// The PostgreSQL port inside the lab's nodes.
pub const LAB_PORT: u16 = 5432;
/// The password of `health_check_user` (pgsqlchk's account) in the lab.
pub const LAB_CHECK_PASSWORD: &str = "lab";
/// The client's account in the lab (user, password): it may insert into and read table `w`.
pub const LAB_CLIENT: (&str, &str) = ("chaos", "lab-chaos-Secret");

/// A PostgreSQL primary on one lab node with a synchronous streaming replica on another,
/// listening on [`LAB_PORT`] on every address of their nodes. Not managed by Pacemaker (the
/// seed guide's pgsqlchk "works in tandem with PostgreSQL automated failover"): whoever runs
/// the lab starts a server again when it died ([`LabPg::start_dead`]), as a service manager
/// would.
pub struct LabPg {
    /// The primary (`synchronous_standby_names` names the replica).
    pub primary: Pg,
    /// The synchronous replica.
    pub replica: Pg,
    /// The temporary root holding both (dropped after them).
    pub root: PgRoot,
}

impl LabPg {
    /// `initdb` the primary on `n1`, a base backup of it on `n2`, both started and the replica
    /// streaming synchronously; the accounts of pgsqlchk and of the client and the client's
    /// table made. Panics on failure.
    pub fn start(lab: &Lab, n1: &str, n2: &str) -> LabPg {
        let root = PgRoot::new("lab");
        // Synchronous once the replica streams (before, every commit would wait for it).
        let mut primary = Pg::init_data(
            &root,
            n1,
            "listen_addresses = '*'\nsynchronous_commit = on\n",
        );
        // Other nodes replicate and connect through the proxy over the lab's network.
        let hba = primary.data.join("pg_hba.conf");
        let mut text = std::fs::read_to_string(&hba).expect("reading pg_hba.conf");
        text.push_str(
            "host replication postgres samenet trust\nhost all all samenet scram-sha-256\n",
        );
        std::fs::write(&hba, text).expect("writing pg_hba.conf");
        primary.place_in(&root, lab.node(n1).pid(), LAB_PORT);
        primary.start();
        primary.sql(&format!(
            "CREATE USER health_check_user PASSWORD '{LAB_CHECK_PASSWORD}'; \
             GRANT pg_monitor TO health_check_user; \
             CREATE USER {} PASSWORD '{}'; \
             CREATE TABLE w (id bigint PRIMARY KEY); GRANT SELECT, INSERT ON w TO {}",
            LAB_CLIENT.0, LAB_CLIENT.1, LAB_CLIENT.0
        ));
        let mut replica = Pg::unmade(&root, n2);
        replica.place_in(&root, lab.node(n2).pid(), LAB_PORT);
        replica.fetch_base_backup(&lab.topo().addr(n1).to_string(), LAB_PORT);
        replica.start();
        primary.sql(&format!(
            "ALTER SYSTEM SET synchronous_standby_names = '{n2}'"
        ));
        primary.sql("SELECT pg_reload_conf()");
        primary.wait_for(
            &format!("SELECT sync_state FROM pg_stat_replication WHERE application_name = '{n2}'"),
            "sync",
            Duration::from_secs(60),
        );
        LabPg {
            primary,
            replica,
            root,
        }
    }

    /// Both servers.
    pub fn servers(&self) -> [&Pg; 2] {
        [&self.primary, &self.replica]
    }

    /// The server on `node`, if any.
    pub fn on(&self, node: &str) -> Option<&Pg> {
        self.servers().into_iter().find(|p| p.name == node)
    }

    /// Starts every server whose postmaster is gone (killed, or its node powered off and on)
    /// and whose node is up; the names of those started, or why one would not start.
    pub fn start_dead(&mut self, lab: &Lab) -> Vec<String> {
        let mut done = Vec::new();
        for pg in [&mut self.primary, &mut self.replica] {
            if pg.alive() || lab.is_powered_off(&pg.name) {
                continue;
            }
            // The children of a killed postmaster leave in a moment; until they have, the old
            // shared memory is in use and the new server refuses to start.
            let end = Instant::now() + Duration::from_secs(20);
            let mut got = pg.try_start();
            while got.is_err() && Instant::now() < end {
                std::thread::sleep(Duration::from_millis(500));
                got = pg.try_start();
            }
            done.push(match got {
                Ok(()) => format!("PostgreSQL on {} started", pg.name),
                Err(e) => format!("PostgreSQL on {} would not start: {e}", pg.name),
            });
        }
        done
    }
}
