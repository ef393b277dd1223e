#!/usr/bin/env bash
# Re-make the manual's pictures of the web intake (docs/images/web_*.png): the browser tests
# (tests/test_web_browser.py: Playwright driving Debian's chromium) save their screenshots there.
# Needs the .venv (make install) and chromium.  Usage: bash docs/tools/web_screens.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
FEDXL_SCREENSHOTS="$PWD/docs/images" .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_web_browser.py
ls docs/images/web_*.png
