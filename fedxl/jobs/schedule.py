"""Ready-to-paste scheduler entries for `fedxl run` (cron, systemd timer, Windows schtasks)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def fedxl_command() -> str:
    """The fedxl executable of this installation."""
    found = shutil.which("fedxl")
    if found:
        return str(Path(found).resolve())
    return f"{sys.executable} -m fedxl"


def schedule_text(workspace: Path, at: str = "07:30") -> str:
    hour, minute = (int(x) for x in at.split(":"))
    exe = fedxl_command()
    ws = str(workspace.resolve())
    win_exe = exe if exe.lower().endswith(".exe") else "fedxl.exe"
    return f"""\
# 1) Linux / macOS — cron（crontab -e，每天 {at} 运行）
{minute} {hour} * * * {exe} --workspace "{ws}" run --reports >> "{ws}/workbooks/cron.out" 2>&1

# 2) Linux — systemd 定时器（保存为 ~/.config/systemd/user/fedxl.service 和 fedxl.timer，
#    然后 systemctl --user enable --now fedxl.timer）
# fedxl.service
[Unit]
Description=fedxl 每日收件与汇总
[Service]
Type=oneshot
ExecStart={exe} --workspace "{ws}" run --reports

# fedxl.timer
[Unit]
Description=每天 {at} 运行 fedxl
[Timer]
OnCalendar=*-*-* {hour:02d}:{minute:02d}:00
Persistent=true
[Install]
WantedBy=timers.target

# 3) Windows — 任务计划程序（在“命令提示符”中运行一次）
schtasks /Create /TN "fedxl 每日汇总" /SC DAILY /ST {hour:02d}:{minute:02d} /TR "\\"{win_exe}\\" --workspace \\"{ws}\\" run --reports" /F
"""
