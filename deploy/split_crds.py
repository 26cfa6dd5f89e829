"""Split Kubernetes manifests for the offline schema check (deploy/validate.sh).

    python deploy/split_crds.py OUT.yaml FILE...

Objects of custom resources (the Prometheus Operator's monitoring.coreos.com) are checked here
against deploy/observability/schemas/<group>_<version>_<Kind>.json, which kubernetes-validate
has no schema for; every other object is written to OUT.yaml for kubernetes-validate. A custom
resource without a schema file, or one its schema refuses, fails with its name.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMAS = Path(__file__).parent / "observability" / "schemas"
CUSTOM_GROUPS = ("monitoring.coreos.com/",)


def schema_file(obj: dict[str, Any]) -> Path:
    """Where the schema of a custom resource's kind lives."""
    group_version = str(obj["apiVersion"]).replace("/", "_")
    return SCHEMAS / f"{group_version}_{obj['kind']}.json"


def check(obj: dict[str, Any]) -> list[str]:
    """The schema's complaints about one custom resource (none: valid)."""
    name = f"{obj.get('kind')} {obj.get('metadata', {}).get('name')}"
    path = schema_file(obj)
    if not path.exists():
        return [f"{name}: no schema {path} for {obj['apiVersion']}"]
    validator = jsonschema.Draft202012Validator(json.loads(path.read_text()))
    return [f"{name}: {error.json_path}: {error.message}" for error in validator.iter_errors(obj)]


def main(out: str, files: list[str]) -> int:
    """Check the custom resources of `files`, write the rest to `out`; 1 on any complaint."""
    core, problems = [], []
    for file in files:
        for obj in yaml.safe_load_all(Path(file).read_text()):
            if not obj:
                continue
            if str(obj.get("apiVersion", "")).startswith(CUSTOM_GROUPS):
                problems += check(obj)
            else:
                core.append(obj)
    Path(out).write_text(yaml.safe_dump_all(core))
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
