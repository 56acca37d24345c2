"""Shared fixtures. No test touches the real home: the config dir points into tmp_path."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from letterkit import ui_language
from letterkit.address import PostalAddress
from letterkit.locales import locale_info
from letterkit.model import Labels, Letter, ListBlock, Meta, Paragraph, Party, Span

# Static font faces cut from variable fonts are cached between runs in the checkout (ignored by
# git), never in the user's home; subprocesses started by tests inherit the setting.
os.environ.setdefault(
    "LETTERKIT_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".test-cache")
)


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("LETTERKIT_CONFIG_DIR", str(config))
    monkeypatch.setenv("LETTERKIT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("LETTERKIT_LANG", raising=False)
    # The CLI speaks the environment's language: tests start in English, whatever the machine.
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LETTERKIT_TERMINAL_BIDI"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setitem(ui_language._ACTIVE, "code", None)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    return config


_SAMPLES: dict[str, dict[str, object]] = {
    "en": dict(
        direction="ltr",
        subject="Stop the deportation of Afghan refugees",
        salutation="Dear Prime Minister,",
        body=(
            Paragraph(
                (
                    Span("I am writing about the Afghan refugees in Pakistan. "),
                    Span("UNHCR", bold=True),
                    Span(" counts more than 3.7 million of them."),
                )
            ),
            ListBlock(
                True, ((Span("Halt the deportations."),), (Span("Release those detained."),))
            ),
            Paragraph((Span("Thank you for your "), Span("attention", italic=True), Span("."))),
        ),
        closing="Yours sincerely,",
        date="24 November 2026",
        recipient=(
            "H.E. Anwaar-ul-Haq Kakar",
            "Caretaker Prime Minister",
            "Constitution Avenue",
            "G-5/2",
            "Islamabad",
            "Pakistan",
        ),
        sender=("Amina Rahimi", "12 Example Street", "10115 Berlin"),
    ),
    "ur": dict(
        direction="rtl",
        subject="افغان پناہ گزینوں کی ملک بدری روکیں",
        salutation="جنابِ عالی!",
        body=(
            Paragraph(
                (
                    Span("میں پاکستان میں مقیم افغان پناہ گزینوں کے بارے میں لکھ رہی ہوں۔ "),
                    Span("UNHCR", bold=True),
                    Span(" کے مطابق ان کی تعداد 3.7 ملین سے زیادہ ہے۔"),
                )
            ),
            ListBlock(
                True,
                ((Span("ملک بدری فوراً روکی جائے۔"),), (Span("گرفتار افراد کو رہا کیا جائے۔"),)),
            ),
            Paragraph((Span("آپ کی "), Span("توجہ", bold=True), Span(" کا شکریہ۔"))),
        ),
        closing="آپ کی مخلص،",
        date="24 نومبر، 2026ء",
        recipient=(
            "عزت مآب انوار الحق کاکڑ",
            "نگران وزیرِ اعظم",
            "Constitution Avenue",
            "G-5/2",
            "Islamabad",
            "Pakistan",
        ),
        sender=("آمنہ رحیمی", "12 Example Street", "10115 Berlin"),
    ),
    "fa_AF": dict(
        direction="rtl",
        subject="اخراج پناهجویان افغان را متوقف کنید",
        salutation="جلالتمآب، با سلام و احترام",
        body=(
            Paragraph(
                (
                    Span("من در بارهٔ پناهجویان افغان در پاکستان می‌نویسم. به گفتهٔ "),
                    Span("UNHCR"),
                    Span(" بیش از ۳٫۷ میلیون نفر (از جمله زنان) آنجا زندگی می‌کنند."),
                )
            ),
            ListBlock(
                False, ((Span("اخراج‌ها را متوقف کنید."),), (Span("بازداشت‌شدگان را آزاد کنید."),))
            ),
        ),
        closing="با احترام،",
        date="۲۴ نوامبر ۲۰۲۶",
        recipient=(
            "جلالتمآب انوار الحق کاکړ",
            "صدراعظم موقت",
            "Constitution Avenue",
            "G-5/2",
            "Islamabad",
            "Pakistan",
        ),
        sender=("آمنه رحیمی", "12 Example Street", "10115 Berlin"),
    ),
}


@pytest.fixture
def make_letter() -> Callable[..., Letter]:
    """Build a :class:`Letter` directly (no campaign, no templates): ``make_letter("ur")``.

    Keyword arguments override any field, e.g. ``make_letter("en", body=(...))``.
    """

    def factory(language: str = "en", **overrides: object) -> Letter:
        sample = dict(_SAMPLES["en" if language not in _SAMPLES else language])
        recipient_lines = sample.pop("recipient")
        sender_lines = sample.pop("sender")
        fields: dict[str, object] = dict(
            language=language,
            sender=Party(
                name=sender_lines[0],
                lines=sender_lines,  # type: ignore[arg-type]
                address=PostalAddress(("12 Example Street",), "Berlin", "", "10115", "DE"),
                email="amina@example.org",
                phone="+49 30 1234567",
            ),
            recipient=Party(
                name=recipient_lines[0],
                lines=recipient_lines,  # type: ignore[arg-type]
                address=PostalAddress(("Constitution Avenue", "G-5/2"), "Islamabad", "", "", "PK"),
                email="pm@example.gov.pk",
                position="Caretaker Prime Minister",
            ),
            signature=(sender_lines[0],),  # type: ignore[index]
            meta=Meta(
                title=str(sample["subject"]),
                author=str(sender_lines[0]),  # type: ignore[index]
                subject=str(sample["subject"]),
                campaign_id="test",
                target_id="pm",
            ),
            labels=Labels(),
            reference="UA 109.23",
            place="Berlin",
            date_iso="2026-11-24",
            digits=locale_info(language).digits,
            **sample,
        )
        fields.update(overrides)
        return Letter(**fields)  # type: ignore[arg-type]

    return factory
