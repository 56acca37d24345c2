"""The Flask app of an evening: supporter pages, organiser pages, security headers."""

from __future__ import annotations

import base64
import csv
import datetime as _dt
import hmac
import io
import json
import secrets
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, make_response, redirect, request
from jinja2 import Environment, PackageLoader, select_autoescape

from .. import Campaign, LetterkitError, locale_info
from ..locales import is_rtl, normalize_code
from .letters import compose, first_page_png, official_language, reading_view
from .printing import combine, postage_counts
from .queue import LetterQueue
from .strings import ui_text

MAX_NAME = 80
MAX_CITY = 80
MAX_SENTENCE = 400
MAX_BODY = 16 * 1024
PIN_TRIES_PER_MINUTE = 5
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
FONTS = {"nastaliq": ("nastaliq", False), "naskh": ("naskh", False), "sans": ("sans", False)}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@dataclass
class Evening:
    """What the organiser chose when starting ``letterkit serve``."""

    campaign: Campaign
    queue: LetterQueue
    organiser_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    pin: str | None = None  # set in LAN mode
    country: str = ""  # the supporters' country (their return address)
    keep_printed: bool = False
    day: _dt.date = field(default_factory=_dt.date.today)


def _pages() -> Environment:
    # The app's own pages: autoescaped; the campaign's letter templates stay in the sandbox.
    return Environment(
        loader=PackageLoader("letterkit.serve", "templates"),
        autoescape=select_autoescape(default=True),
        auto_reload=False,
    )


def ui_languages(campaign: Campaign) -> list[str]:
    codes = list(campaign.letters)
    return ["en"] + [c for c in codes if c != "en"] if "en" in codes else codes


def language_names(campaign: Campaign) -> list[tuple[str, str]]:
    """Each UI language named in itself (Urdu as اردو), for the language menu."""
    from babel import Locale

    names = []
    for code in ui_languages(campaign):
        locale = Locale.parse(locale_info(code).babel)
        names.append((code, str(locale.display_name or code)))
    return names


def create_app(evening: Evening) -> Flask:
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    pages = _pages()
    campaign = evening.campaign
    failures: dict[str, list[float]] = defaultdict(list)
    failures_lock = threading.Lock()
    pin_cookie = secrets.token_urlsafe(24)

    def lang() -> str:
        code = normalize_code(request.values.get("lang", "") or "en")
        return code if code in ui_languages(campaign) else ui_languages(campaign)[0]

    def page(name: str, status: int = 200, **context: Any) -> Response:
        code = context.pop("code", None) or lang()
        token = request.cookies.get("csrf") or secrets.token_urlsafe(24)
        html = pages.get_template(name).render(
            t=lambda m: ui_text(code, m),
            lang=code,
            dir="rtl" if is_rtl(code) else "ltr",
            csrf=token,
            campaign=campaign,
            languages=language_names(campaign),
            **context,
        )
        response = make_response(html, status)
        response.set_cookie("csrf", token, httponly=True, samesite="Strict")
        return response

    def is_organiser() -> bool:
        given = request.cookies.get("organiser", "")
        return hmac.compare_digest(given, evening.organiser_token)

    @app.before_request
    def _guard() -> Response | None:
        if not evening.pin and request.host.rsplit(":", 1)[0] not in LOCAL_HOSTS:
            abort(400)  # a page of another site, rebinding its name to 127.0.0.1
        if request.method == "POST":
            sent = request.form.get("csrf", "")
            kept = request.cookies.get("csrf", "")
            if not sent or not kept or not hmac.compare_digest(sent, kept):
                abort(403)
        if request.path.startswith("/organiser"):
            token = request.args.get("token", "")
            if token and hmac.compare_digest(token, evening.organiser_token):
                response = redirect("/organiser")
                response.set_cookie("organiser", token, httponly=True, samesite="Strict")
                return response  # type: ignore[return-value]
            if not is_organiser():
                abort(403)
        elif (
            evening.pin
            and request.path not in ("/pin",)
            and not request.path.startswith("/static")
            and not is_organiser()
            and not hmac.compare_digest(request.cookies.get("pin", ""), pin_cookie)
        ):
            return redirect("/pin")  # type: ignore[return-value]
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.route("/pin", methods=["GET", "POST"])
    def pin() -> Response:
        if request.method == "POST" and evening.pin:
            who = request.remote_addr or "?"
            now = time.monotonic()
            with failures_lock:
                recent = [t for t in failures[who] if now - t < 60]
                failures[who] = recent
                if len(recent) >= PIN_TRIES_PER_MINUTE:
                    return page("pin.html", 429, error=True)
                if hmac.compare_digest(request.form.get("pin", ""), evening.pin):
                    response = redirect("/")
                    response.set_cookie("pin", pin_cookie, httponly=True, samesite="Strict")
                    return response  # type: ignore[return-value]
                recent.append(now)
            return page("pin.html", 403, error=True)
        return page("pin.html")

    def form_values() -> dict[str, Any]:
        form = request.form
        return {
            "target": form.get("target", ""),
            "name": " ".join(form.get("name", "").split()),
            "city": " ".join(form.get("city", "").split()),
            "safe": form.get("safe") == "on",
            "sentence": form.get("sentence", "").strip(),
            "form_token": form.get("form_token", ""),
        }

    def valid(values: dict[str, Any]) -> bool:
        ids = {t.id for t in campaign.targets}
        return (
            values["target"] in ids
            and 0 < len(values["name"]) <= MAX_NAME
            and 0 < len(values["city"]) <= MAX_CITY
            and len(values["sentence"]) <= MAX_SENTENCE
            and 16 <= len(values["form_token"]) <= 64
        )

    @app.get("/")
    def index() -> Response:
        values = {
            "target": campaign.targets[0].id,
            "name": "",
            "city": "",
            "safe": True,
            "sentence": "",
            "form_token": secrets.token_urlsafe(18),
        }
        return page("form.html", values=values, limits=(MAX_NAME, MAX_CITY, MAX_SENTENCE))

    def refused_form(values: dict[str, Any]) -> Response:
        """The form again, with what was typed and the error shown (400)."""
        return page(
            "form.html", 400, values=values, error=True, limits=(MAX_NAME, MAX_CITY, MAX_SENTENCE)
        )

    def letters_for(values: dict[str, Any], code: str) -> tuple[Any, Any]:
        target = campaign.target(values["target"])
        official = official_language(campaign, target)
        common = {
            "name": values["name"],
            "city": values["city"],
            "country": evening.country,
            "safe": values["safe"],
            "sentence": values["sentence"],
            "ui_language": code,
            "day": evening.day,
        }
        letter = compose(campaign, target, language=official, **common)
        own = None
        if code != official and code in campaign.letters:
            own = compose(campaign, target, language=code, **common)
        return letter, own

    @app.post("/preview")
    def preview() -> Response:
        values, code = form_values(), lang()
        if not valid(values):
            return refused_form(values)
        try:
            letter, own = letters_for(values, code)
        except LetterkitError:
            return refused_form(values)
        png = base64.b64encode(first_page_png(letter, dpi=90)).decode("ascii")
        return page(
            "preview.html",
            values=values,
            letter=reading_view(letter),
            own=reading_view(own) if own else None,
            png=png,
        )

    @app.post("/queue")
    def queue() -> Response:
        values, code = form_values(), lang()
        if not valid(values):
            return refused_form(values)
        target = campaign.target(values["target"])
        evening.queue.add(
            form_token=values["form_token"],
            day=evening.day.isoformat(),
            target_id=target.id,
            country=target.address.country,
            language=official_language(campaign, target),
            ui_language=code,
            name=values["name"],
            city=values["city"],
            safe=values["safe"],
            sentence=values["sentence"],
        )
        return page("queued.html")

    @app.get("/fonts/<family>.ttf")
    def font(family: str) -> Response:
        from ..fonts.registry import face

        if family not in FONTS:
            abort(404)
        family_id, bold = FONTS[family]
        data = Path(face(family_id, bold).path).read_bytes()
        response = make_response(data)
        response.headers["Content-Type"] = "font/ttf"
        return response

    # ---------------------------------------------------------------- organiser

    @app.get("/organiser")
    def organiser() -> Response:
        queued = evening.queue.letters(printed=False)
        return page(
            "organiser.html",
            code="en",
            queued=queued,
            postage=postage_counts([q.country for q in queued]),
            tally=evening.queue.tally(),
            targets={t.id: t.name for t in campaign.targets},
        )

    @app.post("/organiser/print")
    def print_all() -> Response:
        queued = evening.queue.letters(printed=False)
        if not queued:
            return redirect("/organiser")  # type: ignore[return-value]
        letters = [
            compose(
                campaign,
                campaign.target(q.target_id),
                name=q.name,
                city=q.city,
                country=evening.country,
                safe=q.safe,
                sentence=q.sentence,
                language=q.language,
                ui_language=q.ui_language,
                day=_dt.date.fromisoformat(q.day),
            )
            for q in queued
        ]
        pdf = combine(letters, duplex=True)
        from ..tally import Written, counting_enabled, record

        if counting_enabled():  # the evening's letters count in `letterkit report` too
            record(
                [
                    Written(
                        campaign.id,
                        q.target_id,
                        q.language,
                        ("pdf",),
                        f"evening\x1f{evening.day.isoformat()}\x1f{q.id}",
                        q.day,
                    )
                    for q in queued
                ],
                action="printed",
            )
        evening.queue.mark_printed([q.id for q in queued], forget=not evening.keep_printed)
        response = make_response(pdf)
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = "attachment; filename=evening-letters.pdf"
        return response

    @app.get("/organiser/tally.<fmt>")
    def tally(fmt: str) -> Response:
        rows = evening.queue.tally()
        if fmt == "json":
            body = json.dumps(
                {"campaign": campaign.id, "day": evening.day.isoformat(), "letters": rows},
                ensure_ascii=False,
                indent=2,
            )
            kind = "application/json"
        elif fmt == "csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(
                buffer, ["target", "language", "supporter_language", "channel", "count"]
            )
            writer.writeheader()
            writer.writerows(rows)
            body, kind = buffer.getvalue(), "text/csv; charset=utf-8"
        else:
            abort(404)
        response = make_response(body)
        response.headers["Content-Type"] = kind
        response.headers["Content-Disposition"] = f"attachment; filename=tally.{fmt}"
        return response

    @app.post("/organiser/close")
    def close() -> Response:
        evening.queue.close_evening()
        return redirect("/organiser")  # type: ignore[return-value]

    return app
