"""Re-make the manual's pictures of what fedxl prints (docs/images): the demo district's July
summary (汇总表 in its two printed parts, 报送情况, 预警), a blank ledger's 妇委会名录, a feedback
workbook's 校验结果 and another's 与上月对比, and the first page of the briefing, the half-year
report and the notice.

Each is LibreOffice's PDF of the file as a clerk would print it, drawn by pdftoppm and trimmed
of its empty margin, so the picture shows exactly what the printer would.
Needs the .venv (make install), LibreOffice and poppler-utils.
Usage: .venv/bin/python docs/tools/doc_images.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
DPI = 80  # readable in the manual, small in the repository


def pdf_of(path: Path, out: Path) -> Path:
    """LibreOffice's PDF of `path` (a workbook prints every sheet, in order)."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{out}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / (path.stem + ".pdf")


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def page_png(pdf: Path, page: int, out: Path) -> Path:
    """Page `page` (1-based) of `pdf` as a PNG, trimmed of its white margin."""
    from PIL import Image, ImageChops

    stem = out / f"p{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf), stem],
        check=True,
    )
    made = next(out.glob(f"p{page}-*.png"))
    image = Image.open(made).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        pad = 12
        image = image.crop(
            (
                max(0, box[0] - pad),
                max(0, box[1] - pad),
                min(image.width, box[2] + pad),
                min(image.height, box[3] + pad),
            )
        )
    target = out / f"page{page}.png"
    image.save(target)
    made.unlink()
    return target


def side_by_side(left: Path, right: Path, target: Path) -> None:
    from PIL import Image

    a, b = Image.open(left), Image.open(right)
    gap = 24
    both = Image.new("RGB", (a.width + gap + b.width, max(a.height, b.height)), "white")
    both.paste(a, (0, 0))
    both.paste(b, (a.width + gap, 0))
    both.save(target, optimize=True)


def first_page_with(pdf: Path, words: str) -> int:
    for number, text in enumerate(page_texts(pdf), start=1):
        if words in "".join(text.split()):
            return number
    raise SystemExit(f"no page of {pdf.name} shows {words!r}")


def _with_changes(folder: Path) -> Path:
    """A feedback file of the demo with a 与上月对比 sheet (a clean file that changed things)."""
    import openpyxl

    for path in sorted(folder.glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        names = book.sheetnames
        book.close()
        if "与上月对比" in names:
            return path
    raise SystemExit("no feedback file of the demo has a 与上月对比 sheet")


def save(png: Path, name: str) -> None:
    from PIL import Image

    Image.open(png).save(IMAGES / name, optimize=True)
    print(IMAGES / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the demo workspace and PDFs here")
    args = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        sys.exit("needs LibreOffice and poppler-utils (apt-get install libreoffice-calc-nogui …)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="fedxl-images-"))
    work.mkdir(parents=True, exist_ok=True)
    ws = work / "demo"
    if not ws.exists():
        subprocess.run(
            [sys.executable, "-m", "fedxl", "demo", "--no-pdf", str(ws)],
            check=True,
            capture_output=True,
        )
    books = ws / "workbooks"
    jobs = {
        "summary": next((books / "summaries").glob("*_2026-07.xlsx")),
        "blank": next((books / "blank").glob("头道桥街道_2026-08_*.xlsx")),
        "feedback": next((books / "feedback").glob("站前街道_2026-06_*.xlsx")),
        "changes": _with_changes(books / "feedback"),
        "briefing": next((books / "reports").glob("*工作简报_2026-07.docx")),
        "half_year": next((books / "reports").glob("*半年工作总结_2026H1.docx")),
        "notice": next((books / "reports").glob("*催报通知_2026-07.docx")),
    }
    for key, source in jobs.items():
        out = work / key
        out.mkdir(exist_ok=True)
        copy = out / f"{key}{source.suffix}"  # LibreOffice names the PDF after the file
        shutil.copy(source, copy)
        pdf = pdf_of(copy, out)
        if key == "summary":
            part = first_page_with(pdf, "新领域妇联组织建设情况汇总表")
            side_by_side(page_png(pdf, part, out), page_png(pdf, part + 1, out), out / "both.png")
            save(out / "both.png", "summary.png")
            save(page_png(pdf, first_page_with(pdf, "台账报送情况"), out), "summary_status.png")
            save(page_png(pdf, first_page_with(pdf, "预警"), out), "summary_alerts.png")
        elif key == "blank":
            roster = first_page_with(pdf, "头道桥街道妇委会名录")
            save(page_png(pdf, roster, out), "blank_ledger.png")
        elif key == "feedback":
            save(page_png(pdf, 1, out), "feedback.png")
        elif key == "changes":
            save(page_png(pdf, first_page_with(pdf, "与上月对比"), out), "feedback_changes.png")
        else:
            save(page_png(pdf, 1, out), f"{key}.png")
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
