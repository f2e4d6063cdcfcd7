#!/usr/bin/env bash
# pgsqlchk vs the classic xinetd pgsqlchk script (bash + psql per check): check latency p50/p99
# and CPU per check at 200 checks/s on one PostgreSQL 15 primary (BENCH_RATE, BENCH_SECONDS).
set -euo pipefail
exec "$RUSTHA_BIN_DIR/bench-pgsqlchk"
