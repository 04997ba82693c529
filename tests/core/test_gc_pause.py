"""The one GC policy: the caller pauses the collector for a big load, then freezes what it kept."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from tui.core.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Each test starts with the collector on and nothing frozen, and leaves it so."""
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


class Kept:
    """An object a load keeps (tracked by the collector, so freezing moves it)."""


def test_the_collector_is_off_inside_and_what_was_kept_is_frozen_after() -> None:
    with gc_paused():
        assert not gc.isenabled()
        kept = [Kept() for _ in range(100)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)


def test_nested_pauses_keep_the_collector_off_until_the_outermost_ends() -> None:
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0  # the inner end froze nothing yet
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_a_failed_load_restores_the_collector_and_freezes_nothing() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        _ = [Kept() for _ in range(100)]
        raise RuntimeError("the PSA went away")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_the_process_had_turned_off_stays_off() -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_a_pause_from_a_worker_thread_shares_the_callers_pause() -> None:
    inside = threading.Event()
    leave = threading.Event()
    seen: list[bool] = []

    def worker() -> None:
        with gc_paused():
            inside.set()
            leave.wait(5)
        seen.append(gc.isenabled())

    thread = threading.Thread(target=worker)
    with gc_paused():
        thread.start()
        assert inside.wait(5)
    # The caller's pause ended first: the worker's still holds the collector off.
    assert not gc.isenabled()
    leave.set()
    thread.join(5)
    assert seen == [True]
    assert gc.isenabled()
