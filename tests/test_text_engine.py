"""The PDF text engine as a reader sees it: extracted text, positions, ink, embedded fonts.

Everything here is read back from the PDF with poppler (pdftotext, pdftoppm, pdffonts) — not
from our own data structures — except where a test says it checks an internal invariant.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from letterkit.model import Span
from letterkit.pdf.text_drawing import draw_block, draw_line
from letterkit.text import TextStyle, layout_paragraph, measure

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

PAGE = (595.0, 842.0)
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

PARAGRAPHS = {
    "ur": "ہم آپ سے گزارش کرتے ہیں کہ افغان پناہ گزینوں کی جبری واپسی فوری طور پر روکی جائے۔ "
    "UNHCR کے اندازے کے مطابق 2023 میں لاکھوں خاندان متاثر ہوئے (تفصیل: info@example.org)۔",
    "fa_AF": "از شما خواهشمندیم که اخراج اجباری مهاجرین افغان را متوقف سازید. بر اساس گزارش "
    "UNHCR در سال ۱۴۰۲ هزاران خانواده آسیب دیدند (تماس: info@example.org).",
    "ps": "موږ له تاسو غوښتنه کوو چې د افغان کډوالو جبري ستنول ودروئ. د UNHCR د راپور له "
    "مخې په ۲۰۲۳ کال کې زرګونه کورنۍ زیانمنې شوې.",
    "sd": "اسان توهان کي گذارش ٿا ڪريون ته افغان پناهگيرن جي زبردستي واپسي روڪي وڃي. "
    "UNHCR موجب 2023 ۾ هزارين خاندان متاثر ٿيا.",
    "ar": "نرجو منكم وقف الترحيل القسري للاجئين الأفغان. وفق تقرير UNHCR تضررت آلاف الأسر "
    "في عام 2023 (للتواصل: info@example.org).",
    "en": "We ask you to halt the forced return of Afghan refugees. According to UNHCR, "
    "thousands of families were affected in 2023; the office, fluent in effective "
    "outreach, reported it (contact: info@example.org).",
    "tg": "Мо аз Шумо хоҳиш мекунем, ки бозгардонидани маҷбурии гурезаҳои афғонро қатъ кунед. "
    "Ба гуфтаи UNHCR, соли 2023 ҳазорон оила осеб диданд.",
}


def _render(tmp_path: Path, draw, name: str = "out") -> Path:
    from letterkit.pdf.document import open_canvas, save_canvas

    pdf = tmp_path / f"{name}.pdf"
    canvas = open_canvas(str(pdf), size=PAGE)
    draw(canvas)
    save_canvas(canvas)
    return pdf


def _pdftotext(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout


def _letters(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c)[0] in "LMN")


def _words(text: str) -> list[str]:
    return BIDI_CONTROLS.sub("", text).split()


@pytest.mark.parametrize("lang", list(PARAGRAPHS))
def test_pdftotext_gives_logical_order_and_real_unicode(lang: str, tmp_path: Path):
    text = PARAGRAPHS[lang]
    style = TextStyle(lang, 12)

    def draw(canvas):
        block = layout_paragraph(text, 300, style)
        assert len(block.lines) >= 3  # several lines, so line breaking is part of the check
        draw_block(canvas, block, 150, 780)

    extracted = _pdftotext(_render(tmp_path, draw))
    assert not re.search("[\ue000-\uf8ff]", extracted), "private-use code points extracted"
    # every letter, mark and digit in logical order, and every character present. Spaces and
    # punctuation at the edges of embedded runs are compared loosely: poppler rebuilds logical
    # order from positions with its own heuristics and, for the same paragraph drawn by
    # Pango/cairo, moves "(", ":" and "." around an embedded address in the same way
    assert _letters(extracted) == _letters(text)
    assert sorted("".join(_words(extracted))) == sorted("".join(text.split()))
    if lang in ("en", "tg"):
        assert _words(extracted) == text.split()


def test_zwnj_is_kept_and_breaks_the_join(tmp_path: Path):
    word = "می\u200cنویسم"
    style = TextStyle("fa", 20)
    extracted = _pdftotext(_render(tmp_path, lambda c: draw_line(c, word, 500, 700, style)))
    assert _words(extracted) == [word]
    # with the ZWNJ the ی is a final form (no join): it differs from the joined spelling
    with_zwnj = layout_paragraph(word, 500, style).lines[0].pieces
    without = layout_paragraph(word.replace("\u200c", ""), 500, style).lines[0].pieces
    assert [p.shaped.gids for p in with_zwnj] != [p.shaped.gids for p in without]


# ------------------------------------------------------------------------------------------
# positions read back with pdftotext -bbox


class _Boxes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[tuple[float, float, float, float, str]] = []
        self._box: tuple[float, float, float, float] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "word":
            a = dict(attrs)
            self._box = (float(a["xmin"]), float(a["ymin"]), float(a["xmax"]), float(a["ymax"]))

    def handle_data(self, data):
        if self._box is not None:
            self.words.append((*self._box, data))
            self._box = None


def _logical(word: str) -> str:
    """pdftotext -bbox lists a word's characters in visual order: undo it for RTL words."""
    from letterkit.text.bidi import base_direction

    return word[::-1] if base_direction(word) == "rtl" else word


def _word_boxes(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    result = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    parser = _Boxes()
    parser.feed(result.stdout)
    return [(*w[:4], _logical(w[4])) for w in parser.words]


def _lines_of(boxes, gap: float = 8.0):
    """Words grouped into lines by the vertical position of their box centres."""
    rows: list[list] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        centre = (box[1] + box[3]) / 2
        if rows and centre - (rows[-1][-1][1] + rows[-1][-1][3]) / 2 < gap:
            rows[-1].append(box)
        else:
            rows.append([box])
    return rows


@pytest.mark.parametrize(
    "lang,align,expect",
    [
        ("fa_AF", "start", "right"),
        ("ur", "start", "right"),
        ("en", "start", "left"),
        ("fa_AF", "end", "left"),
        ("en", "end", "right"),
        ("fa_AF", "justify", "both"),
    ],
)
def test_alignment_seen_in_word_positions(lang: str, align: str, expect: str, tmp_path: Path):
    left, width = 100.0, 320.0
    block = layout_paragraph(PARAGRAPHS[lang], width, TextStyle(lang, 12), align=align)
    pdf = _render(tmp_path, lambda c: draw_block(c, block, left, 780))
    lines = _lines_of(_word_boxes(pdf))
    assert len(lines) == len(block.lines) >= 3
    for index, words in enumerate(lines):
        x_min = min(w[0] for w in words)
        x_max = max(w[2] for w in words)
        assert x_min >= left - 1.5 and x_max <= left + width + 1.5
        last = index == len(lines) - 1
        if expect in ("right", "both") and not (expect == "both" and last):
            assert x_max == pytest.approx(left + width, abs=1.5)
        if expect == "left" or (expect == "both" and not last):
            assert x_min == pytest.approx(left, abs=1.5)
        if expect == "both" and last:  # the last line of a justified RTL paragraph: at start
            assert x_max == pytest.approx(left + width, abs=1.5)


def test_rtl_first_line_starts_on_the_right(tmp_path: Path):
    """The first logical word of an RTL paragraph is the rightmost word of the first line."""
    text = PARAGRAPHS["fa_AF"]
    block = layout_paragraph(text, 320, TextStyle("fa_AF", 12))
    pdf = _render(tmp_path, lambda c: draw_block(c, block, 100, 780))
    first_line = _lines_of(_word_boxes(pdf))[0]
    rightmost = max(first_line, key=lambda w: w[2])
    assert rightmost[4] == text.split()[0]


def test_acronym_and_digits_read_left_to_right_inside_rtl(tmp_path: Path):
    text = "گزارش UNHCR در سال ۲۰۲۳ و 2024"
    pdf = _render(
        tmp_path, lambda c: draw_line(c, text, 500, 700, TextStyle("fa", 14), direction="rtl")
    )
    boxes = {w[4]: w for w in _word_boxes(pdf)}
    assert {"UNHCR", "۲۰۲۳", "2024"} <= set(boxes)
    # visual order right to left: گزارش, UNHCR, در, سال, ۲۰۲۳, و, 2024
    assert boxes["گزارش"][0] > boxes["UNHCR"][2] > boxes["۲۰۲۳"][2] > boxes["2024"][2]


def test_parentheses_are_mirrored_in_rtl():
    """In an RTL run the logical "(" is drawn with the glyph of ")" (HarfBuzz mirrors)."""
    style = TextStyle("fa", 14)
    block = layout_paragraph("با (ما) است", 500, style, direction="rtl")
    pieces = [p for p in block.lines[0].pieces if p.text.startswith("(") or p.text == ")"]
    opening = next(p for p in pieces if p.text.startswith("("))
    cmap = opening.face.program.cmap
    assert opening.shaped.gids[-1] == cmap[ord(")")]  # rightmost glyph = logical "("
    assert cmap[ord(")")] != cmap[ord("(")]


# ------------------------------------------------------------------------------------------
# ink


def _png(pdf: Path, tmp_path: Path, name: str, dpi: int = 100):
    from PIL import Image

    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-singlefile",
            str(pdf),
            str(tmp_path / name),
        ],
        check=True,
        timeout=60,
    )
    return Image.open(tmp_path / f"{name}.png").convert("L")


def _ink_amount(image) -> int:
    return sum(255 - v for v in image.get_flattened_data())


def test_nastaliq_y_offsets_are_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Nastaliq words cascade: drawing without the y offsets must look different."""
    text = "پاکستان میں مقیم پناہ گزین"
    style = TextStyle("ur", 24)
    block = layout_paragraph(text, 500, style)
    assert any(sd.y_offset for p in block.lines[0].pieces for sd in p.shaped.data)
    with_offsets = _png(
        _render(tmp_path, lambda c: draw_block(c, block, 50, 800), "a"), tmp_path, "a"
    )

    # the same block with the y offsets dropped: a new block (laid-out blocks are never
    # changed in place; drawing keeps their operators)
    pieces = []
    for piece in block.lines[0].pieces:
        flat = tuple(sd._replace(y_offset=0) for sd in piece.shaped.data)
        pieces.append(replace(piece, shaped=replace(piece.shaped, data=flat, raised=False)))
    flat_block = replace(block, lines=[replace(block.lines[0], pieces=pieces), *block.lines[1:]])
    flat_png = _png(
        _render(tmp_path, lambda c: draw_block(c, flat_block, 50, 800), "b"), tmp_path, "b"
    )
    from PIL import ImageChops

    diff = _ink_amount(ImageChops.invert(ImageChops.difference(with_offsets, flat_png)))
    assert diff > 0.3 * _ink_amount(with_offsets)


def test_bold_is_a_distinct_embedded_face_and_darker(tmp_path: Path):
    text = "Bold really is bold"

    def draw(canvas):
        for i, lang in enumerate(("en", "fa", "ur")):
            sample = text if lang == "en" else "پاکستان و افغانستان"
            draw_line(canvas, [Span(sample)], 50, 800 - 60 * i, TextStyle(lang, 20))
            draw_line(canvas, [Span(sample, bold=True)], 50, 770 - 60 * i, TextStyle(lang, 20))

    pdf = _render(tmp_path, draw)
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    names = {line.split()[0].split("+", 1)[-1] for line in fonts.splitlines()[2:]}
    assert {
        "LetterkitNotoSerif-Regular",
        "LetterkitNotoSerif-Bold",
        "NotoNaskhArabic-Regular",
        "NotoNaskhArabic-Bold",
        "NotoNastaliqUrdu-Regular",
        "NotoNastaliqUrdu-Bold",
    } <= names, fonts

    def ink_of(spans, lang):
        p = _render(tmp_path, lambda c: draw_line(c, spans, 50, 700, TextStyle(lang, 30)), "x")
        return _ink_amount(_png(p, tmp_path, "x"))

    for lang, sample in (("en", text), ("fa", "پاکستان و افغانستان")):
        regular = ink_of([Span(sample)], lang)
        bold = ink_of([Span(sample, bold=True)], lang)
        assert bold > 1.2 * regular, (lang, regular, bold)


def test_nastaliq_bold_heh_gap_is_fixed():
    """Noto Nastaliq Urdu Bold 2.000 advances initial do-chashmi heh by 1500 units (a gap
    inside سندھی); our cached copy corrects it, so bold is about as wide as regular."""
    regular = measure("سندھی", TextStyle("ur", 20))
    bold = measure("سندھی", TextStyle("ur", 20, bold=True))
    assert bold < 1.25 * regular


def test_italic_latin_uses_the_italic_face_and_arabic_stays_upright():
    block = layout_paragraph(
        [Span("Afghan", italic=True), Span(" "), Span("افغان", italic=True)],
        500,
        TextStyle("en", 12),
    )
    faces = {p.text.strip(): p.face.key for p in block.lines[0].pieces if p.text.strip()}
    assert faces["Afghan"] == "serif-Italic"
    assert faces["افغان"] == "naskh-Regular"


# ------------------------------------------------------------------------------------------
# layout invariants


@pytest.mark.parametrize("lang", list(PARAGRAPHS))
def test_lines_fit_and_keep_every_word_in_order(lang: str):
    text = PARAGRAPHS[lang]
    block = layout_paragraph(text, 220, TextStyle(lang, 11), first_indent=20)
    assert " ".join(line.text for line in block.lines).split() == text.split()
    assert block.lines[0].width <= 200 + 1e-6
    assert all(line.width <= 220 + 1e-6 for line in block.lines)
    assert block.height == pytest.approx(sum(line.height for line in block.lines))
    for line in block.lines:
        assert line.ascent + line.descent == pytest.approx(line.height)


def test_nastaliq_leading_is_taller_than_naskh_and_latin():
    heights = {
        lang: layout_paragraph("سلام Hello", 500, TextStyle(lang, 10)).lines[0].height
        for lang in ("ur", "fa")
    }
    latin = layout_paragraph("Hello", 500, TextStyle("en", 10)).lines[0].height
    assert heights["ur"] >= 2.0 * 10 > heights["fa"] > latin
    assert layout_paragraph("سلام", 500, TextStyle("ur", 10, leading=13)).lines[0].height == 13


def test_split_never_cuts_a_line():
    block = layout_paragraph(PARAGRAPHS["ur"] * 3, 250, TextStyle("ur", 12))
    per_line = block.lines[0].height
    head, tail = block.split(per_line * 2.5)
    assert len(head.lines) == 2 and tail is not None
    assert len(head.lines) + len(tail.lines) == len(block.lines)
    assert head.height + tail.height == pytest.approx(block.height)
    whole, rest = block.split(block.height + 1)
    assert whole is block and rest is None
    empty, everything = block.split(per_line / 2)
    assert empty.lines == [] and everything is not None
    assert len(everything.lines) == len(block.lines)


def test_newline_forces_a_break_and_direction_defaults():
    block = layout_paragraph("Line one\nسطر دوم", 500, TextStyle("fa", 12))
    assert [line.text for line in block.lines] == ["Line one", "سطر دوم"]
    assert block.direction == "ltr"  # first strong character is Latin
    assert layout_paragraph("123", 500, TextStyle("ur", 12)).direction == "rtl"  # locale
    assert layout_paragraph("123", 500, TextStyle("en", 12)).direction == "ltr"


def test_measure_matches_layout_and_draw_line(tmp_path: Path):
    style = TextStyle("ur", 14)
    text = "UNHCR کے ساتھ ملاقات 2023 میں ہوئی۔"
    width = measure(text, style)
    assert width == pytest.approx(layout_paragraph(text, 1000, style).lines[0].width)
    drawn: list[float] = []
    pdf = _render(
        tmp_path, lambda c: drawn.append(draw_line(c, text, 500, 700, style, direction="rtl"))
    )
    assert drawn[0] == pytest.approx(width)
    boxes = _word_boxes(pdf)
    # anchor x=500 is the start (right) edge of an RTL line
    assert max(w[2] for w in boxes) == pytest.approx(500, abs=1.5)
    assert min(w[0] for w in boxes) == pytest.approx(500 - width, abs=1.5)


def test_isolates_keep_a_latin_name_together():
    """A name wrapped in LRI…PDI inside Persian stays one left-to-right unit."""
    text = "نام \u2066Ahmad (Kabul)\u2069 است"
    block = layout_paragraph(text, 1000, TextStyle("fa", 12), direction="rtl")
    latin = [p for p in block.lines[0].pieces if "Ahmad" in p.text or "Kabul" in p.text]
    assert all(p.level == 2 for p in latin)
    order = [p.text for p in block.lines[0].pieces]
    assert order.index(next(t for t in order if "Ahmad" in t)) < order.index(
        next(t for t in order if "Kabul" in t)
    )


def test_shaping_cache_reuses_words():
    from letterkit.text.shaping import cache_info

    style = TextStyle("fa_AF", 11)
    layout_paragraph(PARAGRAPHS["fa_AF"], 300, style)
    before = cache_info()
    narrower = layout_paragraph(PARAGRAPHS["fa_AF"], 250, style)
    after = cache_info()
    # no word is shaped again at another width (the words are reused whole, or their shapes)
    assert after.misses == before.misses
    assert len(narrower.lines) > 1 and all(ln.width <= 250 + 1e-6 for ln in narrower.lines)


def test_a_character_no_font_has_is_an_error_not_a_box():
    from letterkit.errors import FontCoverageError

    with pytest.raises(FontCoverageError, match="U\\+0F00"):
        layout_paragraph("سلام \u0f00 دنیا", 300, TextStyle("fa", 12))
    # tabs and carriage returns from input files are harmless
    block = layout_paragraph("a\tb\r\nc", 300, TextStyle("en", 12))
    assert [line.text for line in block.lines] == ["a b", "c"]


def test_overlong_address_is_cut_after_url_punctuation_not_overflowing():
    url = "https://www.example.org/campaigns/afghan-refugees/letters/2023"
    text = f"ویب سائٹ {url} دیکھیں"
    block = layout_paragraph(text, 120, TextStyle("ur", 11))
    assert all(line.width <= 120 + 1e-6 for line in block.lines)
    joined = "".join(line.text.replace(" ", "") for line in block.lines)
    assert joined == text.replace(" ", "")
    cut_lines = [line.text for line in block.lines if line.text and line.text[-1] in "/.-"]
    assert cut_lines, [line.text for line in block.lines]
    # Arabic-script words are never cut, even in a column narrower than them
    narrow = layout_paragraph("پناہ گزینوں", 5, TextStyle("ur", 11))
    assert [line.text for line in narrow.lines] == ["پناہ", "گزینوں"]


@pytest.mark.parametrize(
    "lang,text",
    [
        (
            "ur",
            (
                "ہم آپ سے درخواست کرتے ہیں کہ پناہ گزینوں کی ملک بدری فوری طور پر روک دی جائے۔ "
                "ان خاندانوں نے چالیس برس سے پاکستان کو اپنا گھر بنایا ہے اور ان کے بچے یہیں "
                "پیدا ہوئے ہیں۔"
            ),
        ),
        (
            "fa_AF",
            (
                "ما از شما می‌خواهیم که اخراج مهاجرین افغان را متوقف سازید و به خانواده‌ها "
                "اجازه دهید که در امنیت زندگی کنند؛ بسیاری از آنان سال‌ها در این کشور "
                "زندگی کرده‌اند"
            ),
        ),
    ],
)
def test_pdftotext_gives_exactly_the_words_of_pure_rtl_text(lang: str, text: str, tmp_path: Path):
    block = layout_paragraph(text, 260, TextStyle(lang, 12), align="justify")
    assert len(block.lines) >= 3
    extracted = _pdftotext(_render(tmp_path, lambda c: draw_block(c, block, 150, 780)))
    assert _words(extracted) == text.split()


def test_isolated_name_in_an_english_line_extracts_in_order(tmp_path: Path):
    """Isolate controls are not extracted (poppler misplaces text around them); the marks
    that fence the separator are, so "name · date" reads back in that order."""
    line = "\u2067عزت مآب انوار الحق کاکڑ\u2069\u200e · 24 November 2026"

    def draw(canvas):
        draw_line(canvas, line, 50, 700, TextStyle("en", 10))
        for i in range(4):
            draw_line(
                canvas,
                "An English page around the header line.",
                50,
                680 - 14 * i,
                TextStyle("en", 10),
            )

    extracted = _pdftotext(_render(tmp_path, draw))
    first = "".join(_words(extracted.splitlines()[0]))
    assert first == "".join(_words(BIDI_CONTROLS.sub("", line)))


def test_one_leading_per_paragraph():
    """A line holding only Latin words inside a Dari paragraph keeps the paragraph's leading."""
    text = "گزارش سالانه UNHCR Global Trends Report 2023 Geneva Switzerland منتشر شد"
    block = layout_paragraph(text, 120, TextStyle("fa_AF", 11))
    assert any(not re.search("[\u0600-\u06ff]", line.text) for line in block.lines)
    assert len({round(line.height, 6) for line in block.lines}) == 1
    assert block.lines[0].height == pytest.approx(1.6 * 11)


@pytest.mark.parametrize("lang", ["ur", "fa_AF", "ps", "en"])
def test_toUnicode_only_extractors_get_real_text_once(lang: str, tmp_path: Path):
    """Viewers that ignore /ActualText (browsers, pypdf) read the ToUnicode map: no private-use
    or presentation-form code points, every letter exactly once (no duplicate from the drawn
    glyphs beside the invisible layer)."""
    pypdf = pytest.importorskip("pypdf")
    text = PARAGRAPHS[lang]
    block = layout_paragraph(text, 300, TextStyle(lang, 12))
    pdf = _render(tmp_path, lambda c: draw_block(c, block, 150, 780))
    extracted = pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    assert not re.search(
        "[\ue000-\uf8ff\U000f0000-\U000ffffd\ufb50-\ufdff\ufe70-\ufeff]", extracted
    )
    assert sorted(_letters(extracted)) == sorted(_letters(text))
    if lang == "en":  # left-to-right, ligatures ("office", "fluent") included
        assert _words(extracted) == text.split()


def test_break_spaces_are_the_unicode_spaces_but_the_no_break_ones_and_zwsp():
    """The line breaking spaces, written out in shaping.py, are every space separator (Zs) of
    the Unicode version Python carries except the no-break ones, plus the zero width space."""
    from letterkit.text.shaping import BREAK_SPACES

    separators = {chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Zs"}
    expected = (separators - set("\u00a0\u202f\u2007")) | {"\u200b"}
    assert expected == BREAK_SPACES
