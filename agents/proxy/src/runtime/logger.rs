//! `log` targets: RFC 3164 syslog lines over UDP or a unix datagram socket (`/dev/log`), or
//! plain lines on stderr/stdout. Sends are non-blocking datagrams: a slow or absent syslog never
//! holds up the data path (a datagram that cannot be sent is dropped, as syslog over UDP would).

use std::net::UdpSocket;
use std::os::unix::net::UnixDatagram;
use std::sync::OnceLock;
use std::time::SystemTime;

use crate::config::{Config, Log, LogTarget, Proxy};

struct Sockets {
    udp4: Option<UdpSocket>,
    udp6: Option<UdpSocket>,
    unix: Option<UnixDatagram>,
}

fn sockets() -> &'static Sockets {
    static S: OnceLock<Sockets> = OnceLock::new();
    S.get_or_init(|| {
        let udp = |a: &str| {
            UdpSocket::bind(a)
                .ok()
                .and_then(|s| s.set_nonblocking(true).ok().map(|()| s))
        };
        Sockets {
            udp4: udp("0.0.0.0:0"),
            udp6: udp("[::]:0"),
            unix: UnixDatagram::unbound()
                .ok()
                .and_then(|s| s.set_nonblocking(true).ok().map(|()| s)),
        }
    })
}

fn local_tm(t: SystemTime) -> libc::tm {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as libc::time_t;
    // SAFETY: localtime_r only writes into the zeroed struct we own.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        libc::localtime_r(&secs, &mut tm);
        tm
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `22/Nov/2026:05:00:00.123`, the accept date of HAProxy's log lines.
pub fn clf_time(t: SystemTime) -> String {
    let tm = local_tm(t);
    let ms = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.subsec_millis())
        .unwrap_or(0);
    format!(
        "{:02}/{}/{}:{:02}:{:02}:{:02}.{:03}",
        tm.tm_mday,
        MONTHS[tm.tm_mon.clamp(0, 11) as usize],
        tm.tm_year + 1900,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        ms
    )
}

fn syslog_line(log: &Log, severity: u8, msg: &str) -> String {
    let tm = local_tm(SystemTime::now());
    format!(
        "<{}>{} {:2} {:02}:{:02}:{:02} proxy[{}]: {}",
        (log.facility as u32) * 8 + severity as u32,
        MONTHS[tm.tm_mon.clamp(0, 11) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        std::process::id(),
        msg
    )
}

fn send(logs: &[Log], severity: u8, msg: &str) {
    for log in logs.iter().filter(|l| severity <= l.level) {
        let line = syslog_line(log, severity, msg);
        match &log.target {
            LogTarget::Udp(a) => {
                let s = if a.is_ipv4() {
                    &sockets().udp4
                } else {
                    &sockets().udp6
                };
                if let Some(s) = s {
                    let _ = s.send_to(line.as_bytes(), a);
                }
            }
            LogTarget::Unix(p) => {
                if let Some(s) = &sockets().unix {
                    let _ = s.send_to(line.as_bytes(), p);
                }
            }
            LogTarget::Stderr => eprintln!("{line}"),
            LogTarget::Stdout => println!("{line}"),
        }
    }
}

/// A traffic log line (`option tcplog`), at severity info.
pub fn traffic(p: &Proxy, line: &str) {
    send(&p.logs, 6, line);
}

/// An event (server state change) for the proxy named `proxy`, or the global targets.
pub fn event(cfg: &Config, proxy: &str, severity: u8, msg: &str) {
    match cfg.proxies.iter().find(|p| p.name == proxy) {
        Some(p) if !p.logs.is_empty() => send(&p.logs, severity, msg),
        _ => send(&cfg.global.logs, severity, msg),
    }
}
