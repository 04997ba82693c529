"""Which event-loop callbacks hold the loop, and what they do: the stall bench's probes.

Every asyncio callback runs through `Handle._run`; `CallbackProbe` wraps it and times each
one in CPU time of the loop's own thread (`time.thread_time`, so waiting for the GIL or a
CPU is not counted: that is the machine's, not the code's). A callback over the limit is
kept with what it was: the task it stepped (Textual runs each widget's message queue as
a task named after the widget) and the messages that task handled in that step. With
`profile=True` each callback also runs under `cProfile` (CPU time) and a long one keeps
its heaviest calls (profiling slows every call, so its times are relative; the plain run
gives the figures). `PaintProbe` splits each of Textual's paints into layout, each
widget's lines and output; `ThreadSteps` notes what the worker threads (the CPU lane's
steps, `asyncio.to_thread`'s) and the cyclic collector ran meanwhile, so a long gap with
little of the loop's CPU in it can be matched with what held the GIL; `floor` is the
same stall probe with nothing of psamap.
"""

from __future__ import annotations

import asyncio
import asyncio.events
import cProfile
import io
import pstats
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: A loop callback using more CPU than this leaves no room in a 60 Hz frame for the paint.
LONG_CALLBACK_S = 0.008


@dataclass
class LongCallback:
    """One callback that held the loop longer than the limit."""

    cpu_ms: float
    wall_ms: float
    what: str
    handled: list[str]
    profile: str = ""

    def line(self) -> str:
        """`cpu / wall ms  what: messages` (the messages folded by count)."""
        counts: dict[str, int] = {}
        for name in self.handled:
            counts[name] = counts.get(name, 0) + 1
        shown = ", ".join(f"{n} x{c}" if c > 1 else n for n, c in counts.items())
        return f"{self.cpu_ms:5.1f} / {self.wall_ms:5.1f} ms  {self.what}: {shown or '-'}"


@dataclass
class CallbackProbe:
    """Times every loop callback once `install`ed (see the module docstring)."""

    limit_s: float = LONG_CALLBACK_S
    profile: bool = False
    longest_s: float = 0.0
    over: int = 0
    long_ones: list[LongCallback] = field(default_factory=list)
    #: Every callback: start, wall and CPU seconds, and what it was (named only when it
    #: took a millisecond or more of wall time; naming every one would slow the loop).
    timeline: list[tuple[float, float, float, str]] = field(default_factory=list)
    _handled: list[str] = field(default_factory=list)

    def install(self) -> None:
        """Wrap `Handle._run` and Textual's message dispatch (process-wide: a bench child)."""
        from textual.message_pump import MessagePump

        run = asyncio.events.Handle._run
        dispatch = MessagePump._dispatch_message
        probe = self

        async def noted(pump: MessagePump, message: Any) -> Any:
            probe._handled.append(f"{type(pump).__name__}.{type(message).__name__}")
            return await dispatch(pump, message)

        def timed(handle: asyncio.events.Handle) -> None:
            probe._handled = []
            profiler = cProfile.Profile(time.thread_time) if probe.profile else None
            wall, start = time.perf_counter(), time.thread_time()
            if profiler is not None:
                profiler.enable()
            try:
                run(handle)
            finally:
                if profiler is not None:
                    profiler.disable()
                took = time.thread_time() - start
                probe._took(handle, took, wall, time.perf_counter() - wall, profiler)

        MessagePump._dispatch_message = noted  # type: ignore[method-assign,assignment]
        asyncio.events.Handle._run = timed  # type: ignore[method-assign,assignment]

    def _took(
        self, handle: asyncio.events.Handle, took: float, start: float, wall: float,
        profiler: cProfile.Profile | None,
    ) -> None:  # fmt: skip
        self.longest_s = max(self.longest_s, took)
        what = ""
        if wall >= 0.001:
            what = describe(handle)
            if self._handled:
                what += ": " + ", ".join(sorted(set(self._handled)))
        self.timeline.append((start, wall, took, what))
        if took <= self.limit_s:
            return
        self.over += 1
        text = ""
        if profiler is not None:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
            handled = ", ".join(sorted(set(self._handled)))
            text = f"profile of {describe(handle)}: {handled}\n{out.getvalue()}"
        self.long_ones.append(
            LongCallback(1000 * took, 1000 * wall, describe(handle), self._handled, text)
        )

    def between(self, start: float, end: float) -> list[str]:
        """The callbacks of a millisecond or more that ran from `start` to `end` (wall
        clock, `time.perf_counter`), as `+offset ms: wall / CPU ms what` lines."""
        return [
            f"+{1000 * (t - start):5.1f} ms: {1000 * wall:5.1f} / {1000 * cpu:5.1f} ms  {what}"
            for t, wall, cpu, what in self.timeline
            if start <= t <= end and what
        ]

    def busiest_gap(self, gaps: list[tuple[float, float]]) -> tuple[float, float]:
        """Of the probe's `gaps` (each: when it ended, how long it was; in time order), the
        one whose callbacks used the most CPU of the loop's thread, as (end, CPU seconds):
        the stall the code made, whatever the machine's load added to it."""
        best = (0.0, 0.0)
        timeline, i = self.timeline, 0
        for end, gap in gaps:
            while i < len(timeline) and timeline[i][0] < end - gap:
                i += 1
            cpu, j = 0.0, i
            while j < len(timeline) and timeline[j][0] <= end:
                cpu += timeline[j][2]
                j += 1
            if cpu > best[1]:
                best = (end, cpu)
        return best


def describe(handle: asyncio.events.Handle) -> str:
    """What a callback is: a task's step names the task and its coroutine."""
    callback = handle._callback  # type: ignore[attr-defined]
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        coro = owner.get_coro()
        name = getattr(coro, "__qualname__", type(coro).__name__)
        return f"task {owner.get_name()} ({name})"
    return getattr(callback, "__qualname__", repr(callback))


@dataclass
class PaintProbe:
    """Notes what each paint of the screen spends (CPU ms of the loop's thread): the layout
    (`reflow`), each widget's lines (those over 0.3 ms), the whole render and the output
    (the bench's display hook turns the update into what a terminal would be sent)."""

    notes: list[str] = field(default_factory=list)
    #: `time.perf_counter` at the moment the paints are counted from (each paint says when).
    origin: float = 0.0

    def install(self, app: Any) -> None:
        """Wrap Textual's compositor, `Widget.render_lines` and `app._display` (process-wide)."""
        from textual._compositor import Compositor
        from textual.screen import Screen
        from textual.widget import Widget

        notes = self.notes

        def timing(owner: Any, name: str, label: Callable[[tuple[Any, ...]], str]) -> None:
            original = getattr(owner, name)

            def timed(*args: Any, **kwargs: Any) -> Any:
                start = time.thread_time()
                try:
                    return original(*args, **kwargs)
                finally:
                    took = 1000 * (time.thread_time() - start)
                    if took > 0.3:
                        notes.append(f"{label(args)} {took:.1f}")

            setattr(owner, name, timed)

        timing(Compositor, "reflow", lambda _: "  layout")
        timing(Widget, "render_lines", lambda a: f"    {type(a[0]).__name__}#{a[0].id}")
        timing(Compositor, "render_update", lambda _: "  render")
        timing(Screen, "_on_timer_update", lambda _: f"paint at {self._at():.0f} ms:")
        display = app._display

        def shown(screen: Any, renderable: Any) -> None:
            start = time.thread_time()
            display(screen, renderable)
            notes.append(f"  output {1000 * (time.thread_time() - start):.1f}")

        app._display = shown

    def _at(self) -> float:
        return 1000 * (time.perf_counter() - self.origin)

    def paints_over(self, limit_ms: float) -> list[str]:
        """The notes of the paints that took more than `limit_ms` (each paint's parts come
        before its own line, which ends with its total)."""
        shown: list[str] = []
        group: list[str] = []
        for note in self.notes:
            group.append(note)
            if note.startswith("paint"):
                if float(note.rsplit(" ", 1)[1]) > limit_ms:
                    shown += [group[-1], *group[:-1]]
                group = []
        return shown


async def floor(switch_s: float | None = None) -> dict[str, Any]:
    """The machine's floor: the longest gap a bare asyncio loop (the same 1 ms probe) sees
    over 3 s while one pure-Python thread beside it keeps the CPU busy, as the CPU lane
    does during a load (at `switch_s`, the lane's switch interval, when given). Nothing of
    psamap runs: what this shows is CPU and GIL waiting."""
    if switch_s is not None:
        sys.setswitchinterval(switch_s)
    stop = threading.Event()

    def burn() -> None:
        total = 0
        while not stop.is_set():
            total += sum(range(1000))

    worker = threading.Thread(target=burn)
    worker.start()
    gaps: list[float] = []
    try:
        last = time.perf_counter()
        end = last + 3
        while last < end:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
    finally:
        stop.set()
        worker.join()
    return {"floor_ms": 1000 * max(gaps)}


@dataclass
class ThreadSteps:
    """Notes every step a worker thread ran (the CPU lane's and `asyncio.to_thread`'s: each
    executor work item) and every collection of the cyclic GC, with when it ran, so the
    longest gaps of the loop can be matched with what held the GIL meanwhile: a step that
    is one long C call (a sort by a C key, pydantic's validation with no Python callback,
    a full collection) never lets the loop take the GIL back."""

    #: (start, end, thread name, what), `time.perf_counter` seconds.
    steps: list[tuple[float, float, str, str]] = field(default_factory=list)

    def install(self) -> None:
        """Wrap `concurrent.futures`' work items and hook `gc.callbacks` (process-wide)."""
        import gc
        from concurrent.futures import thread

        run = thread._WorkItem.run
        steps = self.steps

        def timed(item: Any, *args: Any) -> Any:
            start = time.perf_counter()
            try:
                return run(item, *args)
            finally:
                name = threading.current_thread().name
                steps.append((start, time.perf_counter(), name, _named(item.fn, item.args)))

        collecting: dict[str, float] = {}

        def collected(phase: str, info: dict[str, Any]) -> None:
            if phase == "start":
                collecting["at"] = time.perf_counter()
                return
            name = threading.current_thread().name
            gen = info.get("generation")
            steps.append((collecting.pop("at", time.perf_counter()), time.perf_counter(), name,
                          f"gc generation {gen}"))  # fmt: skip

        thread._WorkItem.run = timed  # type: ignore[method-assign,assignment]
        gc.callbacks.append(collected)

    def between(self, start: float, end: float, origin: float) -> list[str]:
        """The steps of a millisecond or more that overlapped `start`..`end`, as
        `at ms (+ms long) thread: what` lines (times from `origin`)."""
        return [
            f"{1000 * (s - origin):7.1f} ms (+{1000 * (e - s):6.1f} ms) {who}: {what}"
            for s, e, who, what in self.steps
            if s <= end and e >= start and e - s >= 0.001
        ]


#: Functions that only run their first argument: `Context.run` and the CPU lane's wrapper.
_WRAPPERS = {"Context.run", "_with_short_switches"}


def _named(fn: Any, args: tuple[Any, ...]) -> str:
    """The function a work item runs, seen through `functools.partial` and `Context.run`."""
    import functools

    while True:
        if isinstance(fn, functools.partial):
            fn, args = fn.func, fn.args
        elif args and getattr(fn, "__qualname__", "") in _WRAPPERS:
            fn, args = args[0], args[1:]
        else:
            return getattr(fn, "__qualname__", repr(fn))
