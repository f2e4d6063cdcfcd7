//! `ocf:rustha:vip`: a virtual IP address (IPv4 or IPv6) that moves between cluster nodes.
//!
//! Anchor: `ocf:heartbeat:IPaddr2`. Same parameters where they overlap, same heartbeat
//! positional form (`vip 10.0.0.154/25/eth0 start`), but:
//! - addresses change through rtnetlink in-process (no `ip` or `send_arp` subprocesses), so an
//!   action costs a few system calls instead of dozens of forks;
//! - before taking the address, a duplicate-address probe (ARP probe / Neighbour Solicitation)
//!   refuses to start when another host already answers for it, naming that host's MAC;
//! - the first gratuitous ARP / unsolicited Neighbour Advertisement is sent before `start`
//!   returns; the rest follow from a detached announcer that stops as soon as the address is no
//!   longer ours, so it never advertises an address another node has taken over.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use rustha::error::{Error, Problems, Result};
use rustha::net::arp::{ArpSocket, GarpKind};
use rustha::net::ndisc::NdiscSocket;
use rustha::net::rtnl::{self, AddOptions, Address, Link, Rtnl};
use rustha::param::{Check, FromParam, MapSource};
use rustha::{ActionSpec, AgentMeta, Context, ParamSpec, Params, ResourceAgent, State};

/// How long start waits for carrier on an interface that is up without it.
const CARRIER_GRACE: Duration = Duration::from_secs(2);

/// `cidr_netmask`: a prefix length, or a dotted IPv4 netmask converted to one.
#[derive(Debug, Clone, Copy)]
struct Netmask {
    prefix: u8,
    /// Written as a dotted netmask (IPv4 only).
    dotted: bool,
}

impl FromParam for Netmask {
    fn from_param(v: &str) -> std::result::Result<Self, String> {
        parse_netmask(v)
            .map(|prefix| Netmask {
                prefix,
                dotted: v.contains('.'),
            })
            .ok_or_else(|| {
                "expected a prefix length (0-32 for IPv4, 0-128 for IPv6) or a dotted IPv4 netmask"
                    .into()
            })
    }
}

/// `preferred_lft`: seconds, or `forever` (None).
#[derive(Debug, Clone, Copy)]
struct Lifetime(Option<u32>);

impl FromParam for Lifetime {
    fn from_param(v: &str) -> std::result::Result<Self, String> {
        match v {
            "forever" => Ok(Lifetime(None)),
            _ => v
                .parse::<u32>()
                .ok()
                .filter(|n| *n < u32::MAX)
                .map(|n| Lifetime(Some(n)))
                .ok_or_else(|| "expected 'forever' or a number of seconds".into()),
        }
    }
}

fn check_ifname(v: &str) -> std::result::Result<(), String> {
    // IPaddr's NIC:LABEL names an alias, not an interface; IPaddr2 and this agent take the
    // label separately.
    if let Some((nic, label)) = v.split_once(':') {
        return Err(format!(
            "an interface name: the legacy NIC:LABEL form is not supported, write \
             nic={nic} iflabel={label}"
        ));
    }
    let ok = !v.is_empty()
        && v.len() <= 15
        && !v.contains(['/', ' ', ':'])
        && v.chars().all(|c| c.is_ascii_graphic());
    ok.then_some(()).ok_or_else(|| {
        "expected an interface name of at most 15 characters without '/', ':' or spaces".into()
    })
}

fn check_broadcast(v: &str) -> std::result::Result<(), String> {
    (matches!(v, "+" | "-") || v.parse::<Ipv4Addr>().is_ok())
        .then_some(())
        .ok_or_else(|| "expected an IPv4 address, '+' (computed) or '-' (none)".into())
}

/// `NIC:LABEL` must fit in the 15 characters of an interface label.
fn check_label(nic: &str, label: &str) -> std::result::Result<(), String> {
    let full = format!("{nic}:{label}");
    if full.len() > 15 {
        return Err(format!(
            "'{full}' is longer than the 15 characters an interface label may have"
        ));
    }
    Ok(())
}

/// A prefix length, or a dotted IPv4 netmask converted to one.
fn parse_netmask(v: &str) -> Option<u8> {
    let v = v.trim();
    if let Ok(n) = v.parse::<u8>() {
        return (n <= 128).then_some(n);
    }
    let m = u32::from(v.parse::<Ipv4Addr>().ok()?);
    let ones = m.leading_ones();
    (m.checked_shl(ones).unwrap_or(0) == 0).then_some(ones as u8)
}

static PARAMS: &[ParamSpec] = &[
    ParamSpec::string("ip")
        .required()
        .unique()
        .of::<IpAddr>()
        .short("IPv4 or IPv6 address")
        .long("The virtual IP address to manage, IPv4 (10.0.0.154) or IPv6 (fd00::154)."),
    ParamSpec::string("cidr_netmask")
        .of::<Netmask>()
        .short("Network prefix length")
        .long("The prefix length of the address in CIDR notation (24, not 255.255.255.0; a dotted IPv4 netmask is accepted too). When omitted it is taken from the connected route that contains the address, or the host prefix (32/128) when nic is given and no route matches."),
    ParamSpec::string("nic")
        .check(Check::Custom(check_ifname))
        .short("Network interface")
        .long("The interface to put the address on. When omitted it is the interface of the most specific directly connected route containing the address, as IPaddr2's findif does."),
    ParamSpec::string("broadcast")
        .check(Check::Custom(check_broadcast))
        .short("IPv4 broadcast address")
        .long("Broadcast address for IPv4: an address, '+' to compute it from the prefix (the default for prefixes up to /30), or '-' for none. Ignored for IPv6."),
    ParamSpec::string("iflabel")
        .short("Interface label")
        .long("IPv4 label suffix: the address is labelled NIC:IFLABEL (at most 15 characters in all), which is how ifconfig-era tools and some monitoring show it. Ignored for IPv6."),
    ParamSpec::integer("arp_count")
        .default("5")
        .check(Check::Range(0, 1000))
        .short("Number of announcements")
        .long("How many gratuitous ARPs (IPv4) or unsolicited Neighbour Advertisements (IPv6) to send on start. The first is sent before start returns; the rest follow in the background, every arp_interval, while the address stays here."),
    ParamSpec::integer("arp_interval")
        .default("200")
        .check(Check::Range(1, 60_000))
        .short("Milliseconds between announcements")
        .long("Interval in milliseconds between gratuitous ARPs / Neighbour Advertisements."),
    ParamSpec::boolean("arp_reply")
        .default("false")
        .short("Announce with ARP replies")
        .long("Send gratuitous ARP as unsolicited replies instead of requests (some switches only learn from one kind)."),
    ParamSpec::boolean("dup_check")
        .default("true")
        .short("Refuse an address another host uses")
        .long("Before adding the address, probe the link (ARP probe for IPv4, Neighbour Solicitation for IPv6) and refuse to start when another host answers for it. The error names that host's MAC."),
    ParamSpec::time("dup_check_timeout")
        .default("30ms")
        .short("How long to listen for a duplicate")
        .long("How long the duplicate-address probe listens for another host's answer (two probes are sent within this time)."),
    ParamSpec::string("preferred_lft")
        .default("forever")
        .of::<Lifetime>()
        .short("Preferred lifetime")
        .long("Preferred lifetime of the address in seconds, or 'forever'. 0 marks the address deprecated so the kernel does not choose it as a source address (useful for IPv6 VIPs)."),
];

static META: AgentMeta = AgentMeta {
    name: "vip",
    version: env!("CARGO_PKG_VERSION"),
    shortdesc: "Virtual IP address with gratuitous ARP and duplicate detection",
    longdesc: "Manages a virtual IPv4 or IPv6 address on a network interface, as ocf:heartbeat:IPaddr2 does, through rtnetlink without subprocesses. Start probes the link for another host using the address and refuses to take it if one answers, adds the address, and announces it (gratuitous ARP or unsolicited Neighbour Advertisement) so peers and switches learn the new owner at once. Monitor checks that the address is on the interface and the link is up.",
    params: PARAMS,
    actions: &[
        ActionSpec::new("start", "20s"),
        ActionSpec::new("stop", "20s"),
        ActionSpec::new("monitor", "20s").interval("10s").depth("0"),
        ActionSpec::new("status", "20s"),
        ActionSpec::new("meta-data", "5s"),
        ActionSpec::new("validate-all", "20s"),
    ],
};

/// Validated configuration of one vip resource.
#[derive(Debug, Clone)]
pub struct Vip {
    ip: IpAddr,
    prefix: Option<u8>,
    nic: Option<String>,
    broadcast: Option<String>,
    iflabel: Option<String>,
    arp_count: u32,
    arp_interval: Duration,
    arp_kind: GarpKind,
    dup_check: bool,
    dup_check_timeout: Duration,
    preferred_lft: Option<u32>,
}

/// Where the address lives on this node.
struct Placement {
    link: Link,
    prefix: u8,
}

impl Vip {
    fn is_v6(&self) -> bool {
        self.ip.is_ipv6()
    }

    /// Decide interface and prefix on this node. Missing interface: `NotInstalled` (the
    /// resource may run on another node whose interfaces differ).
    fn place(&self, nl: &mut Rtnl) -> Result<Placement> {
        let route_prefix = |nl: &mut Rtnl, oif: Option<u32>| -> Result<Option<(u32, u8)>> {
            let routes = nl.routes(self.is_v6())?;
            let candidates: Vec<_> = routes
                .into_iter()
                .filter(|r| oif.is_none() || r.oif == oif)
                .collect();
            Ok(rtnl::connected_route_for(&candidates, self.ip)
                .map(|r| (r.oif.unwrap_or(0), r.prefix)))
        };
        let (link, routed_prefix) = match &self.nic {
            Some(nic) => {
                let link = nl.link_by_name(nic)?.ok_or_else(|| {
                    Error::NotInstalled(format!(
                        "interface '{nic}' (parameter nic) does not exist on this node"
                    ))
                })?;
                let p = route_prefix(nl, Some(link.index))?.map(|(_, p)| p);
                (link, p)
            }
            None => {
                let (oif, p) = route_prefix(nl, None)?.ok_or_else(|| {
                    Error::NotInstalled(format!(
                        "no interface on this node has a directly connected route containing {}; set parameters nic and cidr_netmask",
                        self.ip
                    ))
                })?;
                let link = nl.link_by_index(oif)?.ok_or_else(|| {
                    Error::NotInstalled(format!("interface index {oif} vanished"))
                })?;
                (link, Some(p))
            }
        };
        let host = if self.is_v6() { 128 } else { 32 };
        let prefix = match (self.prefix, routed_prefix) {
            (Some(p), _) => p,
            (None, Some(p)) => p,
            (None, None) => {
                tracing::warn!(
                    "no connected route on {} contains {}; using prefix /{host}",
                    link.name,
                    self.ip
                );
                host
            }
        };
        if let Some(label) = &self.iflabel {
            if let Err(allowed) = check_label(&link.name, label) {
                // With nic given the label is too long on every node; with the interface found
                // by route, only with this node's interface name.
                return Err(match self.nic {
                    Some(_) => Error::invalid("iflabel", label, allowed),
                    None => Error::NotInstalled(format!(
                        "parameter 'iflabel': {allowed} (interface {} of this node; set nic)",
                        link.name
                    )),
                });
            }
        }
        Ok(Placement { link, prefix })
    }

    /// Our address wherever it is on this node.
    fn present(&self, nl: &mut Rtnl) -> Result<Vec<Address>> {
        Ok(nl
            .addresses(self.is_v6())?
            .into_iter()
            .filter(|a| a.addr == self.ip)
            .collect())
    }

    fn broadcast_for(&self, prefix: u8) -> Option<Ipv4Addr> {
        let IpAddr::V4(ip) = self.ip else { return None };
        match self.broadcast.as_deref() {
            Some("-") => None,
            Some("+") | None if prefix <= 30 => {
                let host_bits = 32 - u32::from(prefix);
                let mask = if host_bits == 32 {
                    u32::MAX
                } else {
                    (1u32 << host_bits) - 1
                };
                Some(Ipv4Addr::from(u32::from(ip) | mask))
            }
            Some("+") | None => None,
            Some(b) => b.parse().ok(),
        }
    }

    /// The IPv4 packet socket, opened once per start and shared by the probe and the announcer.
    fn arp_socket(&self, link: &Link) -> Result<Option<ArpSocket>> {
        match (self.ip, link.mac) {
            (IpAddr::V4(_), Some(mac)) if self.dup_check || self.arp_count > 0 => {
                ArpSocket::open(link.index, mac).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// The source of the IPv6 duplicate probe: a usable address of the link, link-local
    /// preferred (the solicitation then carries our MAC and the owner answers us directly).
    ///
    /// Right after a link comes up its addresses are tentative (the kernel's own duplicate
    /// address detection, a second or two), and the kernel neither sends from a tentative
    /// address nor picks another (EADDRNOTAVAIL): wait for one to become usable, within the
    /// start timeout, as IPaddr2 effectively does. With no address at all on the link (address
    /// generation turned off), the kernel chooses the source as before.
    fn ndisc_source(
        &self,
        nl: &mut Rtnl,
        link: &Link,
        ip: std::net::Ipv6Addr,
        ctx: &Context,
    ) -> Result<Option<std::net::Ipv6Addr>> {
        let mut source = None;
        let mut waited = false;
        let settled =
            rustha::daemon::wait_until(ctx.deadline(), Duration::from_millis(20), || {
                let own: Vec<Address> = nl
                    .addresses(true)?
                    .into_iter()
                    .filter(|a| {
                        a.index == link.index && a.addr != IpAddr::V6(ip) && !a.dad_failed()
                    })
                    .collect();
                let mut usable: Vec<std::net::Ipv6Addr> = own
                    .iter()
                    .filter(|a| !a.tentative())
                    .filter_map(|a| match a.addr {
                        IpAddr::V6(v6) => Some(v6),
                        IpAddr::V4(_) => None,
                    })
                    .collect();
                usable.sort_by_key(|a| !a.is_unicast_link_local());
                source = usable.first().copied();
                let done = source.is_some() || !own.iter().any(Address::tentative);
                waited |= !done;
                Ok(done)
            })?;
        if !settled {
            return Err(Error::Timeout {
                what: format!(
                    "duplicate address detection of {}'s own IPv6 addresses (every one is still \
                     tentative, so nothing can be sent on it)",
                    link.name
                ),
                after: ctx.timeout,
            });
        }
        if waited {
            tracing::info!(
                "waited {:.0} ms for {}'s addresses to finish duplicate address detection",
                ctx.started.elapsed().as_secs_f64() * 1e3,
                link.name
            );
        }
        Ok(source)
    }

    fn probe_duplicate(
        &self,
        nl: &mut Rtnl,
        link: &Link,
        arp: Option<&ArpSocket>,
        ctx: &Context,
    ) -> Result<Option<rustha::net::Mac>> {
        let mac = link.mac.ok_or_else(|| {
            Error::NotInstalled(format!(
                "interface {} has no hardware address; cannot probe or announce",
                link.name
            ))
        })?;
        match self.ip {
            IpAddr::V4(ip) => match arp {
                Some(arp) => arp.probe(ip, 2, self.dup_check_timeout),
                None => ArpSocket::open(link.index, mac)?.probe(ip, 2, self.dup_check_timeout),
            },
            IpAddr::V6(ip) => {
                let source = self.ndisc_source(nl, link, ip, ctx)?;
                NdiscSocket::open(link.index, &link.name, mac)?.probe(
                    ip,
                    source,
                    2,
                    self.dup_check_timeout,
                )
            }
        }
    }

    fn announcer(&self, link: &Link, arp: Option<ArpSocket>) -> Result<Option<Announcer>> {
        if self.arp_count == 0 {
            return Ok(None);
        }
        let Some(mac) = link.mac else {
            tracing::warn!(
                "interface {} has no hardware address; not announcing",
                link.name
            );
            return Ok(None);
        };
        Ok(Some(match self.ip {
            IpAddr::V4(ip) => {
                let s = match arp {
                    Some(s) => s,
                    None => ArpSocket::open(link.index, mac)?,
                };
                Announcer::V4(s, ip, self.arp_kind)
            }
            IpAddr::V6(ip) => {
                let s = NdiscSocket::open(link.index, &link.name, mac)?;
                s.bind(ip)?;
                Announcer::V6(s, ip)
            }
        }))
    }

    /// Wait for the kernel's IPv6 DAD to finish (only when our own probe was disabled).
    /// The placement's link once it is usable. A link that is up but has no carrier yet gets
    /// [`CARRIER_GRACE`] (within the action's deadline) to come up, because carrier follows a
    /// freshly raised interface by a few milliseconds; an administratively down one fails at once.
    fn await_carrier(&self, nl: &mut Rtnl, link: Link, ctx: &Context) -> Result<Link> {
        if !link.up {
            return Err(Error::Failed(format!(
                "interface {} is administratively down; bring it up before starting {}",
                link.name, self.ip
            )));
        }
        if link.lower_up {
            return Ok(link);
        }
        let until = ctx.deadline().min(Instant::now() + CARRIER_GRACE);
        let mut now = link.clone();
        let usable = rustha::daemon::wait_until(until, Duration::from_millis(20), || {
            if let Some(l) = nl.link_by_index(link.index)? {
                now = l;
            }
            Ok(now.usable())
        })?;
        if usable {
            Ok(now)
        } else {
            Err(Error::Failed(format!(
                "interface {} has no carrier (cable, switch port or peer down); not starting {} \
                 on a link that cannot carry it",
                link.name, self.ip
            )))
        }
    }

    fn await_dad(&self, nl: &mut Rtnl, index: u32, ctx: &Context) -> Result<()> {
        let ok = rustha::daemon::wait_until(ctx.deadline(), Duration::from_millis(20), || {
            let a = self.present(nl)?;
            if let Some(a) = a.iter().find(|a| a.index == index) {
                if a.dad_failed() {
                    return Err(Error::Failed(format!(
                        "IPv6 duplicate address detection failed for {}: another host uses it",
                        self.ip
                    )));
                }
                return Ok(!a.tentative());
            }
            Err(Error::Failed(format!(
                "{} disappeared during duplicate address detection",
                self.ip
            )))
        })?;
        if ok {
            Ok(())
        } else {
            Err(Error::Timeout {
                what: format!("IPv6 DAD for {}", self.ip),
                after: ctx.timeout,
            })
        }
    }
}

enum Announcer {
    V4(ArpSocket, Ipv4Addr, GarpKind),
    V6(NdiscSocket, std::net::Ipv6Addr),
}

impl Announcer {
    fn send(&self) -> Result<()> {
        match self {
            Announcer::V4(s, ip, kind) => s.announce(*ip, *kind),
            Announcer::V6(s, ip) => s.announce(*ip),
        }
    }
}

impl ResourceAgent for Vip {
    const META: &'static AgentMeta = &META;

    fn new(p: Params, _ctx: &Context) -> Result<Self> {
        // Every value is asked for before any `?`, so that every bad one and every conflict
        // between them is reported at once.
        let mut problems = Problems::new();
        let ip = problems.check(p.get::<IpAddr>("ip"));
        let mask = problems.check(p.opt::<Netmask>("cidr_netmask")).flatten();
        let nic = problems.check(p.opt::<String>("nic")).flatten();
        let iflabel = problems.check(p.opt::<String>("iflabel")).flatten();
        if let (Some(ip), Some(mask)) = (ip, mask) {
            let max = if ip.is_ipv6() { 128 } else { 32 };
            if mask.prefix > max || (ip.is_ipv6() && mask.dotted) {
                problems.push(Error::invalid(
                    "cidr_netmask",
                    p.raw("cidr_netmask").unwrap_or_default(),
                    format!("a prefix length from 0 to {max} for {ip}"),
                ));
            }
        }
        // With nic given the label is too long on every node (without, it depends on the
        // interface found on each node: `place` checks it there).
        if let (Some(nic), Some(label)) = (&nic, &iflabel) {
            if let Err(allowed) = check_label(nic, label) {
                problems.push(Error::invalid("iflabel", label, allowed));
            }
        }
        let vip = (|| {
            Ok(Vip {
                ip: p.get("ip")?,
                prefix: mask.map(|m| m.prefix),
                nic,
                broadcast: p.opt("broadcast")?,
                iflabel,
                arp_count: p.get("arp_count")?,
                arp_interval: Duration::from_millis(p.get("arp_interval")?),
                arp_kind: if p.get("arp_reply")? {
                    GarpKind::Reply
                } else {
                    GarpKind::Request
                },
                dup_check: p.get("dup_check")?,
                dup_check_timeout: p.get("dup_check_timeout")?,
                preferred_lft: p.get::<Lifetime>("preferred_lft")?.0,
            })
        })();
        let vip = problems.check(vip);
        problems.finish_with(vip)
    }

    fn validate(&self, _ctx: &Context) -> Result<()> {
        let mut nl = Rtnl::open()?;
        self.place(&mut nl).map(drop)
    }

    fn start(&mut self, ctx: &Context) -> Result<()> {
        let mut nl = Rtnl::open()?;
        let Placement { link, prefix } = self.place(&mut nl)?;
        // Monitor fails on a link without carrier, so start must not succeed on one: a node cut
        // off from its network would otherwise loop start, failed monitor, stop.
        let link = self.await_carrier(&mut nl, link, ctx)?;
        if self.present(&mut nl)?.iter().any(|a| a.index == link.index) {
            tracing::info!("{} is already on {}", self.ip, link.name);
            return Ok(());
        }
        let arp = self.arp_socket(&link)?;
        if self.dup_check {
            if let Some(mac) = self.probe_duplicate(&mut nl, &link, arp.as_ref(), ctx)? {
                return Err(Error::Failed(format!(
                    "{} is already in use on {} by the host with MAC {mac}; not taking it",
                    self.ip, link.name
                )));
            }
        }
        let opts = AddOptions {
            broadcast: self.broadcast_for(prefix),
            label: self.iflabel.as_ref().map(|l| format!("{}:{l}", link.name)),
            preferred_lft: self.preferred_lft,
            nodad: self.dup_check,
        };
        nl.add_address(link.index, self.ip, prefix, &opts)?;
        if self.is_v6() && !self.dup_check {
            if let Err(e) = self.await_dad(&mut nl, link.index, ctx) {
                let _ = nl.del_address(link.index, self.ip, prefix);
                return Err(e);
            }
        }
        tracing::info!(
            "added {}/{prefix} to {} in {:.2} ms",
            self.ip,
            link.name,
            ctx.started.elapsed().as_secs_f64() * 1e3
        );
        if let Some(ann) = self.announcer(&link, arp)? {
            ann.send()?;
            if self.arp_count > 1 {
                self.announce_in_background(ann, link.index)?;
            }
        }
        Ok(())
    }

    fn stop(&mut self, ctx: &Context) -> Result<()> {
        let mut nl = Rtnl::open()?;
        let found = self.present(&mut nl)?;
        let ours: Vec<&Address> = match &self.nic {
            // With a nic, only that interface's copy is ours (another interface may carry the
            // same address by administrator's choice); without one, any copy is.
            Some(nic) => match nl.link_by_name(nic)? {
                Some(link) => found.iter().filter(|a| a.index == link.index).collect(),
                None => Vec::new(),
            },
            None => found.iter().collect(),
        };
        for a in ours {
            nl.del_address(a.index, a.addr, a.prefix)?;
            tracing::info!(
                "removed {}/{} in {:.2} ms",
                a.addr,
                a.prefix,
                ctx.started.elapsed().as_secs_f64() * 1e3
            );
        }
        Ok(())
    }

    fn monitor(&mut self, ctx: &Context) -> Result<State> {
        let mut nl = Rtnl::open()?;
        let found = self.present(&mut nl)?;
        // An interface missing here: a probe answers "not running here" (7) and a recurring
        // monitor, which only runs where the address was started, a failure (1): the node's
        // view table turns NotInstalled into each.
        let index = match &self.nic {
            Some(nic) => match nl.link_by_name(nic)? {
                Some(l) => Some(l.index),
                None => {
                    return Err(Error::NotInstalled(format!(
                        "interface '{nic}' (parameter nic) of {} does not exist on this node",
                        self.ip
                    )))
                }
            },
            None => None,
        };
        let Some(addr) = found.iter().find(|a| index.is_none_or(|i| a.index == i)) else {
            if !ctx.is_probe() && self.nic.is_none() {
                // Gone with its interface (no interface routes it any more), or just removed.
                self.place(&mut nl)?;
            }
            return Ok(State::NotRunning);
        };
        if addr.dad_failed() {
            return Err(Error::Failed(format!(
                "{}: duplicate address detected by the kernel",
                self.ip
            )));
        }
        let link = nl
            .link_by_index(addr.index)?
            .ok_or_else(|| Error::Failed(format!("interface of {} vanished", self.ip)))?;
        if !link.usable() {
            return Err(Error::Failed(format!(
                "{} is on {} but the link is {}",
                self.ip,
                link.name,
                if link.up { "without carrier" } else { "down" }
            )));
        }
        Ok(State::Running)
    }

    fn heartbeat_params(args: &[String]) -> Result<MapSource> {
        let [arg] = args else {
            return Err(Error::Usage(format!(
                "expected one argument IP[/PREFIX[/NIC[/BROADCAST]]], got {args:?}"
            )));
        };
        Ok(heartbeat_map(arg))
    }
}

impl Vip {
    /// Send the remaining announcements from a detached process so `start` returns at once.
    /// The announcer re-checks before each send that the address is still ours.
    fn announce_in_background(&self, ann: Announcer, index: u32) -> Result<()> {
        match rustha::daemon::daemonize(None)? {
            rustha::daemon::Forked::Parent(pid) => {
                tracing::debug!(
                    "announcer {pid} sends {} more announcements",
                    self.arp_count - 1
                );
                Ok(())
            }
            rustha::daemon::Forked::Daemon => {
                let mut next = Instant::now();
                for _ in 1..self.arp_count {
                    next += self.arp_interval;
                    std::thread::sleep(next.saturating_duration_since(Instant::now()));
                    let still_ours = Rtnl::open()
                        .and_then(|mut nl| self.present(&mut nl))
                        .is_ok_and(|a| a.iter().any(|a| a.index == index));
                    if !still_ours || ann.send().is_err() {
                        break;
                    }
                }
                std::process::exit(0);
            }
        }
    }
}

/// heartbeat v1 / IPaddr2 wrapper syntax: `IP[/PREFIX[/NIC[/BROADCAST]]]`, where a third field
/// starting with a digit is the broadcast address (`10.0.0.154/25/10.0.0.255`).
fn heartbeat_map(arg: &str) -> MapSource {
    let mut it = arg.split('/');
    let mut m = MapSource::new();
    if let Some(ip) = it.next() {
        m.set_param("ip", ip);
    }
    if let Some(p) = it.next().filter(|s| !s.is_empty()) {
        m.set_param("cidr_netmask", p);
    }
    for field in it.filter(|s| !s.is_empty()) {
        if field.starts_with(|c: char| c.is_ascii_digit()) {
            m.set_param("broadcast", field);
        } else {
            m.set_param("nic", field);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustha::context::Action;
    use rustha::param::ParamSource;
    use rustha::OcfCode;

    fn ctx() -> Context {
        Context::new(
            "vip",
            Action::ValidateAll,
            Duration::from_secs(20),
            false,
            Box::new(MapSource::new()),
        )
    }

    fn vip(src: MapSource) -> Result<Vip> {
        let p = Params::from_source(PARAMS, &src)?;
        Vip::new(p, &ctx())
    }

    #[test]
    fn heartbeat_forms() {
        let m = heartbeat_map("10.0.0.154/25/eth0");
        assert_eq!(m.param("ip").as_deref(), Some("10.0.0.154"));
        assert_eq!(m.param("cidr_netmask").as_deref(), Some("25"));
        assert_eq!(m.param("nic").as_deref(), Some("eth0"));
        let m = heartbeat_map("10.0.0.154/25/eth0/10.0.0.255");
        assert_eq!(m.param("broadcast").as_deref(), Some("10.0.0.255"));
        let m = heartbeat_map("10.0.0.154/25/10.0.0.255");
        assert_eq!(m.param("broadcast").as_deref(), Some("10.0.0.255"));
        assert_eq!(m.param("nic"), None);
        let m = heartbeat_map("fd00::154/64/eth1");
        assert_eq!(m.param("ip").as_deref(), Some("fd00::154"));
        assert_eq!(m.param("nic").as_deref(), Some("eth1"));
        let m = heartbeat_map("10.0.0.154");
        assert_eq!(m.param("cidr_netmask"), None);
    }

    #[test]
    fn bad_parameters_are_configuration_errors_naming_the_parameter() {
        for (name, value) in [
            ("ip", "300.1.1.1"),
            ("ip", "not-an-ip"),
            ("cidr_netmask", "33"),
            ("cidr_netmask", "255.0.255.0"),
            ("nic", "a/b"),
            ("nic", "averyveryverylongname"),
            ("arp_count", "-1"),
            ("arp_interval", "0"),
            ("broadcast", "x"),
            ("preferred_lft", "soon"),
            ("dup_check", "perhaps"),
        ] {
            let mut src = MapSource::new().with_param("ip", "10.0.0.154");
            src.set_param(name, value);
            let err = vip(src).unwrap_err();
            assert_eq!(err.code(), OcfCode::ErrConfigured, "{name}={value}: {err}");
            assert!(err.to_string().contains(name), "{err}");
        }
        let err = vip(MapSource::new()).unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured);
        assert!(err.to_string().contains("'ip'"));
        let err = vip(MapSource::new()
            .with_param("ip", "fd00::1")
            .with_param("cidr_netmask", "255.255.255.0"))
        .unwrap_err();
        assert!(err.to_string().contains("cidr_netmask"), "{err}");
    }

    #[test]
    fn every_bad_parameter_is_named_in_one_error() {
        let err = vip(MapSource::new()
            .with_param("ip", "10.0.0.300")
            .with_param("arp_count", "many")
            .with_param("nic", "eth0:1"))
        .unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured);
        let msg = err.to_string();
        for needle in ["'ip'", "'10.0.0.300'", "'arp_count'", "'many'", "iflabel=1"] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
    }

    #[test]
    fn legacy_nic_label_form_is_refused_saying_how_to_write_it() {
        let err = vip(MapSource::new()
            .with_param("ip", "10.0.0.154")
            .with_param("nic", "eth0:web"))
        .unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured);
        let msg = err.to_string();
        assert!(
            msg.contains("NIC:LABEL") && msg.contains("nic=eth0 iflabel=web"),
            "{msg}"
        );
    }

    #[test]
    fn netmask_and_broadcast() {
        assert_eq!(parse_netmask("255.255.255.128"), Some(25));
        assert_eq!(parse_netmask("24"), Some(24));
        assert_eq!(parse_netmask("255.0.255.0"), None);
        let v = vip(MapSource::new().with_param("ip", "10.0.0.154")).unwrap();
        assert_eq!(v.broadcast_for(25), Some(Ipv4Addr::new(10, 0, 0, 255)));
        assert_eq!(v.broadcast_for(32), None);
        let v = vip(MapSource::new()
            .with_param("ip", "10.0.0.154")
            .with_param("broadcast", "-"))
        .unwrap();
        assert_eq!(v.broadcast_for(24), None);
        let v = vip(MapSource::new().with_param("ip", "fd00::1")).unwrap();
        assert_eq!(v.broadcast_for(64), None);
    }

    #[test]
    fn metadata_lists_every_parameter() {
        let x = META.to_xml();
        for p in PARAMS {
            assert!(
                x.contains(&format!("<parameter name=\"{}\"", p.name)),
                "{}",
                p.name
            );
        }
    }

    /// As `run` builds the agent: bad values and conflicts together.
    fn configured(src: MapSource) -> Result<Vip> {
        let ctx = Context::new(
            "vip",
            Action::ValidateAll,
            Duration::from_secs(20),
            false,
            Box::new(src),
        );
        rustha::agent::configure::<Vip>(&ctx)
    }

    #[test]
    fn a_conflict_and_a_bad_value_are_named_together() {
        let err = configured(
            MapSource::new()
                .with_param("ip", "fd00::1")
                .with_param("cidr_netmask", "255.255.255.0")
                .with_param("arp_count", "many"),
        )
        .unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured, "{err}");
        let msg = err.to_string();
        for needle in ["'cidr_netmask'", "for fd00::1", "'arp_count'", "'many'"] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
        assert!(msg.starts_with("2 problems"), "each problem once: {msg}");
        let err = configured(
            MapSource::new()
                .with_param("ip", "10.0.0.1")
                .with_param("cidr_netmask", "40")
                .with_param("nic", "eth0")
                .with_param("iflabel", "a-very-long-label"),
        )
        .unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured, "{err}");
        let msg = err.to_string();
        for needle in [
            "'cidr_netmask'",
            "from 0 to 32",
            "'iflabel'",
            "eth0:a-very-long-label",
        ] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
    }
}
