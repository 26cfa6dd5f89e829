"""The deploy files agree with the code: every command they run exists in the `storebridge` CLI,
every setting they set is a real setting, and the probed ports are the ports the services use."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from storebridge_cli.commands import settings_classes
from storebridge_cli.main import build_parser
from storebridge_cli.settings_help import every_setting

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
K8S_FILES = sorted((DEPLOY / "k8s").rglob("*.yaml"))
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
SETTINGS = every_setting(settings_classes())


def k8s_objects() -> list[dict]:
    objects = []
    for path in K8S_FILES:
        if path.name != "kustomization.yaml":
            objects += [o for o in yaml.safe_load_all(path.read_text()) if o]
    return objects


def k8s_containers() -> list[tuple[str, dict]]:
    return [
        (o["metadata"]["name"], c)
        for o in k8s_objects()
        if o["kind"] == "Deployment"
        for c in o["spec"]["template"]["spec"]["containers"]
    ]


def compose_commands() -> list[tuple[str, list[str]]]:
    found = []
    for name, service in COMPOSE["services"].items():
        image = service.get("image", "")
        if "storebridge" not in image:
            continue
        command = service["command"]
        if service.get("entrypoint") == ["sh", "-c"]:  # `exec storebridge ...` in a shell
            words = shlex.split(command[0])
            command = words[words.index("storebridge") + 1 :]
        found.append((name, command))
    return found


def parses(argv: list[str]) -> bool:
    try:
        build_parser().parse_args(argv)
    except SystemExit:
        return False
    return True


@pytest.mark.parametrize(("name", "container"), k8s_containers())
def test_given_a_kubernetes_deployment_then_its_command_exists_in_the_cli(name, container):
    argv = [*container.get("command", []), *container.get("args", [])]
    assert argv, f"{name} runs the image's default command"
    assert parses(argv), f"{name}: storebridge {' '.join(argv)} is not a storebridge command"


@pytest.mark.parametrize(("name", "argv"), compose_commands())
def test_given_a_compose_service_then_its_command_exists_in_the_cli(name, argv):
    assert parses(argv), f"{name}: storebridge {' '.join(argv)} is not a storebridge command"


def test_given_the_compose_services_then_all_four_services_the_console_and_the_sandbox_run():
    commands = {argv[0] for _, argv in compose_commands()}
    assert {
        "ingress",
        "catalog-sync",
        "order-replicator",
        "janitor",
        "console",
        "sandbox",
    } <= commands


def test_given_the_console_then_one_replica_on_a_cluster_internal_service_and_local_in_compose():
    [console] = [
        o for o in k8s_objects() if o["kind"] == "Deployment" and o["metadata"]["name"] == "console"
    ]
    assert console["spec"]["replicas"] == 1
    [service] = [
        o for o in k8s_objects() if o["kind"] == "Service" and o["metadata"]["name"] == "console"
    ]
    assert service["spec"]["type"] == "ClusterIP"
    routed = {
        path["backend"]["service"]["name"]
        for o in k8s_objects()
        if o["kind"] == "Ingress"
        for rule in o["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert "console" not in routed, "the console is never on the public Ingress"
    assert COMPOSE["services"]["console"]["ports"] == ["127.0.0.1:8090:8090"]


def test_given_the_configmaps_and_secret_then_every_key_is_a_storebridge_setting():
    keys = set()
    for o in k8s_objects():
        if o["kind"] in {"ConfigMap", "Secret"}:
            keys |= set(o.get("data", {})) | set(o.get("stringData", {}))
    assert keys, "no settings found"
    assert keys <= SETTINGS, f"unknown settings: {sorted(keys - SETTINGS)}"


def test_given_the_compose_environment_then_every_variable_is_a_storebridge_setting():
    for name, service in COMPOSE["services"].items():
        if "storebridge" in service.get("image", ""):
            unknown = set(service.get("environment", {})) - SETTINGS
            assert not unknown, f"{name}: unknown settings {sorted(unknown)}"


def test_given_the_probes_then_they_hit_the_port_each_service_serves_on():
    settings = next(
        o["data"] for o in k8s_objects() if o["kind"] == "ConfigMap" and "PORT" in o["data"]
    )
    expected = {
        "ingress": int(settings["PORT"]),
        "catalog-sync": int(settings["CATALOG_SYNC_OPS_PORT"]),
        "order-replicator": int(settings["ORDER_REPLICATOR_OPS_PORT"]),
        "janitor": int(settings["JANITOR_OPS_PORT"]),
        "console": int(settings["CONSOLE_PORT"]),
    }
    for name, container in k8s_containers():
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        for probe in ("readinessProbe", "livenessProbe"):
            assert ports[container[probe]["httpGet"]["port"]] == expected[name], (name, probe)


def test_given_the_podmonitor_then_its_ports_are_named_on_the_pods_and_every_pod_is_scraped():
    [monitor] = [o for o in k8s_objects() if o["kind"] == "PodMonitor"]
    scraped = {endpoint["port"] for endpoint in monitor["spec"]["podMetricsEndpoints"]}
    selector = monitor["spec"]["selector"]["matchLabels"].items()
    named: dict[str, set[str]] = {}
    for o in k8s_objects():
        if o["kind"] != "Deployment":
            continue
        pod = o["spec"]["template"]
        assert selector <= pod["metadata"]["labels"].items(), o["metadata"]["name"]
        ports = {p["name"] for c in pod["spec"]["containers"] for p in c.get("ports", [])}
        named[o["metadata"]["name"]] = ports & scraped
    assert scraped <= set().union(*named.values()), (scraped, named)
    assert all(named.values()), named  # no pod without a port the PodMonitor scrapes


def test_given_the_janitor_then_it_runs_as_a_single_replica_recreated_not_rolled():
    [janitor] = [
        o for o in k8s_objects() if o["kind"] == "Deployment" and o["metadata"]["name"] == "janitor"
    ]
    assert janitor["spec"]["replicas"] == 1
    assert janitor["spec"]["strategy"]["type"] == "Recreate"
    autoscaled = {
        o["spec"]["scaleTargetRef"]["name"]
        for o in k8s_objects()
        if o["kind"] == "HorizontalPodAutoscaler"
    }
    assert autoscaled == {"ingress", "catalog-sync", "order-replicator"}


def test_given_the_dockerfile_then_it_runs_storebridge_as_a_non_root_user():
    text = (DEPLOY / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["storebridge"]' in text
    assert "USER 10001" in text
    assert "--require-hashes --no-deps -r /tmp/requirements.lock" in text
    assert text.index("-r /tmp/requirements.lock") < text.index("/tmp/wheels/*.whl")
