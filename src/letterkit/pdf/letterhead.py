"""A group's letterhead under every PDF letter.

A letterhead is a PDF: its first page goes under each letter's first page, its second page (if
it has one) under the following pages. The letter is drawn on top, unchanged, with pypdf (a
well-kept PDF library; no hand-written PDF merging). Before a letterhead is used it is checked:
the paper must match, and nothing of it may show through the envelope window or sit in the
return-address line, where the post would read it — it is rasterized (pypdfium2) and any ink in
the window, with 3 mm around it, is reported as a warning naming the layout.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DataError
from ..layouts import PAPER_SIZES, Box, LetterLayout
from ..pages.sizes import MM

__all__ = [
    "Letterhead",
    "apply_letterhead",
    "load_letterhead",
    "window_overlap_warning",
    "window_warnings",
    "window_zone",
]


CLEARANCE_MM = 3.0  # around the envelope window: the sheet's play in the envelope


@dataclass(frozen=True)
class Letterhead:
    path: Path
    data: bytes
    pages: int
    size_pt: tuple[float, float]  # of the first page


@lru_cache(maxsize=8)
def _read(path: str, mtime_ns: int) -> Letterhead:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    data = Path(path).read_bytes()
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
        box = reader.pages[0].mediabox if pages else None
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise DataError(f"{path}: not a readable PDF letterhead ({exc})") from None
    if box is None:
        raise DataError(f"{path}: the letterhead PDF has no page")
    return Letterhead(Path(path), data, pages, (float(box.width), float(box.height)))


def load_letterhead(path: Path) -> Letterhead:
    """Read and check a letterhead PDF (cached per file version)."""
    from ..fileio import file_version

    return _read(str(path), file_version(path, "letterhead"))


def paper_of(letterhead: Letterhead) -> str | None:
    """The paper (``a4``/``letter``) the letterhead is made for, or ``None``."""
    w, h = letterhead.size_pt
    for name, (wmm, hmm) in PAPER_SIZES.items():
        if abs(w - wmm * MM) < 3 and abs(h - hmm * MM) < 3:
            return name
    return None


def window_warnings(letterhead: Letterhead, layout: LetterLayout, paper: str) -> list[str]:
    """What is wrong with this letterhead for this layout: another paper, or ink where the
    envelope window shows the letter (with 3 mm around it for the sheet's play)."""
    import pypdfium2 as pdfium

    warnings = []
    own = paper_of(letterhead)
    if own != paper:
        warnings.append(
            f"{letterhead.path}: the letterhead is {own or 'of another size'}, the "
            f"letter {paper}; it is placed at the top left, unscaled"
        )
    document = pdfium.PdfDocument(letterhead.data)
    try:
        scale = 2.0  # 144 dpi: a thin rule shows
        image = document[0].render(scale=scale, grayscale=True).to_pil()
    finally:
        document.close()
    zone = window_zone(layout)
    px = scale * MM
    left = max(0, int(zone.x * px))
    top = max(0, int(zone.y * px))
    right = min(image.width, int(zone.right * px))
    bottom = min(image.height, int(zone.bottom * px))
    region = image.crop((left, top, right, bottom))
    inked = sum(region.histogram()[:200])  # pixels darker than light grey
    if inked > 4:
        warnings.append(window_overlap_warning(letterhead.path, layout))
    return warnings


def window_zone(layout: LetterLayout) -> Box:
    """Where no letterhead (PDF or DOCX) may print: the layout's envelope window with
    :data:`CLEARANCE_MM` around it (mm from the page's top left)."""
    box = layout.address
    return Box(
        box.x - CLEARANCE_MM,
        box.y - CLEARANCE_MM,
        box.width + 2 * CLEARANCE_MM,
        box.height + 2 * CLEARANCE_MM,
    )


def window_overlap_warning(path: Path, layout: LetterLayout) -> str:
    """The warning for a letterhead (PDF or DOCX) that reaches the layout's envelope window."""
    box = layout.address
    return (
        f"{path}: the letterhead prints inside the {layout.name} "
        f"envelope window ({box.x:g}–{box.x + box.width:g} mm from the left, "
        f"{box.y:g}–{box.y + box.height:g} mm from the top): the post may read "
        "it; move it, or choose another --layout"
    )


def apply_letterhead(pdf: bytes, letterhead: Letterhead) -> bytes:
    """``pdf`` with the letterhead under its pages: page 1 under the first, page 2 (when the
    letterhead has one) under the others."""
    from pypdf import PdfReader, PdfWriter

    letter = PdfReader(io.BytesIO(pdf))
    head = PdfReader(io.BytesIO(letterhead.data))
    writer = PdfWriter()
    for number, page in enumerate(letter.pages):
        if number == 0:
            under = head.pages[0]
        elif letterhead.pages > 1:
            under = head.pages[1]
        else:
            writer.add_page(page)
            continue
        added = writer.add_page(page)
        added.merge_page(under, over=False)  # the letterhead below, the letter above
    if letter.metadata:
        writer.add_metadata({k: str(v) for k, v in letter.metadata.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
