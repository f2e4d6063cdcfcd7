//! Shared harness for rustha's integration tests and the cluster lab (`lab` binary).
//!
//! Everything a test needs to run the real agent binaries against real components lives here,
//! once: locating the built binaries, network namespaces, and (in `lab`) Pacemaker/Corosync nodes.

use std::path::PathBuf;

pub mod bench;
pub mod chaos;
pub mod cleanroot;
pub mod fence;
pub mod heartbeat;
pub mod httpd;
pub mod keepalived;
pub mod lab;
pub mod mariadb;
pub mod netns;
pub mod nginx;
pub mod packages;
pub mod pg;
pub mod probe;
pub mod proxy;
pub mod rawsrv;
pub mod rsyncd;
pub mod sip;
pub mod stack;
pub mod timeline;

/// The directory holding the built binaries: `RUSTHA_BIN_DIR` (set by the Makefile), else the
/// workspace's `target/release` or `target/debug`, whichever has the newer `vip`.
pub fn bin_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("RUSTHA_BIN_DIR") {
        return PathBuf::from(d);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target");
    let newest = |p: &PathBuf| {
        std::fs::metadata(p.join("vip"))
            .and_then(|m| m.modified())
            .ok()
    };
    let rel = root.join("release");
    let dbg = root.join("debug");
    match (newest(&rel), newest(&dbg)) {
        (Some(r), Some(d)) if d > r => dbg,
        (Some(_), _) => rel,
        _ => dbg,
    }
}

/// Path of the built binary `name` (panics with a hint when it has not been built).
pub fn bin(name: &str) -> PathBuf {
    let p = bin_dir().join(name);
    assert!(
        p.exists(),
        "{} not built; run `make build` (or set RUSTHA_BIN_DIR)",
        p.display()
    );
    p
}

/// Wait for `holder` (a process that sets namespaces up, then prints `ready` and stays) to say
/// it is ready; on anything else, kill it and panic with `what` and its stderr.
pub fn await_ready(mut holder: std::process::Child, what: &str) -> std::process::Child {
    use std::io::BufRead;
    let mut line = String::new();
    let stdout = holder.stdout.take().expect("holder's stdout piped");
    let _ = std::io::BufReader::new(stdout).read_line(&mut line);
    if line.trim() != "ready" {
        let _ = holder.kill();
        let out = holder.wait_with_output().expect("holder output");
        panic!("{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    holder
}

/// Integration tests create namespaces, addresses and clusters: they need root.
pub fn require_root() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "integration tests must run as root (they create network namespaces and clusters)"
    );
}

/// Prints a measured number so it shows in `make test` output: the test harness captures
/// `println!`/`eprintln!` of passing tests, but not direct writes to the process's stderr.
pub fn measured(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "measured: {line}");
}
