//! One `vrrp_instance`: its addresses become `ocf:rustha:vip` resources in a group, its priority,
//! preemption, advert interval, tracked scripts and interfaces what Pacemaker places the group by.

use std::collections::BTreeMap;
use std::net::IpAddr;

use rustha::Result;

use super::{lower, note_children, number, token_of, watches_haproxy, Node, Script, Tok};
use crate::plan::{Placement, Plan};
use crate::{cidr_netmask, config_error, nearest, Options, Source};

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
pub(super) fn instance(
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
