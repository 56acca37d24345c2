"""Open letters without rendering: reading signatory files, collation, duplicates, counts, the
composed letter, the bundled campaign and the `sign-on` command's messages."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.campaign import load_campaign
from letterkit.cli import app
from letterkit.collation import sorted_names
from letterkit.errors import CampaignError, ChoiceError, DataError
from letterkit.openletter.duplicates import find_duplicates
from letterkit.openletter.letter import ListOptions, compose_open_letter
from letterkit.openletter.signatories import read_signatories
from letterkit.openletter.texts import counts_line

DATA = Path(__file__).parent / "data" / "signatories"
CAMPAIGN = "afghan-deportations-open-letter"
SEED_FILE = Path(__file__).parent.parent / "templates" / "campaigns" / CAMPAIGN / "signatories.csv"


# -- collation -------------------------------------------------------------------------------


def test_persian_names_sort_in_the_persian_alphabet():
    # پ after ب, چ after ج, ژ after ز, گ after ک: code-point order gets every one of these wrong
    names = ["گلالی", "کابل", "ژاله", "زرغونه", "چمن", "جمیله", "پروین", "بهار"]
    assert sorted_names(names, "fa_AF") == [
        "بهار",
        "پروین",
        "جمیله",
        "چمن",
        "زرغونه",
        "ژاله",
        "کابل",
        "گلالی",
    ]
    assert sorted(names) != sorted_names(names, "fa_AF")


def test_latin_names_sort_with_accents_and_case_beside_their_letters():
    names = ["zeta Network", "Émile Trust", "hūmānus", "Azadi Network", "eagle", "Hami", "ALO"]
    assert sorted_names(names, "en") == [
        "ALO",
        "Azadi Network",
        "eagle",
        "Émile Trust",
        "Hami",
        "hūmānus",
        "zeta Network",
    ]


# -- reading ---------------------------------------------------------------------------------


def test_the_seed_list_has_51_organisations_in_the_seeds_order():
    rows = read_signatories(SEED_FILE)
    assert len(rows) == 51
    assert {r.kind for r in rows} == {"organisation"}
    assert rows[0].name == "Afghan Women activists Coordinating Body"
    assert rows[0].row == 2  # the header is row 1, as the spreadsheet shows it
    assert rows[48].name == "جنبش ترکتبار افغانستان"
    assert rows[50].name == "VPO-سازمان حمایت از قربانیان"


def test_utf16_tab_separated_and_xlsx_files_read_alike(tmp_path):
    from openpyxl import Workbook

    rows = read_signatories(DATA / "mixed.csv")
    text = (DATA / "mixed.csv").read_text(encoding="utf-8").replace(",", "\t")
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    book = Workbook()
    sheet = book.active
    for line in (DATA / "mixed.csv").read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    xlsx = tmp_path / "list.xlsx"
    book.save(xlsx)
    for other in (utf16, xlsx):
        again = read_signatories(other)
        assert [(r.name, r.kind, r.name_local, r.anonymous) for r in again] == [
            (r.name, r.kind, r.name_local, r.anonymous) for r in rows
        ]


@pytest.mark.parametrize("path", sorted(DATA.glob("bad.*.csv")), ids=lambda p: p.name)
def test_bad_signatory_files_name_the_row_and_field(path):
    expected = {
        "bad.missing-name.csv": "row 3: field 'name' is empty",
        "bad.unknown-kind.csv": "row 4: field 'kind' is 'volunteer'",
        "bad.anonymous-flag.csv": "row 2: field 'anonymous' is 'perhaps'",
        "bad.no-name-column.csv": "row 1: no column for the signatories' names",
        "bad.only-header.csv": "no signatories",
    }[path.name]
    with pytest.raises(DataError) as info:
        read_signatories(path)
    assert str(info.value).startswith(f"{path.name}: ")
    assert expected in str(info.value)


def test_bad_file_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(
        app, ["sign-on", CAMPAIGN, str(DATA / "bad.unknown-kind.csv"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "letterkit: error: bad.unknown-kind.csv: row 4: field 'kind' is 'volunteer'; one of "
        "organisation, individual"
    ]


# -- columns as sign-up forms and spreadsheets head them -------------------------------------


def _csv(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sign_up_form_export_is_read_by_its_own_headers(tmp_path):
    # what an online form's "download responses" gives: a timestamp, questions as headers
    path = _csv(
        tmp_path,
        "Timestamp,Organisation name,Type of signatory,Country code,Name in your language,"
        "Email address,Sign anonymously\n"
        "2026-11-30 10:02,Rawadari,Organisation,AF,رواداری,info@example.org,No\n"
        "2026-11-30 10:05,Shabana Ahmadi,Individual,DE,,s@example.org,\n"
        "2026-11-30 10:09,Someone,individual,PK,,x@example.org,yes\n",
    )
    rows = read_signatories(path)
    assert [(r.row, r.name, r.kind, r.country, r.name_local, r.anonymous) for r in rows] == [
        (2, "Rawadari", "organisation", "AF", "رواداری", False),
        (3, "Shabana Ahmadi", "individual", "DE", "", False),
        (4, "Someone", "individual", "PK", "", True),
    ]


def test_a_list_of_organisations_headed_organisation_takes_it_as_the_names(tmp_path):
    rows = read_signatories(_csv(tmp_path, "Organisation;Country\nRawadari;AF\nAWN;AF\n"))
    assert [(r.name, r.kind, r.affiliation) for r in rows] == [
        ("Rawadari", "organisation", ""),
        ("AWN", "organisation", ""),
    ]
    # beside a name column, "Organisation" is an individual's affiliation
    rows = read_signatories(
        _csv(tmp_path, "Name,Organization,Kind\nShabana Ahmadi,AWN,individual\n", "b.csv")
    )
    assert [(r.name, r.affiliation, r.kind) for r in rows] == [
        ("Shabana Ahmadi", "AWN", "individual")
    ]


def test_map_names_a_column_and_leaves_one_out(tmp_path):
    path = _csv(tmp_path, "Group,Full name,Land\nRawadari,Someone Else,AF\n")
    rows = read_signatories(path, column_map={"Group": "name", "Full name": "-"})
    assert [(r.name, r.country) for r in rows] == [("Rawadari", "AF")]


def test_column_problems_are_one_line_naming_the_file_and_the_headers(tmp_path):
    from letterkit.merge.columns import parse_map
    from letterkit.openletter.signatories import COLUMNS

    two = _csv(tmp_path, "Name,Full name\nA,B\n")
    with pytest.raises(DataError, match=r"^list\.csv: the columns 'Name' and 'Full name' both"):
        read_signatories(two)
    with pytest.raises(DataError, match=r"--map names the column 'Group', which is not there"):
        read_signatories(two, column_map={"Group": "name"})
    with pytest.raises(DataError, match=r"unknown field 'street'; fields: name, kind, affil"):
        parse_map(["Address=street"], COLUMNS)
    none = _csv(tmp_path, "Country,Kind\nAF,organisation\n", "none.csv")
    with pytest.raises(DataError) as info:
        read_signatories(none)
    assert str(info.value) == (
        "none.csv: row 1: no column for the signatories' names (a 'name' column; fields: name, "
        "kind, affiliation, country, name_local, anonymous); columns found: 'Country', 'Kind'. "
        'Map one with --map "HEADER=name"'
    )


def test_sign_on_takes_map(tmp_path):
    path = _csv(tmp_path, "Group,Land\nRawadari,AF\nAfghan Women's Network,AF\n")
    result = CliRunner().invoke(
        app,
        [
            "sign-on",
            CAMPAIGN,
            str(path),
            "--map",
            "Group=name",
            "-f",
            "txt",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    text = next(tmp_path.glob("*.txt")).read_text(encoding="utf-8")
    assert "Rawadari" in text and "Afghan Women's Network" in text
    result = CliRunner().invoke(
        app, ["sign-on", CAMPAIGN, str(path), "--map", "Group", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        'letterkit: error: --map \'Group\': write it as "HEADER=FIELD", e.g. "Full name=name"'
    ]


# -- duplicates ------------------------------------------------------------------------------


def test_duplicates_are_reported_one_line_each_naming_both_rows():
    rows = read_signatories(DATA / "mixed.csv")
    lines = [d.line("mixed.csv") for d in find_duplicates(rows)]
    assert lines == [
        "mixed.csv: rows 3 and 6 may be the same signatory (the same name): "
        "\"Afghan Women's Network\" / 'afghan womens network'",
        "mixed.csv: rows 3 and 8 may be the same signatory (both are 'afghan womens network'): "
        '"Afghan Women\'s Network" / "AWN (Afghan Women\'s Network)"',
        "mixed.csv: rows 6 and 8 may be the same signatory (both are 'afghan womens network'): "
        "'afghan womens network' / \"AWN (Afghan Women's Network)\"",
    ]


def test_the_seed_list_has_one_likely_duplicate_an_abbreviation():
    found = find_duplicates(read_signatories(SEED_FILE))
    assert [(d.first.name, d.second.name) for d in found] == [
        ("Afghanistan Human Rights and Democracy Organization", "AHRDO")
    ]


def test_duplicates_are_printed_not_merged():
    rows = read_signatories(DATA / "mixed.csv")
    letter = compose_open_letter(load_campaign(CAMPAIGN), rows, language="en")
    assert letter.signatory_list is not None
    assert len(letter.signatory_list.members) == len(rows) == 7


# -- counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("orgs", "people", "lang", "expected"),
    [
        (51, 0, "en", "51 organisations"),
        (51, 3, "en", "51 organisations, 3 individuals"),
        (1, 1, "en", "1 organisation, 1 individual"),
        (51, 3, "fa_AF", "۵۱ نهاد و ۳ فرد"),
        (2, 1, "de", "2 Organisationen, 1 Einzelperson"),
        (1, 5, "ur", "1 تنظیم، 5 افراد"),
    ],
)
def test_counts_line_uses_plural_rules_and_the_locales_digits(orgs, people, lang, expected):
    assert counts_line(orgs, people, lang) == expected


# -- the composed letter ---------------------------------------------------------------------


def test_grouped_sorted_list_numbers_across_groups_in_the_letters_digits():
    campaign = load_campaign(CAMPAIGN)
    rows = read_signatories(DATA / "mixed.csv")
    letter = compose_open_letter(
        campaign, rows, language="fa_AF", options=ListOptions(sort="name", group=True, columns=2)
    )
    roster = letter.signatory_list
    assert roster is not None
    assert [g.heading for g in roster.groups] == ["نهادها", "افراد"]
    assert [m.number for m in roster.members] == ["۱.", "۲.", "۳.", "۴.", "۵.", "۶.", "۷."]
    people = [m.name for m in roster.groups[1].members]
    assert people == ["Amina Rahimi", "Sam Example", "بی‌نام"]  # anonymous last
    amina = roster.groups[1].members[0]
    assert (amina.name_local, amina.organisation, amina.place) == (
        "آمنه رحیمی",
        "Azadi Network",
        "آلمان",
    )
    anonymous = roster.groups[1].members[2]
    assert (anonymous.organisation, anonymous.place) == ("", "پاکستان")
    assert roster.counts == "۴ نهاد و ۳ فرد"


def test_open_letter_has_addressees_and_no_window_recipient():
    campaign = load_campaign(CAMPAIGN)
    letter = compose_open_letter(campaign, read_signatories(SEED_FILE), language="en")
    assert letter.addressees[0] == "The United Nations High Commissioner for Refugees (UNHCR)"
    assert len(letter.addressees) == 5
    assert letter.recipient.lines == ()
    fa = compose_open_letter(campaign, read_signatories(SEED_FILE), language="fa_AF")
    assert fa.addressees[2] == "اتحادیهٔ اروپا"
    assert fa.direction == "rtl"


def test_list_options_are_checked():
    with pytest.raises(ChoiceError, match="--columns must be 1 or 2"):
        ListOptions(columns=3)
    with pytest.raises(ChoiceError, match="--sort must be one of given, name"):
        ListOptions(sort="random")


def test_a_letter_campaign_is_not_an_open_letter():
    with pytest.raises(ChoiceError, match="is not an open letter"):
        compose_open_letter(load_campaign("pakistan-deportations"), read_signatories(SEED_FILE))


def test_open_letter_needs_addressees(tmp_path):
    folder = tmp_path / "c"
    (folder / "letters").mkdir(parents=True)
    (folder / "campaign.toml").write_text(
        'id = "c"\ntitle = "T"\nkind = "open-letter"\ndefault_language = "en"\n', encoding="utf-8"
    )
    (folder / "letters" / "en.md.j2").write_text(
        '+++\nsubject = "S"\n+++\nText.\n', encoding="utf-8"
    )
    with pytest.raises(CampaignError, match=r"addressees\.toml: file is missing"):
        load_campaign(folder)
    (folder / "addressees.toml").write_text("[[addressee]]\nlocal.en = 'x'\n", encoding="utf-8")
    with pytest.raises(CampaignError, match=r"field 'addressee\[1\].name' is missing"):
        load_campaign(folder)
    (folder / "campaign.toml").write_text(
        'id = "c"\ntitle = "T"\nkind = "petition"\ndefault_language = "en"\n', encoding="utf-8"
    )
    with pytest.raises(CampaignError, match="field 'kind' must be one of letter, open-letter"):
        load_campaign(folder)


# -- the bundled campaign and the command -----------------------------------------------------


def test_campaigns_lists_the_open_letter_and_check_passes():
    runner = CliRunner()
    listed = runner.invoke(app, ["campaigns"])
    assert listed.exit_code == 0
    assert f"{CAMPAIGN}  [open letter]  Stop the mass deportation of Afghans" in listed.stdout
    checked = runner.invoke(app, ["check", CAMPAIGN])
    assert checked.exit_code == 0, checked.stderr
    assert checked.stdout.strip() == (
        f"{CAMPAIGN}: OK (open letter to 5 addressees, letters in en, fa_AF)"
    )


def test_sign_on_writes_the_files_and_warns_about_the_duplicate(tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "sign-on",
            CAMPAIGN,
            str(SEED_FILE),
            "--lang",
            "fa_AF",
            "--format",
            "pdf,docx,txt",
            "--sort",
            "name",
            "--group",
            "--columns",
            "2",
            "--out",
            str(tmp_path),
            "--date",
            "2025-08-12",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Signatories: ۵۱ نهاد",
        "Wrote:",
        *(f"  {tmp_path / f'{CAMPAIGN}-fa_AF.{ext}'}" for ext in ("pdf", "docx", "txt")),
    ]
    assert result.stderr.splitlines() == [
        "letterkit: warning: signatories.csv: rows 4 and 6 may be the same signatory (AHRDO may "
        "be the initials): 'Afghanistan Human Rights and Democracy Organization' / 'AHRDO'"
    ]
    text = (tmp_path / f"{CAMPAIGN}-fa_AF.txt").read_text(encoding="utf-8")
    assert "۱. جنبش ترکتبار افغانستان" in text
    assert "۵۱. WUNRN - Women's UN Report Network" in text.replace("\u200f", "")
    again = CliRunner().invoke(
        app, ["sign-on", CAMPAIGN, str(SEED_FILE), "--lang", "fa_AF", "--out", str(tmp_path)]
    )
    assert again.exit_code == 1
    assert "file exists; use --force" in again.stderr


def test_write_points_an_open_letter_to_sign_on(tmp_path):
    from letterkit.errors import ChoiceError as Choice

    with pytest.raises(Choice, match=r"write it with `letterkit sign-on"):
        load_campaign(CAMPAIGN).select_targets("all")


def test_merge_points_an_open_letter_to_sign_on(tmp_path):
    result = CliRunner().invoke(
        app, ["merge", CAMPAIGN, str(SEED_FILE), "--lang", "en", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert (
        "is an open letter with no target officials; write it with `letterkit sign-on"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("language", "digits", "first"),
    [("en", "latn", "1."), ("fa_AF", "arabext", "۱."), ("ur", "latn", "1۔")],
)
def test_signatories_are_numbered_with_the_locales_list_marker(language, digits, first):
    """The list's numbers are the locale's list markers (locales.list_marker): Urdu closes the
    number with its full stop, as every other list in an Urdu letter does."""
    from letterkit.openletter.letter import signatory_list
    from letterkit.openletter.signatories import SignatoryRow

    rows = [SignatoryRow(2, "Amnesty International"), SignatoryRow(3, "Human Rights Watch")]
    listed = signatory_list(rows, language, ListOptions(), digits)
    numbers = [m.number for g in listed.groups for m in g.members]
    assert numbers[0] == first and len(numbers) == 2
