"""HTML to PDF through the system's headless Chromium (Debian's `chromium`), for the evidence sheet download.

The page is written to a temporary folder and printed from there with a throwaway profile, background networking
off and a deadline: the sheet is self-contained, so Chromium needs nothing from the network.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]  # fmt: skip
DEADLINE = 90  # seconds


class PdfUnavailable(RuntimeError):
    pass


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    raise PdfUnavailable("printing a PDF needs Chromium, and none was found: apt-get install chromium")


def html_to_pdf(html: str) -> bytes:
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="socwh-pdf-") as folder:
        page, pdf = Path(folder) / "sheet.html", Path(folder) / "sheet.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(
                [
                    browser,
                    *FLAGS,
                    f"--user-data-dir={Path(folder) / 'profile'}",
                    f"--print-to-pdf={pdf}",
                    page.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=DEADLINE,
            )
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"Chromium did not print the PDF within {DEADLINE} s") from None
        if done.returncode != 0 or not pdf.is_file():
            raise PdfUnavailable(f"Chromium could not print the PDF: {done.stderr.strip()[-300:]}")
        return pdf.read_bytes()
