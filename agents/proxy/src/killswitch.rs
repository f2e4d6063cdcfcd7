//! A broadcast "close now" for sessions that costs one atomic load per poll.
//!
//! `tokio::sync::Notify` takes its internal mutex every time a waiting `Notified` is polled,
//! and a session's `select!` polls every branch on every wake-up: with one `Notify` per server
//! and one per process shared by all sessions, that would put a contended lock on the data path.
//! Here a session registers its waker once (one lock at start, one at the end) and every other
//! poll is a single atomic load of the generation.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use crate::state::lock;

/// Sessions waiting to be told to close.
#[derive(Debug, Default)]
pub struct KillSwitch {
    generation: AtomicU64,
    next: AtomicU64,
    waiters: Mutex<HashMap<u64, Waker>>,
}

impl KillSwitch {
    /// A switch nobody waits on.
    pub fn new() -> Self {
        Self::default()
    }

    /// Tell every session waiting now to close.
    pub fn fire(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let wakers: Vec<Waker> = lock(&self.waiters).values().cloned().collect();
        for w in wakers {
            w.wake();
        }
    }

    /// Resolves at the next [`KillSwitch::fire`].
    pub fn wait(&self) -> Killed<'_> {
        Killed {
            sw: self,
            generation: self.generation.load(Ordering::SeqCst),
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
}
