"""Reliability figures: seeded fault runs, SIGKILLs during saves, a throttled tenant,
concurrent writers, a records file that moved on, hostile output and echoed secrets.

The same harnesses as `tests/reliability` (the tests hold them to the contract; this
prints the counts for the README's Reliability table). `python -m bench reliability`
prints them as rows of the benchmark table; `python -m bench.reliability` prints the
Reliability table on its own, with the fault mix.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.table import BenchRow, render
from tests.reliability.attacks import (
    HostileReport,
    SecretReport,
    run_hostile_output,
    run_secret_echoes,
)
from tests.reliability.race_harness import RaceReport, run_writer_races
from tests.reliability.record_drift_harness import RecordDriftReport, run_record_drift
from tests.reliability.signal_harness import SignalTrial, run_signal_trial
from tests.support.crash_harness import CrashReport, run_crash_trials
from tests.support.fault_harness import (
    TIME_BOUND,
    FaultReport,
    ThrottleReport,
    run_fault_suite,
    run_loopback_cli_suite,
    throttled_session,
)

FAULT_RUNS, LOOPBACK_RUNS, KILLS = 200, 10, 100
WRITERS, SAVES_PER_WRITER = 4, 50
SIGNAL_TRIALS = 2  # per signal
THROTTLE_LIMIT = 2  # requests per second


def rows() -> list[BenchRow]:
    """The Reliability rows: fault suite, loopback CLI runs, crash safety, throttling."""
    faults = run_fault_suite(FAULT_RUNS, first_seed=1)
    with tempfile.TemporaryDirectory() as folder:
        loopback = run_loopback_cli_suite(Path(folder), LOOPBACK_RUNS, first_seed=1_001)
    with tempfile.TemporaryDirectory() as folder:
        crashes = run_crash_trials(Path(folder), KILLS, seed=1)
    paced = asyncio.run(throttled_session(THROTTLE_LIMIT))
    with _pacing_off():
        unpaced = asyncio.run(throttled_session(THROTTLE_LIMIT))
    with tempfile.TemporaryDirectory() as folder:
        races = run_writer_races(Path(folder), writers=WRITERS, rounds=SAVES_PER_WRITER)
        unlocked = run_writer_races(
            Path(folder), writers=WRITERS, rounds=SAVES_PER_WRITER, locked=False
        )
    with tempfile.TemporaryDirectory() as folder:
        moved_on = run_record_drift(Path(folder))
    with tempfile.TemporaryDirectory() as folder:
        hostile = run_hostile_output(Path(folder))
    with tempfile.TemporaryDirectory() as folder:
        echoes = run_secret_echoes(Path(folder))
    trials: list[SignalTrial] = []
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGKILL):
        for _ in range(SIGNAL_TRIALS):
            with tempfile.TemporaryDirectory() as folder:
                trials.append(run_signal_trial(Path(folder), sig))
    return [
        *_fault_rows(faults, "in-process, virtual time", FAULT_RUNS),
        *_fault_rows(loopback, "CLI over loopback sockets", LOOPBACK_RUNS),
        *_crash_rows(crashes),
        *_throttle_rows(paced, unpaced),
        _race_row(races, unlocked),
        _signal_row(trials),
        _record_drift_row(moved_on),
        *_attack_rows(hostile, echoes),
    ]


def _signal_row(trials: list[SignalTrial]) -> BenchRow:
    gentle = [t for t in trials if t.signal != signal.SIGKILL]
    restored = sum(t.terminal_restored and t.returncode == 128 + t.signal for t in gentle)
    recovered = sum(t.work_recovered for t in trials)
    return BenchRow(
        f"Signals with unsaved work (SIGTERM, SIGHUP, SIGKILL x {SIGNAL_TRIALS}, real pty): "
        "terminal restored / work recovered at next launch",
        f"{restored} of {len(gentle)} / {recovered} of {len(trials)}",
        "0 / 0 (exit at once, work lost)",
        f"{len(gentle)} / {len(trials)}",
        restored == len(gentle) and recovered == len(trials),
    )


def _record_drift_row(report: RecordDriftReport) -> BenchRow:
    return BenchRow(
        f"Records file moved on ({report.mapped} mapped, {report.removed} records removed, "
        f"{report.renamed} renamed): orphan entries kept after a save / listed by the "
        "orphans view and by `check` / renames flagged, then saved once confirmed",
        f"{report.kept} of {report.removed} / {report.shown} and {report.checked} "
        f"({'same ids' if report.same_ids else 'different ids'}) / "
        f"{report.flagged} of {report.renamed}, {report.confirmed} of {report.renamed}",
        f"before: kept silently (counts said mapped {report.mapped - report.removed}) / "
        "`check` only, no view / not flagged",
        "all kept, shown, flagged",
        report.kept == report.shown == report.checked == report.removed
        and report.same_ids
        and report.flagged == report.confirmed == report.renamed,
    )


def _race_row(races: RaceReport, unlocked: RaceReport) -> BenchRow:
    return BenchRow(
        f"Concurrent writers ({races.writers} processes x {SAVES_PER_WRITER} racing saves, "
        "one file): entries lost",
        f"{races.lost} of {races.saves}",
        f"{unlocked.lost} of {unlocked.saves} (same check, no lock; "
        f"{unlocked.conflicts_retried} refusals retried)",
        "0 lost",
        races.lost == 0 and races.saves == WRITERS * SAVES_PER_WRITER,
    )


def _attack_rows(hostile: HostileReport, echoes: SecretReport) -> list[BenchRow]:
    return [
        BenchRow(
            f"Hostile output ({hostile.names} hostile names x {hostile.outputs} outputs: "
            "table, CSV, JSON, error line): control/invisible characters, formula cells emitted",
            f"{hostile.unsafe_characters} / {hostile.formula_cells}",
            "-",
            "0 / 0",
            hostile.unsafe_characters == hostile.formula_cells == 0,
        ),
        BenchRow(
            f"Secret forms scrubbed ({echoes.forms} echo forms: raw, decoded, JSON-escaped, "
            f"URL-encoded, HTML; {echoes.spellings_checked} spellings scanned): leaks",
            str(echoes.leaks),
            "-",
            "0",
            echoes.leaks == 0,
        ),
    ]


def _fault_rows(report: FaultReport, where: str, wanted: int) -> list[BenchRow]:
    outcome = f"{report.exact} exact, {report.clean_failures} clean failures, {report.wrong} wrong"
    return [
        BenchRow(
            f"Fault runs ({where}): runs / faults injected / requests",
            f"{report.runs} / {report.faults_injected} / {report.requests}",
            "-",
            f">= {wanted} runs",
            report.runs >= wanted,
        ),
        BenchRow(
            f"Fault runs ({where}): outcomes",
            outcome,
            "-",
            "0 wrong, 0 crashes",
            report.wrong == 0 and report.crashes == 0,
        ),
        BenchRow(
            f"Fault runs ({where}): longest load or failure, on the retry clock",
            f"{report.longest_virtual_seconds:.0f} s",
            "-",
            f"<= {TIME_BOUND:.0f} s",
            report.over_time_bound == 0,
        ),
    ]


def _crash_rows(report: CrashReport) -> list[BenchRow]:
    return [
        BenchRow(
            "SIGKILL during save: file is the old or new version, valid TOML",
            f"{report.valid_file} / {report.kills}",
            "-",
            f"{KILLS} / {KILLS}",
            report.valid_file == report.kills == KILLS,
        ),
        BenchRow(
            "SIGKILL during save: `.bak` valid",
            f"{report.valid_bak} / {report.kills}",
            "-",
            f"{KILLS} / {KILLS}",
            report.valid_bak == report.kills == KILLS,
        ),
        BenchRow(
            "SIGKILL during save: kills that landed mid-write (temp file left)",
            f"{report.mid_write} / {report.kills}",
            "-",
            "> 0 (the kills hit writes)",
            report.mid_write > 0,
        ),
    ]


def _throttle_rows(paced: ThrottleReport, unpaced: ThrottleReport) -> list[BenchRow]:
    limit = f"{THROTTLE_LIMIT} req/s"
    return [
        BenchRow(
            f"Throttled tenant ({limit}): requests refused with 429",
            f"{paced.throttled} of {paced.requests}",
            f"{unpaced.throttled} of {unpaced.requests} (Retry-After only)",
            "<= 2",
            paced.throttled <= 2 and paced.exact,
        ),
        BenchRow(
            f"Throttled tenant ({limit}): most requests in one second, once told to slow",
            str(paced.worst_second_after_learning),
            f"{unpaced.worst_second_after_learning} (Retry-After only)",
            f"<= {THROTTLE_LIMIT}",
            paced.worst_second_after_learning <= THROTTLE_LIMIT,
        ),
    ]


@contextmanager
def _pacing_off() -> Iterator[None]:
    """The baseline: the same client honouring Retry-After but never pacing after a 429."""
    from tui.psa.pacing import Pace

    refused = Pace.refused
    Pace.refused = lambda self, now: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        Pace.refused = refused  # type: ignore[method-assign]


def main() -> int:
    """Print the Reliability table."""
    print(render(rows()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
