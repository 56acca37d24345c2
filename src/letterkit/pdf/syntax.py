"""PDF syntax written as text: numbers, names, text strings and dates, dictionaries, and the
indirect objects and streams of a file (:mod:`.file_writer` writes letterkit's PDF files itself;
reportlab's object classes build a name object per key and format every number through Python
calls, which cost more than the rest of a letter's file)."""

from __future__ import annotations

import math
from datetime import datetime

__all__ = [
    "date_string",
    "dictionary",
    "dimension",
    "indirect_object",
    "name",
    "num",
    "stream_object",
    "text_string",
    "utf16_hex",
]


def num(value: float) -> str:
    """A PDF number, short: integers bare, else up to 3 decimals (1/1000 pt or 1/1000 em is far
    below what anyone sees; reportlab's pure-Python ``fp_str`` is the slowest part otherwise)."""
    if value == int(value):
        return str(int(value))
    text = f"{value:.3f}".rstrip("0")
    return text.removesuffix(".")


def dimension(value: float) -> str:
    """A page dimension with reportlab's precision (about 7 significant digits: an A4 page is
    ``595.2756 841.8898``), so pages keep the exact size they had when reportlab wrote them."""
    size = abs(value)
    if size <= 1e-7:
        return "0"
    places = 6 if size <= 1 else min(max(0, 6 - int(math.log10(size))), 6)
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").removesuffix(".")
    return text


def utf16_hex(text: str) -> str:
    """A PDF text string as hex: UTF-16BE with byte order mark."""
    return "FEFF" + text.encode("utf-16-be").hex().upper()


_NAME_SAFE = frozenset(chr(c) for c in range(0x21, 0x7F)) - set("%()<>[]{}/#")


def name(text: str) -> str:
    """A PDF name: ``/`` and the text, a character outside ``!`` … ``~`` or a delimiter
    written as ``#xx`` (the hex of its UTF-8 bytes)."""
    if all(c in _NAME_SAFE for c in text):
        return "/" + text
    return "/" + "".join(
        c if c in _NAME_SAFE else "".join(f"#{b:02X}" for b in c.encode("utf-8")) for c in text
    )


# PDFDocEncoding (PDF 1.7, Annex D.2) where it differs from Latin-1: 0x80-0xA0 (0xAD undefined)
_PDFDOC_HIGH = (
    "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c"
    "\u201d\u2018\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142"
    "\u0153\u0161\u017e"
)
_PDFDOC: dict[int, int] = {ord(c): 0x80 + i for i, c in enumerate(_PDFDOC_HIGH)}
_PDFDOC[0x20AC] = 0xA0  # €
_PDFDOC.update({c: c for c in range(0x20, 0x7F)})
_PDFDOC.update({c: c for c in range(0xA1, 0x100) if c != 0xAD})
_PDFDOC.update({c: c for c in (0x09, 0x0A, 0x0D)})
_LITERAL_ESCAPES = {ord("\\"): b"\\\\", ord("("): b"\\(", ord(")"): b"\\)", ord("\r"): b"\\r"}


def text_string(text: str) -> bytes:
    """A PDF text string (Info entries): a literal string in PDFDocEncoding when every character
    has a code there (``\\``, ``(``, ``)`` and carriage returns escaped), else UTF-16BE with byte
    order mark written as hex."""
    if text.isascii() and text.isprintable():  # most titles: ASCII is PDFDocEncoding
        encoded = text.encode("ascii")
    else:
        codes = _PDFDOC
        try:
            encoded = bytes([codes[ord(c)] for c in text])
        except KeyError:
            return b"<" + utf16_hex(text).encode("ascii") + b">"
    if b"\\" in encoded or b"(" in encoded or b")" in encoded or b"\r" in encoded:
        encoded = b"".join(_LITERAL_ESCAPES.get(b) or bytes((b,)) for b in encoded)
    return b"(" + encoded + b")"


def date_string(moment: datetime) -> bytes:
    """A PDF date (``(D:YYYYMMDDHHmmSS+HH'mm')``) of an aware or UTC-naive ``moment``."""
    offset = moment.utcoffset()
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"(D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}')".encode("ascii")


def dictionary(entries: dict[str, str]) -> str:
    """``<< /Key value … >>``, each value already PDF syntax (``"5 0 R"``, ``"/Identity"``)."""
    return "<< " + " ".join(f"/{key} {value}" for key, value in entries.items()) + " >>"


def indirect_object(number: int, body: str | bytes) -> bytes:
    """Object ``number`` (generation 0) holding ``body``."""
    if isinstance(body, str):
        body = body.encode("latin-1")
    return b"%d 0 obj\n%s\nendobj\n" % (number, body)


def stream_object(number: int, compressed: bytes) -> tuple[bytes, bytes, bytes]:
    """Object ``number``: a stream of zlib data, as its three pieces (dictionary, data, end)
    so the data is written without being copied."""
    head = b"%d 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n" % (
        number,
        len(compressed),
    )
    return head, compressed, b"\nendstream\nendobj\n"
