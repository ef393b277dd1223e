"""`fedxl.toml`: typed workspace configuration and its validation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.errors import ConfigError
from fedxl.form.tomlsource import TomlSource, read_checked
from fedxl.workspace.limits import Limits

CONFIG_NAME = "fedxl.toml"


@dataclass(frozen=True)
class Town:
    name: str
    aliases: tuple[str, ...] = ()
    quota: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class District:
    name: str
    federation: str
    ledger_year: int
    deadline_day: int = 5
    doc_prefix: str = ""  # 发文字号 prefix of notices: 振妇字 → 振妇字〔2026〕3号
    contact_person: str = ""  # the district's contact named on notices
    contact_phone: str = ""
    report_to: str = "市妇联"  # 主送 of the half-year report, 报 of the briefing's 版记


@dataclass(frozen=True)
class Options:
    mask_phones: bool = True
    lang: str = "zh"


@dataclass(frozen=True)
class Config:
    path: Path
    district: District
    towns: tuple[Town, ...]
    options: Options = field(default_factory=Options)
    limits: Limits = field(default_factory=Limits)
    encoding: str = "utf-8"  # "gbk" when Notepad saved fedxl.toml as ANSI (read all the same)

    def find_town(self, name: str) -> Town | None:
        """The configured town called `name` (by name or alias, ignoring spaces)."""
        key = "".join(name.split())
        for town in self.towns:
            if key in town.names:
                return town
        return None


# Schema: key -> (expected type name, required, default, extra check returning a reason key or None)
Check = Callable[[Any], str | None]
Spec = tuple[str, bool, Any, Check | None]


def _year(v: Any) -> str | None:
    return None if 2000 <= v <= 2100 else "reason.year"


def _day(v: Any) -> str | None:
    return None if 1 <= v <= 28 else "reason.day"


def _nonneg(v: Any) -> str | None:
    return None if v >= 0 else "reason.nonneg"


def _nonblank(v: Any) -> str | None:
    return None if v.strip() else "reason.blank"


def _lang(v: Any) -> str | None:
    return None if v in ("zh", "en") else "reason.lang"


DISTRICT: dict[str, Spec] = {
    "name": ("str", True, None, _nonblank),
    "federation": ("str", False, None, _nonblank),
    "ledger_year": ("int", True, None, _year),
    "deadline_day": ("int", False, 5, _day),
    "doc_prefix": ("str", False, "", None),
    "contact_person": ("str", False, "", None),
    "contact_phone": ("str", False, "", None),
    "report_to": ("str", False, "市妇联", None),
}
TOWN: dict[str, Spec] = {
    "name": ("str", True, None, _nonblank),
    "aliases": ("list_str", False, [], None),
    "quota": ("int", False, None, _nonneg),
}
OPTIONS: dict[str, Spec] = {
    "mask_phones": ("bool", False, True, None),
    "lang": ("str", False, "zh", _lang),
}
def _positive(v: Any) -> str | None:
    return None if v > 0 else "reason.positive"


LIMITS: dict[str, Spec] = {
    "max_file_mb": ("number", False, Limits.max_file_mb, _positive),
    "max_unzipped_mb": ("number", False, Limits.max_unzipped_mb, _positive),
    "max_member_mb": ("number", False, Limits.max_member_mb, _positive),
    "max_ratio": ("number", False, Limits.max_ratio, _positive),
    "max_rows": ("int", False, Limits.max_rows, _positive),
    "max_cells": ("int", False, Limits.max_cells, _positive),
    "max_merges": ("int", False, Limits.max_merges, _positive),
    "max_text_mb": ("number", False, Limits.max_text_mb, _positive),
    "max_feedback_cells": ("int", False, Limits.max_feedback_cells, _positive),
    "max_findings": ("int", False, Limits.max_findings, _positive),
    "max_memory_mb": ("number", False, Limits.max_memory_mb, _positive),
    "max_seconds": ("number", False, Limits.max_seconds, _positive),
    "uploads_per_minute": ("int", False, Limits.uploads_per_minute, _positive),
}
SECTIONS = ("district", "towns", "options", "limits")


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "list_str":
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    raise AssertionError(kind)


class _Validator:
    def __init__(self, src: TomlSource) -> None:
        self.src = src
        self.file = str(src.path)

    def fail(self, msg: str, *, table: str | None, index: int | None = None,
             name: str | None = None, **kw: Any) -> ConfigError:
        line = self.src.line_of(table, index, name)
        return ConfigError(msg, file=self.file, line=line, **kw)

    def table(self, data: Any, spec: dict[str, Spec], table: str,
              index: int | None = None) -> dict[str, Any]:
        label = table if index is None else f"{table}[{index + 1}]"
        out: dict[str, Any] = {}
        for key in data:
            if key not in spec:
                raise self.fail("config.unknown_key", table=table, index=index, name=key,
                                key=f"{label}.{key}", allowed=", ".join(spec))
        for key, (kind, required, default, check) in spec.items():
            if key not in data:
                if required:
                    raise self.fail("config.missing_key", table=table, index=index,
                                    section=label, key=key)
                out[key] = default
                continue
            value = data[key]
            if not _type_ok(kind, value):
                from fedxl.i18n import t

                raise self.fail("config.bad_type", table=table, index=index, name=key,
                                key=f"{label}.{key}", expected=t(f"type.{kind}"),
                                value=repr(value))
            reason = check(value) if check else None
            if reason:
                from fedxl.i18n import t

                raise self.fail("config.bad_value", table=table, index=index, name=key,
                                key=f"{label}.{key}", value=repr(value), reason=t(reason))
            out[key] = value.strip() if isinstance(value, str) else value
        return out


def parse_config(src: TomlSource) -> Config:
    """Validate a parsed `fedxl.toml` into a Config; ConfigError names key and line."""
    from fedxl.i18n import t

    v = _Validator(src)
    data = src.data
    for key in data:
        if key not in SECTIONS:
            raise v.fail("config.unknown_key", table=None, name=key, key=key,
                         allowed=", ".join(SECTIONS))
    if "district" not in data:
        raise ConfigError("config.missing_section", file=v.file, key="district")
    if not isinstance(data["district"], dict):
        raise v.fail("config.bad_type", table=None, name="district", key="district",
                     expected=t("type.table"), value=repr(data["district"]))
    d = v.table(data["district"], DISTRICT, "district")
    district = District(name=d["name"], federation=d["federation"] or f"{d['name']}妇联",
                        ledger_year=d["ledger_year"], deadline_day=d["deadline_day"], doc_prefix=d["doc_prefix"],
                        contact_person=d["contact_person"], contact_phone=d["contact_phone"],
                        report_to=d["report_to"])
    raw_towns = data.get("towns", [])
    if not isinstance(raw_towns, list) or not all(isinstance(x, dict) for x in raw_towns):
        raise v.fail("config.bad_type", table=None, name="towns", key="towns",
                     expected=t("type.array_tables"), value=repr(raw_towns)[:40])
    if not raw_towns:
        raise ConfigError("config.no_towns", file=v.file)
    towns: list[Town] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_towns):
        tv = v.table(raw, TOWN, "towns", i)
        names = [tv["name"], *("".join(a.split()) for a in tv["aliases"] if a.strip())]
        for name in names:
            if name in seen:
                raise ConfigError("config.duplicate_town", file=v.file,
                                  line=src.line_of("towns", i, "name"), name=name)
            seen.add(name)
        towns.append(Town(name=tv["name"], aliases=tuple(names[1:]), quota=tv["quota"]))
    raw_opts = data.get("options", {})
    if not isinstance(raw_opts, dict):
        raise v.fail("config.bad_type", table=None, name="options", key="options",
                     expected=t("type.table"), value=repr(raw_opts))
    o = v.table(raw_opts, OPTIONS, "options")
    raw_limits = data.get("limits", {})
    if not isinstance(raw_limits, dict):
        raise v.fail("config.bad_type", table=None, name="limits", key="limits",
                     expected=t("type.table"), value=repr(raw_limits))
    lim = v.table(raw_limits, LIMITS, "limits")
    return Config(path=src.path, district=district, towns=tuple(towns), encoding=src.encoding,
                  options=Options(mask_phones=o["mask_phones"], lang=o["lang"]), limits=Limits(**lim))


def load_config(path: Path) -> Config:
    """Read and validate `path` (a fedxl.toml)."""
    return parse_config(read_checked(path, ConfigError, "config.syntax"))
