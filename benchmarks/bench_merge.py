"""Benchmark ``letterkit merge`` against two references, in one run.

    python benchmarks/bench_merge.py                      # 100, 1 000 and 10 000 letters
    python benchmarks/bench_merge.py --sizes 100,1000     # a quicker run
    python benchmarks/bench_merge.py --doc docs/performance.md   # also update the doc's table

Every measurement runs in its own child process, so peak memory is the child's own peak RSS
(``os.wait4`` → ``ru_maxrss``), not the harness's. Letters per second count only the batch
itself (after imports and data generation), with files written to disk, one process each:

* letterkit PDF (English and Urdu), DOCX and TXT through the merge library (``--jobs 1``);
* reference 1: reportlab's canvas drawing the same one-page letter with an embedded TrueType
  font (Noto Serif), wrapped with ``simpleSplit`` — the practical ceiling for a correct PDF in
  Python (the built-in Helvetica cannot print "Nguyễn" or "Łukasz");
* reference 2: docxtpl rendering an equivalent DOCX template (opened, rendered and saved per
  letter, as docxtpl is used);
* the speed-up of letterkit PDF (English) from ``--jobs 1`` to ``--jobs 2``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = "pakistan-deportations"
TARGET = "pm"
DAY = _dt.date(2026, 11, 24)
SERIF = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")
SERIF_BOLD = Path("/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf")
CASES = ("letterkit-pdf-en", "letterkit-pdf-ur", "letterkit-docx", "letterkit-txt",
         "ref-reportlab-ttf", "ref-docxtpl",
         # every supporter's name different (a real group's list): caches that key on the
         # sender (font subsets, the sender's lines) help less
         "letterkit-pdf-en-distinct", "letterkit-pdf-ur-distinct")
FIRST = ["Łukasz", "Amina", "Nguyễn", "Zahra", "Siobhan", "Jürgen", "Fatima", "Ali"]
LAST = ["Nowak", "Rahimi", "Thị Mai", "Karimi", "O'Brien", "Müller", "Khan", "Ahmadi"]
UR_FIRST = ["آمنہ", "فاطمہ", "علی", "زہرا"]
UR_LAST = ["رحیمی", "خان", "احمدی", "کریمی"]


# --------------------------------------------------------------------------------------------
# the data


LATIN_SYLLABLES = ["ka", "lé", "mo", "ñu", "ri", "şa", "to", "vy", "zé", "ło", "ấn", "gü",
                   "pa", "do", "ne", "bi", "ço", "hu", "jo", "ře"]
URDU_LETTERS = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہیے"


def distinct_name(i: int, urdu: bool) -> str:
    """A name no other row has (made up, from syllables or letters)."""
    def pick(alphabet: list[str] | str, n: int, length: int) -> str:
        return "".join(alphabet[(n // len(alphabet) ** k) % len(alphabet)] for k in range(length))

    # the last name runs through all combinations in a scattered order (7919 is prime to the
    # number of combinations), so no two rows of a batch under 54 872 share it
    if urdu:
        combos = len(URDU_LETTERS) ** 3
        return f"{pick(URDU_LETTERS, i, 2)}ی {pick(URDU_LETTERS, i * 7919 % combos, 3)}"
    combos = len(LATIN_SYLLABLES) ** 4
    return (f"{pick(LATIN_SYLLABLES, i, 2).title()} "
            f"{pick(LATIN_SYLLABLES, i * 7919 % combos, 4).title()}")


def write_people(path: Path, count: int, urdu: bool, distinct: bool = False) -> None:
    """``count`` supporters in Germany; Urdu-script names for the Urdu case; with
    ``distinct`` every name differs, else they repeat (64 English, 16 Urdu)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "street", "city", "postal code", "country", "email"])
        for i in range(count):
            if distinct:
                name = distinct_name(i, urdu)
            elif urdu:
                name = f"{UR_FIRST[i % 4]} {UR_LAST[(i // 4) % 4]}"
            else:
                name = f"{FIRST[i % 8]} {LAST[(i // 8) % 8]}"
            writer.writerow([name, f"Beispielstraße {i + 1}", "Berlin", f"{10115 + i % 80}",
                             "DE", f"person{i}@example.org"])


def sample_letter(name: str = "Łukasz Nowak") -> object:
    """The English letter letterkit writes, for the references to draw the same text."""
    from letterkit.campaign import load_campaign
    from letterkit.compose import compose_letter
    from letterkit.sender import make_sender

    campaign = load_campaign(CAMPAIGN)
    sender = make_sender(name=name, street="Beispielstraße 1", city="Berlin",
                         postal_code="10115", country="DE", email="person@example.org")
    return compose_letter(campaign, TARGET, sender, language="en", today=DAY)


# --------------------------------------------------------------------------------------------
# the cases (each runs in a child process)


def run_letterkit(fmt: str, count: int, urdu: bool, jobs: int, work: Path,
                  distinct: bool = False) -> float:
    from letterkit.merge import MergeOptions, iter_jobs, prepare, run_merge, start

    data = work / "people.csv"
    write_people(data, count, urdu, distinct)
    options = MergeOptions(campaign=CAMPAIGN, data=data, out=work / "out", to=TARGET,
                           lang="ur" if urdu else "en", formats=(fmt,), today=DAY)
    began = time.perf_counter()
    plan = prepare(options)
    start(plan)
    result = run_merge(plan, iter_jobs(plan), jobs=jobs)
    seconds = time.perf_counter() - began
    if result.written != count or result.failed:
        raise SystemExit(f"letterkit wrote {result.written} of {count}, {result.failed} failed")
    return seconds


def run_reportlab(count: int, work: Path) -> float:
    """reportlab canvas + embedded TrueType font: the same letter, drawn line by line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    letter = sample_letter()
    body = letter.plain_blocks()  # type: ignore[attr-defined]
    out = work / "out"
    out.mkdir()
    began = time.perf_counter()
    pdfmetrics.registerFont(TTFont("Serif", str(SERIF)))
    pdfmetrics.registerFont(TTFont("Serif-Bold", str(SERIF_BOLD)))
    width = A4[0] - 45 * mm
    for i in range(count):
        name = f"{FIRST[i % 8]} {LAST[(i // 8) % 8]}"
        canvas = Canvas(str(out / f"letter-{i}.pdf"), pagesize=A4, invariant=1)
        canvas.setTitle(letter.subject)  # type: ignore[attr-defined]
        y = A4[1] - 27 * mm
        canvas.setFont("Serif", 8)
        canvas.drawString(25 * mm, A4[1] - 50 * mm, f"{name} · Beispielstraße {i + 1} · Berlin")
        canvas.setFont("Serif", 10.5)
        for line in (name, f"Beispielstraße {i + 1}", "10115 Berlin"):
            canvas.drawRightString(A4[0] - 20 * mm, y, line)
            y -= 13
        y = A4[1] - 55 * mm
        for line in letter.recipient.lines:  # type: ignore[attr-defined]
            canvas.drawString(25 * mm, y, line)
            y -= 13
        y = A4[1] - 100 * mm
        canvas.drawRightString(A4[0] - 20 * mm, y, letter.dateline)  # type: ignore[attr-defined]
        y -= 26
        canvas.setFont("Serif-Bold", 10.5)
        for line in simpleSplit(letter.subject, "Serif-Bold", 10.5, width):  # type: ignore[attr-defined]
            canvas.drawString(25 * mm, y, line)
            y -= 13
        canvas.setFont("Serif", 10.5)
        y -= 13
        for paragraph in [letter.salutation, *body, letter.closing, name]:  # type: ignore[attr-defined]
            for line in simpleSplit(paragraph, "Serif", 10.5, width):
                canvas.drawString(25 * mm, y, line)
                y -= 13.5
            y -= 6
        canvas.showPage()
        canvas.save()
    return time.perf_counter() - began


def make_docxtpl_template(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{%p for line in sender %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("")
    doc.add_paragraph("{%p for line in recipient %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ dateline }}")
    subject = doc.add_paragraph()
    subject.add_run("{{ subject }}").bold = True
    doc.add_paragraph("{{ salutation }}")
    doc.add_paragraph("{%p for paragraph in body %}")
    doc.add_paragraph("{{ paragraph }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ closing }}")
    doc.add_paragraph("{{ name }}")
    doc.save(str(path))


def run_docxtpl(count: int, work: Path) -> float:
    from docxtpl import DocxTemplate

    letter = sample_letter()
    template = work / "letter-template.docx"
    make_docxtpl_template(template)
    out = work / "out"
    out.mkdir()
    began = time.perf_counter()
    for i in range(count):
        name = f"{FIRST[i % 8]} {LAST[(i // 8) % 8]}"
        doc = DocxTemplate(str(template))
        doc.render({
            "sender": [name, f"Beispielstraße {i + 1}", "10115 Berlin"],
            "recipient": list(letter.recipient.lines),  # type: ignore[attr-defined]
            "dateline": letter.dateline,  # type: ignore[attr-defined]
            "subject": letter.subject,  # type: ignore[attr-defined]
            "salutation": letter.salutation,  # type: ignore[attr-defined]
            "body": letter.plain_blocks(),  # type: ignore[attr-defined]
            "closing": letter.closing,  # type: ignore[attr-defined]
            "name": name,
        })
        doc.save(str(out / f"letter-{i}.docx"))
    return time.perf_counter() - began


def child(case: str, count: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="letterkit-bench-") as tmp:
        work = Path(tmp)
        if case == "ref-reportlab-ttf":
            seconds = run_reportlab(count, work)
        elif case == "ref-docxtpl":
            seconds = run_docxtpl(count, work)
        else:
            base = case.removesuffix("-distinct")
            fmt = {"letterkit-pdf-en": "pdf", "letterkit-pdf-ur": "pdf",
                   "letterkit-docx": "docx", "letterkit-txt": "txt"}[base]
            seconds = run_letterkit(fmt, count, base.endswith("-ur"), jobs, work,
                                    distinct=case.endswith("-distinct"))
    print(json.dumps({"seconds": seconds}))


# --------------------------------------------------------------------------------------------
# the harness


def measure(case: str, count: int, jobs: int = 1) -> dict[str, float]:
    """Run one case in a child; its time, rate and peak RSS (MiB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", case, str(count), str(jobs)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{case} ({count}) failed with status {proc.returncode}")
    seconds = json.loads(output.strip().splitlines()[-1])["seconds"]
    # ru_maxrss: KiB on Linux; with --jobs 2 the workers are grandchildren, not counted here
    return {"seconds": seconds, "rate": count / seconds, "rss": usage.ru_maxrss / 1024}


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in ("letterkit", "reportlab", "python-docx", "docxtpl", "uharfbuzz",
                 "python-bidi", "jinja2"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.system()} {platform.release()}, {cpu}, {cores} CPUs usable"


def table(results: dict[tuple[str, int], dict[str, float]], sizes: list[int],
          speedup: dict[str, float]) -> str:
    lines = ["| case | " + " | ".join(f"{n:,} letters/s" for n in sizes) + " | "
             + " | ".join(f"peak RSS {n:,} (MiB)" for n in sizes) + " |",
             "|---" * (1 + 2 * len(sizes)) + "|"]
    for case in CASES:
        rates = [f"{results[(case, n)]['rate']:.1f}" for n in sizes]
        rss = [f"{results[(case, n)]['rss']:.0f}" for n in sizes]
        lines.append(f"| {case} | " + " | ".join(rates + rss) + " |")
    big = sizes[-1]
    small = sizes[0]

    def ratio(a: str, b: str) -> float:
        return results[(a, big)]["rate"] / results[(b, big)]["rate"]

    checks = [
        ("English PDF ≥ 0.8× TrueType canvas", ratio("letterkit-pdf-en", "ref-reportlab-ttf"),
         0.8),
        ("Urdu PDF ≥ 0.5× TrueType canvas", ratio("letterkit-pdf-ur", "ref-reportlab-ttf"), 0.5),
        ("DOCX ≥ 2× docxtpl", ratio("letterkit-docx", "ref-docxtpl"), 2.0),
        (f"speed-up from 1 to 2 jobs (PDF en, {speedup['count']:,} letters) ≥ 1.7×",
         speedup["ratio"], 1.7),
    ]
    for case in CASES[:4]:
        if big != small:
            grow = results[(case, big)]["rss"] / results[(case, small)]["rss"]
            checks.append((f"{case}: peak RSS at {big:,} ≤ 1.2× at {small:,}", grow, 1.2))
    lines += ["", "| target | measured | goal | met |", "|---|---|---|---|"]
    for label, value, goal in checks:
        met = value <= goal if "RSS" in label else value >= goal
        lines.append(f"| {label} | {value:.2f}× | {goal}× | {'yes' if met else '**no**'} |")
    lines.append("")
    distinct = ", ".join(
        f"{lang} {ratio(f'letterkit-pdf-{lang}-distinct', 'ref-reportlab-ttf'):.2f}×"
        for lang in ("en", "ur"))
    lines.append(f"With every name distinct (not a target, for reading the others): PDF "
                 f"{distinct} the TrueType canvas.")
    lines.append("")
    lines.append(f"Ratios at {big:,} letters. jobs 1 → 2 (median of three pairs): "
                 f"{speedup['one']:.1f} → "
                 f"{speedup['two']:.1f} letters/s.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="comma-separated batch sizes (default: 100,1000,10000)")
    parser.add_argument("--doc", type=Path, help="replace the results block of this Markdown "
                        "file (between <!-- bench:start --> and <!-- bench:end -->)")
    parser.add_argument("--child", nargs=3, metavar=("CASE", "COUNT", "JOBS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results: dict[tuple[str, int], dict[str, float]] = {}
    for n in sizes:
        for case in CASES:
            results[(case, n)] = measure(case, n)
            r = results[(case, n)]
            print(f"{case:<20} {n:>6} letters: {r['seconds']:8.2f} s  {r['rate']:8.1f}/s  "
                  f"peak RSS {r['rss']:6.0f} MiB", flush=True)
    # jobs 1 -> 2: three pairs measured back to back, the median pair reported (one run on a
    # shared virtual machine can be off by a fifth)
    count = min(1000, sizes[-1])
    pairs = []
    for _ in range(3):
        one = measure("letterkit-pdf-en", count)["rate"]
        two = measure("letterkit-pdf-en", count, jobs=2)["rate"]
        pairs.append((two / one, one, two))
        print(f"jobs 1 → 2 (PDF en, {count}): {one:.1f} → {two:.1f} letters/s "
              f"({two / one:.2f}×)", flush=True)
    ratio, one, two = sorted(pairs)[1]
    speedup = {"one": one, "two": two, "ratio": ratio, "count": count}
    when = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = versions()
    block = "\n".join([
        (f"Measured {when} on {machine()}, with `python benchmarks/bench_merge.py "
         f"--sizes {','.join(map(str, sizes))}`."),
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        table(results, sizes, speedup),
    ])
    print()
    print(block)
    if args.doc:
        text = args.doc.read_text(encoding="utf-8")
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        if start in text and end in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            text = f"{head}{start}\n{block}\n{end}{tail}"
        else:
            text += f"\n{start}\n{block}\n{end}\n"
        args.doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
