"""Type sizes, page positions and the vertical rhythm of a letter's pages (PDF and DOCX).

Sizes in pt, positions in mm from the top of the paper (as :mod:`letterkit.layouts` speaks).
A fax needs everything at 11 pt or more (:data:`FAX_MIN_SIZE`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..layouts import WINDOW_MIN_SIZE_PT

MM = 72.0 / 25.4  # points per millimetre

# Type sizes (pt). A fax needs everything at 11 pt or more (see PdfOptions.fax).
BODY_SIZE = 11.0
ADDRESS_SIZE = 10.0  # DIN 5008 / KOMA addressee size
ADDRESS_MIN_SIZE = WINDOW_MIN_SIZE_PT  # smallest the post reads reliably
SENDER_SIZE = 9.0
SENDER_MIN_SIZE = 7.0
RETURN_SIZE = 7.5
RETURN_MIN_SIZE = 6.0
SMALL_SIZE = 9.0  # continuation header, page numbers
FAX_MIN_SIZE = 11.0

# Urdu's Nastaliq is tall: in the envelope window, where lines are counted, Naskh is used
# (the engine ignores the family for scripts it does not serve, so Latin stays in the body face).
WINDOW_FAMILY = "naskh"

HEADER_TOP_MM = 12.7  # top of the letterhead zone when there is no information box
FOLLOW_TOP_MM = 27.0  # where text starts on pages 2+
FOLLOW_HEADER_MM = 14.0  # baseline of the continuation header on pages 2+
FOOTER_FROM_BOTTOM_MM = 13.0  # baseline of "Page n of m"
MIN_GAP_MM = 6.0  # between the header blocks and the first line of text
SIGNATURE_SPACE = 3.2  # body lines left blank for the handwritten signature


@dataclass(frozen=True)
class Spacing:
    """Body size and vertical rhythm. A letter that spills a few lines onto another page is
    set again a little tighter (see :meth:`~.composer.Composer.plan`): one page reads better
    than two."""

    body_size: float = BODY_SIZE
    paragraph: float = 0.75  # space between paragraphs, in body lines
    signature: float = SIGNATURE_SPACE


SPACINGS = (
    Spacing(),
    Spacing(paragraph=0.45, signature=2.6),
    Spacing(body_size=10.5, paragraph=0.45, signature=2.6),
    Spacing(body_size=10.0, paragraph=0.4, signature=2.4),
)
MIN_ARABIC_BODY = 10.5  # Nastaliq and Naskh get small fast: never tighter than this
LIGHT_LAST_PAGE = 0.4  # retry tighter when the last page is filled less than this
