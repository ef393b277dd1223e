"""A workbook's zip, with its members' heads and small parts read straight from their bytes.

Before and beside calamine fedxl takes quick looks into a received .xlsx: the head of every XML
part (no DTD may be declared), each sheet's `<dimension>`, the workbook's sheet list, formulas
without a value. `ZipFile.open` builds a reader per member (a CRC, a decompressor, buffers): on
a small ledger of forty parts that costs more than the looks themselves. `PartsZip` reads a
member's compressed bytes from the file and inflates only as much as is asked for; anything
unusual (an encrypted member, another compression) goes through `ZipFile` as before. Sizes are
bounded by what the caller asks and by the member's declared size; the declared sizes were
checked against the limits before anything is inflated (fedxl.reading.sniff).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import IO

_LOCAL = struct.Struct("<4s5H3L2H")  # a member's local header: its name and extra lengths last
_CHUNK = 1 << 16
HEADS = 1 << 14  # heads up to this size are kept for a second look


class PartsZip(zipfile.ZipFile):
    """A ZipFile that also reads members' heads (`head`) and whole small parts (`part`) from the
    raw bytes."""

    _own: IO[bytes] | None = None
    sheets: dict[str, str] | None = None  # sheet name -> part, once read (fedxl.reading.ooxml)
    _heads: dict[str, bytes] | None = None  # the longest head read of each member (<= HEADS)

    def _handle(self) -> IO[bytes]:
        if self._own is None:
            if not self.filename:
                raise zipfile.BadZipFile("no file to read from")
            self._own = open(self.filename, "rb")  # noqa: SIM115 - closed in close()
        return self._own

    def close(self) -> None:
        if self._own is not None:
            self._own.close()
            self._own = None
        super().close()

    def _plain(self, info: zipfile.ZipInfo) -> bool:
        return not info.flag_bits & 0x1 and info.compress_type in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        )

    def _data_start(self, fh: IO[bytes], info: zipfile.ZipInfo) -> int:
        fh.seek(info.header_offset)
        header = fh.read(_LOCAL.size)
        if len(header) != _LOCAL.size or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header: {info.filename}")
        fields = _LOCAL.unpack(header)
        return int(info.header_offset + _LOCAL.size + fields[-2] + fields[-1])

    def head(self, member: str | zipfile.ZipInfo, size: int) -> bytes:
        """The first `size` bytes of a member (fewer when it is shorter); the heads asked for
        more than once (a DTD look, then the sheet's <dimension>) are inflated once, and a member
        smaller than HEADS whole at its first look."""
        info = member if isinstance(member, zipfile.ZipInfo) else self.getinfo(member)
        if self._heads is None:
            self._heads = {}
        known = self._heads.get(info.filename)
        if known is not None and (len(known) >= size or len(known) == info.file_size):
            return known[:size]
        want = size
        if size <= HEADS and info.file_size < HEADS:
            # a small member whole (and a byte past its declared size, which `part` checks): a
            # small ledger's sheets are read whole for their formulas after their heads
            want = max(size, info.file_size + 1)
        data = self._inflate(info, want)
        if want <= HEADS:
            self._heads[info.filename] = data
        return data[:size]

    def _inflate(self, info: zipfile.ZipInfo, size: int) -> bytes:
        if not self._plain(info):
            with self.open(info) as fh:
                return fh.read(size)
        fh = self._handle()
        fh.seek(self._data_start(fh, info))
        if info.compress_type == zipfile.ZIP_STORED:
            return fh.read(min(size, info.compress_size))
        inflate = zlib.decompressobj(-15)
        pieces: list[bytes] = []  # joined once: adding bytes up was quadratic on a large sheet
        have, left, tail = 0, info.compress_size, b""
        try:
            while have < size and (left > 0 or tail):
                raw = b""
                if left > 0 and not tail:
                    # a head needs little input; a whole member is read in large blocks
                    raw = fh.read(min(left, _CHUNK if size <= HEADS else 1 << 22))
                    if not raw:
                        break
                    left -= len(raw)
                piece = inflate.decompress(tail + raw, size - have)
                tail = inflate.unconsumed_tail
                pieces.append(piece)
                have += len(piece)
                if not piece and not tail and not raw:
                    break
        except zlib.error as exc:
            raise zipfile.BadZipFile(f"{info.filename}: {exc}") from None
        return b"".join(pieces)[:size]

    def part(self, member: str | zipfile.ZipInfo) -> bytes:
        """A whole member, no longer than its declared size (a member that inflates beyond what
        the directory says is damaged)."""
        info = member if isinstance(member, zipfile.ZipInfo) else self.getinfo(member)
        if not self._plain(info):
            return self.read(info)
        data = self.head(info, info.file_size + 1)
        if len(data) != info.file_size:
            raise zipfile.BadZipFile(f"{info.filename}: not the size the directory says")
        return data


def head_of(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo, size: int) -> bytes:
    """The first `size` bytes of a member of any open zip."""
    if isinstance(zf, PartsZip):
        return zf.head(member, size)
    with zf.open(member) as fh:
        return fh.read(size)


def part_of(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> bytes:
    """A whole member of any open zip."""
    return zf.part(member) if isinstance(zf, PartsZip) else zf.read(member)
