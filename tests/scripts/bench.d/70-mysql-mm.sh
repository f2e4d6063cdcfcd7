#!/usr/bin/env bash
# Action time of ocf:rustha:mysql-mm against ocf:heartbeat:mysql (monitor on the writable node and
# on the read-only replica of one MariaDB master-master pair), plus mysql-mm's promote/demote.
# BENCH_MYSQL_ROUNDS sets the rounds.
set -euo pipefail
exec "$RUSTHA_BIN_DIR/bench-mysql-mm"
