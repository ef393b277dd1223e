"""Convert Word files to PDF with LibreOffice, mapping the official fonts to installed ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONT_MAP = {
    "Noto Serif CJK SC": ("仿宋_GB2312", "仿宋", "FangSong", "方正小标宋简体", "宋体", "SimSun"),
    "Noto Sans CJK SC": ("黑体", "SimHei"),
    "AR PL UKai CN": ("楷体_GB2312", "楷体", "KaiTi"),
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fontconfig(folder: Path) -> Path:
    aliases = []
    for target, names in FONT_MAP.items():
        fallback = "<family>Noto Serif CJK SC</family>" if target == "AR PL UKai CN" else ""
        for name in names:
            aliases.append(f"<alias binding=\"same\"><family>{name}</family><prefer><family>{target}</family>"
                           f"{fallback}</prefer></alias>")
    path = folder / "fonts.conf"
    path.write_text("<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>"
                    "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>" + "".join(aliases)
                    + "</fontconfig>", encoding="utf-8")
    return path


def to_pdf(docx: Path) -> Path | None:
    """The PDF next to `docx`, or None when LibreOffice is not installed."""
    exe = soffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="fedxl-pdf-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(folder)))
        subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{folder.as_posix()}/profile",
                        "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                       capture_output=True, timeout=180, env=env, check=False)
        made = folder / (docx.stem + ".pdf")
        if not made.is_file():
            return None
        target = docx.with_suffix(".pdf")
        shutil.copyfile(made, target)
        return target
