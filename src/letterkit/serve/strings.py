"""The app's own words, marked for letterkit's gettext catalogs (``pybabel extract``) and
translated there like every other message (Urdu, Dari and Persian so far; ``letterkit locale
status`` shows what a language still lacks)."""

from __future__ import annotations

from ..locales import N_, translate

MESSAGES = (
    N_("Write a letter"),
    N_("To whom"),
    N_("Your name"),
    N_("Your town"),
    N_("Safe mode: sign with initials and town only"),
    N_("A sentence in your own words"),
    N_("Show my letter"),
    N_("Queue my letter"),
    N_("Your letter is queued. Thank you!"),
    N_("The letter as it will be sent"),
    N_("The letter in your language"),
    N_("First page"),
    N_("Write another letter"),
    N_("Language"),
    N_("Change"),
    N_("PIN"),
    N_("Enter"),
    N_("Please check the form."),
    N_("Back"),
)


def ui_text(code: str, message: str) -> str:
    """``message`` in the evening's language (English where its catalog has no translation)."""
    return translate(code, message)
