#!/usr/bin/env bash
# Make sure a headless Chromium for the console's browser tests is installed: Debian's
# `chromium` and `chromium-driver` packages (Playwright drives /usr/bin/chromium; its own
# browser download is not used). Installs them with apt-get when missing and this user may;
# otherwise says how, and the browser tests skip with that reason. Never fails `make test`.
# BROWSER=skip leaves the machine alone. `make test`, `make test-integration` and `make browser`
# call this. apt-get is bounded (5 min update, 10 min install) so an offline machine never stalls a run.
set -uo pipefail
[[ ${BROWSER:-} == skip ]] && exit 0
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure_browser: no chromium and no apt-get: the console's browser tests will skip" >&2
  exit 0
fi
sudo=()
if [[ $(id -u) != 0 ]]; then
  if sudo -n true 2>/dev/null; then sudo=(sudo -n); else
    echo "ensure_browser: no chromium; run: sudo apt-get install -y chromium chromium-driver" >&2
    exit 0
  fi
fi
echo "ensure_browser: installing chromium and chromium-driver (Debian packages)" >&2
if ! { timeout 300 "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 "${sudo[@]}" apt-get install -y -qq chromium chromium-driver; } >/dev/null; then
  echo "ensure_browser: apt-get failed: the console's browser tests will skip" >&2
fi
exit 0
