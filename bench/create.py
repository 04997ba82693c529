"""`create --yes` against a sandbox failing a quarter of its requests: exactly once, or not?

Runs the seeded harness of `tests/support/create_harness.py` (the real CLI, in-process,
against the sandbox served on loopback with the default fault mix at 25%, where a drop
or a 5xx on a POST comes after the server processed it half of the time) and prints the
rows of the README's Reliability table. The baseline is the same runs with a runner that
takes a lost answer for "not created" (no look-up by identifier). `python -m bench create`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.table import BenchRow, render
from tests.support.create_harness import CreateSuiteReport, careless_runner, run_create_suite

RUNS, BASELINE_RUNS, FAULT_RATE = 100, 25, 0.25


def rows() -> list[BenchRow]:
    """The create rows: runs and faults, exactly-once, refusals, reruns."""
    with tempfile.TemporaryDirectory() as folder:
        ours = run_create_suite(Path(folder), RUNS, first_seed=1, fault_rate=FAULT_RATE)
    with tempfile.TemporaryDirectory() as folder, careless_runner():
        base = run_create_suite(Path(folder), BASELINE_RUNS, first_seed=1, fault_rate=FAULT_RATE)
    return _rows(ours, base)


def _rows(ours: CreateSuiteReport, base: CreateSuiteReport) -> list[BenchRow]:
    planned = ours.total("planned")
    duplicates, missing = ours.total("duplicates"), ours.total("missing")
    wrong = ours.total("wrong_mapping")
    faults = sum(ours.faults.values())
    base_planned = base.total("planned")
    base_missing = base.total("missing")
    base_unmapped = base.total("wrong_mapping") - base_missing
    where = f"create --yes, {FAULT_RATE:.0%} faults (CLI over loopback)"
    return [
        BenchRow(
            f"{where}: runs / POSTs / faults injected / answers lost after processing",
            f"{ours.runs} / {ours.total('posts')} / {faults} / {ours.total('processed_then_lost')}",
            "-",
            f">= {RUNS} runs, > 0 lost after processing",
            ours.runs >= RUNS and ours.total("processed_then_lost") > 0,
        ),
        BenchRow(
            f"{where}: planned companies created exactly once and mapped as created",
            f"{ours.total('created_once'):,} of {planned:,} "
            f"({duplicates} duplicates, {missing} missing, {wrong} wrong in the mapping)",
            f"no look-up after a lost answer ({base.runs} runs): of {base_planned}, "
            f"{base_unmapped} created but not mapped, {base_missing} never created",
            "all; 0 duplicates, 0 missing",
            duplicates == 0 and missing == 0 and wrong == 0,
        ),
        BenchRow(
            f"{where}: refusals reported with their reason",
            f"{ours.total('refusals_reported')} of {ours.total('refusals_expected')}",
            "-",
            "all",
            ours.total("refusals_reported") == ours.total("refusals_expected"),
        ),
        BenchRow(
            f"{where}: runs that stopped and were run again",
            f"{ours.reruns} of {ours.runs} (then exact: {ours.exact} of {ours.runs})",
            "-",
            "every run exact in the end",
            ours.exact == ours.runs,
        ),
    ]


def main() -> int:
    """Print the create rows."""
    print(render(rows()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
