"""Safe file names built from town or organisation names."""

from __future__ import annotations

import re
import unicodedata

_BAD = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 80


def safe_filename(name: str, *, max_len: int = MAX_STEM) -> str:
    """`name` made safe as one file-name component on Windows, macOS and Linux."""
    text = unicodedata.normalize("NFC", name)
    text = _BAD.sub("_", text).replace("\u3000", " ").strip().strip(".")
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\s+", " ", text)
    if not text:
        text = "_"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text[:max_len].rstrip(" .") or "_"
