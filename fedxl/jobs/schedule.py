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

# 3) Windows — 任务计划程序（在“命令提示符”中运行一次）。用工作区里的 {TASK_NAME}：电脑在 {at}
#    关着机时，开机后会补做（StartWhenAvailable），用的是 pythonw（不弹黑窗口）和绝对路径
schtasks /Create /TN "fedxl 每日汇总" /XML "{workspace.resolve() / TASK_NAME}" /F
#    （不用 XML 的简单写法，错过时间不补做：）
schtasks /Create /TN "fedxl 每日汇总" /SC DAILY /ST {hour:02d}:{minute:02d} /TR "\\"{win_exe}\\" --workspace \\"{ws}\\" run --reports" /F
"""  # noqa: E501 - commands to copy as they are


TASK_NAME = "fedxl每日任务.xml"


def windows_python(python: str | None = None) -> str:
    """pythonw.exe beside the interpreter (no console window for a scheduled task)."""
    from pathlib import PureWindowsPath

    text = python or sys.executable
    exe = PureWindowsPath(text) if "\\" in text else Path(text)
    return str(exe.with_name("pythonw.exe") if exe.name.lower() == "python.exe" else exe)


def task_xml(workspace: str, at: str, python: str) -> str:
    """A Task Scheduler task: daily at `at`, run when available if the PC was off
    (StartWhenAvailable),
    absolute paths, one instance at a time, stopped after two hours."""
    from xml.sax.saxutils import escape

    hour, minute = (int(x) for x in at.split(":"))
    args = escape(f'-m fedxl --workspace "{workspace}" run --reports')
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><Description>fedxl 每日收件与汇总</Description></RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>2026-01-01T{hour:02d}:{minute:02d}:00</StartBoundary>
      <Enabled>true</Enabled>
      <ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Settings>
    <StartWhenAvailable>true</StartWhenAvailable>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(python)}</Command>
      <Arguments>{args}</Arguments>
      <WorkingDirectory>{escape(workspace)}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""


def write_task(workspace: Path, at: str, python: str | None = None) -> Path:
    """Write fedxl每日任务.xml (UTF-16, as schtasks /XML reads it) into the workspace."""
    from fedxl.files.atomic import write_bytes_atomic

    target = workspace / TASK_NAME
    text = task_xml(str(workspace.resolve()), at, windows_python(python)).replace("\n", "\r\n")
    write_bytes_atomic(target, text.encode("utf-16"))
    return target
