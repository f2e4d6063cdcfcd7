//! A small synchronous rtnetlink client: list links, addresses and routes; add and delete
//! addresses. Synchronous on purpose: an agent action makes a handful of requests and exits, so
//! an async runtime (as `rtnetlink` needs) would cost more than the whole action.

use std::net::IpAddr;

use netlink_packet_core::{
    NetlinkHeader, NetlinkMessage, NetlinkPayload, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL,
    NLM_F_REQUEST,
};
use netlink_packet_route::address::{
    AddressAttribute, AddressFlags, AddressHeaderFlags, AddressMessage, AddressScope, CacheInfo,
};
use netlink_packet_route::link::{LinkAttribute, LinkFlags, LinkMessage};
use netlink_packet_route::route::{RouteAddress, RouteAttribute, RouteMessage, RouteType};
use netlink_packet_route::{AddressFamily, RouteNetlinkMessage};
use netlink_sys::{protocols::NETLINK_ROUTE, Socket, SocketAddr};

use crate::error::{Error, IoContext, Result};
use crate::net::Mac;

/// A network interface.
#[derive(Debug, Clone)]
pub struct Link {
    /// Interface index.
    pub index: u32,
    /// Interface name.
    pub name: String,
    /// Hardware address, when it has one.
    pub mac: Option<Mac>,
    /// Administratively up (IFF_UP).
    pub up: bool,
    /// Carrier present (IFF_LOWER_UP).
    pub lower_up: bool,
}

impl Link {
    /// Up and with carrier: able to carry traffic.
    pub fn usable(&self) -> bool {
        self.up && self.lower_up
    }
}

/// An address on an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Interface index.
    pub index: u32,
    /// The address.
    pub addr: IpAddr,
    /// Prefix length.
    pub prefix: u8,
    /// IPv4 label (`eth0:vip`).
    pub label: Option<String>,
    /// IFA_F_* flags.
    pub flags: u32,
}

impl Address {
    /// IPv6 duplicate address detection failed for this address.
    pub fn dad_failed(&self) -> bool {
        self.flags & AddressFlags::Dadfailed.bits() != 0
    }
    /// IPv6 address still tentative (DAD running).
    pub fn tentative(&self) -> bool {
        self.flags & AddressFlags::Tentative.bits() != 0
    }
}

/// A route from the main table.
#[derive(Debug, Clone)]
pub struct Route {
    /// Destination network (`None` for a default route).
    pub dst: Option<IpAddr>,
    /// Destination prefix length.
    pub prefix: u8,
    /// Outgoing interface.
    pub oif: Option<u32>,
    /// Next hop, for routes via a gateway.
    pub gateway: Option<IpAddr>,
    /// Whether it is an ordinary unicast route (not local/broadcast/unreachable...).
    pub unicast: bool,
}

/// What to set when adding an address.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// IPv4 broadcast address.
    pub broadcast: Option<std::net::Ipv4Addr>,
    /// IPv4 label.
    pub label: Option<String>,
    /// Preferred lifetime in seconds (`None`: forever). 0 makes the address deprecated, so the
    /// kernel does not pick it as a source address.
    pub preferred_lft: Option<u32>,
    /// Skip the kernel's IPv6 DAD (the agent probed itself).
    pub nodad: bool,
}

/// An open rtnetlink socket.
pub struct Rtnl {
    sock: Socket,
    seq: u32,
    buf: Vec<u8>,
}

fn family_of(addr: &IpAddr) -> AddressFamily {
    match addr {
        IpAddr::V4(_) => AddressFamily::Inet,
        IpAddr::V6(_) => AddressFamily::Inet6,
    }
}

impl Rtnl {
    /// Open and connect a NETLINK_ROUTE socket.
    pub fn open() -> Result<Self> {
        let mut sock = Socket::new(NETLINK_ROUTE).context(|| "opening netlink socket".into())?;
        sock.bind_auto()
            .context(|| "binding netlink socket".into())?;
        sock.connect(&SocketAddr::new(0, 0))
            .context(|| "connecting netlink socket".into())?;
        Ok(Rtnl {
            sock,
            seq: 1,
            buf: vec![0; 64 * 1024],
        })
    }

    /// Send one request and collect the replies (for dumps: until DONE; otherwise until the ACK).
    fn request(
        &mut self,
        what: &str,
        msg: RouteNetlinkMessage,
        flags: u16,
    ) -> Result<Vec<RouteNetlinkMessage>> {
        let mut hdr = NetlinkHeader::default();
        hdr.flags = flags;
        self.seq = self.seq.wrapping_add(1);
        hdr.sequence_number = self.seq;
        let mut packet = NetlinkMessage::new(hdr, NetlinkPayload::from(msg));
        packet.finalize();
        let mut out = vec![0; packet.buffer_len()];
        packet.serialize(&mut out);
        self.sock
            .send(&out, 0)
            .context(|| format!("{what}: netlink send"))?;
        let dump = flags & NLM_F_DUMP == NLM_F_DUMP;
        let mut replies = Vec::new();
        loop {
            let n = self
                .sock
                .recv(&mut &mut self.buf[..], 0)
                .context(|| format!("{what}: netlink receive"))?;
            let mut off = 0;
            while off < n {
                let msg = NetlinkMessage::<RouteNetlinkMessage>::deserialize(&self.buf[off..n])
                    .map_err(|e| Error::Netlink {
                        context: what.to_string(),
                        message: format!("undecodable reply: {e}"),
                    })?;
                let len = msg.header.length as usize;
                if msg.header.sequence_number != self.seq {
                    off += len.max(1);
                    continue;
                }
                match msg.payload {
                    NetlinkPayload::Done(_) => return Ok(replies),
                    // An ACK ends a plain request; dumps end with DONE.
                    NetlinkPayload::Error(e) if e.code.is_none() && !dump => return Ok(replies),
                    NetlinkPayload::Error(e) if e.code.is_none() => {}
                    NetlinkPayload::Error(e) => {
                        let io = e.to_io();
                        return Err(Error::Netlink {
                            context: what.to_string(),
                            message: io.to_string(),
                        });
                    }
                    NetlinkPayload::InnerMessage(m) => replies.push(m),
                    _ => {}
                }
                if len == 0 {
                    break;
                }
                off += len;
            }
        }
    }

    /// Every interface.
    pub fn links(&mut self) -> Result<Vec<Link>> {
        let replies = self.request(
            "listing interfaces",
            RouteNetlinkMessage::GetLink(LinkMessage::default()),
            NLM_F_REQUEST | NLM_F_DUMP,
        )?;
        Ok(replies
            .into_iter()
            .filter_map(|m| match m {
                RouteNetlinkMessage::NewLink(l) => Some(link_from(l)),
                _ => None,
            })
            .collect())
    }

    /// The interface called `name`.
    pub fn link_by_name(&mut self, name: &str) -> Result<Option<Link>> {
        Ok(self.links()?.into_iter().find(|l| l.name == name))
    }

    /// The interface with index `index`.
    pub fn link_by_index(&mut self, index: u32) -> Result<Option<Link>> {
        Ok(self.links()?.into_iter().find(|l| l.index == index))
    }

    /// Every address of the given family.
    pub fn addresses(&mut self, v6: bool) -> Result<Vec<Address>> {
        let mut req = AddressMessage::default();
        req.header.family = if v6 {
            AddressFamily::Inet6
        } else {
            AddressFamily::Inet
        };
        let replies = self.request(
            "listing addresses",
            RouteNetlinkMessage::GetAddress(req),
            NLM_F_REQUEST | NLM_F_DUMP,
        )?;
        Ok(replies
            .into_iter()
            .filter_map(|m| match m {
                RouteNetlinkMessage::NewAddress(a) => address_from(a),
                _ => None,
            })
            .collect())
    }

    /// Add `addr/prefix` to interface `index`. Fails with the kernel's reason (e.g. "File
    /// exists") when the address is already there.
    pub fn add_address(
        &mut self,
        index: u32,
        addr: IpAddr,
        prefix: u8,
        opts: &AddOptions,
    ) -> Result<()> {
        let mut m = AddressMessage::default();
        m.header.family = family_of(&addr);
        m.header.prefix_len = prefix;
        m.header.index = index;
        m.header.scope = AddressScope::Universe;
        m.attributes.push(AddressAttribute::Local(addr));
        m.attributes.push(AddressAttribute::Address(addr));
        if let (IpAddr::V4(_), Some(b)) = (addr, opts.broadcast) {
            m.attributes.push(AddressAttribute::Broadcast(b));
        }
        if let (IpAddr::V4(_), Some(l)) = (addr, &opts.label) {
            m.attributes.push(AddressAttribute::Label(l.clone()));
        }
        if opts.nodad {
            m.header.flags = AddressHeaderFlags::Nodad;
            m.attributes
                .push(AddressAttribute::Flags(AddressFlags::Nodad));
        }
        if let Some(p) = opts.preferred_lft {
            let mut ci = CacheInfo::default();
            ci.ifa_preferred = p;
            ci.ifa_valid = u32::MAX;
            m.attributes.push(AddressAttribute::CacheInfo(ci));
        }
        self.request(
            &format!("adding {addr}/{prefix}"),
            RouteNetlinkMessage::NewAddress(m),
            NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
        )
        .map(drop)
    }

    /// Remove `addr/prefix` from interface `index`.
    pub fn del_address(&mut self, index: u32, addr: IpAddr, prefix: u8) -> Result<()> {
        let mut m = AddressMessage::default();
        m.header.family = family_of(&addr);
        m.header.prefix_len = prefix;
        m.header.index = index;
        m.attributes.push(AddressAttribute::Local(addr));
        m.attributes.push(AddressAttribute::Address(addr));
        self.request(
            &format!("removing {addr}/{prefix}"),
            RouteNetlinkMessage::DelAddress(m),
            NLM_F_REQUEST | NLM_F_ACK,
        )
        .map(drop)
    }

    /// Routes of the main table for one family.
    pub fn routes(&mut self, v6: bool) -> Result<Vec<Route>> {
        let mut req = RouteMessage::default();
        req.header.address_family = if v6 {
            AddressFamily::Inet6
        } else {
            AddressFamily::Inet
        };
        let replies = self.request(
            "listing routes",
            RouteNetlinkMessage::GetRoute(req),
            NLM_F_REQUEST | NLM_F_DUMP,
        )?;
        Ok(replies
            .into_iter()
            .filter_map(|m| match m {
                RouteNetlinkMessage::NewRoute(r) => route_from(r),
                _ => None,
            })
            .collect())
    }
}

fn link_from(l: LinkMessage) -> Link {
    let mut link = Link {
        index: l.header.index,
        name: String::new(),
        mac: None,
        up: l.header.flags.contains(LinkFlags::Up),
        lower_up: l.header.flags.contains(LinkFlags::LowerUp),
    };
    for a in l.attributes {
        match a {
            LinkAttribute::IfName(n) => link.name = n,
            LinkAttribute::Address(b) => link.mac = Mac::from_slice(&b),
            _ => {}
        }
    }
    link
}

fn address_from(a: AddressMessage) -> Option<Address> {
    let mut out = Address {
        index: a.header.index,
        addr: IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        prefix: a.header.prefix_len,
        label: None,
        flags: u32::from(a.header.flags.bits()),
    };
    let mut local = None;
    let mut address = None;
    for attr in a.attributes {
        match attr {
            AddressAttribute::Local(ip) => local = Some(ip),
            AddressAttribute::Address(ip) => address = Some(ip),
            AddressAttribute::Label(l) => out.label = Some(l),
            AddressAttribute::Flags(f) => out.flags = f.bits(),
            _ => {}
        }
    }
    out.addr = local.or(address)?;
    Some(out)
}

fn route_from(r: RouteMessage) -> Option<Route> {
    // Only the main table: policy tables and the local table do not say where a subnet lives.
    let mut table = u32::from(r.header.table);
    let mut route = Route {
        dst: None,
        prefix: r.header.destination_prefix_length,
        oif: None,
        gateway: None,
        unicast: r.header.kind == RouteType::Unicast,
    };
    for a in r.attributes {
        match a {
            RouteAttribute::Destination(d) => route.dst = ip_of(d),
            RouteAttribute::Gateway(g) => route.gateway = ip_of(g),
            RouteAttribute::Oif(i) => route.oif = Some(i),
            RouteAttribute::Table(t) => table = t,
            _ => {}
        }
    }
    (table == 254).then_some(route)
}

fn ip_of(a: RouteAddress) -> Option<IpAddr> {
    match a {
        RouteAddress::Inet(v4) => Some(IpAddr::V4(v4)),
        RouteAddress::Inet6(v6) => Some(IpAddr::V6(v6)),
        _ => None,
    }
}

/// Whether `ip` lies in `net/prefix`.
pub fn contains(net: IpAddr, prefix: u8, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix.min(32)))
            };
            u32::from(n) & mask == u32::from(i) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(i)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix.min(128)))
            };
            u128::from(n) & mask == u128::from(i) & mask
        }
        _ => false,
    }
}

/// The most specific directly connected (no gateway) route of the main table containing `ip`:
/// where IPaddr2's `findif` would put the address when `nic`/`cidr_netmask` are omitted.
pub fn connected_route_for(routes: &[Route], ip: IpAddr) -> Option<&Route> {
    routes
        .iter()
        .filter(|r| r.unicast && r.gateway.is_none() && r.oif.is_some() && r.prefix > 0)
        .filter(|r| r.dst.is_some_and(|d| contains(d, r.prefix, ip)))
        .max_by_key(|r| r.prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_containment() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(contains(ip("10.0.0.128"), 25, ip("10.0.0.154")));
        assert!(!contains(ip("10.0.0.0"), 25, ip("10.0.0.154")));
        assert!(contains(ip("0.0.0.0"), 0, ip("1.2.3.4")));
        assert!(contains(ip("fd00::"), 64, ip("fd00::1")));
        assert!(!contains(ip("fd00::"), 64, ip("fd01::1")));
        assert!(!contains(ip("fd00::"), 64, ip("10.0.0.1")));
    }

    #[test]
    fn picks_most_specific_connected_route() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let r = |dst: &str, prefix, oif, gw: Option<&str>| Route {
            dst: ip(dst),
            prefix,
            oif: Some(oif),
            gateway: gw.and_then(ip),
            unicast: true,
        };
        let routes = vec![
            r("0.0.0.0", 0, 1, Some("10.0.0.1")),
            r("10.0.0.0", 16, 2, None),
            r("10.0.0.0", 24, 3, None),
            r("10.0.0.0", 25, 4, Some("10.0.9.9")),
        ];
        let best = connected_route_for(&routes, "10.0.0.154".parse().unwrap()).unwrap();
        assert_eq!((best.oif, best.prefix), (Some(3), 24));
        assert!(connected_route_for(&routes, "192.168.1.1".parse().unwrap()).is_none());
    }
}
