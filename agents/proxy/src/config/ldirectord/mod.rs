//! ldirectord.cf, read as written: the Ultra Monkey / ldirectord description of LVS services
//! (`virtual=` blocks of `real=` servers with their checks) becomes the same proxy model as an
//! haproxy.cfg, so `proxy run -f /etc/ha.d/ldirectord.cf` (and the OCF agent's `config`) replaces
//! ldirectord plus the kernel's IPVS table. `proxy convert -f FILE` prints the equivalent
//! haproxy.cfg (with the rustha extensions `mode udp`, `persist source`, `option sip-check`).
//!
//! The file is translated into haproxy.cfg text and then parsed by the one configuration parser,
//! so both formats share every validation; each generated line remembers the ldirectord line it
//! came from, and messages name that line.
//!
//! How LVS concepts map onto a full proxy:
//! - `protocol=tcp|udp` -> `mode tcp|udp`; `fwm` (firewall marks) has no equivalent: an error.
//! - `scheduler`: `rr`/`wrr` -> roundrobin, `lc`/`wlc`/`sed`/`nq` -> leastconn, `sh` -> source;
//!   others -> roundrobin with a warning.
//! - `real=IP[->IP][:PORT] masq|gate|ipip [WEIGHT] [<u:MAX>]`: a server (a range is several); the
//!   forwarding method does not matter to a proxy (a warning for `gate`/`ipip`, whose real
//!   servers will see the balancer as the client); the upper threshold becomes `maxconn`.
//! - `checktype=negotiate` with `service=http` -> `option httpchk` (`httpmethod`, `request`,
//!   `virtualhost` or the real server's address as Host) expecting a 2xx status and, when set,
//!   the `receive` regular expression in the body (what ldirectord's LWP check accepts, without
//!   following redirects); `service=sip` -> `option sip-check` (`login`); `service=none` and
//!   `checktype=on` -> no check; `checktype=connect` -> TCP connect (`checkport`);
//!   `checktype=off` -> every server disabled. Other services, `ping`, `external` and per-real
//!   request/receive pairs are errors naming the line, never silently unchecked servers.
//! - `checkinterval` -> `inter`, `failurecount` -> `fall` (`rise 1`: one good check brings a server
//!   back, as in ldirectord); `negotiatetimeout`/`checktimeout` -> `timeout check`, which bounds
//!   the connect and the answer each.
//! - `persistent`/`netmask` -> `persist source`; `fallback` -> a backup server (unchecked, like
//!   ldirectord's); `quiescent=no` -> `on-marked-down shutdown-sessions` (LVS removes the server
//!   and, with `expire_nodest_conn`, its connections); `quiescent=yes` keeps them.
//! - Session idle timeouts are LVS's defaults: 900 s for TCP, 300 s for UDP.
//! - `autoreload=yes`: the daemon looks at the file's modification time every second and
//!   reloads in process when it changed (keeping connections and server health; a broken file
//!   is refused and the running configuration stays).
//! - Directives about ldirectord itself (`logfile`, `callback`, `emailalert*`, `fork`, ...) are
//!   accepted with a warning saying what takes their place.
//!
//! This file reads the directives and settings; `services` writes each `virtual=` block.

mod services;

use std::path::Path;

use services::virtual_section;

use crate::config::keywords::nearest;
use crate::config::{Config, ConfigError, Diag, Level};

/// Directives of the global part.
const GLOBAL: &[&str] = &[
    "checktimeout",
    "negotiatetimeout",
    "checkinterval",
    "checkcount",
    "failurecount",
    "autoreload",
    "callback",
    "fallback",
    "fallbackcommand",
    "logfile",
    "emailalert",
    "emailalertfrom",
    "emailalertfreq",
    "emailalertstatus",
    "smtp",
    "execute",
    "supervised",
    "fork",
    "quiescent",
    "readdquiescent",
    "cleanstop",
    "maintenancedir",
    "virtual",
    "virtual6",
];

/// Directives of a `virtual` section.
const VIRTUAL: &[&str] = &[
    "real",
    "real6",
    "request",
    "receive",
    "checktype",
    "checkcommand",
    "checktimeout",
    "negotiatetimeout",
    "checkcount",
    "failurecount",
    "checkinterval",
    "checkport",
    "login",
    "passwd",
    "database",
    "secret",
    "load",
    "scheduler",
    "persistent",
    "schedflags",
    "netmask",
    "protocol",
    "ops",
    "service",
    "httpmethod",
    "virtualhost",
    "fallback",
    "fallback6",
    "fallbackcommand",
    "quiescent",
    "emailalert",
    "emailalertfreq",
    "emailalertstatus",
    "monitorfile",
    "cleanstop",
    "smtp",
    "servicename",
    "comment",
];

/// Only meaningful inside a `virtual` section (a section directive that is not also a global
/// one): a line like this that is not indented still belongs to the section above it (guides
/// copied from web pages lose their indentation).
fn virtual_only(key: &str) -> bool {
    VIRTUAL.contains(&key) && !GLOBAL.contains(&key)
}

/// True when `text` is an ldirectord configuration: it declares a service with `virtual=` at
/// the start of a line, which no haproxy.cfg does.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_end();
        ["virtual", "virtual6"].iter().any(|k| {
            l.strip_prefix(k)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    })
}

/// One `key = value` line.
#[derive(Debug, Clone)]
struct Directive {
    key: String,
    value: String,
    line: usize,
    /// Column of the value (1-based).
    col: usize,
}

#[derive(Debug, Default, Clone)]
struct Settings {
    checktimeout: Option<(u64, usize)>,
    negotiatetimeout: Option<(u64, usize)>,
    checkinterval: Option<(u64, usize)>,
    failurecount: Option<(u64, usize)>,
    quiescent: Option<bool>,
    fallback: Option<Directive>,
    /// Global only.
    autoreload: Option<bool>,
}

#[derive(Debug)]
struct Virtual {
    addr: Directive,
    v6: bool,
    items: Vec<Directive>,
}

/// The translation: haproxy.cfg text, the ldirectord line of each generated line, and warnings.
pub struct Translation {
    /// haproxy.cfg text.
    pub text: String,
    /// For generated line `i` (0-based), the ldirectord line it came from (0: none).
    pub lines: Vec<usize>,
    /// Warnings about the ldirectord file itself.
    pub warnings: Vec<Diag>,
    /// `autoreload=yes`.
    pub autoreload: bool,
}

struct Out {
    text: String,
    lines: Vec<usize>,
}

impl Out {
    fn push(&mut self, from: usize, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
        self.lines.push(from);
    }
}

struct Ctx<'a> {
    file: &'a Path,
    diags: Vec<Diag>,
}

impl Ctx<'_> {
    fn diag(&mut self, level: Level, line: usize, col: usize, msg: String, sugg: Option<String>) {
        self.diags.push(Diag {
            level,
            file: self.file.to_path_buf(),
            line,
            col,
            message: msg,
            suggestion: sugg,
        });
    }
    fn error(&mut self, d: &Directive, msg: String) {
        self.diag(Level::Alert, d.line, d.col, msg, None);
    }
    fn warn(&mut self, d: &Directive, msg: String) {
        self.diag(Level::Warning, d.line, d.col, msg, None);
    }
}

/// Split `key = value`, dropping a trailing `# comment` the way ldirectord does.
fn directive(line_no: usize, raw: &str) -> Option<Directive> {
    let indent = raw.len() - raw.trim_start().len();
    let body = raw.trim_start();
    let body = body.split('#').next().unwrap_or("").trim_end();
    if body.is_empty() {
        return None;
    }
    let (key, value) = match body.find('=') {
        Some(i) => (body[..i].trim(), body[i + 1..].trim()),
        None => (body, ""),
    };
    let vstart = body.find('=').map_or(body.len(), |i| {
        i + 1 + (body[i + 1..].len() - body[i + 1..].trim_start().len())
    });
    Some(Directive {
        key: key.to_string(),
        value: value.to_string(),
        line: line_no,
        col: indent + vstart + 1,
    })
}

/// A quoted value's content, or the bare value.
fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v)
}

fn seconds(c: &mut Ctx<'_>, d: &Directive) -> Option<(u64, usize)> {
    match d.value.parse::<u64>() {
        Ok(n) if n > 0 => Some((n, d.line)),
        _ => {
            c.error(
                d,
                format!(
                    "{} must be a whole number of seconds above 0, not '{}'",
                    d.key, d.value
                ),
            );
            None
        }
    }
}

fn yes_no(c: &mut Ctx<'_>, d: &Directive) -> Option<bool> {
    match d.value.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            c.error(
                d,
                format!("{} must be 'yes' or 'no', not '{}'", d.key, d.value),
            );
            None
        }
    }
}

/// Global or per-virtual settings shared by both levels; true when `d` was one of them.
fn setting(c: &mut Ctx<'_>, s: &mut Settings, d: &Directive) -> bool {
    match d.key.as_str() {
        "checktimeout" => s.checktimeout = seconds(c, d),
        "negotiatetimeout" => s.negotiatetimeout = seconds(c, d),
        "checkinterval" => s.checkinterval = seconds(c, d),
        "failurecount" => s.failurecount = seconds(c, d),
        "checkcount" => {
            // Only ping checks (not supported) repeat attempts; every other check ignores it.
            seconds(c, d);
            c.warn(
                d,
                "checkcount is deprecated in ldirectord and only affects ping checks; use failurecount".into(),
            );
        }
        "quiescent" => s.quiescent = yes_no(c, d),
        "fallback" | "fallback6" => s.fallback = Some(d.clone()),
        "emailalert" | "emailalertfreq" | "emailalertstatus" | "emailalertfrom" | "smtp" => c.warn(
            d,
            format!("{} ignored: proxy sends no e-mail; server state changes go to the log (syslog/journal) and the stats page", d.key),
        ),
        "fallbackcommand" => c.warn(
            d,
            "fallbackcommand ignored: proxy runs no command when every real server is down; use 'fallback' or a Pacemaker alert".into(),
        ),
        "cleanstop" => c.warn(
            d,
            "cleanstop ignored: stopping proxy always ends its sessions after draining them".into(),
        ),
        _ => return false,
    }
    true
}

/// Translate ldirectord.cf `text` (named `file` in messages).
pub fn translate(file: &Path, text: &str) -> Result<Translation, ConfigError> {
    let mut c = Ctx {
        file,
        diags: Vec::new(),
    };
    let mut global = Settings::default();
    let mut virtuals: Vec<Virtual> = Vec::new();
    let mut in_virtual = false;
    let mut unindented_warned = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if raw.trim_start().starts_with('#') {
            continue;
        }
        let Some(d) = directive(n, raw) else {
            continue;
        };
        let indented = raw.starts_with('\t') || raw.starts_with("    ");
        if d.key == "virtual" || d.key == "virtual6" {
            if indented {
                c.error(&d, "virtual must start at the beginning of the line".into());
            }
            unindented_warned = false;
            virtuals.push(Virtual {
                v6: d.key == "virtual6",
                addr: d,
                items: Vec::new(),
            });
            in_virtual = true;
            continue;
        }
        // An unknown word there is most likely a misspelt section directive: reported as one,
        // it does not end the section (which would turn every following line into an error).
        let continues = virtual_only(&d.key)
            || !GLOBAL.contains(&d.key.as_str()) && !VIRTUAL.contains(&d.key.as_str());
        if in_virtual && (indented || continues) {
            if !indented && !std::mem::replace(&mut unindented_warned, true) {
                let v = virtuals.last().map(|v| v.addr.line).unwrap_or(0);
                c.warn(
                    &Directive { col: 1, ..d.clone() },
                    format!(
                        "'{}' and the virtual-section lines after it are not indented (ldirectord wants 4 spaces or a tab); taken as part of the virtual at line {v}",
                        d.key
                    ),
                );
            }
            if VIRTUAL.contains(&d.key.as_str()) {
                if let Some(v) = virtuals.last_mut() {
                    v.items.push(d);
                }
            } else {
                c.diag(
                    Level::Alert,
                    d.line,
                    raw.len() - raw.trim_start().len() + 1,
                    format!("unknown directive '{}' in a virtual section", d.key),
                    nearest(&d.key, VIRTUAL),
                );
            }
            continue;
        }
        in_virtual = false;
        if setting(&mut c, &mut global, &d) {
            continue;
        }
        match d.key.as_str() {
            "logfile" => c.warn(
                &d,
                format!(
                    "logfile {} ignored: proxy logs server state changes to syslog/the journal (and 'proxy run' to stderr)",
                    d.value
                ),
            ),
            "autoreload" => global.autoreload = yes_no(&mut c, &d),
            "callback" => c.warn(
                &d,
                "callback ignored: proxy runs no command when the file changes ('autoreload=yes' reloads it, keeping connections and server health)".into(),
            ),
            "supervised" | "fork" | "execute" => c.warn(
                &d,
                format!("{} ignored: one proxy process serves every virtual service of the file", d.key),
            ),
            "readdquiescent" => c.warn(
                &d,
                "readdquiescent ignored: there is no kernel table to re-add servers to".into(),
            ),
            "maintenancedir" => c.warn(
                &d,
                "maintenancedir ignored: put a server in maintenance with the admin socket ('disable server VIRTUAL/REAL')".into(),
            ),
            _ => {
                let col = raw.len() - raw.trim_start().len() + 1;
                let msg = if VIRTUAL.contains(&d.key.as_str()) {
                    format!("'{}' belongs in a virtual section (after a virtual= line, indented)", d.key)
                } else {
                    format!("unknown directive '{}'", d.key)
                };
                c.diag(Level::Alert, d.line, col, msg, nearest(&d.key, GLOBAL));
            }
        }
    }
    if virtuals.is_empty() {
        c.diag(
            Level::Alert,
            0,
            0,
            "no virtual service defined".into(),
            None,
        );
    }
    let mut out = Out {
        text: String::new(),
        lines: Vec::new(),
    };
    out.push(0, &format!("# generated by proxy from {}", file.display()));
    out.push(0, "global");
    if global.autoreload == Some(true) {
        out.push(
            0,
            "  # autoreload=yes: 'proxy run -f' on the ldirectord.cf itself reloads when it changes",
        );
    }
    out.push(0, "defaults");
    out.push(0, "  timeout connect 5s");
    let mut names: Vec<String> = Vec::new();
    for v in &virtuals {
        virtual_section(&mut c, &global, v, &mut out, &mut names);
    }
    let (errors, warnings): (Vec<Diag>, Vec<Diag>) =
        c.diags.into_iter().partition(|d| d.level == Level::Alert);
    if !errors.is_empty() {
        let mut diags = errors;
        diags.extend(warnings);
        return Err(ConfigError { diags });
    }
    Ok(Translation {
        text: out.text,
        lines: out.lines,
        warnings,
        autoreload: global.autoreload.unwrap_or(false),
    })
}

/// Read ldirectord.cf `text` into the proxy model (messages name `file` and its lines).
pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
    let t = translate(file, text)?;
    let remap = |mut d: Diag| {
        d.file = file.to_path_buf();
        d.line = t.lines.get(d.line.wrapping_sub(1)).copied().unwrap_or(0);
        d.col = 1;
        d
    };
    match Config::parse_haproxy(file, &t.text) {
        Ok(mut cfg) => {
            cfg.global.autoreload = t.autoreload;
            let mut w: Vec<Diag> = t.warnings.clone();
            w.extend(cfg.warnings.drain(..).map(remap));
            cfg.warnings = w;
            Ok(cfg)
        }
        Err(e) => {
            let mut diags: Vec<Diag> = e.diags.into_iter().map(remap).collect();
            diags.extend(t.warnings.clone());
            Err(ConfigError { diags })
        }
    }
}

#[cfg(test)]
mod tests;
