//! `mysql-mm bootstrap` seeding the peer, against real MariaDB 10.11: two `mariadbd` instances
//! started by the agent, the first holding data (written to while the copy runs), the second
//! empty or holding other data. After bootstrap both directions replicate and every table has
//! the same rows and `CHECKSUM TABLE` on both; a peer with different data is refused and left
//! untouched unless `--replace`; bad input (unreachable servers, wrong credentials) fails with
//! a clear message and changes nothing.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::Duration;

use rustha_harness::mariadb::{free_port, run_agent, with_params, Maria, MariaRoot};

const REPL_PW: &str = "r3pl-Secret";
// Quotes, a backslash, a space and '#': all must reach the dump and client tools intact.
const ADMIN_PW: &str = r#"adm1n "S\e'cret #x"#;
const ADMIN_PW_SQL: &str = r#"'adm1n "S\\e\'cret #x'"#;

/// Two instances started by the agent, an admin account on each for bootstrap's TCP side.
struct Pair {
    a: Maria,
    b: Maria,
    repl_pw: PathBuf,
    admin_pw: PathBuf,
    // Dropped last: the instances stop their servers first.
    root: MariaRoot,
}

impl Pair {
    fn start(tag: &str) -> Pair {
        rustha_harness::require_root();
        let root = MariaRoot::new(tag);
        let pair = Pair {
            a: Maria::init(&root, "a"),
            b: Maria::init(&root, "b"),
            repl_pw: root.secret("repl.pw", REPL_PW),
            admin_pw: root.secret("admin.pw", ADMIN_PW),
            root,
        };
        for m in [&pair.a, &pair.b] {
            let (code, out, err) = agent(&pair.env(m), &["start"]);
            assert_eq!(code, 0, "{}: start: {out}{err}\n{}", m.name, m.error_log());
            m.sql(&format!(
                "SET SESSION sql_log_bin=0; CREATE USER admin@'127.0.0.1' IDENTIFIED BY {ADMIN_PW_SQL}; \
                 GRANT ALL ON *.* TO admin@'127.0.0.1' WITH GRANT OPTION"
            ));
        }
        pair
    }

    /// The agent's parameters for `m`, replicating from the other instance.
    fn env(&self, m: &Maria) -> Vec<(String, String)> {
        let other = if m.name == "a" { &self.b } else { &self.a };
        m.ocf_params_with_peer(other, &self.repl_pw)
    }

    /// `bootstrap` run for `a` (the server with the data), seeding `b`.
    fn bootstrap(&self, env: &[(String, String)], extra: &[&str]) -> (i32, String, String) {
        bootstrap_as(env, "admin", &self.admin_pw, extra)
    }
}

/// Run the agent; (exit code, stdout, stderr). No password may appear in either.
fn agent(env: &[(String, String)], args: &[&str]) -> (i32, String, String) {
    run_agent(env, args, &[REPL_PW, ADMIN_PW])
}

/// `bootstrap` reaching the peer as `user` with the password in `pw`.
fn bootstrap_as(
    env: &[(String, String)],
    user: &str,
    pw: &std::path::Path,
    extra: &[&str],
) -> (i32, String, String) {
    let mut args = vec![
        "bootstrap",
        "--peer-admin-user",
        user,
        "--peer-admin-passwd-file",
        pw.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = agent(env, &args);
    println!("bootstrap as {user} {extra:?} -> {code}\n{out}{err}");
    (code, out, err)
}

/// Every user table of `m` with its row count and `CHECKSUM TABLE`, one per line.
fn tables(m: &Maria) -> String {
    let names = m.sql(
        "SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`') FROM information_schema.TABLES \
         WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN \
         ('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY 1",
    );
    names
        .lines()
        .map(|t| {
            let count = m.sql(&format!("SELECT COUNT(*) FROM {t}"));
            let sum = m.sql(&format!("CHECKSUM TABLE {t}"));
            let sum = sum.split('\t').nth(1).unwrap_or_default().to_string();
            format!("{t} rows={count} checksum={sum}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What bootstrap may change on a server: databases and their contents, accounts, ids and
/// offsets, GTID positions, replication.
fn state(m: &Maria) -> String {
    let vars = m.sql(
        "SELECT CONCAT_WS(' ', @@server_id, @@gtid_domain_id, @@auto_increment_increment, \
         @@auto_increment_offset, @@gtid_binlog_pos, @@gtid_slave_pos)",
    );
    let dbs = m.sql("SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY 1) FROM information_schema.SCHEMATA");
    let users = m.sql("SELECT GROUP_CONCAT(CONCAT(User, '@', Host) ORDER BY 1) FROM mysql.user");
    format!(
        "vars {vars}\ndatabases {dbs}\nusers {users}\nreplica of '{}'\n{}",
        m.slave_status("Master_Host"),
        tables(m)
    )
}

/// Wait until `b` has every table of `a` with the same content (bounded; replication is
/// asynchronous), then return the common listing.
fn converged(a: &Maria, b: &Maria) -> String {
    let want = tables(a);
    let end = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        let got = tables(b);
        if got == want {
            return got;
        }
        assert!(
            std::time::Instant::now() < end,
            "b did not converge to a:\na:\n{want}\nb:\n{got}\nreplica b: IO {} SQL {} {}",
            b.slave_status("Slave_IO_Running"),
            b.slave_status("Slave_SQL_Running"),
            b.slave_status("Last_SQL_Error")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Replication works both ways: a row written on each server (marked `tag`) shows up on the
/// other, with a key from that server's half of the key space.
fn replicates_both_ways(pair: &Pair, tag: &str) {
    for m in [&pair.a, &pair.b] {
        assert_eq!(m.slave_status("Slave_IO_Running"), "Yes", "{}", m.name);
        assert_eq!(m.slave_status("Slave_SQL_Running"), "Yes", "{}", m.name);
        assert_eq!(m.slave_status("Using_Gtid"), "Slave_Pos", "{}", m.name);
    }
    pair.a.sql(
        "CREATE DATABASE IF NOT EXISTS probe; \
         CREATE TABLE IF NOT EXISTS probe.t (id INT AUTO_INCREMENT PRIMARY KEY, origin VARCHAR(20))",
    );
    pair.b.wait_for(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'probe'",
        "1",
        Duration::from_secs(60),
    );
    for (from, to, parity) in [(&pair.a, &pair.b, "1"), (&pair.b, &pair.a, "0")] {
        let origin = format!("{}-{tag}", from.name);
        from.sql(&format!("INSERT INTO probe.t (origin) VALUES ('{origin}')"));
        to.wait_for(
            &format!("SELECT COUNT(*) FROM probe.t WHERE origin = '{origin}'"),
            "1",
            Duration::from_secs(60),
        );
        // Interleaved keys: odd on a, even on b.
        assert_eq!(
            to.sql(&format!(
                "SELECT id % 2 FROM probe.t WHERE origin = '{origin}'"
            )),
            parity,
            "key of the row written on {}",
            from.name
        );
    }
}

/// Orders written to `m` one after another through one client session until dropped.
struct Writer {
    client: Child,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    fn start(m: &Maria) -> Writer {
        let mut client = m
            .client()
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("starting the writer's client");
        let mut input = client.stdin.take().unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut n = 0u64;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let c = n % 50 + 1;
                let sql = format!(
                    "BEGIN; INSERT INTO shop.orders (customer, amount, note) VALUES ({c}, {n}, 'live {n}'); \
                     UPDATE shop.customers SET balance = balance + {n} WHERE id = {c}; COMMIT;\n"
                );
                if input.write_all(sql.as_bytes()).is_err() {
                    break;
                }
            }
        });
        Writer {
            client,
            stop,
            thread: Some(thread),
        }
    }

    /// Stop writing and wait until every statement sent is committed.
    fn finish(mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
        let status = self.client.wait().unwrap();
        assert!(status.success(), "the writer's client failed: {status}");
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = self.client.kill();
        let _ = self.client.wait();
    }
}

/// A shop on `a`: InnoDB tables with keys, a foreign key, a view, a procedure, a trigger, an
/// event, and enough rows that the copy takes a while.
fn shop(a: &Maria) {
    a.sql(
        "CREATE DATABASE shop; USE shop; \
         CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40), balance BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB; \
         CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer INT NOT NULL, amount BIGINT, \
           note VARCHAR(200), payload BLOB, FOREIGN KEY (customer) REFERENCES customers (id)) ENGINE=InnoDB; \
         CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(60)) ENGINE=InnoDB; \
         INSERT INTO customers SELECT seq, CONCAT('customer ', seq), 0 FROM seq_1_to_50; \
         INSERT INTO orders (customer, amount, note, payload) \
           SELECT seq % 50 + 1, seq, CONCAT('order ', seq, ' \\'quoted\\' \\\\ line\\nbreak'), UNHEX(SHA2(seq, 256)) \
           FROM seq_1_to_30000; \
         CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 29000; \
         CREATE PROCEDURE order_count(OUT n BIGINT) SELECT COUNT(*) INTO n FROM orders; \
         CREATE TRIGGER audit_customers AFTER UPDATE ON customers FOR EACH ROW \
           INSERT INTO audit (what) VALUES (CONCAT('balance ', NEW.id)); \
         CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2037-01-01 00:00:00' DO DELETE FROM audit; \
         CREATE DATABASE crm; \
         CREATE TABLE crm.contacts (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(80) UNIQUE) ENGINE=InnoDB; \
         INSERT INTO crm.contacts (email) SELECT CONCAT('user', seq, '@example.invalid') FROM seq_1_to_500",
    );
}

#[test]
fn a_live_server_is_copied_to_an_empty_peer_and_both_replicate() {
    let pair = Pair::start("seed");
    let (a, b) = (&pair.a, &pair.b);
    shop(a);
    let before = state(b);

    let writer = Writer::start(a);
    a.wait_for(
        "SELECT COUNT(*) > 100 FROM shop.orders WHERE note LIKE 'live %'",
        "1",
        Duration::from_secs(60),
    );
    let live = |m: &Maria| m.sql("SELECT COUNT(*) FROM shop.orders WHERE note LIKE 'live %'");
    let at_start = live(a);
    let (code, out, err) = pair.bootstrap(&pair.env(a), &[]);
    let at_end = live(a);
    assert_eq!(
        code, 0,
        "bootstrap failed:\n{out}{err}\nb's state before:\n{before}"
    );
    println!("live orders written on a: {at_start} when bootstrap started, {at_end} when it ended");
    writer.finish();

    for step in [
        "comparing the peer's databases",
        "the peer holds no user databases",
        "copying databases (crm, shop) to the peer",
        "a consistent snapshot: writes here continue",
        "replicates from 127.0.0.1",
        "event shop.nightly: DISABLE ON SLAVE",
        "waiting until both directions replicate",
    ] {
        assert!(
            out.contains(step),
            "bootstrap did not print '{step}':\n{out}"
        );
    }

    // Every row written before, during and after the copy, on both servers.
    let listing = converged(a, b);
    println!("{listing}");
    assert!(listing.contains("`shop`.`orders`") && listing.contains("`crm`.`contacts`"));
    assert_eq!(
        b.sql("SELECT COUNT(*) FROM shop.orders WHERE note LIKE 'live %'"),
        live(a)
    );
    // The view, the procedure and the trigger came along; the event runs on one server only.
    assert_eq!(
        b.sql("SELECT COUNT(*) FROM shop.big_orders"),
        a.sql("SELECT COUNT(*) FROM shop.big_orders")
    );
    assert_eq!(
        b.sql("CALL shop.order_count(@n); SELECT @n"),
        a.sql("SELECT COUNT(*) FROM shop.orders")
    );
    assert_eq!(
        b.sql("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'shop'"),
        "1"
    );
    assert_eq!(
        (
            a.sql("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'nightly'"),
            b.sql("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'nightly'")
        ),
        ("ENABLED".into(), "SLAVESIDE_DISABLED".into())
    );
    // Each server kept its own accounts: the copy holds user databases only.
    assert_eq!(
        b.sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'admin'"),
        "1"
    );

    replicates_both_ways(&pair, "copied");
    // A write on b to the copied tables reaches a (the load itself did not: a's SQL thread
    // would have stopped on the copy's CREATE TABLE).
    b.sql("INSERT INTO shop.orders (customer, amount, note) VALUES (1, 1, 'from b')");
    a.wait_for(
        "SELECT COUNT(*) FROM shop.orders WHERE note = 'from b'",
        "1",
        Duration::from_secs(60),
    );
    assert_eq!(a.slave_status("Last_SQL_Errno"), "0");
    assert_eq!(converged(a, b), converged(b, a));

    // Run again on the pair: already replicating, nothing is copied or replaced.
    let (code, out, err) = pair.bootstrap(&pair.env(a), &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("already replicate from each other") && !out.contains("copying"),
        "{out}"
    );
    replicates_both_ways(&pair, "rerun");
}

#[test]
fn a_peer_holding_other_data_is_refused_unless_replace() {
    let pair = Pair::start("replace");
    let (a, b) = (&pair.a, &pair.b);
    a.sql(
        "CREATE DATABASE app; \
         CREATE TABLE app.items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB; \
         CREATE TABLE app.hits (page VARCHAR(20) PRIMARY KEY, n INT) ENGINE=MyISAM; \
         INSERT INTO app.items (name) VALUES ('one'), ('two'), ('three'); \
         INSERT INTO app.hits VALUES ('/', 10), ('/about', 2)",
    );
    // b: the same tables with one row changed (written to b's binlog, as an application
    // would), and a database a does not have.
    b.sql(
        "CREATE DATABASE app; \
         CREATE TABLE app.items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB; \
         CREATE TABLE app.hits (page VARCHAR(20) PRIMARY KEY, n INT) ENGINE=MyISAM; \
         INSERT INTO app.items (name) VALUES ('one'), ('TWO'), ('three'); \
         INSERT INTO app.hits VALUES ('/', 10), ('/about', 2); \
         CREATE DATABASE legacy; CREATE TABLE legacy.notes (t TEXT); INSERT INTO legacy.notes VALUES ('keep me?')",
    );
    let (a_before, b_before) = (state(a), state(b));
    let (code, out, err) = pair.bootstrap(&pair.env(a), &[]);
    assert_eq!(
        code, 6,
        "a peer with other data must be refused:\n{out}{err}"
    );
    for needle in [
        "peer 127.0.0.1",
        "already holds data that differs",
        "database app: table items differs",
        "database legacy exists only on the peer",
        "Nothing was changed",
        "--replace",
    ] {
        assert!(err.contains(needle), "the refusal lacks '{needle}':\n{err}");
    }
    assert_eq!(state(b), b_before, "a refused bootstrap changed the peer");
    assert_eq!(
        state(a),
        a_before,
        "a refused bootstrap changed this server"
    );

    // The same with one database only differing in a table b lacks.
    b.sql("SET SESSION sql_log_bin=0; DROP DATABASE legacy; UPDATE app.items SET name = 'two' WHERE id = 2");
    a.sql("CREATE TABLE app.extra (x INT) ENGINE=InnoDB");
    let b_before = state(b);
    let (code, _, err) = pair.bootstrap(&pair.env(a), &[]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("table extra is missing on the peer"), "{err}");
    assert_eq!(state(b), b_before, "a refused bootstrap changed the peer");

    // --replace: b's databases are dropped and replaced by a copy of a's.
    b.sql("CREATE DATABASE legacy; CREATE TABLE legacy.notes (t TEXT)");
    let (code, out, err) = pair.bootstrap(&pair.env(a), &["--replace"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("--replace: database legacy exists only on the peer")
            && out.contains("dropped legacy")
            && out.contains("every table locked for the copy")
            && out.contains("app.hits (MyISAM)"),
        "{out}"
    );
    assert_eq!(
        b.sql("SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY 1) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('app', 'legacy')"),
        "app"
    );
    assert_eq!(
        b.sql("SELECT GROUP_CONCAT(name ORDER BY id) FROM app.items"),
        "one,two,three"
    );
    assert_eq!(converged(a, b), tables(a));
    replicates_both_ways(&pair, "replaced");
    a.sql("INSERT INTO app.hits VALUES ('/new', 1)");
    b.wait_for(
        "SELECT n FROM app.hits WHERE page = '/new'",
        "1",
        Duration::from_secs(60),
    );
}

#[test]
fn bad_input_fails_clearly_and_changes_nothing() {
    let pair = Pair::start("badinput");
    let (a, b) = (&pair.a, &pair.b);
    a.sql(
        "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY) ENGINE=InnoDB; \
         INSERT INTO app.t VALUES (1), (2)",
    );
    let (a_before, b_before) = (state(a), state(b));
    let unchanged = |what: &str| {
        assert_eq!(state(a), a_before, "{what} changed the first server");
        assert_eq!(state(b), b_before, "{what} changed the second server");
    };
    let with = |changes: &[(&str, &str)]| with_params(pair.env(a), changes);

    // The first server unreachable: its socket has no server.
    let gone = pair.root.path().join("no-server.sock");
    let (code, _, err) = pair.bootstrap(&with(&[("socket", gone.to_str().unwrap())]), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("connecting to the local server") && err.contains(gone.to_str().unwrap()),
        "{err}"
    );
    unchanged("an unreachable first server");

    // The second server unreachable: nothing listens on its port.
    let dead = free_port();
    let (code, _, err) = pair.bootstrap(&with(&[("peer", &format!("127.0.0.1:{dead}"))]), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("peer 127.0.0.1:{dead}")), "{err}");
    unchanged("an unreachable peer");

    // Wrong credentials for the peer: permission error (4) with the server's reason.
    let wrong = pair.root.secret("wrong.pw", "not-the-password");
    let (code, _, err) = bootstrap_as(&pair.env(a), "admin", &wrong, &[]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("Access denied") && err.contains("'admin'") && err.contains("peer 127.0.0.1"),
        "{err}"
    );
    unchanged("wrong peer credentials");

    // A peer account that may not load data outside the binlog: refused before any change.
    b.sql(
        "SET SESSION sql_log_bin=0; CREATE USER weak@'127.0.0.1' IDENTIFIED BY 'weak-Secret'; \
         GRANT SELECT ON *.* TO weak@'127.0.0.1'",
    );
    let b_before = state(b);
    let weak = pair.root.secret("weak.pw", "weak-Secret");
    let (code, _, err) = bootstrap_as(&pair.env(a), "weak", &weak, &[]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("SUPER or BINLOG ADMIN"), "{err}");
    assert_eq!(state(b), b_before, "a refused bootstrap changed the peer");
    assert_eq!(
        state(a),
        a_before,
        "a refused bootstrap changed this server"
    );

    // The local server given as its own peer.
    let (code, _, err) = pair.bootstrap(&with(&[("peer", &format!("127.0.0.1:{}", a.port))]), &[]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("is this server itself"), "{err}");

    // No replication password file: not installed here (5), naming the parameter.
    let missing = pair.root.path().join("missing.pw");
    let (code, _, err) = pair.bootstrap(
        &with(&[("replication_password_file", missing.to_str().unwrap())]),
        &[],
    );
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("replication_password_file"), "{err}");

    // No dump tool beside the client: not installed (5), before anything changes.
    let (code, _, err) = pair.bootstrap(&with(&[("client_binary", "/nonexistent/mariadb")]), &[]);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("client_binary") && err.contains("/nonexistent/mariadb"),
        "{err}"
    );
    assert_eq!(state(b), b_before, "a refused bootstrap changed the peer");
    assert_eq!(
        state(a),
        a_before,
        "a refused bootstrap changed this server"
    );
}
