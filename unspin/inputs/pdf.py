"""PDF to text with pdfminer.six: the text layer of every page, in reading order.

A scanned PDF (images only) has no text layer: it is refused with that reason,
since unspin does no OCR.
"""

from __future__ import annotations

import io

from unspin.errors import InputError

MAGIC = b"%PDF-"


def looks_like_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(MAGIC)


def pdf_text(data: bytes) -> str:
    """The text of a PDF's pages; raises :class:`InputError` for a broken or image-only PDF."""
    import logging

    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns per odd object on stderr
    try:
        text = extract_text(io.BytesIO(data))
    except PDFSyntaxError as exc:
        raise InputError(f"not a readable PDF: {' '.join(str(exc).split())}") from None
    except Exception as exc:  # pdfminer raises many kinds for damaged files  # noqa: BLE001
        raise InputError(f"not a readable PDF: the file is damaged or encrypted ({' '.join(str(exc).split())[:120]})") from None
    text = text.replace("\x0c", "\n")  # page breaks: offsets stay one code point each
    if not text.strip():
        raise InputError("PDF has no text layer (a scanned image?): unspin does not read images")
    return text
