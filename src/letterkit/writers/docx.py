"""DOCX writer: a :class:`~letterkit.model.Letter` as an editable Word document.

What a user gets:

* named paragraph styles ("Letter Sender", "Letter Recipient", "Letter Body", "Letter List
  Number"…) carrying fonts and spacing, so the letter stays editable as a whole; lists are real
  Word lists (numbering definitions linked to the list styles), never typed "1.";
* A4 or US Letter set explicitly, margins from :mod:`letterkit.layouts`;
* the recipient's address in the envelope window: a *frame* (``w:framePr``) positioned from the
  page's top-left corner at the layout's window. Why a frame: its position does not depend on
  anything before it (a table or spacing would move with the sender block), Word and LibreOffice
  both import it as a positioned frame, its text stays ordinary paragraphs (python-docx and
  screen readers see them in reading order; a DrawingML text box hides them in a shape), and
  it needs no VML fallback. The body starts at the layout's ``body_top`` below an empty
  left-to-right paragraph of exact height that anchors the frames (see :meth:`document_xml`);
* right-to-left letters (ur, fa, fa_AF, ps, sd, pa_Arab, bal, ar): paragraphs and the section
  ``w:bidi``; runs split by script, so only Arabic-script runs carry ``w:rtl`` and use the
  complex-script font, size and language (``w:rFonts/@w:cs``, ``w:szCs``, ``w:bCs``/``w:iCs``,
  ``w:lang/@w:bidi``); Word and LibreOffice shape and reorder the text themselves;
* language tags on every run, and core properties (title, author, subject, keywords, language).

Fonts are named, not embedded: the same families letterkit's PDF uses (Noto Serif for Latin and
Cyrillic, Noto Nastaliq Urdu for Urdu, Noto Naskh Arabic for other Arabic-script languages). A
reader without them gets the application's fallback for the script (still correct text, shaped by
Word or LibreOffice); embedding would add about a megabyte per letter and Word ignores embedded
fonts it considers non-editable, so letterkit does not embed.

Speed: every letter reuses a package prepared once (see :mod:`letterkit.writers.docx_package`);
a letter costs one XML string and a ZIP assembly, and memory does not grow over a batch.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..errors import ChoiceError
from ..layouts import (
    PAPER_SIZES,
    WINDOW_MIN_SIZE_PT,
    Box,
    LetterLayout,
    resolve_page,
)
from ..locales import field_separator, fill_label, list_marker, locale_info
from ..model import Letter, ListBlock, Paragraph, SignatoryList, Span
from ..textclean import xml_line
from ..window import choose_window_lines
from . import docx_package as pkg
from .docx_pages import BODY, CLOSING, SIGNATORY, PageAnchor, body_counts
from .docx_text import first_strong_rtl, has_ltr, has_rtl, iter_runs, xml_escape

__all__ = ["DocxOptions", "render_docx", "write_docx"]


@dataclass(frozen=True)
class DocxOptions:
    """``paper``: ``"a4"`` or ``"letter"`` (default: the layout's); ``layout``: a
    :mod:`letterkit.layouts` name (default: the one for the sender's country)."""

    paper: str | None = None
    layout: str | None = None
    family: str | None = None  # font family for the letter's own script, e.g. "naskh" for Urdu
    letterhead: Path | None = None  # a .docx whose header and footer the letter takes


def render_docx(letter: Letter, options: DocxOptions = DocxOptions()) -> bytes:
    """The letter as the bytes of a DOCX file."""
    layout, paper = _resolve_page(letter, options)
    decided = _pdf_decisions(letter, layout, paper, options.family)
    spacing, pages = decided.spacing, decided.pages
    key = template_key(letter, options.family, spacing)
    template = pkg.prepared(key)
    builder = _DocumentBuilder(letter, layout, paper, key)
    builder.roster_geometry = decided.roster
    builder.header_pitch, builder.header_ascent = decided.header_pitch, decided.header_ascent
    builder.page_anchors = {(a.kind, a.index): a.page for a in decided.page_anchors}
    builder.pages = pages
    head = None
    if options.letterhead is not None:
        from .docx_letterhead import load_docx_letterhead

        head = load_docx_letterhead(options.letterhead)
        builder.make_room(head.first_header_bottom_mm, head.header_twips, head.footer_twips)
    document = builder.document_xml(template.footer_refs)
    parts = list(template.parts)
    if letter.digits != "latn" and template.footer and (pages == 2 or builder.page_anchors):
        # Word's and LibreOffice's page fields have no Persian digits: a two-page letter (the
        # page count the PDF has, which the DOCX keeps) says "page 2 of 2" as text instead; a
        # longer one has each page's number in a frame of its own (docx_pages), the footer none
        parts = [p for p in parts if p.name != template.footer]
        footer = builder.footer_xml(2, 2) if pages == 2 else builder.footer_xml(0, 0)
        parts.append(pkg.store(template.footer, footer))
    parts.append(pkg.store(pkg.DOCUMENT, document))
    if template.header:
        parts.append(pkg.store(template.header, builder.header_xml()))
    parts.append(pkg.store(pkg.NUMBERING, builder.numbering_xml()))
    parts.append(pkg.store(pkg.CORE, _core_xml(letter, key)))
    if head is not None:
        from .docx_letterhead import apply_docx_letterhead

        names = (template.first_header, template.first_footer, template.header, template.footer)
        parts = apply_docx_letterhead(parts, names, head)
    return pkg.assemble(parts)


def write_docx(
    letter: Letter, path: Path, options: DocxOptions = DocxOptions(), *, force: bool = False
) -> Path:
    """Render and write atomically; an existing file raises OutputError unless ``force``."""
    from ..fileio import write_atomic

    return write_atomic(Path(path), render_docx(letter, options), force=force)


# ---------------------------------------------------------------------------------------------
# page, fonts, languages


def _resolve_page(letter: Letter, options: DocxOptions) -> tuple[LetterLayout, str]:
    country = letter.sender.address.country if letter.sender.address else ""
    return resolve_page(country, options.layout, options.paper)


# The language of Arabic-script names in a left-to-right letter is unknown; the recipient's
# country is the best guess (an Urdu name for a Pakistani official).
_BIDI_LANG_BY_COUNTRY = {"PK": "ur-PK", "AF": "prs-AF", "IR": "fa-IR", "IN": "ur-IN"}


@dataclass(frozen=True)
class RosterGeometry:
    """How the PDF sets an open letter's list of signatories (points): the DOCX sets it alike,
    so the list takes as many lines and pages in both."""

    size: float  # type size of an entry
    pitch: float  # line pitch inside an entry
    gap: float  # space between entries
    hang: float  # the number's room: the widest number and 2 mm
    new_page: bool = False  # the PDF starts the list (its heading) on a new page


@dataclass(frozen=True)
class PdfDecisions:
    """What the PDF decided for a letter and the DOCX takes over, so both formats break their
    pages alike (see :func:`_pdf_decisions`)."""

    # (body size pt, paragraph space scale, signature space pt, body line pitch pt)
    spacing: tuple[float, float, float, float]
    pages: int  # the PDF's page count (0 when it cannot be set)
    roster: RosterGeometry | None = None  # an open letter's list of signatories
    header_pitch: float = 0.0  # line pitch (pt) of the pages-2+ header line (0: not known)
    header_ascent: float = 0.0  # its ascent (pt): the page number's line is alike
    # for a letter of 3+ pages in other than European digits, the item each page from 2 on
    # starts with (its number is set beside it: :mod:`letterkit.writers.docx_pages`)
    page_anchors: tuple[PageAnchor, ...] = ()


def _pdf_decisions(
    letter: Letter, layout: LetterLayout, paper: str, family: str | None
) -> PdfDecisions:
    """The PDF's choice of body size and rhythm for this letter (it sets a letter that would
    spill a few lines onto another page a little tighter): the DOCX makes the same choice, so
    both have the same page count; the PDF's page count, and for an open letter the geometry
    of its list of signatories"""
    from ..errors import LetterkitError
    from ..pages.sizes import MM, SMALL_SIZE, SPACINGS
    from ..textclean import single_line
    from .docx_pages import page_anchors, recording_composer

    composer = recording_composer(letter, layout, paper, family)
    try:
        planned = composer.plan().pages
        pages = len(planned)
    except LetterkitError:  # what the PDF cannot set (a character no font has…): the defaults
        return PdfDecisions((SPACINGS[0].body_size, 1.0, SIGNATURE_AFTER_PT, 0.0), 0)
    chosen, default = composer.spacing, SPACINGS[0]
    sample = "سلام" if letter.is_rtl else "Xx"
    pitch = round(composer.engine.layout_paragraph(sample, 1000.0, composer.body).height, 2)
    header = composer.engine.layout_paragraph(sample, 1000.0, composer.style(SMALL_SIZE))
    header_pitch = round(header.height, 2)
    header_ascent = round(header.lines[0].ascent, 2) if header.lines else 0.0
    anchors = page_anchors(composer, planned) if letter.digits != "latn" and pages > 2 else None
    roster = None
    members = letter.signatory_list.members if letter.signatory_list is not None else ()
    if members and letter.signatory_list is not None:  # as Composer.signatory_flows sets it
        roster_list = letter.signatory_list
        entry = composer.style(max(composer.body.size - 1.0, 9.5))
        number = max(composer.engine.measure(m.number, entry) for m in members)
        # the list's blocks close the last page: heading (and counts line), group headings,
        # and per entry its text and its number; where the heading stands, counted from the end
        placed = (
            (2 if single_line(roster_list.counts) else 1)
            + sum(1 for g in roster_list.groups if single_line(g.heading))
            + 2 * len(members)
        )
        flat = [(index, i) for index, page in enumerate(planned) for i in range(len(page))]
        new_page = len(flat) >= placed and flat[-placed][0] > 0 and flat[-placed][1] == 0
        roster = RosterGeometry(
            size=entry.size,
            pitch=round(composer.engine.layout_paragraph(sample, 1000.0, entry).height, 2),
            gap=round(composer.line_height(composer.body) * 0.15, 2),
            hang=number + 2 * MM,
            new_page=new_page,
        )
    return PdfDecisions(
        (
            chosen.body_size,
            chosen.paragraph / default.paragraph,
            SIGNATURE_AFTER_PT * chosen.signature / default.signature,
            pitch,
        ),
        pages,
        roster,
        header_pitch,
        header_ascent,
        anchors or (),
    )


SIGNATURE_AFTER_PT = 36.0  # space for the handwritten signature under the closing


def template_key(
    letter: Letter,
    family: str | None = None,
    spacing: tuple[float, float, float, float] = (11.0, 1.0, SIGNATURE_AFTER_PT, 0.0),
) -> pkg.TemplateKey:
    from ..fonts import FAMILIES, primary_family

    info = locale_info(letter.language)
    latin = FAMILIES[primary_family(info.code, "Latn", family)].name
    arabic = FAMILIES[primary_family(info.code, "Arab", family)].name
    if letter.is_rtl:
        # Latin words in an Urdu or Dari letter are names, places and acronyms: English
        lang, lang_bidi = "en-GB", info.docx_lang
    else:
        country = letter.recipient.address.country if letter.recipient.address else ""
        lang, lang_bidi = info.docx_lang, _BIDI_LANG_BY_COUNTRY.get(country, "ar-SA")
    compact = FAMILIES["naskh"].name
    return pkg.TemplateKey(
        latin, arabic, lang, lang_bidi, letter.is_rtl, letter.labels.page, compact, *spacing
    )


LITERAL_NUM_ID = 1000  # numIds (and abstractNumIds) of list items numbered as text
SENDER_WIDTH_MM = 80.0
RECIPIENT_SIZE_PT = 10.5
RETURN_SIZE_PT = 7.0  # the "Letter Return Address" style's size
MIN_SIZE_HALF_POINTS = 12  # 6 pt: below that an address is unreadable; long lines then wrap
# line pitch per point of type: Noto Serif (Latin, Cyrillic) and Noto Naskh Arabic
_PITCH_LATIN = 1.2
_PITCH_ARABIC = 1.5


@lru_cache(maxsize=4096)
def _width_per_pt(text: str, language: str, rtl: bool) -> float:
    """Width of ``text`` on one line per point of type, shaped in the face Word and LibreOffice
    will use for it (Noto Serif; Noto Naskh Arabic in address blocks), by letterkit's text
    engine. Cached: in a merge the same recipients come back again and again."""
    from ..text import TextStyle, measure

    family = "naskh" if rtl else None
    return measure(text, TextStyle(language=language, size=10.0, family=family)) / 10.0


def fitting_size(lines: list[str], box: Box, language: str) -> float:
    """The largest size (pt, at most the recipient's) at which every line fits the box on one
    row and all rows fit its height."""
    weights = [_PITCH_ARABIC if has_rtl(line) else _PITCH_LATIN for line in lines]
    available = box.height / 25.4 * 72
    width = box.width / 25.4 * 72 * 0.95  # 5 %: a reader's fallback font may run wider
    size = min(RECIPIENT_SIZE_PT, available / max(sum(weights), 1.0))
    for line in lines:
        per_pt = _width_per_pt(xml_line(line).strip(), language, has_rtl(line))
        if per_pt > 0:
            size = min(size, width / per_pt)
    return size


def fit_lines(lines: list[str], box: Box, language: str) -> list[tuple[str, float, str]]:
    """Each address line with an exact pitch (pt) and, when needed, a smaller size (run XML),
    so that every line fits the box on one row and all rows fit its height: a window envelope
    does not grow, and a wrapped or clipped address line is a letter that never arrives."""
    weights = [_PITCH_ARABIC if has_rtl(line) else _PITCH_LATIN for line in lines]
    size = fitting_size(lines, box, language)
    run_size = ""
    if size < RECIPIENT_SIZE_PT:
        half_points = max(MIN_SIZE_HALF_POINTS, int(size * 2))
        size = half_points / 2
        run_size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    return [(line, weight * size, run_size) for line, weight in zip(lines, weights, strict=True)]


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


# ---------------------------------------------------------------------------------------------
# document.xml


_DOC_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:document xmlns:w="{pkg.W_NS}" xmlns:r="{pkg.R_NS}"><w:body>'
)


class _DocumentBuilder:
    """Builds document.xml (and the list instances for numbering.xml) for one letter."""

    def __init__(
        self, letter: Letter, layout: LetterLayout, paper: str, key: pkg.TemplateKey
    ) -> None:
        self.letter = letter
        self.layout = layout
        self.paper = paper
        self.rtl = letter.is_rtl
        self.key = key
        self.lang = f'<w:lang w:val="{key.lang}" w:bidi="{key.lang_bidi}"/>'
        self.moved: tuple[str, ...] = ()  # recipient lines moved out of the window
        self.list_starts: list[int] = []  # startOverride of each numbered list, numId 3, 4, …
        self.literal_markers: list[str] = []  # items numbered as text, numId 1001, 1002, …
        # space after a list's last item: the "Letter Body" style's (twips)
        self.key_after = round(8 * key.paragraph_scale * 20)
        self.parts: list[str] = []
        # List numbers in European digits for every language: Word's "hindiNumbers" gives
        # Arabic-Indic (not Persian) digit shapes, and LibreOffice 7.4 shows it as 1, 2, 3.
        self.num_fmt = "decimal"
        self.roster_geometry: RosterGeometry | None = None  # the PDF's list of signatories
        # page 1's top margin (mm; at most 20) and the header and footer distances (twips);
        # a letterhead's header may move them (:meth:`make_room`)
        self.top = min(layout.margin_top, 20.0)
        self.header_twips = 567
        self.footer_twips = _twips(layout.margin_bottom / 2)
        # the PDF's pitch of the pages-2+ header line (pt; 0: unknown): with it, the header
        # reaches down to where the PDF's text starts on pages 2+ (:meth:`header_xml`)
        self.header_pitch = 0.0
        self.header_ascent = 0.0
        self.letterhead = False
        # the page each numbered item starts ((kind, index) → page) and the page count
        self.page_anchors: dict[tuple[str, int], int] = {}
        self.pages = 0

    def make_room(self, header_bottom_mm: float, header: int | None, footer: int | None) -> None:
        """Take a letterhead's header and footer distances, and a top margin below its header,
        so the header does not push the body down (the body still starts at ``body_top``)."""
        self.letterhead = True
        if header is not None:
            self.header_twips = header
        if footer is not None:
            self.footer_twips = footer
        room = self.layout.body_top - 5.0  # the anchor paragraph keeps 5 mm at least
        self.top = min(max(self.top, header_bottom_mm + 1.0), room)

    # -- runs and paragraphs ------------------------------------------------------------------

    def runs(
        self,
        spans: Iterable[tuple[str, bool, bool]],
        paragraph_rtl: bool,
        lang: str | None = None,
        size: str = "",
    ) -> str:
        lang_xml = lang or self.lang
        out: list[str] = []
        for text, bold, italic, rtl in iter_runs(spans, paragraph_rtl):
            props = ""
            if bold:
                props += "<w:b/><w:bCs/>"
            if italic:
                props += "<w:i/><w:iCs/>"
            props += size  # w:sz, w:szCs come before w:rtl (schema order)
            if rtl:
                props += "<w:rtl/>"
            out.append(
                f"<w:r><w:rPr>{props}{lang_xml}</w:rPr>"
                f'<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>'
            )
        return "".join(out)

    def paragraph(
        self,
        style: str,
        body: str,
        *,
        bidi: bool,
        jc: str | None = None,
        frame: str = "",
        num_id: int | None = None,
        before: int | None = None,
        line_exact: int | None = None,
        keep_next: bool | None = False,  # None: explicitly not (against the style's)
        after: int | None = None,
        ind: str = "",
        sect: str = "",
        page_break: bool = False,
    ) -> None:
        # pPr children in schema order: pStyle, keepNext, pageBreakBefore, framePr, numPr, bidi,
        # spacing, ind, jc, sectPr
        keep = (
            "<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>' if keep_next is None else ""
        )
        if page_break:
            keep += "<w:pageBreakBefore/>"
        ppr = (f'<w:pStyle w:val="{pkg.style_id(style)}"/>' if style else "") + keep + frame
        if num_id is not None:
            ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        if bidi:
            ppr += "<w:bidi/>"
        elif self.rtl:
            ppr += '<w:bidi w:val="0"/>'  # the styles of an RTL letter are right-to-left
        if before is not None or line_exact is not None or after is not None:
            ppr += "<w:spacing"
            if before is not None:
                ppr += f' w:before="{before}"'
            if after is not None:
                ppr += f' w:after="{after}"'
            if line_exact is not None:
                ppr += f' w:line="{line_exact}" w:lineRule="exact"'
            ppr += "/>"
        ppr += ind
        if jc:
            ppr += f'<w:jc w:val="{jc}"/>'
        ppr += sect
        self.parts.append(f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>")

    def line(
        self,
        style: str,
        text: str,
        *,
        end: bool = False,
        frame: str = "",
        before: int | None = None,
        bold: bool = False,
        lang: str | None = None,
        line_exact: int | None = None,
        size: str = "",
        after: int | None = None,
    ) -> None:
        """One line of a block (address, date, signature), flush to the letter's start or end.

        In a right-to-left letter a line without Arabic script but with Latin letters (a street,
        an email address, "+49 30 …") is a left-to-right paragraph aligned right like the rest of
        the block: in a w:bidi paragraph the bidi algorithm would move "+" behind the number.
        """
        text = xml_line(text)
        if not text.strip():
            return
        bidi = self.rtl and (has_rtl(text) or not has_ltr(text))
        visual_right = self.rtl != end  # start of an RTL line, or end of an LTR line
        # Word mirrors left/right under w:bidi
        jc = (
            ("left" if visual_right else "right") if bidi else ("right" if visual_right else "left")
        )
        self.paragraph(
            style,
            self.runs([(text, bold, False)], bidi, lang, size),
            bidi=bidi,
            jc=jc,
            frame=frame,
            before=before,
            line_exact=line_exact,
            after=after,
        )

    def spans_paragraph(
        self,
        style: str,
        spans: Iterable[Span],
        *,
        num_id: int | None = None,
        keep_next: bool | None = False,
        after: int | None = None,
        page_break: bool = False,
    ) -> None:
        triples = [(s.text, s.bold, s.italic) for s in spans]
        if not any(xml_line(t).strip() for t, _, _ in triples):
            return
        self.paragraph(
            style,
            self.runs(triples, self.rtl),
            bidi=self.rtl,
            num_id=num_id,
            keep_next=keep_next,
            after=after,
            page_break=page_break,
        )

    # -- frames -------------------------------------------------------------------------------

    @staticmethod
    def frame(box: Box, *, exact: bool) -> str:
        rule = "exact" if exact else "atLeast"
        return (
            f'<w:framePr w:w="{_twips(box.width)}" w:h="{_twips(box.height)}" '
            f'w:hRule="{rule}" w:wrap="around" w:vAnchor="page" w:hAnchor="page" '
            f'w:x="{_twips(box.x)}" w:y="{_twips(box.y)}"/>'
        )

    def sender_box(self) -> tuple[Box, bool]:
        """Where the sender block goes, and whether it is flush to the letter's end side.

        DIN layouts have an information block beside the window; otherwise the block sits
        beside the window on the other side, or above it when there is room (US #10).
        """
        lay = self.layout
        width, _ = PAPER_SIZES[self.paper]
        window = lay.address
        if lay.info is not None:
            return lay.info, False
        room_above = window.y - lay.margin_top
        if room_above >= 30:
            # Not the full width: the body's first (spacer) paragraph must find room beside
            # the frame; with none, LibreOffice (verified) pushes it and the whole body below
            # the frame, as text wrapping around a frame does in Word.
            # on the right, flush right, in both directions (as the PDF: away from a left
            # window, and where a right-to-left reader starts)
            block = min(SENDER_WIDTH_MM, (width - lay.margin_left - lay.margin_right) / 2)
            x = width - lay.margin_right - block
            return Box(x, lay.margin_top, block, room_above - 3), not self.rtl
        if window.x + window.width / 2 < width / 2:  # window on the left: sender on the right
            x = window.right + 5
            return Box(x, window.y, width - lay.margin_right - x, window.height), False
        return Box(lay.margin_left, window.y, window.x - 5 - lay.margin_left, window.height), False

    def isolate(self, text: str) -> str:
        """In a right-to-left line, keep a Latin-only piece ("12 Example Street") together as
        one left-to-right unit (LRE … PDF), or the bidi algorithm pulls its number away."""
        if self.rtl and has_ltr(text) and not has_rtl(text):
            return f"\u202a{text}\u202c"
        return text

    def frames(self) -> None:
        letter, lay = self.letter, self.layout
        sender = letter.sender
        box, end = self.sender_box()
        frame = self.frame(box, exact=False)
        lines = list(sender.lines)
        for extra in (sender.email, sender.phone):
            if extra and extra not in lines:
                lines.append(extra)
        for text in lines:
            self.line("Letter Sender", text, end=end, frame=frame)
        if lay.info is not None:
            # an information block (DIN 5008) holds the date and reference under the sender,
            # as in the PDF (Composer.sender_block); the body then starts with the subject
            gap: int | None = 120 if lines else None  # about 0.6 line, as the PDF's gap
            if xml_line(letter.date).strip() and xml_line(letter.dateline).strip():
                self.line("Letter Date", letter.dateline, end=end, frame=frame, before=gap, after=0)
                gap = None
            if xml_line(letter.reference).strip():
                label = xml_line(letter.labels.reference).strip()
                text = (
                    f"{label} {xml_line(letter.reference).strip()}" if label else letter.reference
                )
                self.line("Letter Reference", text, end=end, frame=frame, before=gap, after=0)

        window = lay.address
        inner_x = window.x + lay.indent
        inner_w = window.width - 2 * lay.indent
        if lay.return_height > 0 and sender.address is not None:
            sep = field_separator(letter.language)  # the PDF's, from locales
            back = sep.join(
                self.isolate(xml_line(s).strip()) for s in sender.lines if xml_line(s).strip()
            )
            if back:
                box = Box(inner_x, window.y, inner_w, lay.return_height)
                # one row, or the frame's exact height hides the rest: shrink a long line
                per_pt = _width_per_pt(back, letter.language, has_rtl(back))
                fitting = box.width / 25.4 * 72 * 0.95 / per_pt if per_pt else RETURN_SIZE_PT
                size = ""
                if fitting < RETURN_SIZE_PT:
                    half = max(10, int(fitting * 2))  # 5 pt at the least
                    size = f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
                self.line(
                    "Letter Return Address", back, frame=self.frame(box, exact=True), size=size
                )
        bottom_clear = lay.indent if lay.return_height == 0 else 0
        zone = Box(
            inner_x,
            window.y + lay.recipient_offset,
            inner_w,
            window.height - lay.recipient_offset - bottom_clear,
        )
        frame = self.frame(zone, exact=True)
        recipient = replace(
            letter.recipient,
            lines=tuple(text for text in letter.recipient.lines if xml_line(text).strip()),
        )
        # the PDF's smallest window size decides, so both formats move the same lines
        choice = choose_window_lines(
            recipient,
            lambda lines: (
                bool(lines)
                and fitting_size(list(lines), zone, letter.language) >= WINDOW_MIN_SIZE_PT - 0.01
            ),
        )
        self.moved = choice.moved
        for text, pitch, size in fit_lines(list(choice.lines), zone, letter.language):
            self.line(
                "Letter Recipient", text, frame=frame, line_exact=round(pitch * 20), size=size
            )

    # -- the letter ---------------------------------------------------------------------------

    def document_xml(self, footer_refs: str) -> bytes:
        letter, lay = self.letter, self.layout
        width, height = PAPER_SIZES[self.paper]
        top = self.top
        if letter.addressees:  # an open letter: no window, addressees listed at the head
            self.open_letter_head()
        else:
            self.frames()
            # An empty left-to-right paragraph, exactly as high as the space between the top
            # margin and the body, anchors the frames above. Left-to-right, because LibreOffice
            # measures a frame's horizontal position from the right when its anchor paragraph
            # is right-to-left (the window would move to the wrong side); exact height, because
            # spacing before a first paragraph is dropped by some layout modes.
            self.paragraph("", "", bidi=False, line_exact=_twips(lay.body_top - top))
        for text in self.moved:  # the recipient's lines the window had no room for
            self.line("Letter Reference", text)
        dateline = xml_line(letter.dateline) if xml_line(letter.date) else ""
        # date and reference are in the information block (not for an open letter's head)
        in_info = lay.info is not None and not letter.addressees
        if dateline.strip() and not in_info and not letter.addressees:
            # on the right in every letter, as the PDF writer places it
            self.line("Letter Date", dateline, end=not self.rtl)
        if xml_line(letter.reference).strip() and not in_info:
            self.labelled("Letter Reference", letter.labels.reference, letter.reference, bold=False)
        if xml_line(letter.subject).strip():
            self.labelled("Letter Subject", letter.labels.subject, letter.subject, bold=True)
        if xml_line(letter.salutation).strip():
            self.spans_paragraph("Letter Salutation", (Span(letter.salutation),))
        # the closing never stands alone: like the PDF, the text before it keeps with it (the
        # last paragraph, and the one before when the last is short; widow control keeps two
        # lines of a split paragraph together)
        closing = bool(xml_line(letter.closing).strip())
        blocks: list[Paragraph | ListBlock] = []
        positions: list[int] = []  # each block's first item among the body's (docx_pages)
        position = 0
        for block, count in zip(letter.body, body_counts(letter), strict=True):
            if not isinstance(block, Paragraph) or any(
                xml_line(s.text).strip() for s in block.spans
            ):
                blocks.append(block)
                positions.append(position)
            position += count
        for index, (block, position) in enumerate(zip(blocks, positions, strict=True)):
            keep = closing and (
                index == len(blocks) - 1 or (index == len(blocks) - 2 and _short(blocks[-1]))
            )
            if isinstance(block, Paragraph):
                self.page_number_frame(BODY, position)
                self.spans_paragraph("Letter Body", block.spans, keep_next=keep)
            elif isinstance(block, ListBlock):
                self.list_block(block, keep_next=keep, position=position)
        if xml_line(letter.closing).strip():
            self.page_number_frame(CLOSING, 0)
            if letter.signatory_list is not None and not letter.signature:
                # an open letter is signed by its list: the closing keeps no room for a
                # signature and does not pull the list's heading onto its page (the PDF
                # starts the list where it has room, the closing stays with the text)
                self.spans_paragraph(
                    "Letter Closing", (Span(letter.closing),), keep_next=None, after=self.key_after
                )
            else:
                self.spans_paragraph("Letter Closing", (Span(letter.closing),))
        for text in letter.signature:
            self.line("Letter Signature", text)
        self.notes()

        def sect(refs: str, *, columns: int = 1, first: bool = True) -> str:
            # sectPr children in schema order: footerReference, type, pgSz, pgMar, cols,
            # titlePg, bidi, docGrid
            kind = "" if first else '<w:type w:val="continuous"/>'
            cols = (
                f'<w:cols w:num="{columns}" w:space="340"/>'
                if columns > 1
                else '<w:cols w:space="720"/>'
            )
            return (
                f'<w:sectPr>{refs}{kind}<w:pgSz w:w="{_twips(width)}" w:h="{_twips(height)}"/>'
                f'<w:pgMar w:top="{_twips(top)}" w:right="{_twips(lay.margin_right)}" '
                f'w:bottom="{_twips(lay.margin_bottom)}" w:left="{_twips(lay.margin_left)}" '
                f'w:header="{self.header_twips}" w:footer="{self.footer_twips}" w:gutter="0"/>'
                f"{cols}{'<w:titlePg/>' if first else ''}{'<w:bidi/>' if self.rtl else ''}"
                f'<w:docGrid w:linePitch="360"/></w:sectPr>'
            )

        roster = letter.signatory_list
        if roster is not None and roster.members:
            # the letter is one section; the list another, continuous, in its columns (a
            # right-to-left section's columns run from the right)
            self.signatory_head(roster, sect(footer_refs))
            self.signatory_entries(roster)
            final = sect("", columns=roster.columns, first=False)
        else:
            final = sect(footer_refs)
        return (_DOC_HEAD + "".join(self.parts) + final + "</w:body></w:document>").encode()

    # -- open letters -------------------------------------------------------------------------

    def open_letter_head(self) -> None:
        """Date (end side), then "To:" and one line per addressee (start side)."""
        letter = self.letter
        dateline = xml_line(letter.dateline) if xml_line(letter.date) else ""
        if dateline.strip():
            self.line("Letter Date", dateline, end=not self.rtl)
        label = xml_line(letter.labels.to).strip()
        if label:
            self.line("Letter Reference", label, bold=True)
        for name in letter.addressees:
            self.line("Letter Reference", self.directed(name))

    def directed(self, text: str) -> str:
        """A field kept in its own direction inside the letter's (embedding when it differs)."""
        text = xml_line(text).strip()
        own_rtl = first_strong_rtl(text)
        if own_rtl is None or own_rtl == self.rtl:
            return text
        return ("\u202b" if own_rtl else "\u202a") + text + "\u202c"

    def signatory_head(self, roster: SignatoryList, letter_sect: str) -> None:
        """The list's heading and counts line; the counts paragraph ends the letter's section.

        Word and LibreOffice do not keep a paragraph with the next across a section break: the
        heading would stay at the foot of a page whose list starts on the next. Where the PDF
        starts the list on a new page, so does the DOCX (page break before the heading)."""
        new_page = self.roster_geometry is not None and self.roster_geometry.new_page
        self.spans_paragraph(
            "Letter Signatory Heading", (Span(roster.heading, bold=True),), page_break=new_page
        )
        text = xml_line(roster.counts).strip()
        self.paragraph(
            "Letter Body",
            self.runs([(text, False, False)], self.rtl),
            bidi=self.rtl,
            sect=letter_sect,
            keep_next=True,
        )

    def signatory_entries(self, roster: SignatoryList) -> None:
        """One paragraph per signatory: the number, a tab, then name, affiliation, country;
        a hanging indent keeps wrapped lines clear of the number."""
        sep = "، " if self.rtl else ", "
        geometry = self.roster_geometry
        size, spacing, ind = "", None, '<w:ind w:left="567" w:hanging="567"/>'
        if geometry is not None:  # as the PDF sets the list
            half_points = round(geometry.size * 2)
            size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            spacing = round(geometry.pitch * 20), round(geometry.gap * 20)
            hang = round(geometry.hang * 20)
            ind = f'<w:ind w:left="{hang}" w:hanging="{hang}"/>'
        member = 0
        for group in roster.groups:
            if xml_line(group.heading).strip():
                self.spans_paragraph("Letter Signatory Heading", (Span(group.heading, bold=True),))
            for person in group.members:
                self.page_number_frame(SIGNATORY, member)
                member += 1
                mark = "\u200f" if self.rtl else "\u200e"
                text = self.directed(person.name)
                for gap, value in (
                    (" · ", person.name_local),
                    (sep, person.organisation),
                    (sep, person.place),
                ):
                    if xml_line(value).strip():
                        text += mark + gap + mark + self.directed(value)
                body = (
                    self.runs([(person.number, False, False)], self.rtl, size=size)
                    + "<w:r><w:tab/></w:r>"
                    + self.runs(
                        [(text, False, False)], self.rtl, self.lang_for(person.language), size
                    )
                )
                if spacing is None:
                    self.paragraph("Letter Signatory", body, bidi=self.rtl, ind=ind)
                else:
                    self.paragraph(
                        "Letter Signatory",
                        body,
                        bidi=self.rtl,
                        ind=ind,
                        line_exact=spacing[0],
                        before=spacing[1],
                        after=0,
                    )

    def header_xml(self) -> bytes:
        """The header of pages 2+: the PDF's continuation line ("{recipient} · {date}" in the
        letter's language) on the start side, in the page-number style.

        Pages 2+ take the PDF's geometry: their text starts :data:`~letterkit.pages.sizes.
        FOLLOW_TOP_MM` from the top of the paper, below the header, while page 1 keeps its
        smaller top margin (the window's geometry). One section serves both: the header line
        has the PDF's exact pitch and an empty paragraph of exact height under it makes the
        header end at that line, so Word and LibreOffice, which move the text of a page down
        below a header taller than the top margin, start the text there. Page 1 has its own
        (empty) header (``w:titlePg``). A letterhead's header is of its own height: then the
        letter's line follows it without the filler."""
        letter = self.letter
        recipient, date = xml_line(letter.recipient.name).strip(), xml_line(letter.date).strip()
        plain = "{recipient}" + field_separator(letter.language) + "{date}"
        text = fill_label(
            letter.labels.continuation,
            letter.language,
            fallback=plain,
            recipient=recipient,
            date=date,
        )
        saved, self.parts = self.parts, []
        from ..pages.sizes import FOLLOW_TOP_MM

        pitch = round(self.header_pitch * 20) if self.header_pitch and not self.letterhead else 0
        # jc "left" is the start in both directions (Word mirrors it under w:bidi)
        self.paragraph(
            "Letter Page Number",
            self.runs([(text, False, False)], self.rtl),
            bidi=self.rtl,
            jc="left",
            line_exact=pitch or None,
        )
        filler = _twips(FOLLOW_TOP_MM) - self.header_twips - pitch
        if pitch and filler > 0:
            self.paragraph("Letter Page Number", "", bidi=False, line_exact=filler)
        paragraph, self.parts = "".join(self.parts), saved
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:hdr xmlns:w="{pkg.W_NS}" xmlns:r="{pkg.R_NS}">{paragraph}</w:hdr>'
        ).encode()

    def page_label(self, page: int, pages: int) -> str:
        """ "Page 2 of 3" in the letter's language and digits (``صفحه ۲ از ۳``)."""
        label = xml_line(self.key.page_label) or "{page} / {pages}"
        letter = self.letter
        return fill_label(
            label,
            letter.language,
            digits=letter.digits,
            fallback="{page} / {pages}",
            page=page,
            pages=pages,
        )

    def footer_xml(self, page: int, pages: int) -> bytes:
        """A footer with the page number as text in the letter's digits (``صفحه ۲ از ۲``);
        ``page`` 0: an empty one (the pages carry their numbers in frames)."""
        text = self.page_label(page, pages) if page else ""
        saved, self.parts = self.parts, []
        self.paragraph(
            "Letter Page Number",
            self.runs([(text, False, False)], self.rtl),
            bidi=self.rtl,
            jc="center",
        )
        paragraph, self.parts = "".join(self.parts), saved
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:ftr xmlns:w="{pkg.W_NS}" xmlns:r="{pkg.R_NS}">{paragraph}</w:ftr>'
        ).encode()

    def page_number_frame(self, kind: str, index: int) -> None:
        """Where a page starts with this item, its number ("page 3 of 3" in the letter's
        digits) in a frame at the foot of the page, where the PDF prints it: a framed
        paragraph is anchored to the paragraph after it, so it stands on that one's page."""
        from ..pages.sizes import FOOTER_FROM_BOTTOM_MM

        page = self.page_anchors.get((kind, index))
        if page is None:
            return
        lay = self.layout
        width, height = PAPER_SIZES[self.paper]
        pitch = round((self.header_pitch or 12.0) * 20)
        ascent_mm = (self.header_ascent or 9.0) * 25.4 / 72
        # centred on the text's width by alignment, not by an offset: LibreOffice measures a
        # frame's offset from the right when its anchor paragraph is right-to-left
        frame = (
            f'<w:framePr w:w="{_twips(width - lay.margin_left - lay.margin_right)}" '
            f'w:h="{pitch + _twips(1.0)}" w:hRule="exact" w:wrap="around" w:vAnchor="page" '
            f'w:hAnchor="margin" w:xAlign="center" '
            f'w:y="{_twips(height - FOOTER_FROM_BOTTOM_MM - ascent_mm)}"/>'
        )
        self.paragraph(
            "Letter Page Number",
            self.runs([(self.page_label(page, self.pages), False, False)], self.rtl),
            bidi=self.rtl,
            jc="center",
            frame=frame,
            line_exact=pitch,
            before=0,
            after=0,
        )

    def labelled(self, style: str, label: str, value: str, *, bold: bool) -> None:
        label = xml_line(label).strip()
        spans = [Span(f"{label} ", bold=bold)] if label else []
        spans.append(Span(value, bold=bold))
        self.spans_paragraph(style, spans)

    def list_block(self, block: ListBlock, *, keep_next: bool = False, position: int = 0) -> None:
        """A Word list. Numbers as :func:`letterkit.locales.list_marker` writes them, like the PDF:
        ``3.`` with a counting decimal level; where the letter's digits or stop differ (Dari
        ``۳.``, Urdu ``3۔``: Word's formats have no Persian digits and LibreOffice shows
        ``hindiNumbers`` as 1, 2, 3) each item's level carries its marker as literal text."""
        markers = [
            list_marker(block.start + i, self.letter.language, digits=self.letter.digits)
            for i in range(len(block.items))
        ]
        literal = block.ordered and any(m != f"{block.start + i}." for i, m in enumerate(markers))
        num_ids: list[int]
        if not block.ordered:
            num_ids, style = [pkg.NUM_ID_BULLET] * len(block.items), "Letter List Bullet"
        elif literal:
            num_ids = []
            for marker in markers:
                self.literal_markers.append(marker)
                num_ids.append(LITERAL_NUM_ID + len(self.literal_markers))
            style = "Letter List Number"
        else:
            self.list_starts.append(block.start)
            num_ids = [pkg.NUM_ID_BULLET + len(self.list_starts)] * len(block.items)
            style = "Letter List Number"
        for index, (item, num_id) in enumerate(zip(block.items, num_ids, strict=True)):
            last = index == len(block.items) - 1
            self.page_number_frame(BODY, position + index)
            # the space after a list is the space after a paragraph, as in the PDF
            self.spans_paragraph(
                style,
                item,
                num_id=num_id,
                keep_next=keep_next and last,
                after=self.key_after if last else None,
            )

    def notes(self) -> None:
        """Signatories, enclosures and copies: a label, then one line each."""
        letter = self.letter
        if letter.signatories:
            self.line("Letter Note", letter.labels.signatories)
            for person in letter.signatories:
                text = ", ".join(
                    xml_line(p).strip()
                    for p in (person.name, person.organisation, person.place)
                    if xml_line(p).strip()
                )
                self.line("Letter Body", text, lang=self.lang_for(person.language))
        for label, items in (
            (letter.labels.enclosures, letter.enclosures),
            (letter.labels.cc, letter.cc),
        ):
            if items:
                self.line("Letter Note", label)
                for item in items:
                    self.line("Letter Body", item)

    def lang_for(self, language: str) -> str | None:
        """A run language for a signatory whose name is in another language than the letter."""
        if not language:
            return None
        try:
            info = locale_info(language)
        except ChoiceError:
            return None
        if info.is_rtl:
            return f'<w:lang w:val="{self.key.lang}" w:bidi="{info.docx_lang}"/>'
        return f'<w:lang w:val="{info.docx_lang}" w:bidi="{self.key.lang_bidi}"/>'

    # -- numbering.xml ------------------------------------------------------------------------

    def numbering_xml(self) -> bytes:
        nums = "".join(
            f'<w:num w:numId="{pkg.NUM_ID_BULLET + i}"><w:abstractNumId w:val="1"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            f"</w:num>"
            for i, start in enumerate(self.list_starts, start=1)
        )
        literal = "".join(
            f'<w:abstractNum w:abstractNumId="{LITERAL_NUM_ID + i}">'
            '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="none"/>'
            f'<w:pStyle w:val="{pkg.style_id("Letter List Number")}"/>'
            f'<w:lvlText w:val="{xml_escape(marker)}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl></w:abstractNum>'
            for i, marker in enumerate(self.literal_markers, start=1)
        )
        nums += "".join(
            f'<w:num w:numId="{LITERAL_NUM_ID + i}"><w:abstractNumId '
            f'w:val="{LITERAL_NUM_ID + i}"/></w:num>'
            for i in range(1, len(self.literal_markers) + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:numbering xmlns:w="{pkg.W_NS}">'
            '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{self.num_fmt}"/>'
            f'<w:pStyle w:val="{pkg.style_id("Letter List Number")}"/>'
            '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl></w:abstractNum>'
            '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:pStyle w:val="{pkg.style_id("Letter List Bullet")}"/>'
            '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl>'
            f"</w:abstractNum>{literal}"
            f'<w:num w:numId="{pkg.NUM_ID_NUMBER}"><w:abstractNumId w:val="1"/></w:num>'
            f'<w:num w:numId="{pkg.NUM_ID_BULLET}"><w:abstractNumId w:val="2"/></w:num>'
            f"{nums}</w:numbering>"
        ).encode()


def _short(block: Paragraph | ListBlock) -> bool:
    """A paragraph that is likely one line: the one before it stays with the closing too."""
    if isinstance(block, ListBlock):
        return False
    return sum(len(s.text) for s in block.spans) < 90


def _core_xml(letter: Letter, key: pkg.TemplateKey) -> bytes:
    meta = letter.meta

    def esc(value: str) -> str:
        return xml_escape(xml_line(value).strip())

    stamp = ""
    try:
        day = _dt.date.fromisoformat(letter.date_iso) if letter.date_iso else None
    except ValueError:
        day = None
    if day is not None:
        when = f"{day.isoformat()}T00:00:00Z"
        stamp = (
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        )
    language = key.lang_bidi if letter.is_rtl else key.lang
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(meta.title)}</dc:title><dc:subject>{esc(meta.subject)}</dc:subject>"
        f"<dc:creator>{esc(meta.author)}</dc:creator>"
        f"<cp:keywords>{esc(', '.join(meta.keywords))}</cp:keywords>"
        f"<dc:description>{esc(meta.generator)}</dc:description>"
        f"<cp:lastModifiedBy>{esc(meta.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dc:language>{language}</dc:language>"
        f"<cp:category>{esc(meta.campaign_id)}</cp:category>{stamp}"
        "</cp:coreProperties>"
    ).encode()
