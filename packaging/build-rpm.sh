#!/usr/bin/env bash
# Builds target/rustha-<version>-1.<arch>.rpm with rpmbuild from a `make install` staging tree.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rpmbuild >/dev/null || { echo "rpmbuild missing: apt-get install rpm" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
stage=$(mktemp -d); top=$(mktemp -d)
trap 'rm -rf "$stage" "$top"' EXIT
make install DESTDIR="$stage" >/dev/null
# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    if [ -d "$stage/etc/rustha" ]; then (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|'); fi
} | sort >"$filelist"
rpmbuild -bb --quiet --define "_topdir $top" --define "rustha_version $version" \
    --define "rustha_stage $stage" --define "rustha_filelist $filelist" packaging/rpm/rustha.spec
find "$top/RPMS" -name '*.rpm' -exec cp {} target/ \; -printf 'target/%f\n'
