//! Network helpers for agents that own addresses: rtnetlink (links, addresses, routes) without
//! spawning `ip`, and the link-layer announcements and probes (ARP, IPv6 neighbour discovery)
//! that make a moved address reachable at once and detect a duplicate before taking it.

pub mod arp;
pub mod ndisc;
pub mod rtnl;

/// A MAC address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mac(pub [u8; 6]);

impl std::fmt::Display for Mac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }
}

impl Mac {
    /// From a netlink `IFLA_ADDRESS` value.
    pub fn from_slice(b: &[u8]) -> Option<Mac> {
        <[u8; 6]>::try_from(b).ok().map(Mac)
    }
}
