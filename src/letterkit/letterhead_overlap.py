"""Where a group's letterhead PDF and the letter print over each other.

A letterhead PDF lies under the letter unchanged, and the letter is laid out as without it (its
window, sender block, date and page numbers stay where the layout puts them). A letterhead made
for another layout can carry its name or address where the letter prints its own sender block,
date or page number; the two then print over each other. Both pages are rasterized (pypdfium2,
72 dpi) and the ink they share, with a point around the letter's, is reported once per page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Letter
    from .output import RenderOptions

__all__ = ["letterhead_overlap_warnings"]

_MM = 72 / 25.4  # pixels per millimetre at scale 1
_INK = 200  # darker than light grey
_AT_LEAST = 12  # shared pixels: a few are anti-aliasing, not a clash


def _mask(data: bytes, index: int, grow: bool) -> Any:
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    document = pdfium.PdfDocument(data)
    try:
        if index >= len(document):
            return None
        image = document[index].render(scale=1.0, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    mask = image.point(lambda v: 255 if v < _INK else 0)
    return mask.filter(ImageFilter.MaxFilter(3)) if grow else mask


def _bands(mask: Any) -> list[tuple[int, int, int, int]]:
    """The boxes of the mask's ink, one per band of rows (bands 5 mm apart are separate)."""
    gap = int(5 * _MM)
    rows = [y for y in range(mask.height) if mask.crop((0, y, mask.width, y + 1)).getbbox()]
    bands: list[tuple[int, int]] = []
    for y in rows:
        if bands and y - bands[-1][1] <= gap:
            bands[-1] = (bands[-1][0], y + 1)
        else:
            bands.append((y, y + 1))
    boxes = []
    for top, bottom in bands:
        found = mask.crop((0, top, mask.width, bottom)).getbbox()
        if found:
            boxes.append((found[0], top, found[2], bottom))
    return boxes


def letterhead_overlap_warnings(letter: Letter, options: RenderOptions) -> list[str]:
    """One line per page whose letterhead (``options.letterhead``) and text overlap, naming
    the letterhead file and where (mm from the top and from the left)."""
    if options.letterhead is None:
        return []
    from PIL import ImageChops

    from .output import FORMATS, render
    from .pdf.letterhead import load_letterhead

    head = load_letterhead(options.letterhead)
    bare = render(letter, FORMATS["pdf"], replace(options, letterhead=None))
    warnings: list[str] = []
    for page, under in ((0, 0), (1, 1 if head.pages > 1 else None)):
        if under is None:
            continue
        mine = _mask(bare, page, grow=True)
        theirs = _mask(head.data, under, grow=False)
        if mine is None or theirs is None:
            continue
        width, height = min(mine.width, theirs.width), min(mine.height, theirs.height)
        box = (0, 0, width, height)
        shared = ImageChops.multiply(mine.crop(box), theirs.crop(box))
        if sum(shared.histogram()[128:]) < _AT_LEAST:
            continue
        places = ", ".join(
            f"{top / _MM:.0f}–{bottom / _MM:.0f} mm from the top ({left / _MM:.0f}–"
            f"{right / _MM:.0f} mm from the left)"
            for left, top, right, bottom in _bands(shared)
        )
        warnings.append(
            f"{options.letterhead}: the letterhead and the letter print over each other on "
            f"page {page + 1}, {places}; leave that part of the letterhead blank, or choose "
            "another --layout"
        )
    return warnings
