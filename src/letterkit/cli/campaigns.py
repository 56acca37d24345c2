"""``letterkit campaigns``, ``show`` and ``check``: what a campaign asks and whether it is sound."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated

import typer

from ..campaign import Campaign, bundled_campaigns, load_campaign
from ..checks import check_campaign
from ..deadlines import deadline_status, parse_day
from ..delivery.hints import channel_advice
from ..errors import ExitStatus
from ..locales import LOCALES
from ..ui_language import N_, _
from .common import DateOpt, command, echo, fail, warn


def _age(days: int) -> str:
    if days < 31:
        return _("{n} days ago").format(n=days)
    months = days // 30
    if months < 24:
        return _("{n} months ago").format(n=months)
    return _("{n} years ago").format(n=days // 365)


def show_campaign(campaign: Campaign, today: _dt.date) -> None:
    echo(f"{campaign.title}")
    echo(f"  {_('reference')}:    {campaign.reference or '-'}")
    echo(f"  {_('organisation')}: {campaign.organisation or '-'}")
    status, closed = deadline_status(campaign, today)
    echo(f"  {_('deadline')}:     {status}")
    languages = ", ".join(f"{c} ({LOCALES[c].english_name})" for c in campaign.languages)
    echo(f"  {_('languages')}:    {languages}")
    echo(f"  {_('folder')}:       {campaign.path}")
    echo("")
    if campaign.is_open_letter:
        echo(_("An open letter, to:"))
        for addressee in campaign.addressees:
            echo(f"  {addressee.name}")
        if campaign.signatories_file is not None:
            echo(_("Signatory list: {path}").format(path=campaign.signatories_file))
        echo(_("Sign it with: letterkit sign-on {id} SIGNATORIES.csv").format(id=campaign.id))
    if campaign.targets:
        echo(_("Targets:"))
    for target in campaign.targets:
        echo(f"  {target.id}: {target.display_name}")
        for line in (target.position, target.organisation):
            if line:
                echo(f"      {line}")
        prefs = ", ".join(target.languages) or "-"
        echo(f"      {_('preferred languages')}: {prefs}")
        for channel, value in target.channels().items():
            source = target.sources.get(channel)
            note = ""
            if source and source.verified:
                age = source.age_days(today) or 0
                note = (
                    "  ["
                    + _("verified {date}, {age}").format(
                        date=source.verified.isoformat(), age=_age(age)
                    )
                    + "]"
                )
                if age > 365:
                    note += " " + _("stale: check before use")
            elif source is None:
                note = "  [" + _("source unknown") + "]"
            echo(f"      {channel}: {value}{note}")
        advice = channel_advice(target, campaign.deadline, today)
        if advice:
            echo(f"      {_('advice')}: {advice}")
    if campaign.background:
        echo("")
        echo(_("Background:"))
        for paragraph in campaign.background.split("\n\n"):
            echo("  " + " ".join(paragraph.split()))
    if campaign.report or campaign.report_url:
        echo("")
        echo(_("Reporting back:"))
        if campaign.report:
            echo("  " + " ".join(campaign.report.split()))
        if campaign.report_url:
            echo("  " + campaign.report_url)
    if closed:
        warn(_("the campaign's deadline has passed"))


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def campaigns() -> None:
        """List the campaigns bundled with letterkit."""
        ids = bundled_campaigns()
        if not ids:
            echo(_("No bundled campaigns."))
            return
        today = _dt.date.today()
        for campaign_id in ids:
            campaign = load_campaign(campaign_id)
            status, _closed = deadline_status(campaign, today)
            kind = f"[{_('open letter')}]" if campaign.is_open_letter else campaign.reference
            echo(f"{campaign.id}  {kind}  {campaign.title}")
            echo(
                f"    {_('deadline')}: {status}; {_('languages')}: " + ", ".join(campaign.languages)
            )
        echo("")
        echo(_("Any campaign folder works too: letterkit show PATH/TO/FOLDER"))

    @app.command()
    @command
    def show(
        campaign: Annotated[str, typer.Argument(help=N_("Bundled campaign id or folder path."))],
        date: DateOpt = None,
    ) -> None:
        """Show a campaign: reference, deadline, targets and their channels, languages."""
        show_campaign(load_campaign(campaign), parse_day(date))

    @app.command()
    @command
    def check(
        campaign: Annotated[str, typer.Argument(help=N_("Bundled campaign id or folder path."))],
    ) -> None:
        """Validate a campaign folder: schema, every template for every target, fonts."""
        loaded = load_campaign(campaign)
        problems = check_campaign(loaded)
        if problems:
            for problem in problems:
                typer.echo(f"letterkit: error: {problem}", err=True)
            raise fail(
                _("{n} problem(s) in campaign {id}").format(n=len(problems), id=loaded.id),
                ExitStatus.USAGE,
            )
        if loaded.is_open_letter:
            echo(
                _("{id}: OK (open letter to {n} addressees, letters in {langs})").format(
                    id=loaded.id, n=len(loaded.addressees), langs=", ".join(loaded.languages)
                )
            )
            return
        echo(
            _("{id}: OK ({targets} targets, letters in {langs})").format(
                id=loaded.id, targets=len(loaded.targets), langs=", ".join(loaded.languages)
            )
        )
