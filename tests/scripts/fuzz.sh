#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers (fuzz/): builds the targets with cargo-afl and runs each
# one after another with afl-fuzz for FUZZ_SECONDS (default 600), starting from the committed
# seed corpus in fuzz/corpus/TARGET. Fails when any target finds a crash (a panic or a failed
# assertion) or a hang, printing the input's path and bytes.
#
#   tests/scripts/fuzz.sh [TARGET...]     every target when none is named
#   FUZZ_SECONDS=5 tests/scripts/fuzz.sh  a smoke run (what `make test` does)
#   FUZZ_OUT=DIR                          keep the findings there (default: a temp dir, removed
#                                         when nothing was found)
#
# Installs what it needs when missing (Debian 12, as root): cargo-afl from crates.io, then the
# AFL++ it builds (afl-fuzz and the runtime linked into the targets). Quiet when everything is
# there.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-600}
targets=(h1_request h1_response haproxy_cfg ldirectord rules admin pgsqlchk_config ocf_params)
(($#)) && targets=("$@")

# Debian's afl++ (4.04c) cannot drive these targets: the afl crate's runtime speaks the fork
# server protocol of the AFL++ cargo-afl builds (4.40c), so that afl-fuzz runs them.
missing=()
for p in make gcc; do
  command -v "$p" >/dev/null || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "fuzz: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! cargo afl --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-afl"
  cargo install --locked -q cargo-afl
fi
# The runtime cargo-afl links into the targets, built once per Rust toolchain.
if ! built=$(cargo afl config --build 2>&1) && ! grep -q "already built" <<<"$built"; then
  echo "$built" >&2
  exit 1
fi

(cd fuzz && cargo afl build --release -q -j2)

out=${FUZZ_OUT:-$(mktemp -d /tmp/rustha-fuzz.XXXXXX)}
keep=${FUZZ_OUT:+1}
mkdir -p "$out"
trap '[[ -n $keep ]] || rm -rf "$out"' EXIT
# afl-fuzz as cargo-afl runs it (the AFL++ its runtime was built with); no CPU governor, core
# pattern or UI requirements on a shared build machine.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1

failed=0
for t in "${targets[@]}"; do
  dir=$out/$t
  rm -rf "$dir"
  # -t 1000: a case running over a second is a hang; -m none: Rust binaries reserve address space.
  cargo afl fuzz -V "$seconds" -t 1000 -m none -i "fuzz/corpus/$t" -o "$dir" \
    "fuzz/target/release/$t" >"$out/$t.log" 2>&1 || {
    echo "fuzz: $t: afl-fuzz failed:" >&2
    tail -20 "$out/$t.log" >&2
    keep=1
    failed=1
    continue
  }
  stats=$dir/default/fuzzer_stats
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
  crashes=$(awk -F' *: *' '$1=="saved_crashes"{print $2}' "$stats")
  hangs=$(awk -F' *: *' '$1=="saved_hangs"{print $2}' "$stats")
  echo "fuzz: $t: $execs executions in ${seconds}s, $crashes crashes, $hangs hangs"
  for f in "$dir"/default/crashes/id:* "$dir"/default/hangs/id:*; do
    [[ -e $f ]] || continue
    echo "fuzz: $t: $f" >&2
    od -An -tx1 -v "$f" | head -40 >&2
    keep=1
    failed=1
  done
done
if ((failed)); then
  echo "fuzz: findings kept in $out (rerun one: fuzz/target/release/TARGET < FILE)" >&2
fi
exit "$failed"
