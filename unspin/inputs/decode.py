"""Bytes to text: decide what a file's bytes say, or refuse them with one clear reason.

Offsets in unspin's output are code-point indices into the decoded text, so
decoding must be deterministic and must not normalise anything (no newline
translation, no Unicode normalisation); it only picks the encoding.

Order tried: a byte-order mark, UTF-16 without one (NUL bytes on every other
byte), strict UTF-8, an encoding the document declares (HTML ``<meta charset>``
/ XML declaration), UTF-8 mixed with cp1252 bytes, then charset-normalizer
detection. :func:`decode` also says what it guessed, so that a reader can tell
the user ("no byte-order mark: read as UTF-16LE").
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded text, the encoding read, and what was guessed (None: nothing to say)."""

    text: str
    encoding: str
    guess: str | None = None


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


def _detect(data: bytes) -> tuple[str, str] | None:
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
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                break
    return str(best), best.encoding


_ESCAPED = re.compile("[\udc80-\udcff]")


def _stray_byte(match: re.Match[str]) -> str:
    # A byte surrogateescape kept aside, read as cp1252 (latin-1 for the five
    # bytes cp1252 leaves undefined): one byte, one code point.
    byte = bytes([ord(match.group()) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


# Share of stray bytes standing alone (no stray byte beside them) above which they read
# as a Western code page's accented letters and punctuation ("caf\xe9", "\x93quote\x94"):
# Cyrillic, Greek or CJK legacy text puts its high bytes in runs. 0.8 keeps every
# test_inputs.py case right, the cp1251 and Shift-JIS ones included.
ISOLATED_STRAYS = 0.8


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text mixed with stray cp1252 bytes, and how many there were, or None.

    Whole-file detection would pick a code page and turn every real UTF-8
    character into mojibake, so when a file holds valid UTF-8 sequences and its
    other high bytes are few, or stand alone as Western accents do, only those
    bytes are read as cp1252.
    """
    text = data.decode("utf-8", "surrogateescape")
    strays = [m.start() for m in _ESCAPED.finditer(text)]
    valid = sum(1 for ch in text if ord(ch) >= 0x80) - len(strays)
    if valid <= 0:  # a legacy file has next to no valid UTF-8 sequences
        return None
    if len(strays) > valid:
        where = set(strays)
        alone = sum(1 for i in strays if i - 1 not in where and i + 1 not in where)
        if alone < ISOLATED_STRAYS * len(strays):
            return None
    return _ESCAPED.sub(_stray_byte, text), len(strays)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes fill every other byte, as ASCII-range
    text in UTF-16 does, and the other bytes hold none; else None."""
    sample = data[:_SNIFF - _SNIFF % 2]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.4 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.4 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode a document's bytes, or raise :class:`InputError` saying why it cannot be."""
    return decode(data).text


def decode(data: bytes) -> Decoded:
    """Decode a document's bytes saying what was guessed, or raise :class:`InputError`."""
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
            return Decoded(text, encoding)
    wide = _utf16_without_bom(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the binary check below says what it is
        else:
            _check_decoded(text)
            return Decoded(text, wide, f"no byte-order mark: read as {wide.upper()}")
    _check_binary(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
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
            return Decoded(text, encoding)
    mixed = _mostly_utf8(data)
    if mixed is not None:
        text, strays = mixed
        _check_decoded(text)
        return Decoded(text, "utf-8", f"mixed encodings: UTF-8 with {strays:,} byte"
                       f"{'' if strays == 1 else 's'} read as Windows-1252")
    found = _detect(data)
    if found is None:
        hint = f"; it declares {declared} but does not decode as it" if declared else ""
        raise InputError(f"cannot decode: not UTF-8 and no other encoding fits{hint}")
    text, encoding = found
    _check_decoded(text)
    return Decoded(text, encoding, f"not UTF-8 and no encoding declared: read as {encoding} (detected)")
