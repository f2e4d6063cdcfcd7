#!/usr/bin/env bash
# Client-visible gaps of the keepalived guide's set-up (real keepalived and HAProxy on two lab
# nodes) against the Pacemaker cluster `rustha migrate --apply` builds from its keepalived.conf,
# in one lab and run: the same client, the same faults (proxy killed, node crashed, link cut)
# and recoveries; medians and ratios. BENCH_KEEPALIVED_ROUNDS sets the rounds.
set -euo pipefail
exec "$RUSTHA_BIN_DIR/bench-keepalived"
