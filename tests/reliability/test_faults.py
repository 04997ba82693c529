"""Under faults the company list is exact or the load fails cleanly: never a partial list.

The seeded runs are described in `fault_harness`; these tests hold them to the contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fault_harness import (
    TIME_BOUND,
    run_fault_suite,
    run_loopback_cli_suite,
    throttled_session,
)
from tests.support.filter_fixtures import make_app
from tests.support.pilot import screen_text, settle
from tui.psa.filter import CompanyFilter
from tui.sandbox import FAULT_KINDS, Sandbox, make_tenant


@pytest.mark.slow
def test_two_hundred_seeded_fault_runs_are_exact_or_fail_cleanly() -> None:
    report = run_fault_suite(runs=200, first_seed=1)

    assert report.problems == []
    assert report.runs == 200
    assert report.wrong == 0 and report.crashes == 0
    assert report.exact + report.clean_failures == 200
    assert report.longest_virtual_seconds <= TIME_BOUND
    # The suite really exercised both outcomes and every kind of fault.
    assert report.exact >= 100 and report.clean_failures >= 5
    assert set(report.by_fault) == set(FAULT_KINDS)
    assert report.faults_injected >= 200


@pytest.mark.slow
def test_the_command_line_over_loopback_prints_the_exact_list_or_exits_1_with_one_line(
    tmp_path: Path,
) -> None:
    report = run_loopback_cli_suite(tmp_path, runs=10, first_seed=1_001)

    assert report.problems == []
    assert report.wrong == 0 and report.crashes == 0
    assert report.exact + report.clean_failures == 10
    assert report.exact >= 1 and report.faults_injected >= 10
    assert all(error.startswith("exit 1") for error in report.errors)


@pytest.mark.parametrize("limit", [1, 2, 5])
async def test_a_throttled_tenant_loads_at_its_limit_and_says_it_is_waiting(limit: int) -> None:
    report = await throttled_session(limit)

    assert report.exact
    # One refusal teaches the client the rate; after that it stays within the limit.
    assert report.throttled <= 2
    assert 0 < report.worst_second_after_learning <= limit
    assert [reason for _, reason in report.waits] == ["rate limit"] * len(report.waits)
    assert report.waits and all(seconds > 0 for seconds, _ in report.waits)


@pytest.mark.slow
async def test_the_filter_screen_says_it_is_waiting_for_a_throttled_tenant() -> None:
    tenant = make_tenant("acme", 300, seed=3)
    # Ten requests a second: the screen's first burst (statuses, types, a count per item
    # and the total) is refused in part and waits out a real one-second Retry-After.
    app = make_app(tenant, sandbox=Sandbox([tenant], requests_per_second=10))
    inactive = {s["id"] for s in tenant.statuses if s["inactiveFlag"]}
    active = CompanyFilter.of({s["id"] for s in tenant.statuses} - inactive)
    expected = len(tenant.select(active.conditions(), active.child_conditions()))

    async with app.run_test(size=(80, 24)) as pilot:
        app.open_tenant(app.config.tenants["acme"])
        seen_waiting = False
        for _ in range(200):  # watch the screen while it loads, as a user would
            await pilot.pause(0.02)
            if "retrying in" in screen_text(pilot):
                seen_waiting = "rate limit" in screen_text(pilot)
                break
        await settle(pilot)
        final = screen_text(pilot)

    assert seen_waiting, "the screen never said it was waiting for the rate limit"
    assert f"Selected {expected:,} companies" in final  # and then it finished loading
    assert "retrying in" not in final
