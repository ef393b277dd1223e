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
    """A town of the register: its current name, other spellings and former names (`aliases`:
    files and stored submissions under them are this town's), its yearly quota (one number for
    every year, or by year), the months it reports (`since`, `until`: YYYY-MM, both included) and
    its contact for notices."""

    name: str
    aliases: tuple[str, ...] = ()
    quota: int | None = None  # every year's, unless `quotas` names the year
    quotas: tuple[tuple[int, int], ...] = ()  # (year, quota)
    since: str | None = None
    until: str | None = None
    contact: str = ""
    phone: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def quota_for(self, year: int) -> int | None:
        """年度建组任务 of `year`."""
        return dict(self.quotas).get(year, self.quota)

    def due_in(self, month: str) -> bool:
        """Whether the town reports `month` (YYYY-MM): inside since … until."""
        return (self.since is None or self.since <= month) and (
            self.until is None or month <= self.until
        )


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
    # [store] url: a PostgreSQL server's database instead of workbooks/fedxl.db (None: SQLite)
    store_url: str | None = None

    def find_town(self, name: str) -> Town | None:
        """The configured town called `name` (by name or alias, ignoring spaces)."""
        key = "".join(name.split())
        for town in self.towns:
            if key in town.names:
                return town
        return None

    def towns_due(self, month: str) -> tuple[Town, ...]:
        """The towns that report `month` (YYYY-MM): a town added later or ended before is not due,
        so no register change alters a month already reported."""
        return tuple(town for town in self.towns if town.due_in(month))

    def names_of(self, name: str) -> tuple[str, ...]:
        """Every name a town's submissions may be stored under (a renamed town's former names)."""
        town = self.find_town(name)
        return town.names if town is not None else (name,)


# Schema: key -> (expected type name, required, default, extra check returning a reason key or None)
Check = Callable[[Any], str | None]
Spec = tuple[str, bool, Any, Check | None]


def _year(v: Any) -> str | None:
    return None if 2000 <= v <= 2100 else "reason.year"


def _day(v: Any) -> str | None:
    return None if 1 <= v <= 28 else "reason.day"


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


def _quota(v: Any) -> str | None:
    """`quota = 3`, or by year: `quota = { 2026 = 3, 2027 = 4 }`."""
    values = v.items() if isinstance(v, dict) else [("", v)]
    for year, number in values:
        if year and not (str(year).isdigit() and _year(int(str(year))) is None):
            return "reason.quota_year"
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            return "reason.nonneg"
    return None


def _month(v: Any) -> str | None:
    from fedxl.form.periods import Month

    return None if Month.parse(v) is not None else "reason.month"


TOWN: dict[str, Spec] = {
    "name": ("str", True, None, _nonblank),
    "aliases": ("list_str", False, [], None),
    "quota": ("quota", False, None, _quota),
    "since": ("str", False, None, _month),
    "until": ("str", False, None, _month),
    "contact": ("str", False, "", None),
    "phone": ("str", False, "", None),
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


def _database_url(v: Any) -> str | None:
    return None if v.strip().startswith(("postgresql://", "postgres://")) else "reason.db_url"


STORE: dict[str, Spec] = {
    "url": ("str", False, None, _database_url),
}
SECTIONS = ("district", "towns", "options", "limits", "store")


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
    if kind == "quota":
        return isinstance(value, dict) or (isinstance(value, int) and not isinstance(value, bool))
    raise AssertionError(kind)


class _Validator:
    def __init__(self, src: TomlSource) -> None:
        self.src = src
        self.file = str(src.path)

    def fail(
        self,
        msg: str,
        *,
        table: str | None,
        index: int | None = None,
        name: str | None = None,
        **kw: Any,
    ) -> ConfigError:
        line = self.src.line_of(table, index, name)
        return ConfigError(msg, file=self.file, line=line, **kw)

    def section(self, data: dict[str, Any], spec: dict[str, Spec], name: str) -> dict[str, Any]:
        """An optional top-level table (`[options]`, `[store]` …) checked against `spec`."""
        from fedxl.i18n import t

        raw = data.get(name, {})
        if not isinstance(raw, dict):
            raise self.fail(
                "config.bad_type",
                table=None,
                name=name,
                key=name,
                expected=t("type.table"),
                value=repr(raw),
            )
        return self.table(raw, spec, name)

    def table(
        self, data: Any, spec: dict[str, Spec], table: str, index: int | None = None
    ) -> dict[str, Any]:
        label = table if index is None else f"{table}[{index + 1}]"
        out: dict[str, Any] = {}
        for key in data:
            if key not in spec:
                raise self.fail(
                    "config.unknown_key",
                    table=table,
                    index=index,
                    name=key,
                    key=f"{label}.{key}",
                    allowed=", ".join(spec),
                )
        for key, (kind, required, default, check) in spec.items():
            if key not in data:
                if required:
                    raise self.fail(
                        "config.missing_key", table=table, index=index, section=label, key=key
                    )
                out[key] = default
                continue
            value = data[key]
            if not _type_ok(kind, value):
                from fedxl.i18n import t

                raise self.fail(
                    "config.bad_type",
                    table=table,
                    index=index,
                    name=key,
                    key=f"{label}.{key}",
                    expected=t(f"type.{kind}"),
                    value=repr(value),
                )
            reason = check(value) if check else None
            if reason:
                from fedxl.i18n import t

                raise self.fail(
                    "config.bad_value",
                    table=table,
                    index=index,
                    name=key,
                    key=f"{label}.{key}",
                    value=repr(value),
                    reason=t(reason),
                )
            out[key] = value.strip() if isinstance(value, str) else value
        return out


def _town(v: _Validator, tv: dict[str, Any], names: list[str], index: int) -> Town:
    from fedxl.form.periods import Month

    since = str(Month.parse(tv["since"])) if tv["since"] else None
    until = str(Month.parse(tv["until"])) if tv["until"] else None
    if since and until and since > until:
        raise v.fail(
            "config.since_after_until",
            table="towns",
            index=index,
            name="until",
            town=tv["name"],
            since=since,
            until=until,
        )
    quota = tv["quota"]
    by_year = (
        tuple(sorted((int(k), int(n)) for k, n in quota.items())) if isinstance(quota, dict) else ()
    )
    return Town(
        name=tv["name"],
        aliases=tuple(names[1:]),
        quota=None if isinstance(quota, dict) else quota,
        quotas=by_year,
        since=since,
        until=until,
        contact=tv["contact"],
        phone=tv["phone"],
    )


def parse_config(src: TomlSource) -> Config:
    """Validate a parsed `fedxl.toml` into a Config; ConfigError names key and line."""
    from fedxl.i18n import t

    v = _Validator(src)
    data = src.data
    if "city" in data and "district" not in data:  # a city's workspace: `fedxl city …` reads it
        raise ConfigError("config.city_workspace", file=v.file, name=_city_name(data))
    for key in data:
        if key not in SECTIONS:
            raise v.fail(
                "config.unknown_key", table=None, name=key, key=key, allowed=", ".join(SECTIONS)
            )
    if "district" not in data:
        raise ConfigError("config.missing_section", file=v.file, key="district")
    if not isinstance(data["district"], dict):
        raise v.fail(
            "config.bad_type",
            table=None,
            name="district",
            key="district",
            expected=t("type.table"),
            value=repr(data["district"]),
        )
    d = v.table(data["district"], DISTRICT, "district")
    district = District(
        name=d["name"],
        federation=d["federation"] or f"{d['name']}妇联",
        ledger_year=d["ledger_year"],
        deadline_day=d["deadline_day"],
        doc_prefix=d["doc_prefix"],
        contact_person=d["contact_person"],
        contact_phone=d["contact_phone"],
        report_to=d["report_to"],
    )
    raw_towns = data.get("towns", [])
    if not isinstance(raw_towns, list) or not all(isinstance(x, dict) for x in raw_towns):
        raise v.fail(
            "config.bad_type",
            table=None,
            name="towns",
            key="towns",
            expected=t("type.array_tables"),
            value=repr(raw_towns)[:40],
        )
    if not raw_towns:
        raise ConfigError("config.no_towns", file=v.file)
    towns: list[Town] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_towns):
        tv = v.table(raw, TOWN, "towns", i)
        names = [tv["name"], *("".join(a.split()) for a in tv["aliases"] if a.strip())]
        for name in names:
            if name in seen:
                raise ConfigError(
                    "config.duplicate_town",
                    file=v.file,
                    line=src.line_of("towns", i, "name"),
                    name=name,
                )
            seen.add(name)
        towns.append(_town(v, tv, names, i))
    o = v.section(data, OPTIONS, "options")
    lim = v.section(data, LIMITS, "limits")
    store = v.section(data, STORE, "store")
    return Config(
        path=src.path,
        district=district,
        towns=tuple(towns),
        encoding=src.encoding,
        options=Options(mask_phones=o["mask_phones"], lang=o["lang"]),
        limits=Limits(**lim),
        store_url=store["url"],
    )


def _city_name(data: dict[str, Any]) -> str:
    city = data.get("city")
    return str(city.get("name", "")) if isinstance(city, dict) else ""


@dataclass(frozen=True)
class CityConfig:
    """A city's workspace (`[city]`): its districts, whose stores share one PostgreSQL database
    (`[store] url`, or FEDXL_DATABASE_URL), each district's in its own schema."""

    path: Path
    name: str
    federation: str
    districts: tuple[str, ...]
    store_url: str | None = None
    report_to: str = "省妇联"  # 报 of the city briefing's 版记


def _districts(v: Any) -> str | None:
    names = [x.strip() for x in v]
    if not names or not all(names):
        return "reason.blank"
    return "reason.duplicate" if len(set(names)) < len(names) else None


CITY: dict[str, Spec] = {
    "name": ("str", True, None, _nonblank),
    "federation": ("str", False, None, _nonblank),
    "districts": ("list_str", True, None, _districts),
    "report_to": ("str", False, "省妇联", None),
}
CITY_SECTIONS = ("city", "store")


def parse_city(src: TomlSource) -> CityConfig:
    """Validate a city's `fedxl.toml` ([city] and [store]); ConfigError names key and line."""

    v = _Validator(src)
    data = src.data
    if not isinstance(data.get("city"), dict):  # a district's workspace, perhaps
        raise ConfigError("config.not_city", file=v.file)
    for key in data:
        if key not in CITY_SECTIONS:
            raise v.fail(
                "config.unknown_key",
                table=None,
                name=key,
                key=key,
                allowed=", ".join(CITY_SECTIONS),
            )
    c = v.table(data["city"], CITY, "city")
    store = v.section(data, STORE, "store")
    return CityConfig(
        path=src.path,
        name=c["name"],
        federation=c["federation"] or f"{c['name']}妇联",
        districts=tuple(x.strip() for x in c["districts"]),
        store_url=store["url"],
        report_to=c["report_to"],
    )


def load_city(path: Path) -> CityConfig:
    """Read and validate a city's `path` (a fedxl.toml with [city])."""
    return parse_city(read_checked(path, ConfigError, "config.syntax"))


def load_config(path: Path) -> Config:
    """Read and validate `path` (a fedxl.toml)."""
    return parse_config(read_checked(path, ConfigError, "config.syntax"))
