"""Recognise what a received file really is, from its bytes, before any parser sees it."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fedxl.workspace.limits import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MB = 1024 * 1024


PICTURE_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"BM",
    b"RIFF",
    b"II*\x00",
    b"MM\x00*",
)  # jpg png gif bmp webp tiff


class ReadFailure(Exception):
    """The file cannot be read; `code` is the finding code, `key` and `params` the catalogue
    message saying why (rendered in the language of the moment)."""

    def __init__(self, code: str, key: str = "", **params: Any) -> None:
        super().__init__(key or code)
        self.code, self.key, self.params = code, key, params

    def __reduce__(self) -> tuple[Any, ...]:  # crosses from a worker process whole
        return (type(self), (self.code, self.key), self.__dict__)

    def detail(self) -> str:
        from fedxl.i18n import t

        return t(self.key, **self.params) if self.key else ""

    @property
    def hint_key(self) -> str | None:
        """The file could not be opened at all: saving it again as .xlsx is not the cure."""
        return OS_HINT if self.key == "read.open" else None


OS_HINT = "finding.file-unreadable.os.hint"


@dataclass(frozen=True)
class Sniffed:
    kind: str  # xlsx | xls | ods
    size: int


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _refuse_dtds(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """No XML member may declare a DTD or entities (billion laughs, XXE): checked on each head."""
    from fedxl.reading.parts import head_of

    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        if _DTD.search(head_of(zf, info, 4096)):
            raise ReadFailure("file-unreadable", "read.dtd", part=info.filename)


def opened_zip(source: Path | zipfile.ZipFile) -> Any:
    """`source` as an open ZipFile: one already open is used as it is (and left open), a path is
    opened for the `with` block. Reading a workbook opens its zip once (fedxl.reading.book)."""
    import contextlib

    from fedxl.reading.parts import PartsZip

    return (
        contextlib.nullcontext(source) if isinstance(source, zipfile.ZipFile) else PartsZip(source)
    )


def _zip_kind(path: Path | zipfile.ZipFile, limits: Limits) -> str:
    try:
        with opened_zip(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            biggest = max((i.file_size for i in infos), default=0)
            if total > limits.max_unzipped_mb * MB or biggest > limits.max_member_mb * MB:
                raise ReadFailure("file-too-large", "read.unzipped", mb=f"{total / MB:.0f}")
            if total / packed > limits.max_ratio and total > 10 * MB:
                raise ReadFailure("file-too-large", "read.ratio")
            _refuse_dtds(zf, infos)
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
                    raise ReadFailure("file-unreadable", "read.xlsb")
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                mime = zf.read("mimetype")[:100]  # an .ods is not the common case
                if b"spreadsheet" in mime:
                    return "ods"
                raise ReadFailure("file-unreadable", "read.odt")
            if "word/document.xml" in names:
                raise ReadFailure("file-unreadable", "read.docx")
            raise ReadFailure("file-unreadable", "read.zip")
    except zipfile.BadZipFile:
        raise ReadFailure("file-unreadable", "read.bad_zip") from None


def sniff(path: Path, limits: Limits, zf: zipfile.ZipFile | None = None) -> Sniffed:
    """The real format of `path`; ReadFailure when it is not a workbook fedxl can read (`zf`: the
    file's zip when the caller has it open already)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        from fedxl.errors import os_reason

        raise ReadFailure("file-unreadable", "read.open", reason=os_reason(exc)) from None
    if size == 0:
        raise ReadFailure("file-unreadable", "read.empty")
    if size > limits.max_file_mb * MB:
        raise ReadFailure(
            "file-too-large", "read.size", mb=f"{size / MB:.1f}", limit=f"{limits.max_file_mb:g}"
        )
    if head.startswith(ZIP_MAGIC):
        return Sniffed(_zip_kind(zf or path, limits), size)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if _ENCRYPTED_STREAM in data:
            raise ReadFailure("file-encrypted")
        return Sniffed("xls", size)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<", b"<!")):
        raise ReadFailure("file-unreadable", "read.html")
    if head.startswith(b"%PDF"):
        raise ReadFailure("file-unreadable", "read.pdf")
    if head.startswith(PICTURE_MAGIC):  # a photo of the ledger, sent from a phone
        raise ReadFailure("file-unreadable", "read.picture")
    raise ReadFailure("file-unreadable", "read.not_workbook")
