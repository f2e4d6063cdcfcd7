//! `proxy check -f FILE`: the seed configurations load (with a warning per ignored directive),
//! and malformed configurations exit 1 with a message naming file, line and column.

use std::path::PathBuf;
use std::process::Command;

use rustha_harness::bin;
use rustha_harness::proxy::TempDir;

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

use rustha_harness::proxy::proxy_check as check;

#[test]
fn seed_configurations_are_valid_with_warnings() {
    for (name, expect) in [
        (
            "seed000.cfg",
            &[
                "'Stats' should be written 'stats'",
                "legacy form",
                "tune.ssl.default-dh-param",
                "option logasap",
            ][..],
        ),
        ("seed002-sms.cfg", &["'set-dumpable' is ignored"][..]),
        (
            "seed002-fe.cfg",
            &["layer-7 fetch 'path_beg'", "mode set by line 6"][..],
        ),
    ] {
        let (code, text) = check(&example(name));
        assert_eq!(code, 0, "{name}: {text}");
        assert!(text.contains("Configuration file is valid"), "{text}");
        for e in expect {
            assert!(
                text.contains(e),
                "{name}: no warning containing {e:?} in:\n{text}"
            );
        }
        for line in text.lines().filter(|l| l.starts_with("[WARNING]")) {
            // Every warning is located: file:line:col.
            assert!(line.contains(&format!("{name}:")), "{line}");
        }
    }
}

#[test]
fn malformed_configurations_exit_1_with_location() {
    let d = TempDir::new("proxy-check");
    let base = "defaults\n mode tcp\n timeout connect 1s\n";
    let cases: &[(&str, &str, &str)] = &[
        ("unknown keyword", "listen l\n bind :1000\n sever a 127.0.0.1:80\n", ":6:2: unknown keyword 'sever' in 'listen' section (did you mean 'server'?)"),
        ("bad time unit", "backend b\n timeout server 3x\n", ":5:17: unexpected character 'x'"),
        ("bad time unit on a server", "backend b\n server s 127.0.0.1:1 check inter 3x\n", ":5:35: unexpected character 'x'"),
        ("track to a missing server", "backend a\n server s1 127.0.0.1:1 check\nbackend b\n server t 127.0.0.1:2 track a/s9\n", ":7:29: 'track' names server 's9'"),
        ("track plus check", "backend a\n server s1 127.0.0.1:1 check\n server s2 127.0.0.1:2 track s1 check\n", ":6:33: server 's2' has both 'track' and 'check'"),
        ("duplicate bind", "listen a\n bind 127.0.0.1:8000\nlisten b\n bind 127.0.0.1:8000\n", ":7:1: address 127.0.0.1:8000 is already bound by 'a' on line 5"),
        ("port out of range", "listen a\n bind :70000\n", ":5:7: port 70000 is out of range"),
        ("check port 0", "backend b\n server s 127.0.0.1:80 check port 0\n", "check port 0 is out of range"),
        ("bare balance", "backend b\n balance\n", ":5:9: 'balance' expects an algorithm"),
        ("stats auth without password", "listen s\n mode http\n bind :7000\n stats auth adminsecret\n", ":7:13: 'stats auth' expects user:password"),
        ("misspelled option", "backend b\n option redispach\n", "(did you mean 'redispatch'?)"),
        ("unknown server option", "backend b\n server s 127.0.0.1:1 wieght 3\n", "(did you mean 'weight'?)"),
        ("use_backend to nothing", "frontend f\n bind :8080\n use_backend nope\n", "'use_backend' names a backend 'nope'"),
        ("unterminated quote", "backend b\n option httpchk GET \"/x\n", ":5:21: unmatched double quote"),
        ("misspelled ACL criterion", "frontend f\n mode http\n bind :8080\n acl a path_bgn /x\n default_backend b\nbackend b\n mode http\n", ":7:1: acl 'a': unknown or unsupported ACL criterion 'path_bgn' (did you mean 'path_beg'?)"),
        ("condition on an undeclared acl", "frontend f\n mode http\n bind :8080\n acl is_api path_beg /api\n use_backend b if is_apj\nbackend b\n mode http\n", "condition uses acl 'is_apj' which is not declared (did you mean 'is_api'?)"),
        ("unknown http-request action", "frontend f\n mode http\n bind :8080\n http-request dney\n default_backend b\nbackend b\n mode http\n", ":7:15: 'http-request dney' is not supported"),
        ("http frontend to a tcp backend", "frontend f\n mode http\n bind :8080\n default_backend b\nbackend b\n server s 127.0.0.1:1\n", "http frontend 'f' uses incompatible tcp backend 'b' (line 8)"),
        ("ulimit-n 0", "global\n ulimit-n 0\n", ":5:11: ulimit-n must be at least 1"),
        ("unknown user", "global\n user no-such-user-here\n", ":5:7: cannot find user id for 'no-such-user-here'"),
        ("unknown group", "global\n group no-such-group\n", ":5:8: cannot find group id for 'no-such-group'"),
        ("uid not a number", "global\n uid abc\n", ":5:6: 'abc' is not a valid number"),
        ("chroot without a directory", "global\n chroot\n", ":5:8: 'chroot' expects a directory"),
        ("fullconn in a frontend", "frontend f\n bind :1\n fullconn 10\n", ":6:2: 'fullconn' is not allowed in a 'frontend' section"),
    ];
    for (i, (what, body, expect)) in cases.iter().enumerate() {
        let name = format!("bad{i}.cfg");
        let path = d.write(&name, &format!("{base}{body}"));
        let (code, text) = check(&path);
        assert_eq!(code, 1, "{what}: exit code, output:\n{text}");
        let want = format!("{name}{expect}");
        assert!(
            text.contains(&want) || (!expect.starts_with(':') && text.contains(expect)),
            "{what}: expected {want:?} in:\n{text}"
        );
        assert!(text.contains("[ALERT]"), "{what}: {text}");
    }
}

#[test]
fn validate_all_is_check() {
    let d = TempDir::new("proxy-validate");
    let good = d.write(
        "good.cfg",
        "listen l\n bind 127.0.0.1:1\n server s 127.0.0.1:2\n",
    );
    let bad = d.write(
        "bad.cfg",
        "listen l\n bind 127.0.0.1:1\n server s 127.0.0.1:2 chek\n",
    );
    let run = |cfg: &std::path::Path| {
        Command::new(bin("proxy"))
            .arg("validate-all")
            .env("OCF_RESKEY_config", cfg)
            .env("RUSTHA_LOG_STDERR", "1")
            .output()
            .unwrap()
    };
    assert_eq!(run(&good).status.code(), Some(0));
    let out = run(&bad);
    assert_eq!(out.status.code(), Some(6), "OCF_ERR_CONFIGURED");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ocf-exit-reason:")
            && err.contains("bad.cfg:3:23")
            && err.contains("did you mean 'check'"),
        "{err}"
    );
}

/// `haproxy -c -f FILE` (HAProxy 2.6): its exit code and the proxies its "missing timeouts"
/// warnings name.
fn haproxy_check(path: &std::path::Path) -> (i32, String) {
    let out = Command::new("haproxy")
        .args(["-c", "-f"])
        .arg(path)
        .output()
        .expect("haproxy (Debian package haproxy)");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// The `missing timeouts for KIND 'NAME'` warnings of a check's output, in order.
fn missing_timeouts(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_once("missing timeouts for "))
        .map(|(_, rest)| rest.split('.').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn missing_timeouts_warn_and_no_listener_exits_2_like_haproxy_26() {
    let d = TempDir::new("proxy-check-oracle");
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("global only", "global\n  maxconn 10\n"),
        (
            "backend only",
            "defaults\n  mode http\nbackend b\n  server s 127.0.0.1:1\n",
        ),
        (
            "no timeouts",
            "frontend f\n  bind 127.0.0.1:1\n  mode http\n  default_backend b\nbackend b\n  mode http\n  server s 127.0.0.1:2\n",
        ),
        (
            "client only",
            "defaults\n  timeout client 5s\nlisten l\n  bind 127.0.0.1:1\n  server s 127.0.0.1:2\n",
        ),
        (
            "zero is none",
            "defaults\n  timeout client 0\n  timeout connect 1s\n  timeout server 1s\nlisten l\n  bind 127.0.0.1:1\n  server s 127.0.0.1:2\n",
        ),
        (
            "all set",
            "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\nlisten l\n  bind 127.0.0.1:1\n  server s 127.0.0.1:2\nfrontend f\n  bind 127.0.0.1:3\n  default_backend l\n",
        ),
    ];
    for (i, (name, text)) in cases.iter().enumerate() {
        let f = d.write(&format!("c{i}.cfg"), text);
        let (code_p, out_p) = check(&f);
        let (code_h, out_h) = haproxy_check(&f);
        assert_eq!(
            code_p, code_h,
            "{name}: exit code\nproxy:\n{out_p}\nhaproxy:\n{out_h}"
        );
        assert_eq!(
            missing_timeouts(&out_p),
            missing_timeouts(&out_h),
            "{name}: warnings\nproxy:\n{out_p}\nhaproxy:\n{out_h}"
        );
        if code_h == 2 {
            assert!(out_p.contains("will not start (no listener)"), "{out_p}");
            // Started anyway, both refuse it (HAProxy: "No enabled listener found").
            let run = std::process::Command::new(rustha_harness::bin("proxy"))
                .args(["run", "-q", "-f"])
                .arg(&f)
                .output()
                .unwrap();
            let hap = std::process::Command::new("haproxy")
                .args(["-q", "-db", "-f"])
                .arg(&f)
                .output()
                .unwrap();
            assert_eq!(run.status.code(), Some(1), "{name}: proxy run: {run:?}");
            assert_eq!(hap.status.code(), Some(1), "{name}: haproxy: {hap:?}");
            assert!(
                String::from_utf8_lossy(&run.stderr).contains("No enabled listener found"),
                "{name}: {run:?}"
            );
        }
    }
}
