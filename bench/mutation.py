"""`make mutate`: run mutmut for at most a time budget, then write bench/mutation.md.

    python -m bench.mutation [--seconds 1800] [--report-only]

mutmut (configured in pyproject.toml, [tool.mutmut]) copies fedxl/ to mutants/, makes every small
change it knows to the modules that decide figures and safety, and runs the tests that reach each
changed function. A run stopped by the budget is taken up again by the next (mutmut keeps its
results in mutants/). The report gives the score per module and lists every mutant that no test
killed: each is either explained in bench/mutation_equivalent.toml (a change that cannot alter
what fedxl does, or one no test can reach, and why) or listed as unexplained.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXPLAINED = HERE / "mutation_equivalent.toml"
REPORT = HERE / "mutation.md"
DEAD = ("killed", "timeout", "caught by type check", "segfault")
LEFT = ("not checked", "skipped")  # not run yet (the budget ran out), or skipped by mutmut


def run_mutmut(seconds: float) -> None:
    """mutmut run, stopped (as by Ctrl+C, so it keeps what it has) when the budget is spent."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(os.cpu_count() or 2)],
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + seconds
    while proc.poll() is None:
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            print(f"mutmut stopped after {seconds:.0f} s; the next run goes on from there")
            return
        time.sleep(1)


def results() -> dict[str, tuple[str, str]]:
    """Each mutant: (status, its diff), read from mutants/ with mutmut's own reader."""
    os.chdir(ROOT)
    from mutmut.__main__ import (  # type: ignore[import-not-found,unused-ignore]
        SourceFileMutationData,
        get_diff_for_mutant,
        status_by_exit_code,
        walk_mutatable_files,
    )

    out: dict[str, tuple[str, str]] = {}
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for name, code in data.exit_code_by_key.items():
            status = status_by_exit_code[code]
            diff = "" if status in DEAD or status in LEFT else get_diff_for_mutant(name, path=path)
            out[name] = (status, diff)
    return out


def module_of(name: str) -> str:
    """fedxl.form.values.x_parse_date__mutmut_3 -> fedxl.form.values (a method's mutant is
    named module.xǁClassǁmethod__mutmut_N)"""
    return name.split("__mutmut_")[0].rsplit(".", 1)[0]


def write_report(found: dict[str, tuple[str, str]]) -> int:
    explained: dict[str, str] = {}
    if EXPLAINED.is_file():
        explained = tomllib.loads(EXPLAINED.read_text(encoding="utf-8")).get("mutants", {})
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for name, (status, _) in found.items():
        by_module[module_of(name)][status] += 1
    lines = [
        "# Mutation score",
        "",
        "`make mutate` (mutmut, see bench/mutation.py): the share of the mutants run that a test",
        "killed. A survivor is either explained in bench/mutation_equivalent.toml or listed below",
        "as unexplained. Not run: the budget ran out before them (the next run goes on).",
        "",
        "| module | mutants | run | killed | survived | no test | explained | score |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total: Counter[str] = Counter()
    for module in sorted(by_module):
        counts = by_module[module]
        total.update(counts)
        lines.append(_row(module, counts, found, explained))
    lines.append(_row("**all**", total, found, explained))
    unexplained = [
        (name, diff)
        for name, (status, diff) in sorted(found.items())
        if status not in DEAD and status not in LEFT and name not in explained
    ]
    lines += ["", f"## Unexplained survivors ({len(unexplained)})", ""]
    for name, diff in unexplained:
        lines += [f"### {name} ({found[name][0]})", "", "```diff", diff.strip(), "```", ""]
    lines += ["", "## Explained survivors", ""]
    for name in sorted(n for n in explained if n in found and found[n][0] not in DEAD):
        lines.append(f"- `{name}`: {explained[name]}")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[6 : 8 + len(by_module) + 1]))  # the table
    print(f"{len(unexplained)} unexplained survivors: {REPORT}")
    return len(unexplained)


def _row(
    module: str,
    counts: Counter[str],
    found: dict[str, tuple[str, str]],
    explained: dict[str, str],
) -> str:
    mutants = sum(counts.values())
    left = sum(counts[s] for s in LEFT)
    run = mutants - left
    killed = sum(counts[s] for s in DEAD)
    no_test = counts["no tests"]
    survived = run - killed - no_test
    mine = [
        n
        for n in explained
        if n in found
        and found[n][0] not in DEAD
        and (module == "**all**" or module_of(n) == module)  # not a submodule's (fedxl.store.rows)
    ]
    score = f"{100 * killed / run:.1f}%" if run else "–"
    return (
        f"| {module} | {mutants} | {run} | {killed} | {survived} | {no_test} | {len(mine)} | "
        f"{score} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1800, help="time budget of mutmut run")
    parser.add_argument("--report-only", action="store_true", help="only write the report")
    args = parser.parse_args()
    if not args.report_only:
        run_mutmut(args.seconds)
    write_report(results())


if __name__ == "__main__":
    main()
