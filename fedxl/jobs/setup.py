"""Setting up a workspace (`fedxl init`): a commented fedxl.toml, templates/, workbooks/ and the
drop target for WPS users. A setup action, above the Excel bridge it writes the drop target with."""

from __future__ import annotations

import shutil
from pathlib import Path

from fedxl.errors import UsageError
from fedxl.workspace import SUBDIRS, Workspace
from fedxl.workspace.config import CONFIG_NAME


def init_workspace(
    root: Path,
    *,
    force: bool = False,
    year: int | None = None,
    district: str | None = None,
    towns: list[str] | None = None,
) -> Workspace:
    """Create a ready workspace in `root`: commented fedxl.toml (for `district` and its `towns`,
    or the fictional 振兴区 when none are given), templates/, workbooks/."""
    names = [n.strip() for n in towns or [] if n.strip()]
    if towns is not None and (not names or len(set(names)) != len(names)):
        raise UsageError("init.towns", towns="、".join(towns))
    if district is not None and not district.strip():
        raise UsageError("init.district")
    from fedxl.workspace.resources import default_templates_dir
    from fedxl.workspace.sample_config import sample_config

    root = root.expanduser().resolve()
    config_path = root / CONFIG_NAME
    if config_path.exists() and not force:
        raise UsageError("workspace.exists", path=str(root))
    root.mkdir(parents=True, exist_ok=True)
    source = default_templates_dir()
    shutil.copytree(
        source,
        root / "templates",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "~$*", ".~lock.*"),
    )
    for name in SUBDIRS:
        (root / "workbooks" / name).mkdir(parents=True, exist_ok=True)
    from fedxl.files.atomic import write_text_atomic

    text = sample_config(
        example=district.strip() if district else None, year=year, towns=names or None
    )
    write_text_atomic(config_path, text)
    from fedxl.excel.setup import write_drop_target

    write_drop_target(root)
    return Workspace(root)
