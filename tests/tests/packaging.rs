//! `make deb` and `make rpm` produce installable packages: the agents land in
//! `/usr/lib/ocf/resource.d/rustha/`, heartbeat wrappers in `/etc/ha.d/resource.d/`, man pages;
//! and once the package's files are in place `pcs resource describe ocf:rustha:vip` works.
//! The "installation" happens in a private mount namespace, so the host is never modified.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Both builders run `make install` into the same `target/man`: one at a time.
static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn built_package(script: &str) -> PathBuf {
    let _one_at_a_time = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    // Package the profile these tests run against (`make deb` alone defaults to `dist`).
    let profile = std::env::var("RUSTHA_BIN_DIR")
        .ok()
        .and_then(|d| {
            Path::new(&d)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .filter(|n| n == "release" || n == "dist")
        .unwrap_or_else(|| "release".into());
    let out = run(Command::new(root().join("packaging").join(script))
        .env("PROFILE", profile)
        .current_dir(root()));
    let rel = out.lines().last().expect("package path").trim().to_string();
    let p = root().join(rel);
    assert!(p.exists(), "{} missing", p.display());
    p
}

struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn agents_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn deb_installs_agents_wrappers_and_man_pages() {
    rustha_tests::require_root();
    let deb = built_package("build-deb.sh");
    let tmp = TempDir(std::env::temp_dir().join(format!("rustha-deb-{}", std::process::id())));
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&tmp.0));
    let info = run(Command::new("dpkg-deb").arg("-I").arg(&deb));
    assert!(info.contains("Package: rustha"), "{info}");

    let ocf = tmp.0.join("usr/lib/ocf/resource.d/rustha");
    let agents = agents_in(&ocf);
    assert!(agents.contains(&"vip".to_string()), "{agents:?}");
    for a in &agents {
        assert!(
            tmp.0.join("etc/ha.d/resource.d").join(a).exists(),
            "no heartbeat wrapper for {a}"
        );
        assert!(
            tmp.0
                .join("usr/share/man/man8")
                .join(format!("{a}.8"))
                .exists(),
            "no man page for {a}"
        );
    }

    // As if installed: the package's agent directory where Pacemaker looks, in a private mount
    // namespace (a tmpfs over resource.d, the host's providers bound back in).
    // The host's providers are bound back in from a mount point the test owns (and removes).
    let host = TempDir(std::env::temp_dir().join(format!("rustha-ocf-{}", std::process::id())));
    std::fs::create_dir_all(&host.0).expect("mount point");
    let script = format!(
        "set -e; d=/usr/lib/ocf/resource.d; h={}; mount --bind $d $h; \
         mount -t tmpfs none $d; for p in $(ls $h); do mkdir $d/$p; mount --bind $h/$p $d/$p; done; \
         mkdir -p $d/rustha; mount --bind {} $d/rustha; \
         pcs resource describe ocf:rustha:vip; crm_resource --list-agents ocf:rustha",
        host.0.display(),
        ocf.display()
    );
    let out =
        run(Command::new("unshare").args(["-m", "--propagation", "private", "sh", "-c", &script]));
    assert!(out.contains("ocf:rustha:vip"), "{out}");
    for p in ["ip (required) (unique)", "cidr_netmask", "nic", "arp_count"] {
        assert!(out.contains(p), "pcs resource describe lacks {p}:\n{out}");
    }
    for a in &agents {
        assert!(
            out.lines().any(|l| l.trim() == a),
            "crm_resource does not list {a}:\n{out}"
        );
    }
}

#[test]
fn rpm_contains_agents_wrappers_and_man_pages() {
    rustha_tests::require_root();
    let rpm = built_package("build-rpm.sh");
    let files = run(Command::new("rpm").arg("-qlp").arg(&rpm));
    for f in [
        "/usr/lib/ocf/resource.d/rustha/vip",
        "/etc/ha.d/resource.d/vip",
        "/usr/share/man/man8/vip.8",
    ] {
        assert!(
            files.lines().any(|l| l == f),
            "{} lacks {f}:\n{files}",
            rpm.display()
        );
    }
}
