"""The pack as PDF: the HTML pack and its print CSS, laid out by WeasyPrint, so the printed
page and the PDF cannot drift apart. WeasyPrint (and the Pango library it needs) is loaded
only here, when a PDF is asked for."""

from __future__ import annotations

import logging
from typing import Any

from mpl.domain.pack import Pack
from mpl.errors import MplError
from mpl.exporters.html import page

NO_PDF = "cannot write a PDF here: {why}"
NO_PDF_HINT = (
    "PDF needs WeasyPrint and the Pango library (apt install libpango-1.0-0 libpangoft2-1.0-0,"
    " or brew install pango); or write --format html and print it to PDF from a browser"
)


def render_pdf(pack: Pack) -> bytes:
    weasyprint = _weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its notes on CSS it skips
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=page(pack), url_fetcher=_refuse, base_url=None)
    pdf: bytes = document.write_pdf()
    return pdf


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as error:
        raise MplError(NO_PDF.format(why="WeasyPrint is not installed"), hint=NO_PDF_HINT) from error
    except OSError as error:  # WeasyPrint is there, the system's Pango is not
        why = str(error).splitlines()[0] if str(error) else "the Pango library is missing"
        raise MplError(NO_PDF.format(why=why), hint=NO_PDF_HINT) from error
    return weasyprint


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    """Nothing is fetched while a pack is laid out: it holds no address, and must not."""
    raise ValueError(f"mpl fetches nothing for a pack ({url[:60]})")
