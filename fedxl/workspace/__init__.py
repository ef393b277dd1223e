"""The workspace: a folder with fedxl.toml, its templates and its workbooks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from fedxl.errors import ConfigError
from fedxl.form import FORM_FILE, Form, load_form
from fedxl.form.years import Forms
from fedxl.workspace.config import CONFIG_NAME, Config, load_config

SUBDIRS = ("inbox", "archive", "feedback", "blank", "summaries", "reports")


@dataclass
class Workspace:
    root: Path
    # the database its store is in, when someone else decides it (a city reading a district's
    # store); None: FEDXL_DATABASE_URL, then fedxl.toml's [store] url, then workbooks/fedxl.db
    store_url: str | None = None

    @cached_property
    def config(self) -> Config:
        return load_config(self.root / CONFIG_NAME)

    @cached_property
    def form(self) -> Form:
        """templates/form.toml: the form of every year without a form-YYYY.toml of its own."""
        return load_form(self.templates / FORM_FILE)

    @cached_property
    def forms(self) -> Forms:
        """The form of each year (templates/form-YYYY.toml, see fedxl.form.years)."""
        return Forms.in_folder(self.templates, self.form)

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def workbooks(self) -> Path:
        return self.root / "workbooks"

    def folder(self, name: str) -> Path:
        """One of the workbooks/ sub-folders (inbox, archive, feedback, blank, ...), created."""
        path = self.workbooks / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def db_path(self) -> Path:
        return self.workbooks / "fedxl.db"


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """The workspace given with --workspace, or the nearest folder upward holding fedxl.toml."""
    if explicit is not None:
        root = explicit.expanduser().resolve()
        if not root.is_dir():
            raise ConfigError("workspace.dir_missing", path=str(root))
        if not (root / CONFIG_NAME).is_file():
            raise ConfigError("workspace.not_found", start=str(root))
        return Workspace(root)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Workspace(folder)
    raise ConfigError("workspace.not_found", start=str(here))
