"""Show what a workspace's .bat file prints, for the manual's screenshots, on a machine without
cmd.exe.

    python docs/tools/bat_preview.py WORKSPACE fedxl菜单.bat --choice 2
    python docs/tools/bat_preview.py WORKSPACE 校验台账.bat FILE...

It reads the .bat that `fedxl init` wrote (GBK, CRLF) and follows the handful of commands those
files use (echo, set /p, if "…"=="…", goto, shift, pause); the fedxl lines run the real fedxl of
this checkout. Paths are shown as on Windows (--as D:\\台账工作区). docs/tools/screens.sh runs it in
tmux and turns the pane into a PNG (docs/tools/pane_png.py).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

PAUSE = "请按任意键继续. . ."


def expand(text: str, env: dict[str, str], args: list[str]) -> str:
    text = re.sub(
        r"%~(\d)", lambda m: args[int(m.group(1)) - 1] if int(m.group(1)) <= len(args) else "", text
    )
    return re.sub(r"%(\w+)%", lambda m: env.get(m.group(1), ""), text)


def run(bat: Path, ws: Path, shown: str, args: list[str], choice: str) -> None:
    lines = bat.read_bytes().decode("gbk").split("\r\n")
    labels = {line[1:]: i for i, line in enumerate(lines) if line.startswith(":")}
    env = {"FEDXL_WS": shown, "FEDXL": "fedxl"}
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if line.endswith("("):  # a block: run it when its condition holds, else skip to ")"
            block = []
            while lines[i].strip() != ")":
                block.append(lines[i].strip())
                i += 1
            i += 1
            if condition(line[:-1].strip(), env, args):
                for inner in block:
                    if step(inner, env, args, ws, shown, choice) == "exit":
                        return
            continue
        m = re.match(r'if "([^"]*)"=="([^"]*)" (.*)', line)
        if m:
            if expand(m.group(1), env, args) == m.group(2):
                line = m.group(3)
            else:
                continue
        if line.startswith("goto "):
            target = line[5:]
            if target == "menu":  # back to the menu: one round is the picture
                return
            i = labels[target] + 1
            continue
        if line == "shift":
            args.pop(0)
            continue
        if step(line, env, args, ws, shown, choice) == "exit":
            return


def condition(text: str, env: dict[str, str], args: list[str]) -> bool:
    m = re.match(r'if "([^"]*)"=="([^"]*)"', text)
    return m is not None and expand(m.group(1), env, args) == m.group(2)


def step(
    line: str, env: dict[str, str], args: list[str], ws: Path, shown: str, choice: str
) -> str | None:
    if (
        line.startswith(("@echo", "chcp", "setlocal", "rem", "cls", "if ", "for ", 'set "FEDXL'))
        or not line
    ):
        return None
    if line.startswith("set FEDXL") or line.startswith(":"):
        return None
    if line == "echo.":
        print()
    elif line.startswith("echo "):
        print(expand(line[5:], env, args))
    elif line.startswith('set "CHOICE='):
        env["CHOICE"] = ""
    elif line.startswith("set /p"):
        print(line.split("=", 1)[1].rstrip('"') + choice)
        env["CHOICE"] = choice
    elif line == "pause":
        print(PAUSE)
    elif line.startswith("exit"):
        return "exit"
    elif line.startswith("%FEDXL%"):
        command = expand(line[len("%FEDXL%") :], env, args).replace(shown, str(ws))
        words = [w.strip('"') for w in re.findall(r'"[^"]*"|\S+', command) if w != "--open"]
        sys.stdout.flush()
        out = subprocess.run(
            [sys.executable, "-m", "fedxl", *words],
            capture_output=True,
            text=True,
            env={"COLUMNS": "120", "FORCE_COLOR": "1", "PATH": "/usr/bin:/bin"},
        )
        text = out.stdout + out.stderr
        text = text.replace(str(ws) + "/", shown + "\\").replace(str(ws), shown)
        text = (
            re.sub(r"(?<=[\u4e00-\u9fff\w])/(?=[\u4e00-\u9fff\w])", r"\\", text)
            if shown[1:2] == ":"
            else text
        )
        sys.stdout.write(text)
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("bat")
    parser.add_argument("files", nargs="*")
    parser.add_argument("--choice", default="2")
    parser.add_argument("--as", dest="shown", default="D:\\台账工作区")
    ns = parser.parse_args()
    ws = ns.workspace.resolve()
    run(ws / ns.bat, ws, ns.shown, [str(Path(f).resolve()) for f in ns.files], ns.choice)


if __name__ == "__main__":
    main()
