"""The sender × target × language × layout matrix that the matrix tests walk (issue 10).

One place for the cases, so every matrix test (window and post office checks, PDF/DOCX page
parity, envelopes and labels) walks the same senders. ``full_cases()`` is the whole matrix (run
under the ``slow`` marker before a release); ``sample_cases()`` is a fixed sample that still
covers every sender country, every target, every language and every layout at least once, for the
default run.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

# Realistic senders, one per country a supporter writes from. Addresses are made up but in each
# country's own form.
SENDERS: dict[str, dict[str, str]] = {
    "US": dict(
        name="Jordan Miller",
        street="1250 W Addison St",
        city="Chicago",
        region="IL",
        postal_code="60613",
        country="US",
        email="jordan@example.org",
        phone="+1 312 555 0142",
    ),
    "CA": dict(
        name="Émilie Tremblay",
        street="220 Yonge Street",
        city="Toronto",
        region="ON",
        postal_code="M5B 2H1",
        country="CA",
        email="emilie@example.org",
        phone="+1 416 555 0199",
    ),
    "GB": dict(
        name="Sam Example",
        street="14 Park Row",
        city="Leeds",
        postal_code="LS1 5HD",
        country="GB",
        email="sam@example.org",
        phone="+44 113 496 0000",
    ),
    "DE": dict(
        name="Amina Rahimi",
        street="Example Straße 12",
        city="Berlin",
        postal_code="10115",
        country="DE",
        email="amina@example.org",
        phone="+49 30 1234567",
    ),
    "FR": dict(
        name="Claire Dubois",
        street="8 rue de Rivoli",
        city="Paris",
        postal_code="75004",
        country="FR",
        email="claire@example.org",
        phone="+33 1 23 45 67 89",
    ),
    "CH": dict(
        name="Lukas Meier",
        street="Bahnhofstrasse 7",
        city="Zürich",
        postal_code="8001",
        country="CH",
        email="lukas@example.org",
        phone="+41 44 123 45 67",
    ),
    "PK": dict(
        name="Ayesha Siddiqui",
        street="House 12, Street 5, F-7/2",
        city="Karachi",
        postal_code="75500",
        country="PK",
        email="ayesha@example.org",
        phone="+92 21 3456 7890",
    ),
    "AF": dict(
        name="Farid Ahmadi",
        street="Street 3, Karte Seh",
        city="Kabul",
        postal_code="1001",
        country="AF",
        email="farid@example.org",
        phone="+93 20 210 1234",
    ),
    "IR": dict(
        name="Zahra Karimi",
        street="Vali Asr Street 1200",
        city="Tehran",
        postal_code="15119-43943",
        country="IR",
        email="zahra@example.org",
        phone="+98 21 8888 1234",
    ),
    "AU": dict(
        name="Mia Nguyen",
        street="45 George Street",
        city="Sydney",
        region="NSW",
        postal_code="2000",
        country="AU",
        email="mia@example.org",
        phone="+61 2 9876 5432",
    ),
}

CAMPAIGN = "pakistan-deportations"
TARGETS: tuple[str, ...] = ("pm", "ambassador-us")
LANGUAGES: tuple[str, ...] = ("en", "ur", "fa_AF")
LAYOUTS: tuple[str, ...] = ("din5008a", "din5008b", "ch", "fr", "us10", "uk")
FORMATS: tuple[str, ...] = ("pdf", "docx", "envelope", "labels")


@dataclass(frozen=True)
class Case:
    country: str
    target: str
    language: str
    layout: str

    @property
    def id(self) -> str:
        return f"{self.country}-{self.target}-{self.language}-{self.layout}"

    @property
    def sender(self) -> dict[str, str]:
        return SENDERS[self.country]


def full_cases() -> list[Case]:
    """Every sender country × target × language × layout (10 × 2 × 3 × 6 = 360 letters)."""
    return [Case(*values) for values in itertools.product(SENDERS, TARGETS, LANGUAGES, LAYOUTS)]


def sample_cases() -> list[Case]:
    """A fixed sample: each country once, cycling targets, languages and layouts.

    Twelve cases: the ten countries, plus a right-to-left French-layout case and a Letter-paper
    US case in Dari, the two combinations that broke first.
    """
    cases = [
        Case(
            country,
            TARGETS[i % len(TARGETS)],
            LANGUAGES[i % len(LANGUAGES)],
            LAYOUTS[i % len(LAYOUTS)],
        )
        for i, country in enumerate(SENDERS)
    ]
    cases += [Case("FR", "pm", "ur", "fr"), Case("US", "ambassador-us", "fa_AF", "us10")]
    return cases
