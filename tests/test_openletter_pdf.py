"""The seed-004 open letter as a reader sees the PDF (poppler): numbers 1–51 in reading order,
every name extractable in logical order, right-to-left columns from the right, no name drawn
over another."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from letterkit.campaign import load_campaign
from letterkit.openletter.letter import ListOptions, compose_open_letter
from letterkit.openletter.signatories import read_signatories
from letterkit.output import render
from pdfread import bbox_lines, pdf_text, visual_word

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing"
)

CAMPAIGN = "afghan-deportations-open-letter"
SEED_FILE = Path(__file__).parent.parent / "templates" / "campaigns" / CAMPAIGN / "signatories.csv"
HEADINGS = {"en": "Signatories", "fa_AF": "امضاکنندگان"}
PAGE_WIDTH = 595.0  # A4, the default for a sender-less open letter
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
_CONTROLS = re.compile("[\\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def squeeze(text: str) -> str:
    return _CONTROLS.sub("", unicodedata.normalize("NFC", text))


def write_pdf(tmp_path: Path, lang: str, options: ListOptions) -> Path:
    rows = read_signatories(SEED_FILE)
    import datetime as dt

    letter = compose_open_letter(
        load_campaign(CAMPAIGN), rows, language=lang, options=options, today=dt.date(2025, 8, 12)
    )
    path = tmp_path / f"{lang}-{options.sort}-{options.columns}-{options.group}.pdf"
    path.write_bytes(render(letter, "pdf"))
    return path


def page_words(path: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Per page, each word poppler finds (as it gives it) with its own box, in points."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for body in re.findall(r"<page .*?</page>", xml, re.DOTALL):
        pages.append(
            [
                (
                    html.unescape(m.group(5)),
                    (float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4))),
                )
                for m in re.finditer(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                    r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                    body,
                )
            ]
        )
    return pages


def list_markers(path: Path, lang: str) -> list[tuple[int, int, tuple[float, ...]]]:
    """(page, number, box) of each list number after the list's heading. An English number is
    the word "12."; poppler gives a Dari "۱۲." as the word "۱۲" with "." just left of it."""
    out = []
    started = False
    heading = HEADINGS[lang]
    for page, words in enumerate(page_words(path), start=1):
        words = sorted(words, key=lambda w: (round(w[1][1]), w[1][0]))
        for i, (word, box) in enumerate(words):
            if not started:
                started = visual_word(word) == heading
                continue
            if lang == "en":
                match = re.fullmatch(r"(\d+)\.", word)
            else:
                left = words[i - 1] if i else None
                dot_left = (
                    left is not None
                    and left[0] == "."
                    and abs(left[1][1] - box[1]) < 1
                    and abs(left[1][2] - box[0]) < 1
                )
                match = re.fullmatch(r"([۰-۹]+)", word) if dot_left else None
            if match:
                out.append((page, int(match.group(1).translate(_DIGITS)), box))
    return out


def markers(path: Path, lang: str, rtl: bool) -> list[int]:
    """The list numbers in reading order: page by page, column by column (from the right in a
    right-to-left letter), top to bottom."""
    found = []
    for page, number, box in list_markers(path, lang):
        centre = (box[0] + box[2]) / 2
        column = (
            (0 if centre > PAGE_WIDTH / 2 else 1) if rtl else (0 if centre < PAGE_WIDTH / 2 else 1)
        )
        found.append((page, column, box[1], number))
    return [n for *_, n in sorted(found)]


def line_boxes(path: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    return [[(" ".join(words), box) for words, box in lines] for lines in bbox_lines(path)]


CASES = [
    ("en", ListOptions(sort="given", columns=1)),
    ("en", ListOptions(sort="name", group=True, columns=2)),
    ("fa_AF", ListOptions(sort="given", columns=1)),
    ("fa_AF", ListOptions(sort="name", group=True, columns=2)),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("openletter")
    return {i: write_pdf(folder, lang, options) for i, (lang, options) in enumerate(CASES)}


@pytest.mark.parametrize(
    "case", range(len(CASES)), ids=[f"{lang}-{o.sort}-{o.columns}col" for lang, o in CASES]
)
def test_numbers_run_1_to_51_in_reading_order(pdfs, case):
    lang, _options = CASES[case]
    numbers = markers(pdfs[case], lang, rtl=lang == "fa_AF")
    assert numbers == list(range(1, 52))


@pytest.mark.parametrize(
    "case", range(len(CASES)), ids=[f"{lang}-{o.sort}-{o.columns}col" for lang, o in CASES]
)
def test_every_name_extracts_in_logical_order_and_in_list_order(pdfs, case):
    lang, options = CASES[case]
    rows = read_signatories(SEED_FILE)
    letter = compose_open_letter(load_campaign(CAMPAIGN), rows, language=lang, options=options)
    assert letter.signatory_list is not None
    # a number stands beside its name's first line: "Umbrella .۴ (AWCU)" in extracted text
    text = re.sub(r"\.[۰-۹]+|\b[0-9]+\.", "", squeeze(pdf_text(pdfs[case])))
    for member in letter.signatory_list.members:
        assert squeeze(member.name) in text, member.name
    if options.columns == 1:  # one column: the names follow each other in the text, in order
        at = [text.index(squeeze(m.name)) for m in letter.signatory_list.members]
        assert at == sorted(at)


def test_sorting_and_grouping_change_the_order_as_the_alphabet_says(pdfs):
    given = squeeze(pdf_text(pdfs[2]))
    assert given.index(squeeze("Afghan Women activists Coordinating Body")) < given.index(
        squeeze("جنبش ترکتبار افغانستان")
    )  # the seed's order: 1 before 49
    rows = read_signatories(SEED_FILE)
    letter = compose_open_letter(
        load_campaign(CAMPAIGN), rows, language="fa_AF", options=CASES[3][1]
    )
    assert letter.signatory_list is not None
    names = [m.name for m in letter.signatory_list.members]
    # Dari's alphabet first (CLDR orders the letter's own script first), then Latin A…Z
    assert names[:2] == ["جنبش ترکتبار افغانستان", "جنبش زنان تورکتبار افغانستان"]
    assert names[2] == "Afghan Women activists Coordinating Body"
    assert names[-1] == "WUNRN - Women's UN Report Network"
    heading = squeeze(pdf_text(pdfs[3]))
    assert heading.index("نهادها") < heading.index(squeeze(names[0]))


def test_rtl_columns_run_right_to_left(pdfs):
    found = list_markers(pdfs[3], "fa_AF")
    first_page = min(page for page, _, _ in found)
    on_page = sorted((n, box) for page, n, box in found if page == first_page)
    assert on_page[0][0] == 1 and on_page[0][1][0] > PAGE_WIDTH / 2  # 1 in the right half
    assert on_page[-1][1][2] < PAGE_WIDTH / 2  # the page's last number in the left column
    english = list_markers(pdfs[1], "en")
    assert english[0][1] == 1 and english[0][2][2] < PAGE_WIDTH / 2  # English starts left


@pytest.mark.parametrize(
    "case", range(len(CASES)), ids=[f"{lang}-{o.sort}-{o.columns}col" for lang, o in CASES]
)
def test_no_two_lines_overlap(pdfs, case):
    for page in line_boxes(pdfs[case]):
        boxes = sorted(page, key=lambda item: (item[1][1], item[1][0]))
        for i, (text_a, a) in enumerate(boxes):
            for text_b, b in boxes[i + 1 :]:
                if b[1] >= a[3] - 1.0:
                    break  # sorted by top: nothing further down can reach up into ``a``
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                same_line = abs(a[1] - b[1]) < 1.0 and abs(a[3] - b[3]) < 1.0
                if same_line and overlap_x <= 0.5:
                    continue
                # line boxes are the fonts' full boxes (Naskh's are tall): lines that merely
                # touch overlap by a few points; names drawn over each other by half a line
                least = min(a[3] - a[1], b[3] - b[1])
                assert overlap_x <= 0.5 or overlap_y <= 0.4 * least, (text_a, a, text_b, b)


def test_two_columns_take_fewer_pages_than_one(pdfs):
    from pypdf import PdfReader

    pages = {i: len(PdfReader(str(p)).pages) for i, p in pdfs.items()}
    assert pages[1] <= pages[0] and pages[3] <= pages[2]
    assert pages[0] >= 3  # 51 names in one column flow over onto a further page


def test_addressees_head_the_letter(pdfs):
    text = pdf_text(pdfs[0], page=1)
    assert text.index("To:") < text.index("The United Nations High Commissioner for Refugees")
    assert text.index("All governments that return Afghans") < text.index("Subject:")
    fa = squeeze(pdf_text(pdfs[2], page=1))
    assert squeeze("کمیشنری عالی ملل متحد برای پناهندگان") in fa


MIXED = Path(__file__).parent / "data" / "signatories" / "mixed.csv"


@pytest.mark.parametrize("lang", ["en", "fa_AF"])
def test_people_local_names_and_anonymous_signatories(tmp_path, lang):
    letter = compose_open_letter(
        load_campaign(CAMPAIGN),
        read_signatories(MIXED),
        language=lang,
        options=ListOptions(sort="name", group=True, columns=2),
    )
    path = tmp_path / f"mixed-{lang}.pdf"
    path.write_bytes(render(letter, "pdf"))
    text = pdf_text(path)
    flat = squeeze(text)
    for piece in (
        "Amina Rahimi",
        "آمنه رحیمی",
        "Azadi Network",
        "Sam Example",
        "Rawadari",
        "رواداری",
    ):
        assert squeeze(piece) in flat
    if lang == "en":  # in logical order: name, its Persian form, affiliation, country
        assert squeeze("5. Amina Rahimi · آمنه رحیمی, Azadi Network, Germany") in flat
        assert "7. Anonymous, Pakistan" in text
        assert "4 organisations, 3 individuals" in text
    else:
        assert squeeze("آلمان") in flat and squeeze("بی‌نام ،پاکستان") in flat
        assert squeeze("۴ نهاد و ۳ فرد") in flat


@pytest.mark.parametrize("lang", ["en", "fa_AF"])
def test_a_long_list_flows_over_pages_column_by_column(tmp_path, lang):
    # 160 signatories: two columns over more than one page, in either direction
    names = [
        f"Network {n:03d} for Refugee Rights" if n % 3 else f"انجمن شماره {n} حقوق بشر"
        for n in range(1, 161)
    ]
    csv_file = tmp_path / "long.csv"
    csv_file.write_text(
        "name,kind\n" + "".join(f"{n},organisation\n" for n in names), encoding="utf-8"
    )
    letter = compose_open_letter(
        load_campaign(CAMPAIGN),
        read_signatories(csv_file),
        language=lang,
        options=ListOptions(columns=2),
    )
    path = tmp_path / f"long-{lang}.pdf"
    path.write_bytes(render(letter, "pdf"))
    found = list_markers(path, lang)
    assert len({page for page, _, _ in found}) >= 2  # the list goes on over a page break
    assert markers(path, lang, rtl=lang == "fa_AF") == list(range(1, 161))
    for page in {page for page, _, _ in found}:
        first = min((n, box) for p, n, box in found if p == page)
        start_right = first[1][0] > PAGE_WIDTH / 2
        assert start_right == (lang == "fa_AF")  # each page starts in the start column
