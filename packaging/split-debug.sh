#!/usr/bin/env bash
# split-debug.sh STAGE [DEBUG_ROOT]: strips every ELF file under STAGE as Debian's dh_strip does.
# With DEBUG_ROOT, each file's debug information goes first to
# DEBUG_ROOT/usr/lib/debug/.build-id/xx/yyyy.debug (where gdb and debuginfod look it up by the
# binary's build id) and the stripped binary keeps a debuglink to it. Prints the build ids.
set -euo pipefail
stage=$1
dbg=${2:-}
while IFS= read -r -d '' f; do
  head -c4 "$f" | grep -q $'^\x7fELF' || continue
  id=$(readelf -n "$f" | sed -n 's/^[[:space:]]*Build ID: \([0-9a-f]*\)$/\1/p')
  if [[ -n $dbg ]]; then
    [[ -n $id ]] || {
      echo "$f has no build id" >&2
      exit 1
    }
    out="$dbg/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
    install -d "$(dirname "$out")"
    objcopy --only-keep-debug --compress-debug-sections "$f" "$out"
    chmod 0644 "$out"
  fi
  strip --remove-section=.comment --remove-section=.note --strip-unneeded "$f"
  [[ -z $dbg ]] || objcopy --add-gnu-debuglink="$out" "$f"
  echo "$id"
done < <(find "$stage" -type f -perm -u+x -print0 | sort -z)
