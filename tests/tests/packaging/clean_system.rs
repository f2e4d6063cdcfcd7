//! The .deb as an administrator installs it: `apt-get install ./rustha_*.deb` on a clean
//! Debian 12 system (debootstrap, cached; see `rustha_harness::cleanroot`), then what they would
//! try first: Pacemaker and pcs describing every agent, each command's `--help` and man page,
//! a heartbeat wrapper, the systemd units through `systemd-analyze verify` and their daemons run
//! in the units' sandboxes, and a one-node Pacemaker cluster in that system running a `vip` and
//! a `proxy` from the installed files.
//! Then `apt-get remove` (the configuration stays) and `apt-get purge` (nothing of rustha
//! stays: the system's file list before the install and after the purge are compared).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use rustha_harness::cleanroot::CleanRoot;
use rustha_harness::packages::{self, unit_commands};
use rustha_harness::AGENTS;

/// corosync.conf of the one node, on the root's own loopback.
const COROSYNC_CONF: &str = "totem {
  version: 2
  cluster_name: rustha-clean
  transport: knet
  crypto_cipher: none
  crypto_hash: none
}
nodelist {
  node {
    ring0_addr: 127.0.0.1
    name: node1
    nodeid: 1
  }
}
quorum {
  provider: corosync_votequorum
}
logging {
  to_logfile: yes
  logfile: /var/log/pacemaker/corosync.log
  to_syslog: no
  to_stderr: no
}
";

/// The proxy's configuration: its own stats page behind a second listener, all on loopback.
const LB_CFG: &str = "global
    maxconn 100
defaults
    mode http
    timeout client 10s
    timeout connect 2s
    timeout server 10s
listen stats
    bind 127.0.0.1:7000
    stats enable
    stats uri /
listen web
    bind 127.0.0.1:8080
    server s1 127.0.0.1:7000 check inter 1s
";

/// Where the cluster keeps its state: tmpfs while it runs, so what stays in the root is only
/// what the packages leave.
const CLUSTER_DIRS: &str =
    "/var/lib/pacemaker /var/lib/corosync /etc/corosync /var/log/pacemaker /var/log/corosync";

/// Every file, directory and link of the root, as `TYPE PATH` lines, without the file systems
/// mounted over it (`find -xdev` would not do: overlayfs reports its files' own devices).
fn listing(root: &CleanRoot) -> BTreeSet<String> {
    root.ok(
        "find / \\( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
         -o -path /mnt/host \\) -prune -o -printf '%y %p\\n'",
    )
    .lines()
    .map(str::to_string)
    .collect()
}

/// What apt, dpkg, debconf and man-db change on any install and removal (logs, caches, their
/// databases' backup copies); none of it is the package's, but for man-db's cache of the pages
/// it formatted, which its own daily job expires.
fn bookkeeping(line: &str) -> bool {
    let path = line.split_once(' ').map_or(line, |(_, p)| p);
    path.starts_with("/var/cache/man/")
        || [
            "/var/log/",
            "/var/cache/",
            "/var/lib/apt/",
            "/var/lib/dpkg/",
            "/var/lib/man-db/",
        ]
        .iter()
        .any(|p| path.starts_with(p))
            && !path.contains("rustha")
}

fn wait_for(root: &CleanRoot, what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !cond() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}:\n{}",
            String::from_utf8_lossy(
                &root
                    .sh("ps -ef; crm_mon -1 2>&1; tail -n 40 /var/log/pacemaker/pacemaker.log")
                    .stdout
            )
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn start_cluster(root: &mut CleanRoot) {
    root.ok(&format!(
        "set -e; for d in {CLUSTER_DIRS}; do mkdir -p $d; mount -t tmpfs -o mode=755 cluster-state $d; done
         mkdir -p /var/lib/pacemaker/cib /var/lib/pacemaker/pengine /var/lib/pacemaker/blackbox \
                  /var/lib/pacemaker/cores /var/log/pacemaker/bundles /etc/corosync/uidgid.d
         cat > /etc/corosync/corosync.conf <<'EOF'\n{COROSYNC_CONF}EOF
         cat > /var/lib/pacemaker/cib/cib.xml <<'EOF'\n{cib}\nEOF
         chmod 600 /var/lib/pacemaker/cib/cib.xml
         chown -R hacluster:haclient /var/lib/pacemaker /var/log/pacemaker",
        // The lab's: no fencing (no fence devices here), a short DC dead time.
        cib = rustha_lab::lab::seed_cib()
    ));
    root.spawn(&["corosync", "-f"], &[]);
    wait_for(root, "corosync", Duration::from_secs(20), || {
        root.sh("corosync-cfgtool -s").status.success()
    });
    root.spawn(&["pacemakerd"], &["PCMK_logfacility=none"]);
    wait_for(root, "node1 online as DC", Duration::from_secs(90), || {
        let out = root.sh("crm_mon -1");
        let out = String::from_utf8_lossy(&out.stdout);
        out.contains("Current DC: node1") && out.contains("Online: [ node1 ]")
    });
}

/// Stops Pacemaker, then Corosync (only this root's: its PID namespace is its own), and takes
/// the cluster's tmpfs away.
fn stop_cluster(root: &CleanRoot) {
    root.ok("kill -TERM $(pidof pacemakerd)");
    wait_for(root, "Pacemaker to stop", Duration::from_secs(60), || {
        !root
            .sh("pidof pacemakerd pacemaker-controld")
            .status
            .success()
    });
    root.ok("corosync-cfgtool -H --force || kill -TERM $(pidof corosync)");
    wait_for(root, "Corosync to stop", Duration::from_secs(30), || {
        !root.sh("pidof corosync").status.success()
    });
    root.ok(&format!("for d in {CLUSTER_DIRS}; do umount $d; done"));
}

fn started(root: &CleanRoot, res: &str) -> bool {
    let out = root.sh(&format!("crm_resource --locate --resource {res}"));
    String::from_utf8_lossy(&out.stdout).contains("is running on: node1")
}

/// Starts the daemon of `unit` in the root, in the background, inside the sandbox the unit
/// asks systemd for. systemd does not run here, so the sandbox is rebuilt from the unit's own
/// lines with what systemd uses underneath: a mount namespace for `RuntimeDirectory`,
/// `PrivateTmp`, `ProtectHome` and `ProtectSystem`, and `setpriv` for `CapabilityBoundingSet`
/// and `NoNewPrivileges`. `ExecStartPre` runs first, as systemd runs it.
fn spawn_as_unit(root: &mut CleanRoot, unit: &str) {
    let text = root.ok(&format!("cat /lib/systemd/system/{unit}"));
    let value = |k: &str| packages::unit_value(&text, k);
    for pre in unit_commands(&text, "ExecStartPre") {
        root.ok(&pre);
    }
    let ro =
        |d: &str| format!("[ -d {d} ] && mount --bind {d} {d} && mount -o remount,bind,ro {d}\n");
    let mut sh = String::from("set -e\n");
    if let Some(d) = value("RuntimeDirectory") {
        sh += &format!("mkdir -p /run/{d}; mount --bind /run/{d} /run/{d}\n");
    }
    if value("PrivateTmp").as_deref() == Some("yes") {
        sh += "mount -t tmpfs unit-tmp /tmp; mount -t tmpfs unit-tmp /var/tmp\n";
    }
    match value("ProtectHome").as_deref() {
        Some("yes") => sh += "for d in /home /root; do mount -t tmpfs -o ro unit-home $d; done\n",
        Some("read-only") => sh += &(ro("/home") + &ro("/root")),
        _ => {}
    }
    match value("ProtectSystem").as_deref() {
        Some("full") => sh += &(ro("/usr") + &ro("/boot") + &ro("/etc")),
        // Everything read-only but the API file systems and the runtime directory (bound
        // above, so it keeps its own, writable, mount).
        Some("strict") => sh += "mount -o remount,bind,ro /; mount -o remount,bind,ro /run\n",
        Some(other) => panic!("{unit}: ProtectSystem={other} not emulated here"),
        None => {}
    }
    let caps = value("CapabilityBoundingSet").expect("a capability bounding set");
    let caps: Vec<String> = caps
        .split_whitespace()
        .map(|c| format!("+{}", c.trim_start_matches("CAP_").to_lowercase()))
        .collect();
    let nnp = if value("NoNewPrivileges").as_deref() == Some("yes") {
        "--no-new-privs"
    } else {
        ""
    };
    let exec = unit_commands(&text, "ExecStart").remove(0);
    sh += &format!(
        "exec setpriv {nnp} --inh-caps=-all --bounding-set=-all,{} {exec}\n",
        caps.join(",")
    );
    root.spawn(
        &["unshare", "-m", "--propagation", "private", "sh", "-c", &sh],
        &[],
    );
}

/// The HTTP status `curl` gets from `url` in the root's network namespace (the host's binary,
/// the root's loopback); "000" when it cannot connect.
fn curl(root: &CleanRoot, url: &str) -> String {
    let out = root
        .outside("curl")
        .args([
            "-sS",
            "--max-time",
            "10",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            url,
        ])
        .output()
        .expect("curl");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The proxy's configuration for its unit: what a packaged HAProxy setup asks of the daemon
/// (a port below 1024, the `haproxy` account, the jail, an admin socket), on loopback.
const UNIT_PROXY_CFG: &str = "global
    user haproxy
    group haproxy
    chroot /var/lib/haproxy
    stats socket /run/rustha-proxy-admin.sock mode 600 level admin
defaults
    mode http
    timeout client 10s
    timeout connect 2s
    timeout server 10s
listen stats
    bind 127.0.0.1:80
    stats enable
    stats uri /
";

/// pgsqlchk's configuration (the seed guide's format) for a PostgreSQL that is not there: the
/// check answers 503.
const UNIT_PGSQLCHK_JSON: &str = r#"{"database_host": "127.0.0.1", "health_check_user_password": "unused",
 "webserver_host": "127.0.0.1", "webservers": [{"target_port": 5432, "listen_port": 25432}]}
"#;

const UNIT_FILESYNC_CONF: &str = "source = /srv/from
target = /srv/to
delay = 200ms
";

/// Each unit's daemon runs in the unit's sandbox and does its job; proxy and filesync reload as
/// `ExecReload` asks; then each stops on SIGTERM, as systemd stops it.
fn daemons_in_their_units(root: &mut CleanRoot) {
    // proxy: the packaged /etc/rustha/haproxy.cfg, edited as an administrator would.
    root.ok(&format!(
        "cat > /etc/rustha/haproxy.cfg <<'EOF'\n{UNIT_PROXY_CFG}EOF"
    ));
    spawn_as_unit(root, "rustha-proxy.service");
    wait_for(
        root,
        "the proxy unit's stats page",
        Duration::from_secs(20),
        || curl(root, "http://127.0.0.1:80/;csv") == "200",
    );
    let user = root.ok("ps -o user= -L -p $(cat /run/rustha-proxy.pid) | sort -u");
    assert!(
        user.contains("haproxy"),
        "no thread of the proxy runs as haproxy: {user}"
    );
    // reload: a second listener appears, the first stays.
    root.ok("printf 'listen more\\n    bind 127.0.0.1:81\\n    stats enable\\n    stats uri /\\n' >> /etc/rustha/haproxy.cfg");
    let proxy = root.ok("cat /lib/systemd/system/rustha-proxy.service");
    for cmd in unit_commands(&proxy, "ExecReload") {
        root.ok(&cmd.replace("$MAINPID", "$(cat /run/rustha-proxy.pid)"));
    }
    wait_for(
        root,
        "the reloaded proxy's second listener",
        Duration::from_secs(20),
        || curl(root, "http://127.0.0.1:81/") == "200",
    );
    assert_eq!(curl(root, "http://127.0.0.1:80/;csv"), "200");

    // pgsqlchk: the agent's default configuration path, which its unit reads.
    root.ok(&format!(
        "mkdir -p /etc/psqlchk && cat > /etc/psqlchk/config.json <<'EOF'\n{UNIT_PGSQLCHK_JSON}EOF\n\
         chmod 600 /etc/psqlchk/config.json"
    ));
    spawn_as_unit(root, "rustha-pgsqlchk.service");
    wait_for(
        root,
        "the pgsqlchk unit's listener",
        Duration::from_secs(20),
        || curl(root, "http://127.0.0.1:25432/") == "503",
    );

    // filesync: a local copy, so the sync is visible here.
    root.ok(&format!(
        "mkdir -p /srv/from /srv/to && echo one > /srv/from/a && \
         cat > /etc/rustha/filesync.conf <<'EOF'\n{UNIT_FILESYNC_CONF}EOF"
    ));
    spawn_as_unit(root, "rustha-filesync.service");
    wait_for(
        root,
        "filesync's first copy",
        Duration::from_secs(30),
        || root.sh("grep -qx one /srv/to/a").status.success(),
    );
    root.ok("echo two > /srv/from/b");
    wait_for(
        root,
        "filesync copying a new file",
        Duration::from_secs(30),
        || root.sh("grep -qx two /srv/to/b").status.success(),
    );

    for (comm, unit) in [
        ("rustha-proxy", "rustha-proxy.service"),
        ("rustha-pgsqlchk", "rustha-pgsqlchk.service"),
        ("rustha-filesync", "rustha-filesync.service"),
    ] {
        let text = root.ok(&format!("cat /lib/systemd/system/{unit}"));
        let signal = packages::unit_value(&text, "KillSignal").unwrap_or_else(|| "SIGTERM".into());
        root.ok(&format!(
            "kill -s {} $(pidof {comm})",
            signal.trim_start_matches("SIG")
        ));
        wait_for(
            root,
            &format!("{comm} to stop"),
            Duration::from_secs(30),
            || !root.sh(&format!("pidof {comm}")).status.success(),
        );
    }
    // What the administrator added goes again (the package's files stay).
    root.ok("rm -r /etc/psqlchk /srv/from /srv/to");
}

#[test]
fn deb_on_a_clean_debian_system() {
    rustha_harness::require_root();
    let t0 = Instant::now();
    let pkgs = packages::build("build-deb.sh");
    let deb = packages::pick(&pkgs, "rustha_");
    let mut root = CleanRoot::new();
    let before = listing(&root);
    assert!(
        before.contains("d /usr/lib/ocf/resource.d/heartbeat") && before.contains("f /etc/passwd"),
        "the listing of the clean system misses what it has"
    );
    assert!(
        !root.sh("dpkg -s rustha").status.success(),
        "the clean system already has rustha"
    );

    // apt-get resolves the declared dependencies from what the system has: no network here.
    let inside = root.hand_in(deb);
    let (dir, file) = inside.rsplit_once('/').unwrap();
    root.ok(&format!("cd {dir} && apt-get install -y -q ./{file}"));
    let status = root.ok("dpkg-query -W -f='${Status}' rustha");
    assert_eq!(status, "install ok installed");
    // The maintainer scripts are idempotent: configure again changes nothing.
    let account = "getent passwd haproxy; getent group haproxy; stat -c '%U %a' /var/lib/haproxy";
    let first = root.ok(account);
    root.ok("/var/lib/dpkg/info/rustha.postinst configure 0.1.0");
    assert_eq!(root.ok(account), first);
    eprintln!("installed in {:.0?}", t0.elapsed());

    // Pacemaker and pcs see every agent; their meta-data is what the repository holds.
    let checked_in = rustha_harness::repo_root().join("ocf-metadata");
    for a in AGENTS {
        let xml = root.ok(&format!("crm_resource --show-metadata ocf:rustha:{a}"));
        let want = std::fs::read_to_string(checked_in.join(format!("{a}.xml"))).unwrap();
        assert_eq!(
            xml.trim(),
            want.trim(),
            "crm_resource --show-metadata ocf:rustha:{a}"
        );
        let described = root.ok(&format!("pcs resource describe ocf:rustha:{a}"));
        assert!(
            described.starts_with(&format!("ocf:rustha:{a} - "))
                && described.contains("Resource options:"),
            "pcs resource describe ocf:rustha:{a}:\n{described}"
        );
    }
    let listed = root.ok("crm_resource --list-agents ocf:rustha");
    let mut listed: Vec<&str> = listed.lines().map(str::trim).collect();
    listed.sort_unstable();
    let mut all = AGENTS.to_vec();
    all.sort_unstable();
    assert_eq!(listed, all, "crm_resource --list-agents ocf:rustha");

    // Every command on PATH under its rustha- name, with --help and a man page by that name.
    for a in AGENTS {
        let cmd = format!("rustha-{a}");
        assert_eq!(
            root.ok(&format!("command -v {cmd}")).trim(),
            format!("/usr/sbin/{cmd}")
        );
        let help = root.ok(&format!("{cmd} --help"));
        assert!(
            help.contains(&format!("Usage: {cmd} ")),
            "{cmd} --help:\n{help}"
        );
        let man = root.ok(&format!("man -P cat {cmd} 2>&1"));
        // man justifies lines: compare with runs of spaces folded.
        let flat = man.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&format!("NAME {cmd} - ")) && flat.contains("OCF_RESKEY_"),
            "man {cmd}:\n{man}"
        );
        assert!(
            root.ok(&format!("man -w {cmd}")).trim() == format!("/usr/share/man/man8/{cmd}.8.gz"),
            "man -w {cmd}"
        );
    }

    // The cluster command: on PATH, with its help and man page.
    assert_eq!(root.ok("command -v rustha").trim(), "/usr/sbin/rustha");
    let help = root.ok("rustha --help");
    assert!(help.contains("migrate"), "rustha --help:\n{help}");
    assert_eq!(
        root.ok("man -w rustha").trim(),
        "/usr/share/man/man8/rustha.8.gz",
        "man -w rustha"
    );

    // The heartbeat wrapper answers haresources' status call for an address nobody holds.
    root.ok("ip link add rh0 type veth peer name rh1 && ip link set rh0 up && ip link set rh1 up");
    let out = root.sh("/etc/ha.d/resource.d/vip 10.0.0.154/24/rh0 status");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "stopped",
        "heartbeat wrapper status: {out:?}"
    );

    // The units as systemd reads them: no unknown keys, every command there.
    let units = "rustha-proxy.service rustha-pgsqlchk.service rustha-filesync.service";
    let verify = root.sh(&format!("systemd-analyze verify {units}"));
    assert!(
        verify.status.success() && verify.stderr.is_empty() && verify.stdout.is_empty(),
        "systemd-analyze verify {units}:\n{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );

    // The standalone daemons in their units' sandboxes.
    daemons_in_their_units(&mut root);
    eprintln!("units done at {:.0?}", t0.elapsed());

    // A one-node cluster running the installed agents.
    start_cluster(&mut root);
    root.ok(&format!("cat > /etc/rustha/lb.cfg <<'EOF'\n{LB_CFG}EOF"));
    root.ok("pcs resource create web-vip ocf:rustha:vip ip=10.0.0.154 cidr_netmask=24 nic=rh0 op monitor interval=5s");
    root.ok(
        "pcs resource create lb ocf:rustha:proxy config=/etc/rustha/lb.cfg op monitor interval=5s",
    );
    wait_for(
        &root,
        "web-vip and lb started",
        Duration::from_secs(60),
        || started(&root, "web-vip") && started(&root, "lb"),
    );
    let addrs = root.ok("ip -o -4 addr show dev rh0");
    assert!(addrs.contains("10.0.0.154/24"), "{addrs}");
    let page = packages::run(root.outside("curl").args([
        "-sS",
        "--max-time",
        "10",
        "http://127.0.0.1:8080/;csv",
    ]));
    assert!(
        page.starts_with("# pxname,svname"),
        "through the proxy:\n{page}"
    );
    root.ok("pcs resource delete lb && pcs resource delete web-vip");
    wait_for(
        &root,
        "lb and web-vip stopped",
        Duration::from_secs(60),
        || {
            !root.sh("pidof proxy").status.success()
                && !root.ok("ip -o -4 addr show dev rh0").contains("10.0.0.154")
        },
    );
    stop_cluster(&root);
    root.ok("rm /etc/rustha/lb.cfg");
    eprintln!("cluster done at {:.0?}", t0.elapsed());

    // remove: the programs go, the configuration (an edited one too) stays.
    root.ok("echo '# edited here' >> /etc/rustha/haproxy.cfg");
    root.ok("apt-get remove -y -q rustha");
    assert_eq!(
        root.ok("dpkg-query -W -f='${Status}' rustha"),
        "deinstall ok config-files"
    );
    for gone in [
        "/usr/lib/ocf/resource.d/rustha",
        "/usr/sbin/rustha-proxy",
        "/usr/share/man/man8/rustha-vip.8.gz",
    ] {
        assert!(
            !root.sh(&format!("test -e {gone}")).status.success(),
            "{gone} left after remove"
        );
    }
    for kept in [
        "/etc/rustha/haproxy.cfg",
        "/etc/rustha/filesync.conf",
        "/etc/ha.d/resource.d/vip",
    ] {
        assert!(
            root.sh(&format!("test -f {kept}")).status.success(),
            "{kept} gone after remove"
        );
    }
    assert!(root
        .ok("cat /etc/rustha/haproxy.cfg")
        .ends_with("# edited here\n"));

    // purge: nothing of rustha left, and nothing else changed beyond apt's own bookkeeping.
    root.ok("apt-get purge -y -q rustha");
    assert!(
        !root.sh("dpkg -s rustha").status.success(),
        "rustha still known to dpkg"
    );
    // Removal scripts run again after the purge find nothing left to do, and succeed.
    let scripts = rustha_harness::proxy::TempDir::new("deb-control");
    packages::run(
        std::process::Command::new("dpkg-deb")
            .arg("-e")
            .arg(deb)
            .arg(&scripts.0),
    );
    for s in ["prerm", "postrm"] {
        let inside = root.hand_in(&scripts.0.join(s));
        let arg = if s == "prerm" { "remove" } else { "purge" };
        root.ok(&format!("sh {inside} {arg} && sh {inside} {arg}"));
    }
    let after = listing(&root);
    let added: Vec<&String> = after
        .difference(&before)
        .filter(|l| !bookkeeping(l))
        .collect();
    let removed: Vec<&String> = before
        .difference(&after)
        .filter(|l| !bookkeeping(l))
        .collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "after purge, added: {added:#?}\nremoved: {removed:#?}"
    );
    let leftovers: Vec<&String> = after
        .iter()
        .filter(|l| l.contains("rustha") && !bookkeeping(l))
        .collect();
    assert!(leftovers.is_empty(), "left after purge: {leftovers:#?}");
    // Only the system account stays (Debian's packages leave theirs), if it was not there.
    eprintln!(
        "purged at {:.0?}; haproxy account: {}",
        t0.elapsed(),
        root.ok("getent passwd haproxy || true").trim()
    );
}
