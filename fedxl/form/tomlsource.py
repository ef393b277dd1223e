"""Read TOML files and point at the line where a key or table is written."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fedxl.errors import FedxlError

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*=""")
_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass
class TomlSource:
    """A parsed TOML document that remembers its text so errors can name a line."""

    path: Path
    text: str
    data: dict[str, Any]
    encoding: str = "utf-8"  # "gbk" when the file was saved as ANSI by Notepad

    def line_of(self, table: str | None, index: int | None = None, key: str | None = None) -> int:
        """1-based line of `key` inside `[table]` (or the `index`-th `[[table]]`); best effort."""
        current: str | None = None
        seen: dict[str, int] = {}
        header_line = 1
        for no, line in enumerate(self.text.splitlines(), start=1):
            stripped = line.split("#", 1)[0] if not line.lstrip().startswith(('"', "'")) else line
            m = _HEADER.match(stripped)
            if m:
                name = m.group(2).strip()
                if table is None and key == name.split(".")[0]:
                    return no
                seen[name] = seen.get(name, -1) + 1
                current = name if m.group(1) == "[" else f"{name}#{seen[name]}"
                want = table if index is None else f"{table}#{index}"
                if current == want:
                    header_line = no
                continue
            want = table if index is None else f"{table}#{index}"
            if key and current == want:
                km = _KEY.match(stripped)
                if km and (km.group(1) or km.group(2) or km.group(3)) == key:
                    return no
            if key and table is None and current is None:
                km = _KEY.match(stripped)
                if km and (km.group(1) or km.group(2) or km.group(3)) == key:
                    return no
        return header_line


class TomlSyntaxError(Exception):
    def __init__(self, path: Path, line: int, detail: str) -> None:
        super().__init__(detail)
        self.path, self.line, self.detail = path, line, detail


_FULLWIDTH = {"“": '"', "”": '"', "‘": "'", "’": "'", "＝": "=", "，": ",", "［": "[", "］": "]"}


def read_toml(path: Path) -> TomlSource:
    """Parse `path`; raise TomlSyntaxError (with a line, in the message language) or OSError.

    A file saved by Notepad as "ANSI" (GBK on Chinese Windows) is read as GBK: `encoding` says so.
    """
    raw = path.read_bytes()
    encoding = "utf-8"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, encoding = raw.decode("gb18030"), "gbk"
        except UnicodeDecodeError:
            raise TomlSyntaxError(path, 1, _explain("toml.encoding")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        line = int(m.group(1)) if m else 1
        raise TomlSyntaxError(path, line, _syntax_detail(text, line, str(exc))) from None
    return TomlSource(path, text, data, encoding)


def _explain(key: str, **params: Any) -> str:
    from fedxl.i18n import t

    return t(key, **params)


def _syntax_detail(text: str, line: int, message: str) -> str:
    """What tomllib found, said plainly; the likeliest typo (Chinese punctuation) named."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    wide = sorted({ch for ch in here if ch in _FULLWIDTH})
    if wide:
        return _explain(
            "toml.fullwidth",
            chars=" ".join(wide),
            ascii=" ".join(_FULLWIDTH[c] for c in wide),
            text=here.strip(),
        )
    return _explain("toml.syntax", detail=message, text=here.strip())


def read_checked(path: Path, error: type[FedxlError], key: str) -> TomlSource:
    """`read_toml`, with a syntax or file error raised as `error(key)` naming the file and line."""
    try:
        return read_toml(path)
    except TomlSyntaxError as exc:
        raise error(key, file=str(path), line=exc.line, detail=exc.detail) from None
    except OSError as exc:
        from fedxl.errors import os_reason

        raise error(key, file=str(path), line=0, detail=os_reason(exc)) from None
