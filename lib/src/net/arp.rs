//! IPv4 link-layer announcements and probes over an AF_PACKET socket: gratuitous ARP, so that
//! peers and switches learn a moved address's new MAC at once, and an RFC 5227 style probe to
//! find another host already answering for an address before we take it.

use std::io;
use std::mem;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::net::Mac;

const ETH_P_ARP: u16 = 0x0806;
const ARP_LEN: usize = 28;
const OP_REQUEST: u16 = 1;
const OP_REPLY: u16 = 2;
const BROADCAST: [u8; 6] = [0xff; 6];

/// An ARP packet socket bound to one interface.
pub struct ArpSocket {
    fd: OwnedFd,
    ifindex: u32,
    mac: Mac,
}

/// Which ARP operation a gratuitous announcement uses (IPaddr2's `arp_sender` offers both; some
/// switches only learn from one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GarpKind {
    /// ARP request with sender = target = the address (what `send_arp` does by default).
    Request,
    /// Unsolicited ARP reply.
    Reply,
}

fn sockaddr(ifindex: u32, dest: [u8; 6]) -> libc::sockaddr_ll {
    // SAFETY: sockaddr_ll is plain old data; all-zero is a valid value.
    let mut sa: libc::sockaddr_ll = unsafe { mem::zeroed() };
    sa.sll_family = libc::AF_PACKET as u16;
    sa.sll_protocol = ETH_P_ARP.to_be();
    sa.sll_ifindex = ifindex as i32;
    sa.sll_halen = 6;
    sa.sll_addr[..6].copy_from_slice(&dest);
    sa
}

fn packet(op: u16, sha: Mac, spa: Ipv4Addr, tha: [u8; 6], tpa: Ipv4Addr) -> [u8; ARP_LEN] {
    let mut p = [0u8; ARP_LEN];
    p[0..2].copy_from_slice(&1u16.to_be_bytes()); // Ethernet
    p[2..4].copy_from_slice(&0x0800u16.to_be_bytes()); // IPv4
    p[4] = 6;
    p[5] = 4;
    p[6..8].copy_from_slice(&op.to_be_bytes());
    p[8..14].copy_from_slice(&sha.0);
    p[14..18].copy_from_slice(&spa.octets());
    p[18..24].copy_from_slice(&tha);
    p[24..28].copy_from_slice(&tpa.octets());
    p
}

impl ArpSocket {
    /// Open a packet socket on interface `ifindex` whose MAC is `mac`. Needs CAP_NET_RAW.
    pub fn open(ifindex: u32, mac: Mac) -> Result<Self> {
        // Protocol 0 at creation and the real one at bind: a socket created with a protocol
        // is hooked into every interface at once, and re-binding it then waits for an RCU grace
        // period (synchronize_net, milliseconds), the largest cost of a whole start.
        // SAFETY: plain socket(2) call; the result is checked and owned immediately.
        let raw =
            unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
        if raw < 0 {
            return Err(Error::io(
                "opening ARP packet socket",
                io::Error::last_os_error(),
            ));
        }
        // SAFETY: `raw` is a fresh descriptor we own.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let sa = sockaddr(ifindex, [0; 6]);
        // SAFETY: `sa` is a valid sockaddr_ll (protocol ETH_P_ARP) of the size passed.
        let rc = unsafe {
            libc::bind(
                fd.as_raw_fd(),
                (&sa as *const libc::sockaddr_ll).cast(),
                mem::size_of::<libc::sockaddr_ll>() as u32,
            )
        };
        if rc < 0 {
            return Err(Error::io(
                "binding ARP packet socket",
                io::Error::last_os_error(),
            ));
        }
        Ok(ArpSocket { fd, ifindex, mac })
    }

    fn send(&self, pkt: &[u8; ARP_LEN], dest: [u8; 6]) -> Result<()> {
        let sa = sockaddr(self.ifindex, dest);
        // SAFETY: valid buffer and sockaddr of the sizes passed.
        let rc = unsafe {
            libc::sendto(
                self.fd.as_raw_fd(),
                pkt.as_ptr().cast(),
                pkt.len(),
                0,
                (&sa as *const libc::sockaddr_ll).cast(),
                mem::size_of::<libc::sockaddr_ll>() as u32,
            )
        };
        if rc < 0 {
            return Err(Error::io("sending ARP packet", io::Error::last_os_error()));
        }
        Ok(())
    }

    /// Broadcast one gratuitous ARP for `ip`.
    pub fn announce(&self, ip: Ipv4Addr, kind: GarpKind) -> Result<()> {
        let (op, tha) = match kind {
            GarpKind::Request => (OP_REQUEST, [0; 6]),
            GarpKind::Reply => (OP_REPLY, BROADCAST),
        };
        self.send(&packet(op, self.mac, ip, tha, ip), BROADCAST)
    }

    /// Probe for another host using `ip`: send `count` ARP probes (sender address 0.0.0.0) spread
    /// over `wait`, and listen until `wait` has passed. Returns the MAC of the first other host
    /// that claims the address.
    pub fn probe(&self, ip: Ipv4Addr, count: u32, wait: Duration) -> Result<Option<Mac>> {
        let count = count.max(1);
        let start = Instant::now();
        let end = start + wait;
        let step = wait / count;
        let probe = packet(OP_REQUEST, self.mac, Ipv4Addr::UNSPECIFIED, [0; 6], ip);
        let mut sent = 0;
        loop {
            let now = Instant::now();
            if sent < count && now >= start + step * sent {
                self.send(&probe, BROADCAST)?;
                sent += 1;
            }
            let next_send = if sent < count {
                start + step * sent
            } else {
                end
            };
            let until = next_send.min(end);
            if let Some(mac) = self.receive_claim(ip, until)? {
                return Ok(Some(mac));
            }
            if Instant::now() >= end {
                return Ok(None);
            }
        }
    }

    /// Wait until `until` for an ARP packet from another MAC whose sender address is `ip`.
    fn receive_claim(&self, ip: Ipv4Addr, until: Instant) -> Result<Option<Mac>> {
        let mut buf = [0u8; 64];
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
                return Err(Error::io("waiting for ARP replies", e));
            }
            if rc == 0 {
                return Ok(None);
            }
            // SAFETY: sockaddr_ll is plain old data.
            let mut from: libc::sockaddr_ll = unsafe { mem::zeroed() };
            let mut len = mem::size_of::<libc::sockaddr_ll>() as u32;
            // SAFETY: valid buffer and address storage of the sizes passed.
            let n = unsafe {
                libc::recvfrom(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    libc::MSG_DONTWAIT,
                    (&mut from as *mut libc::sockaddr_ll).cast(),
                    &mut len,
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
                return Err(Error::io("receiving ARP packet", e));
            }
            if from.sll_pkttype == libc::PACKET_OUTGOING || (n as usize) < ARP_LEN {
                continue;
            }
            if let Some(mac) = claim_in(&buf[..n as usize], ip, self.mac) {
                return Ok(Some(mac));
            }
        }
    }
}

/// If `pkt` is an ARP packet in which a host other than `ours` says it has `ip`, that host's MAC.
fn claim_in(pkt: &[u8], ip: Ipv4Addr, ours: Mac) -> Option<Mac> {
    if pkt.len() < ARP_LEN || pkt[4] != 6 || pkt[5] != 4 || pkt[2..4] != [0x08, 0x00] {
        return None;
    }
    let sha = Mac::from_slice(&pkt[8..14])?;
    let spa = Ipv4Addr::new(pkt[14], pkt[15], pkt[16], pkt[17]);
    (spa == ip && sha != ours).then_some(sha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_layout_and_claims() {
        let ours = Mac([2, 0, 0, 0, 0, 1]);
        let theirs = Mac([2, 0, 0, 0, 0, 2]);
        let ip = Ipv4Addr::new(10, 0, 0, 154);
        let garp = packet(OP_REQUEST, ours, ip, [0; 6], ip);
        assert_eq!(&garp[..8], &[0, 1, 8, 0, 6, 4, 0, 1]);
        assert_eq!(
            claim_in(&garp, ip, ours),
            None,
            "our own announcement is no conflict"
        );
        let reply = packet(OP_REPLY, theirs, ip, ours.0, Ipv4Addr::UNSPECIFIED);
        assert_eq!(claim_in(&reply, ip, ours), Some(theirs));
        let other = packet(OP_REPLY, theirs, Ipv4Addr::new(10, 0, 0, 1), ours.0, ip);
        assert_eq!(claim_in(&other, ip, ours), None);
        let probe = packet(OP_REQUEST, theirs, Ipv4Addr::UNSPECIFIED, [0; 6], ip);
        assert_eq!(
            claim_in(&probe, ip, ours),
            None,
            "another prober does not own it"
        );
    }
}
