"""`kill -9` a `letterkit send --send` at random moments while it sends, then let it finish.

Shared by ``tests/test_send_cli.py`` (3 kills in the quick run, 20 marked slow) and
``benchmarks/reliability.py`` (the figures in docs/reliability.md). The caller runs the SMTP
server and hands over a function giving the raw messages it has received so far; messages are
counted per Message-ID.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email import message_from_bytes
from pathlib import Path

SENT_LOG = ".letterkit-sent.jsonl"


@dataclass(frozen=True)
class KillLoopFigures:
    messages: int  # in the folder
    kills: int  # times the sender was killed while sending
    received: int  # distinct Message-IDs the server received
    duplicated: int  # Message-IDs the server received more than once
    lost: int  # neither received nor in doubt (never: the promise)
    in_doubt: int  # left "in flight" in the send log: not resent
    in_doubt_received: int  # of those, the server had them (exactly once, else duplicated)
    final_exit: int  # exit status of the run that finished


def message_ids(folder: Path) -> dict[str, str]:
    """File name → Message-ID of every ``.eml`` in ``folder``."""
    return {
        p.name: str(message_from_bytes(p.read_bytes())["Message-ID"]).strip()
        for p in sorted(folder.glob("*.eml"))
    }


def _log_lines(folder: Path) -> int:
    try:
        return (folder / SENT_LOG).read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def run_kill_loop(
    command: Sequence[str],
    folder: Path,
    env: Mapping[str, str],
    received: Callable[[], list[bytes]],
    *,
    kills: int,
    seed: int = 7,
) -> KillLoopFigures:
    """Kill ``command`` (a ``letterkit send FOLDER --send ...``) ``kills`` times mid-send.

    Each round waits until the send log has grown by 1 to 6 lines (so the kill lands while
    messages are being sent, not while Python starts), waits 0-20 ms more, and sends SIGKILL;
    then one run goes to the end.
    """
    rng = random.Random(seed)
    ids = message_ids(folder)
    done_kills = 0
    for _ in range(kills):
        start_lines = _log_lines(folder)
        target = start_lines + rng.randint(1, 6)
        proc = subprocess.Popen(
            list(command), env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while proc.poll() is None and _log_lines(folder) < target and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.02))
        if proc.poll() is not None:
            break  # it finished first: nothing left to kill
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        done_kills += 1
    final = subprocess.run(
        list(command),
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    per_id = Counter(str(message_from_bytes(data)["Message-ID"]).strip() for data in received())
    states: dict[str, str] = {}
    for line in (folder / SENT_LOG).read_text("utf-8").splitlines():
        entry = json.loads(line)
        states[entry["file"]] = entry["state"]
    doubtful = {ids[f] for f, state in states.items() if state == "in-flight"}
    return KillLoopFigures(
        messages=len(ids),
        kills=done_kills,
        received=len(per_id),
        duplicated=sum(1 for n in per_id.values() if n > 1),
        lost=sum(1 for m in ids.values() if m not in per_id and m not in doubtful),
        in_doubt=len(doubtful),
        in_doubt_received=sum(1 for m in doubtful if m in per_id),
        final_exit=final.returncode,
    )
