"""letterkit's PDF files, written by letterkit from what its reportlab canvases hold.

reportlab stays the drawing surface (pages, graphics operators); the file is written here:
reportlab formats its object tree generically (a name object per key, every number through
Python calls), which cost about 12 % of an English letter, for a document of some twenty
objects that letterkit knows exactly:

====================  =========================================================================
object                what it holds
====================  =========================================================================
1 Catalog             ``/Pages``, ``/Lang`` when the canvas has one
2 Info                title, author, subject, keywords, creator, producer, dates
3 Pages               every page
4 page resources      the document's fonts (``/Font``) and reportlab's ``/ProcSet``, shared
5, 6, … pages         each page (its own ``/MediaBox``) and its contents (zlib, packed already)
then per face         Type0 font, CID font, descriptor, font file, ToUnicode (+ CIDToGIDMap)
====================  =========================================================================

Anything else in a canvas (images, forms, annotations, outlines, reportlab's own fonts,
encryption…) is refused with an internal error rather than left out of the file.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError
from .font_embedding import DocumentFont
from .syntax import FlateStream, date_string, dimension, indirect_object, name, stream_object
from .syntax import text_string as text

__all__ = ["UnsupportedCanvasContent", "write_pdf"]

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"  # a comment of high bytes: the file is binary
PRODUCER = "letterkit"
INVARIANT_DATE = datetime(2000, 1, 1)  # reportlab's invariant mode's date, kept
# reportlab's /ProcSet for a page (obsolete since PDF 1.4, still written by reportlab)
PROC_SET = "[/PDF /Text /ImageB /ImageC /ImageI]"
_FLUSH_AT = 1 << 20  # bytes gathered before they go to the file
FIRST_PAGE = 5  # after the catalog, the info, the page tree and the shared page resources
FONT_FILE_OBJECT = 3  # a face's objects: Type0 font, CID font, descriptor, font file, …


class UnsupportedCanvasContent(OutputError):
    """A canvas holds something the writer does not write (a bug in letterkit, not the user's)."""


def write_pdf(canvas: Any, target: Any) -> None:
    """Write the document of reportlab ``canvas`` (its pages finished and their contents packed,
    see :func:`letterkit.pdf.document.save_canvas`) to ``target``: a path or a binary file."""
    check_canvas(canvas)
    doc = canvas._doc
    pages = doc.Pages.pages
    fonts: list[DocumentFont] = list(doc.delayedFonts)
    parts = [font.font_parts() for font in fonts]

    font_numbers = []
    number = FIRST_PAGE + 2 * len(pages)  # each page and its contents, then the fonts
    for part in parts:
        font_numbers.append(number)
        number += part.object_count
    size = number  # objects 0 … size - 1

    if isinstance(target, str | os.PathLike):
        with Path(target).open("wb") as file:
            _write(canvas, file, pages, fonts, parts, font_numbers, size)
    elif callable(getattr(target, "write", None)):
        _write(canvas, target, pages, fonts, parts, font_numbers, size)
    else:
        raise TypeError(f"cannot write a PDF to {target!r}")


def _write(
    canvas: Any,
    file: IO[bytes],
    pages: list[Any],
    fonts: list[DocumentFont],
    parts: list[Any],
    font_numbers: list[int],
    size: int,
) -> None:
    doc = canvas._doc
    out = _Output(file)
    offsets = [0] * size
    out.write(HEADER)

    catalog = "<< /Type /Catalog /Pages 3 0 R"
    lang = getattr(doc.Catalog, "Lang", None)
    if lang is not None:
        catalog += " /Lang " + text(str(lang.s)).decode("latin-1")
    offsets[1] = out.write(indirect_object(1, catalog + " >>"))
    offsets[2] = out.write(indirect_object(2, _info(doc)))

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
        size_key = (page.pagewidth, page.pageheight)
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
        offsets[number + 1] = out.write_pieces(stream_object(number + 1, page.Contents.compressed))

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


def _info(doc: Any) -> bytes:
    """The Info dictionary: the entries the canvas was given (reportlab's defaults such as
    "untitled" and "anonymous" left out), letterkit as producer, and the dates."""
    info = doc.info
    given = vars(info)  # set on the instance: given by letterkit (the class holds defaults)
    entries = [b"<<"]
    for key, attribute in (
        (b"/Title", "title"),
        (b"/Author", "author"),
        (b"/Subject", "subject"),
        (b"/Keywords", "keywords"),
        (b"/Creator", "creator"),
    ):
        value = given.get(attribute)
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if value:
            entries += [key, text(str(value))]
    producer = given.get("producer")
    entries += [b"/Producer", text(str(producer) if producer else PRODUCER)]
    moment = INVARIANT_DATE if doc.invariant else datetime.now().astimezone()
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


# ------------------------------------------------------------------------------------------------
# what a canvas may hold


_PAGE_EXTRAS = (
    "Annots",
    "XObjects",
    "ExtGState",
    "Resources",
    "MediaBox",
    "CropBox",
    "ArtBox",
    "TrimBox",
    "BleedBox",
    "Thumb",
    "B",
    "Dur",
    "Hid",
    "AA",
    "PieceInfo",
    "LastModified",
    "SeparationInfo",
    "ID",
    "PZ",
    "_colorsUsed",
    "_shadingUsed",
    "Override_default_compilation",
)
_CATALOG_EXTRAS = (
    "Dests",
    "Threads",
    "AcroForm",
    "Names",
    "OpenAction",
    "URI",
    "ViewerPreferences",
    "PageLabels",
    "PageLayout",
    "JavaScript",
    "StructTreeRoot",
    "SpiderInfo",
    "MarkInfo",
    "Metadata",
    "Tabs",
)


def check_canvas(canvas: Any) -> None:
    """Refuse a canvas holding anything :func:`write_pdf` would not write: only pages of
    vector graphics and text in letterkit's own fonts, packed, are written."""
    doc = canvas._doc
    problems: list[str] = []
    if "encrypt" in vars(doc):  # set on the document by canvas.setEncrypt()
        problems.append("encryption")
    # reportlab registers pages and one (empty) font dictionary; images, forms, shadings,
    # separation colours, annotations… are objects of their own
    pages = doc.Pages.pages
    others = sorted(
        key for key in doc.idToObject if key != "BasicFonts" and not key.startswith("Page")
    )
    if len(doc.idToObject) - len(others) != len(pages) + 1:
        others.append("objects besides the pages")
    if others:
        problems.append("objects " + ", ".join(others[:5]))
    basic_fonts = doc.idToObject.get("BasicFonts")
    if basic_fonts is not None and basic_fonts.dict:
        problems.append("reportlab fonts " + ", ".join(sorted(basic_fonts.dict)))
    foreign = [key for key in doc.fontMapping if not str(key).startswith("letterkit:")]
    if foreign:
        problems.append("fonts not letterkit's: " + ", ".join(map(str, foreign)))
    if not all(isinstance(font, DocumentFont) for font in doc.delayedFonts):
        problems.append("delayed fonts not letterkit's")
    catalog = doc.Catalog
    extras = [key for key in _CATALOG_EXTRAS if getattr(catalog, key, None) is not None]
    if "PageMode" in vars(catalog):
        extras.append("PageMode")
    if extras:
        problems.append("catalog entries " + ", ".join(extras))
    outline = doc.Outlines
    if canvas._destinations or getattr(outline, "buildtree", None) or outline.mydestinations:
        problems.append("bookmarks or outlines")
    for number, page in enumerate(pages, 1):
        extras = [key for key in _PAGE_EXTRAS if getattr(page, key, None)]
        if page.Rotate:
            extras.append("Rotate")
        if page.Trans is not None and page.Trans.dict:
            extras.append("Trans")
        if not isinstance(page.Contents, FlateStream) or page.stream:
            extras.append("contents not packed")
        if extras:
            problems.append(f"page {number}: " + ", ".join(extras))
            break
    if problems:
        raise UnsupportedCanvasContent(
            "internal error: letterkit's PDF writer cannot write " + "; ".join(problems)
        )
