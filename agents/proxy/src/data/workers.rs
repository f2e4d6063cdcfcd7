//! Spreads accepted connections over the worker threads by load.
//!
//! Each worker has its own `SO_REUSEPORT` socket per address, and the kernel hashes each new
//! connection to one of them by its addresses, blind to load: 64 keep-alive clients on two
//! threads can be split as unevenly as 23/41, and such an imbalance lasts as long as the
//! connections do (one thread saturated while the other has time to spare).
//! HAProxy 2.6 gives each new connection to the less loaded of two threads instead. Here the
//! thread that accepted a connection keeps it unless another thread holds at least two sessions
//! fewer; then the least loaded thread gets it. A moved connection re-registers with the other
//! thread's reactor (two `epoll_ctl` calls and a wake-up), a cost paid only when it moves (a
//! connection-per-request load on two threads measured the same requests/s as without moving).

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::OnceLock;

use tokio::runtime::Handle;

/// One worker's counters, alone on their cache line: every accept and close writes them.
#[repr(align(64))]
#[derive(Default)]
struct Load {
    /// Sessions running on the worker now.
    sessions: AtomicUsize,
    /// Connections its listening sockets accepted (HAProxy's `accepted`).
    accepted: AtomicU64,
    /// Connections given to it to serve, its own included (HAProxy's `accq_pushed`).
    pushed: AtomicU64,
}

struct Workers {
    loads: Box<[Load]>,
    handles: Vec<Handle>,
}

static WORKERS: OnceLock<Workers> = OnceLock::new();

thread_local! {
    /// This thread's worker index (0 on any other thread).
    static INDEX: Cell<usize> = const { Cell::new(0) };
}

/// Record the worker runtimes, once, before any listener starts.
pub fn init(handles: Vec<Handle>) {
    let loads = handles.iter().map(|_| Load::default()).collect();
    let _ = WORKERS.set(Workers { loads, handles });
}

/// Worker threads (0 before they were recorded).
pub fn threads() -> usize {
    WORKERS.get().map_or(0, |w| w.handles.len())
}

/// Called on worker thread `i` before it runs anything.
pub fn set_worker(i: usize) {
    INDEX.set(i);
}

/// The calling thread's worker index.
pub fn worker() -> usize {
    INDEX.get()
}

/// A seat for a connection this worker just accepted, on the worker that should serve it.
pub fn assign() -> Seat {
    let to = target();
    if let Some(w) = WORKERS.get() {
        w.loads[worker()].accepted.fetch_add(1, Relaxed);
        w.loads[to].pushed.fetch_add(1, Relaxed);
    }
    Seat::on(to)
}

/// The worker a connection accepted on this thread should run on.
fn target() -> usize {
    let here = INDEX.get();
    let Some(w) = WORKERS.get() else {
        return here;
    };
    if w.loads.len() < 2 {
        return here;
    }
    let (best, least) = w
        .loads
        .iter()
        .map(|l| l.sessions.load(Relaxed))
        .enumerate()
        .min_by_key(|&(_, n)| n)
        .expect("two workers or more");
    let mine = w.loads[here].sessions.load(Relaxed);
    if mine > least + 1 {
        best
    } else {
        here
    }
}

/// Run `fut` on worker `i` (spawned from any thread).
pub fn spawn_on<F>(i: usize, fut: F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    match WORKERS.get() {
        Some(w) => drop(w.handles[i].spawn(fut)),
        None => drop(tokio::spawn(fut)),
    }
}

/// A session counted in its worker's load for as long as it lives.
#[derive(Debug)]
pub struct Seat(usize);

impl Seat {
    /// A session on worker `i`.
    pub fn on(i: usize) -> Seat {
        if let Some(w) = WORKERS.get() {
            w.loads[i].sessions.fetch_add(1, Relaxed);
        }
        Seat(i)
    }

    /// A session on the calling worker.
    pub fn here() -> Seat {
        Seat::on(INDEX.get())
    }

    /// The worker it runs on.
    pub fn worker(&self) -> usize {
        self.0
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        if let Some(w) = WORKERS.get() {
            w.loads[self.0].sessions.fetch_sub(1, Relaxed);
        }
    }
}

/// The admin socket's `show activity`: the lines of HAProxy 2.6's that this process measures,
/// in its format (`name: total [ per thread ]`).
pub fn activity() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mut out = format!("date_now: {}.{:06}\n", now.as_secs(), now.subsec_micros());
    let line = |out: &mut String, name: &str, f: fn(&Load) -> u64| {
        let each: Vec<u64> = WORKERS
            .get()
            .map(|w| w.loads.iter().map(f).collect())
            .unwrap_or_default();
        let list: Vec<String> = each.iter().map(u64::to_string).collect();
        out.push_str(&format!(
            "{name}: {} [ {} ]\n",
            each.iter().sum::<u64>(),
            list.join(" ")
        ));
    };
    line(&mut out, "accepted", |l| l.accepted.load(Relaxed));
    line(&mut out, "accq_pushed", |l| l.pushed.load(Relaxed));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sessions per worker now.
    fn loads() -> Vec<usize> {
        WORKERS
            .get()
            .map(|w| w.loads.iter().map(|l| l.sessions.load(Relaxed)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn keeps_a_connection_unless_another_worker_has_clearly_fewer() {
        // One process-wide table: this test owns it (no other unit test calls init).
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        init(vec![rt.handle().clone(), rt.handle().clone()]);
        set_worker(0);
        let mut seats = vec![Seat::on(0)];
        assert_eq!(target(), 0, "1 against 0 stays: within one of the other");
        seats.push(Seat::on(0));
        assert_eq!(target(), 1, "2 against 0 moves");
        seats.extend((0..32).map(|_| Seat::on(1)));
        seats.extend((0..31).map(|_| Seat::on(0)));
        assert_eq!(loads(), vec![33, 32]);
        assert_eq!(target(), 0, "33 against 32 stays");
        seats.push(Seat::on(0));
        assert_eq!(target(), 1, "34 against 32 moves");
        set_worker(1);
        assert_eq!(target(), 1, "the less loaded worker keeps its own");
        seats.clear();
        assert_eq!(
            loads(),
            vec![0, 0],
            "a dropped seat leaves its worker's load"
        );
    }
}
