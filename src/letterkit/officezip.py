"""Opening an untrusted Office file (a .docx letterhead, an .xlsx data file: both ZIPs) within
limits, before any part of it is unpacked.

Each kind of file brings its own :class:`ZipLimits`: how large the file, how many parts, how
much they may unpack to in all and how many times one part may expand (parts under 1 MB may
expand any number of times: XML compresses well), and the words its refusals use, so that a
letterhead's refusal speaks of images and an XLSX's of saving the data as CSV.

The sizes checked are those the ZIP declares; Python's zipfile never returns more than the
declared size of a part (a part that lies about it fails its CRC check), so reading a checked
archive stays within the limits.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError

__all__ = ["ZipLimits", "check_office_zip", "open_office_zip"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """The limits of one kind of Office file and its refusals' words.

    The messages are ``str.format`` templates; each may use ``{where}`` (the file as the caller
    names it) and: ``unreadable`` ``{error}``; ``too_large`` ``{limit_mb}``;
    ``too_many_parts`` ``{count}`` and ``{limit}``; ``too_expanding`` ``{part}``, ``{ratio}``
    and ``{mb}``; ``too_much_unpacked`` ``{mb}`` and ``{limit_mb}``. A limit left ``None`` is
    not checked; ``macros`` (a message) refuses a part named ``vbaProject.bin``.
    """

    max_expanded: int  # bytes of all parts, unpacked
    max_ratio: float  # unpacked / packed size of one part of 1 MB or more
    unreadable: str
    too_expanding: str
    too_much_unpacked: str
    max_file_bytes: int | None = None  # the file itself
    too_large: str = ""
    max_parts: int | None = None  # members of the ZIP
    too_many_parts: str = ""
    macros: str | None = None


def _refuse(template: str, where: str, **values: object) -> DataError:
    return DataError(template.format(where=where, **values))


def _check(archive: zipfile.ZipFile, limits: ZipLimits, where: str) -> None:
    infos = archive.infolist()
    if limits.max_parts is not None and len(infos) > limits.max_parts:
        raise _refuse(limits.too_many_parts, where, count=len(infos), limit=limits.max_parts)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio and info.file_size > _MB:
            raise _refuse(
                limits.too_expanding,
                where,
                part=info.filename,
                ratio=ratio,
                mb=info.file_size // _MB,
            )
        if limits.macros is not None and info.filename.lower().endswith("vbaproject.bin"):
            raise _refuse(limits.macros, where)
    if total > limits.max_expanded:
        raise _refuse(
            limits.too_much_unpacked, where, mb=total // _MB, limit_mb=limits.max_expanded // _MB
        )


def open_office_zip(path: Path, limits: ZipLimits, where: str) -> zipfile.ZipFile:
    """``path`` opened as a ZIP whose declared sizes are within ``limits`` (the caller closes
    it); a :class:`DataError` in the limits' words, naming ``where``, otherwise."""
    if limits.max_file_bytes is not None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise _refuse(limits.unreadable, where, error=exc) from None
        if size > limits.max_file_bytes:
            raise _refuse(limits.too_large, where, limit_mb=limits.max_file_bytes // _MB)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(limits.unreadable, where, error=exc) from None
    try:
        _check(archive, limits, where)
    except BaseException:
        archive.close()
        raise
    return archive


def check_office_zip(path: Path, limits: ZipLimits, where: str) -> None:
    """Refuse ``path`` unless it is a ZIP within ``limits`` (for readers that open it again)."""
    open_office_zip(path, limits, where).close()
