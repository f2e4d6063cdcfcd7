//! `make deb` and `make rpm` build packages a distribution would accept: lintian and rpmlint
//! find no errors (their output is printed; every remaining finding is overridden in
//! `packaging/` with its reason), binaries are stripped, every command on `PATH` has its man
//! page, `/etc` holds only conffiles, and the systemd units read the agents' default paths.
//! The packages' account scripts run in a private mount namespace against a copy of `/etc`
//! without the `haproxy` account, and the .rpm is installed with `rpm -i --root` into a
//! scratch root (an overlay over the clean Debian system of `clean_system.rs`), so the host is
//! never modified. The .deb's own install on a clean system is `clean_system.rs`.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use rustha_harness::cleanroot::CleanRoot;
use rustha_harness::packages::{self, run, unit_commands};
use rustha_harness::proxy::TempDir;
use rustha_harness::AGENTS;

/// Prints `text` under a heading, so it shows in `make test` output when the test passes too.
fn show(heading: &str, text: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "--- {heading}\n{}",
        text.trim_end()
    );
}

/// The value of `Field:` in a deb's control file.
fn field<'a>(control: &'a str, name: &str) -> &'a str {
    control
        .lines()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(": ")))
        .unwrap_or_else(|| panic!("no {name} in\n{control}"))
}

/// Whether an ELF file still carries debug information or a symbol table.
fn has_debug_info(file: &Path) -> bool {
    let sections = run(Command::new("readelf").args(["-S", "-W"]).arg(file));
    sections.contains(".debug_info") || sections.contains(".symtab")
}

/// The default a parameter has in the checked-in meta-data of `agent`.
fn metadata_default(agent: &str, param: &str) -> Option<String> {
    let xml = std::fs::read_to_string(
        rustha_harness::repo_root()
            .join("ocf-metadata")
            .join(format!("{agent}.xml")),
    )
    .unwrap();
    let at = xml.find(&format!("<parameter name=\"{param}\""))?;
    let rest = &xml[at..xml[at..].find("</parameter>")? + at];
    let d = rest.split("default=\"").nth(1)?;
    Some(d[..d.find('"')?].to_string())
}

/// Runs `script ARG` (a package's maintainer script) `runs` times in a private mount namespace
/// whose `/etc` is a copy of the host's without the `haproxy` user and group, and returns that copy's
/// `passwd` and `group` entries for `haproxy` afterwards, and the owner and mode of
/// `/var/lib/haproxy` (made in a tmpfs over `/var/lib`).
fn account_after(script: &Path, arg: &str, runs: usize) -> (String, String, String) {
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
         {runs} \
         echo \"passwd=$(getent passwd haproxy)\"; echo \"group=$(getent group haproxy)\"; \
         echo \"jail=$(stat -c '%U %a' /var/lib/haproxy)\"",
        etc = etc.display(),
        runs = format!("sh {} {arg}; ", script.display()).repeat(runs),
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
fn assert_haproxy_account(script: &Path, arg: &str, runs: usize) {
    let (passwd, group, jail) = account_after(script, arg, runs);
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
fn deb_passes_lintian_with_stripped_binaries_man_pages_and_conffiles() {
    rustha_harness::require_root();
    let pkgs = packages::build("build-deb.sh");
    let deb = packages::pick(&pkgs, "rustha_");
    let dbgsym = packages::pick(&pkgs, "rustha-dbgsym_");

    let out = Command::new("lintian")
        .args(["--pedantic", "--display-info", "--show-overrides"])
        .args([deb, dbgsym])
        .output()
        .expect("lintian (tests/scripts/deps.sh installs it)");
    let lint = String::from_utf8_lossy(&out.stdout).into_owned();
    show("lintian --pedantic --display-info --show-overrides", &lint);
    let lines = |tag: &str| lint.lines().filter(|l| l.starts_with(tag)).count();
    assert!(
        out.status.success() && lines("E:") == 0 && lines("W:") == 0,
        "lintian: {} errors, {} warnings not overridden:\n{lint}{}",
        lines("E:"),
        lines("W:"),
        String::from_utf8_lossy(&out.stderr)
    );

    let control = run(Command::new("dpkg-deb").args(["-f"]).arg(deb));
    let depends = field(&control, "Depends");
    for d in ["libc6 (>= ", "adduser"] {
        assert!(depends.contains(d), "Depends lacks {d}: {depends}");
    }
    let recommends = field(&control, "Recommends");
    for r in [
        "pacemaker",
        "resource-agents",
        "iproute2",
        "iptables | nftables",
        "rsync",
    ] {
        assert!(recommends.contains(r), "Recommends lacks {r}: {recommends}");
    }
    for a in AGENTS {
        assert!(
            control.contains(&format!("- {a}:")),
            "the description leaves out {a}"
        );
    }

    let tmp = TempDir::new("deb");
    run(Command::new("dpkg-deb").arg("-x").arg(deb).arg(&tmp.0));
    let dbg = TempDir::new("dbgsym");
    run(Command::new("dpkg-deb").arg("-x").arg(dbgsym).arg(&dbg.0));
    let ocf = tmp.0.join("usr/lib/ocf/resource.d/rustha");
    for a in AGENTS {
        let bin = ocf.join(a);
        assert!(!has_debug_info(&bin), "{a} is not stripped");
        // Its debug information is in the dbgsym package, under its build id.
        let notes = run(Command::new("readelf").arg("-n").arg(&bin));
        let id = notes
            .lines()
            .find_map(|l| l.trim().strip_prefix("Build ID: "))
            .unwrap_or_else(|| panic!("{a} has no build id"));
        let debug = dbg
            .0
            .join("usr/lib/debug/.build-id")
            .join(&id[..2])
            .join(format!("{}.debug", &id[2..]));
        assert!(
            has_debug_info(&debug),
            "no debug information for {a} in {}",
            debug.display()
        );

        // On PATH as rustha-<agent>, a link to the agent, with its man page under that name.
        let link = tmp.0.join(format!("usr/sbin/rustha-{a}"));
        assert_eq!(
            std::fs::read_link(&link).unwrap(),
            Path::new("../lib/ocf/resource.d/rustha").join(a)
        );
        let man = tmp.0.join(format!("usr/share/man/man8/rustha-{a}.8.gz"));
        let page = run(Command::new("zcat").arg(&man));
        assert!(
            page.contains(&format!(".TH rustha-{a} 8")),
            "{}",
            man.display()
        );
        assert!(
            tmp.0.join("etc/ha.d/resource.d").join(a).exists(),
            "no heartbeat wrapper for {a}"
        );
    }
    for f in ["copyright", "changelog.gz"] {
        assert!(
            tmp.0.join("usr/share/doc/rustha").join(f).exists(),
            "no {f}"
        );
    }

    // Every file under /etc is a conffile.
    let control_dir = tmp.0.join("DEBIAN");
    run(Command::new("dpkg-deb")
        .arg("-e")
        .arg(deb)
        .arg(&control_dir));
    let conffiles = std::fs::read_to_string(control_dir.join("conffiles")).unwrap();
    let etc = run(Command::new("find")
        .arg(tmp.0.join("etc"))
        .args(["-type", "f"]));
    for f in etc.lines() {
        let f = f.strip_prefix(tmp.0.to_str().unwrap()).unwrap();
        assert!(
            conffiles.lines().any(|c| c == f),
            "{f} is not a conffile:\n{conffiles}"
        );
    }

    // The units run the commands on PATH, on the files the agents and the package use.
    let units = tmp.0.join("lib/systemd/system");
    let unit = |name: &str| std::fs::read_to_string(units.join(name)).unwrap();
    let pgsqlchk = unit_commands(&unit("rustha-pgsqlchk.service"), "ExecStart");
    let default = metadata_default("pgsqlchk", "config").expect("pgsqlchk's config default");
    assert_eq!(
        pgsqlchk,
        [format!("/usr/sbin/rustha-pgsqlchk run --config {default}")]
    );
    let proxy = unit("rustha-proxy.service");
    assert_eq!(
        unit_commands(&proxy, "ExecStart"),
        ["/usr/sbin/rustha-proxy run -f /etc/rustha/haproxy.cfg -p /run/rustha-proxy.pid"]
    );
    // reload: the file is checked, then the daemon reloads in place.
    assert_eq!(
        unit_commands(&proxy, "ExecReload"),
        [
            "/usr/sbin/rustha-proxy check -q -f /etc/rustha/haproxy.cfg",
            "/bin/kill -HUP $MAINPID"
        ]
    );
    let filesync = unit("rustha-filesync.service");
    assert_eq!(
        unit_commands(&filesync, "ExecStart"),
        ["/usr/sbin/rustha-filesync run --config /etc/rustha/filesync.conf"]
    );
    assert_eq!(
        unit_commands(&filesync, "ExecReload"),
        ["/bin/kill -HUP $MAINPID"]
    );
    for f in ["etc/rustha/haproxy.cfg", "etc/rustha/filesync.conf"] {
        assert!(
            tmp.0.join(f).exists(),
            "a unit reads /{f}, which the package lacks"
        );
    }
    for name in [
        "rustha-proxy.service",
        "rustha-pgsqlchk.service",
        "rustha-filesync.service",
    ] {
        let u = unit(name);
        for k in [
            "NoNewPrivileges=yes",
            "ProtectSystem=",
            "CapabilityBoundingSet=",
            "PrivateTmp=yes",
        ] {
            assert!(u.contains(k), "{name} lacks {k}");
        }
    }
    // The example the pgsqlchk unit's configuration starts from is the one the agent reads.
    let example = tmp.0.join("usr/share/doc/rustha/examples/pgsqlchk.json");
    let out = Command::new(ocf.join("pgsqlchk"))
        .args(["--config"])
        .arg(&example)
        .arg("validate-all")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pgsqlchk validate-all on the example: {out:?}"
    );

    // The account script, twice: the second run finds everything in place.
    let postinst = control_dir.join("postinst");
    assert_haproxy_account(&postinst, "configure", 2);
}

#[test]
fn rpm_passes_rpmlint_and_installs_into_a_scratch_root() {
    rustha_harness::require_root();
    let pkgs = packages::build("build-rpm.sh");
    let rpm = packages::pick(&pkgs, "rustha-");
    let files = run(Command::new("rpm").arg("-qlp").arg(rpm));
    show("rpm -qlp", &files);
    let mut want = vec![
        "/etc/rustha/haproxy.cfg".to_string(),
        "/usr/lib/systemd/system/rustha-proxy.service".into(),
        "/usr/share/doc/rustha/copyright".into(),
        "/usr/sbin/rustha".into(),
        "/usr/share/man/man8/rustha.8.gz".into(),
    ];
    for a in AGENTS {
        want.push(format!("/usr/lib/ocf/resource.d/rustha/{a}"));
        want.push(format!("/usr/sbin/rustha-{a}"));
        want.push(format!("/usr/share/man/man8/rustha-{a}.8.gz"));
        want.push(format!("/etc/ha.d/resource.d/{a}"));
    }
    for f in &want {
        assert!(files.lines().any(|l| l == f), "{} lacks {f}", rpm.display());
    }
    let scripts = run(Command::new("rpm").args(["-qp", "--scripts"]).arg(rpm));
    show("rpm -qp --scripts", &scripts);

    let config = rustha_harness::repo_root().join("packaging/rpm/rpmlint.toml");
    let out = Command::new("rpmlint")
        .arg("-c")
        .arg(&config)
        .arg(rpm)
        .output()
        .expect("rpmlint (tests/scripts/deps.sh installs it)");
    let lint = String::from_utf8_lossy(&out.stdout).into_owned();
    show("rpmlint -c packaging/rpm/rpmlint.toml", &lint);
    assert!(
        out.status.success() && lint.contains(" 0 errors, 0 warnings"),
        "rpmlint:\n{lint}{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The %pre scriptlet, run as rpm would run it (sh), against a copy of /etc, twice.
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
    assert_haproxy_account(&script, "1", 2);

    // rpm -i into a scratch root. Its rpm database is empty, so rpm cannot see that the root
    // has a C library and a shell: --nodeps.
    let root = CleanRoot::new();
    let dir = root.path();
    let rpm_in = |args: &[&str]| run(root.outside("rpm").arg("--root").arg(&dir).args(args));
    rpm_in(&["--initdb"]);
    rpm_in(&["-i", "--nodeps", rpm.to_str().unwrap()]);
    assert_eq!(
        rpm_in(&["-q", "rustha"]).trim(),
        format!("rustha-{}-1.x86_64", env!("CARGO_PKG_VERSION"))
    );
    let verify = rpm_in(&["-V", "--nodeps", "rustha"]);
    assert!(verify.is_empty(), "rpm -V:\n{verify}");
    for a in AGENTS {
        let help = root.ok(&format!("rustha-{a} --help"));
        assert!(help.contains(&format!("Usage: rustha-{a} ")), "{help}");
    }
    let passwd = root.ok("getent passwd haproxy");
    assert!(
        passwd.starts_with("haproxy:") && passwd.contains(":/var/lib/haproxy:"),
        "{passwd}"
    );
    rpm_in(&["-e", "--nodeps", "rustha"]);
    let left = root.sh("ls /usr/lib/ocf/resource.d/rustha /usr/sbin/rustha-vip");
    assert!(!left.status.success(), "rpm -e left files: {left:?}");
}
