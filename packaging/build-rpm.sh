#!/usr/bin/env bash
# Builds target/rustha-<version>-1.<arch>.rpm with rpmbuild from a `make install` staging tree.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rpmbuild >/dev/null || { echo "rpmbuild missing: apt-get install rpm" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
stage=$(mktemp -d); top=$(mktemp -d)
trap 'rm -rf "$stage" "$top"' EXIT
make install DESTDIR="$stage" >/dev/null
extra=""
[ -d "$stage/usr/lib/systemd/system" ] && extra="/usr/lib/systemd/system/*"
[ -d "$stage/etc/rustha" ] && extra="$extra %config(noreplace) /etc/rustha/*"
rpmbuild -bb --quiet --define "_topdir $top" --define "rustha_version $version" \
    --define "rustha_stage $stage" --define "rustha_extra_files $extra" packaging/rpm/rustha.spec
find "$top/RPMS" -name '*.rpm' -exec cp {} target/ \; -printf 'target/%f\n'
