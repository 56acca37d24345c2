"""Font registry: coverage per locale, fallback, bundled files, static instances."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from letterkit.errors import ChoiceError
from letterkit.fonts import (
    FAMILIES,
    MissingChar,
    alphabet,
    check_coverage,
    face,
    face_for_char,
    primary_face_name,
)
from letterkit.fonts.selection import ARABIC, LATIN
from letterkit.locales import LOCALES
from letterkit.resources import font_data_dir


@pytest.mark.parametrize("lang", list(LOCALES))
def test_every_locale_alphabet_is_covered(lang: str):
    letters = alphabet(lang)
    assert len(letters) >= 30
    assert check_coverage(letters, lang) == []
    # and without the fallback chain, Latin faces cannot draw Arabic letters: the check is real
    if LOCALES[lang].script == "Arab":
        assert not all(face("serif").has(c) for c in letters)


def test_urdu_alphabet_in_naskh_too():
    assert check_coverage(alphabet("ur"), "ur", family="naskh") == []


def test_gap_is_reported_with_position_and_name():
    text = "سلام \u0f00 world \U0001f600"  # Tibetan syllable om, an emoji: no bundled face
    missing = check_coverage(text, "ur")
    assert [m.char for m in missing] == ["\u0f00", "\U0001f600"]
    first = missing[0]
    assert isinstance(first, MissingChar)
    assert first.index == 5 and first.codepoint == "U+0F00"
    assert "TIBETAN" in first.name and "U+0F00" in str(first)


def test_unknown_language_is_a_choice_error():
    with pytest.raises(ChoiceError):
        check_coverage("abc", "xx")


@pytest.mark.parametrize("char", ["ڪ", "۾", "ۏ", "ێ"])
def test_sindhi_and_balochi_letters_fall_back_from_nastaliq_to_naskh(char: str):
    assert not face("nastaliq").has(char)  # the gap the fallback exists for
    chosen = face_for_char(char, ARABIC, "ur", None, False, False)
    assert chosen is not None and chosen.family.id == "naskh"


def test_locale_defaults_and_family_override():
    assert primary_face_name("ur") == "Noto Nastaliq Urdu"
    assert primary_face_name("ur", family="naskh") == "Noto Naskh Arabic"
    for lang in ("fa", "fa_AF", "ps", "sd", "bal", "pa_Arab", "ar"):
        assert primary_face_name(lang) == "Noto Naskh Arabic"
    for lang in ("en", "de", "ru", "tg"):
        assert primary_face_name(lang, "Latn") == "Noto Serif"
    # Latin inside an Urdu line uses the Latin body face; a family that cannot draw Latin
    # (Naskh) does not take Latin over
    assert face_for_char("U", LATIN, "ur", None, False, False).family.id == "serif"
    assert face_for_char("U", LATIN, "ur", "naskh", False, False).family.id == "serif"
    assert face_for_char("U", LATIN, "en", "sans", False, False).family.id == "sans"


def test_tajik_letters_in_the_latin_cyrillic_face():
    for char in "ҒғӢӣҚқӮӯҲҳҶҷ":
        assert face("serif").has(char), char


@pytest.mark.slow  # instances every face: ~40 s with an empty font cache
def test_every_face_has_a_unique_postscript_name():
    names: dict[str, str] = {}
    for family_id in FAMILIES:
        for bold in (False, True):
            for italic in (False, True):
                f = face(family_id, bold, italic)
                if f.key in names.values():
                    continue  # a style the family lacks maps to one it has
                assert f.ps_name not in names, (f.key, names.get(f.ps_name))
                names[f.ps_name] = f.key
    assert len(names) >= 14


@pytest.mark.slow  # Noto Sans instances: several seconds with an empty font cache
def test_bold_instances_are_really_bold():
    from fontTools.ttLib import TTFont

    for family_id in ("serif", "sans"):
        regular = face(family_id)
        bold = face(family_id, bold=True)
        assert regular.path != bold.path
        weight = TTFont(str(bold.path), lazy=True)["OS/2"].usWeightClass
        assert weight == 700
        assert "fvar" not in TTFont(str(bold.path), lazy=True)  # static, so reportlab embeds it
        assert bold.ps_name.endswith("-Bold") and regular.ps_name.endswith("-Regular")


def test_bundled_fonts_match_their_readme_and_licence():
    data = font_data_dir()
    readme = (data / "README.md").read_text(encoding="utf-8")
    licence = (data / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for path in sorted(data.glob("*.ttf")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest in readme, f"{path.name} changed without updating README.md"


def test_nastaliq_bold_fix_lives_in_a_cached_copy():
    from fontTools.ttLib import TTFont

    fixed = face("nastaliq", bold=True).path
    original = font_data_dir() / "NotoNastaliqUrdu-Bold.ttf"
    assert fixed != original
    assert TTFont(str(original), lazy=True)["hmtx"]["HehDoIni.outD2Y"][0] == 1500
    assert TTFont(str(fixed), lazy=True)["hmtx"]["HehDoIni.outD2Y"][0] == 779


_MAKE_INSTANCE = """
import sys
from pathlib import Path
from letterkit.fonts.instancing import static_instance
import fontpkg
src = Path(fontpkg.path("Noto Sans Arabic", 700))
print(static_instance(src, "LetterkitTestInstance-Bold", 700, full_name="test"))
"""


@pytest.mark.slow
def test_instances_go_to_the_cache_dir_and_survive_concurrent_workers(tmp_path: Path):
    env = dict(os.environ, LETTERKIT_CACHE_DIR=str(tmp_path))
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _MAKE_INSTANCE], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [w.communicate(timeout=120)[0].strip() for w in workers]
    assert all(w.returncode == 0 for w in workers)
    assert len(set(outputs)) == 1
    made = Path(outputs[0])
    assert made.parent == tmp_path / "fonts"
    assert [p.name for p in (tmp_path / "fonts").iterdir()] == [made.name]  # no temp left over
    from fontTools.ttLib import TTFont

    font = TTFont(str(made))
    assert font["name"].getDebugName(6) == "LetterkitTestInstance-Bold"
    assert font["OS/2"].usWeightClass == 700
