//! Building the packages for the tests: `packaging/build-deb.sh` and `packaging/build-rpm.sh`
//! with the profile the tests run against (`make deb` alone defaults to `dist`); reading what
//! they hold (systemd units).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `cmd` and returns its stdout; panics with both outputs when it fails.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The packages each builder made in this process. Both builders run `make install` into the
/// same `target/man`, so one runs at a time; and each runs once: a second build would rewrite
/// the package under a test still reading it.
static BUILT: std::sync::Mutex<Vec<(String, Vec<PathBuf>)>> = std::sync::Mutex::new(Vec::new());

/// Builds with `packaging/<script>` (once per test process) and returns the packages it made
/// (every line it prints).
pub fn build(script: &str) -> Vec<PathBuf> {
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pkgs)) = built.iter().find(|(s, _)| s == script) {
        return pkgs.clone();
    }
    let profile = std::env::var("RUSTHA_BIN_DIR")
        .ok()
        .and_then(|d| {
            Path::new(&d)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .filter(|n| n == "release" || n == "dist")
        .unwrap_or_else(|| "release".into());
    let out = run(
        Command::new(crate::repo_root().join("packaging").join(script))
            .env("PROFILE", profile)
            .current_dir(crate::repo_root()),
    );
    let pkgs: Vec<PathBuf> = out
        .lines()
        .filter(|l| l.starts_with("target/"))
        .map(|l| crate::repo_root().join(l.trim()))
        .collect();
    assert!(!pkgs.is_empty(), "{script} printed no package:\n{out}");
    for p in &pkgs {
        assert!(p.exists(), "{} missing", p.display());
    }
    built.push((script.to_string(), pkgs.clone()));
    pkgs
}

/// The one package of `pkgs` whose file name starts with `prefix`.
pub fn pick<'a>(pkgs: &'a [PathBuf], prefix: &str) -> &'a Path {
    pkgs.iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no {prefix}* among {pkgs:?}"))
}

/// A unit's `Exec...=` commands (`key` = `ExecStart`, `ExecReload`...), with `${VAR}` from its
/// `Environment=` lines expanded.
pub fn unit_commands(unit: &str, key: &str) -> Vec<String> {
    let env: Vec<(String, String)> = unit
        .lines()
        .filter_map(|l| l.strip_prefix("Environment="))
        .flat_map(|l| l.split_whitespace())
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (format!("${{{k}}}"), v.to_string()))
        .collect();
    unit.lines()
        .filter_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        .map(|c| env.iter().fold(c.to_string(), |c, (k, v)| c.replace(k, v)))
        .collect()
}

/// The value of a unit's `key=` line, if it has one.
pub fn unit_value(unit: &str, key: &str) -> Option<String> {
    unit.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        .map(|v| v.trim().to_string())
}
