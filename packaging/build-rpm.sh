#!/usr/bin/env bash
# Builds target/rustha-<version>-1.<arch>.rpm with rpmbuild from a `make install` staging tree
# (binaries stripped by split-debug.sh, debug information dropped). Prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rpmbuild >/dev/null || {
  echo "rpmbuild missing: apt-get install rpm" >&2
  exit 1
}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
url=$(sed -n 's/^repository = "\(.*\)"/\1/p' Cargo.toml | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/stage
top=$work/top
make --no-print-directory install DESTDIR="$stage" UNIT_DIR=/usr/lib/systemd/system >/dev/null
packaging/split-debug.sh "$stage/usr/lib/ocf/resource.d/rustha" >/dev/null
packaging/split-debug.sh "$stage/usr/sbin" >/dev/null
install -m 0644 packaging/deb/copyright "$stage/usr/share/doc/rustha/copyright"
sed -i "s|@HOMEPAGE@|$url|" "$stage/usr/share/doc/rustha/copyright"
# One line per path (rpm takes one path or glob a line); %config must name each file (the
# heartbeat wrappers are programs, not configuration). The package owns its own directories,
# not /usr/lib/ocf or /etc/ha.d (resource-agents' and heartbeat's).
filelist="$work/files.list"
(
  cd "$stage"
  echo "%dir /usr/lib/ocf/resource.d/rustha"
  echo "%dir /etc/rustha"
  echo "%dir /usr/share/doc/rustha"
  echo "%license /usr/share/doc/rustha/copyright"
  echo "%doc /usr/share/doc/rustha/examples"
  find usr/lib/ocf/resource.d/rustha usr/sbin usr/share/man usr/lib/systemd etc/ha.d \
    \( -type f -o -type l \) -printf '/%p\n'
  find etc/rustha -type f -printf '%%config(noreplace) /%p\n'
) | sort >"$filelist"
rpmbuild -bb --quiet --define "_topdir $top" --define "rustha_version $version" \
  --define "rustha_url $url" --define "rustha_stage $stage" --define "rustha_filelist $filelist" \
  packaging/rpm/rustha.spec
find "$top/RPMS" -name '*.rpm' -exec cp {} target/ \; -printf 'target/%f\n' | sort
