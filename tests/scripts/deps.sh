#!/usr/bin/env bash
# Installs the Debian packages the tests, the demo and the benchmarks use, when missing.
# Idempotent and quiet when everything is there; must run as root on Debian 12.
set -euo pipefail
pkgs=(
  pacemaker pacemaker-cli-utils corosync pcs resource-agents libxml2-utils
  iproute2 iputils-ping arping tcpdump bridge-utils
  haproxy keepalived iptables nftables rsync lsyncd openssh-server xinetd
  postgresql mariadb-server mariadb-client
  curl wrk hyperfine procps psmisc util-linux rpm heartbeat
  lintian rpmlint debootstrap dpkg-dev binutils
  prometheus-haproxy-exporter chromium
)
# Extra packages requested through the environment (e.g. chromium for a screenshot test).
read -r -a extra <<<"${RUSTHA_EXTRA_PKGS:-}"
missing=()
for p in "${pkgs[@]}" "${extra[@]}"; do
  [[ -n $p ]] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Package post-install scripts must not start daemons on the host; tests start their own.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
