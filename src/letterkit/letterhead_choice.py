"""Which letterhead goes with which format: ``--letterhead`` takes a PDF, a .docx, or both.

A ``.pdf`` letterhead lies under PDF letters (:mod:`letterkit.pdf.letterhead`), a ``.docx``
one gives DOCX letters its header and footer (:mod:`letterkit.writers.docx_letterhead`). The
file's extension decides; one of each at most; a letterhead for a format the command does not
write is an error rather than silently unused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ChoiceError, DataError

__all__ = ["Letterheads", "choose_letterheads", "letterhead_warnings"]

# the formats each kind of letterhead shows in (an eml's attached PDF is the PDF letter)
USED_BY = {"pdf": ("pdf", "eml"), "docx": ("docx",)}


@dataclass(frozen=True)
class Letterheads:
    pdf: Path | None = None
    docx: Path | None = None


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix in (".docm", ".dotm"):
        raise DataError(f"{path}: refused: a macro-enabled document; save the letterhead as .docx")
    raise DataError(
        f"{path}: a letterhead is a .pdf (for PDF letters) or a .docx (for DOCX letters)"
    )


def choose_letterheads(paths: Sequence[Path] | None, formats: Iterable[str]) -> Letterheads:
    """The PDF and DOCX letterheads among ``paths``, checked against the ``formats`` written.

    >>> chosen = choose_letterheads([Path("g.docx"), Path("g.pdf")], ["pdf", "docx"])
    >>> str(chosen.pdf), str(chosen.docx)
    ('g.pdf', 'g.docx')
    >>> choose_letterheads([Path("g.docx")], ["pdf"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    letterkit.errors.ChoiceError: --letterhead g.docx: a .docx letterhead is for DOCX letters...
    """
    chosen: dict[str, Path] = {}
    names = set(formats)
    for path in paths or ():
        kind = _kind(path)
        if kind in chosen:
            raise ChoiceError(
                f"--letterhead: two {kind.upper()} letterheads ({chosen[kind]}, {path}); "
                "give one .pdf and one .docx at most"
            )
        if not names.intersection(USED_BY[kind]):
            other = "pdf" if kind == "docx" else "docx"
            raise ChoiceError(
                f"--letterhead {path}: a .{kind} letterhead is for {kind.upper()} letters, and "
                f"none is written; add {kind} to --format, or give a .{other} letterhead"
            )
        chosen[kind] = path
    return Letterheads(chosen.get("pdf"), chosen.get("docx"))


def letterhead_warnings(
    letterheads: Letterheads, country: str, layout: str | None, paper: str | None
) -> list[str]:
    """Read both letterheads (a bad file fails here, before any letter) and say what is wrong
    with them for the letter's page: another paper, or ink in the envelope window."""
    from .layouts import resolve_page

    page_layout, page_paper = resolve_page(country, layout, paper)
    warnings: list[str] = []
    if letterheads.pdf is not None:
        from .pdf.letterhead import load_letterhead, window_warnings

        warnings += window_warnings(load_letterhead(letterheads.pdf), page_layout, page_paper)
    if letterheads.docx is not None:
        from .writers.docx_letterhead import load_docx_letterhead
        from .writers.docx_letterhead import window_warnings as docx_warnings

        warnings += docx_warnings(load_docx_letterhead(letterheads.docx), page_layout, page_paper)
    return warnings
