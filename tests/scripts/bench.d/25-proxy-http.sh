#!/usr/bin/env bash
# HTTP mode of proxy against HAProxy 2.6 and the backend directly: same configuration
# (forwardfor + httpchk), 1 and 2 threads, 100-byte and 64 KiB responses, alternating rounds;
# requests/s, p50/p99 (wrk and a fixed-rate client), peak RSS, CPU per request, idle-connection
# memory, ratios. The backend is nginx with one worker (installed here: only benchmarks use it).
# BENCH_SECONDS, BENCH_ROUNDS, BENCH_RATE, BENCH_IDLE adjust it; BENCH_BASELINE=path/to/proxy adds an
# earlier build of the proxy to the same rounds (a second table compares the two).
set -euo pipefail
RUSTHA_EXTRA_PKGS="nginx-light" tests/scripts/deps.sh
exec "$RUSTHA_BIN_DIR/bench-proxy-http"
