//! `proxy`: an HAProxy-compatible load balancer and its OCF resource agent.
//!
//! The same binary is the daemon (`proxy run -f FILE`), the validator (`proxy check -f FILE`,
//! like `haproxy -c`) and the OCF agent (`start`, `stop`, `monitor`, `reload`, `validate-all`).
//!
//! The crate is four layers, each a folder, listed from the bottom up:
//!
//! - [`config`]: the configuration model, the `haproxy.cfg` lexer and parser, the ldirectord
//!   translation and the ACL/rule language. Pure: no I/O beyond reading the file, no threads.
//! - [`runtime`]: the shared runtime model of one generation (frontends, backends, servers,
//!   health, counters, load-balancing tables), health checks, persistence, kill switches, logs.
//! - [`data`]: the data path: TCP sessions and the byte pump, upstream selection, UDP, HTTP, and
//!   the spreading of connections over worker threads.
//! - [`control`]: the daemon (threads, listeners, signals, reload), the admin socket, the stats
//!   renderings, the command line and the OCF agent.
//!
//! A layer imports only the layers below it: `config` imports nothing of the crate outside
//! itself; `runtime` imports `config`; `data` imports `runtime` and `config`; `control` imports
//! all three. What a lower layer needs from the running daemon (the generation serving now,
//! the stats pages) is passed in by `control`, never read from a global above it.

pub mod config;
pub mod control;
pub mod data;
pub mod runtime;

pub use control::agent::Proxy;
