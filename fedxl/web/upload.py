"""Receiving an upload: the body is parsed as it streams and the file written under a name of
fedxl's own, so the size limit holds before anything is kept and the town's file name is never
a path. Nothing here parses the workbook: that is ingest's job.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import time
import urllib.parse
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

FIELD_LIMIT = 4096  # bytes of an ordinary form field (the CSRF value)
BODY_SECONDS = 60.0  # the longest wait for the next piece of an upload's body
OVERHEAD = 64 * 1024  # multipart headers and fields beside the file
PART = ".part"  # a file still arriving; renamed to .upload once whole


class UploadError(Exception):
    """The upload cannot be taken; `status` is the HTTP answer, `key` the catalogue message."""

    def __init__(self, status: int, key: str, **params: Any) -> None:
        super().__init__(key)
        self.status, self.key, self.params = status, key, params


@dataclass
class Received:
    path: Path | None = None  # the file, under fedxl's own name
    name: str = ""  # what the town called it (display and records only)
    size: int = 0
    fields: dict[str, str] = field(default_factory=dict)


def shown_name(raw: str) -> str:
    """The file name a browser sent, as a plain name: no folders (old Edge sends C:\\...\\x.xlsx),
    no control characters, not empty."""
    name = re.split(r"[\\/]", raw)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().strip(".")
    return name[:120] or "upload.xlsx"


def _disposition(value: bytes) -> tuple[str, str | None]:
    from python_multipart.multipart import parse_options_header

    _, params = parse_options_header(value)
    name = params.get(b"name", b"").decode("utf-8", "replace")
    star = params.get(b"filename*")
    if star is not None:  # RFC 5987: UTF-8''%E5%8F%B0...
        text = star.decode("latin-1")
        return name, urllib.parse.unquote(
            text.split("'", 2)[-1], encoding="utf-8", errors="replace"
        )
    raw = params.get(b"filename")
    if raw is None:
        return name, None
    try:
        return name, raw.decode("utf-8")
    except UnicodeDecodeError:  # an old browser on Chinese Windows sends the name in GBK
        return name, raw.decode("gb18030", "replace")


async def receive(
    body: AsyncIterator[bytes], content_type: str, folder: Path, limit: int
) -> Received:
    """Stream a multipart body into `folder`: the part named `file` becomes
    `<random>.part` there; UploadError(413) as soon as it passes `limit` bytes (the part is
    deleted), UploadError(400) for a body that is not a form with a file."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(400, "web.not_form")
    got = Received()
    state: dict[str, Any] = {
        "headers": {},
        "field": b"",
        "header": b"",
        "value": b"",
        "out": None,
        "name": None,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UploadError(503, "web.cannot_save") from exc

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["header"].lower()] = state["value"]
        state["header"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        name, filename = _disposition(state["headers"].get(b"content-disposition", b""))
        state["name"], state["field"] = name, b""
        if name == "file" and filename == "":
            state["no_choice"] = True  # the form sent with no file chosen
        elif name == "file" and filename is not None and got.path is None:
            got.name = shown_name(filename)
            got.path = folder / (secrets.token_hex(12) + PART)
            state["out"] = open(got.path, "xb")  # noqa: SIM115 - closed in on_part_end or below

    def on_part_data(data: bytes, start: int, end: int) -> None:
        out: BinaryIO | None = state["out"]
        if out is not None:
            got.size += end - start
            if got.size > limit:
                raise UploadError(413, "web.too_large", limit=f"{limit / 1024 / 1024:g}")
            out.write(data[start:end])
        elif state["name"] is not None:
            state["field"] += data[start:end]
            if len(state["field"]) > FIELD_LIMIT:
                raise UploadError(400, "web.not_form")

    def on_part_end() -> None:
        out = state["out"]
        if out is not None:
            out.close()
            state["out"] = None
        elif state["name"]:
            got.fields[state["name"]] = state["field"].decode("utf-8", "replace")
        state["headers"], state["name"] = {}, None

    seen = 0
    try:
        parser = MultipartParser(
            boundary,
            {
                "on_header_field": on_header_field,
                "on_header_value": on_header_value,
                "on_header_end": on_header_end,
                "on_headers_finished": on_headers_finished,
                "on_part_data": on_part_data,
                "on_part_end": on_part_end,
            },
        )
        chunks = body.__aiter__()
        while True:
            try:  # a body that stops coming (a slow or stalled sender) is given up, not waited on
                chunk = await asyncio.wait_for(chunks.__anext__(), BODY_SECONDS)
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise UploadError(408, "web.too_slow") from None
            seen += len(chunk)
            if seen > limit + OVERHEAD:
                raise UploadError(413, "web.too_large", limit=f"{limit / 1024 / 1024:g}")
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        _discard(state, got)
        raise
    # uploads/ cannot be written (full disk, no permission): not the town's fault
    except OSError as exc:
        _discard(state, got)
        raise UploadError(503, "web.cannot_save") from exc
    except Exception as exc:  # noqa: BLE001 - python-multipart raises several kinds for a broken body
        _discard(state, got)
        raise UploadError(400, "web.not_form") from exc
    if got.path is None and state.get("no_choice"):
        raise UploadError(400, "web.no_file_chosen")
    if state["out"] is not None or got.path is None:  # cut off mid-file, or no file at all
        _discard(state, got)
        raise UploadError(400, "web.no_file")
    if got.size == 0:
        _discard(state, got)
        raise UploadError(400, "web.empty_file")
    whole = got.path.with_suffix(".upload")
    # the file's time is the moment it arrived by this server's clock: what ingest records as
    # received, also when a restart takes it in later
    arrived = time.time()
    os.utime(got.path, (arrived, arrived))
    os.replace(got.path, whole)
    got.path = whole
    return got


def _discard(state: dict[str, Any], got: Received) -> None:
    if state["out"] is not None:
        state["out"].close()
        state["out"] = None
    if got.path is not None:
        got.path.unlink(missing_ok=True)
        got.path = None
