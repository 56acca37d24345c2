"""DOCX writer: what Word, LibreOffice and python-docx read out of the file.

Every check opens the produced bytes as a ZIP and parses the XML (or re-opens it with
python-docx); none looks at the writer's internals. The script and schema-order rules the tests
apply are written out here from Unicode character names and ECMA-376, not imported from the
writer.
"""

from __future__ import annotations

import gc
import io
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from letterkit.address import PostalAddress
from letterkit.errors import ChoiceError, OutputError
from letterkit.layouts import get_layout
from letterkit.model import ListBlock, Meta, Paragraph, Party, Signatory, Span
from letterkit.writers.docx import DocxOptions, render_docx, write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC matches
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes, name: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(parts(data)[name])


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    return root.findall("w:body/w:p", NS)


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(q("t")))


def style_of(p: etree._Element) -> str | None:
    el = p.find("w:pPr/w:pStyle", NS)
    return el.get(q("val")) if el is not None else None


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def is_arabic_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") and "ARABIC" in unicodedata.name(ch, "")


def is_latin_letter(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return unicodedata.category(ch).startswith("L") and ("LATIN" in name or "CYRILLIC" in name)


# --------------------------------------------------------------------------------------------
# package, styles, page


def test_python_docx_reopens_and_sees_named_styles(make_letter):
    data = render_docx(make_letter("en"))
    document = docx.Document(io.BytesIO(data))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Letter Recipient"][0] == "H.E. Anwaar-ul-Haq Kakar"
    assert "Pakistan" in by_style["Letter Recipient"]
    assert by_style["Letter Sender"][:3] == ["Amina Rahimi", "12 Example Street", "10115 Berlin"]
    assert by_style["Letter Date"] == ["Berlin, 24 November 2026"]
    assert by_style["Letter Subject"] == ["Subject: Stop the deportation of Afghan refugees"]
    assert by_style["Letter Salutation"] == ["Dear Prime Minister,"]
    assert by_style["Letter List Number"] == ["Halt the deportations.", "Release those detained."]
    assert by_style["Letter Closing"] == ["Yours sincerely,"]
    assert by_style["Letter Signature"] == ["Amina Rahimi"]
    assert len(by_style["Letter Body"]) == 2
    # every style a paragraph names is defined in styles.xml, under the expected display name
    styles = xml(data, "word/styles.xml")
    defined = {
        s.get(q("styleId")): s.find("w:name", NS).get(q("val"))
        for s in styles.findall("w:style", NS)
    }
    for p in body_paragraphs(xml(data)):
        sid = style_of(p)
        assert sid is None or sid in defined
    for name in (
        "Letter Sender",
        "Letter Recipient",
        "Letter Date",
        "Letter Reference",
        "Letter Subject",
        "Letter Salutation",
        "Letter Body",
        "Letter List Number",
        "Letter List Bullet",
        "Letter Closing",
        "Letter Signature",
        "Letter Return Address",
    ):
        assert name in defined.values()


def test_body_uses_styles_not_direct_fonts(make_letter):
    root = xml(render_docx(make_letter("en")))
    assert root.findall(".//w:r/w:rPr/w:rFonts", NS) == []
    assert root.findall(".//w:r/w:rPr/w:sz", NS) == []  # sizes come from the styles...
    # ...except in the window, where long addresses may get smaller type to fit
    styles = xml(render_docx(make_letter("en")), "word/styles.xml")
    body = styles.find("w:style[@w:styleId='LetterBody']", NS)
    assert body.find("w:basedOn", NS).get(q("val")) == "Normal"


@pytest.mark.parametrize(
    ("layout", "paper", "size"),
    [
        ("din5008b", None, (11906, 16838)),
        ("din5008a", None, (11906, 16838)),
        ("us10", None, (12240, 15840)),
        ("din5008b", "letter", (12240, 15840)),
    ],
)
def test_page_size_and_margins_are_explicit(make_letter, layout, paper, size):
    data = render_docx(make_letter("en"), DocxOptions(paper=paper, layout=layout))
    sect = xml(data).find("w:body/w:sectPr", NS)
    pg = sect.find("w:pgSz", NS)
    assert (int(pg.get(q("w"))), int(pg.get(q("h")))) == size
    lay = get_layout(layout)
    mar = sect.find("w:pgMar", NS)
    assert int(mar.get(q("left"))) == twips(lay.margin_left)
    assert int(mar.get(q("right"))) == twips(lay.margin_right)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert abs(section.page_width.mm - size[0] / 1440 * 25.4) < 0.1


def test_page_follows_sender_country(make_letter):
    us = Party(
        "Ann Lee",
        ("Ann Lee", "1 Main St", "Springfield, IL 62701"),
        address=PostalAddress(("1 Main St",), "Springfield", "IL", "62701", "US"),
    )
    pg = xml(render_docx(make_letter("en", sender=us))).find("w:body/w:sectPr/w:pgSz", NS)
    assert pg.get(q("w")) == "12240"
    pg = xml(render_docx(make_letter("en"))).find("w:body/w:sectPr/w:pgSz", NS)
    assert pg.get(q("w")) == "11906"  # Berlin sender: A4


def test_unknown_paper_or_layout_names_the_choices(make_letter):
    with pytest.raises(ChoiceError, match="a4"):
        render_docx(make_letter("en"), DocxOptions(paper="a5"))
    with pytest.raises(ChoiceError, match="din5008b"):
        render_docx(make_letter("en"), DocxOptions(layout="nowhere"))


@pytest.mark.parametrize("layout", ["din5008a", "din5008b", "us10", "uk", "ch", "fr"])
def test_recipient_sits_in_a_frame_at_the_window(make_letter, layout):
    lay = get_layout(layout)
    root = xml(render_docx(make_letter("en"), DocxOptions(layout=layout)))
    recipient = [p for p in body_paragraphs(root) if style_of(p) == "LetterRecipient"]
    assert text_of(recipient[0]) == "H.E. Anwaar-ul-Haq Kakar"
    for p in recipient:
        frame = p.find("w:pPr/w:framePr", NS)
        assert frame.get(q("hAnchor")) == "page" and frame.get(q("vAnchor")) == "page"
        x, y = int(frame.get(q("x"))), int(frame.get(q("y")))
        w, h = int(frame.get(q("w"))), int(frame.get(q("h")))
        assert twips(lay.address.x) <= x and x + w <= twips(lay.address.right)
        assert twips(lay.address.y) <= y and y + h <= twips(lay.address.bottom) + 1
        assert frame.get(q("hRule")) == "exact"  # the block cannot grow out of the window
        # all lines fit: the exact pitches add up to no more than the frame's height
    pitches = [int(p.find("w:pPr/w:spacing", NS).get(q("line"))) for p in recipient]
    assert sum(pitches) <= h


def test_lists_are_real_numbering(make_letter):
    body = (
        ListBlock(True, ((Span("one"),), (Span("two"),))),
        Paragraph((Span("between"),)),
        ListBlock(True, ((Span("four"),), (Span("five"),)), start=4),
        ListBlock(False, ((Span("a point"),),)),
    )
    data = render_docx(make_letter("en", body=body))
    root = xml(data)
    numbering = xml(data, "word/numbering.xml")

    def num_info(p):
        num_id = p.find("w:pPr/w:numPr/w:numId", NS).get(q("val"))
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        abstract_id = num.find("w:abstractNumId", NS).get(q("val"))
        abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
        fmt = abstract.find("w:lvl/w:numFmt", NS).get(q("val"))
        start = num.find("w:lvlOverride/w:startOverride", NS)
        return num_id, fmt, start.get(q("val")) if start is not None else None

    items = {
        text_of(p): p for p in body_paragraphs(root) if p.find("w:pPr/w:numPr", NS) is not None
    }
    assert set(items) == {"one", "two", "four", "five", "a point"}  # no typed "1."
    one, two, four = num_info(items["one"]), num_info(items["two"]), num_info(items["four"])
    assert one == two and one[1] == "decimal"
    assert four[0] != one[0] and four[2] == "4"  # the second list restarts, at 4
    assert num_info(items["a point"])[1] == "bullet"
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs if p.text in ("one", "a point")]
    assert styles == ["Letter List Number", "Letter List Bullet"]


def test_metadata(make_letter):
    letter = make_letter("en")
    letter = letter.__class__(
        **{
            **letter.__dict__,
            "meta": Meta(
                title="Letter to the PM",
                author="Amina Rahimi",
                subject="Deportations",
                keywords=("refugees", "Pakistan"),
                campaign_id="ua-109",
            ),
        }
    )
    props = docx.Document(io.BytesIO(render_docx(letter))).core_properties
    assert props.title == "Letter to the PM"
    assert props.author == "Amina Rahimi"
    assert props.subject == "Deportations"
    assert props.keywords == "refugees, Pakistan"
    assert props.language == "en-GB"
    assert props.created.date().isoformat() == "2026-11-24"
    ur = docx.Document(io.BytesIO(render_docx(make_letter("ur")))).core_properties
    assert ur.language == "ur-PK"


def test_fonts_and_languages_in_defaults(make_letter):
    for lang, cs_font, bidi_lang in (
        ("ur", "Noto Nastaliq Urdu", "ur-PK"),
        ("fa_AF", "Noto Naskh Arabic", "prs-AF"),
    ):
        styles = xml(render_docx(make_letter(lang)), "word/styles.xml")
        rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
        fonts = rpr.find("w:rFonts", NS)
        assert fonts.get(q("cs")) == cs_font
        assert fonts.get(q("ascii")) == fonts.get(q("hAnsi")) == "Noto Serif"
        assert rpr.find("w:szCs", NS) is not None
        assert rpr.find("w:lang", NS).get(q("bidi")) == bidi_lang
    # an Urdu address block uses the compact Naskh face: Nastaliq would not fit the window
    styles = xml(render_docx(make_letter("ur")), "word/styles.xml")
    recipient = styles.find("w:style[@w:styleId='LetterRecipient']/w:rPr/w:rFonts", NS)
    assert recipient.get(q("cs")) == "Noto Naskh Arabic"


# --------------------------------------------------------------------------------------------
# right-to-left


BLOCK_STYLES = {"LetterSender", "LetterRecipient", "LetterSignature", "LetterReturnAddress"}


@pytest.mark.parametrize(("lang", "bidi_lang"), [("ur", "ur-PK"), ("fa_AF", "prs-AF")])
def test_rtl_paragraphs_runs_and_section(make_letter, lang, bidi_lang):
    data = render_docx(make_letter(lang))
    root = xml(data)
    assert root.find("w:body/w:sectPr/w:bidi", NS) is not None
    for p in body_paragraphs(root):
        text = text_of(p)
        bidi = p.find("w:pPr/w:bidi", NS)
        if any(is_arabic_letter(c) for c in text):
            assert bidi is not None and bidi.get(q("val")) in (None, "1", "true"), text
        elif style_of(p) in BLOCK_STYLES and any(is_latin_letter(c) or c.isdigit() for c in text):
            # Latin-only address lines (a street, a phone number) are explicitly left-to-right
            assert bidi is not None and bidi.get(q("val")) == "0", text
    for run in root.iter(q("r")):
        text = "".join(t.text or "" for t in run.iter(q("t")))
        rtl = run.find("w:rPr/w:rtl", NS) is not None
        if any(is_latin_letter(c) for c in text):
            assert not rtl and not any(is_arabic_letter(c) for c in text), text
        if any(is_arabic_letter(c) for c in text):
            assert rtl, text
        lang_el = run.find("w:rPr/w:lang", NS)
        assert lang_el.get(q("bidi")) == bidi_lang
    # UNHCR is its own run, without w:rtl (it would be drawn with the complex-script font)
    unhcr = [
        r for r in root.iter(q("r")) if "UNHCR" in "".join(t.text or "" for t in r.iter(q("t")))
    ]
    assert ["".join(t.text for t in r.iter(q("t"))) for r in unhcr] == ["UNHCR"]
    assert unhcr[0].find("w:rPr/w:rtl", NS) is None


def test_rtl_bold_has_complex_script_twin(make_letter):
    root = xml(render_docx(make_letter("ur")))
    bold_urdu = [
        r for r in root.iter(q("r")) if "".join(t.text or "" for t in r.iter(q("t"))) == "توجہ"
    ]
    rpr = bold_urdu[0].find("w:rPr", NS)
    assert rpr.find("w:b", NS) is not None and rpr.find("w:bCs", NS) is not None
    assert rpr.find("w:rtl", NS) is not None


def test_ltr_letter_has_no_bidi_and_english_language(make_letter):
    root = xml(render_docx(make_letter("en")))
    assert root.find(".//w:bidi", NS) is None
    assert root.find(".//w:rtl", NS) is None
    langs = {el.get(q("val")) for el in root.iter(q("lang"))}
    assert langs == {"en-GB"}


def test_urdu_name_in_english_letter_is_an_rtl_run(make_letter):
    recipient = Party(
        "انوار الحق",
        ("انوار الحق", "Islamabad"),
        address=PostalAddress((), "Islamabad", "", "", "PK"),
    )
    root = xml(render_docx(make_letter("en", recipient=recipient)))
    runs = [
        r for r in root.iter(q("r")) if "انوار" in "".join(t.text or "" for t in r.iter(q("t")))
    ]
    assert runs and runs[0].find("w:rPr/w:rtl", NS) is not None
    assert runs[0].find("w:rPr/w:lang", NS).get(q("bidi")) == "ur-PK"


def test_signatory_language_tags_their_name(make_letter):
    letter = make_letter("en", signatories=(Signatory("مریم احمدی", language="fa"),))
    root = xml(render_docx(letter))
    run = next(r for r in root.iter(q("r")) if "مریم" in text_of(r))
    assert run.find("w:rPr/w:lang", NS).get(q("bidi")) == "fa-IR"


def test_no_start_or_end_alignment(make_letter):
    for lang in ("en", "ur", "fa_AF"):
        data = render_docx(make_letter(lang))
        for name in ("word/document.xml", "word/styles.xml"):
            values = {el.get(q("val")) for el in xml(data, name).iter(q("jc"))}
            assert not values & {"start", "end"}
        document = docx.Document(io.BytesIO(data))  # would raise on start/end
        assert [p.alignment for p in document.paragraphs]


# --------------------------------------------------------------------------------------------
# schema order (ECMA-376 part 1 sequences, written out independently of the writer)

PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]


def assert_order(element: etree._Element, order: list[str]) -> None:
    names = [etree.QName(child).localname for child in element]
    positions = [order.index(n) for n in names]
    # header/footer references may interleave
    positions = [
        min(p, 1) if n in ("headerReference", "footerReference") else p
        for n, p in zip(names, positions)
    ]
    assert positions == sorted(positions), names


@pytest.mark.parametrize("lang", ["en", "ur", "fa_AF"])
def test_schema_order(make_letter, lang):
    data = render_docx(make_letter(lang))
    for name in ("word/document.xml", "word/styles.xml"):
        root = xml(data, name)
        for ppr in root.iter(q("pPr")):
            if ppr.getparent().tag != q("lvl"):
                assert_order(ppr, PPR_ORDER)
        for rpr in root.iter(q("rPr")):
            assert_order(rpr, RPR_ORDER)
    assert_order(xml(data).find("w:body/w:sectPr", NS), SECT_ORDER)


# --------------------------------------------------------------------------------------------
# field values are data

HOSTILE = 'Amina <b>"Ra&him\'i"</b>\x0b\x00\x1f\ufffe\u200f\nSecond line\r\n\tend'


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_hostile_values_neither_corrupt_nor_restructure(make_letter, lang):
    plain = make_letter(lang)
    nasty_sender = Party(
        HOSTILE, (HOSTILE, "12 Example Street", "10115 Berlin"), address=plain.sender.address
    )
    nasty_recipient = Party(HOSTILE, (HOSTILE, "Islamabad"), address=plain.recipient.address)
    nasty = make_letter(
        lang,
        sender=nasty_sender,
        recipient=nasty_recipient,
        signature=(HOSTILE,),
        subject=HOSTILE,
        salutation=f"Dear {HOSTILE},",
        body=(Paragraph((Span("Hello "), Span(HOSTILE, bold=True), Span(" & bye <x/>"))),),
    )
    calm = make_letter(
        lang,
        sender=Party("X", ("X", "12 Example Street", "10115 Berlin"), address=plain.sender.address),
        recipient=Party("X", ("X", "Islamabad"), address=plain.recipient.address),
        signature=("X",),
        subject="X",
        salutation="Dear X,",
        body=(Paragraph((Span("Hello "), Span("X", bold=True), Span(" & bye <x/>"))),),
    )
    data = render_docx(nasty)
    for name, raw in parts(data).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(raw)  # well-formed
    document = docx.Document(io.BytesIO(data))
    calm_doc = docx.Document(io.BytesIO(render_docx(calm)))
    assert [p.style.name for p in document.paragraphs] == [
        p.style.name for p in calm_doc.paragraphs
    ]
    texts = [p.text for p in document.paragraphs]
    expected = 'Amina <b>"Ra&him\'i"</b> \u200f Second line end'
    assert expected in texts
    assert "Hello " + expected + " & bye <x/>" in texts
    for text in texts:
        assert not any(unicodedata.category(c) == "Cc" for c in text)
    assert "\u200f" in expected  # the RTL mark is text and survives


def test_hostile_metadata(make_letter):
    letter = make_letter(
        "en", meta=Meta(title="A & B <c>\x0b", author='"Q"\x00', subject="s", keywords=("k&<",))
    )
    props = docx.Document(io.BytesIO(render_docx(letter))).core_properties
    assert props.title == "A & B <c>"
    assert props.author == '"Q"'
    assert props.keywords == "k&<"


# --------------------------------------------------------------------------------------------
# files, determinism, memory


def test_write_docx_atomic_and_no_overwrite(make_letter, tmp_path: Path):
    target = tmp_path / "letter.docx"
    assert write_docx(make_letter("en"), target) == target
    first = target.read_bytes()
    with pytest.raises(OutputError, match="letter.docx"):
        write_docx(make_letter("ur"), target)
    assert target.read_bytes() == first
    write_docx(make_letter("ur"), target, force=True)
    assert target.read_bytes() != first
    assert [p.name for p in tmp_path.iterdir()] == ["letter.docx"]  # no temp files left


def test_output_is_deterministic_and_zip_is_sound(make_letter):
    first = render_docx(make_letter("fa_AF"))
    assert first == render_docx(make_letter("fa_AF"))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
    assert names[0] == "[Content_Types].xml"
    assert {
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "docProps/core.xml",
    } <= set(names)
    content_types = etree.fromstring(parts(first)["[Content_Types].xml"])
    overrides = {el.get("PartName") for el in content_types}
    assert "/word/numbering.xml" in overrides
    assert not any("stylesWithEffects" in n or "thumbnail" in n for n in names)


def test_memory_does_not_grow_over_a_batch(make_letter):
    letter = make_letter("ur")
    for _ in range(20):
        render_docx(letter)
    tracemalloc.start()
    try:
        for _ in range(50):
            render_docx(letter)
        gc.collect()  # retained memory, not garbage that the next collection frees
        baseline, _ = tracemalloc.get_traced_memory()
        for _ in range(400):
            render_docx(letter)
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - baseline < 64 * 1024, (baseline, after)


RTL_SAMPLES = {
    "ps": ("ښاغلی وزیر", "مونږ د افغان کډوالو په اړه لیکو."),
    "sd": ("محترم وزير", "اسين افغان پناهگيرن بابت لکون ٿا ۽ ڪجهه عرض ڪريون ٿا."),
    "pa_Arab": ("محترم وزیر صاحب", "اسیں افغان پناہ گیراں بارے لکھ رہے آں۔"),
    "bal": ("واجہ وزیر", "ما افغان پناہ گیرانی بارءَ نبشتہ کنگا اَیں۔"),
    "ar": ("معالي الوزير", "نكتب إليكم بشأن اللاجئين الأفغان في باكستان."),
    "fa": ("جناب آقای وزیر", "در بارهٔ پناهجویان افغان می‌نویسیم."),
}


@pytest.mark.parametrize("lang", sorted(RTL_SAMPLES))
def test_every_rtl_locale_gets_bidi_and_its_language(make_letter, lang):
    from letterkit.locales import locale_info

    salutation, sentence = RTL_SAMPLES[lang]
    letter = make_letter(
        lang,
        direction="rtl",
        salutation=salutation,
        body=(Paragraph((Span(sentence), Span(" (UNHCR 2023)"))),),
    )
    data = render_docx(letter)
    root = xml(data)
    assert root.find("w:body/w:sectPr/w:bidi", NS) is not None
    tag = locale_info(lang).docx_lang
    body = next(p for p in body_paragraphs(root) if style_of(p) == "LetterBody")
    assert body.find("w:pPr/w:bidi", NS) is not None
    runs = body.findall("w:r", NS)
    assert {r.find("w:rPr/w:lang", NS).get(q("bidi")) for r in runs} == {tag}
    latin = [r for r in runs if "UNHCR" in text_of(r)]
    assert latin and latin[0].find("w:rPr/w:rtl", NS) is None
    assert "".join(text_of(r) for r in runs) == sentence + " (UNHCR 2023)"
    fonts = xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(q("cs")) == "Noto Naskh Arabic"  # Nastaliq is for Urdu only
    docx.Document(io.BytesIO(data))


def test_text_helpers_doctests():
    import doctest

    from letterkit import textclean
    from letterkit.writers import docx_text

    runs, cleaning = doctest.testmod(docx_text), doctest.testmod(textclean)  # xml_line is there
    assert runs.attempted >= 1 and cleaning.attempted >= 1
    assert runs.failed == 0 and cleaning.failed == 0


def test_long_address_lines_shrink_to_fit_the_window_on_one_row(make_letter, tmp_path):
    """An organisation name too long for the window at 10.5 pt gets smaller type, measured
    against the width of the frame (here with Pango, independently of letterkit's engine)."""
    import shutil
    import subprocess

    long_line = "Ministry of Interior and Narcotics Control, Government of Pakistan"
    recipient = Party(
        "The Secretary",
        ("The Secretary", long_line, "Islamabad"),
        address=PostalAddress((), "Islamabad", "", "", "PK"),
    )
    root = xml(render_docx(make_letter("en", recipient=recipient), DocxOptions(layout="din5008b")))
    paragraph = next(p for p in body_paragraphs(root) if text_of(p) == long_line)
    frame_width_pt = int(paragraph.find("w:pPr/w:framePr", NS).get(q("w"))) / 20
    size_pt = int(paragraph.find("w:r/w:rPr/w:sz", NS).get(q("val"))) / 2
    assert size_pt < 10.5
    if shutil.which("pango-view") is None:
        pytest.skip("pango-view is not installed")
    png = tmp_path / "line.png"
    subprocess.run(
        [
            "pango-view",
            "-q",
            f"--font=Noto Serif {size_pt}",
            "--dpi=72",
            "--margin=0",
            f"--text={long_line}",
            "-o",
            str(png),
        ],
        check=True,
    )
    width = int.from_bytes(png.read_bytes()[16:20], "big")
    assert width <= frame_width_pt, (width, frame_width_pt)


def test_long_return_address_shrinks_instead_of_being_cut(make_letter):
    plain = make_letter("ur")
    long_sender = Party(
        "آمنہ رحیمی",
        (
            "آمنہ رحیمی",
            "Apartment 5, Very Long Example Street 123",
            "10115 Berlin-Charlottenburg",
            "GERMANY",
        ),
        address=plain.sender.address,
    )
    root = xml(render_docx(make_letter("ur", sender=long_sender)))
    back = next(p for p in body_paragraphs(root) if style_of(p) == "LetterReturnAddress")
    assert "Very Long Example Street" in text_of(back)
    size = back.find("w:r/w:rPr/w:sz", NS)
    assert size is not None and int(size.get(q("val"))) < 14
