"""letterkit serve over HTTP: CSRF, organiser token, LAN PIN, limits, headers, queue, printing."""

from __future__ import annotations

import datetime as _dt
import html.parser as html_parser
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from letterkit import load_campaign
from letterkit.serve import Evening, LetterQueue, create_app

TOKEN_RE = re.compile(r'name="(csrf|form_token)" value="([^"]+)"')


def make_client(tmp_path: Path, **kw: Any) -> tuple[Any, Evening]:
    evening = Evening(
        campaign=load_campaign("pakistan-deportations"),
        queue=LetterQueue(tmp_path / "q.sqlite3"),
        country="DE",
        day=_dt.date(2026, 12, 4),
        **kw,
    )
    return create_app(evening).test_client(), evening


def tokens(html: str) -> dict[str, str]:
    return dict(TOKEN_RE.findall(html))


def fill(client: Any, lang: str = "en", **over: str) -> dict[str, str]:
    page = client.get(f"/?lang={lang}")
    form = tokens(page.get_data(as_text=True))
    form.update(
        lang=lang,
        target="pm",
        name="Amina Rahimi",
        city="Berlin",
        safe="on",
        sentence="My cousin was sent back in October.",
    )
    form.update(over)
    return form


def test_headers_and_page(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    response = client.get("/?lang=ur")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    html = response.get_data(as_text=True)
    assert '<html lang="ur" dir="rtl">' in html
    assert "آپ کا نام" in html and "<script" not in html
    dari = client.get("/?lang=fa_AF").get_data(as_text=True)
    assert '<html lang="fa-AF" dir="rtl">' in dari
    # the app's words come from the gettext catalogs, Dari's as every other language's
    assert "نام شما" in dari and "نامه بنویسید" in dari and "Your name" not in dari
    font = client.get("/fonts/nastaliq.ttf")  # served by the app: no request leaves the machine
    assert font.headers["Content-Type"] == "font/ttf" and font.data[:4] == b"\x00\x01\x00\x00"
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400


def test_csrf_refused_without_token(tmp_path: Path) -> None:
    client, evening = make_client(tmp_path)
    form = fill(client)
    del form["csrf"]
    assert client.post("/queue", data=form).status_code == 403
    form["csrf"] = "forged-token-value"
    assert client.post("/queue", data=form).status_code == 403
    assert evening.queue.letters() == []


def test_preview_and_queue_once(tmp_path: Path) -> None:
    client, evening = make_client(tmp_path)
    form = fill(client, lang="en", sentence="<b>not markup</b>")
    preview = client.post("/preview", data=form)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "data:image/png;base64," in html
    assert "&lt;b&gt;not markup&lt;/b&gt;" in html and "<b>not" not in html
    assert client.post("/queue", data=form).status_code == 200
    assert client.post("/queue", data=form).status_code == 200  # a double submit
    queued = evening.queue.letters()
    assert len(queued) == 1 and queued[0].name == "Amina Rahimi" and queued[0].safe


def test_input_limits(tmp_path: Path) -> None:
    client, evening = make_client(tmp_path)
    assert client.post("/queue", data=fill(client, name="x" * 81)).status_code == 400
    assert client.post("/queue", data=fill(client, sentence="x" * 401)).status_code == 400
    assert client.post("/queue", data=fill(client, target="nobody")).status_code == 400
    assert client.post("/queue", data=fill(client, sentence="x" * 20000)).status_code == 413
    assert evening.queue.letters() == []


def test_organiser_needs_token(tmp_path: Path) -> None:
    client, evening = make_client(tmp_path)
    assert client.get("/organiser").status_code == 403
    assert client.get("/organiser/tally.csv").status_code == 403
    assert client.get("/organiser?token=wrong").status_code == 403
    response = client.get(f"/organiser?token={evening.organiser_token}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/organiser")
    assert client.get("/organiser").status_code == 200  # the cookie now


def test_print_tally_close(tmp_path: Path) -> None:
    from pypdf import PdfReader

    client, evening = make_client(tmp_path)
    client.post("/queue", data=fill(client, name="Amina Rahimi", safe=""))
    client.post("/queue", data=fill(client, target="ambassador-us", name="Omar Saleh"))
    client.get(f"/organiser?token={evening.organiser_token}")
    page = client.get("/organiser").get_data(as_text=True)
    assert "PK: 1" in page and "US: 1" in page
    printed = client.post("/organiser/print", data=tokens(page))
    assert printed.headers["Content-Type"] == "application/pdf"
    pdf = tmp_path / "all.pdf"
    pdf.write_bytes(printed.data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Amina Rahimi" in text and "O. S." in text and "Omar" not in text
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 4
    # personal data is gone once printed; the tally stays
    assert evening.queue.letters(printed=None)[0].name == ""
    tally = client.get("/organiser/tally.csv").get_data(as_text=True)
    assert "pm,ur,en,post,1" in tally and "Amina" not in tally
    from letterkit.tally import counts  # the evening feeds `letterkit report`

    printed_counts = {(r.target, r.action): r.count for r in counts("pakistan-deportations")}
    assert printed_counts == {("pm", "printed"): 1, ("ambassador-us", "printed"): 1}
    page = client.get("/organiser").get_data(as_text=True)
    client.post("/organiser/close", data=tokens(page))
    assert evening.queue.letters(printed=None) == []
    for path in tmp_path.glob("q.sqlite3*"):  # the database, its WAL and shared memory
        assert b"Amina" not in path.read_bytes(), path


def test_lan_mode_prints_pin_and_qr(tmp_path: Path) -> None:
    port = free_port()
    proc = start_server(tmp_path, port, "--lan")
    try:
        out = ""
        while "PIN:" not in out:
            out += proc.stdout.readline().decode()  # type: ignore[union-attr]
        assert re.search(r"PIN: \d{6}$", out.strip())
        assert "\u2588" in out or "\u2580" in out  # the QR code, drawn with block characters
        response = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
        assert response.url.endswith("/pin")  # redirected: the PIN comes first
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()


def test_lan_pin(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, pin="123456")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/pin")
    form = tokens(client.get("/pin").get_data(as_text=True))
    for _ in range(5):
        assert client.post("/pin", data=dict(form, pin="000000")).status_code == 403
    assert client.post("/pin", data=dict(form, pin="123456")).status_code == 429  # rate limit
    other, _ = make_client(tmp_path / "b", pin="123456")
    form = tokens(other.get("/pin").get_data(as_text=True))
    assert other.post("/pin", data=dict(form, pin="123456")).status_code == 302
    assert other.get("/").status_code == 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, LETTERKIT_DATA_DIR=str(data))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "letterkit",
            "serve",
            "pakistan-deportations",
            "--port",
            str(port),
            "--country",
            "DE",
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(
        "server did not start: " + proc.stdout.read().decode()  # type: ignore
    )


class Browserless:
    """A supporter with cookies, over real HTTP."""

    def __init__(self, port: int):
        import http.cookiejar

        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as r:
            return str(r.read().decode())

    def post(self, path: str, form: dict[str, str]) -> bytes:
        data = urllib.parse.urlencode(form).encode()
        with self.opener.open(self.base + path, data=data, timeout=120) as r:
            return bytes(r.read())

    def queue(self, name: str, *, preview: bool = False) -> None:
        form = tokens(self.get("/?lang=en"))
        form.update(
            lang="en",
            target="pm",
            name=name,
            city="Berlin",
            safe="",
            sentence=f"I write as {name}.",
        )
        if preview:
            assert b"data:image/png;base64," in self.post("/preview", form)
        self.post("/queue", form)
        self.post("/queue", form)  # a double submit: must not queue twice


def test_kill_9_loses_nothing(tmp_path: Path) -> None:
    port = free_port()
    proc = start_server(tmp_path, port)
    try:
        Browserless(port).queue("Amina Rahimi")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    queue = LetterQueue(tmp_path / "evenings" / "pakistan-deportations.sqlite3")
    assert [q.name for q in queue.letters()] == ["Amina Rahimi"]
    queue.close()
    proc = start_server(tmp_path, port)
    try:
        supporter = Browserless(port)
        supporter.queue("Omar Saleh")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    queue = LetterQueue(tmp_path / "evenings" / "pakistan-deportations.sqlite3")
    assert sorted(q.name for q in queue.letters()) == ["Amina Rahimi", "Omar Saleh"]


def test_twenty_supporters_then_print(tmp_path: Path) -> None:
    import threading

    from pypdf import PdfReader

    port = free_port()
    proc = start_server(tmp_path, port)
    try:
        out = proc.stdout.readline().decode()  # type: ignore[union-attr]
        out += proc.stdout.readline().decode()  # type: ignore[union-attr]
        token = re.search(r"token=(\S+)", out).group(1)  # type: ignore[union-attr]
        names = [f"Supporter {chr(65 + i)}{chr(97 + i)}" for i in range(20)]
        errors: list[BaseException] = []

        def one(name: str) -> None:
            try:
                Browserless(port).queue(name, preview=True)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        organiser = Browserless(port)
        page = organiser.get(f"/organiser?token={token}")
        assert "20 letter(s)" in page
        pdf = tmp_path / "all.pdf"
        pdf.write_bytes(organiser.post("/organiser/print", tokens(page)))
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        text = " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", text).split())
        for name in names:  # each letter once: the supporter's own sentence is in it once
            assert text.count(f"I write as {name}") == 1, name
        assert len(PdfReader(pdf).pages) == 20 * 2 + 20 + 2  # letters, envelopes, label sheets
        assert "0 letter(s)" in organiser.get("/organiser")
        tally = json.loads(organiser.get("/organiser/tally.json"))
        assert sum(row["count"] for row in tally["letters"]) == 20
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()


class _NumberedItems(html_parser.HTMLParser):
    """The texts of the items of each ``<ol class="numbered">`` (the preview's letters)."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[list[str]] = []
        self._in_list = self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ol":
            assert ("class", "numbered") in attrs  # no list the browser numbers itself
            self._in_list = True
            self.lists.append([])
        elif tag == "li" and self._in_list:
            self._in_item = True
            self.lists[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_list = self._in_list and tag != "ol"
        self._in_item = self._in_item and tag != "li"

    def handle_data(self, data: str) -> None:
        if self._in_item:
            self.lists[-1][-1] += data


def test_preview_numbers_lists_as_the_letter_prints_them(tmp_path: Path) -> None:
    client, _evening = make_client(tmp_path)
    parser = _NumberedItems()
    parser.feed(client.post("/preview", data=fill(client, lang="ur")).get_data(as_text=True))
    firsts = {items[0].split(" ", 1)[0] for items in parser.lists}
    assert "1۔" in firsts  # the Urdu letter's list; a browser's own numbers would say "1."
    css = client.get("/static/style.css").get_data(as_text=True)
    assert re.search(r"ol\.numbered\s*\{\s*list-style:\s*none", css)
