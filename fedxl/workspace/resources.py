"""Where the bundled default templates (form file, Word templates) live."""

from __future__ import annotations

from pathlib import Path


def default_templates_dir() -> Path:
    """The templates shipped with fedxl: inside the wheel, or `templates/` of a source checkout."""
    package = Path(__file__).resolve().parents[1]  # fedxl/
    for candidate in (package / "_templates", package.parent / "templates"):
        if (candidate / "form.toml").is_file():
            return candidate
    raise FileNotFoundError("fedxl's bundled templates are missing; reinstall fedxl")


def demo_data_dir() -> Path:
    """The demo district's sample submissions: inside the wheel, or workbooks/demo of a checkout."""
    package = Path(__file__).resolve().parents[1]  # fedxl/
    for candidate in (package / "_workbooks" / "demo", package.parent / "workbooks" / "demo"):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise FileNotFoundError("fedxl's demo data is missing; reinstall fedxl")
