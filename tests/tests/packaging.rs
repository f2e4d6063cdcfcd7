//! `make deb` and `make rpm` produce installable packages: the agents land in
//! `/usr/lib/ocf/resource.d/rustha/`, heartbeat wrappers in `/etc/ha.d/resource.d/`, man pages;
//! and once the package's files are in place `pcs resource describe ocf:rustha:vip` works.
//! The "installation" happens in a private mount namespace, so the host is never modified: so
//! does the run of the packages' account scripts, against a copy of `/etc` without the
//! `haproxy` account.

use std::path::{Path, PathBuf};
use std::process::Command;

use rustha_tests::proxy::TempDir;

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

fn agents_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs `script ARG` (a package's maintainer script) in a private mount namespace whose `/etc`
/// is a copy of the host's without the `haproxy` user and group, and returns that copy's
/// `passwd` and `group` entries for `haproxy` afterwards, and the owner and mode of
/// `/var/lib/haproxy` (made in a tmpfs over `/var/lib`).
fn account_after(script: &Path, arg: &str) -> (String, String, String) {
    let tmp = TempDir::new("etc");
    let etc = tmp.0.join("etc");
    // /run/systemd is hidden too, so a script that would reload systemd does not reach the
    // host's, and /var/lib is a tmpfs, so the jail the scripts make is not the host's.
    let sh = format!(
        "set -e; cp -a /etc {etc}; \
         for f in passwd group shadow gshadow; do [ -e {etc}/$f ] && sed -i '/^haproxy:/d' {etc}/$f; done; \
         mount --bind {etc} /etc; [ -d /run/systemd ] && mount -t tmpfs none /run/systemd; \
         mount -t tmpfs none /var/lib; \
         if getent passwd haproxy; then echo 'the copy still has haproxy' >&2; exit 1; fi; \
         sh {script} {arg}; \
         echo \"passwd=$(getent passwd haproxy)\"; echo \"group=$(getent group haproxy)\"; \
         echo \"jail=$(stat -c '%U %a' /var/lib/haproxy)\"",
        etc = etc.display(),
        script = script.display(),
    );
    let out =
        run(Command::new("unshare").args(["-m", "--propagation", "private", "sh", "-c", &sh]));
    let field = |k: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap_or_default()
            .to_string()
    };
    (field("passwd="), field("group="), field("jail="))
}

/// `user haproxy` / `group haproxy` (seed 000's haproxy.cfg) must resolve on a machine without
/// HAProxy's package: the account is a locked system one in its own group, with no shell.
fn assert_haproxy_account(script: &Path, arg: &str) {
    let (passwd, group, jail) = account_after(script, arg);
    // Its home is the jail Debian's haproxy.cfg names: root's and empty.
    assert_eq!(jail, "root 755", "{}", script.display());
    let f: Vec<&str> = passwd.split(':').collect();
    assert_eq!(
        f.len(),
        7,
        "no haproxy user after {}: {passwd:?}",
        script.display()
    );
    assert_eq!(f[0], "haproxy");
    let uid: u32 = f[2].parse().unwrap();
    assert!(uid < 1000, "not a system user: {passwd}");
    assert_eq!(f[5], "/var/lib/haproxy", "{passwd}");
    assert!(
        f[6].ends_with("nologin") || f[6] == "/bin/false",
        "{passwd}"
    );
    let g: Vec<&str> = group.split(':').collect();
    assert_eq!(g.first(), Some(&"haproxy"), "no haproxy group: {group:?}");
    assert_eq!(
        g[2], f[3],
        "the user's primary group is not haproxy: {passwd} / {group}"
    );
}

#[test]
fn deb_installs_agents_wrappers_and_man_pages() {
    rustha_tests::require_root();
    let deb = built_package("build-deb.sh");
    let tmp = TempDir::new("deb");
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&tmp.0));
    let info = run(Command::new("dpkg-deb").arg("-I").arg(&deb));
    assert!(info.contains("Package: rustha"), "{info}");
    assert!(info.contains("Depends: libc6, adduser"), "{info}");
    let control = tmp.0.join("DEBIAN");
    run(Command::new("dpkg-deb").arg("-e").arg(&deb).arg(&control));
    assert_haproxy_account(&control.join("postinst"), "configure");

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
    let host = TempDir::new("ocf");
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
    // The %pre scriptlet, run as rpm would run it (sh), against a copy of /etc.
    let scripts = run(Command::new("rpm").args(["-qp", "--scripts"]).arg(&rpm));
    let pre: String = scripts
        .lines()
        .skip_while(|l| !l.starts_with("preinstall scriptlet"))
        .skip(1)
        .take_while(|l| !l.ends_with("scriptlet (using /bin/sh):"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(pre.contains("useradd"), "no %pre scriptlet:\n{scripts}");
    let tmp = TempDir::new("rpm");
    let script = tmp.write("pre.sh", &pre);
    assert_haproxy_account(&script, "1");
}
