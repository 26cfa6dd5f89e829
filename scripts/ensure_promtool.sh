#!/usr/bin/env bash
# Make sure promtool (Prometheus's rule checker) is at $BIN/promtool for `make validate-deploy`:
# one on PATH is linked there; otherwise it is taken from Debian's `prometheus` package with
# `apt-get download` and `dpkg-deb -x` (no root needed, and no Prometheus server is installed or
# started: only the promtool binary is copied). Bounded (2 min download) so an offline machine
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
if ! download && [[ $(id -u) == 0 ]]; then  # no package lists yet: fetch them once
  timeout 300 apt-get update -qq >/dev/null 2>&1
fi
if { compgen -G "$work/prometheus_*.deb" >/dev/null || download; } &&
    dpkg-deb -x "$work"/prometheus_*.deb "$work/x" && [[ -x $work/x/usr/bin/promtool ]]; then
  cp "$work/x/usr/bin/promtool" "$BIN/promtool"
else
  echo "ensure_promtool: could not download Debian's prometheus package (offline?): the alert rules are not checked" >&2
fi
exit 0
