"""Page geometry as data: paper sizes and window-envelope letter layouts.

All lengths are millimetres from the top-left corner of the paper. The numbers come from DIN 5008,
SN 010 130, NF Z 11-001 and the US #10 window envelope (see ``docs/layouts.md`` and the reference
notes). Both the PDF and the DOCX writer read these, so every format puts the recipient's address
where the envelope's window is. Envelopes (DL, C5, #10) and address-label sheets (Avery L7163 and
5160) for batch printing are data here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import ChoiceError
from .locales import N_

INCH = 25.4
WINDOW_MIN_SIZE_PT = 8.0  # the smallest type in an envelope window the post reads reliably

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
        "din5008a",
        "DIN 5008 form A (A4, address field high: y 27 mm)",
        "a4",
        25,
        20,
        27,
        25,
        Box(20, 27, 85, 45),
        5,
        17.7,
        5,
        Box(125, 32, 75, 40),
        79.4,
        (87.0, 192.0),
        148.5,
        "DL / C6/5 / C5 window (DIN 680)",
    ),
    "din5008b": LetterLayout(
        "din5008b",
        "DIN 5008 form B (A4, address field low: y 45 mm)",
        "a4",
        25,
        20,
        45,
        25,
        Box(20, 45, 85, 45),
        5,
        17.7,
        5,
        Box(125, 50, 75, 40),
        98.5,
        (105.0, 210.0),
        148.5,
        "DL / C6/5 / C5 window (DIN 680)",
    ),
    "ch": LetterLayout(
        "ch",
        "Swiss SN 010 130 (A4, window on the right)",
        "a4",
        25,
        20,
        45,
        25,
        Box(112, 45, 90, 45),
        5,
        10,
        0,
        None,
        98.5,
        (105.0, 210.0),
        148.5,
        "C5 / C6/5 window right",
    ),
    "fr": LetterLayout(
        "fr",
        "French NF Z 11-001 (A4, window on the right)",
        "a4",
        20,
        20,
        35,
        25,
        Box(100, 35, 100, 45),
        5,
        10,
        10,
        None,
        99,
        (99.0, 198.0),
        148.5,
        "DL window right (100 × 45 mm)",
    ),
    "uk": LetterLayout(
        # No UK standard found: DIN form B's field, which UK DL/C5 window envelopes (20 mm from the
        # left, 15 mm from the bottom) show; the 5 mm indent keeps the text inside the 20…100 mm
        # that a DL window shows however the 210 mm sheet slides in the 220 mm envelope.
        "uk",
        "UK (A4, DL window at the left, DIN form B field)",
        "a4",
        25,
        20,
        45,
        25,
        Box(20, 45, 85, 45),
        5,
        12,
        5,
        None,
        98.5,
        (105.0, 210.0),
        None,
        "DL / C5 window left",
    ),
    "us10": LetterLayout(
        # #10 envelope 9½ × 4⅛ in, window 4½ × 1⅛ in, ⅞ in from the left, ½ in from the bottom.
        # Vertically: folded at the marks (3¾ and 7⅜ in, as KOMA's US layouts), the packet rests
        # on its first fold at the bottom of the envelope, so the window shows 3¾ − ½ − 1⅛ =
        # 2⅛ in … 3¼ in of the sheet. (An equal tri-fold at 3⅔ in would move it up by 1/12 in.)
        # Horizontally the 8½ in sheet can slide 1 in inside the 9½ in envelope: flush left the
        # window shows ⅞ … 5⅜ in, flush right −⅛ … 4⅜ in. USPS asks for ⅛ in clearance in every
        # position of the insert, so the field is the part seen in all of them: ⅞ … 4⅜ in; the
        # indent keeps the ⅛ in inside it (text from 1 in, level with the body, to 4¼ in).
        "us10",
        "US Letter for a #10 window envelope",
        "letter",
        1 * INCH,
        1 * INCH,
        0.5 * INCH,
        1 * INCH,
        Box(0.875 * INCH, 2.125 * INCH, 3.5 * INCH, 1.125 * INCH),
        0,
        0.125 * INCH,
        0.125 * INCH,
        None,
        3.6 * INCH,
        (3.75 * INCH, 7.375 * INCH),
        None,
        "#10 window",
    ),
}

DEFAULT_LAYOUT_BY_COUNTRY: dict[str, str] = {
    "DE": "din5008b",
    "AT": "din5008b",
    "CH": "ch",
    "LI": "ch",
    "FR": "fr",
    "MC": "fr",
    "GB": "uk",
    "IE": "uk",
    "US": "us10",
    "CA": "us10",
}


# the layout for a paper when the sender's own country's layout is made for another paper
PAPER_DEFAULT_LAYOUT: dict[str, str] = {"a4": "din5008b", "letter": "us10"}


def get_layout(name: str) -> LetterLayout:
    try:
        return LAYOUTS[name.lower()]
    except KeyError:
        raise ChoiceError(f"unknown layout {name!r}; choose one of: {', '.join(LAYOUTS)}") from None


def layout_for_country(country: str) -> LetterLayout:
    """The layout a sender in ``country`` most likely has envelopes for (DIN 5008 B elsewhere)."""
    return LAYOUTS[DEFAULT_LAYOUT_BY_COUNTRY.get(country.upper(), "din5008b")]


def resolve_page(
    country: str, layout: str | None = None, paper: str | None = None
) -> tuple[LetterLayout, str]:
    """The layout and paper a letter is printed with, from the options and the sender's country.

    A layout given alone brings its own paper; a paper given alone brings the sender's usual
    layout if it is made for that paper, else the usual layout for that paper (a US sender
    with ``--paper a4`` gets DIN 5008 form B, not the #10 layout on A4; a German sender with
    ``--paper letter`` gets the #10 layout); neither: the sender's country decides both.

    >>> [
    ...     (lay.name, paper)
    ...     for lay, paper in (
    ...         resolve_page("US"),
    ...         resolve_page("US", paper="a4"),
    ...         resolve_page("DE", paper="letter"),
    ...         resolve_page("GB", layout="us10"),
    ...     )
    ... ]
    [('us10', 'letter'), ('din5008b', 'a4'), ('us10', 'letter'), ('us10', 'letter')]
    """
    check_paper(paper)
    if layout:
        chosen = get_layout(layout)
    else:
        chosen = layout_for_country(country or "")
        if paper and paper.lower() != chosen.paper:
            chosen = LAYOUTS[PAPER_DEFAULT_LAYOUT[paper.lower()]]
    return chosen, (paper or chosen.paper).lower()


# where US Letter paper (and the envelopes and label sheets made for it) is what people have
LETTER_PAPER_COUNTRIES = frozenset({"US", "CA"})


def check_paper(paper: str | None, *, option: str = "--paper") -> None:
    """Raise :class:`ChoiceError` unless ``paper`` is ``None`` or a size in :data:`PAPER_SIZES`."""
    if paper and paper.lower() not in PAPER_SIZES:
        raise ChoiceError(f"{option}: unknown paper {paper!r}; choose " + " or ".join(PAPER_SIZES))


def layout_help(translate: Callable[[str], str] = str) -> str:
    """The ``--layout`` help, from :data:`LAYOUTS` (``translate``: the CLI's gettext)."""
    return translate(
        N_("Window-envelope layout: {layouts} (default: from the sender's country).")
    ).format(layouts=", ".join(LAYOUTS))


def paper_help(translate: Callable[[str], str] = str) -> str:
    """The ``--paper`` help, from :data:`PAPER_SIZES` (``translate``: the CLI's gettext)."""
    either = " " + translate(N_("or")) + " "
    return translate(
        N_("Paper size: {sizes} (default: letter for senders in the US or Canada, else a4).")
    ).format(sizes=either.join(PAPER_SIZES))


def paper_for_country(country: str) -> str:
    return "letter" if country.upper() in LETTER_PAPER_COUNTRIES else "a4"


# ------------------------------------------------------------------------------------------
# envelopes (printed directly, one per letter)


@dataclass(frozen=True)
class Envelope:
    """An envelope lying in landscape, address side up; lengths in mm from its top-left corner.

    ``address`` is the zone where the post reads the recipient's address on a plain envelope
    (the block is placed at its left edge and centred in its height); ``sender`` the return
    address zone at the top left; ``postage`` the stamp/franking zone at the top right and
    ``clear_bottom`` the coding/barcode strip along the bottom edge, both kept free of print.
    ``window`` is where the window of the window-envelope version sits, for reference (the
    letter layouts above are built to match it).
    """

    name: str
    description: str
    width: float
    height: float
    address: Box
    sender: Box
    postage: Box
    clear_bottom: float
    window: Box | None
    letter_layouts: tuple[str, ...]  # letter layouts that fit its window version

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)


ENVELOPES: dict[str, Envelope] = {
    # DIN 678 / ISO 269 DL 220 × 110. Deutsche Post: address ≥ 15 mm from the left, right and
    # bottom edges and ≥ 40 mm from the top; franking zone 74 × 40 at the top right; sender zone
    # left of it. Window (DIN 680): 90 × 45, 20 mm from the left, 15 mm from the bottom.
    "DL": Envelope(
        "DL",
        "DL (DIN lang) 220 × 110 mm",
        220.0,
        110.0,
        address=Box(100, 45, 105, 50),
        sender=Box(12, 8, 120, 30),
        postage=Box(146, 0, 74, 40),
        clear_bottom=15.0,
        window=Box(20, 50, 90, 45),
        letter_layouts=("din5008a", "din5008b", "uk"),
    ),
    # C5 229 × 162 (A4 folded once). Same zones as DL; the window of C5 window envelopes is
    # 90 × 45, 20 mm from the left and 60 mm from the bottom.
    "C5": Envelope(
        "C5",
        "C5 229 × 162 mm",
        229.0,
        162.0,
        address=Box(110, 60, 104, 87),
        sender=Box(12, 8, 125, 30),
        postage=Box(155, 0, 74, 40),
        clear_bottom=15.0,
        window=Box(20, 57, 90, 45),
        letter_layouts=("din5008b",),
    ),
    # US #10 9½ × 4⅛ in. USPS (Pub 25/28, DMM 202): the address within the OCR read area, ½ in
    # from the left and right edges and ⅝ … 2¾ in from the bottom; barcode clear zone: bottom
    # ⅝ in; return address at the top left, postage at the top right. Window: 4½ × 1⅛ in,
    # ⅞ in from the left, ½ in from the bottom.
    "10": Envelope(
        "10",
        "US #10 9½ × 4⅛ in",
        9.5 * INCH,
        4.125 * INCH,
        address=Box(4.0 * INCH, 1.5 * INCH, 5.0 * INCH, 1.875 * INCH),
        sender=Box(0.3 * INCH, 0.3 * INCH, 3.5 * INCH, 1.05 * INCH),
        postage=Box(7.25 * INCH, 0, 2.25 * INCH, 1.375 * INCH),
        clear_bottom=0.625 * INCH,
        window=Box(0.875 * INCH, 2.5 * INCH, 4.5 * INCH, 1.125 * INCH),
        letter_layouts=("us10",),
    ),
}

_ENVELOPE_ALIASES = {
    "#10": "10",
    "NO10": "10",
    "NO.10": "10",
    "COM10": "10",
    "US10": "10",
    "DIN LANG": "DL",
    "DINLANG": "DL",
}


def get_envelope(name: str) -> Envelope:
    """The envelope called ``name`` (``DL``, ``C5``, ``#10``; case and ``#`` do not matter)."""
    key = " ".join(str(name).upper().split())
    key = _ENVELOPE_ALIASES.get(key, key)
    try:
        return ENVELOPES[key]
    except KeyError:
        raise ChoiceError(f"unknown envelope {name!r}; choose one of: DL, C5, #10") from None


def envelope_for_country(country: str) -> Envelope:
    """#10 for senders in the US and Canada, DL elsewhere."""
    return ENVELOPES["10" if country.upper() in LETTER_PAPER_COUNTRIES else "DL"]


# ------------------------------------------------------------------------------------------
# address-label sheets


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of equal labels in a grid, filled row by row (left to right, top to bottom).

    ``margin_top``/``margin_left`` give the top-left corner of the first label; ``pitch_x``/
    ``pitch_y`` the distance from one label's corner to the next (label plus gap). ``padding``
    keeps text off the die-cut edge.
    """

    name: str
    description: str
    paper: str
    columns: int
    rows: int
    label_width: float
    label_height: float
    margin_top: float
    margin_left: float
    pitch_x: float
    pitch_y: float
    padding_x: float
    padding_y: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def paper_size(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    def cell(self, index: int) -> Box:
        """The label at position ``index`` (0-based, row-major) of a sheet."""
        if not 0 <= index < self.per_sheet:
            raise IndexError(index)
        row, column = divmod(index, self.columns)
        return Box(
            self.margin_left + column * self.pitch_x,
            self.margin_top + row * self.pitch_y,
            self.label_width,
            self.label_height,
        )

    def text_box(self, index: int) -> Box:
        """The part of a label that text may use (the label less its padding)."""
        cell = self.cell(index)
        return Box(
            cell.x + self.padding_x,
            cell.y + self.padding_y,
            cell.width - 2 * self.padding_x,
            cell.height - 2 * self.padding_y,
        )


LABEL_SHEETS: dict[str, LabelSheet] = {
    # Avery L7163 (A4): 14 labels 99.1 × 38.1 mm, 2 × 7; top margin 15.15 mm, side margin
    # 4.65 mm, horizontal pitch 101.6 mm (2.5 mm gap), vertical pitch 38.1 mm (no gap):
    # 4.65 + 99.1 + 2.5 + 99.1 + 4.65 = 210 and 15.15 + 7 × 38.1 + 15.15 = 297.
    "L7163": LabelSheet(
        "L7163",
        "Avery L7163, A4, 14 labels 99.1 × 38.1 mm",
        "a4",
        2,
        7,
        99.1,
        38.1,
        15.15,
        4.65,
        101.6,
        38.1,
        6.0,
        3.0,
    ),
    # Avery 5160 (US Letter): 30 labels 2⅝ × 1 in, 3 × 10; top margin ½ in, side margin
    # 3/16 in, horizontal pitch 2¾ in (⅛ in gap), vertical pitch 1 in:
    # 3/16 + 3 × 2⅝ + 2 × ⅛ + 3/16 = 8½ and ½ + 10 × 1 + ½ = 11.
    "5160": LabelSheet(
        "5160",
        "Avery 5160, US Letter, 30 labels 2⅝ × 1 in",
        "letter",
        3,
        10,
        2.625 * INCH,
        1.0 * INCH,
        0.5 * INCH,
        0.1875 * INCH,
        2.75 * INCH,
        1.0 * INCH,
        0.125 * INCH,
        0.0625 * INCH,
    ),
}


def get_label_sheet(name: str) -> LabelSheet:
    """The label sheet called ``name`` (``L7163``, ``5160``; an ``Avery`` prefix is allowed)."""
    key = str(name).upper().replace("AVERY", "").strip(" -_")
    try:
        return LABEL_SHEETS[key]
    except KeyError:
        raise ChoiceError(
            f"unknown label sheet {name!r}; choose one of: {', '.join(LABEL_SHEETS)}"
        ) from None


def label_sheet_for_country(country: str) -> LabelSheet:
    """5160 (US Letter) for senders in the US and Canada, L7163 (A4) elsewhere."""
    return LABEL_SHEETS["5160" if country.upper() in LETTER_PAPER_COUNTRIES else "L7163"]
