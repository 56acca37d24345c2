"""How faces are embedded in letterkit's PDFs (CID-keyed, glyph ids kept), checked from the
outside: fontTools reads the embedded font files back, pypdf the font dictionaries, pdfium
(the engine of Chrome's PDF viewer) the text a reader copies."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata

import pytest
from fontTools.ttLib import TTFont

from letterkit.fonts import face
from letterkit.fonts.program import FontProgram
from letterkit.model import Party
from letterkit.pdf.letter import render_pdf
from pdfread import pdf_text

pypdf = pytest.importorskip("pypdf")


def _reference(program: FontProgram) -> TTFont:
    return TTFont(str(program.path))


# --------------------------------------------------------------------------------- font files


def test_a_subset_keeps_the_outlines_and_ids_of_its_glyphs_and_empties_the_rest():
    program = face("serif").program
    original = _reference(program)
    order = original.getGlyphOrder()
    composite = next(
        g for g in order[:600] if original["glyf"][g].isComposite()
    )  # an accented letter, say
    wanted = {program.cmap[ord("A")], program.cmap[ord("z")], order.index(composite)}

    subset = TTFont(io.BytesIO(program.subset(wanted)), checkChecksums=2)
    components = {c.glyphName for c in original["glyf"][composite].components}
    kept = {order[g] for g in wanted} | components | {".notdef"}
    assert subset["maxp"].numGlyphs == max(order.index(n) for n in kept) + 1
    glyf = subset["glyf"]
    for gid in range(subset["maxp"].numGlyphs):
        name = order[gid]
        ours = glyf[subset.getGlyphOrder()[gid]]
        if name in kept:
            theirs = original["glyf"][name]
            assert ours.numberOfContours == theirs.numberOfContours, name
            if not theirs.isComposite() and theirs.numberOfContours:
                assert list(ours.getCoordinates(glyf)[0]) == list(
                    theirs.getCoordinates(original["glyf"])[0]
                ), name
            assert subset["hmtx"][subset.getGlyphOrder()[gid]] == original["hmtx"][name]
        else:
            assert ours.numberOfContours == 0, name


def test_subset_checksums_are_checked_and_hold():
    program = face("nastaliq").program
    data = program.subset({program.cmap[ord("ک")]})

    def load_every_table(font_file: bytes) -> None:
        font = TTFont(io.BytesIO(font_file), checkChecksums=2)
        for tag in font.reader.keys():
            font[tag]

    load_every_table(data)  # every table's checksum holds
    # and the check can fail: a flipped byte in the last table is caught
    broken = bytearray(data)
    broken[-8] ^= 0xFF
    with pytest.raises(AssertionError, match="checksum"):
        load_every_table(bytes(broken))
    # the whole file sums to the magic number OpenType asks for
    words = sum(
        int.from_bytes(data[i : i + 4].ljust(4, b"\0"), "big") for i in range(0, len(data), 4)
    )
    assert words & 0xFFFFFFFF == 0xB1B0AFBA


@pytest.mark.parametrize("whole", [False, True], ids=["short-offsets", "long-offsets"])
def test_loca_offsets_short_while_the_records_allow_long_beyond(whole: bool):
    """A subset's ``loca`` holds halved 16-bit offsets while its records total at most
    128 KiB, else 32-bit ones; either way every kept glyph reads back as the original's, and
    every checksum holds."""
    program = face("nastaliq").program
    original = _reference(program)
    wanted = set(range(program.glyph_count)) if whole else {program.cmap[ord("ک")], 40, 300}
    subset = TTFont(io.BytesIO(program.subset(wanted)), checkChecksums=2)
    assert subset["head"].indexToLocFormat == (1 if whole else 0)
    order = original.getGlyphOrder()
    for gid in sorted(wanted)[:: 37 if whole else 1]:
        name = order[gid]
        ours = subset["glyf"][subset.getGlyphOrder()[gid]]
        theirs = original["glyf"][name]
        assert ours.numberOfContours == theirs.numberOfContours, name
        assert subset["hmtx"][subset.getGlyphOrder()[gid]] == original["hmtx"][name]


@pytest.mark.parametrize("family", ["serif", "nastaliq"])
def test_compressed_subsets_from_remembered_blocks_are_the_subset_made_from_scratch(
    family: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A compressed font file is joined from pieces remembered per block of glyph ids (see
    ``compressed_subset``): it must be one valid zlib stream of exactly the subset made from
    scratch, and the same bytes whether its blocks were remembered or made anew: for glyph
    sets sharing blocks, ending at a block's edge or at the font's last glyph, one glyph, and
    every glyph (long ``loca`` offsets)."""
    import random
    import zlib

    from letterkit.fonts import program as program_module
    from letterkit.fonts.program import BLOCK, compressed_subset

    program = face(family).program
    last = program.glyph_count - 1
    pick = random.Random(12).sample
    common = set(pick(range(last), 30))
    sets = [
        frozenset(common | set(pick(range(last), 5))),
        frozenset(common | set(pick(range(last), 5))),
        frozenset(common | {BLOCK - 1, BLOCK, 2 * BLOCK - 1}),
        frozenset({last}),
        frozenset({0}),
        frozenset(range(program.glyph_count)),
    ]
    made = {gids: compressed_subset(program, gids) for gids in sets}  # blocks shared
    monkeypatch.setattr(program_module, "_cache", type(program_module._cache)())
    for gids, packed in made.items():
        assert compressed_subset(program, gids) == packed  # every block made anew
        subset = program.subset(gids)
        assert zlib.decompress(packed) == subset
        font = TTFont(io.BytesIO(subset), checkChecksums=2)
        for tag in font.reader.keys():
            font[tag]
        assert len(packed) < (0.8 if len(gids) > 1 else 1) * len(subset)


def test_adler32_of_joined_pieces_combines_from_theirs() -> None:
    import zlib

    from letterkit.fonts.program import _adler32_combine

    first, second = bytes(range(256)) * 300, b"\xff" * 70_000 + b"letterkit"
    for a, b in [(first, second), (second, first), (b"", first), (first, b""), (b"x", b"y")]:
        assert _adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


@pytest.mark.parametrize("family", ["serif", "nastaliq", "naskh"])
def test_advances_and_texts_match_the_font(family):
    program = face(family).program
    original = _reference(program)
    upem = original["head"].unitsPerEm
    order = original.getGlyphOrder()
    for gid in (0, 5, len(order) // 2, len(order) - 1):
        assert program.advances[gid] == pytest.approx(
            original["hmtx"][order[gid]][0] * 1000 / upem, abs=5e-4
        )
    best = original.getBestCmap()
    for code, name in list(best.items())[:200]:
        smallest = min(c for c, n in best.items() if n == name)
        assert program.natural[order.index(name)] == chr(smallest)


# ------------------------------------------------------------------------------ in the PDF


def _fonts(data: bytes) -> dict[str, dict]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            found[name] = ref.get_object()
    return found


@pytest.mark.parametrize("language", ["en", "ur"])
def test_each_face_is_one_cid_font_whose_widths_are_the_fonts(make_letter, language):
    data = render_pdf(make_letter(language))
    fonts = _fonts(data)
    base_names = [font["/BaseFont"].split("+", 1)[1] for font in fonts.values()]
    assert len(base_names) == len(set(base_names)), base_names  # one font per face
    for font in fonts.values():
        assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
        cid_font = font["/DescendantFonts"][0].get_object()
        assert cid_font["/Subtype"] == "/CIDFontType2"
        embedded = TTFont(io.BytesIO(cid_font["/FontDescriptor"]["/FontFile2"].get_data()))
        original = _original(font["/BaseFont"].split("+", 1)[1])
        gid_of = _cid_to_gid(cid_font)
        upem = embedded["head"].unitsPerEm
        order, original_order = embedded.getGlyphOrder(), original.getGlyphOrder()
        widths = cid_font["/W"]
        for start, values in zip(widths[0::2], widths[1::2]):
            for offset, width in enumerate(values):
                gid = gid_of(start + offset)
                name = original_order[gid]
                advance = original["hmtx"][name][0] * 1000 / upem
                assert float(width) == pytest.approx(advance, abs=1e-3)
                # every glyph drawn is in the embedded file, with its outline and advance
                assert embedded["hmtx"][order[gid]][0] == original["hmtx"][name][0]
                assert (
                    embedded["glyf"][order[gid]].numberOfContours
                    == original["glyf"][name].numberOfContours
                )


def _original(ps_name: str) -> TTFont:
    """The font file of the letterkit face with that PostScript name (of the families the
    sample letters use: others would be instanced from variable fonts first, which is slow)."""
    for family in ("serif", "nastaliq", "naskh"):
        for bold in (False, True):
            for italic in (False, True):
                program = face(family, bold, italic).program
                if program.ps_name == ps_name:
                    return _reference(program)
    raise AssertionError(f"no face is called {ps_name}")


def _cid_to_gid(cid_font):
    mapping = cid_font["/CIDToGIDMap"]
    if mapping == "/Identity":
        return lambda cid: cid
    data = mapping.get_object().get_data()
    return lambda cid: int.from_bytes(data[2 * cid : 2 * cid + 2], "big")


def _text_operators(data: bytes) -> list[bytes]:
    """The text objects of the first page, each without its position (``Tm``)."""
    content = pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    blocks = re.findall(rb"BT(.*?)ET", content, re.DOTALL)
    return [re.sub(rb"[-\d.]+ [-\d.]+ Tm", b"", block) for block in blocks]


@pytest.mark.parametrize("language", ["ur", "en"])
def test_a_paragraph_is_the_same_bytes_whatever_else_a_document_holds(language):
    """What makes a batch fast: a glyph's code does not depend on what else a letter holds,
    so the body is written with the same operators whoever the sender is."""
    from letterkit.pdf.document import open_canvas, save_canvas
    from letterkit.pdf.text_drawing import draw_block
    from letterkit.text import TextStyle, layout_paragraph

    style = TextStyle(language, 11)
    body = {
        "ur": "پاکستان میں مقیم افغان پناہ گزینوں کو UNHCR کے مطابق خطرہ ہے۔",
        "en": "Refugees in Pakistan face arrest, says the UNHCR office in Islamabad.",
    }
    names = {"ur": ("آمنہ رحیمی", "زہرا کریمی"), "en": ("Łukasz Nowak", "Nguyễn Thị Mai")}

    def document(name: str) -> bytes:
        buffer = io.BytesIO()
        canvas = open_canvas(buffer)
        # a sender's own glyphs first
        draw_block(canvas, layout_paragraph(name, 400, style), 50, 800)
        draw_block(canvas, layout_paragraph(body[language], 400, style), 50, 700)
        save_canvas(canvas)
        return buffer.getvalue()

    first, second = (_text_operators(document(n)) for n in names[language])
    assert first[0] != second[0]  # the names differ
    assert first[1:] == second[1:] and first[1:]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
@pytest.mark.parametrize("language", ["ur", "fa_AF"])
def test_pdfium_copies_rtl_text_without_stray_characters(make_letter, language, tmp_path):
    """pdfium (Chrome's and Edge's viewer) ignores /ActualText and reads the ToUnicode map: a
    glyph drawn for right-to-left text must give nothing visible there (the invisible layer
    gives the words). Reference: the characters poppler extracts from the same file."""
    pdfium = pytest.importorskip("pypdfium2")
    letter = make_letter(language, recipient=Party("عزت مآب سفیر", ("عزت مآب سفیر", "سفارت خانہ")))
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_pdf(letter))
    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path))
    for word in ("عزت", "مآب", "سفیر", "سفارت"):
        assert word in text
    visible = {c for c in text if not unicodedata.category(c).startswith(("C", "Z"))}
    stray = visible - set(pdf_text(path))
    assert not stray, sorted(stray)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils missing")
@pytest.mark.parametrize("language", ["en", "ur", "fa_AF"])
def test_poppler_loads_every_embedded_font_without_complaint(
    make_letter, language, tmp_path, monkeypatch
):
    """poppler parses each embedded font file itself (FoFiTrueType) and says so on stderr when
    one is broken; a letter must render without a word from it. The check can fail: the same
    letter with its font files cut short does draw complaints."""
    import subprocess
    import zlib

    from letterkit.pdf import font_embedding

    def stderr_of(data: bytes) -> str:
        path = tmp_path / "letter.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "p")],
            capture_output=True,
            text=True,
            check=True,
        ).stderr

    letter = make_letter(language)
    assert stderr_of(render_pdf(letter)) == ""

    def cut_short(program, gids):
        return zlib.compress(program.subset(gids)[:200], 1)  # the directory and head

    monkeypatch.setattr(font_embedding, "compressed_subset", cut_short)
    monkeypatch.setattr(font_embedding, "_PARTS", type(font_embedding._PARTS)())  # none made before
    assert "font" in stderr_of(render_pdf(letter)).lower()
