"""The CPU lane: one shared worker thread, results and errors handed back as they are."""

from __future__ import annotations

import contextvars
import sys
import threading

import pytest

from tui.psa import offload

_who = contextvars.ContextVar("who", default="nobody")


async def test_work_runs_on_one_lane_thread_not_the_loop() -> None:
    threads = {await offload.off_loop(threading.get_ident) for _ in range(5)}
    assert len(threads) == 1
    assert threading.get_ident() not in threads
    names = await offload.off_loop(lambda: threading.current_thread().name)
    assert names.startswith("psamap-cpu")


async def test_arguments_results_and_context_pass_through() -> None:
    _who.set("the caller")
    assert await offload.off_loop(divmod, 17, 5) == (3, 2)
    assert await offload.off_loop(_who.get) == "the caller"
    assert await offload.off_loop(sorted, [3, 1, 2], reverse=True) == [3, 2, 1]


async def test_an_error_in_the_lane_is_raised_to_the_caller_as_is() -> None:
    with pytest.raises(ZeroDivisionError):
        await offload.off_loop(divmod, 1, 0)
    assert await offload.off_loop(divmod, 4, 2) == (2, 0)  # the lane still works after it


async def test_the_lane_works_with_a_short_switch_interval_and_puts_it_back() -> None:
    before = sys.getswitchinterval()
    during = await offload.off_loop(sys.getswitchinterval)
    assert during == min(before, offload.LANE_SWITCH_S) < 0.005
    assert sys.getswitchinterval() == before
    with pytest.raises(ZeroDivisionError):
        await offload.off_loop(divmod, 1, 0)
    assert sys.getswitchinterval() == before  # put back after a failed step too


def test_short_switches_nest_and_overlap_and_put_back_the_first_interval() -> None:
    before = sys.getswitchinterval()
    outer = offload.short_switches()
    outer.__enter__()
    assert sys.getswitchinterval() == min(before, offload.LANE_SWITCH_S)
    with offload.short_switches():
        assert sys.getswitchinterval() == min(before, offload.LANE_SWITCH_S)
    assert sys.getswitchinterval() == min(before, offload.LANE_SWITCH_S)  # outer still in
    outer.__exit__(None, None, None)
    assert sys.getswitchinterval() == before
