"""`psamap create --yes` against a sandbox failing a quarter of its requests: exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.create_harness import careless_runner, run_create, run_create_suite

RUNS = 4


@pytest.mark.slow
def test_seeded_runs_create_each_planned_company_exactly_once(tmp_path: Path) -> None:
    report = run_create_suite(tmp_path, RUNS, first_seed=101)
    assert report.runs == RUNS
    assert report.total("duplicates") == 0
    assert report.total("missing") == 0
    assert report.total("wrong_mapping") == 0
    assert report.total("refusals_reported") == report.total("refusals_expected")
    assert report.exact == RUNS
    assert sum(report.faults.values()) > 0  # the runs really met faults


@pytest.mark.slow
def test_the_harness_catches_a_run_that_gives_up_on_a_lost_answer(tmp_path: Path) -> None:
    with careless_runner():
        result = run_create(tmp_path, 1)
    assert result.processed_then_lost > 0
    assert not result.exact
    assert result.wrong_mapping > 0
