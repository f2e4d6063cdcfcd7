//! The `global` section, and `log` lines (in `global` and in proxies).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use super::table::{self, Gs, Sock, G};
use super::{arg, err, num, Parser, Step};
use crate::config::keywords::nearest;
use crate::config::lex::Word;
use crate::config::values::{number_set, parse_port, split_host_port};
use crate::config::{CpuMap, Log, LogTarget, StatsSocket};

/// Syslog facility names in number order.
const FACILITIES: [&str; 24] = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2",
    "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4",
    "local5", "local6", "local7",
];
/// Syslog severities in number order.
const LEVELS: [&str; 8] = [
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

impl Parser {
    pub(super) fn global_line(&mut self, n: usize, words: &[Word]) -> Step {
        let Some((_, handler)) =
            self.keyword(n, words, table::GLOBAL, "global", "", Parser::global_line)?
        else {
            return Ok(());
        };
        match handler {
            G::Maxconn => self.global.maxconn = Some(num(arg(words, 1, "a number")?, "number")?),
            G::User => {
                let w = arg(words, 1, "a user name")?;
                let Some(u) = nix::unistd::User::from_name(&w.text).ok().flatten() else {
                    return err(w, format!("cannot find user id for '{}'", w.text));
                };
                self.global.uid = Some(u.uid.as_raw());
            }
            G::Group => {
                let w = arg(words, 1, "a group name")?;
                let Some(g) = nix::unistd::Group::from_name(&w.text).ok().flatten() else {
                    return err(w, format!("cannot find group id for '{}'", w.text));
                };
                self.global.gid = Some(g.gid.as_raw());
            }
            G::Chroot => {
                let w = arg(words, 1, "a directory")?;
                let dir = PathBuf::from(&w.text);
                // `haproxy -c` says nothing, and the start then fails: say it now.
                if !dir.is_dir() {
                    let col = w.col;
                    self.warn(
                        n,
                        col,
                        format!(
                            "chroot directory '{}' does not exist on this host: the proxy will \
                             not start until it does (an empty directory no one may write to)",
                            w.text
                        ),
                    );
                }
                self.global.chroot = Some(dir);
            }
            G::Uid => self.global.uid = Some(num(arg(words, 1, "a user id")?, "number")?),
            G::Gid => self.global.gid = Some(num(arg(words, 1, "a group id")?, "number")?),
            G::UlimitN => {
                let v: u64 = num(arg(words, 1, "a number of descriptors")?, "number")?;
                if v == 0 {
                    return err(&words[1], "ulimit-n must be at least 1");
                }
                self.global.ulimit_n = Some(v);
            }
            G::Nbthread => {
                let v: usize = num(arg(words, 1, "a number of threads")?, "number of threads")?;
                if v == 0 || v > 64 {
                    return err(&words[1], "nbthread must be between 1 and 64");
                }
                self.global.nbthread = Some(v);
            }
            G::Pidfile => self.global.pidfile = Some(PathBuf::from(&arg(words, 1, "a path")?.text)),
            G::CpuMap => {
                let set = arg(words, 1, "a thread set such as 1/all or auto:1/1-4")?;
                let (auto, spec) = match set.text.strip_prefix("auto:") {
                    Some(rest) => (true, rest),
                    None => (false, set.text.as_str()),
                };
                let (group, threads) = spec.split_once('/').unwrap_or((spec, "all"));
                // HAProxy 2.6 numbers processes (or thread groups) first: there is one, 1.
                let groups = number_set(group, 1..=64, "process").or_else(|m| err(set, m))?;
                if !groups.contains(&1) {
                    self.warn(
                        n,
                        set.col,
                        format!("cpu-map for process or thread group '{group}' is ignored: the proxy runs one, 1"),
                    );
                    return Ok(());
                }
                let all = threads == "all";
                let threads = if all {
                    Vec::new()
                } else {
                    number_set(threads, 1..=64, "thread").or_else(|m| err(set, m))?
                };
                let mut cpus = Vec::new();
                let first = arg(words, 2, "a CPU set such as 0-3")?;
                for w in words[2..].iter().take_while(|w| !w.text.starts_with('#')) {
                    cpus.extend(number_set(&w.text, 0..=1023, "CPU").or_else(|m| err(w, m))?);
                }
                cpus.sort_unstable();
                cpus.dedup();
                // As HAProxy 2.6: one CPU for them all, or one CPU per thread ('all' being 64).
                let n_threads = if all { 64 } else { threads.len() };
                if auto && cpus.len() != 1 && n_threads != cpus.len() {
                    return err(
                        first,
                        format!(
                            "with auto:, the {n_threads} thread(s) and the {} CPU(s) must be as many (one CPU per thread), or one CPU for all",
                            cpus.len()
                        ),
                    );
                }
                self.global.cpu_map.push(CpuMap {
                    threads,
                    cpus,
                    auto,
                });
            }
            G::Log => {
                let log = self.parse_log(n, words)?;
                if let Some(l) = log {
                    self.global.logs.push(l);
                }
            }
            G::HardStopAfter => {
                let d = self.time(n, arg(words, 1, "a time")?)?;
                self.global.hard_stop_after = Some(d);
            }
            G::Stats => {
                let sub = arg(words, 1, "socket, timeout or maxconn")?;
                let Some(Gs::Socket) = self.sub(n, sub, &table::GLOBAL_STATS)?.1 else {
                    return Ok(());
                };
                let path = arg(words, 2, "a path")?;
                let path_s = path.text.strip_prefix("unix@").unwrap_or(&path.text);
                if path_s.contains(':') && !path_s.starts_with('/') {
                    return err(path, "only unix stats sockets (a path) are supported");
                }
                let mut sock = StatsSocket {
                    path: PathBuf::from(path_s),
                    mode: None,
                    level: "user".into(),
                };
                let mut i = 3;
                while let Some(w) = words.get(i) {
                    let (k, handler) = self.sub(n, w, &table::SOCKET)?;
                    match handler {
                        Some(Sock::Mode) => {
                            let v = arg(words, i + 1, "an octal mode")?;
                            sock.mode = Some(u32::from_str_radix(&v.text, 8).map_err(|_| {
                                (v.col, format!("'{}' is not an octal mode", v.text), None)
                            })?);
                        }
                        Some(Sock::Level) => {
                            let v = arg(words, i + 1, "user, operator or admin")?;
                            if !["user", "operator", "admin"].contains(&v.text.as_str()) {
                                return Err((
                                    v.col,
                                    format!("unknown level '{}'", v.text),
                                    nearest(&v.text, &["user", "operator", "admin"]),
                                ));
                            }
                            sock.level = v.text.clone();
                        }
                        None => {}
                    }
                    i += 1 + k.values;
                }
                self.global.stats_sockets.push(sock);
            }
            G::TuneBufsize | G::TuneMaxrewrite => {
                let v = arg(words, 1, "a size in bytes")?;
                let size: usize = num(v, "size in bytes")?;
                if handler == G::TuneBufsize {
                    if !(1024..=1 << 30).contains(&size) {
                        return err(v, "'tune.bufsize' must be between 1024 and 1073741824");
                    }
                    self.global.bufsize = Some(size);
                } else {
                    self.global.maxrewrite = Some(size);
                }
            }
        }
        Ok(())
    }

    /// `log global` | `log TARGET [len N] [format F] FACILITY [LEVEL [MINLEVEL]]` | `no log`.
    pub(super) fn parse_log(
        &mut self,
        n: usize,
        words: &[Word],
    ) -> Result<Option<Log>, (usize, String, Option<String>)> {
        let t = arg(
            words,
            1,
            "a target (address, socket path, stderr or global)",
        )?;
        if t.text == "global" {
            return Ok(None);
        }
        let target = match t.text.as_str() {
            "stderr" | "fd@2" => LogTarget::Stderr,
            "stdout" | "fd@1" => LogTarget::Stdout,
            s if s.starts_with('/') || s.starts_with("unix@") => {
                LogTarget::Unix(PathBuf::from(s.strip_prefix("unix@").unwrap_or(s)))
            }
            s => {
                let s = s
                    .strip_prefix("udp@")
                    .or_else(|| s.strip_prefix("ipv4@"))
                    .unwrap_or(s);
                let (host, port) = match split_host_port(s) {
                    Some((h, p)) if h.parse::<IpAddr>().is_ok() => {
                        (h, parse_port(p).map_err(|m| (t.col, m, None))?)
                    }
                    _ => (s, 514),
                };
                let ip: IpAddr = host.parse().map_err(|_| {
                    (
                        t.col,
                        format!(
                            "log target '{}' is not an IP address, a socket path or stderr",
                            t.text
                        ),
                        None,
                    )
                })?;
                LogTarget::Udp(SocketAddr::new(ip, port))
            }
        };
        let mut i = 2;
        while let Some(w) = words.get(i) {
            if w.text == "len" || w.text == "format" || w.text == "sample" {
                if w.text == "format" {
                    self.warn(
                        n,
                        w.col,
                        "log 'format' is ignored (RFC 3164 is used)".into(),
                    );
                }
                i += 2;
            } else {
                break;
            }
        }
        let fw = arg(words, i, "a syslog facility")?;
        let facility = FACILITIES
            .iter()
            .position(|f| *f == fw.text)
            .ok_or_else(|| {
                (
                    fw.col,
                    format!("unknown syslog facility '{}'", fw.text),
                    nearest(&fw.text, &FACILITIES),
                )
            })? as u8;
        let level = match words.get(i + 1) {
            Some(lw) => LEVELS.iter().position(|l| *l == lw.text).ok_or_else(|| {
                (
                    lw.col,
                    format!("unknown syslog level '{}'", lw.text),
                    nearest(&lw.text, &LEVELS),
                )
            })? as u8,
            None => 7,
        };
        Ok(Some(Log {
            target,
            facility,
            level,
        }))
    }
}
