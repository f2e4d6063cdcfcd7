#!/usr/bin/env bash
# Builds target/rustha_<version>_<arch>.deb from `make install` into a staging tree.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
make install DESTDIR="$stage" >/dev/null
install -d "$stage/DEBIAN"
size=$(du -sk "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" packaging/deb/control.in > "$stage/DEBIAN/control"
install -m 0755 packaging/deb/postinst "$stage/DEBIAN/postinst"
(cd "$stage" && find etc -type f 2>/dev/null | sed 's|^|/|' | grep '^/etc/rustha/' ) > "$stage/DEBIAN/conffiles" || true
[ -s "$stage/DEBIAN/conffiles" ] || rm -f "$stage/DEBIAN/conffiles"
out="target/rustha_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
