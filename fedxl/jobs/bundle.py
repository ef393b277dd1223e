"""`make bundle`: an offline installer for Windows office PCs without internet.

    python -m fedxl.jobs.bundle [DIST]      (default: dist/)

Writes `fedxl-offline-<version>-win_amd64.zip` holding fedxl's own wheel, every wheel that
`fedxl[excel,web]` needs for CPython 3.11 on win_amd64 (pywin32 and colorama named explicitly:
pip evaluates the Windows-only markers on the build host and would leave them out), a hash-pinned
requirements file, `安装.bat` (GBK, CRLF: `pip install --no-index --find-links`, then `fedxl init`
of the workspace) and a one-page `安装说明.txt`. Windows 7 cannot run it (Python 3.11 needs 8.1+).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = (
    "--platform",
    "win_amd64",
    "--python-version",
    "3.11",
    "--implementation",
    "cp",
    "--only-binary=:all:",
)
# Windows-only dependencies, skipped by their markers on the Linux build host: xlwings' pywin32,
# and colorama for click (uvicorn's command line)
EXTRA_FOR_WINDOWS = ("pywin32", "colorama")
EXTRAS = ("excel", "web")  # the Excel button and the web intake: both for the office PC

INSTALL_BAT = [
    "@echo off",
    "chcp 936 >nul",
    "setlocal",
    "rem fedxl 离线安装：双击运行。需要先安装 Python 3.11（64 位），见 安装说明.txt。",
    'cd /d "%~dp0"',
    "where py >nul 2>nul",
    "if errorlevel 1 (",
    "  echo 没有找到 Python：请先安装 Python 3.11（64 位），安装时勾选“Add python.exe to PATH”。",
    "  pause",
    "  exit /b 1",
    ")",
    'set "WS=%USERPROFILE%\\台账工作区"',
    'set /p "WS=工作区放在哪个文件夹？（直接回车：%WS%）"',
    'py -3.11 -m venv "%WS%\\.venv" || goto failed',
    '"%WS%\\.venv\\Scripts\\python.exe" -m pip install --no-index --find-links "%~dp0wheels" '
    '--require-hashes -r "%~dp0requirements.txt" || goto failed',
    '"%WS%\\.venv\\Scripts\\python.exe" -m pip install --no-index --find-links "%~dp0wheels" '
    "--no-deps fedxl "
    "|| goto failed",
    'if not exist "%WS%\\fedxl.toml" "%WS%\\.venv\\Scripts\\fedxl.exe" init "%WS%"',
    "echo.",
    "echo 安装完成。工作区：%WS%",
    "echo 请用记事本打开其中的 fedxl.toml 填写本区名称和镇街；校验台账.bat 和 fedxl菜单.bat "
    "可以直接双击使用。",
    "pause",
    "exit /b 0",
    ":failed",
    "echo 安装没有完成，请把本窗口的内容截图发给维护人员。",
    "pause",
    "exit /b 1",
]

README = """fedxl 离线安装说明（一页）

适用：Windows 10 / 11（64 位）。Windows 7 不能运行（Python 3.11 需要 Windows 8.1 以上）。
不需要联网：本压缩包里已经带了 fedxl 和它用到的全部程序包。

一、安装 Python 3.11（只需一次）
  1. 向区里的信息技术人员要 Python 3.11 的 64 位安装程序（python-3.11.x-amd64.exe），
     或在能上网的电脑从 python.org 下载后拷过来。
  2. 双击安装，第一页勾选“Add python.exe to PATH”，点“Install Now”。

二、安装 fedxl
  1. 把本压缩包解压到任意文件夹（例如 D:\\fedxl安装包）。
  2. 双击“安装.bat”，按提示回车即可（默认工作区是“用户文件夹\\台账工作区”，fedxl 装在其中的 .venv 里）。
  3. 360 安全卫士、火绒等提示“批处理正在修改……”时，请选择“允许”或“信任此程序”：
     安装.bat 只在你选择的文件夹里建 Python 虚拟环境并安装本包里的文件，不联网、不改系统设置。
  4. 工作区文件夹装好后不要再整体搬动（.venv 记住了安装位置）；要换位置就在新位置重新运行安装.bat。

三、开始使用
  - 用记事本打开工作区里的 fedxl.toml，填本区名称、镇街名称（保存时编码选 UTF-8；选 ANSI 也能用）。
  - 双击 fedxl菜单.bat：收件、查看报送情况、生成汇总表、简报和催报通知，启动网页收件。
  - 把镇街的台账拖到 校验台账.bat 上：自动校验并打开反馈表。
  - 详细说明见 docs\\使用手册.md。
"""  # noqa: E501 - the bundle's instructions, as a clerk reads them


def _run(args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def requirements() -> list[str]:
    """fedxl's dependencies with the EXTRAS, from pyproject.toml, plus the Windows-only ones."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [req for name in EXTRAS for req in project["optional-dependencies"][name]]
    return [*project["dependencies"], *extras, *EXTRA_FOR_WINDOWS]


def _wheel_name(path: Path) -> tuple[str, str]:
    name, version = path.name.split("-")[:2]
    return re.sub(r"[-_.]+", "-", name).lower(), version


def build(dist: Path) -> Path:
    """Download, pin, write the installer and zip it; returns the zip."""
    import fedxl

    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fedxl-bundle-") as tmp:
        stage = Path(tmp) / f"fedxl-offline-{fedxl.__version__}-win_amd64"
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        _run(["download", "--quiet", *PLATFORM, "-d", str(wheels), *requirements()])
        _run(["wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)])
        pins = []
        for wheel in sorted(wheels.glob("*.whl")):
            name, version = _wheel_name(wheel)
            if name == "fedxl":
                continue
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            pins.append(f"{name}=={version} --hash=sha256:{digest}")
        (stage / "requirements.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
        (stage / "安装.bat").write_bytes(("\r\n".join(INSTALL_BAT) + "\r\n").encode("gbk"))
        (stage / "安装说明.txt").write_bytes(README.replace("\n", "\r\n").encode("gbk"))
        shutil.copytree(ROOT / "docs", stage / "docs")
        target = dist / f"{stage.name}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    zf.write(path, Path(stage.name) / path.relative_to(stage))
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"))
