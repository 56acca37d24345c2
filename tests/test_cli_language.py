"""The CLI speaks the user's language: which one and why, --help and `write` fully in German
and Urdu, right-to-left lines that read right on a terminal and stay logical in a pipe."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit import ui_language
from letterkit.cli import app
from letterkit.ui_language import RLM, choose_ui_language, for_terminal

runner = CliRunner()
REPO = Path(__file__).resolve().parent.parent

# What may stay Latin in a translated --help: the program, command and option names, metavars,
# format/paper/layout/calendar/digit/font values, file names and environment variables, and
# technical names that German and Urdu use as they are.
_ALLOWED_WORDS = """
letterkit OPTIONS COMMAND ARGS init profile campaigns show check write merge sign-on send report
preview serve fonts locale traceback version ui-lang LANG help LETTERKIT_LANG LANGUAGE LC_ALL
LC_MESSAGES de ur en fa_AF campaign str directory file to lang format out edit sender safe no-safe
paper layout attach html from digits calendar font envelope reference-copy no-reference-copy bilingual
letterhead date force PDF DOCX eml fax pdf docx txt envelope UTF-8 RFC Word LibreOffice HTML
a4 letter din5008a din5008b ch fr uk us10 latn arabext arab gregorian solar_hijri lunar_hijri
nastaliq naskh amiri sans-arabic serif sans DL C5 EDITOR YYYY-MM-DD all From pdf,docx,txt
CAMPAIGN FOLDER SMTP eml To CHECK PO po mo Babel en_XA ar_XB md.j2 targets todo toml jsonl
letterkit-sent campaign lang target png PNG preview-locale CI Urdu Dari t l f o
"""
ALLOWED = set(_ALLOWED_WORDS.split())
# German words that happen to be spelled like English ones.
GERMAN_TOO = {
    "Traceback",
    "Optionen",
    "Text",
    "Fax",
    "Urdu",
    "Dari",
    "Computer",
    "Browser",
    "Server",
}


WORD = re.compile(r"[^\W\d][\w.,-]*")


def words_left_in_english(text: str, translation_words: set[str]) -> list[str]:
    """Latin-letter words of ``text`` not in the allow-list nor among the words the catalog's
    translations themselves use (German words)."""
    found = []
    for word in WORD.findall(text):
        word = word.strip(".,-")
        if (
            word
            and word.isascii()
            and any(c.isalpha() for c in word)
            and word not in ALLOWED
            and word not in translation_words
        ):
            found.append(word)
    return found


def catalog_words(code: str) -> set[str]:
    from babel.messages.pofile import read_po

    from letterkit.locales import catalog_path

    with catalog_path(code).open("rb") as fh:
        catalog = read_po(fh)
    words: set[str] = set(GERMAN_TOO)
    for message in catalog:
        if message.id and message.string and isinstance(message.string, str):
            words.update(w.strip(".,-") for w in WORD.findall(message.string))
    return words


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LETTERKIT_LANG")
    }
    base.update({"LANG": "C.UTF-8", "COLUMNS": "100"})
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "letterkit", *args],
        capture_output=True,
        text=True,
        env=base,
        check=False,
        timeout=120,
    )


def english_lines(output: str, code: str) -> list[str]:
    words = catalog_words(code) if code == "de" else set(GERMAN_TOO)
    return [
        line for line in output.splitlines() if words_left_in_english(line.strip(" │╭╮╰╯─*"), words)
    ]


@pytest.mark.parametrize(
    ("args", "env", "code"),
    [
        (("--ui-lang", "de", "--help"), {}, "de"),
        (("--help",), {"LANG": "ur_PK.UTF-8"}, "ur"),
        (("write", "--help", "--ui-lang", "de"), {}, "de"),
        (("write", "--help"), {"LANGUAGE": "ur:en", "LANG": "de_DE.UTF-8"}, "ur"),
    ],
)
def test_help_is_fully_translated(args: tuple[str, ...], env: dict[str, str], code: str) -> None:
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert english_lines(out, code) == [], out
    if code == "ur":
        assert "استعمال:" in out and "اختیارات" in out
        assert sum("\u0600" <= ch <= "\u06ff" for ch in out) > 300
    else:
        assert "Aufruf:" in out and "Optionen" in out
    assert "Usage:" not in out and "Show this message" not in out


def test_english_help_is_caught_by_the_check() -> None:
    """The allow-list check is not blind: English --help fails it."""
    result = run_cli("write", "--help")
    assert result.returncode == 0
    assert len(english_lines(result.stdout, "de")) > 10


def test_choice_order() -> None:
    def profile() -> str | None:
        return "de"

    env = {"LETTERKIT_LANG": "ur", "LANG": "de_DE.UTF-8"}
    assert choose_ui_language(["--ui-lang", "de"], env, profile) == ("de", "--ui-lang")
    assert choose_ui_language(["--ui-lang=de"], env, profile).code == "de"
    assert choose_ui_language([], env, profile) == ("ur", "LETTERKIT_LANG")
    assert choose_ui_language([], {"LANG": "ur_PK.UTF-8"}, profile) == ("de", "profile")
    assert choose_ui_language([], {"LANG": "ur_PK.UTF-8"}, lambda: None) == ("ur", "LANG")
    assert choose_ui_language([], {"LANGUAGE": "xx:de", "LANG": "ur_PK"}, lambda: None) == (
        "de",
        "LANGUAGE",
    )
    assert (
        choose_ui_language([], {"LC_ALL": "C", "LANG": "de_AT.UTF-8"}, lambda: None).code == "en"
    )  # LC_ALL=C decides: English
    assert choose_ui_language([], {"LC_MESSAGES": "de_CH.UTF-8", "LANG": "ur"}, lambda: None) == (
        "de",
        "LC_MESSAGES",
    )
    assert choose_ui_language([], {}, lambda: None) == ("en", "default")
    # an unknown language is passed over, not an error
    assert choose_ui_language(["--ui-lang", "xx"], {"LANG": "de_DE"}, lambda: None).code == "de"


def test_profile_ui_language_beats_the_environment(tmp_path: Path) -> None:
    config = Path(os.environ["LETTERKIT_CONFIG_DIR"])
    from letterkit.sender import profile_path

    assert profile_path().parent == config or True
    profile_path().parent.mkdir(parents=True, exist_ok=True)
    profile_path().write_text('name = "A"\nlanguage = "en"\nui_language = "ur"\n', encoding="utf-8")
    result = run_cli(
        "--help",
        env={"LANG": "de_DE.UTF-8", "LETTERKIT_CONFIG_DIR": os.environ["LETTERKIT_CONFIG_DIR"]},
    )
    assert "استعمال:" in result.stdout
    result = run_cli(
        "--ui-lang",
        "de",
        "--help",
        env={"LETTERKIT_CONFIG_DIR": os.environ["LETTERKIT_CONFIG_DIR"]},
    )
    assert "Aufruf:" in result.stdout


def test_missing_catalog_falls_back_to_english_quietly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A language letterkit knows but has no catalog for (here: an empty locales folder)."""
    from letterkit import resources
    from letterkit.locales import catalogs

    catalogs.gettext_for.cache_clear()
    monkeypatch.setattr(resources, "locales_dir", lambda: tmp_path)
    try:
        ui_language.activate("de")
        assert ui_language.gettext("Wrote:") == "Wrote:"
    finally:
        catalogs.gettext_for.cache_clear()
    result = run_cli("--ui-lang", "tg", "--help")  # tg: known, CLI strings untranslated
    assert result.returncode == 0 and result.stderr == ""
    assert "letterkit" in result.stdout


@pytest.fixture
def profile() -> None:
    result = runner.invoke(
        app,
        [
            "init",
            "--name",
            "Amina Rahimi",
            "--street",
            "12 Example Street",
            "--city",
            "Berlin",
            "--postal-code",
            "10115",
            "--country",
            "DE",
            "--email",
            "amina@example.org",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0


WRITE_EXPECTED = {
    "de": [
        "Sprache: ur (Urdu), erste der bevorzugten Sprachen von pm, in der die Kampagne "
        "einen Brief hat",
        "Geschrieben:",
        "So versenden Sie ihn:",
        "Post:",
        "Rat:",
        "letterkit: Warnung: Frist",
    ],
    "ur": ["زبان: ur (اردو)", "--lang سے مانگی گئی", "ڈاک:", "letterkit: انتباہ:"],
}


@pytest.mark.parametrize("code", ["de", "ur"])
def test_write_speaks_german_and_urdu(profile: None, tmp_path: Path, code: str) -> None:
    lang = ["--lang", "ur"] if code == "ur" else []
    result = runner.invoke(
        app,
        [
            "--ui-lang",
            code,
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            *lang,
            "--format",
            "txt",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    text = result.output  # stdout and stderr
    for expected in WRITE_EXPECTED[code]:
        assert expected in text, text
    for english in (
        "Language:",
        "Wrote:",
        "How to deliver it:",
        "Advice:",
        "warning:",
        "asked for with",
        "The letter is in",
    ):
        assert english not in text, text
    # the paths are printed unchanged (no marks when not on a terminal)
    assert f"  {tmp_path}" in text and RLM not in text


def test_write_error_line_is_translated(profile: None) -> None:
    result = runner.invoke(
        app, ["--ui-lang", "ur", "write", "pakistan-deportations", "--to", "nobody"]
    )
    assert result.exit_code != 0
    assert "letterkit: خرابی:" in result.output


def test_rtl_lines_on_a_terminal_and_in_a_pipe() -> None:
    line = "لکھا گیا: out/letter-ur.txt 12"
    assert for_terminal(line, tty=False, code="ur") == line  # piped: logical, untouched
    marked = for_terminal(line, tty=True, code="ur", environ={})
    assert marked.startswith(RLM) and "\u2066out/letter-ur.txt 12\u2069" in marked
    assert marked.replace(RLM, "").replace("\u2066", "").replace("\u2069", "") == line
    assert for_terminal("Wrote: x", tty=True, code="de", environ={}) == "Wrote: x"
    visual = for_terminal(line, tty=True, code="ur", environ={"LETTERKIT_TERMINAL_BIDI": "visual"})
    # visual order: the Urdu word is reversed, the path keeps its left-to-right order
    assert "out/letter-ur.txt" in visual and visual.rstrip().endswith("لکھا گیا"[::-1])
    assert (
        for_terminal(line, tty=True, code="ur", environ={"LETTERKIT_TERMINAL_BIDI": "off"}) == line
    )


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal; return what the terminal received."""
    master, slave = pty.openpty()
    full = {**os.environ, "LANG": "C.UTF-8", **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "letterkit", *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=full,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_rtl_marks_reach_a_terminal_but_not_a_pipe(profile: None) -> None:
    env = {"LETTERKIT_CONFIG_DIR": os.environ["LETTERKIT_CONFIG_DIR"]}
    on_tty = _on_a_terminal("--ui-lang", "ur", "campaigns", env=env)
    piped = run_cli("--ui-lang", "ur", "campaigns", env=env).stdout
    assert RLM in on_tty
    assert RLM not in piped and "\u2066" not in piped


def test_isolates_keep_brackets_balanced() -> None:
    marked = for_terminal("زبان: ur (اردو)", tty=True, code="ur", environ={})
    assert "\u2066ur\u2069 (اردو)" in marked
