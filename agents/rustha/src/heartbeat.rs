//! Heartbeat v1: `ha.cf` (nodes, timers, media, failback) and `haresources` (one resource group
//! per line, started left to right on the line's preferred node).
//!
//! How heartbeat maps onto Pacemaker:
//! - each haresources line is a group (members start in order, stop in reverse, run together),
//!   preferred on the line's node (`location ... prefers NODE=100`);
//! - `auto_failback on` is stickiness 0 (the group returns to its node), `off` is stickiness
//!   INFINITY (it stays where it runs until that node fails); `legacy`, the default, behaves as
//!   `on` in a cluster where every node runs a heartbeat that knows the option;
//! - `deadtime` (how long a silent node takes to be declared dead) sets corosync's `token` so
//!   that token + consensus + Pacemaker's reaction fit in it (see `keepalived::token_within`),
//!   `initdead` Pacemaker's `dc-deadtime`;
//! - `IPaddr`/`IPaddr2` and bare addresses are `ocf:rustha:vip`, `ldirectord` is `ocf:rustha:proxy`
//!   reading the same ldirectord.cf, rustha's own agents keep their names, a few resource.d scripts
//!   have `ocf:heartbeat` agents, and any other name is an init script (`lsb:` or `systemd:`).

use std::net::IpAddr;

use rustha::Result;

use crate::plan::{Placement, Plan};
use crate::{cidr_netmask, config_error, nearest, Options, Source};

/// What ha.cf says that shapes the resources.
#[derive(Debug, Default)]
pub struct HaCf {
    /// `node` names, in order.
    pub nodes: Vec<(String, usize)>,
    /// `auto_failback`: Some(true) on/legacy, Some(false) off, with its line.
    pub auto_failback: Option<(bool, usize)>,
    /// Hosts of `ping`/`ping_group`, with the line, when `respawn ... ipfail` makes heartbeat act on them.
    pub ping_hosts: Vec<String>,
    /// `respawn ... ipfail` line.
    pub ipfail: Option<usize>,
    /// File name, for notes.
    pub file: String,
}

/// Every ha.cf directive heartbeat 3.0 knows.
const HACF: &[&str] = &[
    "node",
    "auto_failback",
    "nice_failback",
    "keepalive",
    "deadtime",
    "warntime",
    "initdead",
    "udpport",
    "bcast",
    "mcast",
    "mcast6",
    "ucast",
    "serial",
    "baud",
    "ping",
    "ping_group",
    "respawn",
    "logfile",
    "debugfile",
    "logfacility",
    "use_logd",
    "conn_logd_time",
    "debug",
    "autojoin",
    "crm",
    "pacemaker",
    "apiauth",
    "compression",
    "compression_threshold",
    "traditional_compression",
    "coredumps",
    "realtime",
    "hopfudge",
    "deadping",
    "hbgenmethod",
    "rtprio",
    "msgfmt",
    "uuidfrom",
    "max_rexmit_delay",
    "stonith",
    "stonith_host",
    "watchdog",
    "auth",
    "ping_group",
    "memreserve",
    "syslogmsgfmt",
    "record_config_changes",
    "record_pengine_inputs",
    "enable_config_writes",
];

/// True when `text` is an ha.cf: a line starts with a directive ha.cf knows. (A haresources
/// line starts with a node name, and no host is called `keepalive` or `auto_failback`.)
pub fn looks_like_hacf(text: &str) -> bool {
    logical_lines(text)
        .iter()
        .any(|(_, toks)| HACF.contains(&toks[0].text.as_str()))
}

/// True when `text` is a haresources file: its first line is a node name followed by resources.
pub fn looks_like_haresources(text: &str) -> bool {
    let lines = logical_lines(text);
    let Some((_, first)) = lines.first() else {
        return false;
    };
    first.len() >= 2
        && is_word(&first[0].text)
        && first[1..].iter().all(|t| resource_shaped(&t.text))
}

fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn resource_shaped(s: &str) -> bool {
    let name = s.split("::").next().unwrap_or("");
    (is_word(name) && !name.is_empty()) || address_part(name).is_some()
}

/// A word with its position.
#[derive(Debug, Clone)]
pub struct Tok {
    /// The word.
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// Lines without comments, joined at a trailing `\`, split into words with their positions.
fn logical_lines(text: &str) -> Vec<(usize, Vec<Tok>)> {
    let mut out: Vec<(usize, Vec<Tok>)> = Vec::new();
    let mut cont = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let body = raw.split('#').next().unwrap_or("");
        let (body, next_cont) = match body.trim_end().strip_suffix('\\') {
            Some(b) => (b, true),
            None => (body, false),
        };
        let mut toks = Vec::new();
        let mut start = None;
        for (j, c) in body
            .char_indices()
            .chain(std::iter::once((body.len(), ' ')))
        {
            if c.is_whitespace() {
                if let Some(s) = start.take() {
                    toks.push(Tok {
                        text: body[s..j].to_string(),
                        line: n,
                        col: s + 1,
                    });
                }
            } else if start.is_none() {
                start = Some(j);
            }
        }
        if cont {
            if let Some(last) = out.last_mut() {
                last.1.extend(toks);
            }
        } else if !toks.is_empty() {
            out.push((n, toks));
        }
        cont = next_cont && (cont || !out.is_empty());
    }
    out
}

/// Parse ha.cf into `plan` (what has no resource: cluster setup, properties, comments).
pub fn hacf(src: &Source, opts: &Options, plan: &mut Plan) -> Result<HaCf> {
    let f = src.name.as_str();
    let mut cf = HaCf {
        file: f.to_string(),
        ..HaCf::default()
    };
    let mut deadtime = None;
    let mut stonith = false;
    // Whether ping nodes matter depends on a `respawn ... ipfail` anywhere in the file.
    let mut pings: Vec<(usize, String)> = Vec::new();
    for (n, toks) in logical_lines(&src.text) {
        let key = toks[0].text.as_str();
        let args: Vec<&str> = toks[1..].iter().map(|t| t.text.as_str()).collect();
        let line = toks
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if !HACF.contains(&key) {
            return Err(config_error(
                &src.path,
                n,
                toks[0].col,
                format!("unknown ha.cf directive '{key}'"),
                nearest(key, HACF),
            ));
        }
        let need_arg = |what: &str| -> Result<()> {
            if args.is_empty() {
                Err(config_error(
                    &src.path,
                    n,
                    toks[0].col + key.len(),
                    format!("'{key}' needs {what}"),
                    None,
                ))
            } else {
                Ok(())
            }
        };
        match key {
            "node" => {
                need_arg("one or more node names")?;
                for a in &args {
                    cf.nodes.push((a.to_string(), n));
                }
                plan.note(f, n, format!("{line}: the cluster's nodes (pcs cluster setup above)"));
            }
            "auto_failback" | "nice_failback" => {
                need_arg("on, off or legacy")?;
                let on = match (key, args[0]) {
                    ("auto_failback", "on" | "yes" | "true" | "legacy")
                    | ("nice_failback", "off" | "no" | "false") => true,
                    ("auto_failback", "off" | "no" | "false")
                    | ("nice_failback", "on" | "yes" | "true") => false,
                    _ => {
                        return Err(config_error(
                            &src.path,
                            n,
                            toks[1].col,
                            format!("'{key}' takes on, off or legacy, not '{}'", args[0]),
                            nearest(args[0], &["on", "off", "legacy"]),
                        ))
                    }
                };
                cf.auto_failback = Some((on, n));
                plan.note(
                    f,
                    n,
                    format!(
                        "{line}: every group gets resource-stickiness={} (below)",
                        if on { "0: groups return to their preferred node" } else { "INFINITY: groups stay where they run" }
                    ),
                );
            }
            "deadtime" => {
                need_arg("a time")?;
                let ms = millis(args[0]).ok_or_else(|| {
                    config_error(&src.path, n, toks[1].col, format!("'{}' is not a time (seconds, or NNms)", args[0]), None)
                })?;
                let token = crate::keepalived::token_within(ms as f64 / 1000.0);
                deadtime = Some(token);
                plan.note(f, n, format!("{line}: corosync totem token={token}: a silent node is declared dead after token + consensus (2.2 tokens) and its resources start elsewhere within the deadtime (pcs cluster setup above)"));
            }
            "initdead" => {
                need_arg("a time")?;
                let ms = millis(args[0]).ok_or_else(|| {
                    config_error(&src.path, n, toks[1].col, format!("'{}' is not a time (seconds, or NNms)", args[0]), None)
                })?;
                plan.note(f, n, format!("{line}: how long a starting node waits for the others"));
                plan.pcs(&["property", "set", &format!("dc-deadtime={}s", ms.div_ceil(1000))]);
            }
            "keepalive" | "warntime" => {
                need_arg("a time")?;
                millis(args[0]).ok_or_else(|| {
                    config_error(&src.path, n, toks[1].col, format!("'{}' is not a time (seconds, or NNms)", args[0]), None)
                })?;
                plan.note(f, n, format!("{line}: not translated: corosync paces its own token (token above is the time that counts) and logs late tokens itself"));
            }
            "udpport" | "bcast" | "mcast" | "mcast6" | "ucast" | "serial" | "baud" => plan.note(
                f,
                n,
                format!("{line}: not translated: heartbeat's media; corosync (knet) talks to each node's address given in pcs cluster setup (addr=ADDRESS after a node's name picks the network)"),
            ),
            "ping" | "ping_group" => {
                need_arg("hosts")?;
                let hosts = if key == "ping" { &args[..] } else { &args[1..] };
                cf.ping_hosts.extend(hosts.iter().map(|h| h.to_string()));
                pings.push((n, line));
            }
            "respawn" => {
                if args.iter().any(|a| a.ends_with("/ipfail") || *a == "ipfail") {
                    cf.ipfail = Some(n);
                    plan.note(f, n, format!("{line}: ipfail moves resources away from a node that lost its ping nodes: an ocf:pacemaker:ping clone and a location rule per group (below)"));
                } else {
                    plan.note(f, n, format!("{line}: not translated: heartbeat's respawned helper; run it as a systemd service (or a clone of ocf:heartbeat:anything)"));
                }
            }
            "logfile" | "debugfile" | "logfacility" | "use_logd" | "conn_logd_time" | "debug" | "syslogmsgfmt" => plan.note(
                f,
                n,
                format!("{line}: not translated: Pacemaker logs to /var/log/pacemaker/pacemaker.log and the journal, the rustha agents to the journal"),
            ),
            "autojoin" => plan.note(f, n, format!("{line}: nothing to do: corosync's node list is the one pcs cluster setup writes")),
            "crm" | "pacemaker" => plan.note(
                f,
                n,
                format!("{line}: not translated: with crm enabled heartbeat ran Pacemaker and ignored haresources; its CIB moves with `pcs cluster cib` / `pcs cluster cib-push`"),
            ),
            "stonith" | "stonith_host" => {
                stonith = true;
                plan.note(f, n, format!("{line}: not translated: define the fence device with `pcs stonith create` (fence agents replace heartbeat's stonith plugins)"));
            }
            "watchdog" => plan.note(f, n, format!("{line}: not translated: use sbd for a watchdog-backed cluster")),
            _ => plan.note(f, n, format!("{line}: not translated: heartbeat's own tuning, with no corosync or Pacemaker counterpart")),
        }
    }
    for (n, line) in pings {
        if cf.ipfail.is_some() {
            plan.note(
                f,
                n,
                format!("{line}: ping nodes that ipfail watches (below)"),
            );
        } else {
            plan.note(f, n, format!("{line}: not translated: without ipfail heartbeat only reported them; to move groups off a node that cannot reach them, add an ocf:pacemaker:ping clone (host_list=...) and a location rule on pingd"));
        }
    }
    if !stonith {
        plan.without_fencing(format!(
            "{f}: no stonith directive: heartbeat fenced nothing"
        ));
    }
    let nodes: Vec<&str> = cf.nodes.iter().map(|(n, _)| n.as_str()).collect();
    if nodes.is_empty() {
        return Err(config_error(
            &src.path,
            1,
            1,
            "ha.cf names no node ('node NAME ...')".into(),
            None,
        ));
    }
    let mut setup = format!(
        "pcs cluster setup {} {}",
        opts.cluster_name,
        nodes.join(" ")
    );
    if let Some(ms) = deadtime {
        setup.push_str(&format!(" totem token={ms}"));
    }
    plan.setup.push(format!(
        "The cluster ({f}), when it does not exist yet: on one node, after `pcs host auth {}`:",
        nodes.join(" ")
    ));
    plan.setup.push(format!("  {setup}"));
    plan.setup.push("  pcs cluster start --all".into());
    plan.blank();
    Ok(cf)
}

/// A heartbeat time: `2` (seconds) or `500ms`.
fn millis(s: &str) -> Option<u64> {
    if let Some(ms) = s.strip_suffix("ms") {
        return ms.parse().ok();
    }
    let secs: f64 = s.strip_suffix('s').unwrap_or(s).parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| (secs * 1000.0).round() as u64)
}

/// The address part of a bare `IP[/...]` resource, when it is one.
fn address_part(s: &str) -> Option<IpAddr> {
    s.split('/').next()?.parse().ok()
}

/// The agents a haresources line can name by the init script's name that have an OCF agent with
/// the same job, and how its `::` arguments become parameters.
const HEARTBEAT_AGENTS: &[(&str, &str, &[&str])] = &[
    (
        "Filesystem",
        "ocf:heartbeat:Filesystem",
        &["device", "directory", "fstype", "options"],
    ),
    ("IPsrcaddr", "ocf:heartbeat:IPsrcaddr", &["ipaddress"]),
    ("MailTo", "ocf:heartbeat:MailTo", &["email", "subject"]),
    ("apache", "ocf:heartbeat:apache", &["configfile"]),
    ("Xinetd", "ocf:heartbeat:Xinetd", &["service"]),
    ("SendArp", "ocf:heartbeat:SendArp", &["ip", "nic"]),
    ("Delay", "ocf:heartbeat:Delay", &["startdelay", "stopdelay"]),
    ("LVM", "ocf:heartbeat:LVM-activate", &["vgname"]),
    (
        "portblock",
        "ocf:heartbeat:portblock",
        &["protocol", "portno", "action"],
    ),
];

/// resource.d scripts that exist only for what the rustha agents or Pacemaker do differently.
const NO_EQUIVALENT: &[(&str, &str)] = &[
    (
        "LVSSyncDaemonSwap",
        "it swaps the kernel IPVS connection-sync daemon between master and backup; ocf:rustha:proxy keeps no IPVS table to sync (clients of a failed node reconnect)",
    ),
    (
        "drbddisk",
        "DRBD under Pacemaker is a promotable clone of ocf:linbit:drbd, with a colocation and order on its Promoted role",
    ),
    ("OCF", "already an OCF agent: create it with `pcs resource create ID ocf:PROVIDER:AGENT` and its parameters"),
    ("AudibleAlarm", "Pacemaker alerts (`pcs alert create`) replace it"),
    ("WinPopup", "Pacemaker alerts (`pcs alert create`) replace it"),
];

/// rustha's own agents, as haresources names them.
const RUSTHA_AGENTS: &[&str] = &[
    "vip",
    "proxy",
    "osm-failover",
    "mysql-mm",
    "pgsqlchk",
    "filesync",
];

/// Parse haresources into groups in `plan`.
/// Returns the names of the `ldirectord` sources its entries start.
pub fn haresources(
    src: &Source,
    cf: Option<&HaCf>,
    ldirectord: &[&Source],
    opts: &Options,
    plan: &mut Plan,
) -> Result<Vec<String>> {
    let mut used = Vec::new();
    let f = src.name.as_str();
    if cf.is_none() {
        plan.comment(format!("{f}: no ha.cf given: auto_failback is taken as its default (legacy: groups return to their node); nodes as named here"));
        plan.without_fencing(format!(
            "{f}: heartbeat v1 fenced nothing without ha.cf's stonith directive"
        ));
        plan.blank();
    }
    let failback = cf
        .and_then(|c| c.auto_failback.map(|(on, _)| on))
        .unwrap_or(true);
    let nodes: Vec<&str> = cf
        .map(|c| c.nodes.iter().map(|(n, _)| n.as_str()).collect())
        .unwrap_or_default();
    let mut ping_clone = false;
    for (n, toks) in logical_lines(&src.text) {
        let node = &toks[0];
        if !is_word(&node.text) {
            return Err(config_error(
                &src.path,
                n,
                node.col,
                format!("'{}' is not a node name", node.text),
                None,
            ));
        }
        if !nodes.is_empty() && !nodes.contains(&node.text.as_str()) {
            return Err(config_error(
                &src.path,
                n,
                node.col,
                format!(
                    "node '{}' is not among ha.cf's nodes ({})",
                    node.text,
                    nodes.join(", ")
                ),
                nearest(&node.text, &nodes),
            ));
        }
        if toks.len() < 2 {
            return Err(config_error(
                &src.path,
                n,
                node.col + node.text.len(),
                format!("node '{}' has no resources", node.text),
                None,
            ));
        }
        let group = plan.id(&format!("group-{}", node.text));
        let line = toks
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        plan.note(
            f,
            n,
            format!("{line}: group {group}, preferred on {}", node.text),
        );
        let mut members = 0;
        let mut seen = Seen::default();
        // Addresses first: a proxy or daemon after them in the group binds them, and its start
        // checks its listeners answer (heartbeat's ldirectord did not need the address, LVS
        // being in the kernel). The other entries keep heartbeat's order.
        let (addresses, others): (Vec<&Tok>, Vec<&Tok>) =
            toks[1..].iter().partition(|t| is_address_entry(&t.text));
        if addresses
            .iter()
            .zip(&toks[1..])
            .any(|(a, t)| a.col != t.col || a.line != t.line)
        {
            plan.comment(format!(
                "group {group} starts with its addresses: the services after them bind them"
            ));
        }
        for tok in addresses.into_iter().chain(others) {
            if resource(src, tok, &group, ldirectord, opts, &mut seen, plan)? {
                members += 1;
            }
        }
        for clone in &seen.promoted {
            if members > 0 {
                plan.pcs(&[
                    "constraint",
                    "colocation",
                    "add",
                    &group,
                    "with",
                    "Promoted",
                    clone,
                    "INFINITY",
                ]);
                plan.pcs(&[
                    "constraint",
                    "order",
                    "promote",
                    clone,
                    "then",
                    "start",
                    &group,
                ]);
            } else {
                plan.pcs(&[
                    "constraint",
                    "location",
                    clone,
                    "rule",
                    "role=Promoted",
                    "score=100",
                    "#uname",
                    "eq",
                    &node.text,
                ]);
            }
        }
        used.extend(seen.virtuals.iter().map(|(name, _)| name.clone()));
        used.extend(seen.configs.iter().cloned());
        for (ld, addr) in &seen.virtuals {
            if !seen.vips.contains(addr) {
                plan.comment(format!(
                    "{}: serves {addr}, which is no address of group {group} ({}): ocf:rustha:proxy starts only where its listeners answer, so point virtual= at one of the group's addresses or add a vip for {addr}",
                    ld,
                    seen.vips.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        if members == 0 {
            plan.comment(format!(
                "group {group} has no member with a Pacemaker equivalent: nothing to place"
            ));
            plan.blank();
            continue;
        }
        plan.pcs(&[
            "constraint",
            "location",
            &group,
            "prefers",
            &format!("{}=100", node.text),
        ]);
        plan.pcs(&[
            "resource",
            "meta",
            &group,
            &format!(
                "resource-stickiness={}",
                if failback { "0" } else { "INFINITY" }
            ),
        ]);
        if let Some(c) = cf.filter(|c| c.ipfail.is_some() && !c.ping_hosts.is_empty()) {
            if !ping_clone {
                plan.comment(format!("{}: ping nodes watched by ipfail", c.file));
                plan.create(
                    "ping",
                    "ocf:pacemaker:ping",
                    &[
                        format!("host_list={}", c.ping_hosts.join(" ")),
                        "multiplier=1000".into(),
                    ],
                    "10s",
                    &[],
                    Placement::Clone,
                );
                ping_clone = true;
            }
            plan.pcs(&[
                "constraint",
                "location",
                &group,
                "rule",
                "score=-INFINITY",
                "pingd",
                "lt",
                "1",
                "or",
                "not_defined",
                "pingd",
            ]);
        }
        plan.blank();
    }
    Ok(used)
}

/// What a haresources line's entries declare, to check them against each other.
#[derive(Debug, Default)]
struct Seen {
    /// Addresses of the line's vips.
    vips: Vec<IpAddr>,
    /// Virtual service addresses of the ldirectord.cf files it starts: (file, address).
    virtuals: Vec<(String, IpAddr)>,
    /// The ldirectord.cf sources it starts.
    configs: Vec<String>,
    /// Promotable clones the group follows.
    promoted: Vec<String>,
}

/// An entry that is a virtual address: a bare address, `IPaddr`, `IPaddr2` or `vip`.
fn is_address_entry(entry: &str) -> bool {
    let name = entry.split("::").next().unwrap_or("");
    matches!(name, "IPaddr" | "IPaddr2" | "vip")
        || (address_part(name).is_some() && !entry.contains("::"))
}

/// The addresses of an ldirectord.cf's `virtual=ADDR:PORT` services.
fn virtual_addresses(text: &str) -> Vec<IpAddr> {
    let mut out = Vec::new();
    for l in text.lines() {
        let l = l.split('#').next().unwrap_or("").trim();
        let Some((k, v)) = l.split_once('=') else {
            continue;
        };
        if !matches!(k.trim(), "virtual" | "virtual6") {
            continue;
        }
        let v = v.trim();
        let host = match v.strip_prefix('[') {
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None => v.rsplit_once(':').map_or(v, |(h, _)| h),
        };
        if let Ok(a) = host.parse::<IpAddr>() {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// The ldirectord.cf given to migrate that a resource reading `path` uses (the same path, or
/// the same file name), recorded in `seen`.
fn uses_ldirectord<'a>(
    path: &str,
    ldirectord: &[&'a Source],
    seen: &mut Seen,
) -> Option<&'a Source> {
    let base = path.rsplit('/').next().unwrap_or(path);
    let given = ldirectord.iter().copied().find(|s| {
        s.path.to_str() == Some(path) || s.path.file_name().and_then(|b| b.to_str()) == Some(base)
    })?;
    seen.configs.push(given.name.clone());
    seen.virtuals.extend(
        virtual_addresses(&given.text)
            .into_iter()
            .map(|a| (given.name.clone(), a)),
    );
    Some(given)
}

/// One haresources entry; true when it became a member of `group`.
fn resource(
    src: &Source,
    tok: &Tok,
    group: &str,
    ldirectord: &[&Source],
    opts: &Options,
    seen: &mut Seen,
    plan: &mut Plan,
) -> Result<bool> {
    let f = src.name.as_str();
    let mut parts = tok.text.split("::");
    let name = parts.next().unwrap_or("");
    let args: Vec<&str> = parts.collect();
    let err =
        |msg: String, sugg: Option<String>| config_error(&src.path, tok.line, tok.col, msg, sugg);
    if address_part(name).is_some() && args.is_empty() {
        plan.note(
            f,
            tok.line,
            format!("{}: a virtual address (IPaddr)", tok.text),
        );
        seen.vips.push(vip(src, tok, name, group, plan)?);
        return Ok(true);
    }
    if !is_word(name) {
        return Err(err(
            format!("'{}' is neither an address nor a resource name", tok.text),
            None,
        ));
    }
    match name {
        "IPaddr" | "IPaddr2" => {
            let [arg] = args[..] else {
                return Err(err(format!("{name} takes one argument IP[/PREFIX[/NIC[/BROADCAST]]], as in {name}::10.0.0.154/25/eth0"), None));
            };
            plan.note(f, tok.line, format!("{}: ocf:rustha:vip", tok.text));
            seen.vips.push(vip(src, tok, arg, group, plan)?);
            Ok(true)
        }
        "ldirectord" => {
            let file = args.first().copied().unwrap_or("ldirectord.cf");
            let path = if file.starts_with('/') {
                file.to_string()
            } else {
                format!("/etc/ha.d/{file}")
            };
            let base = path.rsplit('/').next().unwrap_or(&path);
            let given = uses_ldirectord(&path, ldirectord, seen);
            let how = match given {
                Some(s) => format!("ocf:rustha:proxy reading {path} as written (checked: {})", s.name),
                None => format!("ocf:rustha:proxy reading {path} as written (not given to migrate: not checked)"),
            };
            plan.note(f, tok.line, format!("{}: {how}", tok.text));
            plan.create(
                &format!("proxy-{}", base.trim_end_matches(".cf")),
                "ocf:rustha:proxy",
                &[format!("config={path}")],
                "5s",
                &[],
                Placement::Group(group),
            );
            Ok(true)
        }
        "vip" if args.len() == 1 && !args[0].contains('=') => {
            plan.note(f, tok.line, format!("{}: ocf:rustha:vip", tok.text));
            seen.vips.push(vip(src, tok, args[0], group, plan)?);
            Ok(true)
        }
        _ if RUSTHA_AGENTS.contains(&name) => {
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            let params = match name {
                "vip" => agent_params::<rustha_vip::Vip>(&args),
                "proxy" => agent_params::<rustha_proxy::Proxy>(&args),
                "osm-failover" => agent_params::<rustha_osm_failover::OsmFailover>(&args),
                "filesync" => agent_params::<rustha_filesync::Filesync>(&args),
                "pgsqlchk" => agent_params::<rustha_pgsqlchk::Pgsqlchk>(&args),
                _ => agent_params::<rustha_mysql_mm::MysqlMm>(&args),
            }
            .map_err(|e| err(format!("{}: {e}", tok.text), None))?;
            if name == "proxy" {
                // `proxy::ldirectord.cf` reads the same file `ldirectord::ldirectord.cf` did: a
                // file given to migrate is that resource's, not one more proxy of its own.
                if let Some(config) = params.iter().find_map(|p| p.strip_prefix("config=")) {
                    uses_ldirectord(config, ldirectord, seen);
                }
            }
            if name == "mysql-mm" {
                // One writable server among replicating peers: a promotable clone, the group
                // following its Promoted instance, as heartbeat's group followed the node.
                plan.note(f, tok.line, format!("{}: ocf:rustha:mysql-mm as a promotable clone on every node; group {group} runs with, and starts after, the Promoted (writable) one", tok.text));
                let id = plan.create(
                    name,
                    "ocf:rustha:mysql-mm",
                    &params,
                    "10s",
                    &[],
                    Placement::Promotable,
                );
                seen.promoted.push(format!("{id}-clone"));
                return Ok(false);
            }
            plan.note(f, tok.line, format!("{}: ocf:rustha:{name}", tok.text));
            plan.create(
                name,
                &format!("ocf:rustha:{name}"),
                &params,
                "10s",
                &[],
                Placement::Group(group),
            );
            Ok(true)
        }
        _ => {
            if let Some((_, why)) = NO_EQUIVALENT.iter().find(|(n, _)| *n == name) {
                plan.note(f, tok.line, format!("{}: not translated: {why}", tok.text));
                return Ok(false);
            }
            if let Some((_, agent, names)) = HEARTBEAT_AGENTS.iter().find(|(n, _, _)| *n == name) {
                if args.len() > names.len() {
                    return Err(err(
                        format!(
                            "{name} takes at most {} arguments ({})",
                            names.len(),
                            names.join("::")
                        ),
                        None,
                    ));
                }
                plan.note(f, tok.line, format!("{}: {agent}", tok.text));
                let params: Vec<String> = names
                    .iter()
                    .zip(&args)
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                plan.create(
                    &name.to_lowercase(),
                    agent,
                    &params,
                    "20s",
                    &[],
                    Placement::Group(group),
                );
                return Ok(true);
            }
            if !args.is_empty() {
                return Err(err(
                    format!("'{name}' with arguments is a heartbeat resource.d script rustha does not know; an init script takes none"),
                    nearest(name, &HEARTBEAT_AGENTS.iter().map(|a| a.0).chain(NO_EQUIVALENT.iter().map(|a| a.0)).chain(["IPaddr", "IPaddr2", "ldirectord"]).chain(RUSTHA_AGENTS.iter().copied()).collect::<Vec<_>>()),
                ));
            }
            let class = opts.init_class.as_str();
            let unit = if class == "systemd" {
                name.trim_end_matches(".sh")
            } else {
                name
            };
            plan.note(
                f,
                tok.line,
                format!("{}: the init script /etc/init.d/{name} (heartbeat runs it with start/stop/status): {class}:{unit}, created with --force as the script need not exist on the node running this", tok.text),
            );
            plan.create(
                unit,
                &format!("{class}:{unit}"),
                &[],
                "30s",
                &[],
                Placement::Group(group),
            );
            Ok(true)
        }
    }
}

/// The parameters of a rustha agent's haresources entry, mapped by the agent itself: its
/// positional form ([`rustha::ResourceAgent::heartbeat_params`]) overlaid with `NAME=VALUE`
/// arguments, as the agent reads them under heartbeat.
fn agent_params<A: rustha::ResourceAgent>(args: &[String]) -> Result<Vec<String>> {
    use rustha::ParamSource as _;
    let entry = rustha::heartbeat::split(A::META, args)?;
    let mut map = if entry.positional.is_empty() {
        rustha::MapSource::new()
    } else {
        A::heartbeat_params(&entry.positional)?
    };
    map.extend(entry.named);
    Ok(A::META
        .params
        .iter()
        .filter_map(|p| map.param(p.name).map(|v| format!("{}={v}", p.name)))
        .collect())
}

/// `IP[/PREFIX[/NIC[/BROADCAST]]]` as the IPaddr2 wrapper reads it.
fn vip(src: &Source, tok: &Tok, arg: &str, group: &str, plan: &mut Plan) -> Result<IpAddr> {
    let mut fields = arg.split('/');
    let ip = fields.next().unwrap_or("");
    let at = tok.col + tok.text.find(arg).unwrap_or(0);
    let addr: IpAddr = ip.parse().map_err(|_| {
        config_error(
            &src.path,
            tok.line,
            at,
            format!("'{ip}' is not an IP address"),
            None,
        )
    })?;
    let mut params = vec![format!("ip={addr}")];
    if let Some(p) = fields.next().filter(|s| !s.is_empty()) {
        params.push(
            cidr_netmask(addr, p)
                .map_err(|m| config_error(&src.path, tok.line, at + ip.len() + 1, m, None))?,
        );
    }
    for field in fields.filter(|s| !s.is_empty()) {
        if field.starts_with(|c: char| c.is_ascii_digit()) {
            params.push(format!("broadcast={field}"));
        } else {
            params.push(format!("nic={field}"));
        }
    }
    plan.vip(addr, &params, group);
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_join() {
        let l =
            logical_lines("AppNode1 \\\nLVS::master \\\nIPaddr2::10.0.0.1/25/eth0\n# x\nn2 a\n");
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].1.len(), 3);
        assert_eq!((l[0].1[2].line, l[0].1[2].col), (3, 1));
        assert_eq!(l[1].0, 5);
    }

    #[test]
    fn detection() {
        assert!(looks_like_hacf("# c\nkeepalive 2\nnode a b\n"));
        assert!(looks_like_hacf("node a\nnode b\n"));
        assert!(!looks_like_hacf("osm1 192.168.0.200 cron\n"));
        assert!(looks_like_haresources(
            "osm1 192.168.0.200 cron osm-failover.sh\n"
        ));
        assert!(!looks_like_haresources("global\n  daemon\n"));
        assert!(!looks_like_haresources("{\"a\": 1}\n"));
        assert!(!looks_like_haresources("listen web 0.0.0.0:80\n"));
    }

    #[test]
    fn ldirectord_virtual_addresses() {
        let t = "virtual=10.0.0.150:9072\n\treal=10.0.0.1:80 masq\nvirtual = 10.0.0.150:7072 # udp\nvirtual6=[::1]:80\n";
        assert_eq!(
            virtual_addresses(t),
            vec![
                "10.0.0.150".parse::<IpAddr>().unwrap(),
                "::1".parse().unwrap()
            ]
        );
    }

    #[test]
    fn times() {
        assert_eq!(millis("15"), Some(15000));
        assert_eq!(millis("500ms"), Some(500));
        assert_eq!(millis("x"), None);
    }
}
