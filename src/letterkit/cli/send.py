"""``letterkit send DIR``: send a folder of .eml files over SMTP (a dry run unless --send)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError, ExitStatus
from ..folderlock import FolderLock
from ..ui_language import N_, _
from .common import command, echo, warn


def _security(starttls: bool, use_ssl: bool, plain: bool) -> str | None:
    chosen = [
        name for name, on in (("starttls", starttls), ("ssl", use_ssl), ("plain", plain)) if on
    ]
    if len(chosen) > 1:
        raise ConfigError(_("choose one of --starttls, --ssl and --plain"))
    return chosen[0] if chosen else None


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def send(
        folder: Annotated[
            Path, typer.Argument(help=N_("Folder with the .eml files to send."), file_okay=False)
        ],
        really: Annotated[
            bool,
            typer.Option(
                "--send", help=N_("Really send. Without it, only list what would be sent.")
            ),
        ] = False,
        host: Annotated[
            str | None,
            typer.Option("--host", help=N_("SMTP server (default: $LETTERKIT_SMTP_HOST).")),
        ] = None,
        port: Annotated[
            int | None,
            typer.Option(
                "--port",
                help=N_("SMTP port (default: $LETTERKIT_SMTP_PORT, else 587, or 465 with --ssl)."),
            ),
        ] = None,
        user: Annotated[
            str | None,
            typer.Option(
                "--user",
                help=N_(
                    "SMTP login (default: $LETTERKIT_SMTP_USER). The password comes "
                    "from $LETTERKIT_SMTP_PASSWORD or is asked for; it is never saved."
                ),
            ),
        ] = None,
        starttls: Annotated[
            bool,
            typer.Option(
                "--starttls", help=N_("Encrypt with STARTTLS (default, except on port 465).")
            ),
        ] = False,
        use_ssl: Annotated[
            bool, typer.Option("--ssl", help=N_("Connect with SSL/TLS from the start (port 465)."))
        ] = False,
        plain: Annotated[
            bool,
            typer.Option(
                "--plain",
                help=N_("No encryption: only for a relay on your own machine or network."),
            ),
        ] = False,
        cafile: Annotated[
            Path | None,
            typer.Option(
                "--cafile",
                help=N_("Trust this CA certificate (a server with a self-signed certificate)."),
                dir_okay=False,
                exists=True,
            ),
        ] = None,
        rate: Annotated[
            float,
            typer.Option("--rate", min=0, help=N_("At most N messages per minute (0: no limit).")),
        ] = 20,
        timeout: Annotated[
            float,
            typer.Option(
                "--timeout",
                min=1,
                help=N_(
                    "Seconds to wait for the server's answer. A message the "
                    "server took but did not confirm in time is 'in doubt' and not sent again."
                ),
            ),
        ] = 60,
        resend_in_doubt: Annotated[
            bool,
            typer.Option(
                "--resend-in-doubt",
                help=N_(
                    "Send again the messages in doubt (the server may have "
                    "delivered them already: check first)."
                ),
            ),
        ] = False,
        retry_failed: Annotated[
            bool,
            typer.Option(
                "--retry-failed",
                help=N_("Try again the messages the server refused for good (5xx)."),
            ),
        ] = False,
    ) -> None:
        """Send the .eml files in FOLDER over SMTP; a re-run never sends a message twice.

        Without --send this is a dry run: it lists file, To and Subject of each message.

        The send log, FOLDER/.letterkit-sent.jsonl, lets an interrupted run resume: a message
        is recorded before the server can deliver it, so one whose fate is unknown (a crash, a
        timeout) is listed as in doubt instead of being sent twice.
        """
        from ..delivery.send import (
            ENV_PASSWORD,
            SENT_LOG,
            SendResult,
            is_pending,
            plan_sending,
            resolve_settings,
            send_folder,
            summarize,
        )

        security = _security(starttls, use_ssl, plain)
        plan = plan_sending(folder)
        if not plan:
            echo(_("No .eml files in {folder}.").format(folder=folder))
            return
        pending = [
            item
            for item, earlier in plan
            if is_pending(earlier, resend_in_doubt=resend_in_doubt, retry_failed=retry_failed)
        ]
        settings = None
        password = None
        if really and pending:
            settings = resolve_settings(
                host=host,
                port=port,
                user=user,
                security=security,  # type: ignore[arg-type]
                cafile=str(cafile) if cafile else None,
                timeout=timeout,
            )
            if settings.user:
                password = os.environ.get(ENV_PASSWORD) or typer.prompt(
                    _("SMTP password for {user} at {host}").format(
                        user=settings.user, host=settings.host
                    ),
                    hide_input=True,
                )
            echo(
                _("Sending {n} message(s) through {host}:{port} ({security}).").format(
                    n=len(pending),
                    host=settings.host,
                    port=settings.port,
                    security=settings.security,
                )
            )

        marks = {
            "sent": _("sent"),
            "skipped": _("already sent"),
            "failed": _("FAILED"),
            "dry-run": _("would send"),
            "not-attempted": _("not sent"),
            "in-doubt": _("IN DOUBT"),
        }

        to_label, subject_label = _("To"), _("Subject")  # outside f-strings: extractable

        def show(result: SendResult) -> None:
            echo(f"{marks[result.status]}: {result.file}")
            echo(f"    {to_label}: {result.to}")
            echo(f"    {subject_label}: {result.subject}")
            if (
                result.status in ("failed", "not-attempted", "skipped", "in-doubt")
                and result.detail
            ):
                echo(f"    {result.detail}")
            for address, reply in result.refused.items():
                echo("    " + _("refused: {address}: {reply}").format(address=address, reply=reply))

        with FolderLock(folder, "send", create=False) as lock:
            if lock.taken_over:
                warn(lock.taken_over)
            results = send_folder(
                folder,
                settings,
                password=password,
                send=really and bool(pending),
                rate=rate or None,
                progress=show,
                resend_in_doubt=resend_in_doubt,
                retry_failed=retry_failed,
            )
        counts = summarize(results)
        echo("")
        if not really:
            echo(
                _(
                    "Dry run: {n} would be sent, {skipped} already sent. Nothing was sent; "
                    "add --send to send."
                ).format(n=counts.get("dry-run", 0), skipped=counts.get("skipped", 0))
            )
            return
        echo(
            _(
                "{sent} sent, {skipped} already sent, {failed} failed, {doubt} in doubt, {rest} "
                "not attempted; log: {log}"
            ).format(
                sent=counts.get("sent", 0),
                skipped=counts.get("skipped", 0),
                failed=counts.get("failed", 0),
                doubt=counts.get("in-doubt", 0),
                rest=counts.get("not-attempted", 0),
                log=Path(folder) / SENT_LOG,
            )
        )
        doubtful = [r for r in results if r.status == "in-doubt"]
        problems = [r for r in results if not r.ok and r.status != "in-doubt"]
        if doubtful:
            warn(
                _(
                    "{n} message(s) in doubt: the server may have delivered them; check, then "
                    "send them again only with --resend-in-doubt"
                ).format(n=len(doubtful))
            )
        if problems:
            warn(
                _(
                    "{n} message(s) failed or were refused by some recipients; run again to "
                    "retry the ones not sent (--retry-failed for those refused for good)"
                ).format(n=len(problems))
            )
        if doubtful or problems:
            raise typer.Exit(int(ExitStatus.BATCH_FAILED))
