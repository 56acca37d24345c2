"""``letterkit serve``: a local web app for a letter-writing evening (see docs/evening.md).

Supporters compose and queue letters in a browser; the organiser prints them in one PDF, reads
the tally and deletes all personal data at the end. Built on letterkit's public API; the
printing helpers come through :mod:`letterkit.serve.printing`, the one adapter module.
"""

from __future__ import annotations

from .app import Evening, create_app
from .queue import LetterQueue, QueuedLetter, data_dir

__all__ = ["Evening", "LetterQueue", "QueuedLetter", "create_app", "data_dir"]
