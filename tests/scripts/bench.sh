#!/usr/bin/env bash
# `make bench`: runs every benchmark in tests/scripts/bench.d/ (sorted by name), or only those
# whose name contains one of the arguments: `tests/scripts/bench.sh failover`.
#
# To add a benchmark, drop an executable `tests/scripts/bench.d/NN-name.sh` there: it runs from
# the repository root with RUSTHA_BIN_DIR set to the release binaries (already built by `make
# bench`), prints its own table, and exits non-zero only when it could not measure. Benchmarks
# report numbers; they never fail on a timing.
set -euo pipefail
cd "$(dirname "$0")/../.."
export RUSTHA_BIN_DIR="${RUSTHA_BIN_DIR:-$PWD/target/dist}"
status=0
ran=0
for b in tests/scripts/bench.d/*.sh; do
  [[ -x $b ]] || continue
  name=$(basename "$b" .sh)
  if (($#)); then
    match=0
    for want in "$@"; do [[ $name == *"$want"* ]] && match=1; done
    ((match)) || continue
  fi
  echo "=== bench: $name"
  if ! "$b"; then
    echo "=== bench: $name could not complete" >&2
    status=1
  fi
  echo
  ran=$((ran + 1))
done
((ran)) || { echo "bench: no benchmark matched ${*:-anything}" >&2; exit 1; }
exit "$status"
