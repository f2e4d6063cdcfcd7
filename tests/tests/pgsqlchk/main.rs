//! `pgsqlchk`, the real binary: its checks against real PostgreSQL and behind HAProxy and the
//! proxy (`checks`), and its bound on connections (`limits`).

mod checks;
mod limits;
