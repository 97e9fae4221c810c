"""A filled-in form as PDF: its HTML page and print CSS laid out by WeasyPrint, as the pack's
PDF is (WeasyPrint and Pango load only here)."""

from __future__ import annotations

import logging

from mpl.domain.forms import FilledForm
from mpl.exporters.forms import html
from mpl.exporters.pdf import _refuse, _weasyprint


def render(form: FilledForm) -> bytes:
    weasyprint = _weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html.render(form).decode(), url_fetcher=_refuse, base_url=None)
    pdf: bytes = document.write_pdf()
    return pdf
