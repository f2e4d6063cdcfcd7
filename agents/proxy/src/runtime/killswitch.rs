//! A broadcast "close now" for sessions that costs one atomic load per poll.
//!
//! `tokio::sync::Notify` takes its internal mutex every time a waiting `Notified` is polled,
//! and a session's `select!` polls every branch on every wake-up: with one `Notify` per server
//! and one per process shared by all sessions, that would put a contended lock on the data path.
//! Here a session registers its waker once (one lock at start, one at the end) and every other
//! poll is a single atomic load of the generation.
//!
//! HTTP requests are too short for even that lock: a request in flight checks its server's
//! generation on each poll and registers its waker in a per-thread list instead ([`LocalWaker`],
//! no lock). Every fire of any switch wakes one watcher task per worker thread, which wakes that
//! list and runs the thread's hooks ([`on_fire`], e.g. closing pooled connections to a server
//! that was shut down); a fire is rare, so waking requests of unrelated servers costs nothing
//! that matters, and each woken request sees its own server's generation unchanged. Idle HTTP
//! connections register the same way, and a drain or reload wakes them through [`wake_all`]:
//! no timer and no waiter of their own.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use tokio::sync::Notify;

use crate::runtime::lock;

/// Sessions waiting to be told to close.
#[derive(Debug, Default)]
pub struct KillSwitch {
    generation: AtomicU64,
    /// Why it fired last, as the first termination flag of HAProxy's log (0: never fired).
    flag: AtomicU8,
    next: AtomicU64,
    waiters: Mutex<HashMap<u64, Waker>>,
}

impl KillSwitch {
    /// A switch nobody waits on.
    pub fn new() -> Self {
        Self::default()
    }

    /// Tell every session waiting now to close: killed by an admin or a stop (`K`).
    pub fn fire(&self) {
        self.fire_as(b'K');
    }

    /// [`KillSwitch::fire`] for the reason HAProxy logs as `flag`: `K` killed, `D` its server
    /// went down (`shutdown-sessions`), `U` an active server came up
    /// (`shutdown-backup-sessions`).
    pub fn fire_as(&self, flag: u8) {
        // Before the generation: a session that sees it fired reads this reason.
        self.flag.store(flag, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
        let wakers: Vec<Waker> = lock(&self.waiters).values().cloned().collect();
        for w in wakers {
            w.wake();
        }
        // After the generation: a watcher that sees the new epoch finds it changed.
        wake_all();
    }

    /// How many times it fired: compare with a later value to learn whether it fired since.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Why it fired last (see [`KillSwitch::fire_as`]).
    pub fn flag(&self) -> char {
        match self.flag.load(Ordering::SeqCst) {
            0 => 'K',
            f => f as char,
        }
    }

    /// Resolves at the next [`KillSwitch::fire`].
    pub fn wait(&self) -> Killed<'_> {
        self.wait_since(self.generation())
    }

    /// Resolves at once if the switch fired since it showed `generation`, else at the next
    /// [`KillSwitch::fire`].
    pub fn wait_since(&self, generation: u64) -> Killed<'_> {
        Killed {
            sw: self,
            generation,
            id: None,
        }
    }
}

/// The future of [`KillSwitch::wait`].
pub struct Killed<'a> {
    sw: &'a KillSwitch,
    generation: u64,
    id: Option<u64>,
}

impl Future for Killed<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.sw.generation.load(Ordering::SeqCst) != self.generation {
            return Poll::Ready(());
        }
        match self.id {
            // A task's waker does not change between polls; registering once is enough.
            Some(_) => {}
            None => {
                let id = self.sw.next.fetch_add(1, Ordering::Relaxed);
                lock(&self.sw.waiters).insert(id, cx.waker().clone());
                self.id = Some(id);
                // Fired between the first check and the registration.
                if self.sw.generation.load(Ordering::SeqCst) != self.generation {
                    return Poll::Ready(());
                }
            }
        }
        Poll::Pending
    }
}

impl Drop for Killed<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            lock(&self.sw.waiters).remove(&id);
        }
    }
}

/// Bumped by every [`KillSwitch::fire`], after the switch's own generation.
static EPOCH: AtomicU64 = AtomicU64::new(0);
/// Wakes the per-thread watchers (one waiter per worker thread).
static WATCHERS: Notify = Notify::const_new();

/// Wake every task registered with a [`LocalWaker`], on every worker thread, and run the
/// threads' hooks: after a switch fired, and when the process starts draining or reloads (idle
/// connections then look whether they should close). Call it after the change is visible.
pub fn wake_all() {
    EPOCH.fetch_add(1, Ordering::SeqCst);
    WATCHERS.notify_waiters();
}

/// This thread's registered tasks and hooks.
#[derive(Default)]
struct Local {
    wakers: Vec<Option<Waker>>,
    free: Vec<usize>,
    hooks: Vec<fn()>,
    watching: bool,
}

thread_local! {
    static LOCAL: RefCell<Local> = RefCell::new(Local::default());
}

/// Start this thread's watcher once (on the current runtime: each worker thread runs its own).
fn ensure_watcher(l: &mut Local) {
    if !l.watching {
        l.watching = true;
        tokio::spawn(watch());
    }
}

async fn watch() {
    let mut seen = EPOCH.load(Ordering::SeqCst);
    loop {
        let notified = WATCHERS.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let now = EPOCH.load(Ordering::SeqCst);
        if now != seen {
            seen = now;
            let hooks = LOCAL.with_borrow(|l| {
                // `wake_by_ref` only schedules the task: no re-entry into this borrow.
                for w in l.wakers.iter().flatten() {
                    w.wake_by_ref();
                }
                l.hooks.clone()
            });
            for h in hooks {
                h();
            }
        }
        notified.await;
    }
}

/// Run `hook` on this worker thread after any switch fired (at most once per thread and hook).
pub fn on_fire(hook: fn()) {
    LOCAL.with_borrow_mut(|l| {
        ensure_watcher(l);
        if !l.hooks.contains(&hook) {
            l.hooks.push(hook);
        }
    });
}

/// A task registered with its thread's watcher: woken after any switch fires, until dropped.
/// The task itself checks whether the switch it cares about fired ([`KillSwitch::generation`]).
#[derive(Debug, Default)]
pub struct LocalWaker {
    slot: Option<usize>,
}

impl LocalWaker {
    /// Register the task polled with `cx` (once: a task's waker does not change).
    pub fn register(&mut self, cx: &Context<'_>) {
        if self.slot.is_some() {
            return;
        }
        self.slot = Some(LOCAL.with_borrow_mut(|l| {
            ensure_watcher(l);
            let w = Some(cx.waker().clone());
            match l.free.pop() {
                Some(i) => {
                    l.wakers[i] = w;
                    i
                }
                None => {
                    l.wakers.push(w);
                    l.wakers.len() - 1
                }
            }
        }));
    }
}

impl Drop for LocalWaker {
    fn drop(&mut self) {
        if let Some(i) = self.slot {
            let _ = LOCAL.try_with(|l| {
                let mut l = l.borrow_mut();
                l.wakers[i] = None;
                l.free.push(i);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_registered_and_late_waiters() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let sw = std::sync::Arc::new(KillSwitch::new());
            let s2 = sw.clone();
            let waiter = tokio::spawn(async move { s2.wait().await });
            tokio::task::yield_now().await;
            sw.fire();
            tokio::time::timeout(std::time::Duration::from_secs(1), waiter)
                .await
                .unwrap()
                .unwrap();
            assert!(lock(&sw.waiters).is_empty(), "unregistered on completion");
            // A future created before a fire but polled after resolves at once.
            let w = sw.wait();
            sw.fire();
            tokio::time::timeout(std::time::Duration::from_millis(100), w)
                .await
                .unwrap();
            // One created after the fire waits for the next.
            let w = sw.wait();
            assert!(
                tokio::time::timeout(std::time::Duration::from_millis(50), w)
                    .await
                    .is_err()
            );
        });
    }

    #[test]
    fn local_waker_wakes_on_any_fire_and_hooks_run() {
        use std::sync::atomic::AtomicUsize;
        static HOOKED: AtomicUsize = AtomicUsize::new(0);
        fn hook() {
            HOOKED.fetch_add(1, Ordering::SeqCst);
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            on_fire(hook);
            let sw = std::sync::Arc::new(KillSwitch::new());
            let other = std::sync::Arc::new(KillSwitch::new());
            let s2 = sw.clone();
            // Waits for `sw` the way an HTTP request does: generation per poll, local waker.
            let waiter = tokio::spawn(async move {
                let g = s2.generation();
                let mut lw = LocalWaker::default();
                let mut polls = 0;
                std::future::poll_fn(|cx| {
                    polls += 1;
                    if s2.generation() != g {
                        return Poll::Ready(());
                    }
                    lw.register(cx);
                    Poll::Pending
                })
                .await;
                polls
            });
            tokio::task::yield_now().await;
            // Another switch: the waiter is woken, looks, and waits on.
            other.fire();
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            assert!(!waiter.is_finished());
            sw.fire();
            let polls = tokio::time::timeout(std::time::Duration::from_secs(1), waiter)
                .await
                .unwrap()
                .unwrap();
            // First poll, the unrelated fire, its own (more if other tests fire switches).
            assert!(polls >= 3, "{polls}");
            assert!(HOOKED.load(Ordering::SeqCst) >= 2);
            assert!(LOCAL.with_borrow(|l| l.wakers.iter().all(Option::is_none)));
        });
    }
}
