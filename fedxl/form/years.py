"""Forms by year: `templates/form.toml` is the form until a year gets its own.

`templates/form-2027.toml` governs 2027 and every later year until a later `form-YYYY.toml`;
`form.toml` the years before. A ledger is checked, stored and laid out with the form of its
截至月份's year. A year's form is read when that year is first needed, so a mistake in
form-2027.toml stops nothing of 2026.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fedxl.errors import FormError
from fedxl.form.load import FORM_FILE, load_form
from fedxl.form.model import Form
from fedxl.form.periods import Month

_YEAR_FILE = re.compile(r"^form-(\d{4})\.toml$")


@dataclass(frozen=True)
class Forms:
    """The workspace's forms: the base form and the years that have their own file."""

    base: Form
    by_year: tuple[tuple[int, Path], ...] = ()  # (first year, form-YYYY.toml), in year order
    _loaded: dict[Path, Form] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def in_folder(cls, templates: Path, base: Form) -> Forms:
        found = []
        if templates.is_dir():
            for path in templates.iterdir():
                m = _YEAR_FILE.match(path.name)
                if m and path.is_file():
                    found.append((int(m.group(1)), path))
        return cls(base, tuple(sorted(found)))

    def path_for(self, year: int) -> Path | None:
        """The form file that governs `year` (None: the base form.toml)."""
        chosen = None
        for first, path in self.by_year:
            if first <= year:
                chosen = path
        return chosen

    def for_year(self, year: int | None) -> Form:
        """The form of ledgers of `year` (FormError when that year's file is wrong)."""
        path = self.path_for(year) if year is not None else None
        if path is None:
            return self.base
        form = self._loaded.get(path)
        if form is None:
            form = self._loaded[path] = load_form(path)
        return form

    def check_unchanged(self, stored: Mapping[str, set[tuple[str, str]]]) -> None:
        """Refuse a form changed inside a year: `stored` (Store.form_versions) holds the form id and
        version each month's submissions were checked with; the form governing a year that has
        submissions must be one of those (FormError naming the file, the year and what to do)."""
        by_year: dict[int, set[tuple[str, str]]] = {}
        for month, versions in stored.items():
            by_year.setdefault(Month.of(month).year, set()).update(versions)
        for year in sorted(by_year):
            form = self.for_year(year)
            if (form.id, form.version) in by_year[year]:
                continue
            path = self.path_for(year)
            raise FormError(
                "form.changed_in_year",
                file=path.name if path else FORM_FILE,
                year=year,
                version=form.version,
                stored="、".join(sorted(v for _, v in by_year[year])),
                next_file=f"form-{year + 1}.toml",
            )

    # to a worker: the base form and the files to read there
    def __reduce__(
        self,
    ) -> tuple[object, ...]:
        return (Forms, (self.base, self.by_year))


__all__ = ["FORM_FILE", "Forms"]
