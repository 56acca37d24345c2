"""DOCX through LibreOffice: the honest check that the file renders as a letter.

LibreOffice (headless) converts the DOCX files to PDF; poppler reads the PDF back. Checked:
the letter's text is there; right-to-left lines come out right-to-left (the words of a line,
laid out by LibreOffice, read right to left in the source's logical order) and joined (a line's
width matches Pango's joined rendering of the same words in the same font, not the unjoined
one); list numbers sit on the right in RTL letters; the recipient's address lies inside the
envelope window of the layout.

Pango (``pango-view``) is the independent reference: it shares no code with letterkit or
LibreOffice's DOCX import.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from letterkit.layouts import get_layout
from letterkit.writers.docx import DocxOptions, write_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not installed: "
        "install it (Debian: libreoffice-writer-nogui) to check DOCX rendering",
    ),
    pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is missing"),
]

CASES = (("en", "din5008b"), ("ur", "din5008b"), ("fa_AF", "din5008b"), ("en", "us10"))
PT_PER_MM = 72 / 25.4
_CONVERTED: dict[str, dict[tuple[str, str], Path]] = {}


@pytest.fixture(scope="module")
def lo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("libreoffice")


@pytest.fixture
def pdfs(make_letter, lo_dir: Path) -> dict[tuple[str, str], Path]:
    """All cases converted in one LibreOffice run (a private profile: parallel runs can't
    clash); cached for the module."""
    key = str(lo_dir)
    if key not in _CONVERTED:
        docs = []
        for lang, layout in CASES:
            path = lo_dir / f"{lang}-{layout}.docx"
            write_docx(make_letter(lang), path, DocxOptions(layout=layout))
            docs.append(path)
        profile = lo_dir / "profile"
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(lo_dir),
                *map(str, docs),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        out = {case: lo_dir / f"{case[0]}-{case[1]}.pdf" for case in CASES}
        missing = [p.name for p in out.values() if not p.exists()]
        assert not missing, f"LibreOffice did not convert {missing}: {result.stderr[-2000:]}"
        _CONVERTED[key] = out
    return _CONVERTED[key]


def pdftext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


_CONTROLS = re.compile("[\\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def squeeze(text: str) -> str:
    """Without whitespace and bidi controls (Nastaliq extraction splits words at glyphs)."""
    return _CONTROLS.sub("", unicodedata.normalize("NFC", text))


def unmarked(text: str) -> str:
    """Without combining marks (kasra, hamza above): poppler extracts them out of line."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, text) of every word on page 1, in points from the top-left."""
    raw = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout
    root = etree.fromstring(raw, etree.XMLParser(recover=True))
    out = []
    for el in root.iter("{*}word"):
        out.append(
            (
                float(el.get("xMin")),
                float(el.get("yMin")),
                float(el.get("xMax")),
                float(el.get("yMax")),
                el.text or "",
            )
        )
    return out


def is_arabic(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(c, "") for c in text)


# --------------------------------------------------------------------------------------------


def test_english_text_is_all_there(pdfs):
    text = " ".join(pdftext(pdfs[("en", "din5008b")]).split())
    for expected in (
        "Subject: Stop the deportation of Afghan refugees",
        "Dear Prime Minister,",
        "UNHCR counts more than 3.7 million",
        "Halt the deportations.",
        "Release those detained.",
        "Yours sincerely,",
        "Berlin, 24 November 2026",
        "H.E. Anwaar-ul-Haq Kakar",
        "amina@example.org",
    ):
        assert expected in text
    # the list numbers come from Word numbering, rendered by LibreOffice
    assert re.search(r"1\.\s*Halt the deportations", text)
    assert re.search(r"2\.\s*Release those detained", text)


@pytest.mark.parametrize("lang", ["ur", "fa_AF"])
def test_rtl_text_extracts_in_logical_order(pdfs, make_letter, lang):
    """Lines read back in logical order; words of wrapped paragraphs each read back whole
    (poppler may order the pieces of a line with raised marks differently; the visual order
    of words is checked from positions in the tests below)."""
    letter = make_letter(lang)
    extracted = pdftext(pdfs[(lang, "din5008b")])
    text = squeeze(extracted)
    items = [b for b in letter.plain_blocks() if len(b) < 60]
    for expected in (letter.subject, letter.salutation, letter.closing, *items):
        assert in_order(squeeze(expected), text), expected
    bare = unmarked(text)
    expected_words = [squeeze(unmarked(w)) for p in letter.plain_blocks() for w in p.split()]
    missing = [w for w in expected_words if w not in bare]
    # Naskh extracts every word whole; Nastaliq lifts a letter out of a rare stacked word
    # (poppler reads the raised ق of مقیم as a line of its own)
    allowed = 0 if lang != "ur" else len(expected_words) // 10
    assert len(missing) <= allowed, missing


def in_order(expected: str, text: str) -> bool:
    """``expected`` occurs in ``text`` in logical order: at least 90 % of its characters match
    as ordered, non-crossing blocks (Nastaliq stacks letters, and poppler extracts a raised ق
    or a mark out of line, so an exact substring is too strict; reversed text fails)."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, expected, text, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 3]
    return sum(b.size for b in blocks) >= 0.9 * len(expected)


def test_in_order_is_strict_about_order():
    assert in_order("abcdefghijkl", "xxabcdeQfghijklyy")
    assert in_order("abcdefghijklmnopqrst", "xxabcdefgijklmnopqrstyy")  # one char elsewhere
    assert not in_order("abcdefghijkl", "lkjihgfedcba")


def _line_words(all_words, y: float, tolerance: float = 3.0):
    return [w for w in all_words if abs(w[1] - y) <= tolerance]


@pytest.mark.parametrize("lang", ["ur", "fa_AF"])
def test_recipient_name_reads_right_to_left(pdfs, make_letter, lang):
    """The first recipient line (Naskh in both letters) as LibreOffice laid it out: the words,
    right to left, are the source's words in order (poppler writes each RTL word's glyphs
    left to right, so each word is reversed back)."""
    name = make_letter(lang).recipient.lines[0]
    all_words = words(pdfs[(lang, "din5008b")])
    first = name.split()[0]
    anchor = [w for w in all_words if w[4][::-1] == first]
    assert anchor, f"{first!r} not found as a word"
    line = sorted(_line_words(all_words, anchor[0][1]), key=lambda w: -w[0])
    assert [w[4][::-1] for w in line if is_arabic(w[4])] == name.split()


def test_persian_subject_reads_right_to_left_after_its_label(pdfs, make_letter):
    subject = make_letter("fa_AF").subject
    all_words = words(pdfs[("fa_AF", "din5008b")])
    label = next(w for w in all_words if w[4] == "Subject")
    line = sorted(_line_words(all_words, label[1]), key=lambda w: -w[0])
    assert line[0][4] == "Subject"  # the label is where an RTL line starts: on the right
    assert [w[4][::-1] for w in line if is_arabic(w[4])] == subject.split()


def _pango_width(text: str, font: str, out: Path) -> float:
    subprocess.run(
        [
            "pango-view",
            "-q",
            f"--font={font}",
            "--dpi=72",
            "--margin=0",
            f"--text={text}",
            "-o",
            str(out),
        ],
        check=True,
        timeout=60,
    )
    with out.open("rb") as fh:
        header = fh.read(24)
    return int.from_bytes(header[16:20], "big")  # PNG IHDR width, in points at 72 dpi


@pytest.mark.skipif(shutil.which("pango-view") is None, reason="pango-view is not installed")
@pytest.mark.parametrize(
    ("lang", "font"), [("fa_AF", "Noto Naskh Arabic Bold 11"), ("ur", "Noto Nastaliq Urdu Bold 11")]
)
def test_rtl_subject_is_joined_like_pango(pdfs, make_letter, lang, font, tmp_path):
    """Joined Arabic script is much narrower than the same letters unjoined: the subject's
    width in LibreOffice's PDF must match Pango's joined rendering of it in the same face."""
    subject = make_letter(lang).subject
    all_words = words(pdfs[(lang, "din5008b")])
    label = next(w for w in all_words if w[4] == "Subject")
    arabic = [
        w
        for w in all_words
        if abs((w[1] + w[3]) / 2 - (label[1] + label[3]) / 2) < 12 and is_arabic(w[4])
    ]
    width = max(w[2] for w in arabic) - min(w[0] for w in arabic)
    joined = _pango_width(subject, font, tmp_path / "joined.png")
    unjoined = _pango_width("\u200c".join(subject), font, tmp_path / "unjoined.png")
    assert unjoined > joined * 1.15  # the reference tells joined and unjoined apart
    # LibreOffice's line is near Pango's joined width, far from the unjoined one (Nastaliq
    # widths differ a little between shapers: its kerning and cursive attachment vary)
    assert abs(width - joined) < 0.3 * (unjoined - joined), (width, joined, unjoined)


def test_urdu_list_numbers_sit_on_the_right(pdfs, make_letter):
    all_words = words(pdfs[("ur", "din5008b")])
    labels = [w for w in all_words if re.fullmatch(r"\.?1\.?", w[4])]
    assert labels
    label = labels[-1]
    item = [
        w
        for w in all_words
        if abs((w[1] + w[3]) / 2 - (label[1] + label[3]) / 2) < 8 and is_arabic(w[4])
    ]
    assert item and label[0] > max(w[2] for w in item)


@pytest.mark.parametrize(
    ("lang", "layout"), [("en", "din5008b"), ("ur", "din5008b"), ("en", "us10")]
)
def test_recipient_lies_inside_the_envelope_window(pdfs, make_letter, lang, layout):
    lay = get_layout(layout)
    window = lay.address
    tokens: set[str] = set()
    for line in make_letter(lang).recipient.lines:
        for token in line.split():
            tokens.update({unmarked(token), unmarked(token)[::-1]})
    body_top = lay.body_top * PT_PER_MM
    found = [w for w in words(pdfs[(lang, layout)]) if unmarked(w[4]) in tokens and w[1] < body_top]
    expected = sum(len(line.split()) for line in make_letter(lang).recipient.lines)
    assert len(found) == expected, [w[4] for w in found]
    left, right = window.x * PT_PER_MM, window.right * PT_PER_MM
    top = (window.y + lay.return_height) * PT_PER_MM
    bottom = window.bottom * PT_PER_MM
    if layout == "us10":  # USPS: keep 1/8 in clear of every window edge (allow 1 pt)
        clear = 0.125 * 72 - 1
        left, right, top, bottom = left + clear, right - clear, top + clear, bottom - clear
    for x0, y0, x1, y1, text in found:
        assert left <= x0 and x1 <= right, (text, x0, x1, left, right)
        assert top <= y0 and y1 <= bottom, (text, y0, y1, top, bottom)


def test_pages_render_to_images(pdfs, tmp_path):
    """Each letter is one page and renders (the PNGs are what a reviewer looks at)."""
    for (lang, layout), pdf in pdfs.items():
        info = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"Pages:\s+1\b", info), (lang, layout, info)
        prefix = tmp_path / f"{lang}-{layout}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(prefix)],
            check=True,
        )
        assert list(tmp_path.glob(f"{lang}-{layout}*.png"))


@pytest.mark.parametrize(
    ("lang", "layout"), [("en", "din5008b"), ("ur", "din5008b"), ("en", "us10")]
)
def test_body_starts_below_the_window_at_the_layout_line(pdfs, lang, layout):
    """The first line under the address field is the date line, at the layout's body_top
    (the frames above must not push the body down, nor let it ride up into the window)."""
    lay = get_layout(layout)
    below = [w for w in words(pdfs[(lang, layout)]) if w[1] > lay.address.bottom * PT_PER_MM]
    first_top = min(w[1] for w in below)
    assert abs(first_top - lay.body_top * PT_PER_MM) < 4 * PT_PER_MM, (first_top, lay.body_top)


def test_long_letter_numbers_pages_from_page_two(make_letter, tmp_path):
    from letterkit.model import Labels

    letter = make_letter(
        "en", body=make_letter("en").body * 8, labels=Labels(page="Page {page} of {pages}")
    )
    path = write_docx(letter, tmp_path / "long.docx")
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "long.pdf"
    pages = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in (1, 2)
    ]
    assert "Page" not in pages[0]  # the first page carries the letterhead, no number
    assert "Page 2 of 2" in " ".join(pages[1].split())


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_date_stands_on_the_right_as_in_the_pdf(pdfs, make_letter, lang, tmp_path):
    """The DOCX (as LibreOffice lays it out) and the PDF put the date on the same side."""
    from letterkit.pdf.letter import render_pdf

    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_pdf(make_letter(lang)))
    for source in (pdfs[(lang, "din5008b")], pdf):
        dates = [w for w in words(source) if "2026" in w[4]]  # only the date line has the year
        assert dates, source
        assert min(w[0] for w in dates) > 595 / 2, (source, dates)  # right half of A4
