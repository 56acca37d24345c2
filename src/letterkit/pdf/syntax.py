"""PDF syntax written as text: numbers, text strings, and dictionaries and streams that reportlab
writes as they are (its own object classes build a name object per key and format every number
through Python calls, which costs more than the rest of an embedded font)."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfdoc  # only imported where PDFs are written


def num(value: float) -> str:
    """A PDF number, short: integers bare, else up to 3 decimals (1/1000 pt or 1/1000 em is far
    below what anyone sees; reportlab's pure-Python ``fp_str`` is the slowest part otherwise)."""
    if value == int(value):
        return str(int(value))
    text = f"{value:.3f}".rstrip("0")
    return text.removesuffix(".")


def utf16_hex(text: str) -> str:
    """A PDF text string as hex: UTF-16BE with byte order mark."""
    return "FEFF" + text.encode("utf-16-be").hex().upper()


class _Dictionary(pdfdoc.PDFObject):  # type: ignore[misc]
    def __init__(self, entries: dict[str, Any]) -> None:
        self.entries = entries

    def format(self, document: Any) -> bytes:
        parts = [b"<<"]
        for key, value in self.entries.items():
            if isinstance(value, str):
                written = value.encode("latin-1")
            elif isinstance(value, list):
                written = (
                    b"["
                    + b" ".join(document.Reference(item).format(document) for item in value)
                    + b"]"
                )
            else:
                written = document.Reference(value).format(document)
            parts.append(b"/" + key.encode("ascii") + b" " + written)
        parts.append(b">>")
        return b"\n".join(parts)


class _FlateStream(pdfdoc.PDFObject):  # type: ignore[misc]
    __RefOnly__ = 1  # a stream is always an indirect object

    def __init__(self, compressed: bytes) -> None:
        self.compressed = compressed

    def format(self, document: Any) -> bytes:
        data = bytes(document.encrypt.encode(self.compressed))
        return (
            b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        )


def dictionary(entries: dict[str, Any]) -> Any:
    """A reportlab PDF object writing ``<< /Key value … >>``: a value is PDF syntax (``str``),
    a PDF object (written as a reference to it) or a list of them (an array of references)."""
    return _Dictionary(entries)


def flate_stream(compressed: bytes) -> Any:
    """A reportlab PDF object writing a stream whose data is already zlib-compressed."""
    return _FlateStream(compressed)
