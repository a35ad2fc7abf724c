"""Short PDF attachments for the demo library, generated at seed time with fpdf2 (a page with the heading,
the title and the summary). DejaVu Sans (Debian's fonts-dejavu) carries the Vietnamese letters; without it
the text is written without diacritics in a core font rather than failing."""

import logging
from pathlib import Path

from fpdf import FPDF

from core.content.search import search_fold

logging.getLogger("fontTools").setLevel(logging.WARNING)  # its font subsetting logs every table at INFO
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def _font() -> Path | None:
    return next((d / "DejaVuSans.ttf" for d in FONT_DIRS if (d / "DejaVuSans.ttf").exists()), None)


def short_pdf(*, issuer: str, heading: str, title: str, lines: list[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    font = _font()
    if font is not None:
        pdf.add_font("DejaVu", fname=str(font))
        pdf.set_font("DejaVu", size=12)

        def text(value: str) -> str:
            return value
    else:
        pdf.set_font("Helvetica", size=12)

        def text(value: str) -> str:
            return search_fold(value) if value else value

    width = pdf.epw
    pdf.multi_cell(width, 7, text(issuer.upper()), align="C")
    pdf.ln(4)
    pdf.set_font_size(15)
    pdf.multi_cell(width, 8, text(heading.upper()), align="C")
    pdf.set_font_size(12)
    pdf.multi_cell(width, 7, text(title), align="C")
    pdf.ln(6)
    for line in lines:
        pdf.multi_cell(width, 6, text(line))
        pdf.ln(2)
    return bytes(pdf.output())
