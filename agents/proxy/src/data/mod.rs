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
