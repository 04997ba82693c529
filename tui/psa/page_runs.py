"""What one load has read so far: each page kept as it came, an ascending run of ids.

A load of 50,000 companies used to gather them in a dict by id, with the ids in a set,
both grown a page at a time on the event loop. Whenever one outgrew its table CPython
moved it to a bigger one in a single step that nothing can interrupt: at ~20,000 and
~43,000 ids that held the loop for 3-7 ms on a VM (fresh memory faulted in while the
decoding thread allocates too), the longest callbacks of the whole load, the GIL held
throughout wherever it ran. Nothing here grows by more than a page at a time.

Every page comes back sorted by id (the loader checks it) and, but for offset paging's
shifts, the pages cover disjoint id spans. So a page's new ids are found among the few
pages whose spans overlap it, and the ordered list is the pages laid end to end.
"""

from __future__ import annotations

from array import array
from itertools import chain, pairwise

from tui.psa.models import PsaCompany


class PageRuns:
    """The distinct companies read so far (`count`, the highest id `top`), and with
    `keep_rows` the rows themselves, in id order on demand (`ordered`)."""

    __slots__ = ("_ids", "_keep_rows", "_rows", "count", "top")

    def __init__(self, *, keep_rows: bool) -> None:
        self._keep_rows = keep_rows
        self._ids: list[array[int]] = []  # one ascending run per page, in reading order
        self._rows: list[list[PsaCompany]] = []  # the same pages' rows, with keep_rows
        self.count = 0
        self.top: int | None = None

    @property
    def rows_held(self) -> int:
        """How many rows are held (0 without `keep_rows`: only the ids are)."""
        return sum(map(len, self._rows))

    def add(self, rows: list[PsaCompany]) -> None:
        """Take a page (rows ascending by id); ids already read count once."""
        if not rows:
            return
        ids = array("q", [row.id for row in rows])
        first, last = ids[0], ids[-1]
        overlapping = [run for run in self._ids if run[0] <= last and run[-1] >= first]
        if overlapping:
            seen = set(chain.from_iterable(overlapping))
            self.count += sum(1 for i in ids if i not in seen)
        else:
            self.count += len(ids)
        self._ids.append(ids)
        if self._keep_rows:
            self._rows.append(rows)
        self.top = last if self.top is None else max(self.top, last)

    def ordered(self) -> list[PsaCompany]:
        """Every distinct company read, by id; of a company read twice, its later read."""
        by_first = sorted(range(len(self._ids)), key=lambda k: self._ids[k][0])
        runs = [self._ids[k] for k in by_first]
        if all(a[-1] < b[0] for a, b in pairwise(runs)):
            return list(chain.from_iterable(self._rows[k] for k in by_first))
        latest = {row.id: row for row in chain.from_iterable(self._rows)}
        return [latest[i] for i in sorted(latest)]
