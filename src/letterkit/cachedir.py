"""The per-user cache folder: prepared fonts, compiled message catalogs and letter templates.

Everything in it is made again when missing, so a folder that cannot be created, read or
written slows letterkit down but never stops it (the font folder alone is required, see
:func:`letterkit.fonts.instancing.cache_dir`). ``LETTERKIT_CACHE_DIR`` overrides the platform's
place (``~/.cache/letterkit`` on Linux).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import ConfigError


def cache_folder(name: str) -> Path:
    """``name`` inside the cache folder, created on demand (:class:`ConfigError` if it cannot
    be)."""
    override = os.environ.get("LETTERKIT_CACHE_DIR")
    if override:
        base = Path(override)
    else:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("letterkit"))
    folder = base / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{folder}: cannot create the cache folder ({exc})") from None
    return folder


def remembered(folder: str, key: bytes, make: Callable[[], bytes]) -> bytes:
    """``make()``, kept in the cache folder ``folder`` under a hash of ``key`` (``key`` must
    hold everything the result depends on). A kept file is written atomically, so a reader never
    sees half of one; a folder that cannot be used only means ``make()`` runs every time."""
    digest = hashlib.sha256(key).hexdigest()[:32]
    try:
        path: Path | None = cache_folder(folder) / digest
    except ConfigError:
        path = None
    if path is not None:
        with contextlib.suppress(OSError):
            return path.read_bytes()
    made = make()
    if path is not None:
        with contextlib.suppress(OSError):
            fd, tmp = tempfile.mkstemp(prefix=f".{digest}.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(made)
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
    return made
