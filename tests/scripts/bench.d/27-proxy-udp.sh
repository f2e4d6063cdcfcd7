#!/usr/bin/env bash
# mode udp of proxy against nginx's stream module (HAProxy has no UDP; LVS needs IPVS): one
# worker each, round robin over the same two echo servers, alternating rounds; round trips/s,
# p50/p99, CPU per round trip, peak RSS and ratios. BENCH_SECONDS, BENCH_ROUNDS, BENCH_CLIENTS
# adjust it. nginx is only needed here, so it is installed here rather than for `make test`.
set -euo pipefail
RUSTHA_EXTRA_PKGS="nginx-light libnginx-mod-stream" tests/scripts/deps.sh
exec "$RUSTHA_BIN_DIR/bench-proxy-udp"
