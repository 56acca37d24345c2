"""The PDF text engine against an independent reference: Pango (pango-view, FriBidi + its own
itemization) laying out the same line with exactly the same font files.

Two checks per sample line, for every right-to-left locale:

* glyph order: Pango's serialized layout (``--serialize-to``) lists the glyphs of each run in
  visual order with the font file's checksum; ours must give the same sequence of clusters, the
  same glyph ids wherever both picked the same font file (joining forms, Urdu digit forms via
  ``locl``, mirrored parentheses) and the same advances and y offsets within a pixel;
* image: our PDF rasterized by poppler against Pango's PNG, cropped to the ink and compared
  with a tolerance that the known failure modes (reversed acronym, reversed digits, unjoined
  letters) exceed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from letterkit.fonts import face
from letterkit.pdf.text_drawing import draw_line
from letterkit.text import TextStyle, layout_paragraph

pytestmark = pytest.mark.skipif(
    shutil.which("pango-view") is None or shutil.which("pdftoppm") is None,
    reason="needs pango-view (pango1.0-tools) and pdftoppm (poppler-utils)",
)

SIZE = 28
DPI = 96
PANGO_PER_EM = SIZE * DPI / 72 * 1024  # Pango units per em at SIZE pt and DPI

# Sample lines in our own words: plain; an English acronym; Western and Eastern digits;
# an email address in parentheses.
SAMPLES: dict[str, list[str]] = {
    "ur": [
        "پناہ گزینوں کی حفاظت ہماری ذمہ داری ہے",
        "UNHCR نے نئی رپورٹ جاری کی",
        "سال 2023 اور ۲۰۲۴ میں",
        "ہم سے (info@example.org) پر رابطہ کریں",
    ],
    "fa": [
        "از شما صمیمانه درخواست می‌کنیم",
        "گزارش UNHCR منتشر شد",
        "در سال 2023 و ۱۴۰۲",
        "با ما (info@example.org) تماس بگیرید",
    ],
    "fa_AF": [
        "مهاجرین افغان در خطر هستند",
        "دفتر UNHCR در کابل",
        "تاریخ ۱۴۰۲/۰۸/۱۵ و 2023",
        "ایمیل ما (info@example.org) است",
    ],
    "ps": [
        "افغان کډوال په خطر کې دي",
        "د UNHCR نوی راپور",
        "په ۲۰۲۳ او 2024 کال کې",
        "له موږ سره (info@example.org) اړیکه ونیسئ",
    ],
    "sd": [
        "پناهگيرن جي حفاظت ضروري آهي",
        "UNHCR جي نئين رپورٽ",
        "سال 2023 ۽ ٢٠٢٤ ۾",
        "اسان سان (info@example.org) تي رابطو ڪريو",
    ],
    "pa_Arab": [
        "پناہ گیراں دی حفاظت ضروری اے",
        "UNHCR دی نویں رپورٹ",
        "سال 2023 تے ۲۰۲۴ وچ",
        "ساڈے نال (info@example.org) تے رابطہ کرو",
    ],
    "bal": [
        "بلوچی زبان ءِ نبشتہ",
        "UNHCR ءِ نوکیں رپورٹ",
        "سال 2023 و ۲۰۲۴ ءَ",
        "مارا (info@example.org) ءَ نبشتہ کن",
    ],
    "ar": [
        "نطالب بحماية اللاجئين",
        "تقرير UNHCR الجديد",
        "في عام 2023 و ٢٠٢٤",
        "راسلونا على (info@example.org) اليوم",
    ],
}

# the same family list Pango gets: primary face, then our fallback chain
PANGO_FAMILIES = {
    "ur": "Noto Nastaliq Urdu, Noto Naskh Arabic, Noto Serif, Amiri",
    "en": "Noto Serif, Noto Naskh Arabic, Amiri",
    "tg": "Noto Serif, Noto Naskh Arabic, Amiri",
}

# left-to-right letters with names and places in Arabic script (recipients, signatories)
LTR_SAMPLES: dict[str, list[str]] = {
    "en": [
        "Signed by محمد رضایی (Kabul) on 24 November 2026.",
        "To: جناب انوار الحق کاکڑ, Islamabad 44000",
        "Ref. UA 109.23: مهاجرین ۱۴۰۲ (Dari)",
    ],
    "tg": ["Имзо: محمد رضایی (Кобул), соли 2023.", "Ғайратов Ҷамшед, Душанбе 734025"],
}
DEFAULT_FAMILIES = "Noto Naskh Arabic, Noto Serif, Amiri"
PANGO_LANG = {"fa_AF": "fa", "pa_Arab": "pa"}


@pytest.fixture(scope="module")
def fonts_conf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fontconfig setup that sees only letterkit's regular font files (links in one folder;
    Noto Nastaliq Urdu Bold 2.000 claims weight 400, so fontconfig must not see it)."""
    tmp = tmp_path_factory.mktemp("fontconfig")
    folder = tmp / "fonts"
    folder.mkdir()
    for family in ("nastaliq", "naskh", "serif", "amiri"):
        path = face(family).path
        (folder / path.name).symlink_to(path)
    conf = tmp / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<dir>{folder}</dir><cachedir>{tmp}/cache</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pango_layout(
    text: str, lang: str, conf: Path, tmp: Path, rtl: bool = True
) -> tuple[list[dict], Path]:
    """Pango's glyphs in visual order: dicts with font checksum, glyph id, cluster (char index),
    advance, x and y offset in 1/1000 em (y up); and the PNG it rendered."""
    out = tmp / "pango.json"
    png = tmp / "pango.png"
    family = PANGO_FAMILIES.get(lang, DEFAULT_FAMILIES)
    subprocess.run(
        [
            "pango-view",
            "-q",
            f"--font={family} {SIZE}",
            *(["--rtl"] if rtl else []),
            f"--language={PANGO_LANG.get(lang, lang)}",
            f"--dpi={DPI}",
            "--hinting=none",
            "--margin=20",
            f"--serialize-to={out}",
            "-o",
            str(png),
            "--text",
            text,
        ],
        check=True,
        env=dict(os.environ, FONTCONFIG_FILE=str(conf)),
        timeout=60,
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    lines = data["output"]["lines"]
    assert len(lines) == 1
    encoded = text.encode("utf-8")
    glyphs = []
    for run in lines[0]["runs"]:
        for glyph in run["glyphs"]:
            byte = run["offset"] + glyph["log-cluster"]
            glyphs.append(
                {
                    "font": run["font"]["checksum"],
                    "gid": glyph["glyph"],
                    "cluster": len(encoded[:byte].decode("utf-8")),
                    "advance": glyph["width"] * 1000 / PANGO_PER_EM,
                    "x_offset": glyph.get("x-offset", 0) * 1000 / PANGO_PER_EM,
                    "y_offset": -glyph.get("y-offset", 0) * 1000 / PANGO_PER_EM,
                }
            )
    return glyphs, png


_CHECKSUMS: dict[Path, str] = {}


def our_layout(text: str, lang: str, rtl: bool = True) -> list[dict]:
    """Our glyphs in visual order, in the same terms."""
    block = layout_paragraph(text, 10_000, TextStyle(lang, SIZE), direction="rtl" if rtl else "ltr")
    assert len(block.lines) == 1
    glyphs = []
    for piece in block.lines[0].pieces:
        path = piece.face.path
        checksum = _CHECKSUMS.setdefault(path, _checksum(path))
        for gid, sd in zip(piece.shaped.gids, piece.shaped.data):
            glyphs.append(
                {
                    "font": checksum,
                    "gid": gid,
                    "cluster": piece.start + sd.cluster,
                    "advance": sd.x_advance,
                    "x_offset": sd.x_offset,
                    "y_offset": sd.y_offset,
                }
            )
    return glyphs


RLM = "\u200f"


def _visible(glyphs: list[dict], text: str) -> list[dict]:
    """Without the glyphs of format controls (RLM, ZWNJ): Pango gives them an empty glyph,
    HarfBuzz the font's zero-width one; neither draws anything."""
    return [g for g in glyphs if unicodedata.category(text[g["cluster"]]) != "Cf"]


def _cluster_sequence(glyphs: list[dict]) -> list[int]:
    seq: list[int] = []
    for glyph in glyphs:
        if not seq or seq[-1] != glyph["cluster"]:
            seq.append(glyph["cluster"])
    return seq


CASES = [(lang, index) for lang in SAMPLES for index in range(len(SAMPLES[lang]))]


@pytest.mark.parametrize("lang,index", CASES, ids=[f"{l}-{i}" for l, i in CASES])
def test_glyph_order_matches_pango(lang: str, index: int, fonts_conf: Path, tmp_path: Path):
    # RLM first: Pango takes the base direction from the first strong character even with
    # --rtl; a letter's paragraphs are right-to-left whatever they start with
    text = RLM + SAMPLES[lang][index]
    theirs = _visible(pango_layout(text, lang, fonts_conf, tmp_path)[0], text)
    ours = _visible(our_layout(text, lang), text)
    # 1. the same clusters in the same visual order (bidi runs, reordering, digits, acronyms)
    assert _cluster_sequence(ours) == _cluster_sequence(theirs), text
    # 2. where both chose the same font file: the same glyphs (joining, locl digits, mirroring)
    #    with the same advances and offsets (within one pixel, Pango rounds to pixels)
    by_cluster_ours: dict[int, list[dict]] = {}
    by_cluster_theirs: dict[int, list[dict]] = {}
    for glyph in ours:
        by_cluster_ours.setdefault(glyph["cluster"], []).append(glyph)
    for glyph in theirs:
        by_cluster_theirs.setdefault(glyph["cluster"], []).append(glyph)
    pixel = 1000 * 72 / (SIZE * DPI) + 1
    compared = 0
    for cluster, mine in by_cluster_ours.items():
        other = by_cluster_theirs[cluster]
        if mine[0]["font"] != other[0]["font"]:
            continue  # a different fallback choice (e.g. the "." of an address): order only
        assert [g["gid"] for g in mine] == [g["gid"] for g in other], (text, cluster)
        for a, b in zip(mine, other):
            assert abs(a["advance"] - b["advance"]) <= pixel, (text, cluster)
            assert abs(a["y_offset"] - b["y_offset"]) <= pixel, (text, cluster)
            assert abs(a["x_offset"] - b["x_offset"]) <= pixel, (text, cluster)
        compared += 1
    assert compared >= 0.8 * len(by_cluster_ours), "too few clusters in the same font to compare"


LTR_CASES = [(lang, index) for lang in LTR_SAMPLES for index in range(len(LTR_SAMPLES[lang]))]
LRM = "\u200e"


@pytest.mark.parametrize("lang,index", LTR_CASES, ids=[f"{l}-{i}" for l, i in LTR_CASES])
def test_ltr_glyph_order_matches_pango(lang: str, index: int, fonts_conf: Path, tmp_path: Path):
    text = LRM + LTR_SAMPLES[lang][index]
    theirs = _visible(pango_layout(text, lang, fonts_conf, tmp_path, rtl=False)[0], text)
    ours = _visible(our_layout(text, lang, rtl=False), text)
    assert _cluster_sequence(ours) == _cluster_sequence(theirs), text
    same_font = [(a["gid"], b["gid"]) for a, b in zip(ours, theirs) if a["font"] == b["font"]]
    assert len(same_font) >= 0.8 * len(ours)
    assert all(a == b for a, b in same_font), text


# ------------------------------------------------------------------------------------------
# images


def _ink(path: Path):
    from PIL import Image, ImageOps

    gray = Image.open(path).convert("L")
    box = ImageOps.invert(gray).point(lambda v: 255 if v > 60 else 0).getbbox()
    assert box is not None, f"{path} is blank"
    return gray.crop(box)


def _our_png(text: str, lang: str, tmp: Path) -> Path:
    from letterkit.pdf.document import open_canvas, save_canvas

    pdf = tmp / "ours.pdf"
    canvas = open_canvas(str(pdf), size=(1400, 120))
    draw_line(canvas, text, 1380, 50, TextStyle(lang, SIZE), direction="rtl")
    save_canvas(canvas)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(pdf), str(tmp / "ours")],
        check=True,
        timeout=60,
    )
    return tmp / "ours.png"


def image_distance(ours: Path, theirs: Path) -> float:
    """0 for identical ink; grows with misplaced ink. Images are cropped to the ink, scaled to a
    common height of 24 px (so sub-pixel placement does not count) and compared pixel by pixel;
    the sum of differences is divided by the amount of ink. Widths differing by more than 5 %
    count as a mismatch (9.0)."""
    from PIL import Image, ImageChops

    a, b = _ink(ours), _ink(theirs)
    if abs(a.width - b.width) > 0.05 * max(a.width, b.width):
        return 9.0
    height = 24
    width = max(1, round(a.width * height / a.height))
    a = a.resize((width, height), Image.LANCZOS)
    b = b.resize((width, height), Image.LANCZOS)
    diff = sum(ImageChops.difference(a, b).get_flattened_data())
    ink = sum(255 - v for v in a.get_flattened_data()) or 1
    return diff / ink


# Coarse: it checks that our drawing (offsets, placement, faces) looks like Pango's. Order and
# shaping are checked exactly by the glyph-order test; different fallback choices (Pango draws
# the "." of an address in Naskh, we in the Latin face) keep correct lines up to ~0.62.
IMAGE_TOLERANCE = 0.7


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(SAMPLES))
def test_image_matches_pango(lang: str, fonts_conf: Path, tmp_path: Path):
    for text in SAMPLES[lang]:
        text = RLM + text
        _, png = pango_layout(text, lang, fonts_conf, tmp_path)
        distance = image_distance(_our_png(text, lang, tmp_path), png)
        assert distance < IMAGE_TOLERANCE, (text, distance)


# the failure modes a naive build shows, drawn by us, against Pango's correct line
FAILURES = [
    ("fa", "گزارش UNHCR منتشر شد", "گزارش RCHNU منتشر شد"),  # acronym run backwards
    ("ur", "UNHCR نے نئی رپورٹ جاری کی", "RCHNU نے نئی رپورٹ جاری کی"),
    ("fa", "در سال 2023 و ۱۴۰۲", "در سال 3202 و ۱۴۰۲"),  # digits backwards
    ("ps", "په ۲۰۲۳ او 2024 کال کې", "په ۳۲۰۲ او 2024 کال کې"),
    (
        "fa",
        "از شما صمیمانه درخواست می‌کنیم",  # letters unjoined (ZWNJ between all letters)
        "\u200c".join("از شما صمیمانه درخواست می‌کنیم"),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("lang,good,bad", FAILURES)
def test_image_comparison_catches_failure_modes(
    lang: str, good: str, bad: str, fonts_conf: Path, tmp_path: Path
):
    _, png = pango_layout(RLM + good, lang, fonts_conf, tmp_path)
    correct = image_distance(_our_png(RLM + good, lang, tmp_path), png)
    wrong = image_distance(_our_png(RLM + bad, lang, tmp_path), png)
    print(f"{lang} {good!r}: correct {correct:.3f}, wrong {wrong:.3f}")
    assert correct < IMAGE_TOLERANCE
    assert wrong > correct * 1.5 and wrong > correct + 0.1, (correct, wrong)


@pytest.mark.parametrize("lang,good,bad", FAILURES[:4])
def test_glyph_order_catches_failure_modes(
    lang: str, good: str, bad: str, fonts_conf: Path, tmp_path: Path
):
    """Ours drawing a wrong string must not pass the glyph-order check against Pango's right
    one (guards the check itself)."""
    theirs, _ = pango_layout(RLM + good, lang, fonts_conf, tmp_path)
    ours_bad = our_layout(RLM + bad, lang)
    ours_glyphs = [(g["font"], g["gid"]) for g in ours_bad]
    theirs_glyphs = [(g["font"], g["gid"]) for g in theirs]
    assert ours_glyphs != theirs_glyphs
