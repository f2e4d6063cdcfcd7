//! `osm-failover`: the ocf:rustha:osm-failover resource agent. All logic lives in the
//! `rustha_osm_failover` library.

fn main() -> std::process::ExitCode {
    rustha::run::<rustha_osm_failover::OsmFailover>()
}
