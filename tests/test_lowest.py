"""`make test-lowest` pins every `>=` floor of pyproject.toml: the generator must see them all."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_floor_is_pinned() -> None:
    spec = importlib.util.spec_from_file_location("lowest", ROOT / ".ci" / "lowest_constraints.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pins = dict(line.split("==") for line in module.constraints(ROOT / "pyproject.toml"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = [d for d in project["dependencies"] if ">=" in d]
    # every runtime dependency has a tested floor
    assert len(runtime) == len(project["dependencies"])
    assert {"python-calamine", "typer", "pandas", "openpyxl"} <= set(pins)
    # xlwings is pinned exactly
    assert "numpy" in pins and "pyarrow" in pins and "xlwings" not in pins
