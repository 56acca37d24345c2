"""The spacing a batch's letters are set in is remembered across letters (the composer tries
looser spacings first, and a batch repeats the same running text): a remembered choice must
give exactly the pages that trying every spacing gives, whatever the sender."""

from __future__ import annotations

from dataclasses import replace

import pytest

from letterkit.layouts import get_layout
from letterkit.model import Letter, Paragraph, Party, Span
from letterkit.pages import composer
from letterkit.pages.composer import Composer

SHORT = Paragraph(
    (Span("A paragraph of about two lines on the page, written to fill the letter step by step."),)
)
NAMES = [
    ("Amina Rahimi",),
    ("Nguyễn Thị Mai",),
    ("آمنہ رحیمی",),  # Arabic script in an English letter: another face, another line height
    ("Maximiliane Theodora von und zu Hohenzollern-Sigmaringen-Brandenburg " * 3,),  # wraps
    ("Ali Karimi", "Kabul"),  # two signature lines
    ("",),
    (),
]


def _pages(letter: Letter, layout_name: str, *, fax: bool = False) -> tuple[object, ...]:
    layout = get_layout(layout_name)
    chosen = Composer(letter, layout, layout.paper, fax=fax)
    plan = chosen.plan()
    return (
        chosen.spacing,
        tuple(
            tuple((p.block.text, round(p.x, 6), round(p.y_top, 6)) for p in page)
            for page in plan.pages
        ),
    )


@pytest.mark.parametrize("layout_name", ["din5008b", "fr", "us10"])
def test_a_remembered_spacing_gives_the_pages_every_spacing_tried_gives(
    make_letter, monkeypatch, layout_name: str
) -> None:
    tried = []
    choose = Composer._choose_spacing

    def counted(self, *args):  # type: ignore[no-untyped-def]
        tried.append(1)
        return choose(self, *args)

    monkeypatch.setattr(Composer, "_choose_spacing", counted)
    seen_tighter = False
    remembered_only = 0
    for paragraphs in range(8, 22, 2):  # from one page to a page and a few lines, and on
        base = make_letter("en", body=(SHORT,) * paragraphs)
        # after Amina's letter, one whose longer sender block starts the running text lower
        tall = (NAMES[0], tuple(f"Line {i}" for i in range(10)))
        for names, more in [(NAMES[0], ()), tall] + [(n, ()) for n in NAMES]:
            # a sender block of more lines starts the running text lower
            lines = (*names[:1], "Street 1", *more, "Town")
            sender = Party(name=names[0] if names else "", lines=lines)
            letter = replace(base, sender=sender, signature=names)
            before = len(tried)
            remembered = _pages(letter, layout_name)  # with what the letters before chose
            remembered_only += len(tried) == before
            composer._CHOSEN.clear()
            fresh = _pages(letter, layout_name)  # every spacing tried
            assert remembered == fresh, (paragraphs, names)
            seen_tighter |= fresh[0] != composer.SPACINGS[0]
    assert seen_tighter  # some letter was set tighter: the memory had a choice to remember
    # and a sender whose signature is set like the one before (Nguyễn after Amina) shared it
    assert remembered_only >= len(range(8, 22, 2))


def test_a_fax_and_a_letter_do_not_share_a_remembered_spacing(make_letter) -> None:
    for paragraphs in range(8, 22, 2):
        letter = make_letter("en", body=(SHORT,) * paragraphs)
        as_letter = _pages(letter, "din5008b")
        as_fax = _pages(letter, "din5008b", fax=True)
        composer._CHOSEN.clear()
        assert _pages(letter, "din5008b", fax=True) == as_fax
        assert _pages(letter, "din5008b") == as_letter
