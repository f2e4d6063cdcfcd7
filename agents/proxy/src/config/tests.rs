use std::path::Path;

use super::values::parse_time;
use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("t.cfg"), text)
}

fn first_error(text: &str) -> Diag {
    let e = parse(text).expect_err("configuration should be rejected");
    let d = e.errors().next().expect("an error").clone();
    d
}

const SEED000: &str = include_str!("../../../../tests/fixtures/seed000.cfg");
const SEED002_SMS: &str = include_str!("../../../../tests/fixtures/seed002-sms.cfg");
const SEED002_FE: &str = include_str!("../../../../tests/fixtures/seed002-fe.cfg");

#[test]
fn seed_000_loads_with_warnings() {
    let c = parse(SEED000).unwrap();
    let names: Vec<&str> = c.proxies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["gvg-as", "gvg-as-https"]);
    let web = &c.proxies[0];
    assert_eq!(web.mode, Mode::Http);
    assert_eq!(web.binds[0].addr, "0.0.0.0:80".parse().unwrap());
    assert!(web.stats.enabled);
    assert_eq!(web.stats.uri(), "/pstats");
    assert_eq!(web.stats.realm(), "Haproxy Statistics");
    assert_eq!(
        web.stats.auth,
        [("admin".to_string(), "secret".to_string())]
    );
    let hc = web.httpchk.as_ref().unwrap();
    assert_eq!(hc.method, "GET");
    assert_eq!(
        hc.uri,
        "/servlet/com.requestec.smg.servlets.Brora?command=get_local_host"
    );
    assert_eq!(hc.version, "HTTP/1.0");
    assert!(web.servers[1].backup && web.servers[0].check);
    let tls = &c.proxies[1];
    assert_eq!(tls.mode, Mode::Tcp);
    assert_eq!(tls.timeouts.connect, Some(Duration::from_secs(5)));
    assert_eq!(tls.retries, 3);
    assert_eq!(tls.maxconn, Some(2000));
    assert_eq!(
        tls.servers[0].track,
        Some(Track {
            backend: "gvg-as".into(),
            server: "gvg-as1".into()
        })
    );
    assert!(tls.tcplog);
    assert_eq!(c.global.maxconn, Some(4096));
    assert_eq!(tls.logs.len(), 1, "log global copies the global target");
    // Every accepted-but-ignored directive is reported.
    let w: Vec<String> = c
        .warnings
        .iter()
        .map(|d| format!("{}:{}", d.line, d.message))
        .collect();
    let text = w.join("\n");
    for needle in [
        "daemon",
        "tune.ssl.default-dh-param",
        "logasap",
        "'Stats'",
        "legacy form",
    ] {
        assert!(
            text.contains(needle),
            "no warning about {needle} in:\n{text}"
        );
    }
    assert!(c.warnings.iter().all(|d| d.line > 0 && d.col > 0));
    // `user haproxy` and `group haproxy` apply (HAProxy's package creates them), and so does
    // `chroot`.
    assert!(
        !text.contains("'user'") && !text.contains("'group'") && !text.contains("'chroot' is"),
        "{text}"
    );
    assert_eq!(
        c.global.chroot.as_deref(),
        Some(std::path::Path::new("/usr/share/haproxy"))
    );
    assert!(c.global.uid.is_some() && c.global.gid.is_some());
}

#[test]
fn a_chroot_directory_missing_on_this_host_is_warned_about() {
    let missing = parse("global\n  chroot /nonexistent/jail\n").unwrap();
    let w = &missing.warnings;
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].line, w[0].col), (2, 10));
    assert!(
        w[0].message.contains("'/nonexistent/jail' does not exist"),
        "{w:?}"
    );
    let here = std::env::temp_dir();
    let ok = parse(&format!("global\n  chroot {}\n", here.display())).unwrap();
    assert!(ok.warnings.is_empty(), "{:?}", ok.warnings);
    assert_eq!(ok.global.chroot.as_deref(), Some(here.as_path()));
}

#[test]
fn seed_002_loads() {
    let c = parse(SEED002_SMS).unwrap();
    let pg = c.backend("Postgres-ACD").unwrap();
    assert_eq!(pg.timeouts.client, Some(Duration::from_secs(1800)));
    assert_eq!(pg.timeouts.check, Some(Duration::from_secs(5)));
    assert_eq!(pg.retries, 2);
    assert_eq!(pg.expect, vec![Expect::Status(false, vec![200])]);
    let s = &pg.servers[0];
    assert_eq!(
        (s.check, s.check_port, s.port, s.maxconn),
        (true, Some(25432), Some(5432), 100)
    );
    assert_eq!((s.inter, s.rise, s.fall), (Duration::from_secs(3), 2, 3));
    assert!(s.shutdown_on_down);
    assert!(c
        .warnings
        .iter()
        .any(|d| d.message.contains("set-dumpable")));
    let stats = c.proxies.iter().find(|p| p.name == "stats").unwrap();
    assert_eq!(stats.stats.uri(), "/");
    assert_eq!(stats.binds[0].addr, "0.0.0.0:7000".parse().unwrap());

    let fe = parse(SEED002_FE).unwrap();
    let http_in = fe.proxies.iter().find(|p| p.name == "http-in").unwrap();
    assert_eq!(http_in.use_backends.len(), 2);
    let cond = http_in.use_backends[0].cond.as_ref().expect("a condition");
    assert!(!cond.unless);
    assert_eq!(cond.alts.len(), 1);
    assert_eq!(
        cond.alts[0][0].acl,
        crate::config::rules::AclRef::Named("has_jarvis_uri".into())
    );
    // Layer-7 ACL in an inherited TCP mode: warned, naming the line that set the mode.
    let w = fe
        .warnings
        .iter()
        .find(|d| d.message.contains("path_beg"))
        .expect("layer-7 warning");
    assert!(w.message.contains("line 6"), "{}", w.message);
}

#[test]
fn times_and_units() {
    assert_eq!(parse_time("5000").unwrap().0, Duration::from_millis(5000));
    assert_eq!(parse_time("30m").unwrap().0, Duration::from_secs(1800));
    assert_eq!(parse_time("100us").unwrap().0, Duration::from_micros(100));
    assert_eq!(parse_time("2h").unwrap().0, Duration::from_secs(7200));
    assert_eq!(parse_time("1d").unwrap().0, Duration::from_secs(86400));
    let (d, w) = parse_time("5sec").unwrap();
    assert_eq!(d, Duration::from_secs(5));
    assert!(w.unwrap().contains("'ec'"));
    let (d, w) = parse_time("30mn").unwrap();
    assert_eq!(d, Duration::from_secs(1800));
    assert!(w.is_some());
    assert!(parse_time("3x").unwrap_err().contains("'x'"));
    assert!(parse_time("s").is_err());
    assert!(parse_time("99999999d").is_err());
}

#[test]
fn inheritance_and_default_server() {
    let c = parse(
        "defaults\n mode tcp\n timeout connect 1s\n default-server inter 1s rise 5\n option redispatch\n\
         backend b\n default-server fall 7\n server a 127.0.0.1:1 check\n default-server weight 9\n server c 127.0.0.1:2\n\
         defaults\n mode http\nbackend d\n server x 127.0.0.1:3\n",
    )
    .unwrap();
    let b = c.backend("b").unwrap();
    assert!(b.redispatch);
    let (a, s) = (&b.servers[0], &b.servers[1]);
    assert_eq!(
        (a.inter, a.rise, a.fall, a.weight),
        (Duration::from_secs(1), 5, 7, 1)
    );
    assert_eq!((s.weight, s.fall, s.check), (9, 7, false));
    assert_eq!(a.fastinter, Duration::from_secs(1));
    let d = c.backend("d").unwrap();
    assert_eq!(d.mode, Mode::Http);
    assert!(!d.redispatch, "a new defaults section resets");
    assert_eq!(d.servers[0].rise, 2);
}

#[test]
fn balance_and_options() {
    let c = parse(
        "listen l\n bind 127.0.0.1:1234\n balance leastconn\n option allbackups\n no option allbackups\n\
         http-check disable-on-404\n http-check expect rstring ^ok\n option httpchk GET /h\n\
         server s 127.0.0.1:1 check backup maxconn 3 on-marked-up shutdown-backup-sessions disabled\n",
    )
    .unwrap();
    let l = &c.proxies[0];
    assert_eq!(l.balance, Balance::LeastConn);
    assert!(!l.allbackups && l.disable_on_404);
    assert!(matches!(l.expect[..], [Expect::RString(false, _)]));
    assert_eq!(l.httpchk.as_ref().unwrap().uri, "/h");
    let s = &l.servers[0];
    assert!(s.backup && s.disabled && s.shutdown_backup_on_up && s.maxconn == 3);
}

#[test]
fn global_stats_socket_and_logs() {
    let c = parse(
        "global\n stats socket /run/p.sock mode 600 level admin\n log 127.0.0.1:5514 local0 info\n log /dev/log daemon\n log stderr local7 debug\n nbthread 2\n",
    )
    .unwrap();
    assert_eq!(c.global.stats_sockets[0].level, "admin");
    assert_eq!(c.global.stats_sockets[0].mode, Some(0o600));
    assert_eq!(
        c.global.logs[0].target,
        LogTarget::Udp("127.0.0.1:5514".parse().unwrap())
    );
    assert_eq!((c.global.logs[0].facility, c.global.logs[0].level), (16, 6));
    assert_eq!(c.global.logs[1].target, LogTarget::Unix("/dev/log".into()));
    assert_eq!(c.global.logs[2].target, LogTarget::Stderr);
    assert_eq!(c.global.nbthread, Some(2));
}

#[test]
fn cpu_map_forms() {
    let c = parse("global\n nbthread 4\n cpu-map auto:1/1-2 2-3\n").unwrap();
    assert_eq!(
        (1..=4).map(|t| c.global.cpus_of(t)).collect::<Vec<_>>(),
        [Some(vec![2]), Some(vec![3]), None, None]
    );
    // Every thread on the whole set, then thread 2 alone on CPU 5 (the later line wins).
    let c = parse("global\n cpu-map 1/all 0-1,4\n cpu-map 1/2 5\n").unwrap();
    assert_eq!(c.global.cpus_of(1), Some(vec![0, 1, 4]));
    assert_eq!(c.global.cpus_of(2), Some(vec![5]));
    // The legacy process form, several CPU words, odd threads.
    let c = parse("global\n cpu-map 1 0 2\n cpu-map 1/odd 7\n").unwrap();
    assert_eq!(c.global.cpus_of(1), Some(vec![7]));
    assert_eq!(c.global.cpus_of(2), Some(vec![0, 2]));
    // auto: with one CPU puts every thread named on it.
    let c = parse("global\n cpu-map auto:1/all 3\n").unwrap();
    assert_eq!(c.global.cpus_of(2), Some(vec![3]));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // Another process or thread group (HAProxy 2.6 accepts it): ignored, with a warning.
    let c = parse("global\n cpu-map 2/1 0\n cpu-map even 1\n").unwrap();
    assert_eq!(c.global.cpus_of(1), None);
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    assert!(c.warnings[0].message.contains("'2'"), "{:?}", c.warnings);
}

#[test]
fn bad_cpu_map() {
    // As HAProxy 2.6: auto: needs as many CPUs as threads ('all' is 64), or one.
    let d = first_error("global\n cpu-map auto:1/1-3 0-1\n");
    assert_eq!((d.line, d.col), (2, 21));
    assert!(d.message.contains("as many"), "{}", d.message);
    let d = first_error("global\n cpu-map auto:1/all 0-1\n");
    assert!(d.message.contains("64 thread"), "{}", d.message);
    let d = first_error("global\n cpu-map 1/1 0 x\n");
    assert_eq!((d.line, d.col), (2, 16));
    assert!(d.message.contains("'x'"), "{}", d.message);
    let d = first_error("global\n cpu-map 1/70 0\n");
    assert!(d.message.contains("1-64"), "{}", d.message);
    let d = first_error("global\n cpu-map 1/1\n");
    assert!(d.message.contains("CPU set"), "{}", d.message);
}

// ---- malformed configurations: each is an error naming line, column and a suggestion ----

#[test]
fn bad_unknown_keyword_with_suggestion() {
    let d = first_error("listen l\n bind :1000\n sever a 127.0.0.1:80 check\n");
    assert_eq!((d.line, d.col), (3, 2));
    assert!(
        d.message.contains("unknown keyword 'sever'"),
        "{}",
        d.message
    );
    assert_eq!(d.suggestion.as_deref(), Some("server"));
    assert!(d.to_string().contains("t.cfg:3:2"));
}

#[test]
fn bad_time_unit() {
    let d = first_error("defaults\n timeout server 3x\n");
    assert_eq!((d.line, d.col), (2, 17));
    assert!(d.message.contains("'x'"));
    let d = first_error("backend b\n server s 127.0.0.1:1 check inter 3x\n");
    assert_eq!(d.line, 2);
    assert!(d.message.contains("'x'") && !d.message.contains("agent-inter"));
}

#[test]
fn bad_track_to_missing_server() {
    let d = first_error(
        "backend a\n server s1 127.0.0.1:1 check\nbackend b\n server t 127.0.0.1:2 track a/s2\n",
    );
    assert_eq!(d.line, 4);
    assert!(d.message.contains("'s2'"), "{}", d.message);
    assert_eq!(d.suggestion.as_deref(), Some("s1"));
    let d = first_error("backend b\n server t 127.0.0.1:2 track nothere/s\n");
    assert!(d.message.contains("backend 'nothere'"));
}

#[test]
fn bad_track_plus_check() {
    let d = first_error(
        "backend a\n server s1 127.0.0.1:1 check\n server s2 127.0.0.1:2 track s1 check\n",
    );
    assert_eq!((d.line, d.col), (3, 33));
    assert!(d.message.contains("both 'track' and 'check'"));
}

#[test]
fn bad_track_of_unchecked_server() {
    let d = first_error("backend a\n server s1 127.0.0.1:1\n server s2 127.0.0.1:2 track s1\n");
    assert!(d.message.contains("has no 'check'"), "{}", d.message);
}

#[test]
fn bad_duplicate_bind() {
    let d = first_error("listen a\n bind 127.0.0.1:8000\n server s 127.0.0.1:1\nlisten b\n bind 127.0.0.1:8000\n server s 127.0.0.1:1\n");
    assert_eq!(d.line, 5);
    assert!(d.message.contains("already bound by 'a' on line 2"));
}

#[test]
fn bad_port_out_of_range() {
    let d = first_error("listen a\n bind :70000\n");
    assert!(d.message.contains("70000 is out of range"));
    let d = first_error("backend b\n server s 127.0.0.1:80 check port 0\n");
    assert!(
        d.message.contains("port 0 is out of range"),
        "{}",
        d.message
    );
}

#[test]
fn bad_bare_balance_and_unknown_algorithm() {
    let d = first_error("backend b\n balance\n");
    assert!(d.message.contains("expects an algorithm"), "{}", d.message);
    let d = first_error("backend b\n balance roundrobbin\n");
    assert_eq!(d.suggestion.as_deref(), Some("roundrobin"));
}

#[test]
fn bad_stats_auth_without_password() {
    let d = first_error("listen s\n mode http\n bind :7000\n stats auth adminsecret\n");
    assert_eq!((d.line, d.col), (4, 13));
    assert!(d.message.contains("user:password"));
}

#[test]
fn bad_unknown_option_and_server_option() {
    let d = first_error("backend b\n option redispach\n");
    assert_eq!(d.suggestion.as_deref(), Some("redispatch"));
    let d = first_error("backend b\n server s 127.0.0.1:1 chek\n");
    assert_eq!(d.suggestion.as_deref(), Some("check"));
    assert_eq!(d.col, 23);
}

#[test]
fn bad_keyword_in_wrong_section() {
    let d = first_error("backend b\n bind :80\n");
    assert!(d.message.contains("not allowed in a 'backend' section"));
    let d = first_error("frontend f\n bind :80\n server s 127.0.0.1:1\n");
    assert!(d.message.contains("not allowed in a 'frontend'"));
    let d = first_error("frontend f\n bind :80\n default_backend nope\n");
    assert!(d.message.contains("'nope'"));
    let d = first_error("sever x\n");
    assert!(d.message.contains("out of section"));
}

#[test]
fn bad_duplicate_server_and_proxy_names() {
    let d = first_error("backend b\n server s 127.0.0.1:1\n server s 127.0.0.1:2\n");
    assert!(d.message.contains("declared twice"));
    let d = first_error("backend b\nbackend b\n");
    assert_eq!(d.line, 2);
}

#[test]
fn bad_quote_and_expect() {
    let d = first_error("backend b\n option httpchk GET \"/x\n");
    assert!(d.message.contains("unmatched double quote"));
    let d = first_error("backend b\n http-check expect staus 200\n");
    assert_eq!(d.suggestion.as_deref(), Some("status"));
    let d = first_error("backend b\n http-check expect status 2000\n");
    assert!(d.message.contains("not an HTTP status"));
}

#[test]
fn all_errors_are_reported() {
    let e = parse("global\n maxconnn 10\nbackend b\n balance\n server s 127.0.0.1:1 wieght 2\n")
        .unwrap_err();
    let lines: Vec<usize> = e.errors().map(|d| d.line).collect();
    assert_eq!(lines, [2, 4, 5]);
    assert!(e.to_string().contains("and 2 more errors"));
}

fn errors(text: &str) -> Vec<Diag> {
    parse(text)
        .expect_err("configuration should be rejected")
        .errors()
        .cloned()
        .collect()
}

#[test]
fn udp_mode_and_persist_parse() {
    let c = parse(
        "defaults\n mode udp\n timeout client 30s\nlisten sip\n bind 127.0.0.150:7072\n persist source 1s\n server a 127.0.0.2:7072\n server b 127.0.0.3:7072 backup\nbackend v6\n persist source 5m 255.255.255.0 /64\n server c [::1]:5060\n",
    )
    .unwrap();
    assert_eq!(c.proxies[0].mode, Mode::Udp);
    assert_eq!(
        c.proxies[0].persist,
        Some(Persist {
            timeout: Duration::from_secs(1),
            v4_prefix: 32,
            v6_prefix: 128
        })
    );
    assert_eq!(
        c.proxies[1].persist,
        Some(Persist {
            timeout: Duration::from_secs(300),
            v4_prefix: 24,
            v6_prefix: 64
        })
    );
    let p = parse(
        "listen l\n mode udp\n bind 127.0.0.1:9\n persist source 10s /16\n server a 127.0.0.2:9\n",
    )
    .unwrap();
    assert_eq!(p.proxies[0].persist.unwrap().v4_prefix, 16);
    // A UDP and a TCP listener may share an address and port.
    parse("listen u\n mode udp\n bind 127.0.0.1:5060\n server a 127.0.0.2:5060\nlisten t\n bind 127.0.0.1:5060\n server a 127.0.0.2:5060\n").unwrap();
    let d = first_error("listen u\n mode udp\n bind 127.0.0.1:5060\n bind 127.0.0.1:5060\n server a 127.0.0.2:5060\n");
    assert!(d.message.contains("already bound"), "{d}");
}

#[test]
fn udp_persist_bad_values() {
    let d = first_error("backend b\n mode udp\n persist source 1s 255.0.255.0\n");
    assert_eq!((d.line, d.col), (3, 20));
    assert!(d.message.contains("not an IPv4 mask"), "{d}");
    let d = first_error("backend b\n mode udp\n persist source 1s /33\n");
    assert!(d.message.contains("LEN 0..=32"), "{d}");
    let d = first_error("backend b\n mode udp\n persist source 1s /24 /129\n");
    assert_eq!(d.col, 24);
    let d = first_error("backend b\n mode udp\n persist source\n");
    assert!(d.message.contains("expects a time"), "{d}");
    let d = first_error("backend b\n mode udp\n persist source 0s\n");
    assert!(d.message.contains("above 0"), "{d}");
    let d = first_error("frontend f\n mode udp\n persist source 1s\n");
    assert!(d.message.contains("not allowed in a 'frontend'"), "{d}");
    let d = first_error("backend b\n mode udpp\n");
    assert_eq!(d.suggestion.as_deref(), Some("udp"));
    // TCP mode persists too; HTTP mode (a choice per request) warns on the directive's line.
    let c = parse("backend b\n persist source 1s\n server a 127.0.0.1:1\n").unwrap();
    assert!(!has_warnings_besides_timeouts(&c), "{:?}", c.warnings);
    let c = parse("backend b\n mode http\n persist source 1s\n server a 127.0.0.1:1\n").unwrap();
    assert!(
        c.warnings
            .iter()
            .any(|w| w.line == 3 && w.col == 2 && w.message.contains("every request")),
        "{:?}",
        c.warnings
    );
    // HAProxy's own `persist rdp-cookie` stays an ignored directive.
    let c = parse("backend b\n persist rdp-cookie\n server a 127.0.0.1:1\n").unwrap();
    assert!(c.warnings.iter().any(|w| w.message.contains("ignored")));
}

#[test]
fn udp_mode_mismatch_and_checks() {
    let e = errors("frontend f\n mode udp\n bind 127.0.0.1:9\n default_backend b\nbackend b\n server a 127.0.0.2:9\n");
    assert_eq!(e[0].line, 1);
    assert!(
        e[0].message
            .contains("udp frontend 'f' uses incompatible tcp backend 'b'"),
        "{}",
        e[0]
    );
    let e = errors("frontend f\n mode http\n bind 127.0.0.1:9\n use_backend b\nbackend b\n mode udp\n server a 127.0.0.2:9\n");
    assert_eq!(e[0].line, 4);
    assert!(
        e[0].message
            .contains("http frontend 'f' uses incompatible udp backend 'b'"),
        "{}",
        e[0]
    );
    let e = errors("listen l\n mode udp\n bind 127.0.0.1:9\n server a 127.0.0.2:9 check\n");
    assert_eq!((e[0].line, e[0].col), (4, 23));
    assert!(
        e[0].message.contains("cannot be checked by a TCP connect"),
        "{}",
        e[0]
    );
    assert!(e[0].message.contains("option sip-check"));
    // With a SIP check it is valid; its login is optional, a second word is an error.
    parse(
        "listen l\n mode udp\n bind 127.0.0.1:9\n option sip-check\n server a 127.0.0.2:9 check\n",
    )
    .unwrap();
    let c = parse("backend b\n mode udp\n option sip-check ops@lb1\n server a 127.0.0.2:9 check\n")
        .unwrap();
    assert_eq!(
        c.proxies[0].sipchk.as_ref().unwrap().login.as_deref(),
        Some("ops@lb1")
    );
    let d = first_error("backend b\n mode udp\n option sip-check ops@lb1 extra\n");
    assert_eq!((d.line, d.col), (3, 27));
    assert!(d.message.contains("at most one argument"), "{d}");
    let e = errors("defaults\n mode udp\n option httpchk GET /\nlisten l\n bind 127.0.0.1:9\n server a 127.0.0.2:9\n");
    assert_eq!((e[0].line, e[0].col), (3, 9));
    assert!(
        e[0].message
            .contains("'option httpchk' cannot check the UDP servers of 'l'"),
        "{}",
        e[0]
    );
    let e = errors("listen l\n mode udp\n bind 0.0.0.0:9\n server a 127.0.0.2:9\n");
    assert_eq!(e[0].line, 3);
    assert!(e[0].message.contains("wildcard"), "{}", e[0]);
    let e = errors("frontend f\n mode udp\n bind 127.0.0.1:9\n acl x src 10.0.0.0/8\n use_backend b if x\nbackend b\n mode udp\n server a 127.0.0.2:9\n");
    assert_eq!(e[0].line, 5);
    // HTTP-only directives warn, as in TCP mode.
    let c = parse("listen l\n mode udp\n bind 127.0.0.1:9\n option forwardfor\n stats enable\n server a 127.0.0.2:9\n").unwrap();
    let w: Vec<String> = c
        .warnings
        .iter()
        .map(|d| format!("{}:{}", d.line, d.message))
        .collect();
    assert!(
        w.iter()
            .any(|w| w.starts_with("4:") && w.contains("forwardfor")),
        "{w:?}"
    );
    assert!(w.iter().any(|w| w.contains("ignored in UDP mode")), "{w:?}");
    let c = parse("listen l\n mode udp\n bind 127.0.0.1:9\n log stderr local0\n option httplog\n server a 127.0.0.2:9\n").unwrap();
    assert!(
        c.warnings
            .iter()
            .any(|d| d.line == 5 && d.message.contains("falling back to 'option tcplog'")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn http_response_rules_are_kept_warned_about_or_refused() {
    let c = parse(
        "frontend f\n bind 127.0.0.1:1\n mode http\n http-response del-header server\n http-response set-status 201\n default_backend b\nbackend b\n mode http\n server s 127.0.0.1:2\nlisten t\n bind 127.0.0.1:3\n http-response deny\n server s 127.0.0.1:4\n",
    )
    .unwrap();
    assert_eq!(c.proxies[0].http_response.len(), 1);
    assert_eq!(
        c.proxies[0].http_response[0].action,
        crate::config::rules::Action::DelHeader("server".into())
    );
    let w: Vec<String> = c
        .warnings
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect();
    let text = w.join("\n");
    assert!(
        text.contains("5:16: 'http-response set-status' is ignored"),
        "{text}"
    );
    assert!(
        text.contains(
            "12:1: 'http-response' rules ignored for proxy 't' as they require HTTP mode"
        ),
        "{text}"
    );
    let e = first_error(
        "frontend f\n bind 127.0.0.1:1\n mode http\n http-response set-heder X y\n default_backend b\nbackend b\n mode http\n server s 127.0.0.1:2\n",
    );
    assert_eq!((e.line, e.col), (4, 16), "{}", e.message);
    assert_eq!(e.suggestion.as_deref(), Some("set-header"));
    let e = first_error("defaults\n http-response deny\n");
    assert!(
        e.message.contains("not allowed in 'defaults'"),
        "{}",
        e.message
    );
}

#[test]
fn fullconn_set_or_derived_from_the_frontends() {
    // The values HAProxy 2.6 shows as each BACKEND's `slim` for the same file.
    let c = parse(
        "global\n maxconn 1000\ndefaults\n mode http\n\
         frontend fe\n bind :1\n maxconn 2000\n use_backend be if { path_beg /a }\n use_backend be if { path_beg /b }\n default_backend be\n\
         frontend fe2\n bind :2\n use_backend be3 if { path_beg /x }\n default_backend be\n\
         backend be\n server s 127.0.0.1:1\n\
         backend be3\n server s 127.0.0.1:1\n\
         backend lone\n server s 127.0.0.1:1\n\
         backend fixed\n fullconn 77\n server s 127.0.0.1:1\n\
         listen l\n bind :3\n maxconn 40\n server s 127.0.0.1:1\n",
    )
    .unwrap();
    let full = |name: &str| c.fullconn(c.proxies.iter().find(|p| p.name == name).unwrap());
    // fe once despite three rules (2000) plus fe2 at the global maxconn (1000).
    assert_eq!(full("be"), 300);
    assert_eq!(full("be3"), 100);
    assert_eq!(full("lone"), 1, "no frontend reaches it");
    assert_eq!(full("fixed"), 77);
    assert_eq!(full("l"), 4, "a listen counts its own maxconn");
    assert!(!has_warnings_besides_timeouts(&c), "{:?}", c.warnings);
    // A tenth rounded up (HAProxy: 9985 + 300 gives 1029).
    let c = parse(
        "global\n maxconn 9985\nfrontend a\n bind :1\n default_backend b\nfrontend c\n bind :2\n maxconn 300\n default_backend b\nbackend b\n server s 127.0.0.1:1\n",
    )
    .unwrap();
    assert_eq!(c.fullconn(&c.proxies[2]), 1029);
}

#[test]
fn ulimit_n_and_fullconn_are_checked() {
    assert_eq!(
        parse("global\n ulimit-n 65536\n").unwrap().global.ulimit_n,
        Some(65536)
    );
    let e = parse("global\n ulimit-n lots\n").unwrap_err().to_string();
    assert!(e.contains(":2:"), "{e}");
    let e = parse("global\n ulimit-n 0\n").unwrap_err().to_string();
    assert!(e.contains("ulimit-n must be at least 1"), "{e}");
    let e = parse("frontend f\n bind :1\n fullconn 10\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("'fullconn' is not allowed in a 'frontend' section"),
        "{e}"
    );
    // From defaults, a backend inherits it and a frontend drops it.
    let c = parse("defaults\n fullconn 50\nfrontend f\n bind :1\n default_backend b\nbackend b\n server s 127.0.0.1:1\n").unwrap();
    assert_eq!(c.proxies[0].fullconn, None);
    assert_eq!(c.fullconn(&c.proxies[1]), 50);
}

#[test]
fn user_and_group_resolve_to_ids() {
    let c = parse("global\n user nobody\n group nogroup\n").unwrap();
    let nobody = nix::unistd::User::from_name("nobody").unwrap().unwrap();
    assert_eq!(c.global.uid, Some(nobody.uid.as_raw()));
    assert!(c.global.gid.is_some());
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let c = parse("global\n uid 4321\n gid 8765\n").unwrap();
    assert_eq!((c.global.uid, c.global.gid), (Some(4321), Some(8765)));
    // As HAProxy: a name that does not resolve is an error at its line and column.
    let e = parse("global\n user no-such-user-here\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(":2:7: cannot find user id for 'no-such-user-here'"),
        "{e}"
    );
    let e = parse("global\n group no-such-group\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("cannot find group id for 'no-such-group'"),
        "{e}"
    );
}

/// Warnings other than HAProxy's "missing timeouts" one (which the short files here get).
fn has_warnings_besides_timeouts(c: &Config) -> bool {
    c.warnings
        .iter()
        .any(|w| !w.message.starts_with("missing timeouts for "))
}

#[test]
fn missing_timeouts_warn_as_haproxy_26_does() {
    let c = parse("frontend f\n bind :1\n default_backend b\nbackend b\n server s 127.0.0.1:1\n")
        .unwrap();
    let w: Vec<(usize, &str)> = c
        .warnings
        .iter()
        .map(|w| (w.line, w.message.split('.').next().unwrap_or("")))
        .collect();
    assert_eq!(
        w,
        [
            (1, "missing timeouts for frontend 'f'"),
            (4, "missing timeouts for backend 'b'")
        ]
    );
    let c = parse(
        "defaults\n timeout client 1s\n timeout connect 1s\n timeout server 1s\nlisten l\n bind :1\n server s 127.0.0.1:1\nlisten u\n mode udp\n bind 127.0.0.1:5\n server s 127.0.0.1:1\n",
    )
    .unwrap();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

/// Mutated configurations (lines deleted, repeated, swapped; keywords, operators and odd bytes
/// spliced in) from the seed files, from a fixed seed: the haproxy.cfg parser, with the ACL and
/// rule compilation it runs, and the ldirectord reader never panic, and every diagnostic they
/// give is located in the file.
#[test]
fn mutated_configurations_never_break_the_parsers() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let seeds = [
        read("seed000.cfg"),
        read("seed002-fe.cfg"),
        read("seed002-sms.cfg"),
        read("seed001-ldirectord.cf"),
    ];
    let words = [
        "acl",
        "if",
        "unless",
        "{",
        "}",
        "!",
        "||",
        "or",
        "path_beg",
        "hdr(host)",
        "hdr(",
        ")",
        "-i",
        "bind",
        "server",
        "backup",
        "track",
        "check",
        "inter",
        "timeout",
        "client",
        "1s",
        "0",
        "-1",
        "99999999999999999999",
        ":",
        "127.0.0.1:",
        "[::1]:80",
        "use_backend",
        "default_backend",
        "http-request",
        "deny",
        "deny_status",
        "redirect",
        "set-header",
        "%[src]",
        "\\",
        "\"",
        "'",
        "#",
        "mode",
        "udp",
        "http",
        "listen",
        "frontend",
        "backend",
        "defaults",
        "global",
        "virtual=",
        "real=",
        "service=",
        "checktype=",
        "persistent=",
        "\t",
        "\u{e9}",
        "\0",
    ];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..8_000 {
        let seed = &seeds[i % seeds.len()];
        let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
        for _ in 0..1 + next() % 3 {
            let n = lines.len().max(1);
            let at = (next() as usize) % n;
            match next() % 6 {
                0 if !lines.is_empty() => _ = lines.remove(at),
                1 if !lines.is_empty() => {
                    let l = lines[at].clone();
                    lines.insert(at, l);
                }
                2 if !lines.is_empty() => {
                    let other = (next() as usize) % n;
                    lines.swap(at, other);
                }
                3 if !lines.is_empty() => {
                    let w = words[(next() as usize) % words.len()];
                    let l = &mut lines[at];
                    let mut cut = (next() as usize) % (l.len() + 1);
                    while !l.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    l.insert_str(cut, &format!(" {w}"));
                }
                4 if !lines.is_empty() => {
                    let l = &mut lines[at];
                    let mut cut = (next() as usize) % (l.len() + 1);
                    while !l.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    l.truncate(cut);
                }
                _ => lines.insert(
                    at.min(lines.len()),
                    words[(next() as usize) % words.len()].into(),
                ),
            }
        }
        let text = lines.join("\n") + "\n";
        let file = std::path::Path::new("fuzz.cfg");
        let nlines = lines.len() + 1;
        let located = |diags: &[Diag]| {
            for d in diags {
                assert!(d.line <= nlines, "{d} beyond line {nlines}:\n{text}");
            }
        };
        let r = if i % seeds.len() == 3 {
            crate::config::ldirectord::parse(file, &text)
        } else {
            Config::parse(file, &text)
        };
        match r {
            Ok(c) => located(&c.warnings),
            Err(e) => located(&e.diags),
        }
    }
}

#[test]
fn one_edit_apart_agrees_with_levenshtein() {
    let words = [
        "", "a", "ab", "ba", "abc", "acb", "balance", "balanc", "balancee", "bxlance", "xbalance",
        "balancex", "alance", "timeout", "tiemout", "maxconn", "maxcon", "mäxconn", "maxconnn",
    ];
    for a in words {
        for b in words {
            assert_eq!(
                super::keywords::one_edit_apart(a, b),
                strsim::levenshtein(a, b) <= 1,
                "{a:?} {b:?}"
            );
        }
    }
}

#[test]
fn sub_keywords_get_suggestions_warnings_and_refusals_from_their_table() {
    // Unknown: the table's nearest word, at the word's line and column.
    for (text, line, col, message, suggestion) in [
        (
            "listen s\n stats urri /x\n",
            2,
            8,
            "unknown 'stats' keyword 'urri'",
            "uri",
        ),
        (
            "backend b\n http-check sned meth GET\n",
            2,
            13,
            "unknown 'http-check' keyword 'sned'",
            "send",
        ),
        (
            "backend b\n http-check send mth GET\n",
            2,
            18,
            "unknown 'http-check send' argument 'mth'",
            "meth",
        ),
        (
            "backend b\n http-check expect !staus 200\n",
            2,
            21,
            "unknown 'http-check expect' matcher 'staus'",
            "status",
        ),
        (
            "global\n stats sockt /run/x.sock\n",
            2,
            8,
            "unknown 'stats' option 'sockt' in global",
            "socket",
        ),
        (
            "global\n stats socket /run/x.sock levl admin\n",
            2,
            27,
            "unknown stats socket option 'levl'",
            "level",
        ),
        (
            "listen s\n option forwardfor excpt 10.0.0.0/8\n",
            2,
            20,
            "unknown 'option forwardfor' argument 'excpt'",
            "except",
        ),
        (
            "backend b\n timeout conect 5s\n",
            2,
            10,
            "unknown timeout 'conect'",
            "connect",
        ),
        (
            "listen s\n bind :80 v6onyl\n",
            2,
            11,
            "unknown bind option 'v6onyl'",
            "v6only",
        ),
        (
            "backend b\n server s 127.0.0.1:1 Check\n",
            2,
            23,
            "unknown server option 'Check'",
            "check",
        ),
    ] {
        let d = first_error(text);
        assert_eq!((d.line, d.col), (line, col), "{text}: {}", d.message);
        assert_eq!(d.message, message, "{text}");
        assert_eq!(d.suggestion.as_deref(), Some(suggestion), "{text}");
    }
    // Ignored: a warning at the word; refused: an error saying why.
    let c = parse("global\n stats timeout 5s\nlisten s\n bind :80\n stats show-node\n http-check send-state\n")
        .unwrap();
    let w: Vec<(usize, usize, &str)> = c
        .warnings
        .iter()
        .map(|d| (d.line, d.col, d.message.as_str()))
        .collect();
    for expected in [
        (2, 8, "'stats timeout' is ignored"),
        (5, 8, "'stats show-node' is ignored"),
        (6, 13, "'http-check send-state' is ignored"),
    ] {
        assert!(w.contains(&expected), "{expected:?} not in {w:?}");
    }
    let d = first_error("listen s\n stats socket /run/x.sock\n");
    assert_eq!((d.line, d.col), (2, 8));
    assert!(
        d.message.contains("belongs in the 'global' section"),
        "{}",
        d.message
    );
}

#[test]
fn errorfile_pages_load_and_bad_ones_are_refused_at_their_word() {
    let dir = std::env::temp_dir().join(format!("proxy-errorfile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ok = dir.join("503.http");
    std::fs::write(&ok, "HTTP/1.1 503 Busy\r\nContent-Length: 2\r\n\r\nno").unwrap();
    let bad = dir.join("bad.http");
    std::fs::write(&bad, "HTTP/1.1 503 Busy\r\nContent-Length: 9\r\n\r\nno").unwrap();
    let base =
        "defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n";
    // Inherited from defaults, replaced code by code in a section.
    let c = parse(&format!(
        "{base} errorfile 503 {ok}\n errorfile 403 {ok}\nbackend b\n errorfile 403 {ok}\n",
        ok = ok.display()
    ))
    .unwrap();
    let codes: Vec<u16> = c.proxies[0].errorfiles.keys().copied().collect();
    assert_eq!(codes, [403, 503]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    for (line, col, why) in [
        (
            format!(" errorfile 418 {}", ok.display()),
            12,
            "'418' not handled",
        ),
        (format!(" errorfile 503 {}", bad.display()), 16, "(2 != 9)"),
        (
            " errorfile 503 /nonexistent/x.http".into(),
            16,
            "error opening file",
        ),
        (" errorfile 503".into(), 15, "a file after the status code"),
        (" errorfile abc x".into(), 12, "status code"),
        (" errorloc 418 /x".into(), 11, "'418' not handled"),
        (" errorloc303 503".into(), 17, "a URL after the status code"),
        (
            " errorloc302 503 /x /y".into(),
            21,
            "takes a status code and a URL",
        ),
    ] {
        let d = first_error(&format!("{base}backend b\n{line}\n"));
        assert_eq!((d.line, d.col), (7, col), "{line}: {}", d.message);
        assert!(d.message.contains(why), "{line}: {}", d.message);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keywords_that_would_change_traffic_are_refused_not_ignored() {
    let base =
        "defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n";
    for line in [
        " tcp-request content reject if { src 10.0.0.1 }",
        " monitor fail if TRUE",
        " cookie SRV insert indirect",
        " stick-table type ip size 1m",
        " option mysql-check user haproxy",
        " option transparent",
        " compression algo gzip",
        " source 10.0.0.1",
        " server-template s 3 127.0.0.1:80",
    ] {
        let d = first_error(&format!("{base}backend b\n{line}\n"));
        // At the keyword: an option's name.
        let col = if line.starts_with(" option") { 9 } else { 2 };
        assert_eq!((d.line, d.col), (7, col), "{line}: {}", d.message);
        assert!(
            d.message.contains("is not supported (not implemented"),
            "{line}: {}",
            d.message
        );
    }
    let d = first_error(&format!("global\n maxconnrate 100\n{base}"));
    assert_eq!((d.line, d.col), (2, 2), "{}", d.message);
    // monitor-uri is served in HTTP mode; in TCP mode it is ignored, as HAProxy warns.
    let c = parse(&format!("{base}frontend f\n bind :80\n monitor-uri /up\n")).unwrap();
    assert_eq!(c.proxies[0].monitor_uri.as_deref(), Some("/up"));
    let c = parse(&format!(
        "{}frontend f\n bind :80\n monitor-uri /up\n",
        base.replace("mode http", "mode tcp")
    ))
    .unwrap();
    let w: Vec<String> = c.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        w.iter()
            .any(|w| w.contains(":8:2: monitor-uri will be ignored")),
        "{w:?}"
    );
    // Tuning and logging keywords stay warnings.
    let c = parse(&format!(
        "{base} option dontlognull\n backlog 100\nbackend b\n"
    ))
    .unwrap();
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
}

#[test]
fn http_reuse_and_connection_modes_are_read_as_haproxy_does() {
    let base =
        "defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n";
    let c = parse(&format!(
        "{base} option httpclose\nfrontend f\n bind :80\n option http-server-close\n default_backend b\nbackend b\n http-reuse always\n no option httpclose\n"
    ))
    .unwrap();
    assert_eq!(c.proxies[0].conn_mode, ConnMode::ServerClose);
    assert_eq!(c.proxies[0].http_reuse, Reuse::Safe);
    assert_eq!(c.proxies[1].conn_mode, ConnMode::KeepAlive);
    assert_eq!(c.proxies[1].http_reuse, Reuse::Always);
    let d = first_error(&format!("{base}backend b\n http-reuse sometimes\n"));
    assert_eq!((d.line, d.col), (7, 13), "{}", d.message);
    assert!(d
        .message
        .contains("'never', 'safe', 'aggressive', 'always'"));
    let c = parse(&format!("{base}backend b\n http-send-name-header\n")).unwrap();
    assert_eq!(c.proxies[0].send_name_header.as_deref(), Some("X-Server"));
    let d = first_error(&format!("{base}backend b\n http-send-name-header X:Y\n"));
    assert_eq!((d.line, d.col), (7, 24), "{}", d.message);
    let d = first_error(&format!("{base}backend b\n no option originalto\n"));
    assert_eq!((d.line, d.col), (7, 12), "{}", d.message);
    let d = first_error(&format!("{base}backend b\n option forceclose\n"));
    assert!(d.message.contains("option httpclose"), "{}", d.message);
}
