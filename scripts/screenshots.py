#!/usr/bin/env python3
"""Screenshots of built pages in headless Chromium, to look at what we build.

    python scripts/screenshots.py SITE_DIR OUT_DIR [PAGE ...]

For each page: phone (390 px) and desktop (1280 px) widths, light and dark
colour schemes, and the page printed to PDF (A4), which `pdftoppm -png`
turns into images. Pages default to the home page, a section page and a print
page of each bundled document.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_browser import make_driver  # noqa: E402

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def shoot(site: Path, out: Path, pages: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for size_name, (width, height) in SIZES.items():
        driver = make_driver(width, height, mobile=size_name == "phone")
        try:
            for scheme in ("light", "dark"):
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                for page in pages:
                    driver.get((site / page).resolve().as_uri())
                    name = page.replace("/", "_").replace(".html", "")
                    driver.save_screenshot(str(out / f"{name}.{size_name}.{scheme}.png"))
            for page in pages:
                if page.endswith(("print.html", "/index.html")) and "/" in page:
                    driver.get((site / page).resolve().as_uri())
                    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})
                    (out / (page.replace("/", "_").replace(".html", ".pdf"))).write_bytes(base64.b64decode(pdf["data"]))
        finally:
            driver.quit()


if __name__ == "__main__":
    site_dir, out_dir, *chosen = sys.argv[1:]
    shoot(Path(site_dir), Path(out_dir), chosen or ["index.html"])
