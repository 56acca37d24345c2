"""``letterkit init`` and ``letterkit profile``: the sender's details, saved once."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import ConfigError
from ..locales import LOCALES
from ..sender import Sender, load_sender, make_sender, profile_path, save_sender
from ..ui_language import N_, _
from .common import command, echo, is_interactive


def describe_sender(sender: Sender) -> list[str]:
    address = sender.address
    lines = [
        f"name:        {sender.name}",
        f"street:      {' / '.join(address.street) or '-'}",
        f"city:        {address.city or '-'}",
        f"region:      {address.region or '-'}",
        f"postal code: {address.postal_code or '-'}",
        f"country:     {address.country or '-'}",
        f"email:       {sender.email or '-'}",
        f"phone:       {sender.phone or '-'}",
        f"language:    {sender.language} ({LOCALES[sender.language].english_name})",
        "safe mode:   "
        + (
            _("on: letters are signed with initials and town only")
            if sender.safe
            else _("off (use --safe to sign with initials and town only)")
        ),
    ]
    return lines


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def init(
        name: Annotated[str | None, typer.Option(help=N_("Your full name."))] = None,
        email: Annotated[str | None, typer.Option(help=N_("Your email address."))] = None,
        phone: Annotated[str | None, typer.Option(help=N_("Your phone number."))] = None,
        street: Annotated[
            list[str] | None, typer.Option(help=N_("Street line (repeat for several lines)."))
        ] = None,
        city: Annotated[str | None, typer.Option(help=N_("Town or city."))] = None,
        region: Annotated[str | None, typer.Option(help=N_("State, province or region."))] = None,
        postal_code: Annotated[str | None, typer.Option(help=N_("Postal code."))] = None,
        country: Annotated[
            str | None, typer.Option(help=N_("Country, ISO code such as DE."))
        ] = None,
        language: Annotated[
            str | None, typer.Option(help=N_("Your preferred language, e.g. en, ur, fa_AF."))
        ] = None,
        safe: Annotated[
            bool,
            typer.Option(
                "--safe/--no-safe",
                help=N_(
                    "Sign letters with initials and town only, leaving out street, email and phone."
                ),
            ),
        ] = False,
        tally: Annotated[
            bool,
            typer.Option(
                "--tally/--no-tally",
                help=N_(
                    "Count the letters you write and "
                    "send, per campaign, target, channel and language (never names "
                    "or addresses), for `letterkit report`."
                ),
            ),
        ] = True,
        force: Annotated[
            bool, typer.Option("--force", help=N_("Replace an existing profile."))
        ] = False,
    ) -> None:
        """Save your sender details once (asks for them, or takes them all as options)."""
        path = profile_path()
        if path.exists() and not force:
            raise ConfigError(f"{path}: a profile exists already; use --force to replace it")
        if name is None:
            if not is_interactive():
                raise ConfigError("--name is required when not run interactively")
            echo(_("Your details stay on this computer, in {path}.").format(path=path))
            name = typer.prompt(_("Full name"))
            street = [typer.prompt(_("Street and number"), default="")]
            city = typer.prompt(_("Town or city"), default="")
            region = typer.prompt(_("Region or state (optional)"), default="")
            postal_code = typer.prompt(_("Postal code"), default="")
            country = typer.prompt(_("Country (ISO code, e.g. DE, GB, US, PK)"), default="")
            email = typer.prompt(_("Email (optional)"), default="")
            phone = typer.prompt(_("Phone (optional)"), default="")
            language = typer.prompt(_("Preferred language (e.g. en, ur, fa_AF)"), default="en")
            safe = typer.confirm(
                _(
                    "Sign with initials and town only (advised if you have family in "
                    "Afghanistan or plan to travel there)?"
                ),
                default=safe,
            )
        sender = make_sender(
            name=name,
            street=street or [],
            city=city or "",
            region=region or "",
            postal_code=postal_code or "",
            country=country or "",
            email=email or "",
            phone=phone or "",
            language=language or "en",
            safe=safe,
            source="init",
            tally=tally,
        )
        saved = save_sender(sender, force=force)
        echo(_("Saved your profile to {path}").format(path=saved))
        for line in describe_sender(sender):
            echo("  " + line)

    @app.command()
    @command
    def profile() -> None:
        """Show the saved sender profile and where it is stored."""
        sender = load_sender()
        echo(_("Profile: {path}").format(path=profile_path()))
        for line in describe_sender(sender):
            echo("  " + line)
