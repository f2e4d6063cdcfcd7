//! The component harness of rustha's integration tests, benchmarks and cluster lab: everything
//! needed to run the real agent binaries against real components, once. Locating the built
//! binaries, network namespaces and topologies, throw-away MariaDB, PostgreSQL, rsync/ssh, HTTP,
//! SIP and raw TCP servers, HAProxy-style proxy configurations, clients that probe a service, and
//! clean system roots for the packaging tests.
//!
//! The Pacemaker/Corosync lab, the fault campaign and the benchmarks build on this in the
//! `rustha-lab` crate; nothing here depends on them.

use std::path::PathBuf;

pub mod cleanroot;
mod dbroot;
pub mod httpd;
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

/// The agent binaries of rustha (SPEC §2): what the lab links into every node as
/// `/usr/lib/ocf/resource.d/rustha/<name>`, heartbeat gets a wrapper for, and packages install.
pub const AGENTS: &[&str] = &[
    "vip",
    "proxy",
    "osm-failover",
    "mysql-mm",
    "pgsqlchk",
    "filesync",
];

/// The root of the source tree (docs, packaging, test fixtures and scripts live below it).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The directory holding the built binaries: `RUSTHA_BIN_DIR` (set by the Makefile), else the
/// workspace's `target/release` or `target/debug`, whichever has the newer `vip`.
pub fn bin_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("RUSTHA_BIN_DIR") {
        return PathBuf::from(d);
    }
    let root = repo_root().join("target");
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
