#!/usr/bin/env bash
# Client-visible failover gap of ocf:rustha:vip against ocf:heartbeat:IPaddr2 in one two-node
# lab (same run): each agent manages its own address, the two resources are colocated, so every
# fault (standby, cut link) moves both in the same transition; one client per address probes
# every 10 ms; medians and ratios.
# BENCH_FAILOVER_ROUNDS sets the rounds per agent and scenario.
set -euo pipefail
exec "$RUSTHA_BIN_DIR/lab" bench-failover --bin-dir "$RUSTHA_BIN_DIR" --rounds "${BENCH_FAILOVER_ROUNDS:-5}"
