"""How the mapping screen loads its data and saves the mapping file, with progress and errors.

Loading runs in one worker: records path (asked for, or the demo's generated sample),
the filtered companies from the PSA, the records file, the mapping file (resumed, drift
flagged) and the matching (in a thread). Any failure becomes a message in the screen
and `r` retries; nothing crashes the app.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, ProgressBar
from textual.worker import Worker, WorkerState

from tui.app.problems import explain
from tui.app.screens.mapping_dialogs import ChoiceDialog, PathDialog, confirm
from tui.app.widgets.mapping_panes import SearchRows, company_rows, record_rows
from tui.core.gc_pause import gc_paused
from tui.core.mapping_file import MappingDocument
from tui.core.mapping_store import MappingConflict, MappingStore
from tui.core.matching import Matcher, RecordMatches
from tui.core.opening import (
    OpenedMapping,
    default_mapping_path,
    filter_spec,
    open_mapping,
    read_records,
    resumable_records,
)
from tui.core.records import LocalRecord, RecordsError
from tui.core.session import MappingSession, PsaCompany
from tui.demo.sample_records import demo_records_path, write_demo_records

if TYPE_CHECKING:
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import Company, CompanyStatus, CompanyType

LOAD_GROUP = "mapping-load"

#: Both panes' keys and search texts, built off the event loop.
PaneRows = tuple[SearchRows[str], SearchRows[int]]


class MappingFlow(Screen):
    """Loading, saving and quitting for `MappingScreen` (which adds the panes and keys)."""

    client: ConnectWiseClient
    tenant: TenantConfig
    statuses: list[CompanyStatus]
    types: list[CompanyType]
    flt: CompanyFilter
    records_path: Path | None
    mapping_path: Path | None
    demo: bool
    expected_count: int | None
    session: MappingSession | None
    failed: bool
    store: MappingStore | None = None
    companies: list[PsaCompany] | None = None

    # Provided by MappingScreen, which owns the panes: fill them, repaint the counts line.
    show_session: Callable[[MappingSession, PaneRows | None], None]
    refresh_counts: Callable[[], None]

    # -- loading ------------------------------------------------------------------------------

    def start_loading(self) -> None:
        """(Re)start the load sequence."""
        self.failed = False
        self.query_one("#loading-error", Label).update(Content(""))
        self.refresh_bindings()
        self._load()

    def action_retry(self) -> None:
        """Try the load again after a failure."""
        if self.failed:
            self.start_loading()

    def _step(self, text: str, done: float | None = None, total: float | None = None) -> None:
        self.query_one("#loading-step", Label).update(Content(text))
        bar = self.query_one("#loading-bar", ProgressBar)
        bar.update(total=total, progress=done or 0)

    def fail(self, headline: str, detail: str = "") -> None:
        """Show why loading stopped; `r` retries."""
        self.failed = True
        text = f"{headline}: {detail}" if detail else headline
        self.query_one("#loading-error", Label).update(
            Content.assemble((text, "$text-error"), ("\n\nr: retry · q: quit", "$text-muted"))
        )
        self.refresh_bindings()

    @work(exclusive=True, group=LOAD_GROUP, exit_on_error=False)
    async def _load(self) -> None:
        # The two heavy phases (companies; mapping file, matching and rows) create millions
        # of long-lived objects: the collector is paused while each runs and what survives is
        # frozen (see tui.core.gc_pause), so no full collection stalls the UI. It stays on
        # while a dialog waits for the user.
        source = await self._records_source()
        if source is None:
            self.dismiss()
            return
        companies = self.companies
        if companies is None:
            with gc_paused():
                loaded = await self._load_companies()
                # Plain copies: the API models are dropped before matching needs the memory.
                companies = await asyncio.to_thread(lambda: [PsaCompany.of(c) for c in loaded])
                del loaded
            self.companies = companies
        if source == "sample":
            path = demo_records_path(self.tenant.name)
            self._step(f"Writing a sample records file for the demo: {path}")
            self.records_path = await asyncio.to_thread(write_demo_records, companies, path)
            self.notify(f"Sample records written to {path}", markup=False, timeout=8)
        records = await self._load_records()
        if records is None:
            return
        assert self.records_path is not None
        mapping_path = self.mapping_path or default_mapping_path(self.tenant.name)
        self._step(f"Opening {mapping_path}")
        with gc_paused():
            opened: OpenedMapping = await asyncio.to_thread(
                open_mapping,
                mapping_path,
                tenant=self.tenant.name,
                company_id=self.tenant.company_id,
                records=self.records_path,
                spec=filter_spec(self.statuses, self.types, self.flt),
                companies=companies,
                flt=self.flt,
            )
            self.mapping_path = mapping_path
            self.store = opened.store
            matches = await self._rank(companies, records)

            def prepare() -> tuple[MappingSession, PaneRows]:
                session = MappingSession(records, companies, opened.document, matches, opened.drift)
                return session, (record_rows(session), company_rows(session))

            session, rows = await asyncio.to_thread(prepare)
        self.show_session(session, rows)
        if opened.existed:
            drift = f", {len(opened.drift):,} drifted" if opened.drift else ""
            self.notify(f"Resumed {mapping_path.name}{drift}", markup=False)

    async def _records_source(self) -> Path | Literal["sample"] | None:
        if self.records_path is not None:
            return self.records_path
        mapping_path = self.mapping_path or default_mapping_path(self.tenant.name)
        previous = await asyncio.to_thread(resumable_records, mapping_path)
        if previous is not None:
            answer = await self.app.push_screen_wait(
                ChoiceDialog(
                    "Records file",
                    f"{mapping_path.name} was made from {previous}. Resume with it, or open "
                    "another records file?",
                    [("resume", "r", "Resume"), ("open", "o", "Open a file…")],
                )
            )
            if answer is None:
                return None
            if answer == "resume":
                self.records_path = previous
                return previous
        elif self.demo:
            answer = await self.app.push_screen_wait(
                ChoiceDialog(
                    "Records file",
                    "No records file was given (--records). Generate a sample of realistic "
                    "local records for this demo tenant, or open a file of your own?",
                    [("sample", "g", "Generate a sample"), ("open", "o", "Open a file…")],
                )
            )
            if answer == "sample":
                return "sample"
            if answer is None:
                return None
        path = await self.app.push_screen_wait(
            PathDialog("Records file", "CSV, JSON or JSON Lines with an id and a name per record.")
        )
        self.records_path = path
        return path

    async def _load_companies(self) -> list[Company]:
        self._step("Loading companies…")

        def progress(done: int, total: int) -> None:
            self._step(f"Loading companies… {done:,} of {total:,}", done, total)

        return await self.client.companies(
            self.flt, on_progress=progress, expected=self.expected_count
        )

    async def _load_records(self) -> list[LocalRecord] | None:
        while True:
            path = self.records_path
            assert path is not None
            self._step(f"Reading {path}")
            try:
                return await asyncio.to_thread(read_records, path)
            except (RecordsError, OSError) as exc:
                message = str(exc)
            retry = await self.app.push_screen_wait(
                PathDialog(
                    "Records file", "That file cannot be used:", value=str(path), error=message
                )
            )
            if retry is None:
                self.records_path = None
                self.fail("Records file problem", message)
                return None
            self.records_path = retry

    async def _rank(
        self, companies: list[PsaCompany], records: list[LocalRecord]
    ) -> dict[str, RecordMatches]:
        self._step(f"Matching {len(records):,} records to {len(companies):,} companies…")
        progress = [0, len(records)]

        def on_progress(done: int, total: int) -> None:  # runs in the worker thread
            progress[:] = [done, total]

        timer = self.set_interval(
            0.1,
            lambda: self._step(f"Matching… {progress[0]:,} of {progress[1]:,} records", *progress),
        )
        try:
            return await asyncio.to_thread(
                lambda: Matcher(companies).rank_all(records, on_progress=on_progress)  # type: ignore[arg-type]
            )
        finally:
            timer.stop()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed load or save becomes a visible message."""
        worker = event.worker
        if event.state is not WorkerState.ERROR or worker.error is None:
            return
        problem = explain(worker.error)
        if worker.group == LOAD_GROUP:
            self.fail(problem.headline, problem.detail)
        else:
            self.notify(problem.detail, title=problem.headline, severity="error", markup=False)

    # -- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Write the mapping file (atomic, keeps .bak); never over a file changed on disk."""
        self._save()

    def action_save_as(self) -> None:
        """Write the mapping to another file and keep working with that one."""
        self._save(ask_path=True)

    @work(exclusive=True, group="mapping-save", exit_on_error=False)
    async def _save(self, ask_path: bool = False, then_leave: str = "") -> None:
        session, store = self.session, self.store
        if session is None or store is None:
            return
        point = session.save_point()
        document = session.to_document(
            records=str(self.records_path or ""),
            filter=filter_spec(self.statuses, self.types, self.flt),
        )
        try:
            if ask_path:
                saved = await self._save_as(store, document)
                if saved is None:
                    return
            else:
                saved = await asyncio.to_thread(store.save, document)
        except MappingConflict as conflict:
            saved = await self._resolve_conflict(store, document, conflict)
            if saved is None:
                return
        session.mark_saved(saved, at=point)
        self.mapping_path = store.path
        self.refresh_counts()
        self.refresh_bindings()
        self.notify(f"Saved {store.path}", markup=False)
        if then_leave:
            self._leave(then_leave == "back")

    async def _save_as(
        self, store: MappingStore, document: MappingDocument
    ) -> MappingDocument | None:
        path = await self.app.push_screen_wait(
            PathDialog("Save as", "Save the mapping to:", value=str(store.path), must_exist=False)
        )
        if path is None:
            return None
        force = False
        if path.exists() and path.resolve() != store.path.resolve():
            answer = await self.app.push_screen_wait(
                confirm("Replace file?", f"{path} exists. Replace it?", yes="Replace")
            )
            if answer != "yes":
                return None
            force = True
        return await asyncio.to_thread(lambda: store.save_as(document, path, force=force))

    async def _resolve_conflict(
        self, store: MappingStore, document: MappingDocument, conflict: MappingConflict
    ) -> MappingDocument | None:
        answer = await self.app.push_screen_wait(
            ChoiceDialog(
                "Mapping file changed on disk",
                f"{conflict}. Reload it (your unsaved changes are dropped), or save yours "
                "under another name?",
                [
                    ("reload", "r", "Reload"),
                    ("save-as", "a", "Save as…"),
                    ("cancel", "c", "Cancel"),
                ],
            )
        )
        if answer == "save-as":
            return await self._save_as(store, document)
        if answer == "reload":
            await self._reload()
        return None

    async def _reload(self) -> None:
        session, companies = self.session, self.companies
        assert session is not None and companies is not None and self.mapping_path is not None
        opened = await asyncio.to_thread(
            open_mapping,
            self.mapping_path,
            tenant=self.tenant.name,
            company_id=self.tenant.company_id,
            records=self.records_path or Path(),
            spec=filter_spec(self.statuses, self.types, self.flt),
            companies=companies,
            flt=self.flt,
        )
        self.store = opened.store
        fresh = MappingSession(
            session.records, companies, opened.document, session.matches, opened.drift
        )
        self.show_session(fresh, None)
        self.notify(f"Reloaded {self.mapping_path}", markup=False)

    # -- quitting -----------------------------------------------------------------------------

    def confirm_quit(self, *, back: bool = False) -> bool:
        """Ask before leaving with unsaved changes; True means "I asked, do not leave yet"."""
        session = self.session
        if session is None or not session.dirty:
            return False
        verb = "go back" if back else "quit"

        def answered(answer: str | None) -> None:
            if answer == "save":
                self._save(then_leave="back" if back else "quit")
            elif answer == "discard":
                self._leave(back)

        self.app.push_screen(
            ChoiceDialog(
                "Unsaved changes",
                f"The mapping has changes not saved to {self.mapping_path}.",
                [
                    ("save", "s", f"Save and {verb}"),
                    ("discard", "d", f"{verb.capitalize()} without saving"),
                    ("cancel", "c", "Cancel"),
                ],
            ),
            answered,
        )
        return True

    def _leave(self, back: bool) -> None:
        if back:
            self.dismiss()
        else:
            self.app.exit()

    def action_leave(self) -> None:
        """Quit psamap, asking first when there are unsaved changes."""
        if not self.confirm_quit():
            self.app.exit()

    def action_back(self) -> None:
        """Back to the filter screen (to choose other statuses or types), asking if unsaved."""
        if not self.confirm_quit(back=True):
            self.dismiss()
