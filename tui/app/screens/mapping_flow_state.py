"""What the mapping flow's parts share: the screen's view of it, and what the flow has found.

`MappingFlowView` is everything the flow asks of a screen (progress, messages, two kinds
of question, show the session, fail, go back), so the whole flow runs in plain tests
with a scripted view; `mapping_flow_ui.py` is the screen's side. `FlowState` holds what
changes while the screen is open (the paths chosen, the companies loaded once, the
mapping store and the recovery journal) for the load, save and recovery modules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui.app.widgets.mapping_panes import SearchRows
from tui.core.journal import RecoveryJournal
from tui.core.opening import OpenedMapping, open_mapping
from tui.psa import offload

if TYPE_CHECKING:
    from tui.app.screens.mapping_opening import MappingOpening
    from tui.core.mapping_store import MappingStore
    from tui.core.session import AnyCompany, MappingSession, PsaCompany

#: Both panes' keys and search texts, built off the event loop.
PaneRows = tuple[SearchRows[str], SearchRows[int]]
#: A question's answers: (value, key, label); pressing `key` answers `value`.
Choice = tuple[str, str, str]


class MappingFlowView(Protocol):
    """What the flow asks of the screen: callbacks for progress, questions and results."""

    def step(self, text: str, done: float | None = None, total: float | None = None) -> None:
        """Show what is being done, with a progress bar when `total` is known."""

    def tell(self, message: str) -> None:
        """A short message that needs no answer ("Saved ...")."""

    def show(self, session: MappingSession, rows: PaneRows | None) -> None:
        """Display a loaded (or reloaded) session; `rows` are prebuilt pane rows, if any."""

    def fail(self, headline: str, detail: str = "") -> None:
        """Loading stopped for a reason the user has been shown; they may retry."""

    def go_back(self) -> None:
        """The user declined to choose a records file: leave the mapping screen."""

    async def choose(self, title: str, message: str, choices: Sequence[Choice]) -> str | None:
        """Ask a question answered by one of `choices` (None: cancelled)."""

    async def ask_path(
        self, title: str, message: str, *, value: str = "", error: str = "",
        must_exist: bool = True,
    ) -> Path | None:  # fmt: skip
        """Ask for a file path (None: cancelled)."""


class FlowState:
    """The view, the opening parameters, and what loading and saving have found so far."""

    def __init__(self, view: MappingFlowView, opening: MappingOpening) -> None:
        self.view = view
        self.opening = opening
        #: The records file in use: `--records`, then whatever the user chose or resumed.
        self.records_path: Path | None = opening.records_path
        #: The mapping file in use: `--mapping`, then where it was opened or saved as.
        self.mapping_path: Path | None = opening.mapping_path
        #: Kept across retries and reloads: the PSA is asked once per screen.
        self.companies: list[PsaCompany] | None = None
        self.store: MappingStore | None = None
        #: Unsaved work on disk, once the mapping file is open (see `tui.core.journal`).
        self.journal: RecoveryJournal | None = None

    def journal_for(self, mapping_path: Path) -> RecoveryJournal:
        """The recovery journal beside a mapping file, for this tenant."""
        tenant = self.opening.tenant
        return RecoveryJournal(mapping_path, tenant=tenant.name, company_id=tenant.company_id)

    async def open(self, path: Path, companies: list[PsaCompany]) -> OpenedMapping:
        """The mapping file (refused if it is another tenant's), off the event loop."""
        opening = self.opening
        with offload.short_switches():  # the drift check reads every company (see offload)
            return await asyncio.to_thread(
                open_mapping,
                path,
                tenant=opening.tenant.name,
                company_id=opening.tenant.company_id,
                records=self.records_path or Path(),
                spec=opening.filter_spec(),
                companies=companies,
                flt=opening.flt,
                lookup=self._drift_lookup(),
            )

    def _drift_lookup(self) -> Callable[[Collection[int]], Mapping[int, AnyCompany]] | None:
        """The company cache's look-up by id, when the companies came from it: the drift
        shown is then `psamap check`'s report (deleted, renamed, left the filter, missing)."""
        source = self.opening.source
        cache = source.cache if source is not None else None
        return None if cache is None else cache.companies_by_id
