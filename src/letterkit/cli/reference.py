"""Generate ``docs/cli.md`` from the commands themselves, so the reference cannot go stale.

Run ``python -m letterkit.cli.reference > docs/cli.md``; a test fails when the file differs.
"""

from __future__ import annotations

from typing import Any

import typer.main

from . import app

# Typer builds click commands (recent Typer versions vendor click privately), so the tree is
# read through the attributes click commands and parameters have, without importing click.


def _is_group(command: Any) -> bool:
    return hasattr(command, "commands")


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    if _is_group(command):
        for name in sorted(command.commands, key=list(command.commands).index):
            sub = command.commands[name]
            if not getattr(sub, "hidden", False):
                found += _walk(sub, [*path, name])
    return found


def _param_line(param: Any) -> str:
    if param.param_type_name == "argument":
        name = (param.metavar or param.name or "").upper()
        required = "" if param.required else " (optional)"
        return f"- `{name}`{required}: {getattr(param, 'help', '') or ''}".rstrip()
    names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
    text = f"- {names}: {param.help or ''}".rstrip()
    default = param.default
    if default not in (None, False, (), []) and not param.is_flag and not callable(default):
        text += f" Default: `{default}`."
    if param.multiple:
        text += " Repeatable."
    return text


def cli_reference() -> str:
    root = typer.main.get_command(app)
    lines = [
        "# letterkit command reference",
        "",
        "Generated from the commands' own help by `python -m letterkit.cli.reference`.",
        "",
    ]
    for path, command in _walk(root, ["letterkit"]):
        if _is_group(command) and len(path) > 1:
            lines += [f"## {' '.join(path)}", "", (command.help or "").strip(), ""]
            continue
        title = " ".join(path)
        lines += [f"## {title}" if len(path) > 1 else f"## {title} (global options)", ""]
        if command.help and len(path) > 1:
            lines += [" ".join(command.help.split()), ""]
        params = [p for p in command.params if p.name != "help"]
        lines += [_param_line(p) for p in params] or ["(no options)"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(cli_reference(), end="")
