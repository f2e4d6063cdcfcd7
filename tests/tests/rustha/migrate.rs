//! `rustha migrate`, the real binary: the committed examples in docs/migrate (the deployment
//! guides' ha.cf, haresources, ldirectord.cf and keepalived.conf as written) convert to exactly
//! the committed scripts, every input line is accounted for, bad input stops with FILE:LINE and a
//! nonzero exit before anything runs, and `--apply` drives pcs on a copy of the CIB that it
//! pushes only when every command succeeded.
//!
//! `--apply` is checked here against a `pcs` on PATH that records its arguments (and fails when
//! told to): what matters is which commands run, and that none runs on bad input. The cluster
//! lab runs the real pcs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rustha_harness::bin;
use rustha_harness::proxy::TempDir;

fn examples() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/migrate");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("args").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 3, "examples missing in {}", root.display());
    dirs
}

fn args_of(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("args"))
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn migrate(dir: &Path, args: &[&str], path: Option<&str>) -> Output {
    let mut cmd = Command::new(bin("rustha"));
    cmd.current_dir(dir).arg("migrate").args(args);
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    cmd.output().expect("run rustha")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn examples_convert_to_the_committed_scripts() {
    for dir in examples() {
        let args = args_of(&dir);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = migrate(&dir, &a, None);
        assert!(
            out.status.success(),
            "{}: {}",
            dir.display(),
            text(&out.stderr)
        );
        let want = std::fs::read_to_string(dir.join("migrate.sh")).unwrap();
        assert_eq!(
            text(&out.stdout),
            want,
            "{}: output differs from migrate.sh (regenerate with `make migrate-examples`)",
            dir.display()
        );
    }
}

/// Every line of an input that is not blank, a comment or a closing brace is named in the script
/// by FILE:LINE (an ldirectord.cf, read by the proxy as written, is named as a whole).
#[test]
fn every_input_line_is_translated_or_named() {
    for dir in examples() {
        let script = std::fs::read_to_string(dir.join("migrate.sh")).unwrap();
        for file in args_of(&dir)
            .iter()
            .filter(|a| !a.starts_with('-') && dir.join(a).is_file())
        {
            let input = std::fs::read_to_string(dir.join(file)).unwrap();
            if script.contains(&format!(
                "# {file}: lines 1-{}: read as written",
                input.lines().count()
            )) {
                continue;
            }
            for (i, line) in input.lines().enumerate() {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') || t == "}" {
                    continue;
                }
                assert!(
                    script.contains(&format!("# {file}:{}: ", i + 1)),
                    "{}: {file}:{} ({t}) is not named in migrate.sh",
                    dir.display(),
                    i + 1
                );
            }
        }
    }
}

#[test]
fn the_keepalived_haproxy_pattern_is_a_proxy_clone_with_the_vip_colocated() {
    let dir = examples()
        .into_iter()
        .find(|d| d.ends_with("keepalived-haproxy"))
        .unwrap();
    let s = std::fs::read_to_string(dir.join("migrate.sh")).unwrap();
    for want in [
        "resource create haproxy ocf:rustha:proxy config=/etc/haproxy/haproxy.cfg op monitor interval=2s meta migration-threshold=1 failure-timeout=60s clone",
        "constraint colocation add VI_1 with haproxy-clone INFINITY",
        "resource create vip-10.30.1.15 ocf:rustha:vip ip=10.30.1.15 nic=eth0",
        "constraint location VI_1 prefers lab-hap01=101",
        "resource meta VI_1 resource-stickiness=0",
        "smtp_alert: not translated",
    ] {
        assert!(s.contains(want), "missing `{want}` in\n{s}");
    }
}

#[test]
fn failback_becomes_stickiness() {
    let d = TempDir::new("migrate-failback");
    d.write(
        "haresources",
        "n1 IPaddr2::192.0.2.10/24/eth0 apache::/etc/apache2/apache2.conf\n",
    );
    for (setting, stickiness) in [("off", "INFINITY"), ("on", "0"), ("legacy", "0")] {
        d.write(
            "ha.cf",
            &format!("node n1 n2\nauto_failback {setting}\ndeadtime 10\n"),
        );
        let out = migrate(&d.0, &["ha.cf", "haresources"], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let s = text(&out.stdout);
        assert!(
            s.contains(&format!(
                "resource meta group-n1 resource-stickiness={stickiness}\n"
            )),
            "{s}"
        );
        assert!(
            s.contains("pcs cluster setup cluster n1 n2 totem token=4090"),
            "{s}"
        );
        assert!(s.contains("resource create apache ocf:heartbeat:apache configfile=/etc/apache2/apache2.conf op monitor interval=20s --group group-n1\n"), "{s}");
    }
}

#[test]
fn keepalived_instances_tracking_and_failback() {
    let d = TempDir::new("migrate-keepalived");
    d.write(
        "keepalived.conf",
        "global_defs {\n  router_id lb1\n}\n\
vrrp_script chk_app {\n  script \"/usr/local/bin/check-app\"\n  interval 3\n}\n\
vrrp_instance WEB {\n  state BACKUP\n  interface eth0\n  priority 150\n  advert_int 2\n  nopreempt\n\
  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n\
  virtual_ipaddress {\n    192.0.2.10/24 dev eth1 label eth1:web\n    2001:db8::10/64\n  }\n\
  track_interface {\n    eth0\n    eth2\n  }\n  track_script {\n    chk_app\n  }\n\
  notify_master \"/usr/local/bin/became-master\"\n}\n\
vrrp_instance DB {\n  interface eth0\n  virtual_ipaddress {\n    192.0.2.20\n  }\n}\n\
vrrp_sync_group G {\n  group {\n    WEB\n    DB\n  }\n}\n",
    );
    let out = migrate(&d.0, &["keepalived.conf"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    for want in [
        "resource create vip-192.0.2.10 ocf:rustha:vip ip=192.0.2.10 cidr_netmask=24 nic=eth1 iflabel=web op monitor interval=10s --group WEB\n",
        "resource create vip-2001-db8--10 ocf:rustha:vip ip=2001:db8::10 cidr_netmask=64 nic=eth0 op monitor interval=10s --group WEB\n",
        "resource create ethmonitor-eth2 ocf:heartbeat:ethmonitor interface=eth2 op monitor interval=10s clone\n",
        "constraint location WEB rule score=-INFINITY ethmonitor-eth2 ne 1\n",
        "keepalived.conf:23: eth0: the addresses' own nic",
        "constraint location WEB prefers lb1=150\n",
        "resource meta WEB resource-stickiness=INFINITY failure-timeout=10s\n",
        "resource meta DB resource-stickiness=0 failure-timeout=10s\n",
        "constraint location DB prefers lb1=100\n",
        "constraint colocation add DB with WEB INFINITY\n",
        "chk_app: not translated: `/usr/local/bin/check-app`",
        "keepalived.conf:6: interval 3: not translated with the script",
        "notify_master /usr/local/bin/became-master: not translated",
        "auth_pass secret: not carried over",
        "pcs cluster setup cluster lb1 OTHER_NODE totem token=900",
    ] {
        assert!(s.contains(want), "missing `{want}` in\n{s}");
    }
    assert!(
        !s.contains("ocf:rustha:proxy"),
        "no HAProxy is tracked:\n{s}"
    );
    // Two inputs that fence nothing: the property is set once.
    d.write("ha.cf", "node lb1 lb2\n");
    let out = migrate(&d.0, &["keepalived.conf", "ha.cf"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert_eq!(
        s.matches("property set stonith-enabled=false").count(),
        1,
        "{s}"
    );
}

const VIRTUAL_SERVERS: &str = r#"vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  priority 100
  virtual_ipaddress {
    192.0.2.100/24
  }
}

virtual_server 192.0.2.100 80 {
    delay_loop 6
    lb_algo wrr
    lb_kind DR
    persistence_timeout 50
    protocol TCP

    sorry_server 192.0.2.9 80

    real_server 192.0.2.11 80 {
        weight 3
        HTTP_GET {
            url {
              path /health
              status_code 200
            }
            connect_timeout 3
            nb_get_retry 3
            delay_before_retry 3
        }
    }
    real_server 192.0.2.12 80 {
        weight 1
        HTTP_GET {
            url {
              path /health
              status_code 200
            }
            connect_timeout 3
        }
    }
}

virtual_server 192.0.2.100 53 {
    delay_loop 10
    lb_algo rr
    protocol UDP
    real_server 192.0.2.11 53 {
        MISC_CHECK {
            misc_path "/usr/local/bin/check-dns"
        }
    }
}
"#;

/// keepalived's LVS services become an haproxy.cfg that the proxy loads (`proxy check`), served
/// by a proxy in the group of the instance holding their address; a block whose check the proxy
/// cannot run is left out, named.
#[test]
fn keepalived_virtual_servers_become_a_proxy_configuration() {
    let d = TempDir::new("migrate-lvs");
    d.write("keepalived.conf", VIRTUAL_SERVERS);
    let cfg = d.path("lvs.cfg").display().to_string();
    let out = migrate(
        &d.0,
        &["--lvs-config", &cfg, "--node", "lb1", "keepalived.conf"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let heredoc = format!("cat > {cfg} <<'RUSTHA_EOF'\n");
    let start = s
        .find(&heredoc)
        .unwrap_or_else(|| panic!("no {cfg} in\n{s}"))
        + heredoc.len();
    let body = &s[start..start + s[start..].find("RUSTHA_EOF\n").unwrap()];
    for want in [
        "listen TCP-192.0.2.100:80\n  mode tcp\n  bind 192.0.2.100:80\n",
        "  balance roundrobin\n  persist source 50s\n",
        "  server 192.0.2.11:80 192.0.2.11:80 weight 3 fall 3 fastinter 3s check inter 6s rise 1 on-marked-down shutdown-sessions\n",
        "  option httpchk GET /health\n  http-check expect status 200\n",
        "  server sorry 192.0.2.9:80 backup\n",
    ] {
        assert!(body.contains(want), "missing `{want}` in\n{body}");
    }
    assert!(
        !body.contains(":53"),
        "the MISC_CHECK service is left out:\n{body}"
    );
    assert!(s.contains("keepalived.conf:43: virtual_server 192.0.2.100 53 {: not translated: keepalived.conf:48: MISC_CHECK has no proxy equivalent"), "{s}");
    assert!(s.contains(&format!("resource create proxy-lvs ocf:rustha:proxy config={cfg} op monitor interval=5s --group VI_1\n")), "{s}");
    // What the proxy itself says of the file.
    let written = d.write("check.cfg", body);
    let check = Command::new(bin("proxy"))
        .args(["check", "-f"])
        .arg(&written)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );

    // --apply writes the file only when the cluster takes the configuration.
    let (path, log) = spy_pcs(&d, "cib-push");
    let out = migrate(
        &d.0,
        &["--apply", "--lvs-config", &cfg, "keepalived.conf"],
        Some(&path),
    );
    assert!(!out.status.success(), "{}", text(&out.stderr));
    assert!(
        !Path::new(&cfg).exists(),
        "{cfg} left behind after a failed push"
    );
    assert!(std::fs::read_to_string(&log).unwrap().contains("cib-push"));
    let (path, _) = spy_pcs(&d, "NEVER-MATCHES");
    let out = migrate(
        &d.0,
        &["--apply", "--lvs-config", &cfg, "keepalived.conf"],
        Some(&path),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), body);
    // A different file already there is never replaced.
    std::fs::write(&cfg, "global\n").unwrap();
    let out = migrate(
        &d.0,
        &["--apply", "--lvs-config", &cfg, "keepalived.conf"],
        Some(&path),
    );
    assert!(
        text(&out.stderr).contains("exists with other content"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), "global\n");
}

/// haresources entries of rustha's own agents keep their meaning: each agent maps its own
/// positional form and `NAME=VALUE` arguments, as under heartbeat; mysql-mm becomes a promotable
/// clone the group follows.
#[test]
fn rustha_agents_in_haresources_keep_their_arguments() {
    let d = TempDir::new("migrate-agents");
    d.write("ha.cf", "node n1 n2\n");
    d.write(
        "haresources",
        "n1 vip::10.0.0.1/24/eth0 osm-failover::/usr/sbin/osmd::192.168.0.0/24::192.168.0.200::user=osm \\\n  filesync::/srv/www::rsync://peer/www::excludes=*.tmp mysql-mm::peer=10.0.0.2\n",
    );
    let out = migrate(&d.0, &["ha.cf", "haresources"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    for want in [
        "resource create vip-10.0.0.1 ocf:rustha:vip ip=10.0.0.1 cidr_netmask=24 nic=eth0 op monitor interval=10s --group group-n1\n",
        "resource create osm-failover ocf:rustha:osm-failover daemon=/usr/sbin/osmd user=osm snat=192.168.0.0/24 to_source=192.168.0.200 op monitor interval=10s --group group-n1\n",
        "resource create filesync ocf:rustha:filesync ",
        "source=/srv/www target=rsync://peer/www",
        "'excludes=*.tmp'",
        "resource create mysql-mm ocf:rustha:mysql-mm peer=10.0.0.2 op monitor interval=11s role=Unpromoted op monitor interval=10s role=Promoted promotable notify=true\n",
        "constraint colocation add group-n1 with Promoted mysql-mm-clone INFINITY\n",
        "constraint order promote mysql-mm-clone then start group-n1\n",
    ] {
        assert!(s.contains(want), "missing `{want}` in\n{s}");
    }
    d.write(
        "haresources",
        "n1 osm-failover::/usr/sbin/osmd::snta=10.0.0.0/8\n",
    );
    refused(&d.0, &["haresources"], "haresources:1:4: osm-failover::/usr/sbin/osmd::snta=10.0.0.0/8: haresources argument 'snta=10.0.0.0/8': osm-failover has no parameter 'snta' (did you mean 'snat'?)");
}

/// The seed's haresources as the README has users write it for rustha (`proxy::ldirectord.cf`
/// in place of `ldirectord::ldirectord.cf`): the ldirectord.cf given along is that entry's file,
/// checked against the group's addresses, not one more proxy of its own.
#[test]
fn a_proxy_entry_reading_a_given_ldirectord_cf_is_its_resource() {
    let d = TempDir::new("migrate-proxy-entry");
    let seed =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/migrate/ultramonkey-ldirectord");
    for f in ["ha.cf", "ldirectord.cf"] {
        d.write(f, &std::fs::read_to_string(seed.join(f)).unwrap());
    }
    d.write(
        "haresources",
        "AppNode1 \\\nproxy::ldirectord.cf \\\nvip::10.0.0.154/25/eth0\n",
    );
    let out = migrate(&d.0, &["ha.cf", "haresources", "ldirectord.cf"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("resource create proxy ocf:rustha:proxy config=/etc/ha.d/ldirectord.cf op monitor interval=10s --group group-AppNode1\n"), "{s}");
    assert_eq!(s.matches("ocf:rustha:proxy config=").count(), 1, "{s}");
    assert!(!s.contains("no haresources starts it"), "{s}");
    assert!(
        s.contains("ldirectord.cf: serves 10.0.0.150, which is no address of group group-AppNode1 (10.0.0.154)"),
        "{s}"
    );
}

/// Each node's keepalived.conf of one cluster: the instance is translated once, from the first
/// file, and every file adds its node's priority.
#[test]
fn keepalived_files_of_two_nodes_merge() {
    let d = TempDir::new("migrate-two-nodes");
    let conf = |node: &str, state: &str, prio: u32| {
        format!("global_defs {{\n  router_id {node}\n}}\nvrrp_instance VI_1 {{\n  state {state}\n  interface eth0\n  priority {prio}\n  advert_int 2\n  virtual_ipaddress {{\n    192.0.2.15/24\n  }}\n}}\n")
    };
    d.write("lb1.conf", &conf("lb1", "MASTER", 101));
    d.write("lb2.conf", &conf("lb2", "BACKUP", 100));
    let out = migrate(&d.0, &["lb1.conf", "lb2.conf"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert_eq!(
        s.matches("resource create vip-192.0.2.15 ").count(),
        1,
        "{s}"
    );
    for want in [
        "constraint location VI_1 prefers lb1=101\n",
        "constraint location VI_1 prefers lb2=100\n",
        "lb2.conf:4: vrrp_instance VI_1 {: group VI_1, translated from lb1.conf; this file adds node lb2",
        "pcs cluster setup cluster lb1 lb2 totem token=2270",
    ] {
        assert!(s.contains(want), "missing `{want}` in\n{s}");
    }
    // Files that do not say which node they come from cannot be told apart.
    d.write("lb2.conf", &conf("lb1", "BACKUP", 100));
    refused(
        &d.0,
        &["lb1.conf", "lb2.conf"],
        "lb2.conf:4:1: vrrp_instance VI_1 is also in lb1.conf",
    );
    // Another node's file with other addresses for the instance is a mistake.
    d.write(
        "lb2.conf",
        &conf("lb2", "BACKUP", 100).replace("192.0.2.15", "192.0.2.16"),
    );
    refused(
        &d.0,
        &["lb1.conf", "lb2.conf"],
        "lb2.conf:10:5: 192.0.2.16 is not among the addresses lb1.conf gives this instance",
    );
}

/// Runs `rustha migrate` on a file and expects it refused: nonzero exit, `want` in the message,
/// nothing on stdout.
fn refused(dir: &Path, files: &[&str], want: &str) {
    let out = migrate(dir, files, None);
    let err = text(&out.stderr);
    assert!(
        !out.status.success(),
        "{files:?} accepted:\n{}",
        text(&out.stdout)
    );
    assert!(err.contains(want), "{files:?}: expected `{want}` in: {err}");
    assert!(
        out.stdout.is_empty(),
        "{files:?}: printed a script on error"
    );
}

#[test]
fn bad_input_names_file_and_line() {
    let d = TempDir::new("migrate-bad");
    let dir = d.0.clone();
    d.write("ha.cf", "node n1 n2\nauto_failbak off\n");
    refused(
        &dir,
        &["ha.cf"],
        "ha.cf:2:1: unknown ha.cf directive 'auto_failbak' (did you mean 'auto_failback'?)",
    );
    d.write("ha.cf", "node n1 n2\nauto_failback sometimes\n");
    refused(
        &dir,
        &["ha.cf"],
        "ha.cf:2:15: 'auto_failback' takes on, off or legacy",
    );
    d.write("ha.cf", "node alpha beta\n");
    d.write(
        "haresources",
        "alpha IPaddr2::10.0.0.1/24/eth0\nalpah cron\n",
    );
    refused(&dir, &["ha.cf", "haresources"], "haresources:2:1: node 'alpah' is not among ha.cf's nodes (alpha, beta) (did you mean 'alpha'?)");
    d.write("haresources", "n1 IPaddr2::10.0.0.300/24/eth0\n");
    refused(
        &dir,
        &["haresources"],
        "haresources:1:13: '10.0.0.300' is not an IP address",
    );
    d.write("haresources", "n1 Filesystm::/dev/sdb1::/data\n");
    refused(&dir, &["haresources"], "haresources:1:4: 'Filesystm' with arguments is a heartbeat resource.d script rustha does not know; an init script takes none (did you mean 'Filesystem'?)");
    d.write(
        "keepalived.conf",
        "vrrp_instance V {\n  interface eth0\n  virtual_ipadress {\n    10.0.0.1\n  }\n}\n",
    );
    refused(&dir, &["keepalived.conf"], "keepalived.conf:3:3: unknown vrrp_instance keyword 'virtual_ipadress' (did you mean 'virtual_ipaddress'?)");
    d.write("keepalived.conf", "vrrp_instance V {\n  virtual_ipaddress {\n    10.0.0.1\n  }\n  track_script {\n    chk_haproxy\n  }\n}\n");
    refused(
        &dir,
        &["keepalived.conf"],
        "keepalived.conf:6:5: track_script names no vrrp_script 'chk_haproxy'",
    );
    d.write(
        "keepalived.conf",
        "vrrp_instance V {\n  virtual_ipaddress {\n    10.0.0.1\n",
    );
    refused(
        &dir,
        &["keepalived.conf"],
        "keepalived.conf:3:1: the file ends inside a block",
    );
    d.write(
        "ldirectord.cf",
        "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 masq\n\tscheduler=rr\n\tchecktype=negotiat\n",
    );
    refused(&dir, &["ldirectord.cf"], "ldirectord.cf:4:");
    d.write(
        "haproxy.cfg",
        "global\n    daemon\nlisten web\n    bind :80\n",
    );
    refused(&dir, &["haproxy.cfg"], "haproxy.cfg:1:1: no known format");
    d.write("empty", "");
    refused(&dir, &["empty"], "empty:1:1: no known format");
    std::fs::write(dir.join("binary"), b"node n1\n\xff\xfe\x00\x01\n").unwrap();
    refused(&dir, &["binary"], "binary:2:1: not text (invalid UTF-8)");
    refused(&dir, &["missing.cf"], "missing.cf: cannot read");
    refused(&dir, &["."], ".: cannot read");
    // One bad file among good ones stops everything.
    d.write("ha.cf", "node n1 n2\n");
    d.write("haresources", "n1 IPaddr2::10.0.0.1/24/eth0\n");
    refused(
        &dir,
        &["ha.cf", "haresources", "empty"],
        "empty:1:1: no known format",
    );
}

/// A resource with no rustha agent is no error: an init script is an `lsb:` resource (or
/// `systemd:` with `--init-class systemd`), and a resource.d script with no equivalent at all
/// (`LVSSyncDaemonSwap`) is a comment saying why, on its file and line, with nothing created.
#[test]
fn resources_without_a_rustha_agent_are_not_errors() {
    let d = TempDir::new("migrate-init");
    d.write("ha.cf", "node n1 n2\n");
    d.write(
        "haresources",
        "n1 \\\n  LVSSyncDaemonSwap::master \\\n  IPaddr2::10.0.0.1/24/eth0 apache2 osm-failover.sh\n",
    );
    for (args, class, unit) in [
        (&[][..], "lsb", "osm-failover.sh"),
        (&["--init-class", "systemd"][..], "systemd", "osm-failover"),
    ] {
        let mut a = args.to_vec();
        a.extend(["ha.cf", "haresources"]);
        let out = migrate(&d.0, &a, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let s = text(&out.stdout);
        for want in [
            format!("resource create apache2 {class}:apache2 op monitor interval=30s --group group-n1 --force\n"),
            format!("resource create {unit} {class}:{unit} op monitor interval=30s --group group-n1 --force\n"),
            "# haresources:2: LVSSyncDaemonSwap::master: not translated: it swaps the kernel IPVS connection-sync daemon between master and backup; ocf:rustha:proxy keeps no IPVS table to sync".to_string(),
            "resource create vip-10.0.0.1 ocf:rustha:vip ".to_string(),
        ] {
            assert!(s.contains(&want), "{args:?}: missing `{want}` in\n{s}");
        }
        assert!(
            !s.lines()
                .any(|l| l.starts_with("pcs") && l.contains("LVSSyncDaemonSwap")),
            "{s}"
        );
    }
}

/// A `pcs` that appends its arguments to `log`, and fails when they contain `fail_on`.
fn spy_pcs(d: &TempDir, fail_on: &str) -> (String, PathBuf) {
    let log = d.path("pcs.log");
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> {}\ncase \"$*\" in *{fail_on}*) echo 'Error: refused' >&2; exit 1;; esac\nexit 0\n",
        log.display()
    );
    let bin_dir = d.path("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let pcs = bin_dir.join("pcs");
    std::fs::write(&pcs, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pcs, std::fs::Permissions::from_mode(0o755)).unwrap();
    (format!("{}:/usr/bin:/bin", bin_dir.display()), log)
}

#[test]
fn apply_edits_a_copy_and_pushes_it_once() {
    let d = TempDir::new("migrate-apply");
    let dir = d.0.clone();
    let (path, log) = spy_pcs(&d, "NEVER-MATCHES");
    d.write("ha.cf", "node n1 n2\nauto_failback off\n");
    d.write("haresources", "n1 IPaddr2::10.0.0.1/24/eth0 cron\n");
    let out = migrate(&dir, &["--apply", "ha.cf", "haresources"], Some(&path));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let calls = std::fs::read_to_string(&log).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    let cib = calls[0]
        .strip_prefix("cluster cib ")
        .expect("first: pcs cluster cib FILE");
    assert_eq!(
        calls.last().unwrap(),
        &format!("cluster cib-push {cib} --config")
    );
    assert!(
        calls[1..calls.len() - 1]
            .iter()
            .all(|c| c.starts_with(&format!("-f {cib} "))),
        "{calls:?}"
    );
    assert!(calls.contains(&format!("-f {cib} resource create vip-10.0.0.1 ocf:rustha:vip ip=10.0.0.1 cidr_netmask=24 nic=eth0 op monitor interval=10s --group group-n1").as_str()), "{calls:?}");
    assert!(
        calls.contains(
            &format!("-f {cib} resource meta group-n1 resource-stickiness=INFINITY").as_str()
        ),
        "{calls:?}"
    );
    assert!(!Path::new(cib).exists(), "the CIB copy is left behind");
}

#[test]
fn apply_changes_nothing_on_bad_input_or_a_failing_command() {
    let d = TempDir::new("migrate-apply-bad");
    let dir = d.0.clone();
    // A file that does not parse: pcs is never called.
    let (path, log) = spy_pcs(&d, "NEVER-MATCHES");
    d.write("ha.cf", "node n1 n2\n");
    d.write("haresources", "n1 IPaddr2::10.0.0.1/24/eth0\nn9 cron\n");
    let out = migrate(&dir, &["--apply", "ha.cf", "haresources"], Some(&path));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("haresources:2:1:"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !log.exists(),
        "pcs ran on bad input: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    // A file that cannot be read or is of no known format, alone or among good ones: pcs is
    // never called either.
    d.write("haresources", "n1 IPaddr2::10.0.0.1/24/eth0\n");
    d.write("haproxy.cfg", "global\n    daemon\n");
    std::fs::write(dir.join("binary"), b"\xff\xfe\n").unwrap();
    for (bad, want) in [
        ("missing.cf", "missing.cf: cannot read"),
        (".", ".: cannot read"),
        ("haproxy.cfg", "haproxy.cfg:1:1: no known format"),
        ("binary", "binary:1:1: not text"),
    ] {
        let out = migrate(&dir, &["--apply", "ha.cf", "haresources", bad], Some(&path));
        assert!(!out.status.success(), "{bad}: accepted");
        assert!(
            text(&out.stderr).contains(want),
            "{bad}: expected `{want}` in {}",
            text(&out.stderr)
        );
        assert!(
            !log.exists(),
            "{bad}: pcs ran on bad input: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }
    // A command that fails: the copy is never pushed.
    let (path, log) = spy_pcs(&d, "lsb:cron");
    d.write("haresources", "n1 IPaddr2::10.0.0.1/24/eth0 cron\n");
    let out = migrate(&dir, &["--apply", "ha.cf", "haresources"], Some(&path));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("the cluster was not changed"),
        "{}",
        text(&out.stderr)
    );
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(!calls.contains("cib-push"), "{calls}");
    // No pcs at all: says so, exit 5 (not installed).
    let _ = std::fs::remove_file(&log);
    let out = migrate(
        &dir,
        &["--apply", "ha.cf", "haresources"],
        Some("/nonexistent"),
    );
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("pcs is not on PATH"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn help_and_man_document_migrate() {
    let out = Command::new(bin("rustha"))
        .args(["migrate", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let h = text(&out.stdout);
    for w in [
        "--apply",
        "--node",
        "--haproxy-config",
        "keepalived.conf",
        "FILE:LINE:COLUMN",
    ] {
        assert!(h.contains(w), "{w} missing from --help:\n{h}");
    }
    let out = Command::new(bin("rustha")).arg("--man").output().unwrap();
    assert!(out.status.success());
    let m = text(&out.stdout);
    assert!(
        m.contains(".TH rustha 8")
            && m.contains("RUSTHA MIGRATE")
            && m.contains("haproxy\\-config"),
        "{m}"
    );
}
