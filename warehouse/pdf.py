"""HTML to PDF through Debian's headless Chromium (no network, no browser download at run time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = os.environ.get("SOC_WAREHOUSE_CHROMIUM", "/usr/bin/chromium")
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
TIMEOUT = 120  # seconds: a one-page sheet prints in about 2 s; a hung browser must not hang the command


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why (no browser, a timeout, the browser's own error)."""


def html_to_pdf(html: str, out: Path) -> Path:
    """Print `html` to the PDF file `out` (the page size comes from the HTML's @page rule). `out` is replaced only
    once the PDF is complete: a failure leaves no partial file."""
    browser = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if not browser:
        raise PdfError(f"cannot write {out}: no Chromium at {CHROMIUM} (apt-get install chromium), or write .html")
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
            raise PdfError(f"cannot write {out}: Chromium did not finish within {TIMEOUT} s") from None
        if done.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise PdfError(f"cannot write {out}: Chromium exited {done.returncode}: {' | '.join(tail)}")
        partial = out.with_name(f".{out.name}.part")
        shutil.copyfile(pdf, partial)
        os.replace(partial, out)
    return out
