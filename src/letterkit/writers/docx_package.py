"""The DOCX package every letter shares, prepared once, and the ZIP writer that reuses it.

Opening and saving a python-docx ``Document`` costs most of the time of a DOCX mail merge (that
is where docxtpl spends it). letterkit builds the package once per *template key* (fonts,
languages, direction, page label) with python-docx — named styles, list definitions, footers,
settings — and keeps every part as bytes, already deflated. A letter then only adds its own
``word/document.xml``, ``word/numbering.xml`` (list restarts) and ``docProps/core.xml``; the ZIP
is assembled from the stored pieces (:func:`assemble`), so a letter costs one small XML string
and one small ``zlib`` call, and nothing per letter outlives the call (no object graph to collect).

python-docx 1.2 has no API for several properties letterkit needs (``w:bidi`` on paragraphs,
``w:rFonts/@w:cs``, ``w:szCs``, ``w:lang/@w:bidi``); they are inserted with
``insert_element_before`` in schema order, so python-docx, Word and LibreOffice read them back.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..compression import deflate

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Parts a letter writes itself; everything else comes from the prepared package.
DOCUMENT = "word/document.xml"
NUMBERING = "word/numbering.xml"
CORE = "docProps/core.xml"

# Successor lists (ECMA-376 part 1, CT_PPrBase / CT_RPr / CT_SectPr sequences).
_PPR_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_RPR_AFTER_SZCS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_RPR_AFTER_RFONTS = (
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
) + _RPR_AFTER_SZCS


@dataclass(frozen=True)
class StyleSpec:
    """One named paragraph style of a letter (sizes in points)."""

    name: str
    size: float = 11
    bold: bool = False
    before: float = 0
    after: float = 0
    keep_next: bool = False
    align_end: bool = False  # flush to the end of the line (visually left in RTL letters)
    list_kind: str = ""  # "number" | "bullet": the style carries the list's numbering
    compact: bool = False  # address blocks: a compact complex-script face (Naskh, not Nastaliq)


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Letter Sender", size=10),
    StyleSpec("Letter Return Address", size=7, compact=True),
    StyleSpec("Letter Recipient", size=10.5, compact=True),
    StyleSpec("Letter Date", after=12, align_end=True),
    StyleSpec("Letter Reference", size=10, after=6),
    StyleSpec("Letter Subject", bold=True, after=12, keep_next=True),
    StyleSpec("Letter Salutation", after=8, keep_next=True),
    StyleSpec("Letter Body", after=8),
    StyleSpec("Letter List Number", after=4, list_kind="number"),
    StyleSpec("Letter List Bullet", after=4, list_kind="bullet"),
    StyleSpec("Letter Closing", before=4, after=36, keep_next=True),
    StyleSpec("Letter Signature", keep_next=True),
    StyleSpec("Letter Note", size=10, before=10),
    StyleSpec("Letter Signatory Heading", bold=True, before=14, after=4, keep_next=True),
    StyleSpec("Letter Signatory", size=10, after=2),
    StyleSpec("Letter Page Number", size=9),
)

# styles of the running text, set at the body size and rhythm the PDF chose
_RUNNING = frozenset(
    {
        "Letter Date",
        "Letter Reference",
        "Letter Subject",
        "Letter Salutation",
        "Letter Body",
        "Letter List Number",
        "Letter List Bullet",
        "Letter Closing",
        "Letter Signature",
        "Letter Note",
    }
)

# numIds in numbering.xml that the list styles point to (letters add restarts after these)
NUM_ID_NUMBER = 1
NUM_ID_BULLET = 2


def style_id(name: str) -> str:
    """python-docx derives the styleId by dropping spaces: "Letter Body" → "LetterBody"."""
    return name.replace(" ", "")


@dataclass(frozen=True)
class TemplateKey:
    """What differs between prepared packages (a handful per process)."""

    latin_font: str
    cs_font: str
    lang: str  # w:lang/@w:val: language of Latin/Cyrillic text
    lang_bidi: str  # w:lang/@w:bidi: language of Arabic-script text
    rtl: bool
    page_label: str  # "Page {page} of {pages}" in the letter's language
    cs_compact_font: str = ""  # for address blocks when cs_font is tall (Nastaliq)
    # the running text's size and rhythm as the PDF chose them for this letter (its
    # :class:`~letterkit.pages.sizes.Spacing`): body size (pt), the space between
    # paragraphs relative to the default, the space left for the signature (pt)
    body_size: float = 11.0
    paragraph_scale: float = 1.0
    signature_space: float = 36.0
    # the PDF's body line pitch (pt; 0: single spacing): the running text's exact line
    # spacing, so lines fall where the PDF's do (LibreOffice gives Nastaliq 2.5 em, the PDF
    # 2.1 em)
    line_pitch: float = 0.0


@dataclass(frozen=True)
class StoredPart:
    name: str
    local: bytes  # local file header + deflated data
    crc: int
    csize: int
    usize: int


@dataclass(frozen=True)
class Template:
    parts: tuple[StoredPart, ...]  # static parts, in ZIP order
    footer_refs: str  # the sectPr's headerReference/footerReference elements, as XML
    header: str = ""  # the part of the pages-2+ header, written by each letter (its text)
    footer: str = ""  # the part of the pages-2+ footer (page fields; a letter may replace it)
    first_header: str = ""  # the parts of page 1's header and footer (empty; a letterhead's)
    first_footer: str = ""


# ---------------------------------------------------------------------------------------------
# ZIP assembly


def store(name: str, data: bytes, level: int = 6) -> StoredPart:
    """Deflate one part and build its local file header (fixed 1980-01-01 time: reproducible)."""
    packed = deflate(data, level)
    crc = zlib.crc32(data)
    raw = name.encode("ascii")
    header = struct.pack(
        "<4sHHHHHIIIHH",
        b"PK\x03\x04",
        20,
        0,
        8,
        0,
        0x21,
        crc,
        len(packed),
        len(data),
        len(raw),
        0,
    )
    return StoredPart(name, header + raw + packed, crc, len(packed), len(data))


def assemble(parts: list[StoredPart]) -> bytes:
    """A ZIP archive of ``parts`` in order (each a stored, deflated member)."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for part in parts:
        raw = part.name.encode("ascii")
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                part.crc,
                part.csize,
                part.usize,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
        out.append(part.local)
        offset += len(part.local)
    directory = b"".join(central)
    out.append(directory)
    out.append(
        struct.pack(
            "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), offset, 0
        )
    )
    return b"".join(out)


# ---------------------------------------------------------------------------------------------
# the prepared package


def _child(parent: Any, tag: str, successors: tuple[str, ...]) -> Any:
    """The child ``tag`` of ``parent``, created in schema order when missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *successors)
    return found


def _set_run_defaults(rpr: Any, key: TemplateKey, size_half_points: int) -> None:
    """Fonts for both slots, sizes for both slots, and both languages on one ``w:rPr``."""
    from docx.oxml.ns import qn

    fonts = _child(rpr, "w:rFonts", ("w:b",) + _RPR_AFTER_RFONTS)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]  # theme fonts (asciiTheme…) would override the named ones
    fonts.set(qn("w:ascii"), key.latin_font)
    fonts.set(qn("w:hAnsi"), key.latin_font)
    fonts.set(qn("w:eastAsia"), key.latin_font)
    fonts.set(qn("w:cs"), key.cs_font)
    _child(rpr, "w:sz", ("w:szCs",) + _RPR_AFTER_SZCS).set(qn("w:val"), str(size_half_points))
    _child(rpr, "w:szCs", _RPR_AFTER_SZCS).set(qn("w:val"), str(size_half_points))
    lang = _child(rpr, "w:lang", _RPR_AFTER_LANG)
    for attr in list(lang.attrib):
        del lang.attrib[attr]
    lang.set(qn("w:val"), key.lang)
    lang.set(qn("w:bidi"), key.lang_bidi)


def _add_styles(document: Any, key: TemplateKey) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    _set_run_defaults(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), key, 22)
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    # widow and orphan control (two lines on each side of a page break), as the PDF breaks
    _child(
        ppr_default,
        "w:widowControl",
        (
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
        )
        + _PPR_AFTER_BIDI,
    )
    spacing = ppr_default.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = styles["Normal"]
    for spec in STYLES:
        if spec.name in _RUNNING:
            spec = replace(
                spec,
                size=key.body_size if spec.size == 11 else spec.size,
                after=spec.after * key.paragraph_scale,
            )
        if spec.name == "Letter Closing":
            spec = replace(spec, after=key.signature_space)
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        font = style.font
        font.size = Pt(spec.size)
        if spec.bold:
            font.bold = True
            font.cs_bold = True
        rpr = style.element.get_or_add_rPr()
        _child(rpr, "w:szCs", _RPR_AFTER_SZCS).set(qn("w:val"), str(round(spec.size * 2)))
        if spec.compact and key.cs_compact_font and key.cs_compact_font != key.cs_font:
            # Nastaliq needs about 2.5 lines of height per line: an address in it cannot fit
            # a 45 mm window, so address blocks use the Naskh face.
            _child(rpr, "w:rFonts", ("w:b",) + _RPR_AFTER_RFONTS).set(
                qn("w:cs"), key.cs_compact_font
            )
        fmt = style.paragraph_format
        fmt.space_before = Pt(spec.before)
        fmt.space_after = Pt(spec.after)
        if spec.name in _RUNNING and key.line_pitch and spec.size == key.body_size:
            fmt.line_spacing = Pt(key.line_pitch)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        if spec.keep_next:
            fmt.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        if spec.list_kind:
            num_pr = ppr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_id = NUM_ID_NUMBER if spec.list_kind == "number" else NUM_ID_BULLET
            num_pr.get_or_add_numId().val = num_id
        if key.rtl:
            # New paragraphs a user types with these styles are right-to-left too.
            ppr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
        if spec.align_end:
            # ``right`` is the end of the line in LTR and, mirrored by Word (and LibreOffice)
            # in a w:bidi paragraph, also the end (visually left) in RTL. Never start/end:
            # python-docx cannot read them back.
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _add_footer(document: Any, key: TemplateKey) -> None:
    """Page numbers from page 2 on ("Page 2 of 3"); the first page has an empty footer."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from ..textclean import xml_line
    from .docx_text import has_rtl

    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False
    # pages 2+ get a header (recipient and date, as the PDF's): its part is written per letter
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Letter Page Number"]
    ppr = paragraph._p.get_or_add_pPr()
    if key.rtl:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
    jc = _child(ppr, "w:jc", _PPR_AFTER_BIDI[_PPR_AFTER_BIDI.index("w:jc") + 1 :])
    jc.set(qn("w:val"), "center")
    label = xml_line(key.page_label) or "{page} / {pages}"
    for piece in re.split(r"(\{page\}|\{pages\})", label):
        if piece == "{page}":
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), " PAGE ")
            field.append(_text_run("1"))
            paragraph._p.append(field)
        elif piece == "{pages}":
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), " NUMPAGES ")
            field.append(_text_run("1"))
            paragraph._p.append(field)
        elif piece:
            paragraph._p.append(_text_run(piece, rtl=has_rtl(piece)))


def _text_run(text: str, rtl: bool = False) -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    if rtl:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:rtl"))
        run.append(rpr)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    return run


def _drop_extras(document: Any) -> None:
    """Leave out what python-docx's default template carries but a letter does not need
    (the Word 2010 ``stylesWithEffects`` copy, a customXml item, the thumbnail)."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rel_id)


_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>letterkit</Application><DocSecurity>0</DocSecurity>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _settings(xml: bytes, key: TemplateKey) -> bytes:
    """Word 2013+ layout (compatibility mode 15) and the theme font languages of the letter."""
    text = xml.decode("utf-8")
    text = text.replace(
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"',
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"',
    )
    text = re.sub(
        r"<w:themeFontLang [^>]*/>",
        f'<w:themeFontLang w:val="{key.lang}" w:bidi="{key.lang_bidi}"/>',
        text,
    )
    text = re.sub(r"<w:rsids>.*?</w:rsids>", "", text, flags=re.DOTALL)
    return text.encode("utf-8")


_SECT_REFS = re.compile(rb"<w:(?:header|footer)Reference [^>]*/>")


@lru_cache(maxsize=32)
def prepared(key: TemplateKey) -> Template:
    """The shared package for ``key``: built with python-docx once, kept as deflated parts."""
    import docx

    document = docx.Document()
    _drop_extras(document)
    _add_styles(document, key)
    _add_footer(document, key)
    header = str(document.sections[0].header.part.partname).lstrip("/")
    footer = str(document.sections[0].footer.part.partname).lstrip("/")
    first_header = str(document.sections[0].first_page_header.part.partname).lstrip("/")
    first_footer = str(document.sections[0].first_page_footer.part.partname).lstrip("/")
    buffer = io.BytesIO()
    document.save(buffer)
    parts: list[StoredPart] = []
    footer_refs = ""
    with zipfile.ZipFile(buffer) as archive:
        names = archive.namelist()
        # [Content_Types].xml first, then the rest in python-docx's order
        names.sort(key=lambda n: n != "[Content_Types].xml")
        for name in names:
            data = archive.read(name)
            if name == DOCUMENT:
                refs = _SECT_REFS.findall(data)  # headers first, then footers
                refs.sort(key=lambda ref: b"footerReference" in ref)
                footer_refs = b"".join(refs).decode("utf-8")
                continue
            if name in (NUMBERING, CORE, header):
                continue
            if name == "docProps/app.xml":
                data = _APP_XML
            elif name == "word/settings.xml":
                data = _settings(data, key)
            parts.append(store(name, data, level=9))
    return Template(tuple(parts), footer_refs, header, footer, first_header, first_footer)
