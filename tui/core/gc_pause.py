"""One policy for the cyclic garbage collector during big loads: pause it, then freeze the result.

Loading 50,000 companies and matching 10,000 records create millions of long-lived,
acyclic objects. Left alone, the cyclic collector rescans them again and again (a third
of decode and ranking CPU) and its full passes (150-300 ms each) freeze the UI. So the
code that owns a big load wraps it in `gc_paused()`: the collector is off until the
outermost pause ends; then `gc.freeze()` moves what survived into the permanent
generation, which the collector never scans again (reference counting still frees those
objects when they are dropped).

Only the caller that owns the process may do this, so it is the caller's choice: the
CLI command, the app's load flow, a benchmark. Library code (psa, core functions) never
changes process-wide GC state.

Re-entrant and thread-safe: nested pauses, and pauses entered from a worker thread while
another is active, share one pause; the collector comes back (if it was on) when the
last of them exits. Only a pause whose outermost body finished without an exception
freezes: after a failure there is nothing worth keeping out of the collector's way.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; freeze what is alive when the last pause ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    finished = False
    try:
        yield
        finished = True
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if finished:
                    gc.freeze()
                if _was_enabled:
                    gc.enable()


def freeze_all() -> None:
    """Put everything alive out of the collector's way now (O(1)), before a big screen
    opens: the app and the screens under it are ~100,000 objects after a tenant opens, and
    a full pass over them (80-110 ms) would otherwise land in the new screen's first
    frames. Nothing changes while a pause is active: its end freezes anyway."""
    with _lock:
        if _depth == 0:
            gc.freeze()


def collect_and_refreeze() -> None:
    """A screen frozen with what it held has been left for good: hand every frozen object
    back to the collector, collect once (frozen, the screen's reference cycles, and with
    them the records and companies they hold, would never be freed), then freeze what
    survives again. One full pass: call it when a pause is least felt (after a paint)."""
    with _lock:
        if _depth:
            return  # a pause is active; its end freezes what is alive
        gc.unfreeze()
        gc.collect()
        gc.freeze()
