"""``letterkit report CAMPAIGN``: the local tally of letters, for the organisers' report-back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated

import typer

from ..campaign import load_campaign
from ..fileio import write_atomic
from ..ui_language import N_, _
from .common import ForceOpt, command, echo


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def report(
        campaign: Annotated[str, typer.Argument(help=N_("Campaign id or folder."))],
        csv_file: Annotated[
            Path | None,
            typer.Option(
                "--csv", help=N_("Also write the tally as CSV to this file."), dir_okay=False
            ),
        ] = None,
        json_file: Annotated[
            Path | None,
            typer.Option(
                "--json", help=N_("Also write the tally as JSON to this file."), dir_okay=False
            ),
        ] = None,
        force: ForceOpt = False,
    ) -> None:
        """How many letters you wrote and sent for CAMPAIGN, per target, channel and language.

        Counted on this computer only, without names or addresses, each letter once however
        often it is written again; the campaign's report-back instructions say where to send
        the totals.
        """
        from ..tally import counts, tally_path

        loaded = load_campaign(campaign)
        rows = counts(loaded.id)
        totals: dict[str, int] = {}
        for row in rows:
            key = f"{row.channel} {row.action}"
            totals[key] = totals.get(key, 0) + row.count
        echo(
            _("Report-back for {title} ({reference})").format(
                title=loaded.title, reference=loaded.reference or loaded.id
            )
        )
        if not rows:
            echo(_("No letters counted yet (tally: {path})").format(path=tally_path()))
        for row in rows:
            echo(
                f"  {row.target:<20} {row.channel:<6} {row.action:<8} {row.language:<6} "
                f"{row.count:>6}"
            )
        for key, total in sorted(totals.items()):
            channel, action = key.split()
            echo(_("Total {channel} {action}: {n}").format(channel=channel, action=action, n=total))
        if loaded.report:
            echo("")
            echo(loaded.report.strip())
        if loaded.report_url:
            echo(loaded.report_url)
        fields = ["campaign", "reference", "target", "channel", "action", "language", "count"]
        records = [
            {
                "campaign": loaded.id,
                "reference": loaded.reference,
                "target": r.target,
                "channel": r.channel,
                "action": r.action,
                "language": r.language,
                "count": r.count,
            }
            for r in rows
        ]
        if csv_file is not None:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(records)
            write_atomic(csv_file, buffer.getvalue().encode("utf-8"), force=force)
            echo(_("Wrote {path}").format(path=csv_file))
        if json_file is not None:
            data = {
                "campaign": loaded.id,
                "reference": loaded.reference,
                "totals": {k.replace(" ", "_"): v for k, v in sorted(totals.items())},
                "rows": records,
            }
            write_atomic(
                json_file,
                (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                force=force,
            )
            echo(_("Wrote {path}").format(path=json_file))
