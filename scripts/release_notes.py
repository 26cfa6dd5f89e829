"""Print the CHANGELOG.md section of a version: the release notes of its tag.

    python3 scripts/release_notes.py v1.2.3   # or 1.2.3

Fails (exit 1, one line on stderr) when the tag is not pyproject.toml's version or CHANGELOG.md
has no `## [1.2.3]` section, so a release never goes out with someone else's notes.
The release workflow (.github/workflows/release.yml) runs it; standard library only.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\]")


def section(changelog: str, version: str) -> str | None:
    """The body of `## [version]` up to the next `## ` heading, stripped; None when absent."""
    lines: list[str] | None = None
    for line in changelog.splitlines():
        if line.startswith("## "):
            if lines is not None:
                break
            match = HEADING.match(line)
            if match and match["version"] == version:
                lines = []
        elif lines is not None:
            lines.append(line)
    return None if lines is None else "\n".join(lines).strip()


def notes(tag: str, changelog: str, project_version: str) -> str:
    """The release notes of `tag`; ValueError when they cannot be trusted."""
    version = tag.removeprefix("v")
    if version != project_version:
        raise ValueError(f"tag {tag} is not pyproject.toml's version {project_version}")
    body = section(changelog, version)
    if not body:
        raise ValueError(f"CHANGELOG.md has no (or an empty) section ## [{version}]")
    return body


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: release_notes.py TAG", file=sys.stderr)
        return 2
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    try:
        print(notes(argv[0], (ROOT / "CHANGELOG.md").read_text(), project["version"]))
    except ValueError as error:
        print(f"release_notes: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
