"""Build hook: ship the prepared fonts in the wheel, so a first letter needs no font work.

letterkit draws Noto Serif, Noto Sans and Noto Sans Arabic as static faces cut from the variable
fonts of the ``fontpkg-*`` packages, and one bundled face with a corrected advance (see
``letterkit.fonts.registry``). Without this hook every user's first letter cuts them (several
seconds each). Here the wheel build does it once, with letterkit's own code
(``letterkit.fonts.instancing``, run with a temporary cache folder), and puts the faces and the
facts the PDF writer reads from every face into ``letterkit/fonts/prepared/``. At run time a
prepared face is used when its name (PostScript name + a tag of the source font's contents)
matches the installed font package; otherwise letterkit cuts it as before, and says so.

Editable installs skip this (the checkout's fonts are prepared on first use, in the cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent

# Runs in a child process: imports letterkit's font modules without letterkit/__init__.py (which
# needs the run-time dependencies, absent from an isolated build environment).
_PREPARE = """
import sys, types
from pathlib import Path
src = Path(sys.argv[1])
for name, folder in (("letterkit", src / "letterkit"), ("letterkit.fonts", src / "letterkit/fonts")):
    module = types.ModuleType(name)
    module.__path__ = [str(folder)]
    sys.modules[name] = module
from letterkit.fonts.registry import FAMILIES, face
for family in FAMILIES:
    for bold in (False, True):
        for italic in (False, True):
            found = face(family, bold, italic)
            found.program  # instances, corrected copies and every face's facts into the cache
"""


class PreparedFontsHook(BuildHookInterface):  # type: ignore[type-arg, unused-ignore]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._work = Path(tempfile.mkdtemp(prefix="letterkit-fonts-"))
        env = {**os.environ, "LETTERKIT_CACHE_DIR": str(self._work)}
        subprocess.run([sys.executable, "-c", _PREPARE, str(ROOT / "src")], env=env, check=True)
        prepared = sorted((self._work / "fonts").glob("*.ttf")) + sorted(
            (self._work / "fonts").glob("*.facts")
        )
        if not prepared:
            raise RuntimeError("letterkit: the build prepared no fonts")
        for path in prepared:
            build_data["force_include"][str(path)] = f"letterkit/fonts/prepared/{path.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
