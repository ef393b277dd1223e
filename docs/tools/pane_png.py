"""Draw a tmux pane (captured with `tmux capture-pane -e -p`) as a console window PNG.

    tmux capture-pane -e -p -t screen > pane.txt
    python docs/tools/pane_png.py pane.txt out.png --title "fedxl菜单.bat"

Light grey on black like cmd.exe, the 16 console colours for SGR 30–37/90–97, CJK characters two
cells wide (as the pane lays them out). Needs Pillow and the Noto Sans Mono CJK font
(fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
MONO_SC = 7  # Noto Sans Mono CJK SC in the collection
LATIN = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"  # one cell wide, like Consolas
# box drawing, drawn as lines so that they join: (left, right, up, down), 1 light, 2 heavy
BOX = {
    "─": (1, 1, 0, 0),
    "━": (2, 2, 0, 0),
    "│": (0, 0, 1, 1),
    "┃": (0, 0, 2, 2),
    "┌": (0, 1, 0, 1),
    "┐": (1, 0, 0, 1),
    "└": (0, 1, 1, 0),
    "┘": (1, 0, 1, 0),
    "┏": (0, 2, 0, 2),
    "┓": (2, 0, 0, 2),
    "┗": (0, 2, 2, 0),
    "┛": (2, 0, 2, 0),
    "├": (0, 1, 1, 1),
    "┤": (1, 0, 1, 1),
    "┬": (1, 1, 0, 1),
    "┴": (1, 1, 1, 0),
    "┼": (1, 1, 1, 1),
    "┳": (2, 2, 0, 2),
    "┻": (2, 2, 2, 0),
    "╋": (2, 2, 2, 2),
    "┡": (0, 2, 2, 1),
    "┩": (2, 0, 2, 1),
    "╇": (2, 2, 2, 1),
    "┣": (0, 2, 2, 2),
    "┫": (2, 0, 2, 2),
}
CELL_W, CELL_H = 9, 20
COLOURS = [
    "#0c0c0c",
    "#c50f1f",
    "#13a10e",
    "#c19c00",
    "#0037da",
    "#881798",
    "#3a96dd",
    "#cccccc",
    "#767676",
    "#e74856",
    "#16c60c",
    "#f9f1a5",
    "#3b78ff",
    "#b4009e",
    "#61d6d6",
    "#f2f2f2",
]
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def parse(line: str, fg: str) -> tuple[list[tuple[str, str, bool]], str]:
    out: list[tuple[str, str, bool]] = []
    bold = False
    pos = 0
    for m in SGR.finditer(line + "\x1b[m"):
        out.extend((ch, fg, bold) for ch in line[pos : m.start()])
        pos = m.end()
        codes = [int(c) if c else 0 for c in m.group(1).split(";")]
        k = 0
        while k < len(codes):
            c = codes[k]
            if c == 0 or c == 39:
                fg, bold = COLOURS[7], bold and c == 39
            elif c == 1:
                bold = True
            elif 30 <= c <= 37:
                fg = COLOURS[c - 30]
            elif 90 <= c <= 97:
                fg = COLOURS[c - 90 + 8]
            elif c == 38 and k + 2 < len(codes) and codes[k + 1] == 5:
                fg = COLOURS[codes[k + 2]] if codes[k + 2] < 16 else COLOURS[7]
                k += 2
            elif c == 38 and k + 4 < len(codes) and codes[k + 1] == 2:
                fg = "#" + "".join(f"{v:02x}" for v in codes[k + 2 : k + 5])
                k += 4
            k += 1
    return out, fg


def box(draw: object, x: int, y: int, arms: tuple[int, int, int, int], colour: str) -> None:
    cx, cy = x + CELL_W // 2, y + CELL_H // 2
    left, right, up, down = arms
    for weight, shape in (
        (left, [x, cy, cx, cy]),
        (right, [cx, cy, x + CELL_W, cy]),
        (up, [cx, y, cx, cy]),
        (down, [cx, cy, cx, y + CELL_H]),
    ):
        if weight:
            draw.line(shape, fill=colour, width=weight)  # type: ignore[attr-defined]


def main() -> None:
    from PIL import Image, ImageDraw, ImageFont

    parser = argparse.ArgumentParser()
    parser.add_argument("pane", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--title", default="命令提示符")
    parser.add_argument("--cols", type=int, default=90)
    ns = parser.parse_args()
    lines = ns.pane.read_text(encoding="utf-8").rstrip("\n").split("\n")
    while lines and not SGR.sub("", lines[-1]).strip():
        lines.pop()
    font = ImageFont.truetype(FONT, 15, index=MONO_SC)
    latin = ImageFont.truetype(LATIN, 15)
    bar = 28
    img = Image.new("RGB", (ns.cols * CELL_W + 16, bar + len(lines) * CELL_H + 16), COLOURS[0])
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, img.width, bar], fill="#f0f0f0")
    draw.text((10, 5), ns.title, font=font, fill="#000000")
    fg = COLOURS[7]
    for row, line in enumerate(lines):
        chars, fg = parse(line, fg)
        x = 8
        y = bar + 8 + row * CELL_H
        for ch, colour, bold in chars:
            if ch in BOX:
                box(draw, x, y, BOX[ch], colour)
            elif cells(ch) == 1 and ch.isascii():
                draw.text(
                    (x, y + 1),
                    ch,
                    font=latin,
                    fill=colour,
                    stroke_width=1 if bold else 0,
                    stroke_fill=colour,
                )
            else:
                draw.text((x, y - 1), ch, font=font, fill=colour)
            x += cells(ch) * CELL_W
    img.save(ns.png, optimize=True)


if __name__ == "__main__":
    main()
