"""Bytes to text: decide what a file's bytes say, or refuse them with one clear reason.

Offsets in unspin's output are code-point indices into the decoded text, so
decoding must be deterministic and must not normalise anything (no newline
translation, no Unicode normalisation); it only picks the encoding.

Order tried: a byte-order mark, strict UTF-8, an encoding the document declares
(HTML ``<meta charset>`` / XML declaration), UTF-8 with a few stray cp1252
bytes, then charset-normalizer detection.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from unspin.errors import InputError

# Refused before reading (checked with stat for files). The text limit is
# unspin.limits.MAX_CHARS (2M code points, at most ~8 MB of UTF-8); HTML adds
# markup around the text, so the byte limit leaves room for that.
MAX_BYTES = 20_000_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Both `<meta charset="x">` and `<meta http-equiv=... content="text/html; charset=x">`.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)

# Browsers (WHATWG Encoding) read these labels as windows-1252, and so do we:
# pages labelled latin-1 routinely contain cp1252 curly quotes and dashes.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252",
                   "latin-1": "cp1252", "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
                   "iso_8859-1": "cp1252", "windows-1252": "cp1252"}

# Control bytes that do not occur in text in any ASCII-compatible encoding.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b") + b"\x7f"
_SNIFF = 65536


def declared_encoding(data: bytes) -> str | None:
    """The encoding an HTML/XML document declares in its first bytes, if any."""
    head = data[:4096]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:  # an unknown label is ignored, not fatal: detection still runs
        return None


def _check_binary(data: bytes) -> None:
    if b"\x00" in data:
        raise InputError("binary data (contains NUL bytes), not text")
    sample = data[:_SNIFF]
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > max(8, len(sample) // 100):
        raise InputError("binary data (too many control bytes), not text")


def _check_decoded(text: str) -> None:
    # Catches binary that happened to decode (e.g. as a single-byte code page).
    sample = text[:_SNIFF]
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn")
              and ch not in "\t\n\r\f\v\x1b")
    if bad > max(8, len(sample) // 100):
        raise InputError("binary data (too many control characters), not text")


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: only legacy encodings need it

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    # charset-normalizer often ranks cp1250 first for Western text, which turns
    # "ñ" into "ń"; among equally clean readings prefer cp1252, by far the most
    # common legacy encoding for English-language news.
    for match in results:
        if match.chaos <= best.chaos + 0.01 and "cp1252" in match.could_be_from_charset:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)


_ESCAPED = re.compile("[\udc80-\udcff]")


def _stray_byte(match: re.Match[str]) -> str:
    # A byte surrogateescape kept aside, read as cp1252 (latin-1 for the five
    # bytes cp1252 leaves undefined): one byte, one code point.
    byte = bytes([ord(match.group()) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray legacy bytes (a pasted "café" in cp1252), or None.

    Whole-file detection would pick a code page and turn every real UTF-8
    character into mojibake, so when most non-ASCII characters are valid UTF-8
    only the stray bytes are read as cp1252.
    """
    text = data.decode("utf-8", "surrogateescape")
    strays = len(_ESCAPED.findall(text))
    valid = sum(1 for ch in text if ord(ch) >= 0x80) - strays
    if valid > 0 and strays <= valid:  # a cp1252 file has next to no valid UTF-8 sequences
        return _ESCAPED.sub(_stray_byte, text)
    return None


def decode_bytes(data: bytes) -> str:
    """Decode a document's bytes, or raise :class:`InputError` saying why it cannot be."""
    if not data:
        raise InputError("empty file: nothing to analyze")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"cannot decode: starts with a {encoding} byte-order mark but is "
                                 f"not valid {encoding} ({exc.reason} at byte {exc.start})") from None
            _check_decoded(text)
            return text
    _check_binary(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared and declared != "utf-8":
        for encoding in (declared, "latin-1") if declared == "cp1252" else (declared,):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            _check_decoded(text)
            return text
    mixed = _mostly_utf8(data)
    if mixed is not None:
        _check_decoded(mixed)
        return mixed
    text = _detect(data)
    if text is None:
        hint = f"; it declares {declared} but does not decode as it" if declared else ""
        raise InputError(f"cannot decode: not UTF-8 and no other encoding fits{hint}")
    _check_decoded(text)
    return text
