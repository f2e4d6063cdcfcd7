#!/usr/bin/env bash
# Action latency of ocf:rustha:osm-failover against seed 003's osm-failover.sh commands
# (start-stop-daemon + iptables), alternating in one namespace; medians and ratios.
# BENCH_OSM_ROUNDS sets the rounds.
set -euo pipefail
exec "$RUSTHA_BIN_DIR/bench-osm-failover"
