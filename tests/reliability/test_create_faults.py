"""`psamap create --yes` against a sandbox failing a quarter of its requests: exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.create_harness import run_create, run_create_suite
from tui.core import create_run
from tui.psa.errors import OutcomeUnknown

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
def test_the_harness_catches_a_run_that_gives_up_on_a_lost_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A runner that treats "no answer" as "not created" and moves on (no look-up): the
    # companies whose answer was lost after processing never reach the mapping.
    async def careless(self: create_run.CreateRun, item):  # type: ignore[no-untyped-def]
        if item.action == "link":
            return create_run.CreateOutcome(item, "linked", item.existing)
        try:
            created = await self.client.create_company(item.company.body())
        except OutcomeUnknown:
            return create_run.CreateOutcome(item, "refused", None, "no answer")
        return self._created(item, created)

    monkeypatch.setattr(create_run.CreateRun, "_settle", careless)
    result = run_create(tmp_path, 1)
    assert result.processed_then_lost > 0
    assert not result.exact
    assert result.wrong_mapping > 0
