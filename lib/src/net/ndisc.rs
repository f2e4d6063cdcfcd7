//! IPv6 neighbour discovery for moved addresses: unsolicited Neighbour Advertisements (the IPv6
//! gratuitous ARP, RFC 4861 §7.2.6) and a Neighbour Solicitation probe that finds another host
//! already answering for an address.
//!
//! Raw ICMPv6 sockets get their checksum filled in by the kernel (RFC 3542), so only the ICMP
//! body is built here.

use std::io;
use std::mem;
use std::net::Ipv6Addr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::net::Mac;

const NS: u8 = 135;
const NA: u8 = 136;
const OPT_TLLA: u8 = 2;
const FLAG_OVERRIDE: u32 = 0x2000_0000;
const ALL_NODES: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1);

/// A raw ICMPv6 socket bound to one interface.
pub struct NdiscSocket {
    fd: OwnedFd,
    ifindex: u32,
    mac: Mac,
}

fn sockaddr6(ip: Ipv6Addr, scope: u32) -> libc::sockaddr_in6 {
    // SAFETY: sockaddr_in6 is plain old data; zero is valid.
    let mut sa: libc::sockaddr_in6 = unsafe { mem::zeroed() };
    sa.sin6_family = libc::AF_INET6 as u16;
    sa.sin6_addr.s6_addr = ip.octets();
    sa.sin6_scope_id = scope;
    sa
}

fn setsockopt_int(fd: &OwnedFd, level: i32, name: i32, value: i32, what: &str) -> Result<()> {
    // SAFETY: valid int option of the size passed.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&value as *const i32).cast(),
            mem::size_of::<i32>() as u32,
        )
    };
    if rc < 0 {
        return Err(Error::io(what.to_string(), io::Error::last_os_error()));
    }
    Ok(())
}

/// The solicited-node multicast group of `ip` (ff02::1:ffXX:XXXX).
pub fn solicited_node(ip: Ipv6Addr) -> Ipv6Addr {
    let o = ip.octets();
    Ipv6Addr::new(
        0xff02,
        0,
        0,
        0,
        0,
        1,
        0xff00 | u16::from(o[13]),
        u16::from_be_bytes([o[14], o[15]]),
    )
}

fn advertisement(target: Ipv6Addr, mac: Mac) -> [u8; 32] {
    let mut p = [0u8; 32];
    p[0] = NA;
    p[4..8].copy_from_slice(&FLAG_OVERRIDE.to_be_bytes());
    p[8..24].copy_from_slice(&target.octets());
    p[24] = OPT_TLLA;
    p[25] = 1; // length in units of 8 bytes
    p[26..32].copy_from_slice(&mac.0);
    p
}

const OPT_SLLA: u8 = 1;

/// A Neighbour Solicitation for `target`; with `slla`, carrying our link-layer address, which a
/// receiver needs to answer a multicast solicitation from a unicast source (RFC 4861 §7.2.4;
/// Linux silently ignores such a solicitation without it).
fn solicitation(target: Ipv6Addr, slla: Option<Mac>) -> Vec<u8> {
    let mut p = vec![0u8; 24];
    p[0] = NS;
    p[8..24].copy_from_slice(&target.octets());
    if let Some(mac) = slla {
        p.extend_from_slice(&[OPT_SLLA, 1]);
        p.extend_from_slice(&mac.0);
    }
    p
}

impl NdiscSocket {
    /// Open a raw ICMPv6 socket on interface `ifindex` (named `ifname`, MAC `mac`). Needs CAP_NET_RAW.
    pub fn open(ifindex: u32, ifname: &str, mac: Mac) -> Result<Self> {
        // SAFETY: plain socket(2); checked and owned immediately.
        let raw = unsafe {
            libc::socket(
                libc::AF_INET6,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                libc::IPPROTO_ICMPV6,
            )
        };
        if raw < 0 {
            return Err(Error::io(
                "opening ICMPv6 socket",
                io::Error::last_os_error(),
            ));
        }
        // SAFETY: fresh descriptor we own.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: ifname bytes with the length passed.
        let rc = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_BINDTODEVICE,
                ifname.as_ptr().cast(),
                ifname.len() as u32,
            )
        };
        if rc < 0 {
            return Err(Error::io(
                format!("binding ICMPv6 socket to {ifname}"),
                io::Error::last_os_error(),
            ));
        }
        // Neighbour discovery packets must carry hop limit 255 or receivers drop them.
        setsockopt_int(
            &fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_HOPS,
            255,
            "IPV6_MULTICAST_HOPS",
        )?;
        setsockopt_int(
            &fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_UNICAST_HOPS,
            255,
            "IPV6_UNICAST_HOPS",
        )?;
        setsockopt_int(
            &fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_IF,
            ifindex as i32,
            "IPV6_MULTICAST_IF",
        )?;
        setsockopt_int(
            &fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_LOOP,
            0,
            "IPV6_MULTICAST_LOOP",
        )?;
        Ok(NdiscSocket { fd, ifindex, mac })
    }

    /// Use `src` (an address of this host, not tentative) as the source of what is sent.
    pub fn bind(&self, src: Ipv6Addr) -> Result<()> {
        let scope = if src.is_unicast_link_local() {
            self.ifindex
        } else {
            0
        };
        let sa = sockaddr6(src, scope);
        // SAFETY: valid sockaddr_in6 of the size passed.
        let rc = unsafe {
            libc::bind(
                self.fd.as_raw_fd(),
                (&sa as *const libc::sockaddr_in6).cast(),
                mem::size_of::<libc::sockaddr_in6>() as u32,
            )
        };
        if rc < 0 {
            return Err(Error::io(
                format!("binding ICMPv6 socket to {src}"),
                io::Error::last_os_error(),
            ));
        }
        Ok(())
    }

    fn send(&self, pkt: &[u8], dest: Ipv6Addr) -> Result<()> {
        let sa = sockaddr6(dest, self.ifindex);
        // SAFETY: valid buffer and sockaddr of the sizes passed.
        let rc = unsafe {
            libc::sendto(
                self.fd.as_raw_fd(),
                pkt.as_ptr().cast(),
                pkt.len(),
                0,
                (&sa as *const libc::sockaddr_in6).cast(),
                mem::size_of::<libc::sockaddr_in6>() as u32,
            )
        };
        if rc < 0 {
            return Err(Error::io(
                format!("sending ICMPv6 to {dest}"),
                io::Error::last_os_error(),
            ));
        }
        Ok(())
    }

    /// Send one unsolicited Neighbour Advertisement (override flag set) for `target` to all nodes.
    pub fn announce(&self, target: Ipv6Addr) -> Result<()> {
        self.send(&advertisement(target, self.mac), ALL_NODES)
    }

    /// Send `count` Neighbour Solicitations for `target` over `wait` and listen for an
    /// advertisement from another host. Returns that host's MAC (from its target link-layer
    /// option) if one claims the address.
    ///
    /// `link_local` is a usable (non-tentative) link-local address of the interface: the
    /// solicitation is sent from it with our link-layer address so the owner answers us
    /// directly. Without one the kernel picks the source; from the unspecified address the
    /// owner answers all nodes (RFC 4862 DAD style), which we also hear.
    pub fn probe(
        &self,
        target: Ipv6Addr,
        link_local: Option<Ipv6Addr>,
        count: u32,
        wait: Duration,
    ) -> Result<Option<Mac>> {
        let count = count.max(1);
        let start = Instant::now();
        let end = start + wait;
        let step = wait / count;
        if let Some(ll) = link_local {
            self.bind(ll)?;
        }
        let ns = solicitation(target, link_local.map(|_| self.mac));
        let group = solicited_node(target);
        let mut sent = 0;
        loop {
            if sent < count && Instant::now() >= start + step * sent {
                self.send(&ns, group)?;
                sent += 1;
            }
            let until = if sent < count {
                start + step * sent
            } else {
                end
            }
            .min(end);
            if let Some(mac) = self.receive_claim(target, until)? {
                return Ok(Some(mac));
            }
            if Instant::now() >= end {
                return Ok(None);
            }
        }
    }

    fn receive_claim(&self, target: Ipv6Addr, until: Instant) -> Result<Option<Mac>> {
        let mut buf = [0u8; 1500];
        loop {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            let mut pfd = libc::pollfd {
                fd: self.fd.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            let ms = left.as_millis().clamp(1, i32::MAX as u128) as i32;
            // SAFETY: one valid pollfd.
            let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
            if rc < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(Error::io("waiting for neighbour advertisements", e));
            }
            if rc == 0 {
                return Ok(None);
            }
            // SAFETY: valid buffer of the size passed.
            let n = unsafe {
                libc::recv(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    libc::MSG_DONTWAIT,
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                ) {
                    continue;
                }
                return Err(Error::io("receiving ICMPv6", e));
            }
            if let Some(mac) = claim_in(&buf[..n as usize], target, self.mac) {
                return Ok(Some(mac));
            }
        }
    }
}

/// If `pkt` is a Neighbour Advertisement for `target` from a host other than `ours`, that host's
/// MAC (or the all-zero MAC when it sent no link-layer option).
fn claim_in(pkt: &[u8], target: Ipv6Addr, ours: Mac) -> Option<Mac> {
    if pkt.len() < 24 || pkt[0] != NA || pkt[1] != 0 {
        return None;
    }
    let t: [u8; 16] = pkt[8..24].try_into().ok()?;
    if Ipv6Addr::from(t) != target {
        return None;
    }
    let mut opts = &pkt[24..];
    let mut mac = Mac([0; 6]);
    while opts.len() >= 8 {
        let len = usize::from(opts[1]) * 8;
        if len == 0 || len > opts.len() {
            break;
        }
        if opts[0] == OPT_TLLA {
            mac = Mac::from_slice(&opts[2..8])?;
        }
        opts = &opts[len..];
    }
    (mac != ours).then_some(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solicited_node_group() {
        let ip: Ipv6Addr = "fd00::12:3456".parse().unwrap();
        assert_eq!(
            solicited_node(ip),
            "ff02::1:ff12:3456".parse::<Ipv6Addr>().unwrap()
        );
    }

    #[test]
    fn advertisements_are_claims_unless_ours() {
        let ip: Ipv6Addr = "fd00::154".parse().unwrap();
        let ours = Mac([2, 0, 0, 0, 0, 1]);
        let theirs = Mac([2, 0, 0, 0, 0, 2]);
        let na = advertisement(ip, theirs);
        assert_eq!(na[0], NA);
        assert_eq!(claim_in(&na, ip, ours), Some(theirs));
        assert_eq!(claim_in(&advertisement(ip, ours), ip, ours), None);
        assert_eq!(
            claim_in(&advertisement("fd00::1".parse().unwrap(), theirs), ip, ours),
            None
        );
        assert_eq!(claim_in(&solicitation(ip, Some(theirs)), ip, ours), None);
        assert_eq!(solicitation(ip, None).len(), 24);
        assert_eq!(
            &solicitation(ip, Some(ours))[24..],
            &[1, 1, 2, 0, 0, 0, 0, 1]
        );
    }
}
