"""scripts/release_notes.py: a version tag's release notes are its CHANGELOG section."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("release_notes", ROOT / "scripts/release_notes.py")
assert _spec and _spec.loader
release_notes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(release_notes)

CHANGELOG = """# Changelog

## [Unreleased]
- next thing

## [1.2.0] - 2026-12-01
### Added
- a feature

## [1.1.0] - 2026-11-01
- older
"""


def test_given_a_tag_with_its_section_then_the_notes_are_that_section_only():
    assert release_notes.notes("v1.2.0", CHANGELOG, "1.2.0") == "### Added\n- a feature"


def test_given_the_last_section_then_it_runs_to_the_end_of_the_file():
    assert release_notes.notes("1.1.0", CHANGELOG, "1.1.0") == "- older"


def test_given_a_tag_that_is_not_the_project_version_then_no_notes():
    with pytest.raises(ValueError, match=r"not pyproject\.toml's version"):
        release_notes.notes("v1.1.0", CHANGELOG, "1.2.0")


def test_given_a_version_without_a_section_then_no_notes():
    with pytest.raises(ValueError, match=r"no \(or an empty\) section"):
        release_notes.notes("v1.3.0", CHANGELOG, "1.3.0")


def test_given_the_repository_then_its_current_version_has_release_notes():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert release_notes.notes(f"v{version}", (ROOT / "CHANGELOG.md").read_text(), version)
