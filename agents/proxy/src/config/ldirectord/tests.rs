use super::services::haproxy_word;
use super::*;
use crate::config::{Balance, Expect, Mode};
use std::time::Duration;

const SEED001: &str = include_str!("../../../../../tests/fixtures/seed001-ldirectord.cf");

fn load(text: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("ld.cf"), text)
}

fn errors(text: &str) -> Vec<Diag> {
    load(text)
        .expect_err("rejected")
        .diags
        .into_iter()
        .filter(|d| d.level == Level::Alert)
        .collect()
}

#[test]
fn seed_001_loads_as_written() {
    assert!(looks_like(SEED001));
    let c = load(SEED001).unwrap();
    assert_eq!(c.proxies.len(), 2);
    let http = &c.proxies[0];
    assert_eq!(http.name, "TCP-10.0.0.150:9072");
    assert_eq!(http.mode, Mode::Tcp);
    assert_eq!(http.binds[0].addr.to_string(), "10.0.0.150:9072");
    assert_eq!(http.balance, Balance::RoundRobin);
    let hc = http.httpchk.as_ref().unwrap();
    assert_eq!(
        (hc.method.as_str(), hc.uri.as_str()),
        ("GET", "/SpringRing/status")
    );
    assert!(
        matches!(&http.expect[..], [Expect::RStatus(false, _), Expect::RString(false, re)]
        if re.as_str() == "Sample SpringRing web application")
    );
    assert_eq!(http.timeouts.check, Some(Duration::from_secs(1)));
    let s = &http.servers[0];
    assert_eq!((s.host.as_str(), s.port), ("10.0.0.147", Some(9072)));
    assert!(s.check && s.shutdown_on_down);
    assert_eq!(
        (s.inter, s.rise, s.fall, s.weight),
        (Duration::from_secs(1), 1, 1, 1)
    );
    let sip = &c.proxies[1];
    assert_eq!(sip.mode, Mode::Udp);
    assert_eq!(sip.binds[0].addr.to_string(), "10.0.0.150:7072");
    assert!(sip.sipchk.is_some());
    assert_eq!(sip.persist.unwrap().timeout, Duration::from_secs(1));
    assert_eq!(sip.servers.len(), 2);
    assert!(c.global.autoreload);
    // Only what proxy does not honour is warned about: logfile, indentation.
    let lines: Vec<usize> = c.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![8, 16, 34], "{:#?}", c.warnings);
}

#[test]
fn indented_file_with_every_mapping() {
    let c = load(
        "checkinterval=3\nfailurecount=2\nnegotiatetimeout=4\nquiescent=no\n\
         virtual6=[2001:db8::1]:80\n    real6=[2001:db8::10]:8080 masq 3 <u:50>\n\
         \tservice=http\n    virtualhost=\"www.example.org\"\n    httpmethod=head\n\
         \tscheduler=wlc\n\tpersistent=60\n\tnetmask=64\n\tquiescent=yes\n\
         virtual=192.0.2.1:443\n    real=192.0.2.10->192.0.2.12 gate\n    checktype=connect\n\
         \tcheckport=8443\n\tservicename=web-tls\n\tfallback=127.0.0.1:8443\n",
    );
    let c = c.unwrap_or_else(|e| panic!("{:#?}", e.diags));
    let v6 = &c.proxies[0];
    assert_eq!(v6.balance, Balance::LeastConn);
    assert_eq!(v6.httpchk.as_ref().unwrap().method, "HEAD");
    assert_eq!(
        v6.check_send.headers,
        vec![("Host".to_string(), "www.example.org".to_string())]
    );
    assert_eq!(v6.persist.unwrap().v6_prefix, 64);
    let s = &v6.servers[0];
    assert_eq!(
        (s.weight, s.maxconn, s.fall, s.inter),
        (3, 50, 2, Duration::from_secs(3))
    );
    assert!(!s.shutdown_on_down);
    assert_eq!(v6.timeouts.check, Some(Duration::from_secs(4)));
    let tls = &c.proxies[1];
    assert_eq!(tls.name, "web-tls");
    assert!(tls.httpchk.is_none());
    let names: Vec<&str> = tls.servers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "192.0.2.10:443",
            "192.0.2.11:443",
            "192.0.2.12:443",
            "fallback"
        ]
    );
    assert_eq!(tls.servers[0].check_port, Some(8443));
    assert!(tls.servers[0].shutdown_on_down, "global quiescent=no");
    let fb = tls.servers.last().unwrap();
    assert!(fb.backup && !fb.check && fb.port == Some(8443));
    // The gate forwarding method is taken as a full proxy, with a warning.
    assert!(c
        .warnings
        .iter()
        .any(|w| w.line == 15 && w.message.contains("gate")));
}

#[test]
fn check_types_on_and_off() {
    let c = load(
        "virtual=127.0.0.1:9000\n    real=127.0.0.2 masq\n    checktype=on\n\
         virtual=127.0.0.1:9001\n    real=127.0.0.2 masq\n    checktype=off\n\
         \tfallback=127.0.0.1:80\n",
    )
    .unwrap();
    let (on, off) = (&c.proxies[0].servers[0], &c.proxies[1].servers[0]);
    assert!(!on.check && !on.disabled);
    assert!(off.disabled);
    assert_eq!(c.proxies[1].servers.len(), 1, "no fallback either");
    assert_eq!(
        on.port,
        Some(9000),
        "a real without port takes the virtual's"
    );
}

#[test]
fn bad_inputs_name_their_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("virtual=127.0.0.1:80\n    real=127.0.0.2:80 masq\n    sheduler=rr\n", 3, "scheduler"),
        ("chektimeout=3\nvirtual=127.0.0.1:80\n    real=127.0.0.2 masq\n", 1, "checktimeout"),
        ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    checktype=negociate\n", 3, "negotiate"),
        ("virtual=100\n    real=127.0.0.2 masq\n", 1, "firewall-mark"),
        ("virtual=127.0.0.1:80\n    real=127.0.0.2 nat\n", 2, "forwarding method"),
        ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq 1 \"/x\", \"ok\"\n", 2, "request/receive"),
        ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    service=mysql\n", 3, "service=mysql"),
        ("virtual=127.0.0.1:5060\n    real=127.0.0.2 masq\n    protocol=udp\n    checktype=connect\n", 4, "ICMP"),
        ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    receive=\"(unclosed\"\n", 3, "regular expression"),
        ("virtual=127.0.0.1:80\n    real=127.0.0.2:99999 masq\n", 2, "port"),
        ("checkinterval=0\nvirtual=127.0.0.1:80\n    real=127.0.0.2 masq\n", 1, "above 0"),
        ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    real=127.0.0.2 masq\n", 3, "duplicate"),
        ("virtual=127.0.0.1:80\n    real=web1 masq\n", 2, "not an IP address"),
    ];
    for (text, line, needle) in cases {
        let e = errors(text);
        assert!(
            e.iter().any(|d| d.line == *line
                && (d.message.contains(needle) || d.suggestion.as_deref() == Some(*needle))),
            "{text:?}: want line {line} with {needle:?}, got {e:#?}"
        );
    }
}

#[test]
fn haproxy_files_are_not_taken_for_ldirectord() {
    assert!(!looks_like("global\n  maxconn 10\nlisten x\n  bind :80\n"));
    assert!(looks_like("# lb\nvirtual = 10.0.0.1:80\n"));
}

#[test]
fn quoting_for_haproxy_words() {
    assert_eq!(haproxy_word("plain"), "plain");
    assert_eq!(haproxy_word("two words"), "\"two words\"");
    assert_eq!(haproxy_word(r#"a"b\c"#), r#""a\"b\\c""#);
}
