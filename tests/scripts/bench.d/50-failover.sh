#!/usr/bin/env bash
# Client-visible failover gap of ocf:rustha:vip against ocf:heartbeat:IPaddr2 in one two-node
# lab (same run), on standby and on a cut link, a client probing every 10 ms; medians and ratios.
# BENCH_FAILOVER_ROUNDS sets the rounds per agent and scenario.
set -euo pipefail
exec "$RUSTHA_BIN_DIR/lab" bench-failover --bin-dir "$RUSTHA_BIN_DIR" --rounds "${BENCH_FAILOVER_ROUNDS:-5}"
