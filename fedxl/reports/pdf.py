"""Convert Word files to PDF: LibreOffice where installed, else Word or WPS through COM on Windows.

LibreOffice is looked up on PATH and, on Windows, in its usual Program Files folders (its
installer does not add itself to PATH). On a Windows PC with only Word or WPS, the document is
exported through COM (pywin32, which xlwings brings). Whatever happens, the caller gets a PDF
or a reason (a message key), never an exception: a report without its PDF is still a report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

FONT_MAP = {
    "Noto Serif CJK SC": ("仿宋_GB2312", "仿宋", "FangSong", "方正小标宋简体", "宋体", "SimSun"),
    "Noto Sans CJK SC": ("黑体", "SimHei"),
    "AR PL UKai CN": ("楷体_GB2312", "楷体", "KaiTi"),
}
TIMEOUT = 180  # seconds; a first LibreOffice start on a slow office PC takes a while
COM_APPS = ("Word.Application", "KWPS.Application", "WPS.Application")
WD_EXPORT_PDF = 17  # WdExportFormat.wdExportFormatPDF / WdSaveFormat.wdFormatPDF


@dataclass
class PdfOutcome:
    path: Path | None = None
    problem: str = ""  # message key when there is no PDF: report.no_pdf or report.pdf_failed


def soffice() -> str | None:
    """LibreOffice's program: on PATH, or where its Windows installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or sys.platform != "win32":
        return found
    for base in (
        os.environ.get("ProgramFiles"),
        os.environ.get("ProgramFiles(x86)"),
        os.environ.get("ProgramW6432"),
    ):
        if base:
            exe = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if exe.is_file():
                return str(exe)
    return None


def _fontconfig(folder: Path) -> Path:
    aliases = []
    for target, names in FONT_MAP.items():
        fallback = "<family>Noto Serif CJK SC</family>" if target == "AR PL UKai CN" else ""
        for name in names:
            aliases.append(
                f'<alias binding="same"><family>{name}</family><prefer><family>{target}</family>'
                f"{fallback}</prefer></alias>"
            )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        + "".join(aliases)
        + "</fontconfig>",
        encoding="utf-8",
    )
    return path


def _via_libreoffice(exe: str, docx: Path, folder: Path) -> Path | None:
    env = dict(os.environ)
    # Windows has the official fonts; elsewhere map them to installed ones
    if sys.platform != "win32":
        env["FONTCONFIG_FILE"] = str(_fontconfig(folder))
    # file:///C:/... on Windows, file:///tmp/... here
    profile = (folder / "profile").resolve().as_uri()
    try:
        subprocess.run(
            [
                exe,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(docx.resolve()),
            ],
            capture_output=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    made = folder / (docx.stem + ".pdf")
    return made if made.is_file() and made.stat().st_size > 0 else None


def _via_com(docx: Path, made: Path) -> bool:
    """Export with Word, or WPS, through COM (Windows only); False when neither is there or it
    fails."""
    if sys.platform != "win32":
        return False
    try:
        import win32com.client  # pywin32, installed with xlwings on Windows
    except ImportError:
        return False
    for prog_id in COM_APPS:
        try:
            app = win32com.client.DispatchEx(prog_id)
        except Exception:  # noqa: BLE001 - not registered: try the next program
            continue
        try:
            app.Visible = False
            app.DisplayAlerts = 0
            # ConfirmConversions, ReadOnly
            doc = app.Documents.Open(str(docx.resolve()), False, True)
            try:
                try:
                    doc.ExportAsFixedFormat(str(made), WD_EXPORT_PDF)
                except Exception:  # noqa: BLE001 - older WPS lacks ExportAsFixedFormat
                    doc.SaveAs(str(made), WD_EXPORT_PDF)
            finally:
                doc.Close(False)
        except Exception:  # noqa: BLE001 - a COM failure means no PDF from this program
            continue
        finally:
            try:
                app.Quit()
            except Exception:  # noqa: BLE001 - already gone
                pass
        if made.is_file() and made.stat().st_size > 0:
            return True
    return False


def to_pdf(docx: Path) -> PdfOutcome:
    """The PDF next to `docx` (written atomically), or why there is none."""
    from fedxl.files.atomic import atomic_path

    exe = soffice()
    with tempfile.TemporaryDirectory(prefix="fedxl-pdf-") as tmp:
        folder = Path(tmp)
        made = _via_libreoffice(exe, docx, folder) if exe else None
        if made is None:
            made = folder / (docx.stem + ".pdf")
            if not _via_com(docx, made):
                return PdfOutcome(problem="report.pdf_failed" if exe else "report.no_pdf")
        target = docx.with_suffix(".pdf")
        try:
            with atomic_path(target) as part:
                shutil.copyfile(made, part)
        except OSError:  # e.g. the old PDF is open in a reader on Windows
            return PdfOutcome(problem="report.pdf_locked")
        return PdfOutcome(path=target)
