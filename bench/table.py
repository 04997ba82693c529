"""One row of the benchmark table and the Markdown printer the README copies."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BenchRow:
    """A measured figure next to its baseline and target; `met` says whether the target holds."""

    metric: str
    ours: str
    baseline: str
    target: str
    met: bool


def median_seconds(fn: Callable[[], object], runs: int = 5) -> float:
    """Median wall time of `fn` over `runs` runs: medians resist the noise of a shared machine."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def render(rows: list[BenchRow]) -> str:
    """The Markdown table printed by `make bench` and pasted into the README."""
    lines = ["| metric | psamap | baseline | target | met |", "|---|---|---|---|---|"]
    lines += [
        f"| {r.metric} | {r.ours} | {r.baseline} | {r.target} | {'yes' if r.met else 'NO'} |"
        for r in rows
    ]
    return "\n".join(lines)
