"""HTML to the article's main text, with trafilatura.

Everything unspin reports about an HTML input points into the text returned
here (not into the markup), which is why ``--format json`` prints it as "text".
"""

from __future__ import annotations

import logging
import re

from unspin.errors import InputError

_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """True if a text (e.g. from stdin) is an HTML document rather than plain text."""
    return bool(_HTML_START.match(text[:4096]))


# libxml2 (under lxml and trafilatura) stops building the tree 256 elements deep, so an
# article wrapped in thousands of nested <div>s came out as "no main text". Runs of this
# many wrapper tags with nothing but space between them are collapsed to one before
# parsing: no text sits in such a run, so nothing a reader sees is lost.
DEEP_RUN = 32
_WRAPPERS = r"(?:div|span|section|article|main|aside|header|footer|font|center|b|i|em|strong|blockquote|ul|ol|li)"
_OPEN_RUN = re.compile(rf"(?:<{_WRAPPERS}\b[^<>]*>\s*){{{DEEP_RUN},}}", re.I)
_CLOSE_RUN = re.compile(rf"(?:</{_WRAPPERS}\s*>\s*){{{DEEP_RUN},}}", re.I)


def flatten_deep_nesting(html: str) -> str:
    """The page with every run of ``DEEP_RUN`` or more bare wrapper tags collapsed to one."""
    html = _OPEN_RUN.sub("<div>", html)
    return _CLOSE_RUN.sub("</div>", html)


def extract_main_text(html: str) -> str:
    """The main text of an HTML page; raises :class:`InputError` when there is none."""
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    html = flatten_deep_nesting(html)

    # trafilatura logs "empty HTML tree"-style warnings through logging's
    # last-resort handler straight to stderr; unspin reports its own one line.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    text = None
    # Precision first (drops navigation and footers); recall mode rescues pages
    # whose article is short or oddly marked up.
    for favor_recall in (False, True):
        text = trafilatura.extract(
            html, output_format="txt", include_comments=False, with_metadata=False,
            deduplicate=False, favor_recall=favor_recall,
        )
        if text and text.strip():
            return text
    raise InputError("no main text found in HTML")
