"""A group's letterhead as a .docx: its header and footer become those of every DOCX letter.

A letterhead document (saved by Word or LibreOffice) is read once per file version: the first
section's header and footer parts — the first-page ones when it has a distinct first page
(``w:titlePg``), else the default ones for every page — with the images they show. Into each
letter they go as follows:

* page 1: the letterhead's first-page header and footer (the letter's own are empty there);
* pages 2+: the letterhead's default header, then the letter's continuation line ("recipient ·
  date"); the letterhead's default footer, then the letter's page number ("Page 2 of 2") below
  it — both kept, the letter's line last;
* the letter keeps its own paper, margins and window; it takes the letterhead's header and
  footer distances, and its top margin grows to clear a tall header (the body still starts at
  the layout's ``body_top``; the window frames are placed on the page, not in the flow).

How far the first-page header reaches down the page is estimated from the XML (header distance,
then each paragraph's spacing and line height or its inline images; floating images at their
offsets); when it reaches the envelope window (with 3 mm around it) :func:`window_warnings`
says so in the PDF letterhead's words.

The file is untrusted input, a ZIP: its size, number of parts and unpacked size are bounded
before anything is read; macro-enabled documents (.docm, ``vbaProject.bin``) and header or
footer parts that link outside the file (``TargetMode="External"``: remote images, links) are
refused with one line. Only images are copied; parts letterkit does not copy (settings, a
Word template's path) are not looked at beyond the bounds.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..layouts import PAPER_SIZES, Box, LetterLayout
from ..officezip import ZipLimits, open_office_zip
from . import docx_package as pkg

__all__ = [
    "DocxLetterhead",
    "apply_docx_letterhead",
    "load_docx_letterhead",
    "window_warnings",
]

MAX_FILE_BYTES = 20 * 1024 * 1024  # the .docx itself
MAX_PARTS = 400  # members of the ZIP
MAX_EXPANDED = 64 * 1024 * 1024  # all parts, unpacked
MAX_RATIO = 200  # unpacked / packed size of one part (above 1 MB)
_LIMITS = ZipLimits(
    max_file_bytes=MAX_FILE_BYTES,
    too_large="{where}: refused: the letterhead is larger than {limit_mb} MB; make its images "
    "smaller",
    unreadable="{where}: not a readable .docx letterhead ({error})",
    max_parts=MAX_PARTS,
    too_many_parts="{where}: refused: {count} parts in the letterhead (at most {limit}); save it "
    "again with only its header and footer",
    max_ratio=MAX_RATIO,
    too_expanding="{where}: refused: its part {part} would expand {ratio:.0f} times; a letterhead "
    "saved by Word or LibreOffice does not; save it again",
    max_expanded=MAX_EXPANDED,
    too_much_unpacked="{where}: refused: the letterhead would expand to {mb} MB (at most "
    "{limit_mb} MB); make its images smaller",
    macros="{where}: refused: the letterhead contains macros; save it as .docx",
)

_EMU_PER_MM = 36000
_TWIPS_PER_MM = 1440 / 25.4
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_MACRO_TYPE = "macroEnabled"
_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".emf": "image/x-emf",
    ".wmf": "image/x-wmf",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class HeaderPart:
    """A header or footer of the letterhead: its XML and the images its ``r:id``s name."""

    xml: bytes
    images: tuple[tuple[str, str], ...]  # (relationship id, media part name in the letter)
    extent_mm: float  # how far its text reaches down the page (headers; footers: its height)
    boxes: tuple[Box, ...] = ()  # floating images placed on the page (mm from its top left)


@dataclass(frozen=True)
class DocxLetterhead:
    path: Path
    digest: str  # sha256 of the file: a new letterhead rewrites a batch's letters
    first_header: HeaderPart | None  # page 1
    header: HeaderPart | None  # pages 2+
    first_footer: HeaderPart | None
    footer: HeaderPart | None
    media: tuple[tuple[str, bytes], ...]  # (part name in the letter, bytes)
    header_twips: int | None  # the letterhead's header distance (None: the letter's)
    footer_twips: int | None
    size_mm: tuple[float, float] | None  # its page size

    @property
    def first_header_bottom_mm(self) -> float:
        """How far down page 1 the header reaches (0: no header)."""
        return self.first_header.extent_mm if self.first_header else 0.0


# ---------------------------------------------------------------------------------------------
# reading the file, bounded


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml(data: bytes, where: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise DataError(f"{where}: not well-formed XML ({exc})") from None


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _rels(archive: zipfile.ZipFile, part: str, path: Path) -> list[tuple[str, str, str, str]]:
    """(id, type, target part, mode) of ``part``'s relationships; targets resolved."""
    name = _rels_name(part)
    if name not in archive.namelist():
        return []
    root = _xml(archive.read(name), f"{path}: {name}")
    found = []
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        mode = rel.get("TargetMode", "Internal")
        if mode != "External":
            if target.startswith("/"):
                target = target.lstrip("/")
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), target, mode))
    return found


def _main_part(archive: zipfile.ZipFile, path: Path) -> str:
    names = archive.namelist()
    types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if _MACRO_TYPE.encode() in types:
        raise DataError(f"{path}: refused: the letterhead contains macros; save it as .docx")
    for _id, kind, target, _mode in _rels(archive, "", path):
        if kind == _OFFICE_DOCUMENT:
            return target
    return "word/document.xml"


@lru_cache(maxsize=8)
def _read(path: str, mtime_ns: int) -> DocxLetterhead:
    file = Path(path)
    if file.suffix.lower() in (".docm", ".dotm"):
        raise DataError(f"{path}: refused: a macro-enabled document; save the letterhead as .docx")
    with open_office_zip(file, _LIMITS, path) as archive:
        data = file.read_bytes()
        try:
            return _letterhead(file, data, archive)
        except (KeyError, zipfile.BadZipFile, zlib.error, ValueError) as exc:
            raise DataError(f"{path}: not a readable .docx letterhead ({exc})") from None


def load_docx_letterhead(path: Path) -> DocxLetterhead:
    """Read and check a .docx letterhead (cached per file version)."""
    from ..fileio import file_version

    return _read(str(path), file_version(path, "letterhead"))


def _w(tag: str) -> str:
    return f"{{{pkg.W_NS}}}{tag}"


def _letterhead(path: Path, data: bytes, archive: zipfile.ZipFile) -> DocxLetterhead:
    main = _main_part(archive, path)
    document = _xml(archive.read(main), f"{path}: {main}")
    sect = next(document.iter(_w("sectPr")), None)  # the first section: page 1's
    rels = {rid: (kind, target, mode) for rid, kind, target, mode in _rels(archive, main, path)}
    refs: dict[tuple[str, str], str] = {}
    title_page = False
    header_twips = footer_twips = None
    size_mm = None
    top_margin_mm = 20.0
    if sect is not None:
        for kind in ("header", "footer"):
            for ref in sect.iter(_w(f"{kind}Reference")):
                target = rels.get(ref.get(f"{{{pkg.R_NS}}}id", ""))
                if target is not None:
                    refs[(kind, ref.get(_w("type"), "default"))] = target[1]
        title = sect.find(_w("titlePg"))
        title_page = title is not None and title.get(_w("val"), "true") not in ("0", "false")
        margins = sect.find(_w("pgMar"))
        if margins is not None:
            header_twips = _int(margins.get(_w("header")))
            footer_twips = _int(margins.get(_w("footer")))
            top_margin_mm = (_int(margins.get(_w("top"))) or 1134) / _TWIPS_PER_MM
        size = sect.find(_w("pgSz"))
        if size is not None and _int(size.get(_w("w"))) and _int(size.get(_w("h"))):
            size_mm = (
                (_int(size.get(_w("w"))) or 0) / _TWIPS_PER_MM,
                (_int(size.get(_w("h"))) or 0) / _TWIPS_PER_MM,
            )
    sizes = _StyleSizes(archive, main, path)
    media: dict[str, tuple[str, bytes]] = {}  # source part → (letter part, bytes)
    distance_mm = (header_twips if header_twips is not None else 709) / _TWIPS_PER_MM

    def part(kind: str, which: str) -> HeaderPart | None:
        source = refs.get((kind, which))
        if source is None:
            return None
        xml = archive.read(source)
        images = []
        for rid, rel_kind, target, mode in _rels(archive, source, path):
            if mode == "External":
                raise DataError(
                    f"{path}: refused: its {kind} links to {target[:80]} outside the file "
                    "(an external relationship); embed the image or remove the link, and "
                    "save the letterhead again"
                )
            if rel_kind != _IMAGE_REL:
                raise DataError(
                    f"{path}: refused: its {kind} holds a {rel_kind.rsplit('/', 1)[-1]} part; "
                    "a letterhead's header and footer may hold text and images only"
                )
            ext = posixpath.splitext(target)[1].lower()
            if ext not in _IMAGE_TYPES:
                raise DataError(
                    f"{path}: refused: its {kind} shows an image of type {ext or '(none)'}; "
                    f"use PNG or JPEG"
                )
            if target not in media:
                name = f"word/media/letterhead-{len(media) + 1}{ext}"
                media[target] = (name, archive.read(target))
            images.append((rid, media[target][0]))
        root = _xml(xml, f"{path}: {source}")
        if kind == "header":
            extent, boxes = _extent(root, distance_mm, top_margin_mm, sizes)
        else:
            extent, boxes = _extent(root, 0.0, top_margin_mm, sizes)
        return HeaderPart(xml, tuple(images), extent, tuple(boxes))

    default_header, default_footer = part("header", "default"), part("footer", "default")
    if title_page:
        first_header, first_footer = part("header", "first"), part("footer", "first")
    else:
        first_header, first_footer = default_header, default_footer
    return DocxLetterhead(
        path=path,
        digest=hashlib.sha256(data).hexdigest(),
        first_header=first_header,
        header=default_header,
        first_footer=first_footer,
        footer=default_footer,
        media=tuple(media.values()),
        header_twips=header_twips,
        footer_twips=footer_twips,
        size_mm=size_mm,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# how far a header reaches down the page


class _StyleSizes:
    """Font sizes (pt) of the letterhead's paragraph styles, through their ``basedOn`` chain."""

    def __init__(self, archive: zipfile.ZipFile, main: str, path: Path) -> None:
        self.styles: dict[str, Any] = {}
        self.default = 10.0  # Word's size when nothing is said
        name = posixpath.join(posixpath.dirname(main), "styles.xml")
        if name not in archive.namelist():
            return
        root = _xml(archive.read(name), f"{path}: {name}")
        size = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('sz')}")
        if size is not None:
            self.default = (_int(size.get(_w("val"))) or 20) / 2
        for style in root.iter(_w("style")):
            self.styles[style.get(_w("styleId"), "")] = style
            if style.get(_w("default")) in ("1", "true") and style.get(_w("type")) == "paragraph":
                self.styles[""] = style

    def size(self, style_id: str) -> float:
        seen = set()
        while style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            size = style.find(f"{_w('rPr')}/{_w('sz')}")
            if size is not None and _int(size.get(_w("val"))):
                return (_int(size.get(_w("val"))) or 20) / 2
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val"), "") if based is not None else ""
        return self.default


def _emu_mm(value: str | None) -> float:
    return (_int(value) or 0) / _EMU_PER_MM


def _paragraph_height(paragraph: Any, sizes: _StyleSizes) -> float:
    """mm: spacing before and after, and per line the tallest of its type and inline images."""
    ppr = paragraph.find(_w("pPr"))
    style_id = ""
    before = after = 0.0
    line_rule, line = "auto", 240
    if ppr is not None:
        style = ppr.find(_w("pStyle"))
        style_id = style.get(_w("val"), "") if style is not None else ""
        spacing = ppr.find(_w("spacing"))
        if spacing is not None:
            before = (_int(spacing.get(_w("before"))) or 0) / _TWIPS_PER_MM
            after = (_int(spacing.get(_w("after"))) or 0) / _TWIPS_PER_MM
            line = _int(spacing.get(_w("line"))) or 240
            line_rule = spacing.get(_w("lineRule"), "auto")
    size = sizes.size(style_id)
    for sz in paragraph.iter(_w("sz")):
        size = max(size, (_int(sz.get(_w("val"))) or 0) / 2)
    text_line = size * 1.2 * 25.4 / 72
    if line_rule == "auto":
        text_line *= line / 240
    elif line_rule == "exact":
        text_line = line / _TWIPS_PER_MM
    else:  # atLeast
        text_line = max(text_line, line / _TWIPS_PER_MM)
    image = 0.0
    for inline in paragraph.iter(f"{{{_WP_NS}}}inline"):
        extent = inline.find(f"{{{_WP_NS}}}extent")
        if extent is not None:
            image = max(image, _emu_mm(extent.get("cy")))
    lines = 1 + sum(1 for br in paragraph.iter(_w("br")) if br.get(_w("type")) is None)
    return before + max(text_line, image) + (lines - 1) * text_line + after


def _floating(anchor: Any, paragraph_top: float, margin_top: float) -> Box | None:
    """A floating image's box on the page (mm), when its position can be read."""
    extent = anchor.find(f"{{{_WP_NS}}}extent")
    if extent is None:
        return None
    width, height = _emu_mm(extent.get("cx")), _emu_mm(extent.get("cy"))
    place: dict[str, float] = {}
    for axis, tag in (("x", "positionH"), ("y", "positionV")):
        position = anchor.find(f"{{{_WP_NS}}}{tag}")
        offset = position.find(f"{{{_WP_NS}}}posOffset") if position is not None else None
        value = _emu_mm(offset.text) if offset is not None else 0.0
        relative = position.get("relativeFrom", "") if position is not None else ""
        if axis == "y":
            if relative in ("paragraph", "line"):
                value += paragraph_top
            elif relative == "margin":
                value += margin_top
        place[axis] = value
    horizontal = anchor.find(f"{{{_WP_NS}}}positionH")
    if horizontal is None or horizontal.get("relativeFrom") != "page":
        place["x"] += 20.0  # a margin of about 2 cm
    return Box(place["x"], place["y"], width, height)


def _extent(
    root: Any, distance_mm: float, margin_top: float, sizes: _StyleSizes
) -> tuple[float, list[Box]]:
    """How far down the page the header's text and inline images reach (mm: what pushes the
    body down), and the boxes of its floating images (which do not)."""
    y = distance_mm
    boxes: list[Box] = []

    def block(element: Any) -> float:
        if element.tag == _w("p"):
            for anchor in element.iter(f"{{{_WP_NS}}}anchor"):
                box = _floating(anchor, y, margin_top)
                if box is not None:
                    boxes.append(box)
            return _paragraph_height(element, sizes)
        if element.tag == _w("tbl"):
            height = 0.0
            for row in element.iter(_w("tr")):
                height += max(
                    (
                        sum(_paragraph_height(p, sizes) for p in cell.iter(_w("p")))
                        for cell in row.iter(_w("tc"))
                    ),
                    default=0.0,
                )
            return height
        if element.tag == _w("sdt"):
            content = element.find(_w("sdtContent"))
            return sum(block(child) for child in content) if content is not None else 0.0
        return 0.0

    for child in root:
        y += block(child)
    return y, boxes


# ---------------------------------------------------------------------------------------------
# checks


def window_warnings(letterhead: DocxLetterhead, layout: LetterLayout, paper: str) -> list[str]:
    """What is wrong with this letterhead for this layout: another paper, or a first-page
    header that reaches the envelope window (with 3 mm around it)."""
    from ..pdf.letterhead import window_overlap_warning, window_zone

    warnings = []
    if letterhead.size_mm is not None:
        width, height = letterhead.size_mm
        own = next(
            (
                name
                for name, (w, h) in PAPER_SIZES.items()
                if abs(w - width) < 1.5 and abs(h - height) < 1.5
            ),
            None,
        )
        if own != paper:
            warnings.append(
                f"{letterhead.path}: the letterhead is {own or 'of another size'}, the letter "
                f"{paper}; its header and footer are set on the letter's paper"
            )
    zone = window_zone(layout)
    reaches = letterhead.first_header_bottom_mm > zone.y
    parts = [p for p in (letterhead.first_header, letterhead.first_footer) if p is not None]
    for box in (b for p in parts for b in p.boxes):
        if (
            box.y < zone.bottom
            and box.bottom > zone.y
            and box.x < zone.right
            and box.right > zone.x
        ):
            reaches = True
    if reaches:
        warnings.append(window_overlap_warning(letterhead.path, layout))
    return warnings


# ---------------------------------------------------------------------------------------------
# into a letter's package


def _inflate(part: pkg.StoredPart) -> bytes:
    start = 30 + len(part.name.encode("ascii"))
    return zlib.decompress(part.local[start:], -15)


def _with_letterhead_content(letterhead_xml: bytes | None, letter_xml: bytes | None) -> bytes:
    """The letterhead's header (or footer) with the letter's own paragraphs after its own."""
    from lxml import etree

    if letterhead_xml is None:
        assert letter_xml is not None
        return letter_xml
    root = _xml(letterhead_xml, "letterhead")
    if letter_xml is not None:
        for child in _xml(letter_xml, "letter"):
            root.append(child)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _rels_xml(images: tuple[tuple[str, str], ...], part: str) -> bytes:
    from xml.sax.saxutils import quoteattr

    folder = posixpath.dirname(part)
    items = "".join(
        f"<Relationship Id={quoteattr(rid)} Type={quoteattr(_IMAGE_REL)} "
        f"Target={quoteattr(posixpath.relpath(target, folder))}/>"
        for rid, target in images
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_REL_NS}">{items}</Relationships>'
    ).encode()


def _content_types(xml: bytes, letterhead: DocxLetterhead) -> bytes:
    text = xml.decode("utf-8")
    for name, _data in letterhead.media:
        ext = posixpath.splitext(name)[1]
        if f'Extension="{ext[1:]}"' not in text and f'Extension="{ext[1:].upper()}"' not in text:
            text = text.replace(
                "<Default ",
                f'<Default Extension="{ext[1:]}" ContentType="{_IMAGE_TYPES[ext]}"/><Default ',
                1,
            )
    return text.encode("utf-8")


def apply_docx_letterhead(
    parts: list[pkg.StoredPart], names: tuple[str, str, str, str], head: DocxLetterhead
) -> list[pkg.StoredPart]:
    """The letter's ``parts`` with the letterhead's headers, footers and images in them.

    ``names``: the letter's first-page header and footer, and its pages-2+ header and footer
    part names."""
    first_header, first_footer, header, footer = names
    by_name = {p.name: p for p in parts}
    replaced: dict[str, pkg.StoredPart] = {}
    added: list[pkg.StoredPart] = []
    plan = (
        (first_header, head.first_header, False),
        (first_footer, head.first_footer, False),
        (header, head.header, True),
        (footer, head.footer, True),
    )
    for name, source, keep_letter in plan:
        if source is None or name not in by_name:
            continue
        letter_xml = _inflate(by_name[name]) if keep_letter else None
        replaced[name] = pkg.store(name, _with_letterhead_content(source.xml, letter_xml))
        if source.images:
            rels = _rels_name(name)
            added.append(pkg.store(rels, _rels_xml(source.images, name)))
    if "[Content_Types].xml" in by_name and head.media:
        types = by_name["[Content_Types].xml"]
        replaced[types.name] = _cached_types(types, head)
    added.extend(_media_parts(head))
    return [replaced.get(p.name, p) for p in parts] + added


@lru_cache(maxsize=16)
def _cached_types(types: pkg.StoredPart, head: DocxLetterhead) -> pkg.StoredPart:
    return pkg.store(types.name, _content_types(_inflate(types), head))


@lru_cache(maxsize=16)
def _media_parts(head: DocxLetterhead) -> tuple[pkg.StoredPart, ...]:
    return tuple(pkg.store(name, data, level=1) for name, data in head.media)
