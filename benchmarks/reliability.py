"""The figures behind docs/reliability.md, from one command.

    python benchmarks/reliability.py [--kills 30] [--doc docs/reliability.md]

1. ``kill -9`` loop during ``letterkit send``: a folder of 40 emails, a real SMTP server
   (aiosmtpd) on 127.0.0.1, the sender killed at random moments until the folder is done;
   counts what the server received per Message-ID: lost, duplicated, in doubt
   (``tests/send_kill_loop.py``, shared with the tests).
2. ``kill -9`` loop during ``letterkit merge``: killed at random moments, then re-run; the
   folder must equal a clean run's, byte for byte.
3. The fault and hostile-input tests (SMTP 4xx/5xx, a drop mid-DATA, a late reply, disk full,
   two runs at once, bombs, hostile templates and folders, control characters), run by pytest;
   their count and result.

Prints a Markdown section; with ``--doc`` it replaces the part of the file between the markers
``<!-- figures -->`` and ``<!-- /figures -->``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).with_name("letterkit")
CLI = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "letterkit"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Store:
    received: list[bytes] = field(default_factory=list)  # each accepted message, as received

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.received.append(bytes(envelope.content))
        return "250 2.0.0 accepted"


def send_kill_loop(kills: int, rng: random.Random, work: Path) -> dict[str, int]:
    from aiosmtpd.controller import Controller

    from letterkit import compose_letter, load_campaign, make_sender
    from letterkit.writers.email import render_eml

    sys.path.insert(0, str(ROOT / "tests"))
    from send_kill_loop import run_kill_loop  # type: ignore[import-not-found]

    outbox = work / "outbox"
    outbox.mkdir()
    campaign = load_campaign("pakistan-deportations")
    base = compose_letter(
        campaign,
        "ambassador-us",
        make_sender(name="Sam Example", city="Leeds", country="GB", email="sam@example.org"),
        language="en",
    )
    count = 40
    for n in range(count):
        letter = replace(
            base,
            recipient=replace(base.recipient, email=f"office{n}@example.gov"),
            meta=replace(base.meta, target_id=f"office-{n}"),
        )
        (outbox / f"{n:02d}.eml").write_bytes(render_eml(letter))
    store = Store()
    port = free_port()
    controller = Controller(store, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "LETTERKIT_SMTP_HOST": "127.0.0.1",
        "LETTERKIT_SMTP_PORT": str(port),
        "LETTERKIT_CONFIG_DIR": str(work / "config"),
        "LETTERKIT_DATA_DIR": str(work / "data"),
    }
    try:
        figures = run_kill_loop(
            [*CLI, "send", str(outbox), "--send", "--plain", "--rate", "0"],
            outbox,
            env,
            lambda: list(store.received),
            kills=kills,
            seed=rng.randrange(1 << 30),
        )
    finally:
        controller.stop()
    return {
        "messages": figures.messages,
        "kills": figures.kills,
        "received": figures.received,
        "duplicated": figures.duplicated,
        "in_doubt": figures.in_doubt,
        "in_doubt_received": figures.in_doubt_received,
        "lost": figures.lost,
    }


def merge_kill_loop(kills: int, rng: random.Random, work: Path) -> dict[str, int]:
    data = work / "people.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "city", "country", "email"])
        for n in range(120):
            writer.writerow([f"Supporter {n:03d}", "Leeds", "GB", f"s{n}@example.org"])
    env = {
        **os.environ,
        "LETTERKIT_CONFIG_DIR": str(work / "config"),
        "LETTERKIT_DATA_DIR": str(work / "data"),
    }
    args = [
        "merge",
        "pakistan-deportations",
        str(data),
        "--to",
        "all",
        "--format",
        "pdf,txt",
        "--date",
        "2026-12-01",
        "--jobs",
        "2",
        "--quiet",
    ]
    clean = work / "clean"
    subprocess.run(
        [*CLI, *args, "--out", str(clean)], env=env, check=True, stdout=subprocess.DEVNULL
    )
    killed = work / "killed"
    done_kills = 0
    for _ in range(kills):
        proc = subprocess.Popen(
            [*CLI, *args, "--out", str(killed)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            done_kills += 1
        else:
            break
    subprocess.run(
        [*CLI, *args, "--out", str(killed)], env=env, check=True, stdout=subprocess.DEVNULL
    )

    def letters(folder: Path) -> dict[str, str]:
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir()
            if p.suffix in (".pdf", ".txt")
        }

    a, b = letters(clean), letters(killed)
    return {
        "letters": len(a),
        "kills": done_kills,
        "missing": len(set(a) - set(b)),
        "extra": len(set(b) - set(a)),
        "different": sum(1 for k in set(a) & set(b) if a[k] != b[k]),
    }


TEST_GROUPS = {
    "send": ["test_send_faults.py", "test_send_cli.py", "test_send.py"],
    "campaigns": ["test_untrusted_campaigns.py"],
    "merge": ["test_merge_safety.py", "test_control_characters.py"],
}


def fault_tests(files: list[str]) -> dict[str, object]:
    """Run the test files (slow ones too); passed/failed/skipped and the failures' names."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rf",
            "-p",
            "no:cacheprovider",
            "-m",
            "slow or not slow",
            *[str(ROOT / "tests" / f) for f in files],
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    lines = done.stdout.strip().splitlines()
    last = lines[-1] if lines else ""
    numbers = {k: int(v) for v, k in re.findall(r"(\d+) (passed|failed|skipped|error)", last)}
    failures = [
        line.split(" ", 1)[1].split(" - ")[0]
        for line in lines
        if line.startswith(("FAILED ", "ERROR "))
    ]
    return {
        "passed": numbers.get("passed", 0),
        "failed": numbers.get("failed", 0) + numbers.get("error", 0),
        "skipped": numbers.get("skipped", 0),
        "failures": failures,
    }


def _tests_cell(result: dict[str, object]) -> str:
    cell = f"{result['passed']} passed, {result['failed']} failed, {result['skipped']} skipped"
    failures = result["failures"]
    if isinstance(failures, list) and failures:
        cell += " (failed: " + ", ".join(f"`{f}`" for f in failures) + ")"
    return cell


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--doc", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "s").mkdir()
        (work / "m").mkdir()
        send = send_kill_loop(args.kills, rng, work / "s")
        merge = merge_kill_loop(max(3, args.kills // 3), rng, work / "m")
    tests = {group: fault_tests(files) for group, files in TEST_GROUPS.items()}
    text = f"""Measured {dt.date.today().isoformat()} with `python benchmarks/reliability.py \
--kills {args.kills} --seed {args.seed}` on a {os.cpu_count()}-core machine.

| what was tried | result |
|---|---|
| `kill -9` during `send`: {send["messages"]} emails, killed {send["kills"]} times, then run \
to the end | received {send["received"]}, **lost {send["lost"]}, duplicated \
{send["duplicated"]}**; in doubt (listed, not resent) {send["in_doubt"]}: the server had \
{send["in_doubt_received"]} of them once each, and never got \
{send["in_doubt"] - send["in_doubt_received"]} (killed between recording it in flight and \
the final `.`; `--resend-in-doubt` sends it) |
| `kill -9` during `merge --jobs 2`: {merge["letters"]} letters, killed {merge["kills"]} \
times, then re-run | missing {merge["missing"]}, extra {merge["extra"]}, different from a \
clean run {merge["different"]} |
| SMTP faults (`tests/test_send_faults.py`, `test_send_cli.py`, `test_send.py`): 451 then \
250, 550, a drop mid-DATA, a hang-up before the answer, a reply after `--timeout`, `kill -9` \
loops | {_tests_cell(tests["send"])} |
| hostile campaigns (`tests/test_untrusted_campaigns.py`): nested loops, huge strings, \
widths and replacements, endless macros, limits in a worker thread, symlinks out, nested \
TOML | {_tests_cell(tests["campaigns"])} |
| merge half (`tests/test_merge_safety.py`, `test_control_characters.py`): identity, \
`--prune`, two runs at once, disk full, XLSX bombs, encodings, control characters \
| {_tests_cell(tests["merge"])} |
"""
    print(text)
    if args.doc:
        doc = args.doc.read_text("utf-8")
        start, end = "<!-- figures -->", "<!-- /figures -->"
        if start not in doc or end not in doc:
            raise SystemExit(f"{args.doc}: needs the markers {start} and {end}")
        head, rest = doc.split(start, 1)
        _, tail = rest.split(end, 1)
        args.doc.write_text(f"{head}{start}\n{text}{end}{tail}", "utf-8")


if __name__ == "__main__":
    main()
