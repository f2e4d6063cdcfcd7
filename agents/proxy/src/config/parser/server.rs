//! `server` and `default-server` lines and their options.

use std::time::Duration;

use super::table::{self, S};
use super::{arg, err, num, ParsedOpts, Parser, ServerOpts, Step};
use crate::config::keywords::nearest;
use crate::config::lex::Word;
use crate::config::values::{parse_port, parse_server_addr};
use crate::config::{Server, Track};

impl Parser {
    /// Parse server options from `words[start..]`. Returns the options, the `track` target and
    /// the column of `check` (if any).
    pub(super) fn server_opts(
        &mut self,
        n: usize,
        words: &[Word],
        start: usize,
        is_default: bool,
    ) -> Result<ParsedOpts, (usize, String, Option<String>)> {
        let mut o = ServerOpts::default();
        let mut track = None;
        let mut check_col = None;
        let mut i = start;
        while let Some(w) = words.get(i) {
            let k = w.text.as_str();
            let val = |i: usize, what: &str| arg(words, i + 1, what).cloned();
            let (entry, handler) = self.sub(n, w, &table::SERVER_LIST)?;
            let Some(handler) = handler else {
                i += 1 + entry.values;
                continue;
            };
            match handler {
                S::Check => {
                    o.check = Some(true);
                    check_col = Some(w.col);
                }
                S::NoCheck => o.check = Some(false),
                S::Port => {
                    let v = val(i, "a port")?;
                    o.port =
                        Some(parse_port(&v.text).map_err(|m| (v.col, format!("check {m}"), None))?);
                }
                S::Addr => {
                    let v = val(i, "an address")?;
                    o.addr = Some(v.text.clone());
                }
                S::Inter | S::Fastinter | S::Downinter => {
                    let v = val(i, "a time")?;
                    let d = self.time(n, &v)?;
                    if d.is_zero() {
                        return err(&v, format!("'{k}' must be greater than 0"));
                    }
                    match handler {
                        S::Inter => o.inter = Some(d),
                        S::Fastinter => o.fastinter = Some(d),
                        _ => o.downinter = Some(d),
                    }
                }
                S::Rise | S::Fall => {
                    let v = val(i, "a count")?;
                    let c: u32 = num(&v, "count")?;
                    if c == 0 {
                        return err(&v, format!("'{k}' must be at least 1"));
                    }
                    if handler == S::Rise {
                        o.rise = Some(c);
                    } else {
                        o.fall = Some(c);
                    }
                }
                S::Weight => {
                    let v = val(i, "a weight")?;
                    let c: u32 = num(&v, "weight")?;
                    if c > 256 {
                        return err(&v, "weight must be between 0 and 256");
                    }
                    o.weight = Some(c);
                }
                S::Backup => o.backup = Some(true),
                S::NoBackup => o.backup = Some(false),
                S::Maxconn => {
                    let v = val(i, "a number")?;
                    o.maxconn = Some(num(&v, "number")?);
                }
                S::OnMarkedDown => {
                    let v = val(i, "shutdown-sessions")?;
                    if v.text != "shutdown-sessions" {
                        return Err((
                            v.col,
                            format!("unknown on-marked-down action '{}'", v.text),
                            nearest(&v.text, &["shutdown-sessions"]),
                        ));
                    }
                    o.shutdown_on_down = Some(true);
                }
                S::OnMarkedUp => {
                    let v = val(i, "shutdown-backup-sessions")?;
                    if v.text != "shutdown-backup-sessions" {
                        return Err((
                            v.col,
                            format!("unknown on-marked-up action '{}'", v.text),
                            nearest(&v.text, &["shutdown-backup-sessions"]),
                        ));
                    }
                    o.shutdown_backup_on_up = Some(true);
                }
                S::Disabled => o.disabled = Some(true),
                S::Enabled => o.disabled = Some(false),
                S::Track => {
                    if is_default {
                        return err(w, "'track' is not allowed on 'default-server'");
                    }
                    let v = val(i, "[backend/]server")?;
                    let cur = self
                        .proxies
                        .last()
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    let t = match v.text.split_once('/') {
                        Some((b, s)) => Track {
                            backend: b.to_string(),
                            server: s.to_string(),
                        },
                        None => Track {
                            backend: cur,
                            server: v.text.clone(),
                        },
                    };
                    track = Some((t, v.col));
                }
            }
            i += 1 + entry.values;
        }
        Ok((o, track, check_col))
    }

    pub(super) fn server(&mut self, n: usize, words: &[Word]) -> Step {
        let name = arg(words, 1, "a name and an address")?;
        let addr = arg(words, 2, "an address")?;
        let (host, port) = parse_server_addr(&addr.text).map_err(|m| (addr.col, m, None))?;
        let (opts, track, check_col) = self.server_opts(n, words, 3, false)?;
        let o = self.cur_server_defaults.overlay(&opts);
        let inter = o.inter.unwrap_or(Duration::from_secs(2));
        let srv = Server {
            name: name.text.clone(),
            host,
            port,
            line: n,
            check: o.check.unwrap_or(false),
            check_port: o.port,
            check_addr: o.addr,
            inter,
            fastinter: o.fastinter.unwrap_or(inter),
            downinter: o.downinter.unwrap_or(inter),
            rise: o.rise.unwrap_or(2),
            fall: o.fall.unwrap_or(3),
            weight: o.weight.unwrap_or(1),
            backup: o.backup.unwrap_or(false),
            track: track.as_ref().map(|(t, _)| t.clone()),
            maxconn: o.maxconn.unwrap_or(0),
            shutdown_on_down: o.shutdown_on_down.unwrap_or(false),
            shutdown_backup_on_up: o.shutdown_backup_on_up.unwrap_or(false),
            disabled: o.disabled.unwrap_or(false),
        };
        let pi = self.proxies.len() - 1;
        let p = &mut self.proxies[pi];
        if p.servers.iter().any(|s| s.name == srv.name) {
            return err(
                name,
                format!("server '{}' is declared twice in '{}'", srv.name, p.name),
            );
        }
        let si = p.servers.len();
        p.servers.push(srv);
        if let Some(cc) = check_col {
            self.check_cols.insert((pi, si), cc);
        }
        if let Some((_, col)) = track {
            self.tracks.push((pi, si, n, col));
            if check_col.is_none() && self.proxies[pi].servers[si].check {
                // `check` inherited from default-server.
                self.check_cols.insert((pi, si), words[0].col);
            }
        }
        Ok(())
    }
}
