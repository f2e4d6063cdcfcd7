//! filesync against a real rsync daemon on a loopback port: full sync on start; creations,
//! changes, deletions, renames and `mkdir -p` trees filled at once; excludes; a peer that goes
//! away (retries, monitor failing, catching up); the mass-delete guard (emptied source, unmounted
//! source, marker); a kernel queue overflow answered by a full resync; `ocf-tester`; config
//! errors; the rsync daemon password read from a file and never shown; generation records keeping
//! an older copy from deleting or overwriting a newer one, and a conflict reported.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rustha_harness::rsyncd::{diff, filesync_run, tree, wait_for, RsyncPeer, TempDir, Tree};

const EXCLUDES: &str = "*.tmp cache/";

/// Source, peer daemon and the daemon's files, all under one temporary directory.
struct Setup {
    dir: TempDir,
    src: PathBuf,
    peer: RsyncPeer,
    pidfile: PathBuf,
    state: PathBuf,
}

impl Setup {
    fn new(tag: &str) -> Setup {
        rustha_harness::require_root();
        let dir = TempDir::new(&format!("filesync-{tag}"));
        let src = dir.path("src");
        fs::create_dir_all(&src).unwrap();
        let peer = RsyncPeer::start(&dir.0, None);
        Setup {
            pidfile: dir.path("filesync.pid"),
            state: dir.path("filesync.state"),
            src,
            peer,
            dir,
        }
    }

    /// A daemon configuration with a short delay and backoff; `extra` adds lines.
    fn config(&self, extra: &str) -> PathBuf {
        let text = format!(
            "source = {}\ntarget = {}\ndelay = 50ms\nretry_max = 1s\nexcludes = {EXCLUDES}\n\
             pidfile = {}\nstate_file = {}\n{extra}",
            self.src.display(),
            self.peer.url(None),
            self.pidfile.display(),
            self.state.display()
        );
        self.dir.write("filesync.conf", &text)
    }

    fn log(&self) -> String {
        fs::read_to_string(self.dir.path("filesync.log")).unwrap_or_default()
    }

    /// The source as the peer should hold it (excluded names left out).
    fn want(&self) -> Tree {
        tree(&self.src)
            .into_iter()
            .filter(|(p, _)| {
                !p.components().any(|c| {
                    let n = c.as_os_str().to_string_lossy();
                    n.ends_with(".tmp") || n == "cache"
                })
            })
            .collect()
    }

    /// Wait until the peer equals the source (plus `extra_on_peer`, which must survive).
    fn converge(&self, what: &str, extra_on_peer: &Tree) -> Duration {
        let t = Instant::now();
        let ok = wait_for(Duration::from_secs(20), || {
            let mut want = self.want();
            want.extend(extra_on_peer.clone());
            tree(&self.peer.dir) == want
        });
        let mut want = self.want();
        want.extend(extra_on_peer.clone());
        assert!(
            ok,
            "{what}: peer did not converge:\n{}\nlog:\n{}",
            diff(&want, &tree(&self.peer.dir)),
            self.log()
        );
        t.elapsed()
    }

    fn state(&self) -> String {
        fs::read_to_string(&self.state).unwrap_or_default()
    }

    fn run(&self, extra: &str) -> rustha_harness::rsyncd::ChildGuard {
        let conf = self.config(extra);
        filesync_run(&conf, &self.pidfile, &self.dir.path("filesync.log"))
    }
}

/// A number field of the state file.
fn field(state: &str, key: &str) -> u64 {
    state
        .split(&format!("\"{key}\": "))
        .nth(1)
        .and_then(|r| {
            r.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn write(p: &Path, text: &str) {
    if let Some(d) = p.parent() {
        fs::create_dir_all(d).unwrap();
    }
    fs::write(p, text).unwrap();
}

fn one_file(path: &str, content: &str) -> Tree {
    [(PathBuf::from(path), Some(content.as_bytes().to_vec()))]
        .into_iter()
        .collect()
}

#[test]
fn full_sync_then_every_kind_of_change_propagates() {
    let s = Setup::new("changes");
    write(&s.src.join("a/f1"), "one");
    write(&s.src.join("odd *[name]? \\x"), "wildcards in a name");
    write(&s.src.join("sp ace/inner"), "space");
    write(&s.src.join("old.tmp"), "excluded");
    // On the peer before start: stale files go, excluded ones stay (never deleted).
    write(&s.peer.dir.join("stale/file"), "gone after the full sync");
    write(&s.peer.dir.join("keep.tmp"), "excluded on the peer");
    let keep = one_file("keep.tmp", "excluded on the peer");

    let daemon = s.run("");
    let t = s.converge("full sync on start", &keep);
    println!("full sync on start converged after {t:?}");

    fs::write(s.src.join("a/f1"), "one, modified").unwrap();
    write(&s.src.join("a/new"), "created");
    fs::remove_file(s.src.join("odd *[name]? \\x")).unwrap();
    let t = s.converge("create, modify, delete", &keep);
    println!("create/modify/delete converged after {t:?}");

    fs::rename(s.src.join("a/new"), s.src.join("a/renamed")).unwrap();
    fs::rename(s.src.join("sp ace"), s.src.join("moved dir")).unwrap();
    fs::rename(s.src.join("a"), s.src.join("moved dir/a")).unwrap();
    s.converge("renames of files and directories", &keep);
    // The moved directory keeps being watched under its new name.
    write(&s.src.join("moved dir/a/after-move"), "seen");
    s.converge("a change inside a moved directory", &keep);

    // mkdir -p and files written at once, before any watch can exist on the new directories.
    for i in 0..20 {
        let d = s.src.join(format!("deep/{i}/b/c/d/e"));
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join("f"), format!("{i}")).unwrap();
        fs::create_dir_all(d.join("g/h")).unwrap();
        fs::write(d.join("g/h/leaf"), "leaf").unwrap();
    }
    s.converge("mkdir -p trees filled immediately", &keep);
    write(&s.src.join("deep/7/b/c/d/e/g/h/later"), "later");
    s.converge("a file in a new deep directory, later", &keep);

    fs::set_permissions(
        s.src.join("moved dir/a/f1"),
        fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::os::unix::fs::symlink("moved dir/a/f1", s.src.join("link")).unwrap();
    fs::remove_dir_all(s.src.join("deep/3")).unwrap();
    write(&s.src.join("new.tmp"), "excluded");
    write(&s.src.join("cache/x/y"), "excluded directory");
    s.converge("chmod, symlink, rmdir, excludes", &keep);
    let mode = fs::metadata(s.peer.dir.join("moved dir/a/f1"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "permissions replicate");
    // The source directory's own metadata.
    fs::set_permissions(&s.src, fs::Permissions::from_mode(0o750)).unwrap();
    assert!(
        wait_for(Duration::from_secs(10), || fs::metadata(&s.peer.dir)
            .is_ok_and(|m| m.permissions().mode() & 0o777 == 0o750)),
        "mode of the source root replicates\n{}",
        s.log()
    );
    assert!(!s.peer.dir.join("new.tmp").exists());
    assert!(!s.peer.dir.join("cache").exists());

    let st = s.state();
    assert_eq!(field(&st, "failures"), 0, "{st}");
    assert_eq!(field(&st, "full_syncs"), 1, "{st}");
    drop(daemon);
}

/// Whether `pid` runs (a zombie, not yet reaped by whoever inherited the daemon, does not).
/// After a full sync, both copies hold the same generation record (`local` and `peer` are the
/// directories the record lives in): the same generation, neither marked as changed since an
/// older one. (A running daemon keeps its own copy marked as sending, which the peer's lacks.)
fn same_generation(local: &Path, peer: &Path) {
    let record = rustha_harness::rsyncd::GENERATION_RECORD;
    let read = |dir: &Path| -> Option<(serde_json::Value, serde_json::Value)> {
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join(record)).ok()?).ok()?;
        Some((v.get("current")?.clone(), v.get("base")?.clone()))
    };
    let ok = wait_for(
        Duration::from_secs(10),
        || matches!((read(local), read(peer)), (Some(l), Some(p)) if l == p && l.1.is_null()),
    );
    assert!(
        ok,
        "generation records differ: {:?} / {:?}",
        fs::read_to_string(local.join(record)),
        fs::read_to_string(peer.join(record))
    );
}

/// Kill the daemon named by `pidfile` as a crash would (SIGKILL) and wait until it is gone.
fn kill_daemon(pidfile: &Path) {
    let pid: i32 = fs::read_to_string(pidfile).unwrap().trim().parse().unwrap();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    assert!(wait_for(Duration::from_secs(5), || !alive(pid)));
}

fn alive(pid: i32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(')').map(|(_, r)| r.trim_start().to_string()))
        .is_some_and(|r| !r.starts_with('Z') && !r.starts_with('X'))
}

fn ocf(env: &[(String, String)], action: &str) -> (i32, String) {
    let out = Command::new(rustha_harness::bin("filesync"))
        .arg(action)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("OCF_RESOURCE_INSTANCE", "fs-test")
        .env("RUSTHA_LOG_STDERR", "1")
        .output()
        .expect("running filesync");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn agent_env(s: &Setup, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("source", s.src.display().to_string()),
        ("target", s.peer.url(None)),
        ("delay", "50ms".into()),
        ("retry_max", "500ms".into()),
        ("fail_after", "1s".into()),
        ("excludes", EXCLUDES.into()),
        ("pidfile", s.pidfile.display().to_string()),
        ("state_file", s.state.display().to_string()),
        ("logfile", s.dir.path("filesync.log").display().to_string()),
        ("CRM_meta_interval", "10000".into()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("OCF_RESKEY_{k}"), v))
    .collect();
    for (k, v) in extra {
        env.push((format!("OCF_RESKEY_{k}"), v.to_string()));
    }
    env
}

/// Stops the agent's daemon even when an assertion fails.
struct AgentGuard(Vec<(String, String)>);

impl Drop for AgentGuard {
    fn drop(&mut self) {
        let _ = ocf(&self.0, "stop");
    }
}

#[test]
fn peer_down_retries_only_the_deep_monitor_fails_and_catches_up() {
    let mut s = Setup::new("peerdown");
    write(&s.src.join("base"), "base");
    let env = agent_env(&s, &[]);
    let _g = AgentGuard(env.clone());
    let t = Instant::now();
    let (code, err) = ocf(&env, "start");
    assert_eq!(code, 0, "start: {err}");
    println!("start took {:?}", t.elapsed());
    assert_eq!(ocf(&env, "monitor").0, 0, "monitor right after start");
    s.converge("initial", &Tree::new());

    s.peer.stop();
    write(&s.src.join("while-down"), "written while the peer is down");
    let down = Instant::now();
    // The deep monitor (OCF_CHECK_LEVEL=10) fails once fail_after passed; the default one only
    // warns: restarting the daemon does not bring the peer back.
    let mut deep = env.clone();
    deep.push(("OCF_CHECK_LEVEL".into(), "10".into()));
    let failed = wait_for(Duration::from_secs(15), || {
        let (code, err) = ocf(&deep, "monitor");
        code == 1 && err.contains("ocf-exit-reason:replication failing")
    });
    let (code, err) = ocf(&deep, "monitor");
    assert!(
        failed,
        "the deep monitor must fail while the peer is down: {code} {err}"
    );
    let (code, err) = ocf(&env, "monitor");
    assert_eq!(code, 0, "the default monitor fails on a dead peer: {err}");
    assert!(err.contains("replication failing"), "no warning: {err}");
    println!(
        "monitor reported the dead peer after {:?}: {}",
        down.elapsed(),
        err.lines()
            .find(|l| l.starts_with("ocf-exit-reason"))
            .unwrap_or("")
    );
    assert!(field(&s.state(), "failures") >= 2, "retried: {}", s.state());
    assert!(!s.peer.dir.join("while-down").exists());

    s.peer.resume();
    let back = Instant::now();
    s.converge("catch-up after the peer returned", &Tree::new());
    println!("caught up {:?} after the peer returned", back.elapsed());
    assert!(
        wait_for(Duration::from_secs(5), || ocf(&deep, "monitor").0 == 0),
        "the deep monitor passes again: {:?}",
        ocf(&deep, "monitor")
    );

    let pid: i32 = fs::read_to_string(&s.pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(ocf(&env, "stop").0, 0);
    assert!(!alive(pid), "daemon gone");
    assert_eq!(ocf(&env, "monitor").0, 7);
    assert_eq!(ocf(&env, "stop").0, 0, "stopping a stopped resource");
}

#[test]
fn mass_delete_guard_empty_source() {
    let s = Setup::new("guard-empty");
    // The default-sized window (the guard judges the source when a batch runs; an `rm -rf`
    // slower than the delay is sent progressively, see guard.rs).
    let env = agent_env(&s, &[("delay", "1s")]);
    let _g = AgentGuard(env.clone());
    // An empty source is refused at start, with a reason, and leaves nothing running.
    let (code, err) = ocf(&env, "start");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("ocf-exit-reason:refusing to sync") && err.contains("empty"),
        "{err}"
    );
    assert_eq!(ocf(&env, "monitor").0, 7);

    for i in 0..50 {
        write(&s.src.join(format!("d{}/f{i}", i % 5)), "precious");
    }
    assert_eq!(ocf(&env, "start").0, 0);
    s.converge("initial", &Tree::new());
    let before = tree(&s.peer.dir);

    for e in fs::read_dir(&s.src).unwrap() {
        fs::remove_dir_all(e.unwrap().path()).unwrap();
    }
    assert!(
        wait_for(Duration::from_secs(10), || s
            .state()
            .contains("\"guard\": \"refusing")),
        "guard must trip: {}",
        s.state()
    );
    let (code, err) = ocf(&env, "monitor");
    assert_eq!(code, 1, "monitor fails at once while the guard refuses");
    assert!(err.contains("is empty"), "{err}");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(tree(&s.peer.dir), before, "the peer's copy is intact");
    assert!(s.log().contains("refusing to sync"), "{}", s.log());
}

/// A tmpfs mounted over a directory, lazily unmounted on drop if still there.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path) -> Mount {
        Mount::tmpfs_sized(dir, "16m")
    }
    fn tmpfs_sized(dir: &Path, size: &str) -> Mount {
        let st = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "filesync-test",
            ])
            .arg(dir)
            .status()
            .unwrap();
        assert!(st.success(), "mount tmpfs");
        Mount(dir.to_path_buf())
    }
    fn umount(&self) {
        let st = Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(st.success(), "umount");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .stderr(std::process::Stdio::null())
            .status();
    }
}

#[test]
fn mass_delete_guard_unmounted_source_and_marker() {
    let s = Setup::new("guard-umount");
    // What the mount point holds underneath: not empty, so only the device check catches it.
    write(&s.src.join("underlying-only"), "the bare mount point");
    let m = Mount::tmpfs(&s.src);
    write(&s.src.join(".mounted"), "");
    for i in 0..30 {
        write(
            &s.src.join(format!("data/f{i}")),
            "on the mounted file system",
        );
    }
    let env = agent_env(&s, &[("marker", ".mounted")]);
    let _g = AgentGuard(env.clone());
    assert_eq!(ocf(&env, "start").0, 0);
    s.converge("initial", &Tree::new());
    let before = tree(&s.peer.dir);

    m.umount();
    assert!(s.src.join("underlying-only").exists());
    assert!(
        wait_for(Duration::from_secs(10), || s
            .state()
            .contains("\"guard\": \"refusing")),
        "guard must trip after the unmount: {}\n{}",
        s.state(),
        s.log()
    );
    let (code, err) = ocf(&env, "monitor");
    assert_eq!(code, 1);
    assert!(err.contains("device"), "{err}");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(tree(&s.peer.dir), before, "nothing deleted on the peer");

    // A restart on the bare mount point: the device looks fine now, the marker does not.
    assert_eq!(ocf(&env, "stop").0, 0);
    let (code, err) = ocf(&env, "start");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("marker"), "{err}");
    assert_eq!(tree(&s.peer.dir), before, "nothing deleted on the peer");
}

#[test]
fn queue_overflow_triggers_full_resync() {
    let s = Setup::new("overflow");
    write(&s.src.join("a"), "x");
    write(&s.src.join("b"), "y");
    fs::create_dir_all(s.src.join("lost")).unwrap();
    let daemon = s.run("");
    s.converge("initial", &Tree::new());
    let max: usize = fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // A stopped daemon reads nothing. Alternating chmods of two files queue one ATTRIB each (the
    // kernel merges only identical consecutive events) until the queue is full; the files created
    // after that have no event at all, so only a full resync can deliver them.
    let pid = nix::unistd::Pid::from_raw(daemon.pid());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGSTOP).unwrap();
    let t = Instant::now();
    for i in 0..max + 100 {
        let (f, mode) = if i % 2 == 0 {
            ("a", 0o600)
        } else {
            ("b", 0o640)
        };
        let mode = if (i / 2) % 2 == 0 { mode } else { 0o644 };
        fs::set_permissions(s.src.join(f), fs::Permissions::from_mode(mode)).unwrap();
    }
    for i in 0..50 {
        write(
            &s.src.join(format!("lost/f{i}")),
            "created after the overflow",
        );
    }
    println!(
        "{} events queued in {:?} (limit {max})",
        max + 150,
        t.elapsed()
    );
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGCONT).unwrap();
    let t = Instant::now();
    s.converge("after the overflow", &Tree::new());
    println!("converged {:?} after resuming", t.elapsed());
    // The peer can be complete a moment before rsync exits and the daemon records the run.
    let recorded = wait_for(Duration::from_secs(10), || {
        let st = s.state();
        field(&st, "overflows") >= 1 && field(&st, "full_syncs") >= 2
    });
    assert!(
        recorded,
        "overflow seen and a full resync ran: {}",
        s.state()
    );
    assert!(s.log().contains("overflow"), "{}", s.log());
    drop(daemon);
}

#[test]
fn ocf_tester_passes() {
    let s = Setup::new("ocftester");
    write(&s.src.join("f"), "x");
    let opt = |k: &str, v: String| ["-o".to_string(), format!("{k}={v}")];
    let mut cmd = Command::new("ocf-tester");
    cmd.args(["-n", "filesync-test"])
        .args(opt("source", s.src.display().to_string()))
        .args(opt("target", s.peer.url(None)))
        .args(opt("pidfile", s.pidfile.display().to_string()))
        .args(opt("state_file", s.state.display().to_string()))
        .args(opt(
            "logfile",
            s.dir.path("filesync.log").display().to_string(),
        ))
        .arg(rustha_harness::bin("filesync"));
    let out = cmd.output().expect("ocf-tester (resource-agents)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "ocf-tester failed:\n{text}");
    assert!(!s.pidfile.exists(), "ocf-tester ends with stop");
}

#[test]
fn config_errors_name_file_line_and_column() {
    let s = Setup::new("badconf");
    let conf = s.dir.write(
        "bad.conf",
        &format!(
            "source = {}\ntarget = {}\n  delai = 1s\n",
            s.src.display(),
            s.peer.url(None)
        ),
    );
    let out = Command::new(rustha_harness::bin("filesync"))
        .args(["run", "--config"])
        .arg(&conf)
        .env("RUSTHA_LOG_STDERR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        err.contains(&format!("{}:3:3: unknown key 'delai'", conf.display()))
            && err.contains("did you mean 'delay'"),
        "{err}"
    );
    let env = [
        ("OCF_RESKEY_source", "relative/path"),
        ("OCF_RESKEY_target", "peer::m"),
    ];
    let out = Command::new(rustha_harness::bin("filesync"))
        .arg("validate-all")
        .envs(env)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        err.contains("'source'") && err.contains("absolute"),
        "{err}"
    );
    // An ssh target without the remote shell on this node: unusable here (5), not running (7).
    let src = s.src.display().to_string();
    let no_ssh = [
        ("OCF_RESKEY_source", src.as_str()),
        ("OCF_RESKEY_target", "peer:/srv/copy"),
        ("OCF_RESKEY_rsh", "/nonexistent/ssh -o BatchMode=yes"),
    ];
    for (action, want) in [
        ("validate-all", 5),
        ("start", 5),
        ("monitor", 7),
        ("stop", 0),
    ] {
        let out = Command::new(rustha_harness::bin("filesync"))
            .arg(action)
            .envs(no_ssh)
            .env("OCF_RESOURCE_INSTANCE", "fs-no-ssh")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(want), "{action} without ssh: {err}");
        if want == 5 {
            assert!(err.contains("/nonexistent/ssh"), "{err}");
        }
    }
    // What such parameters describe cannot be running: stop succeeds, a probe says 6 (wrong on
    // every node), whether the parameters are malformed or missing.
    for env in [&env[..], &[][..]] {
        for (action, want) in [("stop", 0), ("monitor", 6)] {
            let out = Command::new(rustha_harness::bin("filesync"))
                .arg(action)
                .env_remove("OCF_RESKEY_source")
                .env_remove("OCF_RESKEY_target")
                .envs(env.iter().copied())
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(want), "{env:?} {action}: {err}");
        }
    }
}

#[test]
fn daemon_password_from_file_never_shown() {
    const PASSWORD: &str = "Sync-Secret-91c2";
    rustha_harness::require_root();
    let dir = TempDir::new("filesync-auth");
    let src = dir.path("src");
    write(&src.join("f"), "authenticated");
    let peer = RsyncPeer::start(&dir.0, Some(("repl", PASSWORD)));
    let pw = dir.write("password", &format!("{PASSWORD}\n"));
    fs::set_permissions(&pw, fs::Permissions::from_mode(0o644)).unwrap();
    let env: Vec<(String, String)> = [
        ("source", src.display().to_string()),
        ("target", peer.url(Some("repl"))),
        ("password_file", pw.display().to_string()),
        ("delay", "50ms".into()),
        ("pidfile", dir.path("pid").display().to_string()),
        ("state_file", dir.path("state").display().to_string()),
        ("logfile", dir.path("log").display().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("OCF_RESKEY_{k}"), v))
    .collect();
    let _g = AgentGuard(env.clone());
    // This node's copy of the file, readable by others or missing: unusable here (5), which
    // bans only this node; a probe says not running, a stop has nothing to do.
    let (code, err) = ocf(&env, "validate-all");
    assert_eq!(
        code, 5,
        "a password file readable by others is refused: {err}"
    );
    assert!(err.contains("chmod 600"), "{err}");
    let missing: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| match k.as_str() {
            "OCF_RESKEY_password_file" => (k.clone(), dir.path("nope").display().to_string()),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    for (action, want) in [
        ("validate-all", 5),
        ("start", 5),
        ("monitor", 7),
        ("stop", 0),
    ] {
        let (code, err) = ocf(&missing, action);
        assert_eq!(code, want, "{action} with a missing password file: {err}");
    }
    fs::set_permissions(&pw, fs::Permissions::from_mode(0o600)).unwrap();
    let (code, err) = ocf(&env, "start");
    assert_eq!(code, 0, "{err}");
    assert!(
        wait_for(Duration::from_secs(10), || peer.dir.join("f").exists()),
        "synced with the password: {}",
        fs::read_to_string(dir.path("state")).unwrap_or_default()
    );
    let pid = fs::read_to_string(dir.path("pid")).unwrap();
    let cmdline = fs::read(format!("/proc/{}/cmdline", pid.trim())).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains(PASSWORD));
    for f in ["state", "log", "pid", "pid.conf"] {
        let text = fs::read_to_string(dir.path(f)).unwrap_or_default();
        assert!(!text.contains(PASSWORD), "{f} shows the password");
    }
    assert!(
        fs::read_to_string(dir.path("pid.conf"))
            .unwrap()
            .contains("password_file"),
        "the daemon gets the file's path"
    );
    // A wrong password: the run fails and says so in the state, without the password.
    fs::write(&pw, "wrong\n").unwrap();
    write(&src.join("g"), "second");
    assert!(
        wait_for(Duration::from_secs(10), || fs::read_to_string(
            dir.path("state")
        )
        .unwrap_or_default()
        .contains("auth")),
        "{}",
        fs::read_to_string(dir.path("state")).unwrap_or_default()
    );
    assert_eq!(ocf(&env, "stop").0, 0);

    // From haresources: filesync::SRC::TARGET::password_file=FILE.
    fs::write(&pw, format!("{PASSWORD}\n")).unwrap();
    let hb_env: Vec<(String, String)> = env
        .iter()
        .filter(|(k, _)| {
            ![
                "OCF_RESKEY_source",
                "OCF_RESKEY_target",
                "OCF_RESKEY_password_file",
            ]
            .contains(&k.as_str())
        })
        .cloned()
        .collect();
    let hb = |action: &str| {
        let out = Command::new(rustha_harness::bin("filesync"))
            .arg(&src)
            .arg(peer.url(Some("repl")))
            .arg(format!("password_file={}", pw.display()))
            .arg(action)
            .envs(hb_env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("RUSTHA_LOG_STDERR", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!err.contains(PASSWORD));
        (out.status.code().unwrap_or(-1), err)
    };
    let (code, err) = hb("start");
    assert_eq!(code, 0, "{err}");
    write(&src.join("h"), "from haresources");
    assert!(
        wait_for(Duration::from_secs(10), || peer.dir.join("h").exists()),
        "synced with the password named in haresources: {}",
        fs::read_to_string(dir.path("state")).unwrap_or_default()
    );
    assert_eq!(hb("status").0, 0);
    assert_eq!(hb("stop").0, 0);
}

#[test]
fn seed_000_files_and_directories_keep_their_paths() {
    // Seed 000's "files to be synchronized": one file and one directory, kept at the same paths
    // on the peer (relative mode), below a scratch root standing in for `/`.
    let s = Setup::new("seed000");
    let root = s.dir.path("root");
    let login = root.join("opt/zenon/sys/login.txt");
    let profiles = root.join("opt/zenon/public_html/profiles");
    write(&login, "user1\n");
    write(
        &root.join("opt/zenon/sys/other.cfg"),
        "not listed: never sent",
    );
    write(&profiles.join("alice/profile.xml"), "<alice/>");
    write(&profiles.join("bob/profile.xml"), "<bob/>");
    let conf = s.dir.write(
        "seed000.conf",
        &format!(
            "source = {}\nsource = {}/\nrelative = yes\ntarget = {}\ndelay = 50ms\n\
             pidfile = {}\nstate_file = {}\n",
            login.display(),
            profiles.display(),
            s.peer.url(None),
            s.pidfile.display(),
            s.state.display()
        ),
    );
    let _d = filesync_run(&conf, &s.pidfile, &s.dir.path("filesync.log"));
    let on_peer = |p: &Path| s.peer.dir.join(p.strip_prefix("/").unwrap());
    // What the peer must hold: exactly the two sources, under their full paths.
    let expect = || -> Tree {
        let mut t = Tree::new();
        for (k, v) in tree(&profiles) {
            t.insert(profiles.strip_prefix("/").unwrap().join(k), v);
        }
        let mut dir = PathBuf::new();
        for c in profiles
            .strip_prefix("/")
            .unwrap()
            .parent()
            .unwrap()
            .components()
        {
            dir.push(c);
            t.insert(dir.clone(), None);
        }
        t.insert(profiles.strip_prefix("/").unwrap().to_path_buf(), None);
        let sys = login
            .strip_prefix("/")
            .unwrap()
            .parent()
            .unwrap()
            .to_path_buf();
        t.insert(sys, None);
        if let Ok(c) = fs::read(&login) {
            t.insert(login.strip_prefix("/").unwrap().to_path_buf(), Some(c));
        }
        t
    };
    let converge = |what: &str| {
        let ok = wait_for(Duration::from_secs(20), || tree(&s.peer.dir) == expect());
        assert!(
            ok,
            "{what}:\n{}\n{}",
            diff(&expect(), &tree(&s.peer.dir)),
            s.log()
        );
    };
    converge("full sync of a file and a directory");
    assert!(!on_peer(&root.join("opt/zenon/sys/other.cfg")).exists());
    // The record of a relative pair sits beside the first source, a file here.
    let sys = root.join("opt/zenon/sys");
    same_generation(&sys, &on_peer(&sys));

    // An editor's save: write a temporary file, rename it over the original.
    write(&root.join("opt/zenon/sys/.login.txt.swp"), "user1\nuser2\n");
    fs::rename(root.join("opt/zenon/sys/.login.txt.swp"), &login).unwrap();
    write(&profiles.join("carol/profile.xml"), "<carol/>");
    fs::remove_dir_all(profiles.join("bob")).unwrap();
    converge("replaced file, new and removed profiles");
    assert_eq!(
        fs::read_to_string(on_peer(&login)).unwrap(),
        "user1\nuser2\n"
    );
}

#[test]
fn reload_applies_new_parameters_and_refuses_a_new_source() {
    let s = Setup::new("reload");
    write(&s.src.join("f"), "x");
    let env = agent_env(&s, &[]);
    let _g = AgentGuard(env.clone());
    assert_eq!(ocf(&env, "start").0, 0);
    s.converge("initial", &Tree::new());
    let pid = fs::read_to_string(&s.pidfile).unwrap();

    // New excludes (and delay) without a restart.
    let env2 = agent_env(&s, &[("excludes", "*.tmp cache/ *.log"), ("delay", "20ms")]);
    let (code, err) = ocf(&env2, "reload");
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read_to_string(&s.pidfile).unwrap(), pid, "same daemon");
    assert_eq!(field(&s.state(), "reloads"), 1, "{}", s.state());
    write(&s.src.join("app.log"), "now excluded");
    write(&s.src.join("g"), "still sent");
    assert!(
        wait_for(Duration::from_secs(10), || s.peer.dir.join("g").exists()),
        "{}",
        s.log()
    );
    assert!(
        !s.peer.dir.join("app.log").exists(),
        "the new exclude applies"
    );

    // The sources are the daemon's identity: a reload cannot change them.
    let other = s.dir.path("other");
    write(&other.join("x"), "x");
    let mut env3 = env2.clone();
    for (k, v) in env3.iter_mut() {
        if k == "OCF_RESKEY_source" {
            *v = other.display().to_string();
        }
    }
    let (code, err) = ocf(&env3, "reload");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("ocf-exit-reason:reload refused"), "{err}");
    assert_eq!(
        ocf(&env2, "monitor").0,
        0,
        "still running the old configuration"
    );
    // Reloading a stopped resource only stores the parameters for the next start.
    assert_eq!(ocf(&env2, "stop").0, 0);
    assert_eq!(ocf(&env2, "reload").0, 0);
}

#[test]
fn replicates_over_ssh_and_survives_sshd_going_away() {
    let s = Setup::new("ssh");
    let mut ssh = rustha_harness::rsyncd::SshPeer::start(&s.dir.0);
    write(&s.src.join("a/f"), "over ssh");
    let conf = s.dir.write(
        "ssh.conf",
        &format!(
            "source = {}\ntarget = {}\nrsh = {}\ndelay = 50ms\nretry_max = 1s\n\
             pidfile = {}\nstate_file = {}\n",
            s.src.display(),
            ssh.target(),
            ssh.rsh(),
            s.pidfile.display(),
            s.state.display()
        ),
    );
    let d = filesync_run(&conf, &s.pidfile, &s.dir.path("filesync.log"));
    let peer_dir = ssh.dir.clone();
    let converge = |what: &str| {
        let t = Instant::now();
        let ok = wait_for(Duration::from_secs(20), || tree(&peer_dir) == tree(&s.src));
        println!("{what}: {:?}", t.elapsed());
        assert!(
            ok,
            "{what}:\n{}\n{}",
            diff(&tree(&s.src), &tree(&peer_dir)),
            s.log()
        );
    };
    converge("full sync over ssh");
    same_generation(&s.src, &peer_dir);
    fs::rename(s.src.join("a"), s.src.join("b")).unwrap();
    write(&s.src.join("b/g"), "second");
    converge("rename and create over ssh");

    ssh.stop();
    write(&s.src.join("b/h"), "while sshd is down");
    assert!(
        wait_for(Duration::from_secs(15), || field(&s.state(), "failures")
            >= 1),
        "{}",
        s.state()
    );
    // rsync reports a dead ssh as 255 or, when the pipe closes first, as 12: both are retried.
    assert!(
        s.state().contains("rsync exit 255") || s.state().contains("rsync exit 12"),
        "{}",
        s.state()
    );
    ssh.resume();
    converge("catch-up after sshd returned");

    // One shared connection (ControlMaster) serves the runs; a graceful stop closes it.
    let control = s.state.with_extension("ssh");
    let masters = || -> Vec<i32> {
        fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
            .filter(|pid| {
                fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                    String::from_utf8_lossy(&c).contains(&*control.to_string_lossy())
                }) && alive(*pid)
            })
            .collect()
    };
    write(&s.src.join("b/i"), "through the shared connection");
    converge("a change through the shared connection");
    assert!(
        !masters().is_empty(),
        "an ssh master holds {}",
        control.display()
    );
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(d.pid()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert!(wait_for(Duration::from_secs(10), || !alive(d.pid())));
    assert!(
        wait_for(Duration::from_secs(5), || masters().is_empty()),
        "ssh master left behind: {:?}",
        masters()
    );
}

#[test]
fn full_peer_disk_is_reported_and_a_killed_daemon_catches_up_on_restart() {
    let s = Setup::new("diskfull");
    let _m = Mount::tmpfs_sized(&s.peer.dir, "1m");
    write(&s.src.join("small"), "x");
    let env = agent_env(&s, &[]);
    let _g = AgentGuard(env.clone());
    assert_eq!(ocf(&env, "start").0, 0);
    s.converge("initial", &Tree::new());

    // More than the peer can hold: every run fails, the deep monitor says why (the default one
    // warns), nothing is lost.
    let mut deep = env.clone();
    deep.push(("OCF_CHECK_LEVEL".into(), "10".into()));
    fs::write(s.src.join("big"), vec![b'x'; 3 << 20]).unwrap();
    let failing = wait_for(Duration::from_secs(15), || {
        let (code, err) = ocf(&deep, "monitor");
        code == 1 && err.contains("replication failing")
    });
    let (code, err) = ocf(&deep, "monitor");
    assert!(failing, "monitor: {code} {err}\n{}", s.state());
    println!(
        "{}",
        err.lines()
            .find(|l| l.starts_with("ocf-exit-reason"))
            .unwrap_or("")
    );
    assert!(s.state().contains("No space left"), "{}", s.state());
    // Room again (the big file goes): the retry delivers, monitor recovers.
    fs::remove_file(s.src.join("big")).unwrap();
    write(&s.src.join("after"), "after the disk was full");
    s.converge("after the disk had room again", &Tree::new());
    assert!(
        wait_for(Duration::from_secs(10), || ocf(&deep, "monitor").0 == 0),
        "{:?}",
        ocf(&deep, "monitor")
    );

    // A killed daemon is "not running"; the start Pacemaker then runs syncs what changed meanwhile.
    kill_daemon(&s.pidfile);
    assert_eq!(ocf(&env, "monitor").0, 7);
    write(&s.src.join("while-dead"), "changed while no daemon ran");
    fs::remove_file(s.src.join("small")).unwrap();
    assert_eq!(ocf(&env, "start").0, 0);
    s.converge("full sync after the restart", &Tree::new());
}

#[test]
fn heartbeat_haresources_positional_form() {
    // haresources `node1 filesync::/srv/data::rsync://peer/data` calls `filesync SRC TARGET start`.
    let s = Setup::new("heartbeat");
    write(&s.src.join("f"), "x");
    let env: Vec<(String, String)> = agent_env(&s, &[])
        .into_iter()
        .filter(|(k, _)| k != "OCF_RESKEY_source" && k != "OCF_RESKEY_target")
        .collect();
    let _g = AgentGuard(agent_env(&s, &[]));
    let hb = |action: &str| {
        let out = Command::new(rustha_harness::bin("filesync"))
            .arg(&s.src)
            .arg(s.peer.url(None))
            .arg(action)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("RUSTHA_LOG_STDERR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )
    };
    assert_eq!(hb("status"), (3, "stopped".into()));
    assert_eq!(hb("start").0, 0);
    s.converge("started by heartbeat", &Tree::new());
    assert_eq!(hb("status"), (0, "running".into()));
    assert_eq!(hb("stop").0, 0);
    assert_eq!(hb("status"), (3, "stopped".into()));
    assert_eq!(
        hb("stop").0,
        0,
        "heartbeat retries a failed stop: a stopped one succeeds"
    );
}

#[test]
fn local_target_and_too_many_pending_paths_become_one_full_sync() {
    let s = Setup::new("local");
    let dst = s.dir.path("mirror");
    fs::create_dir_all(&dst).unwrap();
    write(&s.src.join("f"), "x");
    // Watched before the burst, so each new file is an event (in a new directory they would be
    // covered by the directory's tree rule instead).
    fs::create_dir_all(s.src.join("many")).unwrap();
    let conf = s.dir.write(
        "local.conf",
        &format!(
            "source = {}\ntarget = {}\ndelay = 300ms\nmax_pending = 5\n\
             pidfile = {}\nstate_file = {}\n",
            s.src.display(),
            dst.display(),
            s.pidfile.display(),
            s.state.display()
        ),
    );
    let _d = filesync_run(&conf, &s.pidfile, &s.dir.path("filesync.log"));
    let same = || tree(&dst) == tree(&s.src);
    assert!(wait_for(Duration::from_secs(10), same), "{}", s.log());
    same_generation(&s.src, &dst);
    for i in 0..20 {
        write(&s.src.join(format!("many/f{i}")), "one of many");
    }
    fs::remove_file(s.src.join("f")).unwrap();
    assert!(
        wait_for(Duration::from_secs(10), same),
        "{}",
        diff(&tree(&s.src), &tree(&dst))
    );
    assert!(
        wait_for(Duration::from_secs(5), || field(&s.state(), "full_syncs")
            >= 2),
        "more than max_pending paths: one full sync instead: {}",
        s.state()
    );
    assert!(s.log().contains("max_pending 5"), "{}", s.log());
}

/// One node of a pair replicating to each other: its copy is served by its own rsync daemon
/// (`node/peer`), and its filesync resource sends that copy to the other node's daemon.
struct Node {
    daemon: RsyncPeer,
    env: Vec<(String, String)>,
    pidfile: PathBuf,
    state: PathBuf,
}

impl Node {
    fn new(dir: &TempDir, name: &str) -> Node {
        let work = dir.path(name);
        fs::create_dir_all(&work).unwrap();
        let daemon = RsyncPeer::start(&work, None);
        Node {
            pidfile: work.join("filesync.pid"),
            state: work.join("filesync.state"),
            env: Vec::new(),
            daemon,
        }
    }

    /// This node's resource, sending to `other`.
    fn configure(&mut self, other: &Node) {
        self.env = [
            ("source", self.daemon.dir.display().to_string()),
            ("target", other.daemon.url(None)),
            ("delay", "50ms".into()),
            ("retry_max", "500ms".into()),
            ("pidfile", self.pidfile.display().to_string()),
            ("state_file", self.state.display().to_string()),
            (
                "logfile",
                self.pidfile.with_extension("log").display().to_string(),
            ),
            ("CRM_meta_interval", "10000".into()),
        ]
        .into_iter()
        .map(|(k, v)| (format!("OCF_RESKEY_{k}"), v))
        .collect();
    }

    fn state(&self) -> String {
        fs::read_to_string(&self.state).unwrap_or_default()
    }
}

/// Two nodes replicating to each other, A active: its resource started and B holding A's copy
/// (a file `x`). The guards stop both resources when dropped, before the nodes' daemons go.
fn active_pair(dir: &TempDir) -> (Node, Node, [AgentGuard; 2]) {
    let (mut a, mut b) = (Node::new(dir, "a"), Node::new(dir, "b"));
    a.configure(&b);
    b.configure(&a);
    let guards = [AgentGuard(a.env.clone()), AgentGuard(b.env.clone())];
    let (a_dir, b_dir) = (&a.daemon.dir, &b.daemon.dir);
    write(&a_dir.join("x"), "x from a");
    let (code, err) = ocf(&a.env, "start");
    assert_eq!(code, 0, "start a: {err}");
    assert!(
        wait_for(Duration::from_secs(20), || tree(b_dir) == tree(a_dir)
            && field(&a.state(), "full_syncs") >= 1),
        "b did not get a's copy:\n{}",
        diff(&tree(a_dir), &tree(b_dir))
    );
    (a, b, guards)
}

#[test]
fn an_older_copy_never_deletes_or_overwrites_the_newer_one() {
    rustha_harness::require_root();
    let dir = TempDir::new("filesync-generations");
    let (mut a, mut b, _guards) = active_pair(&dir);
    let (a_dir, b_dir) = (a.daemon.dir.clone(), b.daemon.dir.clone());
    // B goes down while A keeps writing, and a file B has is changed too.
    b.daemon.stop();
    write(&a_dir.join("y"), "y, written on a while b was down");
    write(&a_dir.join("x"), "x changed on a while b was down");
    assert!(
        wait_for(Duration::from_secs(20), || field(&a.state(), "failures")
            >= 1),
        "a's sync to the dead b never failed: {}",
        a.state()
    );
    // A crashes; B comes back and takes over while A's copy is reachable again.
    kill_daemon(&a.pidfile);
    b.daemon.resume();
    let newer = tree(&a_dir);
    let (code, err) = ocf(&b.env, "start");
    assert_eq!(
        code, 1,
        "b's copy is older than a's: start must refuse\n{err}"
    );
    assert!(
        err.contains("ocf-exit-reason:") && err.contains("newer") && err.contains(" of "),
        "the reason names both generations: {err}"
    );
    assert_eq!(
        ocf(&b.env, "monitor").0,
        7,
        "a refused start leaves nothing running"
    );
    assert_eq!(
        tree(&a_dir),
        newer,
        "b's start-up sync deleted or overwrote a's newer files"
    );

    // B takes over while A is down but changes nothing: once A is back, B's copy is still the
    // older one, so B sends nothing and its monitor fails (the resource belongs where the newer
    // copy is).
    a.daemon.stop();
    let (code, err) = ocf(&b.env, "start");
    assert_eq!(code, 0, "with a unreachable, b starts: {err}");
    assert!(
        wait_for(Duration::from_secs(20), || field(&b.state(), "failures")
            >= 1),
        "{}",
        b.state()
    );
    a.daemon.resume();
    assert!(
        wait_for(Duration::from_secs(20), || {
            let (code, err) = ocf(&b.env, "monitor");
            code == 1 && err.contains("newer")
        }),
        "{:?}",
        ocf(&b.env, "monitor")
    );
    assert_eq!(tree(&a_dir), newer, "a's newer copy untouched");
    assert_eq!(ocf(&b.env, "stop").0, 0);

    // Now B takes over while A is down, and writes: both copies changed since they last
    // agreed. Once A is back, nothing is deleted on either side and the conflict is reported.
    a.daemon.stop();
    let (code, err) = ocf(&b.env, "start");
    assert_eq!(code, 0, "with a unreachable, b starts: {err}");
    assert!(
        wait_for(Duration::from_secs(20), || field(&b.state(), "failures")
            >= 1),
        "{}",
        b.state()
    );
    write(&b_dir.join("z"), "z, written on b after it took over");
    let b_copy = tree(&b_dir);
    a.daemon.resume();
    assert!(
        wait_for(Duration::from_secs(20), || b
            .state()
            .contains("\"conflict\": \"")),
        "no conflict reported: {}",
        b.state()
    );
    let (code, err) = ocf(&b.env, "monitor");
    assert_eq!(code, 0, "a conflict is a warning: {err}");
    assert!(
        err.contains("conflict") && err.contains("ocf-exit-reason:"),
        "{err}"
    );
    assert_eq!(tree(&a_dir), newer, "a's copy untouched");
    assert_eq!(tree(&b_dir), b_copy, "b's copy untouched");

    // Resolved as the conflict says: a's copy gives way (its record removed), and b's copy,
    // with what the administrator merged into it, replaces it.
    write(&b_dir.join("y"), "y, merged by hand");
    fs::remove_file(a_dir.join(rustha_harness::rsyncd::GENERATION_RECORD)).unwrap();
    assert!(
        wait_for(Duration::from_secs(20), || tree(&a_dir) == tree(&b_dir)),
        "b's copy did not replace a's:\n{}",
        diff(&tree(&b_dir), &tree(&a_dir))
    );
    same_generation(&b_dir, &a_dir);
    let (code, err) = ocf(&b.env, "monitor");
    assert!(code == 0 && !err.contains("conflict"), "{code}: {err}");
    assert_eq!(ocf(&b.env, "stop").0, 0);
}

#[test]
fn a_copy_that_died_with_unsent_changes_is_merged_not_mirrored() {
    rustha_harness::require_root();
    let dir = TempDir::new("filesync-unsent");
    let (a, b, _guards) = active_pair(&dir);
    let (a_dir, b_dir) = (a.daemon.dir.clone(), b.daemon.dir.clone());
    same_generation(&a_dir, &b_dir);
    // B hangs, so A's next run never completes (and never fails), and A writes a file; then A
    // loses power: its daemon and the rsync it runs killed, the file never sent.
    let pid: i32 = fs::read_to_string(&a.pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let rsync_running = || !rustha_harness::rsyncd::descendants(pid).is_empty();
    assert!(wait_for(Duration::from_secs(10), || !rsync_running()));
    b.daemon.freeze(true);
    write(&a_dir.join("last"), "written on a in its last moments");
    assert!(
        wait_for(Duration::from_secs(10), rsync_running),
        "a's run with the new file never started: {}",
        a.state()
    );
    // All at once, as a power-off does: the daemon frozen first, so that it cannot see its
    // rsync die and record the failure.
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGSTOP,
    );
    for p in rustha_harness::rsyncd::descendants(pid)
        .into_iter()
        .chain([pid])
    {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(p),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
    assert!(wait_for(Duration::from_secs(5), || !alive(pid)));
    let a_copy = tree(&a_dir);
    assert!(
        a_copy.contains_key(std::path::Path::new("last")),
        "{a_copy:?}"
    );
    assert!(
        !b_dir.join("last").exists(),
        "the frozen peer must not have received the file"
    );
    // The record on A's disk says changes were on their way.
    let record = fs::read_to_string(a_dir.join(rustha_harness::rsyncd::GENERATION_RECORD)).unwrap();
    assert!(record.contains("\"pending\":true"), "{record}");

    // B takes over with A's copy reachable: B must not mirror its own copy onto A (which would
    // delete the file): it merges A's unsent file first, then both copies agree.
    b.daemon.freeze(false);
    let (code, err) = ocf(&b.env, "start");
    assert_eq!(
        code,
        0,
        "start b: {err}\na's record: {record}\na's log: {}",
        fs::read_to_string(a.pidfile.with_extension("log")).unwrap_or_default()
    );
    assert!(
        wait_for(Duration::from_secs(20), || tree(&a_dir) == tree(&b_dir)
            && field(&b.state(), "full_syncs") >= 1),
        "copies differ:\n{}",
        diff(&tree(&a_dir), &tree(&b_dir))
    );
    assert_eq!(tree(&a_dir), a_copy, "a's file deleted or changed");
    assert_eq!(tree(&b_dir), a_copy, "b lacks a's unsent file");
    let log = fs::read_to_string(b.pidfile.with_extension("log")).unwrap_or_default();
    assert!(log.contains("never sent"), "the merge is logged: {log}");
    same_generation(&b_dir, &a_dir);
    assert_eq!(ocf(&b.env, "stop").0, 0);
}
