"""letterkit's fonts in a PDF that reportlab writes: for a caller who draws letters onto a
reportlab canvas of their own (:func:`letterkit.pdf.letter.draw_letter`) and saves it with
reportlab's ``canvas.save()``.

letterkit's own canvases are written by :mod:`.file_writer` (see
:func:`letterkit.pdf.document.save_canvas`); reportlab's writer asks each font in
``doc.delayedFonts`` to add its objects, and this module gives it the same font objects as
reportlab objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # font_embedding imports this module when a reportlab canvas asks
    from .font_embedding import FontParts

__all__ = ["add_font"]


def add_font(doc: Any, resource: str, parts: FontParts, descriptor_entries: str) -> None:
    """Register the Type0 font ``resource`` (with its CID font, descriptor and streams) in
    reportlab's document ``doc``; ``descriptor_entries``: the face's own descriptor entries."""
    from reportlab.pdfbase import pdfdoc

    class Written(pdfdoc.PDFObject):  # type: ignore[misc]
        """An object whose text is made when reportlab writes it (references are numbered
        then)."""

        def __init__(self, text: Callable[[], str]) -> None:
            self.text = text

        def format(self, document: Any) -> bytes:
            return self.text().encode("latin-1")

    class Stream(pdfdoc.PDFObject):  # type: ignore[misc]
        __RefOnly__ = 1  # a stream is always an indirect object

        def __init__(self, compressed: bytes) -> None:
            self.compressed = compressed

        def format(self, document: Any) -> bytes:
            data = bytes(document.encrypt.encode(self.compressed))
            head = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(data)
            return head + data + b"\nendstream"

    def ref(item: Any) -> str:
        return str(doc.Reference(item).format(doc).decode("ascii"))

    font_file, to_unicode = Stream(parts.font_file), Stream(parts.to_unicode)
    cid_map = Stream(parts.cid_to_gid) if parts.cid_to_gid is not None else None
    texts: list[tuple[str, str, str]] = []

    def text(index: int) -> str:  # the three dictionaries, made once references are numbered
        if not texts:
            texts.append(
                parts.dictionaries(
                    descriptor_entries,
                    cid_font=ref(cid_font),
                    descriptor=ref(descriptor),
                    font_file=ref(font_file),
                    to_unicode=ref(to_unicode),
                    cid_to_gid=None if cid_map is None else ref(cid_map),
                )
            )
        return texts[0][index]

    font = Written(lambda: text(0))
    cid_font = Written(lambda: text(1))
    descriptor = Written(lambda: text(2))
    doc.idToObject[pdfdoc.BasicFonts].dict[resource] = doc.Reference(font, resource)
