//! A UDP server for the proxy's tests, on loopback: it answers any datagram with `NAME:PAYLOAD`,
//! so a client sees which server its datagram reached, and SIP `OPTIONS` (the health check) with
//! a status a test switches, or not at all.

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// The endpoint; stops on drop.
pub struct SipServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// `OPTIONS` requests received.
    pub options: Arc<AtomicUsize>,
    /// Other datagrams received.
    pub datagrams: Arc<AtomicUsize>,
    status: Arc<AtomicU16>,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl SipServer {
    /// Listen on `ip:port` (port 0 = any) as `name`, answering `OPTIONS` with 200.
    pub fn start(ip: &str, port: u16, name: &str) -> SipServer {
        let sock = UdpSocket::bind((ip.parse::<IpAddr>().unwrap(), port)).unwrap();
        sock.set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let mut s = SipServer {
            addr: sock.local_addr().unwrap(),
            options: Arc::new(AtomicUsize::new(0)),
            datagrams: Arc::new(AtomicUsize::new(0)),
            status: Arc::new(AtomicU16::new(200)),
            stop: Arc::new(AtomicBool::new(false)),
            thread: None,
        };
        let (options, datagrams, status, stop) = (
            s.options.clone(),
            s.datagrams.clone(),
            s.status.clone(),
            s.stop.clone(),
        );
        let name = name.to_string();
        s.thread = Some(thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while !stop.load(SeqCst) {
                let Ok((n, from)) = sock.recv_from(&mut buf) else {
                    continue;
                };
                let msg = String::from_utf8_lossy(&buf[..n]).to_string();
                if msg.starts_with("OPTIONS ") {
                    options.fetch_add(1, SeqCst);
                    let code = status.load(SeqCst);
                    if code == 0 {
                        continue;
                    }
                    // Echo the transaction headers, as a SIP server does.
                    let echoed: String = msg
                        .split("\r\n")
                        .filter(|l| {
                            ["via:", "from:", "to:", "call-id:", "cseq:"]
                                .iter()
                                .any(|h| l.to_ascii_lowercase().starts_with(h))
                        })
                        .map(|l| format!("{l}\r\n"))
                        .collect();
                    let reason = if code == 200 {
                        "OK"
                    } else {
                        "Service Unavailable"
                    };
                    let reply = format!(
                        "SIP/2.0 {code} {reason}\r\n{echoed}Server: {name}\r\nContent-Length: 0\r\n\r\n"
                    );
                    let _ = sock.send_to(reply.as_bytes(), from);
                } else {
                    datagrams.fetch_add(1, SeqCst);
                    let _ = sock.send_to(format!("{name}:{msg}").as_bytes(), from);
                }
            }
        }));
        s
    }

    /// Answer `OPTIONS` with `code` from now on; 0 = do not answer.
    pub fn set_status(&self, code: u16) {
        self.status.store(code, SeqCst);
    }
}

impl Drop for SipServer {
    /// Returns once the socket is closed, so its port can be bound again at once.
    fn drop(&mut self) {
        self.stop.store(true, SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Send `payload` from `sock` to `to` and wait up to `timeout` for one reply: (text, sender).
pub fn exchange(
    sock: &UdpSocket,
    to: SocketAddr,
    payload: &str,
    timeout: Duration,
) -> Option<(String, SocketAddr)> {
    sock.set_read_timeout(Some(timeout)).ok()?;
    sock.send_to(payload.as_bytes(), to).ok()?;
    let mut buf = [0u8; 65536];
    let (n, from) = sock.recv_from(&mut buf).ok()?;
    Some((String::from_utf8_lossy(&buf[..n]).to_string(), from))
}
