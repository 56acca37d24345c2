"""``letterkit locale compile``: PO → MO with Babel, each file written atomically.

letterkit itself reads the ``.po`` files (compiled in memory,
:func:`letterkit.locales.gettext_for`), so an edited catalog is used at once, in a checkout or an
installed copy; the ``.mo`` files are for other gettext tools and for packagers who want them.
Fuzzy entries are left out, as msgfmt does.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..fileio import write_atomic
from ..locales import LOCALES, catalog_path, normalize_code, read_catalog


def compile_catalogs(languages: list[str] | None = None) -> list[Path]:
    """Write ``letterkit.mo`` beside each catalog (all, or ``languages``); the files written."""
    from babel.messages.mofile import write_mo

    codes = [normalize_code(c) for c in languages] if languages else list(LOCALES)
    written: list[Path] = []
    for code in codes:
        po = catalog_path(code)
        if not po.is_file():
            continue
        catalog = read_catalog(po)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        written.append(write_atomic(po.with_suffix(".mo"), buf.getvalue(), force=True))
    return written
