"""Which town and month a submission is for: metadata, 基本信息, title rows, file name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fedxl.checking.findings import Finding, finding
from fedxl.i18n import t
from fedxl.workspace.config import Config, Town


def town_in_filename(config: Config, stem: str) -> Town | None:
    """The town whose name or alias appears in a file name (longest match wins)."""
    key = re.sub(r"\s+", "", stem)
    best: tuple[int, Town] | None = None
    for town in config.towns:
        for name in town.names:
            if name and name in key and (best is None or len(name) > best[0]):
                best = (len(name), town)
    return best[1] if best else None


def month_in_filename(stem: str) -> str | None:
    """The month a file name names (东湖镇2026年7月台账, 东湖_202607), of any year."""
    from fedxl.form.periods import Month

    found = Month.in_name(stem)
    return str(found) if found else None


def identify_town(
    config: Config,
    *,
    meta: str | None,
    info: str | None,
    info_where: dict[str, Any],
    title: str | None,
    path: Path,
    sender: str | None = None,
) -> tuple[Town | None, list[Finding]]:
    """Resolve the town; `town-unknown` / `town-mismatch` findings when it cannot be trusted.
    `sender`: the town whose private upload link sent the file (it comes first)."""
    findings: list[Finding] = []
    sources: list[tuple[str, Town]] = []
    if sender:
        town = config.find_town(sender)
        if town:
            sources.append(("sender", town))
    if meta:
        town = config.find_town(meta)
        if town:
            sources.append(("meta", town))
    if info:
        town = config.find_town(info)
        if town:
            sources.append(("info", town))
        else:
            findings.append(
                finding(
                    "town-unknown",
                    value=info,
                    example=config.towns[0].name,
                    detail=t("town.not_configured", value=info),
                    **info_where,
                )
            )
    if title and not info:
        town = config.find_town(title)
        if town:
            sources.append(("title", town))
    file_town = town_in_filename(config, path.stem)
    if file_town:
        sources.append(("file", file_town))
    distinct = {town.name for _, town in sources}
    if len(distinct) > 1:
        detail = "；".join(f"{t('source.' + src)}“{town.name}”" for src, town in sources)
        findings.append(
            finding(
                "town-mismatch", value=" / ".join(sorted(distinct)), detail=detail, **info_where
            )
        )
    if not sources:
        if not any(f.code == "town-unknown" for f in findings):
            findings.append(finding("town-unknown", example=config.towns[0].name, **info_where))
        return None, findings
    return sources[0][1], findings
