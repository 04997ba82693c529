"""What the records pane shows and the accept-all threshold: the views of the `v` cycle
(a score band joins it once one is set), the review queue, and the threshold's steps.

The review queue is the undecided records by best score, highest first: the pane sorted
by its Score column, descending, so the order shows in the header like any other sort,
and `n`/`x` and the number keys' auto-advance (which follow the pane's order) walk it.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.app.widgets.mapping_panes import SCORE_COLUMN, RecordsTable
from tui.core.review import DEFAULT_BAND, HIGHEST, LOWEST, ScoreBand, in_band
from tui.core.scores import DEFAULT_MIN_SCORE
from tui.core.session import VIEWS, MappingSession, View

QUEUE = "queue"
BAND = "band"


class RecordsViews:
    """The records pane's view (by name), the band it uses, and the accept-all threshold."""

    def __init__(self) -> None:
        self.name = "all"
        self.band: ScoreBand = DEFAULT_BAND
        self.band_set = False  # the band joins the `v` cycle once one has been typed
        self.threshold = DEFAULT_MIN_SCORE
        self._queue_sort = False  # the pane's sort is the queue's (undone on leaving it)

    @property
    def label(self) -> str:
        """The view as the records title names it ("" for all records)."""
        if self.name == "all":
            return ""
        return f"band {self.band}" if self.name == BAND else self.name

    @property
    def cycle(self) -> tuple[str, ...]:
        """The `v` cycle: all, unmapped, conflicts, drift (the session's), then the band."""
        return (*VIEWS, BAND) if self.band_set else tuple(VIEWS)

    @property
    def of_records(self) -> View:
        """The session's view this one shows records of: the queue and a band show
        records of the file, as "all" does (which keys are offered follows this)."""
        return next((v for v in VIEWS if v == self.name), "all")

    def following(self) -> str:
        """The view after this one in the `v` cycle (after the queue: the one after all)."""
        cycle = self.cycle
        index = cycle.index(self.name) if self.name in cycle else 0
        return cycle[(index + 1) % len(cycle)]

    def set_band(self, band: ScoreBand) -> None:
        """Show the records whose best score lies in `band` (and offer it in the cycle)."""
        self.band, self.band_set, self.name = band, True, BAND

    def apply(self, table: RecordsTable, session: MappingSession) -> None:
        """Show the view's records in the view's order (the queue: best score first)."""
        name = self.name
        if name == QUEUE:
            table.set_sort(SCORE_COLUMN, descending=True)
            self._queue_sort = True
        elif self._queue_sort:
            if table.sort == (SCORE_COLUMN, True):
                table.set_sort(None)  # back to file order, unless the user sorted since
            self._queue_sort = False
        table.set_view(_members(name, self.band, session))

    def step_threshold(self, delta: float) -> float:
        """Raise or lower the threshold, kept on the score scale; the new threshold."""
        return self.set_threshold(self.threshold + delta)

    def set_threshold(self, value: float) -> float:
        """Set the threshold, kept on the score scale; the new threshold."""
        self.threshold = float(max(LOWEST, min(HIGHEST, value)))
        return self.threshold


def _members(name: str, band: ScoreBand, session: MappingSession) -> Callable[[str], bool] | None:
    """Which rows a view shows (None: every row); orphans' rows only in the orphans view."""
    if name == QUEUE:
        return lambda rid: session.in_view("unmapped", rid)
    if name == BAND:
        return lambda rid: session.in_view("all", rid) and in_band(session, band, rid)
    if name == "all" and not session.orphan_rows:
        return None  # every row is a record of the file: no test per row
    view = next(v for v in VIEWS if v == name)
    return lambda rid: session.in_view(view, rid)
