//! keepalived.conf: VRRP instances become groups of `ocf:rustha:vip` resources, the scripts and
//! interfaces they track become what Pacemaker watches, and the failback rules become stickiness.
//!
//! How VRRP maps onto Pacemaker:
//! - a `vrrp_instance` is a group of one vip per `virtual_ipaddress` entry (`dev` is the nic,
//!   `label NIC:X` the iflabel, `brd` the broadcast); a `vrrp_sync_group` colocates its groups;
//! - `priority` is a location score on the node this file comes from (`--node`, else the file's
//!   `router_id`); without `nopreempt` the group goes back to it (stickiness 0), with it the
//!   group stays where it runs (stickiness INFINITY); a node whose link failed is kept out of
//!   the group for a short `failure-timeout` only, as keepalived's FAULT state ends with the link;
//! - `advert_int` sets corosync's `token`: VRRP declares a master dead after three missed
//!   adverts, corosync a node after its token timeout plus the consensus timeout (1.2 tokens
//!   unless set), and Pacemaker reacts within about a second more: the token is (3 adverts -
//!   1 s) / 2.2, so a dead node's addresses are up elsewhere no later than keepalived had them;
//! - a `track_script` that watches HAProxy becomes a clone of `ocf:rustha:proxy` on every node and
//!   the group colocated with a running instance: a proxy that dies (or fails its monitor) is
//!   banned from its node at the first failure, which moves the addresses to a node whose proxy
//!   runs, as keepalived moved them at the script's first failure;
//! - a `track_interface` other than the addresses' own nic is an `ocf:heartbeat:ethmonitor` clone
//!   and a location rule (the vip's own monitor already fails when its nic's link goes down);
//! - `virtual_server` blocks become an haproxy.cfg for a proxy in the group holding their
//!   address ([`lvs`]);
//! - what only VRRP or keepalived's mailer needs (router ids, authentication, SMTP, notify
//!   scripts) is named in a comment saying what takes its place.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::Path;

use rustha::Result;

mod lvs;

use crate::plan::{Placement, Plan};
use crate::{cidr_netmask, config_error, nearest, Options, Source};

/// A word with its position.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    line: usize,
    col: usize,
}

/// `key args... [{ children }]`.
#[derive(Debug, Clone)]
struct Node {
    key: Tok,
    args: Vec<Tok>,
    children: Option<Vec<Node>>,
}

impl Node {
    fn line(&self) -> usize {
        self.key.line
    }
    fn text(&self) -> String {
        let mut s = self.key.text.clone();
        for a in &self.args {
            s.push(' ');
            s.push_str(&a.text);
        }
        if self.children.is_some() {
            s.push_str(" {");
        }
        s
    }
}

/// Top-level keywords keepalived knows (those that mark a file as keepalived.conf first).
const TOP: &[&str] = &[
    "global_defs",
    "vrrp_script",
    "vrrp_instance",
    "vrrp_sync_group",
    "virtual_server",
    "virtual_server_group",
    "static_ipaddress",
    "static_routes",
    "static_rules",
    "include",
    "vrrp_track_file",
    "track_file",
    "net_namespace",
    "linkbeat_use_polling",
];

/// True when `text` is a keepalived.conf: a line opens one of its top-level blocks.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| {
        let mut w = l.split_whitespace();
        matches!(
            w.next(),
            Some(
                "vrrp_instance"
                    | "vrrp_script"
                    | "global_defs"
                    | "virtual_server"
                    | "vrrp_sync_group"
            )
        )
    })
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut chars = raw.char_indices().peekable();
        while let Some(&(j, c)) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
            } else if c == '#' || c == '!' {
                break;
            } else if c == '{' || c == '}' {
                chars.next();
                out.push(Tok {
                    text: c.to_string(),
                    line: i + 1,
                    col: j + 1,
                });
            } else if c == '"' {
                chars.next();
                let mut s = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    s.push(c);
                }
                out.push(Tok {
                    text: s,
                    line: i + 1,
                    col: j + 1,
                });
            } else {
                let mut s = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || c == '{' || c == '}' {
                        break;
                    }
                    s.push(c);
                    chars.next();
                }
                out.push(Tok {
                    text: s,
                    line: i + 1,
                    col: j + 1,
                });
            }
        }
    }
    out
}

/// Statements until a `}` (or the end at depth 0).
fn block(file: &Path, toks: &[Tok], pos: &mut usize, depth: usize) -> Result<Vec<Node>> {
    let mut nodes = Vec::new();
    while *pos < toks.len() {
        let t = &toks[*pos];
        if t.text == "}" {
            if depth == 0 {
                return Err(config_error(
                    file,
                    t.line,
                    t.col,
                    "'}' closes no block".into(),
                    None,
                ));
            }
            *pos += 1;
            return Ok(nodes);
        }
        if t.text == "{" {
            return Err(config_error(
                file,
                t.line,
                t.col,
                "'{' opens a block without a keyword before it".into(),
                None,
            ));
        }
        let key = t.clone();
        *pos += 1;
        let mut args = Vec::new();
        while *pos < toks.len()
            && toks[*pos].line == key.line
            && toks[*pos].text != "{"
            && toks[*pos].text != "}"
        {
            args.push(toks[*pos].clone());
            *pos += 1;
        }
        let mut children = None;
        if *pos < toks.len() && toks[*pos].text == "{" {
            *pos += 1;
            children = Some(block(file, toks, pos, depth + 1)?);
        }
        nodes.push(Node {
            key,
            args,
            children,
        });
    }
    if depth > 0 {
        let last = toks.last().map(|t| t.line).unwrap_or(1);
        return Err(config_error(
            file,
            last,
            1,
            "the file ends inside a block: a '}' is missing".into(),
            None,
        ));
    }
    Ok(nodes)
}

/// A `vrrp_script`.
#[derive(Debug)]
struct Script {
    script: String,
    interval: Option<u64>,
    line: usize,
}

/// Translate one keepalived.conf into `plan`.
pub fn migrate(src: &Source, opts: &Options, shared: &mut Shared, plan: &mut Plan) -> Result<()> {
    let f = src.name.as_str();
    let file = src.path.as_path();
    let toks = tokenize(&src.text);
    let mut pos = 0;
    let top = block(file, &toks, &mut pos, 0)?;
    let err =
        |t: &Tok, msg: String, sugg: Option<String>| config_error(file, t.line, t.col, msg, sugg);

    // First pass: names that instances refer to.
    let mut scripts: BTreeMap<String, Script> = BTreeMap::new();
    let mut node_name = opts.node.clone();
    for n in &top {
        if !TOP.contains(&n.key.text.as_str()) {
            return Err(err(
                &n.key,
                format!("unknown keepalived keyword '{}'", n.key.text),
                nearest(&n.key.text, TOP),
            ));
        }
        match n.key.text.as_str() {
            "vrrp_script" => {
                let name = n
                    .args
                    .first()
                    .ok_or_else(|| err(&n.key, "vrrp_script needs a name".into(), None))?;
                let mut s = Script {
                    script: String::new(),
                    interval: None,
                    line: n.line(),
                };
                for c in n.children.iter().flatten() {
                    match c.key.text.as_str() {
                        "script" => {
                            s.script = c
                                .args
                                .iter()
                                .map(|a| a.text.as_str())
                                .collect::<Vec<_>>()
                                .join(" ")
                        }
                        "interval" => s.interval = Some(number(file, c)?),
                        _ => {}
                    }
                }
                if s.script.is_empty() {
                    return Err(err(
                        &n.key,
                        format!("vrrp_script {} has no 'script'", name.text),
                        None,
                    ));
                }
                scripts.insert(name.text.clone(), s);
            }
            "global_defs" if node_name.is_none() => {
                node_name = n
                    .children
                    .iter()
                    .flatten()
                    .find(|c| c.key.text == "router_id")
                    .and_then(|c| c.args.first())
                    .map(|a| a.text.clone());
            }
            _ => {}
        }
    }

    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    // Instances another node's file already translated: their sync groups are too.
    let mut merged: Vec<String> = Vec::new();
    let mut token_ms: Option<(u64, usize)> = None;
    let mut proxy_clone = shared.proxy_clone.take();
    let lvs_from = shared.lvs_from.clone();
    let mut services: Vec<lvs::Service> = Vec::new();
    let mut addresses: Vec<(String, Vec<IpAddr>)> = Vec::new();
    plan.without_fencing(format!("{f}: keepalived fences nothing"));
    plan.blank();
    for n in &top {
        match n.key.text.as_str() {
            "global_defs" => global_defs(src, n, plan)?,
            "vrrp_script" => {
                let name = &n.args[0].text;
                plan.note(
                    f,
                    n.line(),
                    format!(
                        "{}: {} (where a track_script names it)",
                        n.text(),
                        if watches_haproxy(&scripts[name].script) {
                            "watches HAProxy: a proxy clone"
                        } else {
                            "a health script"
                        }
                    ),
                );
                let haproxy = watches_haproxy(&scripts[name].script);
                for c in n.children.iter().flatten() {
                    let what = match c.key.text.as_str() {
                        "script" => "the check".to_string(),
                        "interval" | "weight" | "fall" | "rise" | "timeout" if !haproxy => {
                            "not translated with the script (see the track_script that names it)".to_string()
                        }
                        "interval" => "the proxy clone's monitor interval".to_string(),
                        "weight" => "not translated: the VIP leaves a node whose proxy failed, whatever the priorities".to_string(),
                        "fall" => "not translated: the first failed monitor moves the addresses (migration-threshold=1)".to_string(),
                        "rise" => "not translated: a node whose proxy failed takes the addresses again once failure-timeout (60s) clears its failure".to_string(),
                        "timeout" => "not translated: the monitor operation's timeout (20s) bounds the check".to_string(),
                        "user" | "init_fail" => "not translated: Pacemaker runs agents as root and probes them at start".to_string(),
                        other => return Err(err(&c.key, format!("unknown vrrp_script keyword '{other}'"), nearest(other, &["script", "interval", "weight", "fall", "rise", "timeout", "user", "init_fail"]))),
                    };
                    plan.note(f, c.line(), format!("{}: {what}", c.text()));
                }
                plan.blank();
            }
            "vrrp_instance" => {
                let name = n
                    .args
                    .first()
                    .ok_or_else(|| err(&n.key, "vrrp_instance needs a name".into(), None))?;
                if let Some(first) = shared.instances.get(&name.text).cloned() {
                    if node_name.is_none() || node_name == first.node {
                        return Err(err(
                            &n.key,
                            format!(
                                "vrrp_instance {} is also in {}: give each node's file its node name as global_defs' router_id",
                                name.text, first.file
                            ),
                            None,
                        ));
                    }
                    other_node(
                        src,
                        n,
                        &first,
                        node_name.as_deref().unwrap_or_default(),
                        &mut token_ms,
                        plan,
                    )?;
                    groups.insert(name.text.clone(), first.group.clone());
                    merged.push(name.text.clone());
                    continue;
                }
                let group = plan.id(&name.text);
                groups.insert(name.text.clone(), group.clone());
                let addrs = instance(
                    src,
                    n,
                    &group,
                    &scripts,
                    node_name.as_deref(),
                    opts,
                    &mut token_ms,
                    &mut proxy_clone,
                    plan,
                )?;
                shared.instances.insert(
                    name.text.clone(),
                    Instance {
                        group: group.clone(),
                        addrs: addrs.clone(),
                        file: f.to_string(),
                        node: node_name.clone(),
                    },
                );
                addresses.push((group.clone(), addrs));
            }
            "vrrp_sync_group" => {
                plan.note(
                    f,
                    n.line(),
                    format!(
                        "{}: its instances' groups run together (colocation)",
                        n.text()
                    ),
                );
                let mut members: Vec<&Tok> = Vec::new();
                for c in n.children.iter().flatten() {
                    if c.key.text == "group" {
                        plan.note(f, c.line(), "group {".to_string());
                        for m in c.children.iter().flatten() {
                            members.push(&m.key);
                            plan.note(f, m.line(), format!("{}: member", m.key.text));
                        }
                    } else {
                        plan.note(f, c.line(), format!("{}: not translated: a sync group's notify scripts and tracking apply to its instances, translated there", c.text()));
                    }
                }
                if members.iter().all(|m| merged.contains(&m.text)) && !members.is_empty() {
                    plan.comment(
                        "these instances came from another node's file: colocated there"
                            .to_string(),
                    );
                    plan.blank();
                    continue;
                }
                for pair in members.windows(2) {
                    let (a, b) = (pair[0], pair[1]);
                    let ga = groups.get(&a.text).cloned().ok_or_else(|| {
                        err(
                            a,
                            format!(
                                "vrrp_sync_group names no vrrp_instance '{}' defined above",
                                a.text
                            ),
                            nearest(
                                &a.text,
                                &groups.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
                            ),
                        )
                    })?;
                    let gb = groups.get(&b.text).cloned().ok_or_else(|| {
                        err(
                            b,
                            format!(
                                "vrrp_sync_group names no vrrp_instance '{}' defined above",
                                b.text
                            ),
                            nearest(
                                &b.text,
                                &groups.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
                            ),
                        )
                    })?;
                    plan.pcs(&[
                        "constraint",
                        "colocation",
                        "add",
                        &gb,
                        "with",
                        &ga,
                        "INFINITY",
                    ]);
                }
                plan.blank();
            }
            "virtual_server" if lvs_from.is_some() => {
                let first = lvs_from.as_deref().unwrap_or_default();
                plan.note(
                    f,
                    n.line(),
                    format!(
                        "{}: translated from {first} (each node's file names the same services)",
                        n.text()
                    ),
                );
                note_children(f, n, "see the virtual_server above", plan);
            }
            "virtual_server" => {
                if let Some(service) = lvs::virtual_server(src, n, plan)? {
                    services.push(service);
                }
                plan.blank();
            }
            "virtual_server_group" => {
                plan.note(f, n.line(), format!("{}: not translated: a group of addresses for one LVS service; write one virtual_server per address", n.text()));
                note_children(f, n, "part of the virtual_server_group above", plan);
                plan.blank();
            }
            "include" => {
                return Err(err(
                    &n.key,
                    format!(
                        "include: give the included file(s) {} to rustha migrate in its place",
                        n.args
                            .iter()
                            .map(|a| a.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    None,
                ));
            }
            _ => {
                plan.note(f, n.line(), format!("{}: not translated: keepalived's static addresses, routes and rules belong in the system's network configuration", n.text()));
                note_children(f, n, "part of the block above", plan);
            }
        }
    }
    if !services.is_empty() {
        lvs_proxy(f, &services, &addresses, opts, plan)?;
        shared.lvs_from = Some(f.to_string());
    }
    shared.proxy_clone = proxy_clone;
    if let Some((ms, line)) = token_ms {
        let why = match line {
            0 => format!("{f}: advert_int's default of 1s"),
            l => format!("{f}: advert_int at line {l}"),
        };
        if shared.token.as_ref().is_none_or(|(t, _)| ms < *t) {
            shared.token = Some((ms, why));
        }
    }
    let this = node_name.unwrap_or_else(|| "THIS_NODE".into());
    if !shared.nodes.contains(&this) {
        shared.nodes.push(this);
    }
    Ok(())
}

/// What keepalived.conf files of several nodes of one cluster share: each instance is translated
/// from the first file naming it, the others add their node's priority.
#[derive(Debug, Default)]
pub struct Shared {
    instances: BTreeMap<String, Instance>,
    proxy_clone: Option<String>,
    lvs_from: Option<String>,
    /// The shortest token the files' advert_int imply, and where it comes from.
    token: Option<(u64, String)>,
    nodes: Vec<String>,
}

/// A translated vrrp_instance.
#[derive(Debug, Clone)]
struct Instance {
    group: String,
    addrs: Vec<IpAddr>,
    file: String,
    node: Option<String>,
}

/// The suggested `pcs cluster setup` for the keepalived files read into `shared`.
pub fn setup(shared: &Shared, opts: &Options, plan: &mut Plan) {
    let Some((ms, why)) = &shared.token else {
        return;
    };
    let mut nodes = shared.nodes.clone();
    if nodes.len() < 2 {
        nodes.push("OTHER_NODE".into());
    }
    let nodes = nodes.join(" ");
    plan.setup.push(format!("The cluster, when it does not exist yet: VRRP declares a master dead after three missed adverts ({why}), corosync after its token timeout plus the consensus timeout (1.2 tokens), and Pacemaker needs up to a second more: the token is (three adverts - 1 s) / 2.2; on one node, after `pcs host auth {nodes}`:"));
    plan.setup.push(format!(
        "  pcs cluster setup {} {nodes} totem token={ms}",
        opts.cluster_name
    ));
    plan.setup.push("  pcs cluster start --all".into());
}

/// The corosync token an instance's `advert_int` implies; keepalived's default interval is 1 s.
/// VRRP gives up on a master after three missed adverts; corosync declares a node lost once the
/// token is lost (`token`) and no new membership forms within the consensus timeout (1.2 tokens
/// by default): 2.2 tokens in all, and Pacemaker then needs up to a second more. See
/// [`detection_token`].
fn token_of(file: &Path, advert: Option<&Node>) -> Result<u64> {
    let Some(c) = advert else {
        return Ok(detection_token(1.0));
    };
    let secs: f64 = c
        .args
        .first()
        .and_then(|a| a.text.parse().ok())
        .filter(|v: &f64| v.is_finite() && *v > 0.0)
        .ok_or_else(|| {
            let at = c.args.first().unwrap_or(&c.key);
            config_error(
                file,
                at.line,
                at.col,
                format!("advert_int must be a number of seconds, not '{}'", at.text),
                None,
            )
        })?;
    Ok(detection_token(secs))
}

/// The token (ms) that has a dead node's addresses up elsewhere within VRRP's three adverts of
/// `advert_secs`: corosync's verdict takes token + consensus (2.2 tokens), then Pacemaker's
/// reaction up to [`PACEMAKER_REACTION`]; that second comes out of the three adverts, but the
/// detection never gets shorter than half of them.
fn detection_token(advert_secs: f64) -> u64 {
    token_within(advert_secs * 3.0)
}

/// The corosync token (ms) that has a silent node's resources starting elsewhere within
/// `deadline_secs` (VRRP's three adverts, heartbeat's `deadtime`): token + consensus (2.2
/// tokens), then up to [`PACEMAKER_REACTION`]; never a detection shorter than half the deadline,
/// which would declare nodes dead on a short hiccup the original stack rode out.
pub(crate) fn token_within(deadline_secs: f64) -> u64 {
    let budget = (deadline_secs - PACEMAKER_REACTION).max(deadline_secs / 2.0);
    ((budget * 1000.0 / 2.2 / 10.0).floor() as u64 * 10).max(10)
}

/// How long Pacemaker may take between corosync's verdict on a lost node and starting its
/// resources elsewhere (seconds): when the lost node's state update is still being written,
/// the DC asks for the CIB again a second later, then runs the transition.
const PACEMAKER_REACTION: f64 = 1.0;

/// Keep the shortest token (line 0: keepalived's default).
fn lower(token: &mut Option<(u64, usize)>, ms: u64, line: usize) {
    if token.is_none_or(|(t, _)| ms < t) {
        *token = Some((ms, line));
    }
}

/// A vrrp_instance that another node's file already translated: this node's priority becomes its
/// location score, the rest is named.
fn other_node(
    src: &Source,
    n: &Node,
    first: &Instance,
    node: &str,
    token_ms: &mut Option<(u64, usize)>,
    plan: &mut Plan,
) -> Result<()> {
    let f = src.name.as_str();
    let file = src.path.as_path();
    let advert = n
        .children
        .iter()
        .flatten()
        .find(|c| c.key.text == "advert_int");
    lower(
        token_ms,
        token_of(file, advert)?,
        advert.map_or(0, |c| c.line()),
    );
    let group = &first.group;
    plan.note(
        f,
        n.line(),
        format!(
            "{}: group {group}, translated from {}; this file adds node {node}",
            n.text(),
            first.file
        ),
    );
    for c in n.children.iter().flatten() {
        match c.key.text.as_str() {
            "priority" => {
                let p = number(file, c)?;
                plan.note(
                    f,
                    c.line(),
                    format!("{}: location score {p} on {node}", c.text()),
                );
                plan.pcs(&[
                    "constraint",
                    "location",
                    group,
                    "prefers",
                    &format!("{node}={p}"),
                ]);
            }
            "virtual_ipaddress" => {
                plan.note(
                    f,
                    c.line(),
                    format!("{}: the same addresses as in {}", c.text(), first.file),
                );
                for a in c.children.iter().flatten() {
                    let ip = a.key.text.split('/').next().unwrap_or("");
                    if !ip
                        .parse::<IpAddr>()
                        .is_ok_and(|ip| first.addrs.contains(&ip))
                    {
                        return Err(config_error(
                            file,
                            a.key.line,
                            a.key.col,
                            format!(
                                "{ip} is not among the addresses {} gives this instance",
                                first.file
                            ),
                            None,
                        ));
                    }
                    plan.note(f, a.line(), format!("{}: in group {group}", a.text()));
                }
            }
            _ => {
                plan.note(
                    f,
                    c.line(),
                    format!("{}: as in {} (translated there)", c.text(), first.file),
                );
                note_children(f, c, "see the line above", plan);
            }
        }
    }
    plan.blank();
    Ok(())
}

/// The proxy serving the translated `virtual_server` blocks: one haproxy.cfg written by the
/// script, checked here by the proxy's own parser, and a proxy in the group of the instance that
/// holds every one of their addresses.
fn lvs_proxy(
    f: &str,
    services: &[lvs::Service],
    addresses: &[(String, Vec<IpAddr>)],
    opts: &Options,
    plan: &mut Plan,
) -> Result<()> {
    let mut text = format!(
        "# made by rustha migrate from the virtual_server blocks of {f}\nglobal\ndefaults\n  timeout connect 5s\n"
    );
    for s in services {
        text.push('\n');
        text.push_str(&s.text);
    }
    let path = Path::new(&opts.lvs_config);
    if !path.is_absolute() {
        return Err(rustha::Error::Usage(format!(
            "--lvs-config {}: give an absolute path (the proxy resource reads it on every node)",
            opts.lvs_config
        )));
    }
    if let Err(e) = rustha_proxy::config::Config::parse_haproxy(path, &text) {
        return Err(rustha::Error::Configuration(format!(
            "the proxy configuration made from {f}'s virtual_server blocks does not load: {e}"
        )));
    }
    let holder = addresses
        .iter()
        .find(|(_, addrs)| services.iter().all(|s| addrs.contains(&s.addr)));
    plan.comment(format!(
        "{f}: the virtual_server blocks above, as the haproxy.cfg ocf:rustha:proxy reads; the same file must be on every node"
    ));
    plan.file(&opts.lvs_config, &text);
    let place = match holder {
        Some((group, _)) => {
            plan.comment(format!(
                "their addresses are group {group}'s: the proxy runs after them in the group"
            ));
            Placement::Group(group)
        }
        None => {
            plan.comment("their addresses are not all held by one vrrp_instance: the proxy starts only where every one of them is local; colocate it with the groups that hold them".to_string());
            Placement::Alone
        }
    };
    plan.create(
        "proxy-lvs",
        "ocf:rustha:proxy",
        &[format!("config={}", opts.lvs_config)],
        "5s",
        &[],
        place,
    );
    plan.blank();
    Ok(())
}

fn note_children(f: &str, n: &Node, why: &str, plan: &mut Plan) {
    for c in n.children.iter().flatten() {
        plan.note(f, c.line(), format!("{}: {why}", c.text()));
        note_children(f, c, why, plan);
    }
}

fn number(file: &Path, n: &Node) -> Result<u64> {
    let a = n.args.first().ok_or_else(|| {
        config_error(
            file,
            n.key.line,
            n.key.col + n.key.text.len(),
            format!("'{}' needs a number", n.key.text),
            None,
        )
    })?;
    a.text.parse().map_err(|_| {
        config_error(
            file,
            a.line,
            a.col,
            format!("'{}' is not a whole number", a.text),
            None,
        )
    })
}

fn watches_haproxy(script: &str) -> bool {
    script.to_ascii_lowercase().contains("haproxy")
}

fn global_defs(src: &Source, n: &Node, plan: &mut Plan) -> Result<()> {
    let f = src.name.as_str();
    plan.note(
        f,
        n.line(),
        format!("{}: keepalived's own settings", n.text()),
    );
    for c in n.children.iter().flatten() {
        let key = c.key.text.as_str();
        let why = match key {
            "notification_email" | "notification_email_from" | "smtp_server" | "smtp_connect_timeout" | "smtp_helo_name" => {
                "not translated: Pacemaker mails through an alert agent: pcs alert create path=/usr/share/pacemaker/alerts/alert_smtp.sh.example, with pcs alert recipient add"
            }
            "router_id" => "the node this file comes from (location preference), unless --node names it",
            "enable_script_security" | "script_user" => "not translated: Pacemaker runs resource agents as root",
            k if k.starts_with("vrrp_") || k.starts_with("lvs_") || k.starts_with("checker_") || k.starts_with("bfd_") => {
                "not translated: tuning of keepalived's VRRP and LVS engines, which Pacemaker replaces"
            }
            _ => "not translated: keepalived's own setting, with no Pacemaker counterpart",
        };
        plan.note(f, c.line(), format!("{}: {why}", c.text()));
        note_children(f, c, "recipient (see notification_email)", plan);
    }
    plan.blank();
    Ok(())
}

/// Every vrrp_instance keyword keepalived 2.x documents that this translation reads or names.
const INSTANCE: &[&str] = &[
    "state",
    "interface",
    "virtual_router_id",
    "priority",
    "advert_int",
    "nopreempt",
    "preempt",
    "preempt_delay",
    "authentication",
    "virtual_ipaddress",
    "virtual_ipaddress_excluded",
    "track_script",
    "track_interface",
    "track_file",
    "track_process",
    "track_bfd",
    "notify_master",
    "notify_backup",
    "notify_fault",
    "notify_stop",
    "notify",
    "notify_master_rx_lower_pri",
    "smtp_alert",
    "unicast_src_ip",
    "unicast_peer",
    "mcast_src_ip",
    "garp_master_delay",
    "garp_master_repeat",
    "garp_master_refresh",
    "garp_master_refresh_repeat",
    "garp_lower_prio_delay",
    "garp_lower_prio_repeat",
    "use_vmac",
    "vmac_xmit_base",
    "dont_track_primary",
    "virtual_routes",
    "virtual_rules",
    "native_ipv6",
    "version",
    "accept",
    "no_accept",
    "strict_mode",
    "skip_check_adv_addr",
    "lvs_sync_daemon_interface",
    "debug",
    "linkbeat_use_polling",
    "unicast_ttl",
    "check_unicast_src",
    "vrrp_garp_interval",
    "vrrp_gna_interval",
    "kernel_rx_buf_size",
];

#[allow(clippy::too_many_arguments)]
fn instance(
    src: &Source,
    n: &Node,
    group: &str,
    scripts: &BTreeMap<String, Script>,
    node: Option<&str>,
    opts: &Options,
    token_ms: &mut Option<(u64, usize)>,
    proxy_clone: &mut Option<String>,
    plan: &mut Plan,
) -> Result<Vec<IpAddr>> {
    let f = src.name.as_str();
    let file = src.path.as_path();
    let err =
        |t: &Tok, msg: String, sugg: Option<String>| config_error(file, t.line, t.col, msg, sugg);
    let children = n.children.as_deref().unwrap_or(&[]);
    let get = |k: &str| children.iter().find(|c| c.key.text == k);
    for c in children {
        if !INSTANCE.contains(&c.key.text.as_str()) {
            return Err(err(
                &c.key,
                format!("unknown vrrp_instance keyword '{}'", c.key.text),
                nearest(&c.key.text, INSTANCE),
            ));
        }
    }
    let nic = get("interface")
        .and_then(|c| c.args.first())
        .map(|a| a.text.clone());
    let priority = match get("priority") {
        Some(c) => number(file, c)?,
        None => 100,
    };
    let nopreempt = get("nopreempt").is_some();
    plan.note(f, n.line(), format!("{}: group {group}", n.text()));
    let mut members = Vec::new();
    for c in children {
        let text = c.text();
        let l = c.line();
        match c.key.text.as_str() {
            "virtual_ipaddress" => {
                plan.note(f, l, format!("{text}: one ocf:rustha:vip per address, in group {group}"));
                for a in c.children.iter().flatten() {
                    members.push(vip(src, a, nic.as_deref(), group, plan)?);
                }
            }
            "virtual_ipaddress_excluded" => {
                plan.note(f, l, format!("{text}: addresses left out of VRRP adverts: ocf:rustha:vip in group {group} as well"));
                for a in c.children.iter().flatten() {
                    members.push(vip(src, a, nic.as_deref(), group, plan)?);
                }
            }
            "interface" => plan.note(f, l, format!("{text}: the addresses' nic, unless an address names its dev")),
            "state" => {
                let s = c.args.first().map(|a| a.text.as_str()).unwrap_or("");
                if !matches!(s, "MASTER" | "BACKUP") {
                    let at = c.args.first().unwrap_or(&c.key);
                    return Err(err(at, format!("state must be MASTER or BACKUP, not '{s}'"), nearest(s, &["MASTER", "BACKUP"])));
                }
                plan.note(f, l, format!("{text}: the starting role; Pacemaker places the group by the priority below"));
            }
            "priority" => match node {
                Some(_) => plan.note(f, l, format!("{text}: location score {priority} on this file's node")),
                None => plan.note(f, l, format!("{text}: not translated: the file names no node (router_id) and --node was not given; add `pcs constraint location {group} prefers NODE={priority}` for this file's node")),
            },
            "advert_int" => {
                let ms = token_of(file, Some(c))?;
                plan.note(f, l, format!("{text}: corosync totem token={ms} (pcs cluster setup above)"));
            }
            "nopreempt" => plan.note(f, l, format!("{text}: resource-stickiness=INFINITY: the group stays where it runs")),
            "preempt" => plan.note(f, l, format!("{text}: resource-stickiness=0 (the default without nopreempt)")),
            "preempt_delay" => plan.note(f, l, format!("{text}: not translated: Pacemaker moves a group back at once (stickiness decides whether, not when)")),
            "virtual_router_id" | "unicast_src_ip" | "unicast_peer" | "mcast_src_ip" | "version" | "native_ipv6" | "use_vmac" | "vmac_xmit_base" | "unicast_ttl" | "check_unicast_src" | "accept" | "no_accept" | "strict_mode" | "skip_check_adv_addr" | "kernel_rx_buf_size" => {
                plan.note(f, l, format!("{text}: not translated: VRRP protocol detail; corosync carries the membership"));
                note_children(f, c, "part of the block above", plan);
            }
            "authentication" => {
                plan.note(f, l, format!("{text}: not translated: corosync authenticates members with the key pcs cluster setup generates"));
                note_children(f, c, "not carried over", plan);
            }
            k if k.starts_with("garp_") || k.starts_with("vrrp_g") => plan.note(f, l, format!("{text}: not translated: ocf:rustha:vip announces a new address itself (arp_count, arp_interval)")),
            "track_script" => {
                plan.note(f, l, format!("{text}: the scripts below decide where group {group} runs"));
                for s in c.children.iter().flatten() {
                    let Some(script) = scripts.get(&s.key.text) else {
                        return Err(err(&s.key, format!("track_script names no vrrp_script '{}'", s.key.text), nearest(&s.key.text, &scripts.keys().map(|k| k.as_str()).collect::<Vec<_>>())));
                    };
                    if watches_haproxy(&script.script) {
                        let clone = match proxy_clone {
                            Some(c) => c.clone(),
                            None => {

                                plan.note(f, s.line(), format!("{}: `{}` (line {}) watches HAProxy: ocf:rustha:proxy on every node with {}, banned from a node at its first failure for 60s; as the proxy runs where the addresses are not, its binds must be wildcards (*:PORT) or addresses of every node: start and monitor check that each listener answers", s.key.text, script.script, script.line, opts.haproxy_config));
                                let interval = script.interval.unwrap_or(1).max(1);
                                let id = plan.create("haproxy", "ocf:rustha:proxy", &[format!("config={}", opts.haproxy_config)], &format!("{interval}s"), &["migration-threshold=1", "failure-timeout=60s"], Placement::Clone);
                                *proxy_clone = Some(format!("{id}-clone"));
                                format!("{id}-clone")
                            }
                        };
                        plan.note(f, s.line(), format!("{}: group {group} runs only where {clone} runs (the proxy binds the addresses wherever they are: no order needed)", s.key.text));
                        plan.pcs(&["constraint", "colocation", "add", group, "with", &clone, "INFINITY"]);
                    } else {
                        plan.note(f, s.line(), format!("{}: not translated: `{}` (line {}) is no check Pacemaker can run; make what it watches a resource (an OCF agent or systemd unit) and colocate {group} with it", s.key.text, script.script, script.line));
                    }
                }
            }
            "track_interface" => {
                plan.note(f, l, format!("{text}: interfaces whose link must be up"));
                for i in c.children.iter().flatten() {
                    if Some(&i.key.text) == nic.as_ref() {
                        plan.note(f, i.line(), format!("{}: the addresses' own nic: ocf:rustha:vip's monitor fails when its link is down", i.key.text));
                    } else {
                        plan.note(f, i.line(), format!("{}: an ocf:heartbeat:ethmonitor clone; group {group} avoids nodes where the link is down", i.key.text));
                        plan.create(&format!("ethmonitor-{}", i.key.text), "ocf:heartbeat:ethmonitor", &[format!("interface={}", i.key.text)], "10s", &[], Placement::Clone);
                        plan.pcs(&["constraint", "location", group, "rule", "score=-INFINITY", &format!("ethmonitor-{}", i.key.text), "ne", "1"]);
                    }
                }
            }
            "track_file" | "track_process" | "track_bfd" => {
                plan.note(f, l, format!("{text}: not translated: make what it watches a resource and colocate {group} with it"));
                note_children(f, c, "see the line above", plan);
            }
            k if k.starts_with("notify") => plan.note(f, l, format!("{text}: not translated: Pacemaker calls alert agents with CRM_alert_* variables rather than keepalived's arguments; adapt the script and add it with `pcs alert create path=SCRIPT`")),
            "smtp_alert" => plan.note(f, l, format!("{text}: not translated: Pacemaker mails through an alert agent (pcs alert create path=/usr/share/pacemaker/alerts/alert_smtp.sh.example)")),
            "dont_track_primary" => plan.note(f, l, format!("{text}: not translated: ocf:rustha:vip watches the link of the nic it uses")),
            "virtual_routes" | "virtual_rules" => {
                plan.note(f, l, format!("{text}: not translated: routes that follow the addresses are an ocf:heartbeat:Route resource in group {group}"));
                note_children(f, c, "see the line above", plan);
            }
            _ => plan.note(f, l, format!("{text}: not translated: keepalived's own tuning, with no Pacemaker counterpart")),
        }
    }
    let advert = get("advert_int");
    lower(
        token_ms,
        token_of(file, advert)?,
        advert.map_or(0, |c| c.line()),
    );
    if members.is_empty() {
        return Err(err(
            &n.key,
            format!("vrrp_instance {} has no virtual_ipaddress", n.args[0].text),
            None,
        ));
    }
    if let Some(node) = node {
        plan.pcs(&[
            "constraint",
            "location",
            group,
            "prefers",
            &format!("{node}={priority}"),
        ]);
    }
    plan.comment(format!("{f}: a node whose link went down gives the addresses up and cannot take them while it has no carrier; keepalived's FAULT state ends as soon as the link is back, Pacemaker keeps such a node out until the failure expires: failure-timeout={ADDRESS_FAILURE_TIMEOUT}"));
    plan.pcs(&[
        "resource",
        "meta",
        group,
        &format!(
            "resource-stickiness={}",
            if nopreempt { "INFINITY" } else { "0" }
        ),
        &format!("failure-timeout={ADDRESS_FAILURE_TIMEOUT}"),
    ]);
    plan.blank();
    Ok(members)
}

/// How long a node whose addresses failed (typically: its link went down) stays out of a group.
/// keepalived takes a node back as soon as its link is; this is the shortest wait that does not
/// have a node without carrier retry its addresses (two seconds each) more often than it is
/// idle.
const ADDRESS_FAILURE_TIMEOUT: &str = "10s";

const ADDRESS_OPTIONS: &[&str] = &[
    "dev",
    "label",
    "brd",
    "broadcast",
    "scope",
    "no_track",
    "home",
    "nodad",
    "preferred_lft",
    "metric",
    "peer",
];

/// One `virtual_ipaddress` entry: `ADDR[/PREFIX] [brd B] [dev IF] [scope S] [label L] ...`.
fn vip(src: &Source, a: &Node, nic: Option<&str>, group: &str, plan: &mut Plan) -> Result<IpAddr> {
    let f = src.name.as_str();
    let file = src.path.as_path();
    let (ip, prefix) = match a.key.text.split_once('/') {
        Some((ip, p)) => (ip, Some(p)),
        None => (a.key.text.as_str(), None),
    };
    let addr: IpAddr = ip.parse().map_err(|_| {
        config_error(
            file,
            a.key.line,
            a.key.col,
            format!("'{ip}' is not an IP address"),
            None,
        )
    })?;
    let mut params = vec![format!("ip={addr}")];
    if let Some(p) = prefix {
        params.push(
            cidr_netmask(addr, p)
                .map_err(|m| config_error(file, a.key.line, a.key.col + ip.len() + 1, m, None))?,
        );
    }
    let mut dev = nic.map(str::to_string);
    let mut label = None;
    let mut notes = Vec::new();
    let mut it = a.args.iter();
    while let Some(o) = it.next() {
        let mut value = || {
            it.next().ok_or_else(|| {
                config_error(
                    file,
                    o.line,
                    o.col + o.text.len(),
                    format!("'{}' needs a value", o.text),
                    None,
                )
            })
        };
        match o.text.as_str() {
            "dev" => dev = Some(value()?.text.clone()),
            "label" => label = Some(value()?.text.clone()),
            "brd" | "broadcast" => params.push(format!("broadcast={}", value()?.text)),
            "scope" => {
                let v = value()?;
                notes.push(format!(
                    "scope {}: not translated (ocf:rustha:vip adds global addresses)",
                    v.text
                ));
            }
            "preferred_lft" => params.push(format!("preferred_lft={}", value()?.text)),
            "no_track" | "home" | "nodad" => notes.push(format!("{}: not translated", o.text)),
            "metric" | "peer" => {
                let v = value()?;
                notes.push(format!("{} {}: not translated", o.text, v.text));
            }
            other => {
                return Err(config_error(
                    file,
                    o.line,
                    o.col,
                    format!("unknown virtual_ipaddress option '{other}'"),
                    nearest(other, ADDRESS_OPTIONS),
                ))
            }
        }
    }
    if let Some(d) = &dev {
        params.push(format!("nic={d}"));
    }
    if let Some(l) = label {
        match dev
            .as_deref()
            .and_then(|d| l.strip_prefix(d))
            .and_then(|s| s.strip_prefix(':'))
        {
            Some(suffix) => params.push(format!("iflabel={suffix}")),
            None => notes.push(format!(
                "label {l}: not translated (a label is NIC:SUFFIX, the nic being {})",
                dev.as_deref().unwrap_or("unknown")
            )),
        }
    }
    let mut text = format!("ocf:rustha:vip {}", params.join(" "));
    if !notes.is_empty() {
        text.push_str(&format!("; {}", notes.join("; ")));
    }
    plan.note(f, a.line(), format!("{}: {text}", a.text()));
    plan.vip(addr, &params, group);
    Ok(addr)
}

#[cfg(test)]
mod tests;
