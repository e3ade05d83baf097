"""HTML to PDF through the system's headless Chromium (Debian's `chromium`): the evidence sheet as a PDF, from
`socwh evidence --out FILE.pdf` and the dashboard's download.

The page is written to a temporary folder and printed from there with a throwaway profile, background networking
off and a deadline: the sheet is self-contained, so Chromium needs nothing from the network, and a hung browser
must not hang the command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = os.environ.get("SOC_WAREHOUSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)
TIMEOUT = 120  # seconds: a sheet prints in about 2 s


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why (no browser, a timeout, the browser's own error)."""


def chromium() -> str:
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    raise PdfError(f"no Chromium at {CHROMIUM} nor on PATH (apt-get install chromium), or write .html")


def pdf_bytes(html: str) -> bytes:
    """`html` printed to PDF (the page size comes from the HTML's @page rule)."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="socwh-pdf-") as work:
        page, pdf = Path(work) / "sheet.html", Path(work) / "sheet.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(
                [browser, *FLAGS, f"--user-data-dir={Path(work) / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not print the PDF within {TIMEOUT} s") from None
        if done.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise PdfError(f"Chromium could not print the PDF (exit {done.returncode}): {' | '.join(tail)}")
        return pdf.read_bytes()


def html_to_pdf(html: str, out: Path) -> Path:
    """Print `html` to the PDF file `out`, replaced only once the PDF is complete: a failure leaves no partial file."""
    try:
        data = pdf_bytes(html)
    except PdfError as error:
        raise PdfError(f"cannot write {out}: {error}") from None
    partial = out.with_name(f".{out.name}.part")
    partial.write_bytes(data)
    os.replace(partial, out)
    return out
