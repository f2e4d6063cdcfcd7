//! `mysql-mm`, the real binary, against real MariaDB: the agent's actions and failovers
//! (`agent`), and `mysql-mm bootstrap` seeding a peer (`bootstrap`).

mod agent;
mod bootstrap;
