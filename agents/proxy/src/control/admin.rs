//! The runtime admin socket (`stats socket` in `global`, and the private control socket the OCF
//! agent uses): one line of `;`-separated commands per connection, answered, then closed, as
//! HAProxy's non-interactive mode does. A line must fit HAProxy's buffer (`tune.bufsize`, its
//! newline included, less the byte HAProxy keeps): a longer one closes the connection
//! unanswered, as with HAProxy 2.6, and is never held in memory whole.
//!
//! `show stat [{<iid>|<proxy>} <type> <sid>] [typed|json]`, `show info [typed|json]`,
//! `show servers state`, `disable server B/S`, `enable server B/S`,
//! `set server B/S state ready|drain|maint`, `set server B/S weight N`,
//! `shutdown sessions server B/S`, `help`, and on the control socket only `reload [FILE]`.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixListener;

use crate::control::stats::{Filter, Format};
use crate::runtime::lock;
use crate::runtime::state::Runtime;

/// What the admin socket asks of the daemon serving it (handed in, so this module does not reach
/// up to the daemon): the generation serving now and, on the control socket, what runs and a
/// reload.
pub trait Host: Send + Sync {
    /// The generation serving now.
    fn current(&self) -> Arc<Runtime>;
    /// `show running`: the file, digest and listeners that run.
    fn running(&self) -> String;
    /// `reload [FILE]`: a summary, or why nothing changed.
    fn reload(
        &self,
        file: Option<PathBuf>,
    ) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + '_>>;
}

/// What a socket may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Read only.
    User,
    /// Read only, plus `clear counters` (the maxima).
    Operator,
    /// Change servers.
    Admin,
    /// Admin plus `reload` (the OCF agent's socket).
    Control,
}

impl Level {
    /// From the `level` keyword.
    pub fn parse(s: &str) -> Level {
        match s {
            "admin" => Level::Admin,
            "operator" => Level::Operator,
            _ => Level::User,
        }
    }
}

const HELP: &str = "The following commands are valid at this level:
  help                                    : this message
  clear counters [all]                    : clear max statistics counters (or all counters)
  show activity                           : show per-thread activity stats (for support/developers)
  show backend                            : list backends in the current running config
  show info [typed|json]                  : report information about the running process
  show stat [{<iid>|<proxy>} <type> <sid>] [typed|json] : report counters for each proxy and server
  show servers state                      : dump the state of every server
  disable server <bk>/<srv>               : put a server in maintenance mode
  enable server <bk>/<srv>                : take a server out of maintenance mode
  set server <bk>/<srv> state <state>     : ready, drain or maint
  set server <bk>/<srv> weight <w>        : change a server's weight (0-256)
  shutdown sessions server <bk>/<srv>     : kill the sessions on a server
";

/// Bind `path` (replacing a stale socket) with `mode`, and serve it until the task is dropped.
pub fn bind(path: &Path, mode: Option<u32>) -> std::io::Result<UnixListener> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let l = UnixListener::bind(path)?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode.unwrap_or(0o600)))?;
    Ok(l)
}

/// Accept loop.
pub async fn serve(listener: UnixListener, level: Level, host: &'static dyn Host) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        tokio::spawn(async move {
            let (r, mut w) = stream.into_split();
            let max = line_max(&host.current());
            let mut raw = Vec::new();
            let mut r = BufReader::new(r.take(max as u64));
            let read = r.read_until(b'\n', &mut raw);
            if tokio::time::timeout(std::time::Duration::from_secs(10), read)
                .await
                .is_err()
            {
                return;
            }
            if raw.len() >= max && !raw.ends_with(b"\n") {
                tracing::debug!("admin socket: a command line longer than {max} bytes");
                return;
            }
            let line = String::from_utf8_lossy(&raw);
            let mut out = String::new();
            for cmd in commands(&line) {
                out.push_str(&execute(host, cmd, level).await);
            }
            let _ = w.write_all(out.as_bytes()).await;
            let _ = w.shutdown().await;
        });
    }
}

/// The longest command line read, its newline included: `tune.bufsize` less one byte, as
/// HAProxy 2.6 answers a line of 16383 bytes with the default buffer and not one of 16384.
fn line_max(rt: &Runtime) -> usize {
    let bufsize = rt
        .cfg
        .global
        .bufsize
        .unwrap_or(crate::data::http::conn::BUFSIZE);
    bufsize - 1
}

/// The commands of one line: `;`-separated, blanks around them and empty ones dropped.
pub fn commands(line: &str) -> impl Iterator<Item = &str> {
    line.trim()
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Answer one command against `rt`: every command but the control socket's own (`reload`,
/// `show running`), which need the running daemon. What `execute` does once it has the
/// runtime, for tests and fuzzing without a daemon.
pub fn answer(rt: &Arc<Runtime>, cmd: &str, level: Level) -> String {
    run(rt, &cmd.split_whitespace().collect::<Vec<_>>(), level)
}

/// Run one command.
pub async fn execute(host: &dyn Host, cmd: &str, level: Level) -> String {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    if level == Level::Control && words.first() == Some(&"reload") {
        let file = words.get(1).map(PathBuf::from);
        return match host.reload(file).await {
            Ok(msg) => format!("OK {msg}\n"),
            Err(msg) => format!("ERROR {msg}\n"),
        };
    }
    if level == Level::Control && words == ["show", "running"] {
        return host.running();
    }
    answer(&host.current(), cmd, level)
}

fn run(rt: &Arc<Runtime>, words: &[&str], level: Level) -> String {
    let need_admin = || level >= Level::Admin;
    let target = |s: Option<&&str>| -> Result<
        (
            Arc<crate::runtime::state::Backend>,
            Arc<crate::runtime::state::Server>,
        ),
        String,
    > {
        let s = s.ok_or("Require 'backend/server'.\n")?;
        let (b, n) = s.split_once('/').ok_or("Require 'backend/server'.\n")?;
        let (b, s) = rt.server(b, n).ok_or("No such server.\n")?;
        Ok((b.clone(), s.clone()))
    };
    // Closed by an empty line, as every answer of HAProxy's.
    let denied = "Permission denied\n\n".to_string();
    match words {
        ["help"] | [] => HELP.into(),
        ["show", "stat", args @ ..] => match show_stat_args(rt, args) {
            Ok((filter, format)) => crate::control::stats::stat(rt, &filter, format, true) + "\n",
            // Closed by an empty line, as HAProxy's answers are.
            Err(e) => e + "\n",
        },
        ["show", "activity"] => crate::data::workers::activity() + "\n",
        ["show", "backend"] => {
            let mut s = String::from("# name\n");
            for p in rt.cfg.proxies.iter().filter(|p| p.is_backend()) {
                s.push_str(&p.name);
                s.push('\n');
            }
            s + "\n"
        }
        ["clear", "counters"] | ["clear", "counters", "all"] => {
            let all = words.len() == 3;
            // As HAProxy: the maxima for an operator, everything for an admin only.
            if level < if all { Level::Admin } else { Level::Operator } {
                return denied;
            }
            for f in &rt.frontends {
                f.c.clear(all);
            }
            for b in &rt.backends {
                b.c.clear(all);
                if all {
                    lock(&b.detail).downs = 0;
                }
                for v in &b.servers {
                    v.c.clear(all);
                    if all {
                        let mut d = lock(&v.detail);
                        d.chkfail = 0;
                        d.chkdown = 0;
                    }
                }
            }
            "\n".into()
        }
        ["show", "info", args @ ..] => match format_arg(args) {
            Some(format) => crate::control::stats::info(rt, format) + "\n",
            None => format!("Unknown command: '{}'\n{HELP}", words.join(" ")),
        },
        ["show", "servers", "state", ..] => {
            let mut s = String::from(
                "# be_name srv_name srv_addr status health rise fall weight maint drain scur\n",
            );
            for b in &rt.backends {
                for v in &b.servers {
                    let d = lock(&v.detail);
                    let (h, r, f, w, m, dr) = (
                        d.health.health,
                        d.health.rise,
                        d.health.fall,
                        d.weight,
                        d.maint,
                        d.drain,
                    );
                    drop(d);
                    s.push_str(&format!(
                        "{} {} {} {} {h} {r} {f} {w} {} {} {}\n",
                        b.cfg.name,
                        v.cfg.name,
                        v.addr.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
                        v.status().replace(' ', "_"),
                        u8::from(m),
                        u8::from(dr),
                        v.c.cur.load(Relaxed)
                    ));
                }
            }
            s + "\n"
        }
        ["disable", "server", t] | ["enable", "server", t] => {
            if !need_admin() {
                return denied;
            }
            match target(Some(t)) {
                Ok((_, s)) => {
                    set_admin(
                        rt,
                        &s,
                        if words[0] == "disable" {
                            "maint"
                        } else {
                            "ready"
                        },
                        "administrative command",
                    );
                    "\n".into()
                }
                Err(e) => e,
            }
        }
        ["set", "server", t, "state", st] => {
            if !need_admin() {
                return denied;
            }
            if !["ready", "drain", "maint"].contains(st) {
                return "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n".into();
            }
            match target(Some(t)) {
                Ok((_, s)) => {
                    set_admin(rt, &s, st, "administrative command");
                    "\n".into()
                }
                Err(e) => e,
            }
        }
        ["set", "server", t, "weight", w] | ["set", "weight", t, w] => {
            if !need_admin() {
                return denied;
            }
            let Ok(w) = w
                .trim_end_matches('%')
                .parse::<u32>()
                .map_err(|_| ())
                .and_then(|w| if w <= 256 { Ok(w) } else { Err(()) })
            else {
                return "Weight must be between 0 and 256.\n".into();
            };
            match target(Some(t)) {
                Ok((b, s)) => {
                    lock(&s.detail).weight = w;
                    s.weight.store(w, Relaxed);
                    b.rebuild();
                    "\n".into()
                }
                Err(e) => e,
            }
        }
        ["shutdown", "sessions", "server", t] => {
            if !need_admin() {
                return denied;
            }
            match target(Some(t)) {
                Ok((_, s)) => {
                    s.kill.fire();
                    "\n".into()
                }
                Err(e) => e,
            }
        }
        _ => format!("Unknown command: '{}'\n{HELP}", words.join(" ")),
    }
}

/// `typed`, `json` or nothing (the text output), HAProxy's last argument of `show info`.
fn format_arg(args: &[&str]) -> Option<Format> {
    match args {
        [] => Some(Format::Text),
        ["typed"] => Some(Format::Typed),
        ["json"] => Some(Format::Json),
        _ => None,
    }
}

/// C's `atoi`, as HAProxy reads the numbers of `show stat`: leading digits, else 0.
fn atoi(s: &str) -> i32 {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let n = digits[..end].parse::<i32>().unwrap_or(0);
    if neg {
        -n
    } else {
        n
    }
}

/// `show stat [{<iid>|<proxy>} <type> <sid>] [typed|json]`, read as HAProxy 2.6 reads it: the
/// selection only when all three are given, the format word anywhere after `stat`.
fn show_stat_args(rt: &Runtime, args: &[&str]) -> Result<(Filter, Format), String> {
    let mut filter = Filter::all();
    if let [proxy, types, sid, ..] = args {
        // A proxy name, else its numeric id (-1: every proxy), as HAProxy reads it.
        let iid = rt
            .cfg
            .proxies
            .iter()
            .position(|p| p.name == *proxy)
            .map(|n| rt.iid(n) as i32)
            .unwrap_or_else(|| atoi(proxy));
        if iid == 0 {
            return Err("No such proxy.\n".into());
        }
        filter = Filter {
            proxy: (iid != -1).then(|| iid.to_string()),
            types: atoi(types),
            sid: atoi(sid),
        };
    }
    let mut format = Format::Text;
    for a in args {
        match *a {
            "typed" => format = Format::Typed,
            "json" => format = Format::Json,
            "up" | "no-maint" | "desc" => {
                return Err(format!(
                    "'show stat ... {a}' is not supported by this proxy.\n"
                ))
            }
            _ => {}
        }
    }
    Ok((filter, format))
}

/// Apply an administrative state: `ready`, `drain` or `maint`.
pub fn set_admin(rt: &Runtime, s: &Arc<crate::runtime::state::Server>, state: &str, reason: &str) {
    {
        let mut d = lock(&s.detail);
        let was_maint = d.maint;
        match state {
            "maint" => {
                d.maint = true;
                d.drain = false;
            }
            "drain" => {
                d.maint = false;
                d.drain = true;
            }
            _ => {
                d.maint = false;
                d.drain = false;
            }
        }
        if was_maint && !d.maint && s.cfg.check {
            // Leaving maintenance: start from `rise` (UP, one failed check from DOWN), as HAProxy.
            d.health.health = d.health.rise;
            d.health.up = true;
            d.health.nolb = false;
        }
    }
    rt.refresh(s, reason);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::state::Process;

    fn rt() -> Arc<Runtime> {
        let cfg = crate::config::Config::parse(
            Path::new("t"),
            "listen l\n bind 127.0.0.1:1\n server a 127.0.0.1:2 check\n server b 127.0.0.1:3\n",
        )
        .unwrap();
        Arc::new(Runtime::build(cfg, Arc::new(Process::default()), None))
    }

    #[test]
    fn a_line_is_split_into_commands() {
        let cmds: Vec<&str> = commands(" show info ;; help ;\n").collect();
        assert_eq!(cmds, ["show info", "help"]);
        assert_eq!(commands(" ; \r\n").count(), 0);
        let rt = rt();
        assert_eq!(answer(&rt, "help", Level::User), HELP);
        assert_eq!(
            answer(&rt, "disable  server l/a", Level::User),
            "Permission denied\n\n"
        );
    }

    #[test]
    fn show_stat_and_info_arguments() {
        let rt = rt();
        let cmd = |line: &str| {
            run(
                &rt,
                &line.split_whitespace().collect::<Vec<_>>(),
                Level::User,
            )
        };
        // Formats, with the CLI's closing empty line.
        let json = cmd("show stat json");
        assert!(
            json.starts_with("[[{\"objType\":\"Frontend\",\"proxyId\":1,")
                && json.ends_with("]]\n\n")
        );
        assert!(cmd("show stat").starts_with("# pxname,svname,"));
        assert!(cmd("show info json").ends_with("}]\n\n"));
        assert!(cmd("show info typed").starts_with("0.Name.1:POS:str:rustha-proxy\n"));
        assert!(cmd("show info").starts_with("Name: rustha-proxy\n"));
        // Selection, by name or id; HAProxy reads the numbers as atoi does.
        let typed = cmd("show stat l 4 2 typed");
        assert!(
            !typed.trim().is_empty() && typed.trim().lines().all(|l| l.starts_with("S.1.2.")),
            "{typed}"
        );
        assert!(cmd("show stat 1 1x -1 json").contains("\"objType\":\"Frontend\""));
        assert!(!cmd("show stat 1 1 -1 json").contains("Server"));
        assert_eq!(cmd("show stat nope 1 -1"), "No such proxy.\n\n");
        assert!(cmd("show stat -1 4 -1").contains("\nl,a,"));
        assert!(!cmd("show stat 7 -1 -1").contains("\nl,"));
        assert!(cmd("show stat up").contains("not supported"));
        assert!(cmd("show info nonsense").starts_with("Unknown command"));
        assert_eq!((atoi("-1"), atoi("4x"), atoi("x")), (-1, 4, 0));
    }
}
