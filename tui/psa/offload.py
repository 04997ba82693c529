"""One worker thread for the CPU-heavy steps of a load, so the event loop never runs them.

Decoding a page of 1,000 companies (JSON parse, pydantic validation, the model's
validators) takes 10-40 ms of CPU: run on the event loop, a burst of concurrent pages
froze the UI for ~100 ms. `off_loop` runs such a step on a single shared thread instead:
one thread (not a pool) because the work holds the GIL anyway, and a second CPU-bound
thread would only compete with the event loop for it (CPython hands the GIL to a waiting
thread every `sys.getswitchinterval()`, 5 ms: with one competitor the loop waits at most
that long; with many, longer).

While the lane works, the interpreter's switch interval is lowered (`LANE_SWITCH_S`, and
restored when the step ends): every system call the event loop makes (its `select`, a
socket read) lets go of the GIL, and taking it back from the busy lane thread waited up
to a whole interval each time, several times a turn of the loop. A shorter interval only
makes the lane hand the GIL over sooner to a thread that waits for it; with nobody
waiting it changes nothing. A CPU-heavy step that runs in a thread of its own (reading a
records file) asks for the same with `short_switches()`.

Awaiting `off_loop` is cancellable (the caller stops waiting; the step in hand finishes in
the background and its result is dropped). The thread is a daemon-free executor thread:
Python joins it at exit, so a step is never cut off half-way.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

#: The switch interval while the lane works: the event loop waits at most this long for
#: the GIL after each system call (the interpreter's default is 5 ms).
LANE_SWITCH_S = 0.0005

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None

_switch_lock = threading.Lock()
_switch_users = 0
_switch_before = 0.0


def _lane() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="psamap-cpu")
        return _executor


async def off_loop(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` on the CPU lane thread (context variables carried over)."""
    loop = asyncio.get_running_loop()
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    return await loop.run_in_executor(_lane(), _with_short_switches, call)


def _with_short_switches(call: Callable[[], T]) -> T:
    """Run `call` (on the lane) with the switch interval lowered."""
    with short_switches():
        return call()


@contextmanager
def short_switches() -> Iterator[None]:
    """Lower the switch interval to `LANE_SWITCH_S` while inside (any thread; nested and
    overlapping uses share it), and put back what it was when the last one leaves."""
    global _switch_users, _switch_before
    with _switch_lock:
        if _switch_users == 0:
            _switch_before = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_before, LANE_SWITCH_S))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_before)
