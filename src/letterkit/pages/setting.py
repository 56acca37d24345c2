"""Setting a letter's text: its styles (a fax never under 11 pt), paragraphs and single lines
flush to a side, and fields joined on one line each in its own direction.

Right-to-left letters mirror what a reader expects (sender block, date, salutation, body,
signature and list numbers on the right); a field keeps its own direction inside a line (an
English street line in an Urdu letter, a Persian name in an English list).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from ..layouts import LetterLayout
from ..locales import LOCALES, normalize_code
from ..model import Letter, Span
from ..textclean import body_text, first_strong_direction, single_line
from .blocks import PageFrame
from .sizes import BODY_SIZE, FAX_MIN_SIZE, MM, SPACINGS

if TYPE_CHECKING:  # the engine imports uharfbuzz and fontTools: not at module import time
    from ..text import TextBlock, TextStyle

Side = Literal["left", "right"]


def list_separator(language: str) -> str:
    """The list separator for "place, date": Arabic comma for Arabic-script letters."""
    info = LOCALES.get(normalize_code(language))
    return "، " if info is not None and info.script == "Arab" else ", "


def script_of(language: str) -> str:
    """The script of ``language``'s letters (``Arab``, ``Latn``, ``Cyrl``)."""
    info = LOCALES.get(normalize_code(language))
    return info.script if info is not None else "Latn"


def clean_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Body text (:func:`letterkit.textclean.body_text`): a line break inside a paragraph stays
    a line break (the engine starts a new line within the same paragraph); other control
    characters become spaces; spans left empty go."""
    out = []
    for span in spans:
        text = body_text(span.text)
        if text:
            out.append(span if text is span.text else replace(span, text=text))
    return tuple(out)


@lru_cache(maxsize=256)
def _text_style(
    language: str, size: float, bold: bool, leading: float | None, family: str | None
) -> TextStyle:
    """One style object per set of values: every letter of a batch asks for the same few, and
    the layout cache then finds them by identity instead of comparing them field by field."""
    from ..text import TextStyle

    return TextStyle(language, size=size, bold=bold, leading=leading, family=family)


class TextSetter:
    """A letter's text set in its styles and directions, on the letter's paper and layout: what
    the first page's blocks (:class:`~.first_page.FirstPage`) and the running text
    (:class:`~.running_text.RunningText`) are made with. Nothing is drawn."""

    def __init__(
        self,
        letter: Letter,
        layout: LetterLayout,
        paper: str,
        *,
        fax: bool,
        family: str | None = None,
    ) -> None:
        from .. import text as engine  # heavy: uharfbuzz, fonts

        self.engine: Any = engine
        self.letter = letter
        self.layout = layout
        self.fax = fax
        self.family = family  # None: the locale's own (Nastaliq for Urdu, Naskh, Noto Serif)
        self.paper = paper
        self.frame = PageFrame.for_paper(paper)
        self.rtl = letter.direction == "rtl"
        self.language = letter.language
        self.left = layout.margin_left * MM
        self.right = self.frame.width - layout.margin_right * MM
        self.width = self.right - self.left
        self._line_heights: dict[Any, float] = {}
        self.spacing = SPACINGS[0]
        self.body = self.style(BODY_SIZE)
        self.moved: tuple[str, ...] = ()  # recipient lines moved out of the window

    # ---------------------------------------------------------------------------------- styles
    def style(
        self,
        size: float,
        *,
        bold: bool = False,
        language: str | None = None,
        leading: float | None = None,
        family: str | None = None,
    ) -> TextStyle:
        """A text style in the letter's language (a fax never goes below 11 pt)."""
        if self.fax:
            if leading is not None:
                leading = leading * max(size, FAX_MIN_SIZE) / size
            size = max(size, FAX_MIN_SIZE)
        return _text_style(language or self.language, size, bold, leading, family or self.family)

    def line_height(self, style: TextStyle) -> float:
        """Height of one line in ``style`` as the engine lays it out."""
        found = self._line_heights.get(style)
        if found is None:
            found = float(self.engine.layout_paragraph("Xx", 1000.0, style).height)
            self._line_heights[style] = found
        return found

    def paragraph(
        self,
        content: str | Sequence[Span],
        width: float,
        style: TextStyle,
        *,
        align: str = "start",
        direction: str | None = None,
    ) -> TextBlock:
        spans: str | tuple[Span, ...]
        spans = single_line(content) if isinstance(content, str) else clean_spans(content)
        return self.engine.layout_paragraph(  # type: ignore[no-any-return]
            spans, width, style, direction=direction or self.letter.direction, align=align
        )

    def visual_line(
        self, text: str, width: float, style: TextStyle, side: Side, *, direction: str | None = None
    ) -> TextBlock:
        """One line (wrapped if it must) flush to the visual ``side``.

        ``direction`` ``None``: the line's own direction (first strong character; a line with
        none, like a phone number, is left-to-right) — for field values such as an address line.
        Composed lines (date, reference) pass the letter's direction.
        """
        text = single_line(text)
        direction = direction or first_strong_direction(text, "ltr")
        align = "start" if (side == "left") == (direction == "ltr") else "end"
        return self.engine.layout_paragraph(  # type: ignore[no-any-return]
            text, width, style, direction=direction, align=align
        )

    def join_fields(
        self, pieces: Sequence[str], sep: str, seps: Sequence[str] | None = None
    ) -> str:
        """Fields joined on one line, each kept in its own direction.

        A field whose direction differs from the letter's is isolated (LRI/RLI … PDI), and the
        separators are fenced with marks of the letter's direction (RLM/LRM): the engine maps
        isolates to embeddings, and without the marks "Berlin، 24 نومبر" would pull the day into
        the English run, or two English fields of an Urdu line would merge into one.
        ``seps`` gives the separator before each piece (by its place in ``pieces``) instead of
        ``sep``.
        """
        rtl = self.letter.direction == "rtl"
        out, before, isolated = [], [], False
        for index, piece in enumerate(single_line(p) for p in pieces):
            if not piece:
                continue
            own = first_strong_direction(piece, "ltr")
            if own != self.letter.direction:
                piece = ("\u2066" if own == "ltr" else "\u2067") + piece + "\u2069"
                isolated = True
            out.append(piece)
            before.append(seps[index] if seps is not None and index < len(seps) else sep)
        mark = ("\u200f" if rtl else "\u200e") if isolated else ""
        text = out[0] if out else ""
        for gap, piece in zip(before[1:], out[1:], strict=True):
            text += mark + gap + mark + piece
        return text

    def isolate(self, value: str) -> str:
        """``value`` to be put into a localized label (``"{recipient} · {date}"``): isolated in
        its own direction, with a mark of the letter's direction after it, where they differ."""
        value = single_line(value)
        own = first_strong_direction(value, self.letter.direction)
        if not value or own == self.letter.direction:
            return value
        mark = "\u200f" if self.rtl else "\u200e"
        return ("\u2066" if own == "ltr" else "\u2067") + value + "\u2069" + mark

    @property
    def start_side(self) -> Side:
        return "right" if self.rtl else "left"

    @property
    def end_side(self) -> Side:
        return "left" if self.rtl else "right"

    def date_line(self) -> str:
        return self.join_fields(
            [self.letter.place, self.letter.date], list_separator(self.language)
        )

    def reference_line(self) -> str:
        ref = single_line(self.letter.reference)
        if not ref:
            return ""
        label = single_line(self.letter.labels.reference)
        return f"{label} {ref}" if label else ref
