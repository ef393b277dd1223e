"""Safe file names built from town or organisation names."""

from __future__ import annotations

import re
import unicodedata

_BAD = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
MAX_STEM = 80
# UTF-8 bytes: ext4 allows 255 a name, and prefixes, suffixes and temporary names come on top
MAX_BYTES = 150


def safe_filename(name: str, *, max_len: int = MAX_STEM, max_bytes: int = MAX_BYTES) -> str:
    """`name` made safe as one file-name component on Windows, macOS and Linux: at most `max_len`
    characters and `max_bytes` UTF-8 bytes (a name cut short ends in `~` and a short hash of the
    whole name, so two long names that start alike stay apart)."""
    text = unicodedata.normalize("NFC", name)
    text = _BAD.sub("_", text).replace("\u3000", " ").strip().strip(".")
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\s+", " ", text)
    if not text:
        text = "_"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    cut = text[:max_len].rstrip(" .") or "_"
    if cut == text and len(cut.encode("utf-8")) <= max_bytes:
        return cut
    import hashlib

    tag = "~" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    room = max(1, min(max_len, max_bytes) - len(tag))
    while len(cut.encode("utf-8")) > max_bytes - len(tag) or len(cut) > room:
        cut = cut[:-1]
    return (cut.rstrip(" .") or "_") + tag
