#!/usr/bin/env bash
# Builds target/rustha_<version>_<arch>.deb and target/rustha-dbgsym_<version>_<arch>.deb from
# `make install` into a staging tree: binaries stripped (their debug information in the dbgsym
# package), the shared-library dependencies computed by dpkg-shlibdeps, every file under /etc a
# conffile, md5sums, copyright and changelog. Prints the two paths.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
homepage=$(sed -n 's/^repository = "\(.*\)"/\1/p' Cargo.toml | head -1)
maintainer=$(sed -n 's/^ -- \(.*>\)  .*/\1/p' packaging/deb/changelog | head -1)
arch=$(dpkg --print-architecture)
grep -q "^rustha ($version)" packaging/deb/changelog || {
  echo "packaging/deb/changelog has no entry for $version" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/debian/rustha
dbg=$work/debian/rustha-dbgsym
# Debian 12 keeps units in /lib (a /usr/lib unit is not found by its systemd's packaging tools).
make --no-print-directory install DESTDIR="$stage" UNIT_DIR=/lib/systemd/system >/dev/null
# The agents, and the commands in /usr/sbin that are programs of their own (not links to them).
ids=$({
  packaging/split-debug.sh "$stage/usr/lib/ocf/resource.d/rustha" "$dbg"
  packaging/split-debug.sh "$stage/usr/sbin" "$dbg"
} | tr '\n' ' ')

doc=$stage/usr/share/doc/rustha
sed "s|@HOMEPAGE@|$homepage|" packaging/deb/copyright >"$doc/copyright"
gzip -9n <packaging/deb/changelog >"$doc/changelog.gz"
chmod 0644 "$doc/copyright" "$doc/changelog.gz"
install -d "$stage/usr/share/lintian/overrides"
install -m 0644 packaging/deb/lintian-overrides "$stage/usr/share/lintian/overrides/rustha"

# dpkg-shlibdeps runs in a source tree (a minimal one, around the staging trees) and knows a
# package's root by its DEBIAN directory.
install -d "$work/debian" "$stage/DEBIAN"
printf 'Source: rustha\n\nPackage: rustha\nArchitecture: any\n' >"$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O debian/rustha/usr/lib/ocf/resource.d/rustha/* debian/rustha/usr/sbin/rustha |
  sed -n 's/^shlibs:Depends=//p')

control() { # control TEMPLATE ROOT: DEBIAN/control, md5sums and conffiles for ROOT
  local root=$2
  install -d "$root/DEBIAN"
  local size
  size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
  sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@SIZE@|$size|" \
    -e "s|@SHLIBS@|$shlibs|" -e "s|@MAINTAINER@|$maintainer|" -e "s|@HOMEPAGE@|$homepage|" \
    -e "s|@BUILD_IDS@|${ids% }|" "$1" >"$root/DEBIAN/control"
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
    xargs -0 md5sum) >"$root/DEBIAN/md5sums"
  if [[ -d $root/etc ]]; then
    (cd "$root" && find etc -type f -printf '/%p\n' | sort) >"$root/DEBIAN/conffiles"
  fi
  chmod 0644 "$root/DEBIAN"/*
}
control packaging/deb/control.in "$stage"
for s in postinst prerm postrm; do install -m 0755 "packaging/deb/$s" "$stage/DEBIAN/$s"; done
install -d "$dbg/usr/share/doc"
ln -s rustha "$dbg/usr/share/doc/rustha-dbgsym"
control packaging/deb/control-dbgsym.in "$dbg"

# The debug sections are compressed already: xz would take a quarter of a minute to gain nothing.
for root in "$stage:xz" "$dbg:gzip"; do
  out="target/$(basename "${root%:*}")_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Z"${root##*:}" --build "${root%:*}" "$out" >/dev/null
  echo "$out"
done
