//! mysql-mm against real MariaDB 10.11: two `mariadbd` instances (user `mysql`, temporary data
//! directories, free loopback ports) started by the agent, connected by `mysql-mm bootstrap`,
//! then promote/demote swaps, a promote that must wait for the relay log, application sessions
//! killed on demote, bad inputs, and `ocf-tester`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rustha_harness::mariadb::{free_port, run_agent, with_params, Maria, MariaRoot};

const REPL_PW: &str = "r3pl-'Secret\\x";
const ADMIN_PW: &str = "adm1n-Secret";
const APP_PW: &str = "app-Secret";

/// Files and the two instances of one test.
struct Pair {
    a: Maria,
    b: Maria,
    repl_pw: PathBuf,
    admin_pw: PathBuf,
    // Dropped last: the instances stop their servers first.
    _root: MariaRoot,
}

impl Pair {
    fn new(tag: &str) -> Pair {
        rustha_harness::require_root();
        let root = MariaRoot::new(tag);
        let a = Maria::init(&root, "a");
        let b = Maria::init(&root, "b");
        Pair {
            repl_pw: root.secret("repl.pw", REPL_PW),
            admin_pw: root.secret("admin.pw", ADMIN_PW),
            a,
            b,
            _root: root,
        }
    }

    fn peer_of<'m>(&'m self, m: &Maria) -> &'m Maria {
        if m.name == "a" {
            &self.b
        } else {
            &self.a
        }
    }

    /// The agent's environment for `m`, replicating from the other instance.
    fn env(&self, m: &Maria) -> Vec<(String, String)> {
        m.ocf_params_with_peer(self.peer_of(m), &self.repl_pw)
    }

    /// An admin account reachable over TCP (bootstrap configures the peer through it), created
    /// on each server without being binlogged.
    fn create_admins(&self) {
        for m in [&self.a, &self.b] {
            m.sql(&format!(
                "SET SESSION sql_log_bin=0; CREATE USER admin@'127.0.0.1' IDENTIFIED BY '{ADMIN_PW}'; \
                 GRANT ALL ON *.* TO admin@'127.0.0.1' WITH GRANT OPTION"
            ));
        }
    }
}

/// Run the agent; returns (exit code, stdout, stderr).
fn agent(env: &[(String, String)], args: &[&str]) -> (i32, String, String) {
    run_agent(env, args, &[REPL_PW, ADMIN_PW])
}

/// Run an action, assert its exit code, return stderr; print the time it took.
fn act(pair: &Pair, m: &Maria, action: &str, want: i32) -> String {
    let t = Instant::now();
    let (code, _, err) = agent(&pair.env(m), &[action]);
    println!(
        "{}: {action} -> {code} in {:.1} ms",
        m.name,
        t.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(
        code,
        want,
        "{}: {action} exited {code}, expected {want}\n{err}\nserver log:\n{}",
        m.name,
        m.error_log()
    );
    err
}

/// An application client over TCP (password through the environment, not the command line).
fn app(m: &Maria) -> Command {
    let mut c = Command::new("mariadb");
    c.args(["--no-defaults", "-h", "127.0.0.1", "-N", "-B", "-u", "app"])
        .arg(format!("--port={}", m.port))
        .env("MYSQL_PWD", APP_PW)
        .stdin(Stdio::null());
    c
}

fn app_sql(m: &Maria, sql: &str) -> Result<String, String> {
    let out = app(m).arg("-e").arg(sql).output().unwrap();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn bootstrap(pair: &Pair, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "bootstrap",
        "--peer-admin-user",
        "admin",
        "--peer-admin-passwd-file",
        pair.admin_pw.to_str().unwrap(),
        // Settings that must survive a server restart, in each my.cnf.
        "--write-cnf",
        pair.a.mm_cnf.to_str().unwrap(),
        "--write-peer-cnf",
        pair.b.mm_cnf.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    agent(&pair.env(&pair.a), &args)
}

/// Start both servers standalone, bootstrap them, and check what bootstrap set up.
fn bootstrapped(tag: &str) -> Pair {
    let pair = Pair::new(tag);
    for m in [&pair.a, &pair.b] {
        act(&pair, m, "monitor", 7);
        act(&pair, m, "start", 0);
        assert!(m.pid().is_some(), "start returned without a server");
        assert_eq!(
            m.sql("SELECT @@read_only"),
            "1",
            "a started server is read-only"
        );
    }
    pair.create_admins();
    let t = Instant::now();
    let (code, out, err) = bootstrap(&pair, &[]);
    println!(
        "bootstrap -> {code} in {:.1} ms\n{out}{err}",
        t.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(code, 0, "bootstrap failed:\n{out}\n{err}");
    assert!(
        !out.contains(REPL_PW) && !err.contains(REPL_PW),
        "the password must never be printed"
    );
    let ids = |m: &Maria| {
        m.sql("SELECT CONCAT_WS(',', @@server_id, @@auto_increment_increment, @@auto_increment_offset)")
    };
    assert_eq!(
        (ids(&pair.a), ids(&pair.b)),
        ("1,2,1".into(), "2,2,2".into())
    );
    for m in [&pair.a, &pair.b] {
        assert_eq!(m.slave_status("Slave_IO_Running"), "Yes", "{}", m.name);
        assert_eq!(m.slave_status("Using_Gtid"), "Slave_Pos");
        assert_eq!(
            m.slave_status("Master_Port"),
            pair.peer_of(m).port.to_string()
        );
        assert_eq!(m.sql("SELECT @@slave_skip_errors"), "OFF");
        act(&pair, m, "monitor", 0);
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", m.pid().unwrap())).unwrap();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        assert!(
            cmdline.contains("--read-only=ON") && !cmdline.contains(REPL_PW),
            "server command line: {cmdline}"
        );
    }
    pair
}

/// The table the failover tests write to.
const TABLE_X: &str = "x (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))";

/// A [`bootstrapped`] pair with `a` promoted and database `t` holding `table` (`name (columns)`),
/// replicated to `b`.
fn promoted_with_table(tag: &str, table: &str) -> Pair {
    let pair = bootstrapped(tag);
    act(&pair, &pair.a, "promote", 0);
    pair.a
        .sql(&format!("CREATE DATABASE t; CREATE TABLE t.{table}"));
    pair.b.wait_for(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='t'",
        "1",
        Duration::from_secs(10),
    );
    pair
}

#[test]
fn master_master_promote_demote_and_relay_log_wait() {
    let pair = bootstrapped("roles");
    let (a, b) = (&pair.a, &pair.b);

    // A peer that is this server itself is a configuration error.
    let mut selfish = pair.env(a);
    selfish.retain(|(k, _)| k != "peer");
    selfish.push(("peer".into(), format!("127.0.0.1:{}", a.port)));
    let (code, _, err) = agent(&selfish, &["start"]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("is this server itself"), "{err}");
    // Found only once the server answers: a start that launched it stops it again.
    act(&pair, a, "stop", 0);
    let (code, _, err) = agent(&selfish, &["start"]);
    assert_eq!(code, 6, "{err}");
    assert!(
        a.pid().is_none(),
        "a failed start left the server running\n{err}"
    );
    act(&pair, a, "start", 0);

    // Promote a: writable, and its writes reach b.
    act(&pair, a, "promote", 0);
    act(&pair, a, "monitor", 8);
    act(&pair, b, "monitor", 0);

    // Notifications: before another node's promotion this one is made read-only whatever it
    // was; after it, a replica restarts replication threads found stopped.
    let notify = |m: &Maria, kind: &str, promoted: &str| {
        let mut env = pair.env(m);
        env.extend([
            ("CRM_meta_notify_type".to_string(), kind.to_string()),
            (
                "CRM_meta_notify_operation".to_string(),
                "promote".to_string(),
            ),
            (
                "CRM_meta_notify_promote_uname".to_string(),
                format!(" {promoted}  "),
            ),
            ("CRM_meta_on_node".to_string(), format!("node-{}", m.name)),
        ]);
        let (code, _, err) = agent(&env, &["notify"]);
        assert_eq!(code, 0, "{err}");
    };
    notify(a, "pre", "node-b");
    assert_eq!(
        a.sql("SELECT @@read_only"),
        "1",
        "pre-promote of the peer: read-only"
    );
    act(&pair, a, "promote", 0);
    b.sql("STOP SLAVE");
    notify(b, "post", "node-a");
    assert_eq!(b.slave_status("Slave_SQL_Running"), "Yes");
    assert_ne!(b.slave_status("Slave_IO_Running"), "No");
    notify(a, "post", "node-a");
    act(&pair, a, "monitor", 8);
    // Promoting while the peer answers and is still writable (neither demoted nor fenced, e.g.
    // its cluster stack died under a running server) is refused: b stays read-only.
    let err = act(&pair, b, "promote", 1);
    assert!(
        err.contains("refusing to promote") && err.contains("still writable"),
        "{err}"
    );
    assert_eq!(b.sql("SELECT @@read_only"), "1", "a refused promote");
    assert_eq!(a.sql("SELECT @@read_only"), "0");
    act(&pair, b, "demote", 0);

    a.sql(&format!(
        "CREATE DATABASE t; CREATE TABLE t.x (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40)); \
         CREATE USER app@'127.0.0.1' IDENTIFIED BY '{APP_PW}'; GRANT ALL ON t.* TO app@'127.0.0.1'"
    ));
    app_sql(a, "INSERT INTO t.x (v) VALUES ('from-a-1'), ('from-a-2')").unwrap();
    b.wait_for(
        "SELECT GROUP_CONCAT(id ORDER BY id) FROM t.x",
        "1,3",
        Duration::from_secs(10),
    );
    let refused = app_sql(b, "INSERT INTO t.x (v) VALUES ('on-b')").unwrap_err();
    assert!(
        refused.contains("read-only"),
        "b must refuse writes: {refused}"
    );

    // An application session on a is killed on demote; replication is not.
    let mut sleeper = app(a)
        .arg("-e")
        .arg("SELECT SLEEP(120)")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    a.wait_for(
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER='app'",
        "1",
        Duration::from_secs(10),
    );
    let log = act(&pair, a, "demote", 0);
    assert!(log.contains("killed 1 application session"), "{log}");
    assert!(
        log.contains("read_only does not stop these accounts")
            && log.contains("'admin'@'127.0.0.1'"),
        "demote names accounts that can write despite read_only: {log}"
    );
    let end = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = sleeper.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < end,
            "the application session survived demote"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!status.success(), "the killed client must fail");
    assert_eq!(a.sql("SELECT @@read_only"), "1");
    assert_eq!(a.slave_status("Slave_IO_Running"), "Yes");
    assert_eq!(a.slave_status("Slave_SQL_Running"), "Yes");
    assert_eq!(
        a.sql(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'"
        ),
        "1",
        "b's IO thread still reads a's binlog"
    );
    act(&pair, a, "monitor", 0);

    // Swap: b promoted; its keys use offset 2.
    act(&pair, b, "promote", 0);
    act(&pair, b, "monitor", 8);
    app_sql(b, "INSERT INTO t.x (v) VALUES ('from-b')").unwrap();
    a.wait_for(
        "SELECT GROUP_CONCAT(id ORDER BY id) FROM t.x",
        "1,3,4",
        Duration::from_secs(10),
    );

    // Promote waits for the relay log: a's SQL thread is stopped, b writes, a has received the
    // row but not applied it; b is demoted and a promoted: the row must be there at once.
    a.sql("STOP SLAVE SQL_THREAD");
    app_sql(b, "INSERT INTO t.x (v) VALUES ('pending')").unwrap();
    let master_pos = b.sql("SHOW MASTER STATUS");
    let want_pos = master_pos.split_whitespace().nth(1).unwrap().to_string();
    let end = Instant::now() + Duration::from_secs(10);
    while a.slave_status("Read_Master_Log_Pos") != want_pos {
        assert!(Instant::now() < end, "a never received b's write");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(a.sql("SELECT COUNT(*) FROM t.x WHERE v='pending'"), "0");
    act(&pair, b, "demote", 0);
    let log = act(&pair, a, "promote", 0);
    assert!(log.contains("relay log applied"), "{log}");
    assert_eq!(
        a.sql("SELECT COUNT(*) FROM t.x WHERE v='pending'"),
        "1",
        "promote returned before the relay log was applied"
    );
    assert_eq!(a.sql("SELECT @@read_only"), "0");
    assert_eq!(a.slave_status("Slave_SQL_Running"), "Yes");
    assert_eq!(a.slave_status("Slave_IO_Running"), "Yes");
    app_sql(a, "INSERT INTO t.x (v) VALUES ('from-a-3')").unwrap();
    b.wait_for("SELECT COUNT(*) FROM t.x", "5", Duration::from_secs(10));
    assert_eq!(
        a.sql("CHECKSUM TABLE t.x"),
        b.sql("CHECKSUM TABLE t.x"),
        "both copies are identical"
    );

    // Stop both: servers gone, monitor says stopped, stop again succeeds.
    for m in [a, b] {
        act(&pair, m, "stop", 0);
        assert!(
            m.pid().is_none(),
            "{}: server still running after stop",
            m.name
        );
        act(&pair, m, "monitor", 7);
        act(&pair, m, "stop", 0);
    }
}

#[test]
fn promote_refuses_a_diverged_replica() {
    let pair = promoted_with_table("diverged", "k (id INT PRIMARY KEY)");
    let (a, b) = (&pair.a, &pair.b);
    // A row written on b behind replication's back (root bypasses read_only), then the same key
    // on a: b's SQL thread stops on a duplicate key, the seed guide's error 1062.
    b.sql("SET SESSION sql_log_bin=0; INSERT INTO t.k VALUES (7)");
    a.sql("INSERT INTO t.k VALUES (7)");
    let end = Instant::now() + Duration::from_secs(10);
    while b.slave_status("Last_SQL_Errno") != "1062" {
        assert!(
            Instant::now() < end,
            "b's SQL thread did not stop on the duplicate"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let err = act(&pair, b, "monitor", 1);
    assert!(
        err.contains("1062") && err.contains("not promotable"),
        "{err}"
    );
    act(&pair, a, "demote", 0);
    let err = act(&pair, b, "promote", 1);
    assert!(err.contains("refusing to promote"), "{err}");
    assert_eq!(
        b.sql("SELECT @@read_only"),
        "1",
        "a refused promote leaves b read-only"
    );
    assert_eq!(b.sql("SELECT @@slave_skip_errors"), "OFF");
}

#[test]
fn failover_promotes_the_survivor_with_everything_it_received() {
    let pair = promoted_with_table("failover", TABLE_X);
    let (a, b) = (&pair.a, &pair.b);
    // b receives but does not apply; then a's server dies (no demote, no shutdown).
    b.sql("STOP SLAVE SQL_THREAD");
    a.sql("INSERT INTO t.x (v) VALUES ('last-words')");
    let want = a.sql("SHOW MASTER STATUS");
    let want = want.split_whitespace().nth(1).unwrap().to_string();
    let end = Instant::now() + Duration::from_secs(10);
    while b.slave_status("Read_Master_Log_Pos") != want {
        assert!(Instant::now() < end, "b never received a's last write");
        std::thread::sleep(Duration::from_millis(20));
    }
    a.crash();
    act(&pair, a, "monitor", 7);
    // The survivor: the peer does not answer, so it applies what it received, then writes.
    let log = act(&pair, b, "promote", 0);
    assert!(log.contains("peer does not answer"), "{log}");
    assert_eq!(
        b.sql("SELECT COUNT(*) FROM t.x WHERE v='last-words'"),
        "1",
        "the received write must be applied before promote returns"
    );
    act(&pair, b, "monitor", 8);
    b.sql("INSERT INTO t.x (v) VALUES ('after-failover')");
    // The crashed node comes back read-only and catches up from the new promoted one.
    act(&pair, a, "start", 0);
    assert_eq!(a.sql("SELECT @@read_only"), "1");
    a.wait_for("SELECT COUNT(*) FROM t.x", "2", Duration::from_secs(20));
    act(&pair, a, "monitor", 0);
}

#[test]
fn bad_inputs_give_clear_errors_and_codes() {
    let pair = Pair::new("bad");
    let a = &pair.a;
    let with = |changes: &[(&str, &str)]| with_params(pair.env(a), changes);
    let missing = pair._root.path().join("no-such.pw");
    let missing = missing.to_str().unwrap();

    // Missing password file: not installed on this node (5), naming parameter and file.
    let (code, _, err) = agent(&with(&[("replication_password_file", missing)]), &["start"]);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("replication_password_file") && err.contains(missing),
        "{err}"
    );
    let (code, _, err) = agent(
        &with(&[("replication_password_file", missing)]),
        &["validate-all"],
    );
    assert_eq!(code, 5, "{err}");
    // A probe of a stopped server needs no password: 7.
    let (code, _, err) = agent(&with(&[("test_passwd_file", missing)]), &["monitor"]);
    assert_eq!(code, 7, "{err}");

    // Malformed peer: configuration error naming the parameter and value.
    let (code, _, err) = agent(&with(&[("peer", "127.0.0.1:notaport")]), &["monitor"]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("peer") && err.contains("notaport"), "{err}");
    // A third node of the cluster, not one of the pair's two: valid elsewhere, unusable here.
    let third = with(&[("peer", "n1=10.0.0.1 n2=10.0.0.2")]);
    for (action, want) in [
        ("monitor", 7),
        ("stop", 0),
        ("start", 5),
        ("validate-all", 5),
    ] {
        let (code, _, err) = agent(&third, &[action]);
        assert_eq!(
            code, want,
            "{action} on a node the pair does not name: {err}"
        );
    }
    assert!(a.pid().is_none(), "a refused start starts nothing");

    // 'peer' without the replication password: start could not configure replication toward
    // it, so validate-all refuses it too, and start launches nothing.
    let mut no_password = pair.env(a);
    no_password.retain(|(k, _)| k != "replication_password_file");
    for action in ["validate-all", "start"] {
        let (code, _, err) = agent(&no_password, &[action]);
        assert_eq!(code, 6, "{action}: {err}");
        assert!(err.contains("replication_password_file"), "{err}");
    }
    assert!(a.pid().is_none(), "a refused start starts nothing");

    // Seed 000's slave-skip-errors: refused, naming file, line and column.
    let seeded = pair._root.path().join("seed000.cnf");
    let cnf = std::fs::read_to_string(&a.cnf).unwrap();
    std::fs::write(&seeded, format!("{cnf}slave-skip-errors=1062,1061,1060\n")).unwrap();
    let seeded = seeded.to_str().unwrap();
    for action in ["validate-all", "start"] {
        let (code, _, err) = agent(&with(&[("config", seeded)]), &[action]);
        assert_eq!(code, 6, "{action}: {err}");
        let line = cnf.lines().count() + 1;
        assert!(
            err.contains(&format!("{seeded}:{line}:1:")) && err.contains("diverges"),
            "{err}"
        );
    }
    assert!(a.pid().is_none(), "a refused start starts nothing");

    // A server that cannot start: start fails (1) quoting the server's own error.
    let broken = pair._root.path().join("broken.cnf");
    std::fs::write(&broken, format!("{cnf}no-such-option = 1\n")).unwrap();
    let (code, _, err) = agent(&with(&[("config", broken.to_str().unwrap())]), &["start"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("exited during startup") && err.contains("no-such-option"),
        "{err}"
    );
    assert!(a.pid().is_none());

    // A malformed outage bound is wrong on every node: 6, naming parameter and value.
    for bad in ["soon", "-1"] {
        let (code, _, err) = agent(&with(&[("max_replication_outage", bad)]), &["monitor"]);
        assert_eq!(code, 6, "{bad}: {err}");
        assert!(
            err.contains("max_replication_outage") && err.contains(bad),
            "{err}"
        );
    }

    // Missing binary and empty data directory: not installed.
    let (code, _, err) = agent(&with(&[("binary", "/nonexistent/mariadbd")]), &["start"]);
    assert_eq!(code, 5, "{err}");
    let empty = pair._root.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, err) = agent(&with(&[("datadir", empty.to_str().unwrap())]), &["start"]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("mariadb-install-db"), "{err}");

    // Stopping a stopped resource succeeds; monitor says stopped.
    assert_eq!(agent(&pair.env(a), &["stop"]).0, 0);
    assert_eq!(agent(&pair.env(a), &["monitor"]).0, 7);

    // Bootstrap toward a peer where nothing listens: runtime failure (1) naming the peer.
    act(&pair, a, "start", 0);
    let dead = free_port();
    let mut env = with(&[("peer", &format!("127.0.0.1:{dead}"))]);
    env.push(("peer_port".into(), dead.to_string()));
    let (code, out, err) = agent(&env, &["bootstrap", "--peer-admin-user", "admin"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains(&format!("peer 127.0.0.1:{dead}")), "{err}");
    // Unknown bootstrap option: usage error (2) listing the parameters.
    let (code, _, err) = agent(&pair.env(a), &["bootstrap", "--peer-admn-user", "x"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("replication_password_file"), "{err}");
    // An account the server refuses: insufficient privileges (4), with the server's reason.
    let (code, _, err) = agent(&with(&[("test_user", "nosuchuser")]), &["monitor"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("Access denied") && err.contains("nosuchuser"),
        "{err}"
    );
    // A server that dies is seen as stopped by the next probe.
    a.crash();
    assert_eq!(agent(&pair.env(a), &["monitor"]).0, 7);
    act(&pair, a, "start", 0);
    // A server that ignores SIGTERM (stopped with SIGSTOP) is killed before stop's timeout.
    let pid = nix::unistd::Pid::from_raw(a.pid().unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGSTOP).unwrap();
    let t = Instant::now();
    let (code, _, err) = agent(&with(&[("CRM_meta_timeout", "6000")]), &["stop"]);
    println!(
        "stop of a hung server with a 6 s timeout: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("SIGKILL"), "{err}");
    assert!(
        a.pid().is_none(),
        "stop returned with the server still there"
    );
    act(&pair, a, "monitor", 7);
}

#[test]
fn ocf_tester_passes_with_promote_and_demote() {
    let pair = bootstrapped("tester");
    act(&pair, &pair.a, "stop", 0);
    let mut cmd = Command::new("ocf-tester");
    cmd.args(["-n", "mysql-mm-test"]);
    for (k, v) in pair.env(&pair.a) {
        cmd.arg("-o").arg(format!("{k}={v}"));
    }
    let out = cmd
        .arg(rustha_harness::bin("mysql-mm"))
        .env("RUSTHA_LOG_STDERR", "1")
        .output()
        .expect("running ocf-tester (resource-agents)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "ocf-tester failed:\n{text}");
    assert!(
        !Path::new(&pair.a.pidfile).exists() || pair.a.pid().is_none(),
        "ocf-tester ends with stop: the server must be gone"
    );
    assert!(pair.b.pid().is_some(), "the peer was not touched");
}

#[test]
fn restart_keeps_ids_and_gtid_history_for_later_failovers() {
    let pair = bootstrapped("restart");
    let (a, b) = (&pair.a, &pair.b);
    act(&pair, b, "promote", 0);
    b.sql("CREATE DATABASE lab; CREATE TABLE lab.t (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT); INSERT INTO lab.t (v) VALUES ('before')");
    a.wait_for("SELECT COUNT(*) FROM lab.t", "1", Duration::from_secs(10));
    // b restarts as a replica: bootstrap's settings come back from its my.cnf, and its binlog
    // (with its own GTIDs) is the same series as before.
    act(&pair, b, "demote", 0);
    act(&pair, b, "stop", 0);
    act(&pair, a, "promote", 0);
    a.sql("INSERT INTO lab.t (v) VALUES ('after')");
    act(&pair, b, "start", 0);
    assert_eq!(
        b.sql("SELECT CONCAT_WS(',', @@server_id, @@gtid_domain_id, @@auto_increment_offset)"),
        "2,2,2"
    );
    assert!(
        b.sql("SHOW BINARY LOGS")
            .lines()
            .all(|l| l.starts_with("mysql-bin.")),
        "the binlog basename must not change across restarts"
    );
    b.wait_for("SELECT COUNT(*) FROM lab.t", "2", Duration::from_secs(10));
    // a crashes; b takes over and writes; a comes back and must find b's history.
    a.crash();
    act(&pair, b, "promote", 0);
    b.sql("INSERT INTO lab.t (v) VALUES ('after-crash')");
    act(&pair, a, "start", 0);
    a.wait_for("SELECT COUNT(*) FROM lab.t", "3", Duration::from_secs(10));
    act(&pair, a, "monitor", 0);
    assert_eq!(a.sql("CHECKSUM TABLE lab.t"), b.sql("CHECKSUM TABLE lab.t"));
}

/// Run the agent as Pacemaker does (`OCF_RESOURCE_INSTANCE` set), with a `crm_attribute` that
/// only records its arguments in `calls`; `interval` 0 is a probe.
fn agent_in_cluster(
    env: &[(String, String)],
    bin: &Path,
    instance: &str,
    action: &str,
    interval: &str,
) -> (i32, String) {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new(rustha_harness::bin("mysql-mm"));
    cmd.arg(action)
        .env("PATH", path)
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("RUSTHA_LOG_STDERR", "1")
        .env("OCF_RESOURCE_INSTANCE", instance)
        .env("OCF_RESKEY_CRM_meta_timeout", "60000")
        .env("OCF_RESKEY_CRM_meta_interval", interval)
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(format!("OCF_RESKEY_{k}"), v);
    }
    let out = cmd.output().expect("running mysql-mm");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A `crm_attribute` that appends its arguments to `<dir>/calls`; returns a reader of them.
fn fake_crm_attribute(dir: &Path) -> impl Fn() -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    let calls = dir.join("calls");
    let script = dir.join("crm_attribute");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$*\" >> '{}'\n", calls.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    move || {
        std::fs::read_to_string(&calls)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// The score a recurring monitor remembers lives in /run; removed whatever the outcome.
struct ScoreCache(PathBuf);
impl Drop for ScoreCache {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn recurring_monitors_publish_the_promotion_score_only_when_it_changes() {
    let pair = Pair::new("score");
    let a = &pair.a;
    let env = a.ocf_params();
    let bin = pair._root.path().join("fakebin");
    let calls = fake_crm_attribute(&bin);
    let instance = format!("score-test-{}", std::process::id());
    let _cache = ScoreCache(PathBuf::from(format!(
        "/run/rustha/mysql-mm/{instance}.score"
    )));
    let run = |action: &str, interval: &str, want: i32| {
        let (code, err) = agent_in_cluster(&env, &bin, &instance, action, interval);
        assert_eq!(code, want, "{action} (interval {interval}):\n{err}");
    };
    run("start", "0", 0);
    assert_eq!(
        calls(),
        ["--promotion --quiet --update 1"],
        "start publishes"
    );
    run("monitor", "0", 0);
    assert_eq!(calls().len(), 2, "a probe always publishes: {:?}", calls());
    for _ in 0..3 {
        run("monitor", "20000", 0);
    }
    assert_eq!(calls().len(), 2, "unchanged score: {:?}", calls());
    // However long ago it was published, an unchanged score is not published again.
    let cache = &_cache.0;
    let old = Command::new("touch")
        .args(["-d", "-10 minutes"])
        .arg(cache)
        .status()
        .unwrap();
    assert!(old.success(), "no remembered score at {}", cache.display());
    run("monitor", "20000", 0);
    assert_eq!(calls().len(), 2, "unchanged score: {:?}", calls());
    // A changed score (replication toward a port where nothing listens) is published once.
    let dead = free_port();
    a.sql(&format!(
        "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={dead}, MASTER_USER='x', \
         MASTER_CONNECT_RETRY=1; START SLAVE"
    ));
    run("monitor", "20000", 0);
    run("monitor", "20000", 0);
    let seen = calls();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen[2].ends_with(&format!("--update {}", 500)), "{seen:?}");
    // A deletion (stop) is published by stop itself; after it nothing is left to remember.
    run("stop", "0", 0);
    assert_eq!(calls().last().unwrap(), "--promotion --quiet --delete");
}

#[test]
fn a_replica_cut_off_longer_than_the_bound_is_not_promotable() {
    let pair = promoted_with_table("outage", TABLE_X);
    let (a, b) = (&pair.a, &pair.b);
    act(&pair, b, "monitor", 0);
    // b is cut off from a (its IO thread stopped), while a goes on acknowledging writes.
    b.sql("STOP SLAVE IO_THREAD");
    a.sql("INSERT INTO t.x (v) VALUES ('acknowledged-while-b-was-cut-off')");
    let bound = 5;
    let mut env = pair.env(b);
    env.push(("max_replication_outage".into(), bound.to_string()));
    let bin = pair._root.path().join("fakebin");
    let calls = fake_crm_attribute(&bin);
    let instance = format!("outage-test-{}", std::process::id());
    let _cache = ScoreCache(PathBuf::from(format!(
        "/run/rustha/mysql-mm/{instance}.score"
    )));
    let (code, err) = agent_in_cluster(&env, &bin, &instance, "monitor", "0");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        calls().last().map(String::as_str),
        Some("--promotion --quiet --update 500"),
        "within the bound the replica stays promotable (its peer may just have died)"
    );
    // Then a dies, and the outage has lasted longer than the bound (a lower bound: waiting
    // longer changes nothing).
    a.crash();
    std::thread::sleep(Duration::from_secs(bound + 2));
    let (code, err) = agent_in_cluster(&env, &bin, &instance, "monitor", "0");
    assert_eq!(code, 0, "still a running replica: {err}");
    assert_eq!(
        calls().last().map(String::as_str),
        Some("--promotion --quiet --delete"),
        "not promotable: {err}"
    );
    assert!(err.contains("max_replication_outage=5s"), "{err}");
    let (code, _, err) = agent(&env, &["promote"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("refusing to promote") && err.contains("broken for"),
        "{err}"
    );
    assert_eq!(b.sql("SELECT @@read_only"), "1", "a refused promote");
    // The bound is the administrator's: raised, the same copy is promoted with what it has.
    act(&pair, b, "promote", 0);
    act(&pair, b, "monitor", 8);
}
