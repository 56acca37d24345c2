"""letterkit's PDF files, written from what its page canvases hold (:mod:`.canvas`).

A letter is some twenty objects letterkit knows exactly, written here directly (reportlab's
generic object tree formatting cost about 12 % of an English letter):

====================  =========================================================================
object                what it holds
====================  =========================================================================
1 Catalog             ``/Pages``, ``/Lang`` when the canvas has one
2 Info                title, author, subject, keywords, creator, producer, dates
3 Pages               every page
4 page resources      the document's fonts (``/Font``) and the classic ``/ProcSet``, shared
5, 6, … pages         each page (its own ``/MediaBox``) and its contents (zlib, packed already)
then per face         Type0 font, CID font, descriptor, font file, ToUnicode (+ CIDToGIDMap)
====================  =========================================================================
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from .canvas import PageCanvas
from .font_embedding import DocumentFont
from .syntax import date_string, dimension, indirect_object, name, stream_object
from .syntax import text_string as text

__all__ = ["write_pdf"]

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"  # a comment of high bytes: the file is binary
PRODUCER = "letterkit"
INVARIANT_DATE = datetime(2000, 1, 1)  # the date of an invariant document
# the classic /ProcSet of a page (obsolete since PDF 1.4; old readers still look for it)
PROC_SET = "[/PDF /Text /ImageB /ImageC /ImageI]"
_FLUSH_AT = 1 << 20  # bytes gathered before they go to the file
FIRST_PAGE = 5  # after the catalog, the info, the page tree and the shared page resources
FONT_FILE_OBJECT = 3  # a face's objects: Type0 font, CID font, descriptor, font file, …


def write_pdf(canvas: PageCanvas, target: Any) -> None:
    """Write the document of ``canvas`` (its pages finished and their contents packed, see
    :func:`letterkit.pdf.document.save_canvas`) to ``target``: a path or a binary file."""
    pages = canvas.pages
    if any(page.compressed is None for page in pages):
        raise ValueError("the canvas's pages are not packed (pack_finished_pages)")
    fonts: list[DocumentFont] = list(canvas._doc.delayedFonts)
    parts = [font.font_parts() for font in fonts]

    font_numbers = []
    number = FIRST_PAGE + 2 * len(pages)  # each page and its contents, then the fonts
    for part in parts:
        font_numbers.append(number)
        number += part.object_count
    size = number  # objects 0 … size - 1

    if isinstance(target, str | os.PathLike):
        with Path(target).open("wb") as file:
            _write(canvas, file, fonts, parts, font_numbers, size)
    elif callable(getattr(target, "write", None)):
        _write(canvas, target, fonts, parts, font_numbers, size)
    else:
        raise TypeError(f"cannot write a PDF to {target!r}")


def _write(
    canvas: PageCanvas,
    file: IO[bytes],
    fonts: list[DocumentFont],
    parts: list[Any],
    font_numbers: list[int],
    size: int,
) -> None:
    pages = canvas.pages
    out = _Output(file)
    offsets = [0] * size
    out.write(HEADER)

    catalog = "<< /Type /Catalog /Pages 3 0 R"
    if canvas.lang:
        catalog += " /Lang " + text(canvas.lang).decode("latin-1")
    offsets[1] = out.write(indirect_object(1, catalog + " >>"))
    offsets[2] = out.write(indirect_object(2, _info(canvas)))

    kids = [f"{FIRST_PAGE + 2 * i} 0 R" for i in range(len(pages))]
    rows = "\n".join(" ".join(kids[i : i + 10]) for i in range(0, len(kids), 10))
    offsets[3] = out.write(
        indirect_object(3, f"<< /Type /Pages /Count {len(pages)} /Kids [{rows}] >>")
    )
    font_dictionary = " ".join(
        f"{name(font.name)} {number} 0 R" for font, number in zip(fonts, font_numbers, strict=True)
    )
    offsets[4] = out.write(
        indirect_object(4, f"<< /Font << {font_dictionary} >> /ProcSet {PROC_SET} >>")
    )

    boxes: dict[tuple[float, float], str] = {}
    for i, page in enumerate(pages):
        number = FIRST_PAGE + 2 * i
        size_key = (page.width, page.height)
        box = boxes.get(size_key)
        if box is None:
            box = boxes[size_key] = f"[0 0 {dimension(size_key[0])} {dimension(size_key[1])}]"
        offsets[number] = out.write(
            indirect_object(
                number,
                f"<< /Type /Page /Parent 3 0 R /MediaBox {box} /Resources 4 0 R"
                f" /Contents {number + 1} 0 R >>",
            )
        )
        assert page.compressed is not None  # checked in write_pdf
        offsets[number + 1] = out.write_pieces(stream_object(number + 1, page.compressed))

    for font, part, first in zip(fonts, parts, font_numbers, strict=True):
        for k, pieces in enumerate(part.objects(font.program, first)):
            # the font file is named by its subset tag (face and glyphs): the /ID need not
            # digest its bytes, most of the file's
            offsets[first + k] = out.write_pieces(pieces, digest=k != FONT_FILE_OBJECT)

    document_id = out.digest().hex().encode("ascii")
    xref_at = out.offset
    table = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    table.extend(b"%010d 00000 n \n" % offset for offset in offsets[1:])
    out.write(b"".join(table))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info 2 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, document_id, document_id, xref_at)
    )
    out.flush()


def _info(canvas: PageCanvas) -> bytes:
    """The Info dictionary: the entries the canvas was given, letterkit as producer, and the
    dates (fixed for an invariant canvas)."""
    entries = [b"<<"]
    for key in ("Title", "Author", "Subject", "Keywords", "Creator"):
        value = canvas.info.get(key)
        if value:
            entries += [b"/" + key.encode("ascii"), text(value)]
    entries += [b"/Producer", text(PRODUCER)]
    moment = INVARIANT_DATE if canvas.invariant else datetime.now().astimezone()
    date = date_string(moment)
    entries += [b"/CreationDate", date, b"/ModDate", date, b">>"]
    return b" ".join(entries)


class _Output:
    """The file being written: where the next byte goes, and the digest of what came before
    (the document's /ID; all but the font files, which their subset names stand for). Pieces
    are gathered and written a megabyte at a time."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.offset = 0
        self.pending: list[bytes] = []
        self.pending_size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)

    def write(self, data: bytes, *, digest: bool = True) -> int:
        """Add ``data`` (to the digest too, unless ``digest`` is false); return the offset it
        starts at."""
        at = self.offset
        self.offset += len(data)
        self.pending.append(data)
        self.pending_size += len(data)
        if digest:
            self.md5.update(data)
        if self.pending_size >= _FLUSH_AT:
            self.flush()
        return at

    def write_pieces(self, pieces: tuple[bytes, ...], *, digest: bool = True) -> int:
        at = self.offset
        for piece in pieces:
            self.write(piece, digest=digest)
        return at

    def flush(self) -> None:
        if self.pending:
            self.file.write(b"".join(self.pending))
            self.pending.clear()
            self.pending_size = 0

    def digest(self) -> bytes:
        return self.md5.digest()
