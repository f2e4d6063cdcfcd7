//! `proxy`: an HAProxy-compatible load balancer and its OCF resource agent.
//!
//! The same binary is the daemon (`proxy run -f FILE`), the validator (`proxy check -f FILE`,
//! like `haproxy -c`) and the OCF agent (`start`, `stop`, `monitor`, `reload`, `validate-all`).
//!
//! Layout: [`config`] parses and validates `haproxy.cfg` ([`ldirectord`] reads an ldirectord.cf
//! into the same model); [`state`] is the one runtime model
//! (servers, health, counters, load-balancing tables) that [`session`] (the TCP data path, whose
//! bytes [`pump`] moves), [`check`] (health checks), [`stats`] (CSV/HTML/Prometheus), [`admin`]
//! (runtime socket) and [`agent`] (OCF) share; [`daemon`] wires threads, listeners, signals and
//! in-process reload, [`balance`] spreads connections over the threads by load, [`limits`]
//! sizes `maxconn` and the descriptor limit, [`privs`] gives up root after binding. [`http`] is the layer-7 engine: HTTP-mode connections (keep-alive,
//! per-request balancing over pooled server connections, ACLs, `http-request` rules, stats) and
//! the layer-7 routing of TCP-mode frontends. [`udp`] is the datagram data path of `mode udp`
//! (a rustha extension replacing LVS UDP services, with source persistence).

pub mod admin;
pub mod agent;
pub mod balance;
pub mod check;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod health;
pub mod http;
pub mod killswitch;
pub mod ldirectord;
pub mod lex;
pub mod limits;
pub mod logger;
pub mod persist;
pub mod privs;
pub mod pump;
pub mod session;
pub mod state;
pub mod stats;
pub mod udp;

pub use agent::Proxy;
