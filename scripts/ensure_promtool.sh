#!/usr/bin/env bash
# Make sure promtool (Prometheus's rule checker) is at $BIN/promtool for `make validate-deploy`:
# one on PATH is linked there; otherwise it is taken from Debian's `prometheus` package with
# `apt-get download` and `dpkg-deb -x` (no Prometheus server is installed or started: only the
# promtool binary is copied; root, or sudo without a password, only to fetch package lists when
# there are none). Bounded (5 min lists, 2 min download) so an offline machine
# never stalls; when it cannot be had, says so and exits 0: validate-deploy then skips the rule
# checks with a note, unless REQUIRE_PROMTOOL is set.
set -uo pipefail
BIN=${BIN:-.venv/bin}
[[ -x $BIN/promtool ]] && exit 0
if found=$(command -v promtool 2>/dev/null); then ln -sf "$found" "$BIN/promtool"; exit 0; fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "ensure_promtool: no promtool and no apt-get/dpkg-deb: the alert rules are not checked" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "ensure_promtool: fetching promtool from Debian's prometheus package" >&2
download() { (cd "$work" && timeout 120 apt-get download -qq prometheus >/dev/null 2>&1); }
sudo=()
[[ $(id -u) != 0 ]] && sudo -n true 2>/dev/null && sudo=(sudo -n)
if ! download && { [[ $(id -u) == 0 ]] || ((${#sudo[@]})); }; then  # no package lists yet
  timeout 300 "${sudo[@]}" apt-get update -qq >/dev/null 2>&1
fi
if { compgen -G "$work/prometheus_*.deb" >/dev/null || download; } &&
    dpkg-deb -x "$work"/prometheus_*.deb "$work/x" && [[ -x $work/x/usr/bin/promtool ]]; then
  cp "$work/x/usr/bin/promtool" "$BIN/promtool"
else
  echo "ensure_promtool: could not download Debian's prometheus package (offline?): the alert rules are not checked" >&2
fi
exit 0
