#!/usr/bin/env bash
# Action latency (wall and CPU) of ocf:rustha:vip against ocf:heartbeat:IPaddr2: start, monitor,
# stop, probe, alternating in one namespace; medians and ratios. BENCH_VIP_ROUNDS sets the rounds.
set -euo pipefail
exec "$RUSTHA_BIN_DIR/bench-vip"
