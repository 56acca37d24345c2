"""Page geometry as data: paper sizes and window-envelope letter layouts.

All lengths are millimetres from the top-left corner of the paper. The numbers come from DIN 5008,
SN 010 130, NF Z 11-001 and the US #10 window envelope (see ``docs/layouts.md`` and the reference
notes). Both the PDF and the DOCX writer read these, so every format puts the recipient's address
where the envelope's window is.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ChoiceError

INCH = 25.4

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (8.5 * INCH, 11 * INCH),
}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class LetterLayout:
    """Where things go on a letter's first page.

    ``address`` is the whole address field (window); inside it the top ``return_height`` mm hold
    the one-line return address, and the recipient's lines start ``recipient_offset`` mm down,
    indented by ``indent``. ``info`` is the block for date and reference (``None``: the date sits
    above the subject). ``fold_marks`` and ``punch_mark`` are y positions of marks at the left edge.
    """

    name: str
    description: str
    paper: str
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    address: Box
    return_height: float
    recipient_offset: float
    indent: float
    info: Box | None
    body_top: float  # where the date/subject/body start on page 1
    fold_marks: tuple[float, ...]
    punch_mark: float | None
    envelope: str  # envelope this layout fits

    @property
    def paper_size(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    @property
    def text_width(self) -> float:
        return self.paper_size[0] - self.margin_left - self.margin_right


LAYOUTS: dict[str, LetterLayout] = {
    "din5008a": LetterLayout(
        "din5008a", "DIN 5008 form A (A4, address field high: y 27 mm)", "a4",
        25, 20, 27, 25, Box(20, 27, 85, 45), 5, 17.7, 5, Box(125, 32, 75, 40), 79.4,
        (87.0, 192.0), 148.5, "DL / C6/5 / C5 window (DIN 680)",
    ),
    "din5008b": LetterLayout(
        "din5008b", "DIN 5008 form B (A4, address field low: y 45 mm)", "a4",
        25, 20, 45, 25, Box(20, 45, 85, 45), 5, 17.7, 5, Box(125, 50, 75, 40), 98.5,
        (105.0, 210.0), 148.5, "DL / C6/5 / C5 window (DIN 680)",
    ),
    "ch": LetterLayout(
        "ch", "Swiss SN 010 130 (A4, window on the right)", "a4",
        25, 20, 45, 25, Box(112, 45, 90, 45), 5, 10, 0, None, 98.5,
        (105.0, 210.0), 148.5, "C5 / C6/5 window right",
    ),
    "fr": LetterLayout(
        "fr", "French NF Z 11-001 (A4, window on the right)", "a4",
        20, 20, 35, 25, Box(100, 35, 100, 45), 5, 10, 10, None, 99,
        (99.0, 198.0), 148.5, "DL window right (100 × 45 mm)",
    ),
    "uk": LetterLayout(
        "uk", "UK (A4, DL window at the left, DIN form B geometry with a 4 mm inset)", "a4",
        25, 20, 45, 25, Box(20, 45, 85, 45), 5, 12, 4, None, 98.5,
        (105.0, 210.0), None, "DL / C5 window left",
    ),
    "us10": LetterLayout(
        # #10 window 4½ × 1⅛ in, ⅞ in from the left, ½ in from the bottom of the envelope.
        # Folded at the marks (3¾ and 7⅜ in, as KOMA's US layouts), the packet rests on its
        # first fold at the bottom of the envelope, so the window sits 3¾ − ½ − 1⅛ = 2⅛ in …
        # 3¼ in from the top of the sheet; the address block keeps ⅛ in clear of every edge.
        # (An equal tri-fold at 3⅔ in would move the window up by 1/12 in: the marks matter.)
        "us10", "US Letter for a #10 window envelope", "letter",
        1 * INCH, 1 * INCH, 0.5 * INCH, 1 * INCH,
        Box(0.875 * INCH, 2.125 * INCH, 4.5 * INCH, 1.125 * INCH), 0, 0.125 * INCH, 0.125 * INCH,
        None, 3.6 * INCH, (3.75 * INCH, 7.375 * INCH), None, "#10 window",
    ),
}

DEFAULT_LAYOUT_BY_COUNTRY: dict[str, str] = {
    "DE": "din5008b", "AT": "din5008b", "CH": "ch", "LI": "ch", "FR": "fr", "MC": "fr",
    "GB": "uk", "IE": "uk", "US": "us10", "CA": "us10",
}


def get_layout(name: str) -> LetterLayout:
    try:
        return LAYOUTS[name.lower()]
    except KeyError:
        raise ChoiceError(
            f"unknown layout {name!r}; choose one of: {', '.join(LAYOUTS)}"
        ) from None


def layout_for_country(country: str) -> LetterLayout:
    """The layout a sender in ``country`` most likely has envelopes for (DIN 5008 B elsewhere)."""
    return LAYOUTS[DEFAULT_LAYOUT_BY_COUNTRY.get(country.upper(), "din5008b")]


def paper_for_country(country: str) -> str:
    return "letter" if country.upper() in {"US", "CA"} else "a4"
