"""Static instances of variable fonts: shipped in the wheel, else made once and cached on disk.

reportlab embeds only the default instance of a variable font, so "bold" from a variable font
silently comes out regular. Static faces are cut with fontTools' instancer. A built wheel ships
them ready in ``letterkit/fonts/prepared`` (made at build time by ``hatch_build.py`` from the
same font packages, with the same names); they are used when their source tag matches the
installed font package. Otherwise (an editable checkout, another font package version) they are
cut on first use, with a notice (:func:`set_notice`), and kept in a cache folder
(``platformdirs.user_cache_dir("letterkit")/fonts``, or ``$LETTERKIT_CACHE_DIR/fonts``). Files
are written atomically (temp file + ``os.replace``), so several worker processes may race to
create the same instance without harm: the last rename wins and every reader sees a complete
file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ConfigError

PREPARED_DIR = Path(__file__).resolve().parent / "prepared"  # filled in a built wheel only

_notice: list[Callable[[str], None]] = []


def set_notice(callback: Callable[[str], None] | None) -> None:
    """Call ``callback`` with one line before a font is prepared (a few seconds of work that
    happens once per user when the wheel's prepared fonts cannot be used); ``None``: silent."""
    _notice[:] = [callback] if callback is not None else []


def _announce(message: str) -> None:
    for callback in _notice:
        callback(message)


def prepared_file(name: str) -> Path | None:
    """``name`` from the wheel's prepared fonts, else from the cache folder, if there."""
    for folder in (PREPARED_DIR, None):
        try:
            path = (folder or cache_dir()) / name
        except ConfigError:
            return None
        if path.is_file():
            return path
    return None


def cache_dir() -> Path:
    """The per-user cache folder for generated font instances (created on demand)."""
    from ..cachedir import cache_folder

    return cache_folder("fonts")


_SOURCES_FILE = "sources.v1.marshal"


def remembered_source(key: str, find: Callable[[], Path]) -> Path:
    """``find()`` (a font package's lookup), remembered in the cache folder while the file it
    found is unchanged (same size and modification time): a warm process then imports no font
    package and scans no package metadata (about 20 ms of a one-letter run)."""
    import marshal

    memo: dict[str, list[Any]] = {}
    try:
        memo_path: Path | None = cache_dir() / _SOURCES_FILE
    except ConfigError:
        memo_path = None
    try:
        if memo_path is not None:
            with memo_path.open("rb") as fh:
                loaded = marshal.load(fh)
            if isinstance(loaded, dict):
                memo = loaded
    except (OSError, ValueError, EOFError, TypeError):
        pass
    found = memo.get(key)
    if found is not None:
        path, size, mtime = found
        try:
            stat = os.stat(path)
        except OSError:
            stat = None
        if stat is not None and (stat.st_size, stat.st_mtime_ns) == (size, mtime):
            return Path(path)
    source = find()
    stat = source.stat()
    memo[key] = [str(source), stat.st_size, stat.st_mtime_ns]
    if memo_path is not None:
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".marshal", dir=memo_path.parent)
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(memo, fh)
            os.replace(tmp, memo_path)
        except OSError:
            pass
    return source


def _source_tag(path: Path) -> str:
    """A short tag that changes when the source font changes (size + content hash of the head)."""
    stat = path.stat()
    digest = hashlib.sha256()
    digest.update(str(stat.st_size).encode())
    with path.open("rb") as fh:
        digest.update(fh.read(65536))
    return digest.hexdigest()[:12]


def static_instance(source: Path, ps_name: str, wght: float, *, full_name: str) -> Path:
    """Return a static TTF of ``source`` at weight ``wght`` whose PostScript name is ``ps_name``.

    The PostScript name (name ID 6) must be unique per face: reportlab embeds two faces that share
    one only once, and the second then draws with the first one's glyphs.
    """
    name = f"{ps_name}-{_source_tag(source)}.ttf"
    found = prepared_file(name)
    if found is not None:
        return found
    target = cache_dir() / name
    _announce(f"preparing the font {full_name.split(' (')[0]} for first use (once, a few seconds)…")

    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(source))
    axes = {axis.axisTag: axis for axis in font["fvar"].axes}
    location: dict[str, float] = {}
    if "wght" in axes:
        location["wght"] = max(axes["wght"].minValue, min(axes["wght"].maxValue, wght))
    for tag, axis in axes.items():
        location.setdefault(tag, axis.defaultValue)
    static = instancer.instantiateVariableFont(font, location, updateFontNames=False)
    _rename(static, ps_name, full_name)

    return _save_atomically(static, target, "a font instance")


def _rename(font: object, ps_name: str, full_name: str) -> None:
    """Give the instance its own PostScript and full name (name IDs 6 and 4, and 3)."""
    name_table = font["name"]  # type: ignore[index]
    for record in list(name_table.names):
        if record.nameID in (3, 4, 6):
            value = {3: f"letterkit;{ps_name}", 4: full_name, 6: ps_name}[record.nameID]
            name_table.setName(
                value, record.nameID, record.platformID, record.platEncID, record.langID
            )


def patched_copy(source: Path, advances: dict[str, int], label: str) -> Path:
    """A copy of ``source`` with some glyph advances corrected, cached like the instances.

    Used for a known defect of a bundled font (see ``registry._FIXES``); the bundled file itself
    stays as upstream shipped it.
    """
    name = f"{source.stem}-{label}-{_source_tag(source)}.ttf"
    found = prepared_file(name)
    if found is not None:
        return found
    target = cache_dir() / name
    _announce(f"preparing the font {source.stem} for first use (once)…")
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    metrics = font["hmtx"].metrics
    for glyph, advance in advances.items():
        if glyph in metrics:
            metrics[glyph] = (advance, metrics[glyph][1])
    return _save_atomically(font, target, "a font copy")


def _save_atomically(font: Any, target: Path, what: str) -> Path:
    """Save a fontTools font through a temporary file and a rename: worker processes racing
    to fill the cache never see half a font."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".ttf", dir=target.parent)
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigError(f"{target}: cannot write {what} ({exc})") from None
    return target
