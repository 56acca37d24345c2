"""``letterkit serve``: the local web app for a letter-writing evening."""

from __future__ import annotations

import secrets
import socket
from typing import Annotated

import typer

from .common import command, echo


def _lan_address() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the interface
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def serve(
        campaign: Annotated[str, typer.Argument(help="Bundled campaign id or folder path.")],
        port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8765,
        lan: Annotated[
            bool,
            typer.Option(
                "--lan",
                help="Listen on the local network too (phones over the venue's Wi-Fi); "
                "supporters then need the PIN printed at start.",
            ),
        ] = False,
        country: Annotated[
            str | None,
            typer.Option(help="The supporters' country (two letters), for their return address."),
        ] = None,
        keep_printed: Annotated[
            bool,
            typer.Option(
                "--keep-printed",
                help="Keep names of printed letters until the evening is "
                "closed (default: delete them once printed).",
            ),
        ] = False,
        threads: Annotated[int, typer.Option(help="Worker threads.", min=1, max=64)] = 8,
    ) -> None:
        """Run a letter-writing evening: supporters queue letters in a browser, the organiser
        prints them all in one PDF. Nothing leaves this computer."""
        import waitress  # type: ignore[import-untyped]

        from ..campaign import load_campaign
        from ..serve import Evening, LetterQueue, create_app, data_dir

        loaded = load_campaign(campaign)
        queue = LetterQueue(data_dir() / "evenings" / f"{loaded.id}.sqlite3")
        pin = f"{secrets.randbelow(10**6):06d}" if lan else None
        evening = Evening(
            campaign=loaded,
            queue=queue,
            pin=pin,
            country=(country or "").upper(),
            keep_printed=keep_printed,
        )
        host = "0.0.0.0" if lan else "127.0.0.1"
        shown = _lan_address() if lan else "127.0.0.1"
        address = f"http://{shown}:{port}/"
        echo(f"Supporters: {address}")
        echo(
            f"Organiser (open once, keep private): {address}organiser?token="
            f"{evening.organiser_token}"
        )
        if lan:
            import io

            import segno

            picture = io.StringIO()
            segno.make(address).terminal(out=picture, compact=True)
            echo(picture.getvalue())
            echo(f"PIN: {pin}")
        echo(f"Queue: {queue.path}")
        # waitress writes no access log; the app logs nothing about supporters.
        waitress.serve(
            create_app(evening),
            host=host,
            port=port,
            threads=threads,
            ident="letterkit",
            clear_untrusted_proxy_headers=True,
        )
