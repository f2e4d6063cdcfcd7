//! The TCP-mode data path of one session: bytes both ways between the client and its server
//! until both directions are done, the session is idle for its timeout, or a kill switch fires.
//!
//! Written against tokio's readiness API instead of `tokio::io::copy_bidirectional` so that a
//! message costs only the system calls it needs and a session owns no buffer:
//!
//! - data is read into one buffer per worker thread and sent on at once; only what the other
//!   socket does not take right away is kept by the session (rare on a LAN), which also bounds
//!   what a stalled session holds to one read;
//! - a read shorter than the buffer drained the socket (tokio then forgets its readiness), so
//!   the next wait goes to epoll instead of a `recv` that would only return EAGAIN;
//! - when epoll already reported the peer's FIN (EPOLLRDHUP) after such a read, the end of stream
//!   is read first and the data is sent with `MSG_MORE` before the `shutdown` (or the `close`),
//!   so data and FIN leave in one segment (as HAProxy does) instead of two, each with its own ACK;
//! - the direction that ends last closes its sockets without the `shutdown` that `close`
//!   repeats anyway (nothing is left unread, so `close` sends a FIN, not a RST).

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::io;
use std::pin::{pin, Pin};
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::runtime::killswitch::KillSwitch;

/// Bytes one read may take. The buffer is per thread, so this costs no memory per session; a
/// session keeps at most this much per direction while the other side does not read.
const READ_SIZE: usize = 64 * 1024;

thread_local! {
    static SCRATCH: RefCell<Box<[u8]>> = RefCell::new(vec![0; READ_SIZE].into_boxed_slice());
}

/// How a session's data path ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Both sides closed their direction.
    Done,
    /// A socket error on either side.
    Error,
    /// No byte moved for the idle timeout.
    Idle,
    /// Its server was shut down or the process stops hard: the switch's flag (HAProxy's first
    /// termination flag, see [`KillSwitch::fire_as`]).
    Killed(char),
}

/// What one session moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    /// Client to server.
    pub up: u64,
    /// Server to client.
    pub down: u64,
}

/// One direction.
#[derive(Default)]
struct Half {
    /// Read but not taken by the destination yet (sent up to `sent`).
    pending: Vec<u8>,
    sent: usize,
    /// The source reached its end of stream.
    eof: bool,
    /// Its end was passed on (or the session ends with it): nothing left to do.
    done: bool,
    bytes: u64,
}

/// `send(2)` without waiting; `more` holds the data back for the FIN that follows at once.
fn send(dst: &TcpStream, data: &[u8], more: bool) -> io::Result<usize> {
    let flags = libc::MSG_NOSIGNAL | if more { libc::MSG_MORE } else { 0 };
    dst.try_io(Interest::WRITABLE, || {
        socket2::SockRef::from(dst).send_with_flags(data, flags)
    })
}

/// Move what `src` has to `dst`; ready when this direction is finished. `last` says the other
/// direction is finished already, so this one's end closes the session.
fn poll_half(
    cx: &mut Context<'_>,
    src: &mut TcpStream,
    dst: &mut TcpStream,
    h: &mut Half,
    last: bool,
    moved: &mut bool,
) -> Poll<io::Result<()>> {
    loop {
        while h.sent < h.pending.len() {
            let n = ready!(Pin::new(&mut *dst).poll_write(cx, &h.pending[h.sent..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            h.sent += n;
        }
        if !h.pending.is_empty() {
            // Give the memory back: a stall is rare, and idle sessions should cost nothing.
            h.pending = Vec::new();
            h.sent = 0;
        }
        if h.eof {
            if !last {
                ready!(Pin::new(&mut *dst).poll_shutdown(cx))?;
            }
            h.done = true;
            return Poll::Ready(Ok(()));
        }
        let step = SCRATCH.with_borrow_mut(|buf| -> Poll<io::Result<()>> {
            let mut rb = ReadBuf::new(buf);
            ready!(Pin::new(&mut *src).poll_read(cx, &mut rb))?;
            let mut n = rb.filled().len();
            if n == 0 {
                h.eof = true;
                return Poll::Ready(Ok(()));
            }
            let mut late_err = None;
            // A short read drained the socket and tokio dropped its readiness: if it is still
            // ready, epoll reported the FIN (or more data) meanwhile. Reading it now lets the
            // data and the FIN leave together.
            if n < buf.len() && src.poll_read_ready(cx).is_ready() {
                let mut rb = ReadBuf::new(&mut buf[n..]);
                match Pin::new(&mut *src).poll_read(cx, &mut rb) {
                    Poll::Ready(Ok(())) if rb.filled().is_empty() => h.eof = true,
                    Poll::Ready(Ok(())) => n += rb.filled().len(),
                    // Forward what arrived before the error, then report it.
                    Poll::Ready(Err(e)) => late_err = Some(e),
                    Poll::Pending => {}
                }
            }
            h.bytes += n as u64;
            *moved = true;
            let data = &buf[..n];
            // The FIN follows at once: by `shutdown` below, or by `close` when this direction ends
            // the session (nothing is left unread on either socket, so `close` sends a FIN).
            let more = h.eof && late_err.is_none();
            let sent = match send(dst, data, more) {
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
                Err(e) => return Poll::Ready(Err(e)),
            };
            if sent < n {
                h.pending = data[sent..].to_vec();
            }
            match late_err {
                Some(e) => Poll::Ready(Err(e)),
                None => Poll::Ready(Ok(())),
            }
        });
        ready!(step)?;
    }
}

/// Copy both ways until the session ends. The caller closes both sockets right after (data held
/// back with `MSG_MORE` leaves with the FIN of that `close`); they are borrowed so that an HTTP
/// tunnel can run on the connection its request came on.
pub async fn run(
    client: &mut TcpStream,
    server: &mut TcpStream,
    idle: Option<Duration>,
    kills: [&KillSwitch; 2],
) -> (End, Moved) {
    let mut up = Half::default();
    let mut down = Half::default();
    let mut k0 = pin!(kills[0].wait());
    let mut k1 = pin!(kills[1].wait());
    let start = Instant::now();
    let mut last_move = start;
    // One timer per session, moved forward only when it fires early (activity does not touch it).
    let mut timer = pin!(tokio::time::sleep_until(start + idle.unwrap_or_default()));
    let end = poll_fn(|cx| {
        if k0.as_mut().poll(cx).is_ready() {
            return Poll::Ready(End::Killed(kills[0].flag()));
        }
        if k1.as_mut().poll(cx).is_ready() {
            return Poll::Ready(End::Killed(kills[1].flag()));
        }
        let mut moved = false;
        if !up.done {
            let last = down.done;
            if let Poll::Ready(Err(_)) = poll_half(cx, client, server, &mut up, last, &mut moved) {
                return Poll::Ready(End::Error);
            }
        }
        if !down.done {
            let last = up.done;
            if let Poll::Ready(Err(_)) = poll_half(cx, server, client, &mut down, last, &mut moved)
            {
                return Poll::Ready(End::Error);
            }
        }
        if up.done && down.done {
            return Poll::Ready(End::Done);
        }
        if let Some(idle) = idle {
            if moved {
                last_move = Instant::now();
            }
            while timer.as_mut().poll(cx).is_ready() {
                let due = last_move + idle;
                if Instant::now() >= due {
                    return Poll::Ready(End::Idle);
                }
                timer.as_mut().reset(due);
            }
        }
        Poll::Pending
    })
    .await;
    (
        end,
        Moved {
            up: up.bytes,
            down: down.bytes,
        },
    )
}

/// Run by each worker thread for its lifetime: a timer that fires every second keeps the timer
/// wheel's next wake-up close. Without it, a session's timeout (a few seconds) is usually the
/// earliest timer, and inserting it makes tokio wake its own driver through an eventfd `write`:
/// one system call per connection.
pub async fn timer_heartbeat() {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A connected pair: (the end a peer uses, the end the pump gets).
    async fn pair() -> (TcpStream, TcpStream) {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let peer = TcpStream::connect(l.local_addr().unwrap()).await.unwrap();
        let (ours, _) = l.accept().await.unwrap();
        (peer, ours)
    }

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// A pump with this idle timeout between two connections: (the client's end, the
    /// server's end, the pump's outcome).
    async fn pumping(
        idle: Option<Duration>,
    ) -> (TcpStream, TcpStream, tokio::task::JoinHandle<(End, Moved)>) {
        let (client, mut c) = pair().await;
        let (mut s, server) = pair().await;
        let pump = tokio::spawn(async move {
            let (k0, k1) = (KillSwitch::new(), KillSwitch::new());
            run(&mut c, &mut s, idle, [&k0, &k1]).await
        });
        (client, server, pump)
    }

    async fn read_to_end(s: &mut TcpStream) -> Vec<u8> {
        let mut v = Vec::new();
        s.read_to_end(&mut v).await.unwrap();
        v
    }

    #[test]
    fn both_ways_with_half_close() {
        rt().block_on(async {
            let (mut client, mut server, pump) = pumping(Some(Duration::from_secs(30))).await;
            client.write_all(b"hello").await.unwrap();
            let mut buf = [0u8; 5];
            server.read_exact(&mut buf).await.unwrap();
            assert_eq!(&buf, b"hello");
            server.write_all(b"world").await.unwrap();
            client.read_exact(&mut buf).await.unwrap();
            assert_eq!(&buf, b"world");
            // The client is done sending; the server still answers on the open direction.
            client.shutdown().await.unwrap();
            assert!(read_to_end(&mut server).await.is_empty());
            server.write_all(b"late answer").await.unwrap();
            drop(server);
            assert_eq!(read_to_end(&mut client).await, b"late answer");
            let (end, moved) = pump.await.unwrap();
            assert_eq!(end, End::Done);
            assert_eq!(moved, Moved { up: 5, down: 16 });
        });
    }

    #[test]
    fn data_then_close_arrives_whole() {
        rt().block_on(async {
            let (mut client, mut server, pump) = pumping(None).await;
            client.write_all(b"request").await.unwrap();
            let mut buf = [0u8; 7];
            server.read_exact(&mut buf).await.unwrap();
            // Answer and close at once: data and FIN usually reach the pump together.
            server.write_all(b"response").await.unwrap();
            drop(server);
            assert_eq!(read_to_end(&mut client).await, b"response");
            drop(client);
            let (end, moved) = pump.await.unwrap();
            assert_eq!(end, End::Done);
            assert_eq!(moved, Moved { up: 7, down: 8 });
        });
    }

    #[test]
    fn slow_reader_gets_every_byte_in_order() {
        rt().block_on(async {
            let (mut client, mut server, pump) = pumping(Some(Duration::from_secs(30))).await;
            let total = 8 * 1024 * 1024;
            let data: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();
            let expect = data.clone();
            let writer = tokio::spawn(async move {
                server.write_all(&data).await.unwrap();
            });
            // Let the socket buffers fill so the pump has to hold data back.
            tokio::time::sleep(Duration::from_millis(100)).await;
            let mut got = vec![0u8; total];
            client.read_exact(&mut got).await.unwrap();
            assert!(got == expect, "stream corrupted");
            writer.await.unwrap();
            drop(client);
            let (end, moved) = pump.await.unwrap();
            assert_eq!(end, End::Done);
            assert_eq!(moved.down, total as u64);
        });
    }

    #[test]
    fn idle_session_ends_and_closes_both_sides() {
        rt().block_on(async {
            let (mut client, mut server, pump) = pumping(Some(Duration::from_millis(200))).await;
            client.write_all(b"x").await.unwrap();
            let mut b = [0u8; 1];
            server.read_exact(&mut b).await.unwrap();
            let (end, moved) = pump.await.unwrap();
            assert_eq!(end, End::Idle);
            assert_eq!(moved.up, 1);
            assert!(read_to_end(&mut client).await.is_empty());
            assert!(read_to_end(&mut server).await.is_empty());
        });
    }

    #[test]
    fn kill_switch_ends_the_session() {
        rt().block_on(async {
            let (_client, mut c) = pair().await;
            let (mut s, _server) = pair().await;
            let k0 = std::sync::Arc::new(KillSwitch::new());
            let k1 = KillSwitch::new();
            let k = k0.clone();
            let pump = tokio::spawn(async move { run(&mut c, &mut s, None, [&k, &k1]).await });
            tokio::time::sleep(Duration::from_millis(20)).await;
            k0.fire();
            let (end, _) = pump.await.unwrap();
            assert_eq!(end, End::Killed('K'));
        });
    }
}
