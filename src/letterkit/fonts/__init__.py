"""Fonts: which face serves which script and style for each locale, and coverage checks.

Public API:

* :func:`face` — the shared :class:`Face` of a family (``"serif"``, ``"nastaliq"``, ``"naskh"``,
  ``"amiri"``, ``"sans"``, ``"sans-arabic"``) in a style, made on first use.
* :func:`face_for_char` — the face that draws one character in a locale (primary, then fallback).
* :func:`check_coverage` / :func:`alphabet` / :class:`MissingChar` — gaps reported, never boxes.
* :data:`FAMILIES` — what each family is, where it comes from.

Nothing heavy is imported here: fontTools and uharfbuzz load on first real use.
"""

from __future__ import annotations

from .coverage import MissingChar, alphabet, check_coverage, primary_face_name
from .registry import FAMILIES, Face, FamilyInfo, check_family, face
from .selection import chain, default_family, face_for_char, primary_family, script_class

__all__ = [
    "FAMILIES",
    "Face",
    "FamilyInfo",
    "MissingChar",
    "alphabet",
    "chain",
    "check_coverage",
    "check_family",
    "default_family",
    "face",
    "face_for_char",
    "primary_face_name",
    "primary_family",
    "script_class",
]
