"""requirements.lock (what the image installs) matches pyproject.toml's runtime dependencies.

Fails when a dependency was added to, or its range changed in, pyproject.toml without `make lock`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def runtime_requirements() -> list[Requirement]:
    """The `[project] dependencies` of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(line) for line in project["dependencies"]]


def pins() -> dict[str, str]:
    """Locked versions by canonical name."""
    found = (PIN.match(line) for line in LOCK.read_text().splitlines())
    return {canonicalize_name(m[1]): m[2] for m in found if m}


def test_given_pyproject_then_every_runtime_dependency_is_locked_within_its_range():
    locked = pins()
    problems = []
    for requirement in runtime_requirements():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not in requirements.lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    assert problems == [], "run `make lock`: " + "; ".join(problems)


def test_given_the_lock_then_every_pin_has_hashes_and_it_names_no_index():
    text = LOCK.read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    pinned = [block for block in blocks if PIN.match(block)]
    assert pinned and all("--hash=sha256:" in block for block in pinned)
    assert "--index-url" not in text and "--find-links" not in text and "file:" not in text
