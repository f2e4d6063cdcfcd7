//! `--apply`: the plan's commands run against a copy of the local cluster's CIB, pushed back in
//! one step only when every command succeeded, so a failure leaves the cluster as it was.

use std::path::PathBuf;
use std::process::Command;

use rustha::{Error, Result};

use crate::plan::Plan;

/// A private directory (mode 0700, unpredictable name: no one else can plant a file or link
/// where pcs writes as root) holding the copy of the CIB, removed however the run ends.
struct TempCib(PathBuf);

impl TempCib {
    fn new() -> Result<TempCib> {
        let dir = nix::unistd::mkdtemp(&std::env::temp_dir().join("rustha-migrate-XXXXXX"))
            .map_err(|e| Error::io("creating a directory for the CIB copy", e.into()))?;
        Ok(TempCib(dir))
    }

    fn file(&self) -> PathBuf {
        self.0.join("cib.xml")
    }
}

impl Drop for TempCib {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn pcs_on_path() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("pcs").is_file()))
}

fn run(args: &[String]) -> Result<()> {
    let out = Command::new("pcs")
        .args(args)
        .output()
        .map_err(|e| Error::io("running pcs", e))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    Err(Error::Failed(format!(
        "`pcs {}` failed ({}): {}; the cluster was not changed",
        args.join(" "),
        out.status,
        format!("{} {}", stderr.trim(), stdout.trim()).trim()
    )))
}

/// Undo the files this run created.
fn remove(files: &[String]) {
    for f in files {
        let _ = std::fs::remove_file(f);
    }
}

/// Run `plan` against the local cluster.
pub fn apply(plan: &Plan) -> Result<()> {
    if !pcs_on_path() {
        return Err(Error::NotInstalled(
            "pcs is not on PATH: --apply needs it (or print the script and run it where pcs is)"
                .into(),
        ));
    }
    // A configuration file the migration writes must not replace a different one.
    for (path, text) in plan.files() {
        if let Ok(old) = std::fs::read_to_string(path) {
            if old != text {
                return Err(Error::Configuration(format!(
                    "{path} exists with other content: move it away (or choose another path) and run again; the cluster was not changed"
                )));
            }
        }
    }
    let cib = TempCib::new()?;
    let path = cib.file().display().to_string();
    run(&["cluster".into(), "cib".into(), path.clone()])?;
    for cmd in plan.commands() {
        let mut args = vec!["-f".to_string(), path.clone()];
        args.extend(cmd.iter().cloned());
        run(&args)?;
        eprintln!("pcs {}", cmd.join(" "));
    }
    let mut written = Vec::new();
    for (file, text) in plan.files() {
        let fresh = !std::path::Path::new(file).exists();
        let wrote = std::path::Path::new(file)
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(file, text));
        if let Err(e) = wrote {
            remove(&written);
            return Err(Error::io(
                format!("writing {file}; the cluster was not changed"),
                e,
            ));
        }
        if fresh {
            written.push(file.to_string());
        }
        eprintln!("wrote {file}: copy it to every other node of the cluster");
    }
    if let Err(e) = run(&["cluster".into(), "cib-push".into(), path, "--config".into()]) {
        remove(&written);
        return Err(e);
    }
    eprintln!("rustha migrate: the cluster configuration was pushed");
    Ok(())
}
