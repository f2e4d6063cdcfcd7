#!/usr/bin/env bash
# TCP-mode throughput of proxy against HAProxy 2.6: same configuration, thread count and backend
# (nginx with one worker, installed here: only benchmarks use it), alternating rounds in one run
# (keep-alive, connection per request, 64 KiB responses); requests/s, p50/p99 latency, peak RSS
# and ratios. BENCH_SECONDS, BENCH_ROUNDS, BENCH_THREADS (nbthread list, default "1,<CPUs>"),
# BENCH_CONNS, BENCH_PIN=1 adjust it.
set -euo pipefail
RUSTHA_EXTRA_PKGS="nginx-light" tests/scripts/deps.sh
exec "$RUSTHA_BIN_DIR/bench-proxy"
