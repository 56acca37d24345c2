"""The app's own words, marked for letterkit's gettext catalogs (``pybabel extract``).

Until the catalogs carry them, ``FALLBACK`` holds Urdu so that an Urdu evening reads Urdu; a
catalog translation always wins.
"""

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

FALLBACK: dict[str, dict[str, str]] = {
    "ur": {
        "Write a letter": "خط لکھیے",
        "To whom": "کس کے نام",
        "Your name": "آپ کا نام",
        "Your town": "آپ کا شہر",
        "Safe mode: sign with initials and town only": (
            "محفوظ طریقہ: صرف نام کے ابتدائی حروف اور شہر"
        ),
        "A sentence in your own words": "اپنے الفاظ میں ایک جملہ",
        "Show my letter": "میرا خط دکھائیے",
        "Queue my letter": "خط قطار میں ڈالیے",
        "Your letter is queued. Thank you!": "آپ کا خط قطار میں ہے۔ شکریہ!",
        "The letter as it will be sent": "خط جیسا بھیجا جائے گا",
        "The letter in your language": "خط آپ کی زبان میں",
        "First page": "پہلا صفحہ",
        "Write another letter": "ایک اور خط لکھیے",
        "Language": "زبان",
        "Change": "بدلیے",
        "Please check the form.": "براہ کرم فارم دیکھیے۔",
        "Back": "واپس",
    },
}


def ui_text(code: str, message: str) -> str:
    translated = translate(code, message)
    if translated == message:
        return FALLBACK.get(code, {}).get(message, message)
    return translated
