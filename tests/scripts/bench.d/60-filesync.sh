#!/usr/bin/env bash
# File-sync latency (write -> visible on the peer) of filesync vs lsyncd 2.2 (default.rsync),
# same rsync daemon target on loopback and the same coalescing delay, in one run: p50/p99/max,
# a mkdir -p burst, CPU, and the ratio. One table per delay: BENCH_DELAYS (seconds, default
# "0 0.1"), BENCH_SAMPLES (default 100).
set -euo pipefail
exec "$RUSTHA_BIN_DIR/bench-filesync"
