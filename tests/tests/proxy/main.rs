//! `proxy`, the real binary, end to end on loopback: one test binary, one module per topic.

mod config;
mod differential;
mod http;
mod http_more;
mod http_oracle;
mod ldirectord;
mod limits;
mod ops;
mod oracle;
mod seeds;
mod smuggling;
mod stats_json;
mod stats_tools;
mod udp;
