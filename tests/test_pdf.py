"""PDF conversion: LibreOffice found where Windows installs it, Word/WPS through COM, failures as
reasons."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from fedxl.reports import pdf


def _docx(folder: Path, text: str = "测试文档") -> Path:
    import docx

    folder.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_paragraph(text)
    path = folder / "简报 2026-06.docx"
    document.save(str(path))
    return path


def test_soffice_found_in_program_files_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.setenv("ProgramFiles(x86)", str(tmp_path / "nowhere"))
    assert pdf.soffice() == str(exe)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "nowhere"))
    monkeypatch.delenv("ProgramW6432", raising=False)
    assert pdf.soffice() is None


class _FakeDoc:
    def __init__(self, app: _FakeApp, path: str) -> None:
        self.app, self.path = app, path

    def ExportAsFixedFormat(self, target: str, kind: int) -> None:  # noqa: N802 - COM name
        if self.app.old:
            raise AttributeError("ExportAsFixedFormat")
        Path(target).write_bytes(b"%PDF-1.4 from " + self.app.prog_id.encode())
        self.app.calls.append(("export", kind))

    def SaveAs(self, target: str, kind: int) -> None:  # noqa: N802 - COM name
        Path(target).write_bytes(b"%PDF-1.4 saved by " + self.app.prog_id.encode())
        self.app.calls.append(("saveas", kind))

    def Close(self, save: bool) -> None:  # noqa: N802 - COM name
        self.app.calls.append(("close", save))


class _FakeApp:
    def __init__(self, prog_id: str, old: bool) -> None:
        self.prog_id, self.old, self.calls = prog_id, old, []  # type: list[Any]
        self.Documents = types.SimpleNamespace(Open=self._open)

    def _open(self, path: str, confirm: bool, read_only: bool) -> _FakeDoc:
        self.calls.append(("open", path, read_only))
        return _FakeDoc(self, path)

    def Quit(self) -> None:  # noqa: N802 - COM name
        self.calls.append(("quit",))


def _fake_com(monkeypatch: pytest.MonkeyPatch, registered: dict[str, bool]) -> list[_FakeApp]:
    made: list[_FakeApp] = []

    def dispatch(prog_id: str) -> _FakeApp:
        if prog_id not in registered:
            raise OSError(-2147221005, "无效的类字符串")  # pywintypes.com_error in real life
        made.append(_FakeApp(prog_id, registered[prog_id]))
        return made[-1]

    client = types.ModuleType("win32com.client")
    client.DispatchEx = dispatch  # type: ignore[attr-defined]
    package = types.ModuleType("win32com")
    package.client = client  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "win32com", package)
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    return made


def test_word_exports_through_com_when_there_is_no_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = _docx(tmp_path / "报告")
    apps = _fake_com(monkeypatch, {"Word.Application": False})
    outcome = pdf.to_pdf(docx)
    assert outcome.path == docx.with_suffix(".pdf") and outcome.problem == ""
    assert outcome.path.read_bytes() == b"%PDF-1.4 from Word.Application"
    calls = apps[0].calls
    assert calls[0] == (
        "open",
        str(docx.resolve()),
        True,
    )  # opened read-only: the report is never changed
    assert ("export", 17) in calls and ("close", False) in calls and calls[-1] == ("quit",)


def test_wps_is_tried_when_word_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = _docx(tmp_path)
    apps = _fake_com(monkeypatch, {"KWPS.Application": True})  # an old WPS: SaveAs only
    outcome = pdf.to_pdf(docx)
    assert (
        outcome.path is not None
        and outcome.path.read_bytes() == b"%PDF-1.4 saved by KWPS.Application"
    )
    assert [a.prog_id for a in apps] == ["KWPS.Application"] and ("saveas", 17) in apps[0].calls


def test_no_converter_at_all_is_a_reason_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = _docx(tmp_path)
    _fake_com(monkeypatch, {})
    outcome = pdf.to_pdf(docx)
    assert outcome.path is None and outcome.problem == "report.no_pdf"
    assert not docx.with_suffix(".pdf").exists()


def test_libreoffice_timeout_gives_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = _docx(tmp_path)
    monkeypatch.setattr(pdf, "soffice", lambda: "/opt/libreoffice/program/soffice")
    monkeypatch.setattr(sys, "platform", "linux")

    def hang(*args: Any, **kwargs: Any) -> None:
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout", 0))

    monkeypatch.setattr(subprocess, "run", hang)
    outcome = pdf.to_pdf(docx)
    assert outcome.path is None and outcome.problem == "report.pdf_failed"


def test_pdf_that_cannot_be_replaced_gives_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = _docx(tmp_path)
    _fake_com(monkeypatch, {"Word.Application": False})
    docx.with_suffix(".pdf").mkdir()  # stands in for a PDF held open by a reader on Windows
    outcome = pdf.to_pdf(docx)
    assert outcome.path is None and outcome.problem == "report.pdf_locked"


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_with_spaces_and_chinese_in_the_path(tmp_path: Path) -> None:
    docx = _docx(tmp_path / "区妇联 报告 #1", "二〇二六年工作简报")
    outcome = pdf.to_pdf(docx)
    assert outcome.path is not None and outcome.path.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(outcome.path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "二〇二六年工作简报" in text
