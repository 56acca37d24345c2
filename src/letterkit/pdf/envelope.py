"""Envelopes for a batch of letters: one PDF page per envelope, printed directly on it.

Each page has the envelope's size in landscape (:data:`letterkit.layouts.ENVELOPES`: DL, C5,
US #10). The sender's return address goes to the top left, the recipient's address into the zone
where the post reads it (DL/C5: right half, lower part, ≥ 15 mm from the edges; #10: inside the
USPS OCR read area), leaving the postage corner and the bottom coding strip empty. In a
right-to-left letter the blocks stay where the post expects them; only the lines inside each
block are right-aligned.

All text goes through letterkit's text engine (:mod:`letterkit.text`: bidi, HarfBuzz shaping,
font fallback), so an Urdu name is shaped and extracts in logical order. The address blocks are
fitted and drawn by :mod:`.address_block`, as on labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..layouts import WINDOW_MIN_SIZE_PT, Box, Envelope, get_envelope
from ..model import Letter
from ..pages.sizes import MM
from .address_block import (
    clean_lines,
    draw_lines,
    fit_lines,
    letter_name,
    render_address_pages,
)

__all__ = ["draw_envelope", "envelope_pages", "render_envelopes", "write_envelopes"]

ADDRESS_SIZE = 11.0  # Deutsche Post: cap height 2.5…4.7 mm; USPS: 10–12 pt recommended
ADDRESS_MIN_SIZE = WINDOW_MIN_SIZE_PT  # USPS: 8 pt at least
RETURN_SIZE = 9.0
RETURN_MIN_SIZE = 6.5


def _page_y(envelope: Envelope, mm_from_top: float) -> float:
    return (envelope.height - mm_from_top) * MM


def draw_envelope(
    canvas: Any, letter: Letter, envelope: Envelope, index: int = 1, *, guides: bool = False
) -> None:
    """Draw one envelope page for ``letter`` (the caller calls ``showPage``)."""
    name = letter_name(letter, index)
    recipient = clean_lines(letter.recipient.lines)
    if not recipient:
        raise DataError(f"{name}: no recipient address to print on the envelope")
    rtl = letter.is_rtl
    zone = envelope.address
    fitted = fit_lines(
        recipient,
        letter.language,
        zone,
        size=ADDRESS_SIZE,
        min_size=ADDRESS_MIN_SIZE,
        what=f"{name}: recipient address on a {envelope.name} envelope "
        f"({zone.width:g} × {zone.height:g} mm zone)",
    )
    top = _page_y(envelope, zone.y) - (zone.height * MM - fitted.height) / 2
    draw_lines(canvas, fitted, zone.x * MM, top, align_right=rtl)

    sender = clean_lines(letter.sender.lines)
    if sender:
        box = envelope.sender
        what = f"{name}: return address on a {envelope.name} envelope"
        back = fit_lines(
            sender, letter.language, box, size=RETURN_SIZE, min_size=RETURN_MIN_SIZE, what=what
        )
        draw_lines(canvas, back, box.x * MM, _page_y(envelope, box.y), align_right=rtl)
    if guides:
        _draw_guides(canvas, envelope)


def _draw_guides(canvas: Any, envelope: Envelope) -> None:
    """Thin dashed outlines of the postage zone (for proofs and the gallery, not for print)."""
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setStrokeGray(0.6)
    canvas.setDash(3, 2)
    box: Box = envelope.postage
    canvas.rect(box.x * MM, _page_y(envelope, box.bottom), box.width * MM, box.height * MM)
    canvas.restoreState()


def envelope_pages(
    canvas: Any, letters: Iterable[Letter], envelope: str | Envelope = "DL", *, guides: bool = False
) -> int:
    """Draw one envelope per letter onto an open canvas; returns the number of pages."""
    spec = envelope if isinstance(envelope, Envelope) else get_envelope(envelope)
    count = 0
    for count, letter in enumerate(letters, start=1):
        canvas.setPageSize((spec.width * MM, spec.height * MM))
        draw_envelope(canvas, letter, spec, count, guides=guides)
        canvas.showPage()
    return count


def render_envelopes(
    letters: Iterable[Letter], envelope: str = "DL", *, guides: bool = False
) -> bytes:
    """A PDF with one page per letter, each the size of the ``envelope`` (DL, C5, #10) in
    landscape, in the order of ``letters``. ``guides`` outlines the postage zone (proofs)."""
    spec = get_envelope(envelope)
    return render_address_pages(
        letters,
        kind="envelopes",
        page_size=(spec.width * MM, spec.height * MM),
        title=f"Envelopes ({spec.description})",
        draw=lambda canvas, batch: envelope_pages(canvas, batch, spec, guides=guides),
    )


def write_envelopes(
    letters: Iterable[Letter], path: Path, envelope: str = "DL", *, force: bool = False
) -> Path:
    """Write :func:`render_envelopes` to ``path`` atomically (never overwriting without
    ``force``)."""
    from ..fileio import refuse_existing, write_atomic

    path = Path(path)
    refuse_existing(path, force)  # before rendering a whole batch for nothing
    return write_atomic(path, render_envelopes(letters, envelope), force=force)
