"""Recognise what a received file really is, from its bytes, before any parser sees it."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fedxl.workspace.limits import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MB = 1024 * 1024


class ReadFailure(Exception):
    """The file cannot be read; `code` is the finding code, `detail` says why (per language)."""

    def __init__(self, code: str, detail_zh: str = "", detail_en: str = "") -> None:
        super().__init__(detail_en or detail_zh or code)
        self.code, self.detail_zh, self.detail_en = code, detail_zh, detail_en

    def detail(self) -> str:
        from fedxl.i18n import get_lang

        return self.detail_en if get_lang() == "en" else self.detail_zh


@dataclass(frozen=True)
class Sniffed:
    kind: str  # xlsx | xls | ods
    size: int


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _refuse_dtds(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """No XML member may declare a DTD or entities (billion laughs, XXE): checked on each head."""
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with zf.open(info) as fh:
            head = fh.read(4096)
        if _DTD.search(head):
            raise ReadFailure("file-unreadable", f"文件内部含有不允许的 DTD/实体声明（{info.filename}），可能是恶意文件",
                              f"an XML part declares a DTD or entities ({info.filename}); refused as hostile")


def _zip_kind(path: Path, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            biggest = max((i.file_size for i in infos), default=0)
            if total > limits.max_unzipped_mb * MB or biggest > limits.max_member_mb * MB:
                raise ReadFailure("file-too-large", f"解压后 {total / MB:.0f} MB，超过上限",
                                  f"{total / MB:.0f} MB when unzipped, over the limit")
            if total / packed > limits.max_ratio and total > 10 * MB:
                raise ReadFailure("file-too-large", "压缩比异常（疑似压缩炸弹）",
                                  "abnormal compression ratio (zip bomb?)")
            _refuse_dtds(zf, infos)
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
                    raise ReadFailure("file-unreadable", "这是 .xlsb 二进制工作簿，请另存为 .xlsx",
                                      "an .xlsb binary workbook; save it as .xlsx")
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                mime = zf.read("mimetype")[:100]
                if b"spreadsheet" in mime:
                    return "ods"
                raise ReadFailure("file-unreadable", "这是文字文档，不是电子表格", "a text document, not a spreadsheet")
            if "word/document.xml" in names:
                raise ReadFailure("file-unreadable", "这是 Word 文档，不是 Excel 工作簿", "a Word document, not a workbook")
            raise ReadFailure("file-unreadable", "压缩包里没有工作簿", "a zip archive without a workbook")
    except zipfile.BadZipFile:
        raise ReadFailure("file-unreadable", "文件已损坏（压缩结构不完整）", "damaged (incomplete zip)") from None


def sniff(path: Path, limits: Limits) -> Sniffed:
    """The real format of `path`; ReadFailure when it is not a workbook fedxl can read."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadFailure("file-unreadable", f"无法打开文件（{exc.strerror}）", f"cannot open ({exc.strerror})") from None
    if size == 0:
        raise ReadFailure("file-unreadable", "文件是空的（0 字节）", "the file is empty")
    if size > limits.max_file_mb * MB:
        raise ReadFailure("file-too-large", f"{size / MB:.1f} MB，超过 {limits.max_file_mb:g} MB 上限",
                          f"{size / MB:.1f} MB, over the {limits.max_file_mb:g} MB limit")
    if head.startswith(ZIP_MAGIC):
        return Sniffed(_zip_kind(path, limits), size)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if _ENCRYPTED_STREAM in data:
            raise ReadFailure("file-encrypted")
        return Sniffed("xls", size)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<", b"<!")):
        raise ReadFailure("file-unreadable", "这是网页（HTML/XML）文件改了扩展名，不是真正的 Excel 工作簿",
                          "an HTML/XML file renamed, not a real workbook")
    raise ReadFailure("file-unreadable", "这不是 Excel 工作簿（可能是文本或 CSV 文件改了扩展名）",
                      "not a workbook (perhaps a text or CSV file renamed)")
