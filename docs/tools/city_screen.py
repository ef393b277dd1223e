"""Re-make the manual's picture of the city's page (docs/images/web_city.png): serve a city's
workspace (its districts on a PostgreSQL server), open its link in Debian's chromium, show a
month with the first district's towns unfolded.

    .venv/bin/python docs/tools/city_screen.py CITY_FOLDER 2026-06
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

import fedxl.api
from fedxl.web.city import create_city_app

OUT = Path(__file__).resolve().parents[1] / "images" / "web_city.png"


def main(folder: str, month: str, port: int = 8799) -> None:
    city = fedxl.api.open_city(folder)
    config = uvicorn.Config(create_city_app(city), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    link = fedxl.api.city_link(city, base_url=base)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page.goto(link["url"])
            page.goto(f"{base}/city?month={month}")
            page.click("#d-1 summary")
            page.screenshot(path=str(OUT), full_page=True)
            browser.close()
    finally:
        server.should_exit = True
        thread.join()
    print(OUT)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
