//! pgsqlchk against real PostgreSQL 15 (a primary and a `pg_basebackup` streaming replica on
//! loopback ports), as an OCF agent under `ocf-tester`, and behind HAProxy 2.6 running seed
//! 002's `listen Postgres-ACD` section (and the rustha proxy, when it is built).

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustha_harness::pg::{free_port, Pg, PgRoot};

const PASSWORD: &str = "hc-Secret-7f3a9!";

/// `pgsqlchk run` as a child process, killed on drop.
struct Daemon {
    child: Child,
    log: PathBuf,
}

impl Daemon {
    fn start(config: &Path, log: &Path, first_port: u16) -> Daemon {
        let child = Command::new(rustha_harness::bin("pgsqlchk"))
            .args(["run", "--config"])
            .arg(config)
            .env("RUSTHA_LOG", "debug")
            .env("RUSTHA_LOG_STDERR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(fs::File::create(log).unwrap())
            .spawn()
            .expect("spawning pgsqlchk run");
        let d = Daemon {
            child,
            log: log.to_path_buf(),
        };
        let end = Instant::now() + Duration::from_secs(10);
        while http(first_port, "GET", "/liveness").map(|r| r.0) != Ok(200) {
            assert!(
                Instant::now() < end,
                "pgsqlchk did not listen:\n{}",
                d.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        d
    }

    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A child process killed on drop (haproxy, proxy).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.0 request to 127.0.0.1:`port`; status and body.
fn http(port: u16, method: &str, target: &str) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{method} {target} HTTP/1.0\r\n\r\n").map_err(|e| e.to_string())?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).map_err(|e| e.to_string())?;
    let code = buf
        .get(9..12)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("bad response {buf:?}"))?;
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((code, body))
}

fn code(port: u16, target: &str) -> u16 {
    http(port, "GET", target)
        .unwrap_or_else(|e| panic!("GET {target} on {port}: {e}"))
        .0
}

/// Poll until GET `target` on `port` answers `want`.
fn wait_code(port: u16, target: &str, want: u16, timeout: Duration) {
    let end = Instant::now() + timeout;
    loop {
        let got = http(port, "GET", target);
        if got.as_ref().map(|r| r.0) == Ok(want) {
            return;
        }
        assert!(
            Instant::now() < end,
            "GET {target} on {port}: {got:?}, wanted {want}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A primary with the seed's health-check user (pg_monitor, no superuser) and a replica.
fn pair(root: &PgRoot, extra: &str) -> (Pg, Pg) {
    let primary = Pg::init_primary(root, "primary", extra);
    primary.sql(&format!(
        "CREATE USER health_check_user LOGIN PASSWORD '{PASSWORD}'; GRANT pg_monitor TO health_check_user"
    ));
    let replica = primary.base_backup(root, "replica");
    replica.wait_for(
        "SELECT status FROM pg_stat_wal_receiver",
        "streaming",
        Duration::from_secs(30),
    );
    (primary, replica)
}

fn write_config(root: &PgRoot, password: &str, servers: &[(u16, u16, &str)]) -> PathBuf {
    let entries: Vec<String> = servers
        .iter()
        .map(|(target, listen, mode)| {
            if mode.is_empty() {
                format!("{{\n\"target_port\": {target}\n, \"listen_port\": {listen}\n}}")
            } else {
                format!("{{\"target_port\": {target}, \"listen_port\": {listen}, \"mode\": \"{mode}\"}}")
            }
        })
        .collect();
    // The seed's layout (leading commas), with loopback addresses.
    let text = format!(
        "{{\n\"database_host\": \"127.0.0.1\"\n, \"health_check_user_password\": \"{password}\"\n, \"webserver_host\": \"127.0.0.1\"\n, \"webservers\": [\n{}\n]\n}}\n",
        entries.join("\n, ")
    );
    let path = root.path().join(format!("config-{}.json", free_port()));
    fs::write(&path, text).unwrap();
    path
}

/// Processes whose parent is `pid`.
fn children(pid: i32) -> Vec<i32> {
    let mut out = Vec::new();
    for e in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let stat = fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, r)| r.split_whitespace().nth(1))
            .and_then(|v| v.parse::<i32>().ok());
        if ppid == Some(pid) {
            out.push(p);
        }
    }
    out
}

/// SIGSTOPped processes, continued on drop (also when the test fails).
struct Frozen(Vec<i32>);

impl Frozen {
    fn new(pids: Vec<i32>) -> Frozen {
        for p in &pids {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(*p),
                nix::sys::signal::Signal::SIGSTOP,
            );
        }
        Frozen(pids)
    }
}

impl Drop for Frozen {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(*p),
                nix::sys::signal::Signal::SIGCONT,
            );
        }
    }
}

#[test]
fn roles_lag_outages_and_secrets() {
    rustha_harness::require_root();
    let root = PgRoot::new("chk");
    let (primary, mut replica) = pair(&root, "");
    let dead_port = free_port();
    let (lp, lr, ld, llegacy_p, llegacy_r) = (
        free_port(),
        free_port(),
        free_port(),
        free_port(),
        free_port(),
    );
    let cfg = write_config(
        &root,
        PASSWORD,
        &[
            (primary.port, lp, ""),
            (replica.port, lr, ""),
            (dead_port, ld, ""),
            (primary.port, llegacy_p, "legacy"),
            (replica.port, llegacy_r, "legacy"),
        ],
    );
    let daemon = Daemon::start(&cfg, &root.path().join("pgsqlchk.log"), lp);

    // The writable primary answers 200, everything else 503, for every method HAProxy may use.
    for method in ["GET", "HEAD", "OPTIONS"] {
        assert_eq!(http(lp, method, "/").unwrap().0, 200, "{method} primary");
        assert_eq!(http(lr, method, "/").unwrap().0, 503, "{method} replica");
        assert_eq!(
            http(ld, method, "/").unwrap().0,
            503,
            "{method} stopped instance"
        );
    }
    let (c, opts) = http(lp, "OPTIONS", "/").unwrap();
    assert_eq!((c, opts.as_str()), (200, ""), "OPTIONS carries no body");
    let (_, body) = http(lp, "GET", "/").unwrap();
    println!("primary: {body}");
    for needle in [
        "\"role\":\"primary\"",
        "\"state\":\"running\"",
        "\"timeline\":1",
        "\"writable\":true",
        "\"location\"",
    ] {
        assert!(body.contains(needle), "{needle} missing from {body}");
    }
    let (_, body) = http(lr, "GET", "/replica").unwrap();
    println!("replica: {body}");
    for needle in [
        "\"role\":\"replica\"",
        "\"replication_state\":\"streaming\"",
        "\"lag\":",
        "\"replayed_location\"",
    ] {
        assert!(body.contains(needle), "{needle} missing from {body}");
    }
    let (_, body) = http(ld, "GET", "/").unwrap();
    assert!(
        body.contains("\"state\":\"unreachable\"") && body.contains("refused"),
        "{body}"
    );

    // HTTP/1.1 keep-alive with pipelined requests: each answered in order on one connection.
    let mut ka = TcpStream::connect(("127.0.0.1", lp)).unwrap();
    ka.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    ka.write_all(
        b"GET /primary HTTP/1.1\r\nHost: x\r\n\r\nHEAD /replica HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut all = String::new();
    ka.read_to_string(&mut all).unwrap();
    let statuses: Vec<&str> = all
        .match_indices("HTTP/1.1 ")
        .map(|(i, _)| &all[i + 9..i + 12])
        .collect();
    assert_eq!(statuses, ["200", "503", "200"], "{all}");

    // A burst of concurrent checks all get a fresh, correct answer.
    let burst: Vec<_> = (0..50)
        .map(|i| std::thread::spawn(move || http(if i % 2 == 0 { lp } else { lr }, "OPTIONS", "/")))
        .collect();
    for (i, h) in burst.into_iter().enumerate() {
        let want = if i % 2 == 0 { 200 } else { 503 };
        assert_eq!(h.join().unwrap().map(|r| r.0), Ok(want), "burst check {i}");
    }

    // Patroni-style paths.
    for (port, path, want) in [
        (lp, "/primary", 200),
        (lp, "/read-write", 200),
        (lp, "/replica", 503),
        (lp, "/read-only", 200),
        (lp, "/health", 200),
        (lr, "/primary", 503),
        (lr, "/read-write", 503),
        (lr, "/replica", 200),
        (lr, "/replica?replication_state=streaming", 200),
        (lr, "/replica?replication_state=catchup", 503),
        (lr, "/read-only", 200),
        (lr, "/health", 200),
        (ld, "/health", 503),
        (ld, "/replica", 503),
        (lp, "/nonsense", 404),
        (lr, "/replica?lag=plenty", 400),
    ] {
        assert_eq!(
            code(port, path),
            want,
            "GET {path} on the {}",
            match port {
                p if p == lp => "primary",
                p if p == lr => "replica",
                _ => "stopped instance",
            }
        );
    }
    // Legacy mode: the xinetd script's codes and bodies.
    let (c, b) = http(llegacy_p, "GET", "/").unwrap();
    assert_eq!((c, b.trim()), (200, "Primary"));
    let (c, b) = http(llegacy_r, "OPTIONS", "/whatever").unwrap();
    assert_eq!((c, b.trim()), (206, "Standby"));

    // Lag: pause replay, write WAL on the primary, and the threshold decides.
    replica.sql("SELECT pg_wal_replay_pause()");
    primary.sql(
        "CREATE TABLE filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g",
    );
    let head = primary.sql("SELECT pg_current_wal_lsn()");
    replica.wait_for(
        &format!("SELECT pg_last_wal_receive_lsn() >= '{head}'"),
        "t",
        Duration::from_secs(30),
    );
    let (c, body) = http(lr, "GET", "/replica?lag=100kB").unwrap();
    println!("paused replica: {body}");
    assert_eq!(c, 503, "{body}");
    assert!(body.contains("exceeds"), "{body}");
    assert_eq!(code(lr, "/replica?lag=1GB"), 200);
    assert_eq!(code(lr, "/read-only?lag=100kB"), 503);
    assert_eq!(
        code(lr, "/replica"),
        200,
        "no threshold: a lagging replica is still a replica"
    );
    replica.sql("SELECT pg_wal_replay_resume()");
    wait_code(lr, "/replica?lag=100kB", 200, Duration::from_secs(30));

    // A hung server (postmaster and backends stopped) is reported down, not waited for.
    let pm = replica.postmaster_pid().expect("replica postmaster pid");
    let mut pids = children(pm);
    pids.push(pm);
    {
        let _frozen = Frozen::new(pids);
        for path in ["/health", "/replica"] {
            let t = Instant::now();
            let (c, body) = http(lr, "GET", path).unwrap();
            println!(
                "hung replica {path}: {c} after {:.0} ms: {body}",
                t.elapsed().as_secs_f64() * 1e3
            );
            assert_eq!(c, 503, "{body}");
            assert!(body.contains("timed out"), "{body}");
        }
        // Checks piling up on a hung server share one timeout instead of queueing behind each
        // other (20 checks at 0.8-1.8 s each would exceed the client's 10 s timeout).
        let t = Instant::now();
        let answers: Vec<_> = (0..20)
            .map(|_| std::thread::spawn(move || http(lr, "GET", "/health")))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect();
        println!(
            "20 concurrent checks of the hung replica answered within {:.0} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        for a in answers {
            assert_eq!(a.map(|r| r.0), Ok(503));
        }
    }
    wait_code(lr, "/replica", 200, Duration::from_secs(15));

    // A stopped instance answers 503; once restarted, the check reconnects by itself.
    replica.stop();
    assert_eq!(code(lr, "/replica"), 503);
    assert_eq!(code(lr, "/health"), 503);
    replica.start();
    wait_code(lr, "/replica", 200, Duration::from_secs(15));
    // A restart between two checks must not cost a failed check (the kept connection is dead).
    let mut primary = primary;
    primary.stop();
    primary.start();
    assert_eq!(code(lp, "/"), 200, "first check after a primary restart");

    // The password appears nowhere: not in the daemon's arguments, logs or answers.
    let cmdline = fs::read(format!("/proc/{}/cmdline", daemon.child.id())).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains(PASSWORD));
    let environ = fs::read(format!("/proc/{}/environ", daemon.child.id())).unwrap();
    assert!(!String::from_utf8_lossy(&environ).contains(PASSWORD));
    let log = daemon.log();
    assert!(log.contains("check failed"), "debug log expected:\n{log}");
    assert!(!log.contains(PASSWORD), "password in the log:\n{log}");
    drop(daemon);

    // A wrong password: 503 saying why, without echoing either password.
    let wrong = "Wrong-Password-1234";
    let lw = free_port();
    let cfg = write_config(&root, wrong, &[(primary.port, lw, "")]);
    let daemon = Daemon::start(&cfg, &root.path().join("pgsqlchk-wrong.log"), lw);
    let (c, body) = http(lw, "GET", "/").unwrap();
    println!("wrong password: {body}");
    assert_eq!(c, 503);
    assert!(body.contains("password authentication failed"), "{body}");
    assert!(!body.contains(wrong) && !body.contains(PASSWORD), "{body}");
    assert!(!daemon.log().contains(wrong));
}

/// Kills whatever daemon the pidfile names when the test ends (the agent's own stop is under
/// test, so it cannot be the cleanup).
struct PidfileGuard(PathBuf);

impl Drop for PidfileGuard {
    fn drop(&mut self) {
        if let Some(pid) = fs::read_to_string(&self.0)
            .ok()
            .and_then(|s| s.trim().parse::<i32>().ok())
        {
            let exe = fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
            if exe.to_string_lossy().contains("pgsqlchk") {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
    }
}

fn ocf(env: &[(&str, &str)], action: &str) -> (i32, String) {
    let out = Command::new(rustha_harness::bin("pgsqlchk"))
        .arg(action)
        .envs(env.iter().copied())
        .env("RUSTHA_LOG_STDERR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ocf_agent() {
    rustha_harness::require_root();
    let root = PgRoot::new("ocf");
    // The listeners work without a database (they answer 503), which is all the agent manages.
    let (l1, l2) = (free_port(), free_port());
    let cfg = write_config(
        &root,
        PASSWORD,
        &[(free_port(), l1, ""), (free_port(), l2, "legacy")],
    );
    let pidfile = root.path().join("run/pgsqlchk.pid");
    let logfile = root.path().join("log/pgsqlchk.log");
    let _cleanup = PidfileGuard(pidfile.clone());
    let (cfg_s, pid_s, log_s) = (
        cfg.to_str().unwrap(),
        pidfile.to_str().unwrap(),
        logfile.to_str().unwrap(),
    );

    let out = Command::new("ocf-tester")
        .args(["-n", "pgsqlchk-test"])
        .args(["-o", &format!("config={cfg_s}")])
        .args(["-o", &format!("pidfile={pid_s}")])
        .args(["-o", &format!("logfile={log_s}")])
        .arg(rustha_harness::bin("pgsqlchk"))
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
        !pidfile.exists(),
        "ocf-tester ends with stop: pidfile must be gone"
    );

    let env = [
        ("OCF_ROOT", "/usr/lib/ocf"),
        ("OCF_RESOURCE_INSTANCE", "pgchk"),
        ("OCF_RESKEY_config", cfg_s),
        ("OCF_RESKEY_pidfile", pid_s),
        ("OCF_RESKEY_logfile", log_s),
        ("OCF_RESKEY_CRM_meta_interval", "10000"),
    ];
    let t = Instant::now();
    assert_eq!(ocf(&env, "start").0, 0);
    println!("start took {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    // start returned, so both listeners answer right now.
    assert_eq!(code(l1, "/"), 503);
    assert_eq!(code(l2, "/"), 503);
    assert_eq!(ocf(&env, "monitor").0, 0);
    let pid: i32 = fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains(PASSWORD));
    // A crashed daemon is "not running" to Pacemaker, and start recovers it.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    let end = Instant::now() + Duration::from_secs(5);
    while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(ocf(&env, "monitor").0, 7);
    assert_eq!(ocf(&env, "start").0, 0);
    assert_eq!(ocf(&env, "monitor").0, 0);
    let t = Instant::now();
    assert_eq!(ocf(&env, "stop").0, 0);
    println!("stop took {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    assert_eq!(ocf(&env, "monitor").0, 7);
    assert!(
        TcpStream::connect(("127.0.0.1", l1)).is_err(),
        "listener gone after stop"
    );
    assert_eq!(
        ocf(&env, "stop").0,
        0,
        "stopping a stopped resource succeeds"
    );

    // A listen port taken by someone else: start fails (1) and says why.
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = squatter.local_addr().unwrap().port();
    let busy_cfg = write_config(&root, PASSWORD, &[(free_port(), taken, "")]);
    let mut busy_env = env.to_vec();
    busy_env[2] = ("OCF_RESKEY_config", busy_cfg.to_str().unwrap());
    let (rc, err) = ocf(&busy_env, "start");
    assert_eq!(rc, 1, "{err}");
    assert!(
        err.contains("ocf-exit-reason:") && err.contains("Address already in use"),
        "{err}"
    );
    assert_eq!(ocf(&busy_env, "monitor").0, 7);
    drop(squatter);

    // A misspelt key: not configured (6), with file, line, column and the right key.
    let bad = root.path().join("bad.json");
    fs::write(
        &bad,
        fs::read_to_string(&cfg)
            .unwrap()
            .replace("\"webserver_host\"", "\"webserver_hots\""),
    )
    .unwrap();
    let mut bad_env = env.to_vec();
    bad_env[2] = ("OCF_RESKEY_config", bad.to_str().unwrap());
    let (rc, err) = ocf(&bad_env, "validate-all");
    assert_eq!(rc, 6, "{err}");
    assert!(
        err.contains(&format!("ocf-exit-reason:{}:4:", bad.display())),
        "{err}"
    );
    assert!(err.contains("did you mean 'webserver_host'"), "{err}");
    assert_eq!(ocf(&bad_env, "start").0, 6);
    // A missing file is node-local (5); a probe still just says "not running".
    let mut missing_env = env.to_vec();
    missing_env[2] = ("OCF_RESKEY_config", "/nonexistent/config.json");
    assert_eq!(ocf(&missing_env, "validate-all").0, 5);
    missing_env[5] = ("OCF_RESKEY_CRM_meta_interval", "0");
    assert_eq!(ocf(&missing_env, "monitor").0, 7);
}

/// Seed 002's configuration with the servers' addresses on loopback.
fn seed_haproxy_cfg(front: u16, stats: u16, servers: &[(&str, u16, u16)]) -> String {
    let mut s = format!(
        "global
    maxconn 1000
    # Enable core dumps.
    set-dumpable

defaults
    log global
    mode tcp
    retries 2
    timeout client 30m
    timeout connect 4s
    timeout server 30m
    timeout check 5s

listen stats
    mode http
    bind 127.0.0.1:{stats}
    stats enable
    stats uri /

listen Postgres-ACD
    bind 127.0.0.1:{front}
    option httpchk
    http-check expect status 200
    default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions
"
    );
    for (name, db, chk) in servers {
        s.push_str(&format!(
            "    server {name} 127.0.0.1:{db} maxconn 100 check port {chk}\n"
        ));
    }
    s
}

/// Status column of `server` in HAProxy-format stats CSV served at `stats_port`.
fn server_status(stats_port: u16, server: &str) -> Option<String> {
    let (_, csv) = http(stats_port, "GET", "/;csv").ok()?;
    csv.lines().find_map(|l| {
        let f: Vec<&str> = l.split(',').collect();
        (f.first() == Some(&"Postgres-ACD") && f.get(1) == Some(&server))
            .then(|| f.get(17).unwrap_or(&"").to_string())
    })
}

fn psql_via(port: u16, sql: &str) -> Result<String, String> {
    let out = Command::new(Path::new(rustha_harness::pg::BIN).join("psql"))
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-U",
            "postgres",
            "-d",
            "postgres",
        ])
        .args(["-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .env("PGCONNECT_TIMEOUT", "5")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn wait_status(stats: u16, server: &str, want: &str, timeout: Duration) {
    let end = Instant::now() + timeout;
    loop {
        let got = server_status(stats, server);
        if got.as_deref().is_some_and(|s| s.starts_with(want)) {
            return;
        }
        assert!(
            Instant::now() < end,
            "{server}: status {got:?}, wanted {want}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn haproxy_routes_to_the_primary() {
    rustha_harness::require_root();
    let root = PgRoot::new("haproxy");
    let (primary, replica) = pair(&root, "");
    let (c1, c2) = (free_port(), free_port());
    let cfg = write_config(
        &root,
        PASSWORD,
        &[(primary.port, c1, ""), (replica.port, c2, "")],
    );
    let _daemon = Daemon::start(&cfg, &root.path().join("pgsqlchk.log"), c1);

    let (front, stats) = (free_port(), free_port());
    let hcfg = root.path().join("haproxy.cfg");
    fs::write(
        &hcfg,
        seed_haproxy_cfg(
            front,
            stats,
            &[("sms-01", primary.port, c1), ("sms-02", replica.port, c2)],
        ),
    )
    .unwrap();
    let check = Command::new("haproxy")
        .arg("-c")
        .arg("-f")
        .arg(&hcfg)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "haproxy -c: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let _haproxy = Guard(
        Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&hcfg)
            .stdout(Stdio::null())
            .stderr(fs::File::create(root.path().join("haproxy.log")).unwrap())
            .spawn()
            .expect("starting haproxy"),
    );
    let t = Instant::now();
    wait_status(stats, "sms-02", "DOWN", Duration::from_secs(15));
    wait_status(stats, "sms-01", "UP", Duration::from_secs(15));
    println!(
        "HAProxy marked the replica DOWN after {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let want = format!("{}|f", primary.port);
    for i in 0..6 {
        let got = psql_via(front, "SELECT inet_server_port(), pg_is_in_recovery()").unwrap();
        assert_eq!(got, want, "connection {i} through HAProxy");
    }
    psql_via(
        front,
        "CREATE TABLE via_haproxy (v int); INSERT INTO via_haproxy VALUES (42)",
    )
    .unwrap();
    assert_eq!(primary.sql("SELECT v FROM via_haproxy"), "42");
}

/// One committed row as the writer saw it: sequence number, when COMMIT was acknowledged,
/// and which server (port) acknowledged it.
struct Ack {
    n: u32,
    at: Instant,
    port: u16,
}

/// Commits numbered rows through the proxy, one connection per row (so every row also tests
/// where new connections go), until `stop` is set.
fn writer(front: u16, stop: std::sync::Arc<std::sync::atomic::AtomicBool>) -> (Vec<Ack>, u32) {
    let mut acks = Vec::new();
    let mut failed = 0;
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        n += 1;
        match psql_via(
            front,
            &format!("INSERT INTO acked (v) VALUES ({n}) RETURNING inet_server_port()"),
        ) {
            Ok(port) => acks.push(Ack {
                n,
                at: Instant::now(),
                port: port.parse().unwrap_or(0),
            }),
            Err(_) => {
                failed += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    (acks, failed)
}

/// Seed 002 end to end with the rustha proxy: the replica is promoted, the old primary stopped,
/// and a client that keeps committing through the proxy finds every acknowledged row on the new
/// primary. The pair runs with synchronous replication (`synchronous_standby_names = '*'` on the
/// primary only): between the promotion and the stop both servers are writable primaries and
/// pgsqlchk rightly says 200 for both, but the old primary cannot acknowledge a commit in that
/// window (its synchronous standby is gone), so nothing acknowledged can be lost.
#[test]
fn proxy_failover_keeps_every_acknowledged_row() {
    failover(true);
}

/// The same failover with HAProxy 2.6 running the same configuration, for comparison (and to
/// show pgsqlchk drives both alike).
#[test]
fn haproxy_failover_for_comparison() {
    failover(false);
}

fn failover(rustha_proxy: bool) {
    rustha_harness::require_root();
    let which = if rustha_proxy {
        "rustha proxy"
    } else {
        "HAProxy 2.6"
    };
    let root = PgRoot::new("failover");
    let (mut primary, replica) = pair(&root, "");
    primary.sql("ALTER SYSTEM SET synchronous_standby_names = '*'");
    primary.sql("SELECT pg_reload_conf()");
    primary.wait_for(
        "SELECT sync_state FROM pg_stat_replication",
        "sync",
        Duration::from_secs(30),
    );
    primary.sql("CREATE TABLE acked (v int PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())");

    // One pgsqlchk per "node", as in the seed (each checks its local database).
    let (c1, c2) = (free_port(), free_port());
    let cfg1 = write_config(&root, PASSWORD, &[(primary.port, c1, "")]);
    let cfg2 = write_config(&root, PASSWORD, &[(replica.port, c2, "")]);
    let _chk1 = Daemon::start(&cfg1, &root.path().join("pgsqlchk-1.log"), c1);
    let _chk2 = Daemon::start(&cfg2, &root.path().join("pgsqlchk-2.log"), c2);

    let (front, stats) = (free_port(), free_port());
    let pcfg = root.path().join("proxy.cfg");
    fs::write(
        &pcfg,
        seed_haproxy_cfg(
            front,
            stats,
            &[("sms-01", primary.port, c1), ("sms-02", replica.port, c2)],
        ),
    )
    .unwrap();
    let mut cmd = if rustha_proxy {
        let mut c = Command::new(rustha_harness::bin("proxy"));
        c.args(["run", "-f"]).arg(&pcfg);
        c
    } else {
        let mut c = Command::new("haproxy");
        c.args(["-db", "-f"]).arg(&pcfg);
        c
    };
    let _proxy = Guard(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(fs::File::create(root.path().join("proxy.log")).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {which}: {e}")),
    );
    let end = Instant::now() + Duration::from_secs(10);
    while http(stats, "GET", "/;csv").is_err() {
        assert!(
            Instant::now() < end,
            "{which} not ready: {}",
            fs::read_to_string(root.path().join("proxy.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    wait_status(stats, "sms-02", "DOWN", Duration::from_secs(15));
    wait_status(stats, "sms-01", "UP", Duration::from_secs(15));
    assert_eq!(
        psql_via(front, "SELECT inet_server_port(), pg_is_in_recovery()").unwrap(),
        format!("{}|f", primary.port),
        "psql through the proxy reaches the primary"
    );

    // A session established before the failover, on the old primary.
    let mut session = Command::new(Path::new(rustha_harness::pg::BIN).join("psql"))
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &front.to_string(),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-AtqX",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut session_in = session.stdin.take().unwrap();
    writeln!(session_in, "SELECT 'session on ' || inet_server_port();").unwrap();
    let session_guard = Guard(session);

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let w = {
        let stop = stop.clone();
        std::thread::spawn(move || writer(front, stop))
    };
    std::thread::sleep(Duration::from_secs(2));

    // Failover: promote the replica, then stop the old primary.
    let t0 = Instant::now();
    replica.promote();
    let promoted = t0.elapsed();
    primary.stop();
    let stopped = t0.elapsed();
    // New connections must reach the new primary within the check bounds (inter 3s, fall 3,
    // rise 2: DOWN after 3 failed checks, UP after 2 good ones), plus slack for a busy machine.
    let bound = Duration::from_secs(3 * 3 + 2 * 3 + 15);
    let mut reached = None;
    while t0.elapsed() < bound {
        if psql_via(front, "SELECT inet_server_port()").ok() == Some(replica.port.to_string()) {
            reached = Some(t0.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let reached = reached.unwrap_or_else(|| {
        panic!(
            "new connections never reached the new primary within {bound:?}: sms-01 {:?}, sms-02 {:?}",
            server_status(stats, "sms-01"),
            server_status(stats, "sms-02")
        )
    });
    wait_status(stats, "sms-01", "DOWN", Duration::from_secs(15));
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (acks, failed) = w.join().unwrap();

    // The old session is gone: psql sees its connection closed and exits.
    let _ = writeln!(session_in, "SELECT 'still open on ' || inet_server_port();");
    drop(session_in);
    let mut session = session_guard;
    let mut out = String::new();
    session
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let status = session.0.wait().unwrap();
    println!("old session: exit {status}, output {out:?}");
    assert!(
        out.contains(&format!("session on {}", primary.port)),
        "{out}"
    );
    assert!(
        !out.contains("still open"),
        "the old session survived: {out}"
    );

    // Every acknowledged row is on the new primary.
    let rows: std::collections::HashSet<u32> = replica
        .sql("SELECT v FROM acked")
        .lines()
        .filter_map(|l| l.parse().ok())
        .collect();
    let lost: Vec<u32> = acks
        .iter()
        .map(|a| a.n)
        .filter(|n| !rows.contains(n))
        .collect();
    let on_old = acks.iter().filter(|a| a.port == primary.port).count();
    let on_new = acks.iter().filter(|a| a.port == replica.port).count();
    let gap = acks
        .windows(2)
        .map(|w| w[1].at - w[0].at)
        .max()
        .unwrap_or_default();
    let last_old = acks
        .iter()
        .rev()
        .find(|a| a.port == primary.port)
        .map(|a| a.at);
    let first_new = acks.iter().find(|a| a.port == replica.port).map(|a| a.at);
    println!(
        "failover via {which} (synchronous replication): promote took {:.2} s, old primary stopped at {:.2} s, new connections on the new primary at {:.2} s",
        promoted.as_secs_f64(),
        stopped.as_secs_f64(),
        reached.as_secs_f64()
    );
    println!(
        "{which} writer: {} commits acknowledged ({on_old} by the old primary, {on_new} by the new), {failed} failed attempts, {} acknowledged rows missing; writes unavailable for {:.2} s (longest gap between acknowledged commits{})",
        acks.len(),
        lost.len(),
        gap.as_secs_f64(),
        match (last_old, first_new) {
            (Some(a), Some(b)) if b > a => format!("; last old-primary commit to first new-primary commit {:.2} s", (b - a).as_secs_f64()),
            _ => String::new(),
        }
    );
    assert!(
        on_old > 0 && on_new > 0,
        "the writer must have committed on both sides"
    );
    assert!(lost.is_empty(), "acknowledged rows lost: {lost:?}");
}
