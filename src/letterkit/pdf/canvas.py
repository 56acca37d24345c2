"""The page canvas every letterkit PDF is drawn on: pages of PDF operators, their sizes, and
the document's language, metadata and fonts, for :mod:`.file_writer` to write.

letterkit draws all text with its own operators (:mod:`.text_drawing`) and fonts
(:mod:`.font_embedding`), and writes the file itself: what is left of a drawing surface is a
list of operators per page and the few graphics letterkit draws (fold marks, rules, dashed
window outlines, label outlines). This class is that surface, with the names reportlab's
``Canvas`` gives those calls, so the drawing code serves both: :func:`~.letter.draw_letter`
also draws onto a reportlab canvas a caller owns (and saves with reportlab). Importing
reportlab's canvas took ~45 ms at every start; this takes none.

Numbers are written as :func:`.syntax.num` writes them (to 1/1000 pt).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .syntax import num

__all__ = ["PageCanvas", "PdfPage"]

# four cubic Bézier curves approximate a circle best with their control points this fraction
# of the radius from the ends: 4/3 (√2 - 1)
_KAPPA = 0.5522847498


@dataclass(slots=True)
class PdfPage:
    """A finished page: its size in points, and its operators (``text``) until they are
    compressed (``compressed``, zlib) by :func:`letterkit.pdf.document.pack_finished_pages`."""

    width: float
    height: float
    text: str | None
    compressed: bytes | None = None


class FontRegistry:
    """The document's fonts, as :func:`letterkit.pdf.font_embedding.document_font` keeps them
    (on a reportlab canvas, reportlab's document object plays this part)."""

    def __init__(self) -> None:
        self.fontMapping: dict[str, str] = {}  # the name reportlab's object has
        self.delayedFonts: list[Any] = []


class PageCanvas:
    """Pages of PDF operators for :mod:`.file_writer`; open one with
    :func:`letterkit.pdf.document.open_canvas`."""

    def __init__(
        self, target: Any, size: tuple[float, float], *, lang: str | None, invariant: bool
    ) -> None:
        self.target = target  # a path or a binary file
        self.lang = lang
        self.invariant = invariant
        self.info: dict[str, str] = {}  # Title, Author, Subject, Keywords, Creator
        self.pages: list[PdfPage] = []
        self.packed = 0  # pages whose operators are compressed
        self.saved = False
        self._pagesize = (float(size[0]), float(size[1]))
        self._code: list[str] = []  # the current page's operators (text drawing appends)
        self._doc = FontRegistry()

    # ---------------------------------------------------------------------------- pages
    def setPageSize(self, size: tuple[float, float]) -> None:
        """The size of the current page and the ones after it, in points."""
        self._pagesize = (float(size[0]), float(size[1]))

    def showPage(self) -> None:
        """Finish the current page and start the next."""
        width, height = self._pagesize
        self.pages.append(PdfPage(width, height, "\n".join(self._code) + "\n"))
        self._code = []

    # ------------------------------------------------------------------------- metadata
    def setTitle(self, title: str) -> None:
        self.info["Title"] = title

    def setAuthor(self, author: str) -> None:
        self.info["Author"] = author

    def setSubject(self, subject: str) -> None:
        self.info["Subject"] = subject

    def setKeywords(self, keywords: str | list[str] | tuple[str, ...]) -> None:
        self.info["Keywords"] = keywords if isinstance(keywords, str) else ", ".join(keywords)

    def setCreator(self, creator: str) -> None:
        self.info["Creator"] = creator

    # ------------------------------------------------------------------------- graphics
    def saveState(self) -> None:
        self._code.append("q")

    def restoreState(self) -> None:
        self._code.append("Q")

    def setLineWidth(self, width: float) -> None:
        self._code.append(f"{num(width)} w")

    def setStrokeGray(self, gray: float) -> None:
        self._code.append(f"{num(gray)} G")

    def setStrokeColorRGB(self, red: float, green: float, blue: float) -> None:
        self._code.append(f"{num(red)} {num(green)} {num(blue)} RG")

    def setFillColorRGB(self, red: float, green: float, blue: float) -> None:
        self._code.append(f"{num(red)} {num(green)} {num(blue)} rg")

    def setDash(self, on: float, off: float) -> None:
        """A dash pattern: ``on`` points drawn, ``off`` points left out."""
        self._code.append(f"[{num(on)} {num(off)}] 0 d")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._code.append(f"n {num(x1)} {num(y1)} m {num(x2)} {num(y2)} l S")

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        """The outline of a rectangle from its lower left corner."""
        self._code.append(f"n {num(x)} {num(y)} {num(width)} {num(height)} re S")

    def roundRect(self, x: float, y: float, width: float, height: float, radius: float) -> None:
        """The outline of a rectangle with corners rounded to quarter circles of ``radius``."""
        left, right = min(x, x + width), max(x, x + width)
        bottom, top = min(y, y + height), max(y, y + height)
        r = max(0.0, min(radius, (right - left) / 2, (top - bottom) / 2))
        k = r * _KAPPA

        def point(*values: float) -> str:
            return " ".join(num(v) for v in values)

        self._code.extend(
            [
                f"n {point(left + r, bottom)} m",
                f"{point(right - r, bottom)} l",
                f"{point(right - r + k, bottom, right, bottom + r - k, right, bottom + r)} c",
                f"{point(right, top - r)} l",
                f"{point(right, top - r + k, right - r + k, top, right - r, top)} c",
                f"{point(left + r, top)} l",
                f"{point(left + r - k, top, left, top - r + k, left, top - r)} c",
                f"{point(left, bottom + r)} l",
                f"{point(left, bottom + r - k, left + r - k, bottom, left + r, bottom)} c",
                "S",
            ]
        )
