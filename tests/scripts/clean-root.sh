#!/usr/bin/env bash
# Makes, once, the Debian 12 root the clean-system packaging test installs the .deb into, and
# prints its path. The root is cached under CACHE_DIR (default /var/cache/rustha-tests), named
# after this script's checksum: editing the script (e.g. the package list) builds a new one and
# removes the old. Tests never write to it; they mount an overlay over it in their own mount
# namespace.
#
# The root is `debootstrap --variant=minbase bookworm` from the mirror the host's apt uses, plus
# what a cluster node has before rustha arrives: Pacemaker, Corosync, pcs, resource-agents,
# man-db, systemd (for `systemd-analyze verify`), and what the package declares it depends on or
# recommends, so installing the .deb needs no network. A policy-rc.d keeps package scripts from
# starting services inside it, as in a container image.
set -euo pipefail
cache=${1:-/var/cache/rustha-tests}
pkgs=(
  pacemaker pacemaker-cli-utils corosync pcs resource-agents
  man-db systemd adduser iproute2 iptables nftables rsync
)
key=$(sha256sum "$0" | cut -c1-12)
root="$cache/bookworm-$key"
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [[ -e $root/.complete ]]; then
  echo "$root"
  exit 0
fi
for old in "$cache"/bookworm-*; do
  [[ -e $old && $old != "$root" ]] && rm -rf --one-file-system "$old"
done
mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*debian\)\/\?$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
[[ -n $mirror ]] || mirror=$(sed -n 's/^deb[[:space:]]\+\(http[^[:space:]]*debian\)\/\?[[:space:]]\+bookworm[[:space:]].*/\1/p' /etc/apt/sources.list 2>/dev/null | head -1)
[[ -n $mirror ]] || mirror=http://deb.debian.org/debian
command -v debootstrap >/dev/null || {
  echo "debootstrap missing: apt-get install debootstrap" >&2
  exit 1
}
tmp="$root.partial"
rm -rf --one-file-system "$tmp"
mkdir -p "$cache/debs"
log="$cache/build.log"
echo "clean-root: debootstrap bookworm from $mirror into $tmp (log: $log)" >&2
debootstrap --variant=minbase --cache-dir="$cache/debs" bookworm "$tmp" "$mirror" >"$log" 2>&1 || {
  tail -20 "$log" >&2
  exit 1
}
printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
chmod 0755 "$tmp/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$tmp/etc/resolv.conf"
# /proc for the package scripts, in a mount namespace of its own: nothing stays mounted.
unshare -m --propagation private sh -c '
  set -e
  mount -t proc proc "$1/proc"
  chroot "$1" env DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends $2 && apt-get clean"
' sh "$tmp" "${pkgs[*]}" >>"$log" 2>&1 || {
  tail -20 "$log" >&2
  exit 1
}
rm -f "$tmp/etc/resolv.conf"
touch "$tmp/.complete"
mv "$tmp" "$root"
echo "$root"
