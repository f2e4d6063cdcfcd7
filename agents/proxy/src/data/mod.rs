//! The data layer: what moves client and server bytes. [`session`] is one TCP-mode connection,
//! whose bytes [`pump`] moves; [`http`] the HTTP-mode engine (and the layer-7 routing of
//! TCP-mode frontends); [`udp`] the datagram path of `mode udp`; [`workers`] spreads accepted
//! connections over the worker threads by load.
//!
//! Imports [`crate::runtime`] and [`crate::config`]; what it needs from the running daemon is
//! passed in.

pub mod http;
pub mod pump;
pub mod session;
pub mod udp;
pub mod upstream;
pub mod workers;

use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::runtime::state::{Process, Runtime};

/// What the data path needs from the daemon that runs it, handed to every listener (and from
/// there to every session) by `control`: the process-wide state, the generation serving now
/// (swapped at each reload) and the stats renderings, which live in `control`.
pub struct Context {
    /// Process-wide state, across generations (limits, stopping, kill switch, persistence).
    pub process: Arc<Process>,
    current: ArcSwap<Runtime>,
    pub(crate) stats: Option<http::RenderStats>,
}

impl Context {
    /// A context serving `rt` first; `stats` renders the pages under `stats uri` (without it,
    /// they answer 503).
    pub fn new(rt: Arc<Runtime>, stats: Option<http::RenderStats>) -> Context {
        Context {
            process: rt.process.clone(),
            current: ArcSwap::new(rt),
            stats,
        }
    }

    /// The generation serving now.
    pub fn current(&self) -> arc_swap::Guard<Arc<Runtime>> {
        self.current.load()
    }

    /// The generation serving now, to keep.
    pub fn current_full(&self) -> Arc<Runtime> {
        self.current.load_full()
    }

    /// Serve `rt` from now on.
    pub fn swap(&self, rt: Arc<Runtime>) {
        self.current.store(rt);
    }
}
