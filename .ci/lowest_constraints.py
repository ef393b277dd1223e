"""Print pip constraints pinning every `>=` floor in pyproject.toml (used by `make test-lowest`).

A floor that is not tested is a guess; this makes `make test-lowest` install exactly the lowest
versions fedxl claims to support and run the suite on them.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

FLOOR = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def constraints(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for name in ("excel", "parquet", "web"):
        specs += project["optional-dependencies"].get(name, [])
    pins = []
    for spec in specs:
        match = FLOOR.match(spec)
        if match:
            pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


if __name__ == "__main__":
    print("\n".join(constraints(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"))))
