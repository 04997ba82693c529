"""How a mapping is loaded and saved: a plain object the mapping screen owns, with no widgets.

Loading: the records path (asked for, resumed from the mapping file, or the demo's
generated sample), the filtered companies from the PSA, the records file, the mapping
file (resumed, drift flagged) and the matching, each reported as a progress step.
Saving: atomic, never over a file changed on disk without asking (reload or save as).

Everything the flow needs from a screen goes through `MappingFlowView` (progress,
messages, two kinds of question, show the session, fail, go back), so the whole flow
runs in plain tests with a scripted view; `mapping_flow_ui.py` is the screen's side.
Errors it does not handle itself (the PSA failing, a mapping file of another tenant)
propagate to the caller, which explains them (`tui.app.problems`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from tui.app.widgets.mapping_panes import SearchRows, company_rows, record_rows
from tui.core.gc_pause import gc_paused
from tui.core.journal import RecoveryJournal
from tui.core.mapping_file import FilterSpec, MappingDocument, MappingEntry
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
from tui.core.session import AnyCompany, MappingSession, PsaCompany
from tui.demo.sample_records import demo_records_path, write_demo_records

if TYPE_CHECKING:
    from tui.core.cache import CompanySource
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import CompanyStatus, CompanyType

T = TypeVar("T")

#: Both panes' keys and search texts, built off the event loop.
PaneRows = tuple[SearchRows[str], SearchRows[int]]
#: A question's answers: (value, key, label); pressing `key` answers `value`.
Choice = tuple[str, str, str]

#: How often the matching step reports progress while the matcher runs in a thread.
PROGRESS_SECONDS = 0.1


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


class MappingFlow:
    """Loads the data behind a mapping screen and saves its mapping file."""

    def __init__(
        self,
        view: MappingFlowView,
        *,
        client: ConnectWiseClient,
        tenant: TenantConfig,
        statuses: list[CompanyStatus],
        types: list[CompanyType],
        flt: CompanyFilter,
        records_path: Path | None,
        mapping_path: Path | None,
        demo: bool,
        expected_count: int | None = None,
        source: CompanySource | None = None,
    ) -> None:
        self.view = view
        #: The tenant's fresh company cache, when there is one: companies load from it.
        self.source = source
        self.client = client
        self.tenant = tenant
        self.statuses = statuses
        self.types = types
        self.flt = flt
        self.records_path = records_path
        self.mapping_path = mapping_path
        self.demo = demo
        # The filter screen's live total: knowing it up front lets a large load fetch its
        # pages concurrently at once, with no count request of its own.
        self.expected_count = expected_count
        #: Kept across retries and reloads: the PSA is asked once per screen.
        self.companies: list[PsaCompany] | None = None
        self.store: MappingStore | None = None
        #: Unsaved work on disk, once the mapping file is open (see `tui.core.journal`).
        self.journal: RecoveryJournal | None = None

    def filter_spec(self) -> FilterSpec:
        """The `[filter]` table the mapping file records for this screen's filter."""
        return filter_spec(self.statuses, self.types, self.flt)

    # -- loading ------------------------------------------------------------------------------

    async def load(self) -> None:
        """Ask for what is missing, load, match and `view.show` the session.

        The two heavy phases (companies; mapping file, matching and rows) create millions
        of long-lived objects: the collector is paused while each runs and what survives
        is frozen (`tui.core.gc_pause`), so no full collection stalls the UI. It stays on
        while a question waits for the user.
        """
        source = await self._records_source()
        if source is None:
            self.view.go_back()
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
            self.view.step(f"Writing a sample records file for the demo: {path}")
            self.records_path = await asyncio.to_thread(write_demo_records, companies, path)
            self.view.tell(f"Sample records written to {path}")
        records = await self._load_records()
        if records is None:
            return
        mapping_path = self.mapping_path or default_mapping_path(self.tenant.name)
        self.view.step(f"Opening {mapping_path}")
        with gc_paused():
            opened = await self._open(mapping_path, companies)
            self.mapping_path = mapping_path
            self.store = opened.store
            matches = await self._rank(companies, records)

            def prepare() -> tuple[MappingSession, PaneRows]:
                session = MappingSession(records, companies, opened.document, matches, opened.drift)
                return session, (record_rows(session), company_rows(session))

            session, rows = await asyncio.to_thread(prepare)
        self.view.show(session, rows)
        if opened.existed:
            drift = f", {len(opened.drift):,} drifted" if opened.drift else ""
            self.view.tell(f"Resumed {mapping_path.name}{drift}")
        self.journal = RecoveryJournal(
            mapping_path, tenant=self.tenant.name, company_id=self.tenant.company_id
        )
        await self._offer_recovery(session)

    # -- the recovery journal -----------------------------------------------------------------

    async def _offer_recovery(self, session: MappingSession) -> None:
        """Unsaved work a killed psamap left for this mapping file: restore it, or drop it."""
        journal = self.journal
        if journal is None:
            return
        recovery = await asyncio.to_thread(journal.read)
        if recovery is None or not recovery.changes:
            return
        store = self.store
        base = store.fingerprint.sha256 if store and store.fingerprint else None
        changed = (
            ""
            if recovery.base_sha256 == base
            else " The mapping file has changed since; restoring replaces those records' entries."
        )
        when = recovery.written_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        count = len(recovery.changes)
        answer = await self.view.choose(
            "Recover unsaved work",
            f"psamap stopped at {when} with unsaved changes to {count:,} "
            f"record{'s' if count != 1 else ''} of {journal.mapping_path.name}.{changed} "
            "Restore them?",
            [("restore", "r", "Restore"), ("discard", "d", "Discard"), ("later", "l", "Later")],
        )
        if answer == "restore":
            restored = session.restore(recovery.changes)
            self.view.show(session, None)
            self.view.tell(f"Restored unsaved work on {restored:,} records (not saved yet)")
        elif answer == "discard":
            await asyncio.to_thread(journal.discard)

    def write_journal(self, session: MappingSession) -> None:
        """Keep the session's unsaved changes on disk (or remove the journal: none left)."""
        journal = self.journal
        if journal is None:
            return
        store = self.store
        base = store.fingerprint.sha256 if store and store.fingerprint else None
        journal.write(session.unsaved_changes() if session.dirty else {}, base)

    def discard_journal(self) -> None:
        """The user dropped the unsaved work on purpose (quit without saving, reload)."""
        if self.journal is not None:
            self.journal.discard()

    async def _open(self, path: Path, companies: list[PsaCompany]) -> OpenedMapping:
        """The mapping file (refused if it is another tenant's), off the event loop."""
        return await asyncio.to_thread(
            open_mapping,
            path,
            tenant=self.tenant.name,
            company_id=self.tenant.company_id,
            records=self.records_path or Path(),
            spec=self.filter_spec(),
            companies=companies,
            flt=self.flt,
            lookup=self._drift_lookup(),
        )

    def _drift_lookup(self) -> Callable[[Collection[int]], Mapping[int, AnyCompany]] | None:
        """The company cache's look-up by id, when the companies came from it: the drift
        shown is then `psamap check`'s report (deleted, renamed, left the filter, missing)."""
        cache = self.source.cache if self.source is not None else None
        return None if cache is None else cache.companies_by_id

    async def _records_source(self) -> Path | Literal["sample"] | None:
        if self.records_path is not None:
            return self.records_path
        mapping_path = self.mapping_path or default_mapping_path(self.tenant.name)
        previous = await asyncio.to_thread(resumable_records, mapping_path)
        if previous is not None:
            answer = await self.view.choose(
                "Records file",
                f"{mapping_path.name} was made from {previous}. Resume with it, or open "
                "another records file?",
                [("resume", "r", "Resume"), ("open", "o", "Open a file…")],
            )
            if answer is None:
                return None
            if answer == "resume":
                self.records_path = previous
                return previous
        elif self.demo:
            answer = await self.view.choose(
                "Records file",
                "No records file was given (--records). Generate a sample of realistic "
                "local records for this demo tenant, or open a file of your own?",
                [("sample", "g", "Generate a sample"), ("open", "o", "Open a file…")],
            )
            if answer == "sample":
                return "sample"
            if answer is None:
                return None
        path = await self.view.ask_path(
            "Records file", "CSV, JSON or JSON Lines with an id and a name per record."
        )
        self.records_path = path
        return path

    async def _load_companies(self) -> Sequence[AnyCompany]:
        if self.source is not None:  # the filter screen refreshed the cache: it is exact
            self.view.step("Loading companies from the cache…")
            return await self.source.companies(self.flt)
        self.view.step("Loading companies…")

        def progress(done: int, total: int) -> None:
            self.view.step(f"Loading companies… {done:,} of {total:,}", done, total)

        return await self.client.companies(
            self.flt, on_progress=progress, expected=self.expected_count
        )

    async def _load_records(self) -> list[LocalRecord] | None:
        """The records file; a bad one is explained and another asked for until one works."""
        while True:
            path = self.records_path
            assert path is not None
            self.view.step(f"Reading {path}")
            try:
                return await asyncio.to_thread(read_records, path)
            except (RecordsError, OSError) as exc:
                message = str(exc)
            retry = await self.view.ask_path(
                "Records file", "That file cannot be used:", value=str(path), error=message
            )
            if retry is None:
                self.records_path = None
                self.view.fail("Records file problem", message)
                return None
            self.records_path = retry

    async def _rank(
        self, companies: list[PsaCompany], records: list[LocalRecord]
    ) -> dict[str, RecordMatches]:
        self.view.step(f"Matching {len(records):,} records to {len(companies):,} companies…")
        progress = [0, len(records)]

        def on_progress(done: int, total: int) -> None:  # runs in the matcher's thread
            progress[:] = [done, total]

        def report() -> None:
            self.view.step(f"Matching… {progress[0]:,} of {progress[1]:,} records", *progress)

        return await _reporting(
            lambda: Matcher(companies).rank_all(records, on_progress=on_progress),
            report,
        )

    # -- saving -------------------------------------------------------------------------------

    async def save(self, session: MappingSession, *, ask_path: bool = False) -> bool:
        """Write the mapping file (atomic, keeps .bak); True once the session is saved.

        A file changed on disk since it was loaded is never overwritten: the user reloads
        it (dropping their unsaved changes) or saves under another name.
        """
        store = self.store
        if store is None:
            return False
        point = session.save_point()
        document = session.to_document(
            records=str(self.records_path or ""), filter=self.filter_spec()
        )
        try:
            if ask_path:
                saved = await self._save_as(store, document)
            else:
                saved = await asyncio.to_thread(store.save, document)
        except MappingConflict as conflict:
            saved = await self._resolve_conflict(store, session, document, conflict)
        if saved is None:
            return False
        session.mark_saved(saved, at=point)
        if self.journal is not None and store.path != self.journal.mapping_path:
            self.journal.discard()  # saved under another name: the work is in that file
            self.journal = RecoveryJournal(
                store.path, tenant=self.tenant.name, company_id=self.tenant.company_id
            )
        self.mapping_path = store.path
        self.write_journal(session)  # removes it, unless actions came in during the save
        return True

    async def _save_as(
        self, store: MappingStore, document: MappingDocument, *, suggest: Path | None = None
    ) -> MappingDocument | None:
        path = await self.view.ask_path(
            "Save as", "Save the mapping to:", value=str(suggest or store.path), must_exist=False
        )
        if path is None:
            return None
        force = False
        if path.exists() and path.resolve() != store.path.resolve():
            answer = await self.view.choose(
                "Replace file?", f"{path} exists. Replace it?", _yes_no("Replace")
            )
            if answer != "yes":
                return None
            force = True
        return await asyncio.to_thread(lambda: store.save_as(document, path, force=force))

    async def _resolve_conflict(
        self,
        store: MappingStore,
        session: MappingSession,
        document: MappingDocument,
        conflict: MappingConflict,
    ) -> MappingDocument | None:
        """Someone changed the file since it was loaded: reload theirs, merge, save mine
        elsewhere, or overwrite theirs (named and confirmed). Never silently either way."""
        answer = await self.view.choose(
            "Mapping file changed on disk",
            f"{conflict}. Reload it (your unsaved changes are dropped), merge your changes "
            "into it, save yours under another name, or overwrite it?",
            [
                ("reload", "r", "Reload"),
                ("merge", "m", "Merge"),
                ("save-as", "a", "Save as…"),
                ("overwrite", "o", "Overwrite…"),
                ("cancel", "c", "Cancel"),
            ],
        )
        if answer == "save-as":
            return await self._save_as(store, document, suggest=_other_name(store.path))
        if answer == "reload":
            await self.reload(session)
        elif answer == "merge":
            await self._merge(store, session)
        elif answer == "overwrite":
            sure = await self.view.choose(
                "Overwrite?",
                f"Replace {store.path} with your version? What was saved there since you "
                f"opened it is lost (the previous version stays in {store.path.name}.bak).",
                _yes_no("Overwrite"),
            )
            if sure == "yes":
                return await asyncio.to_thread(lambda: store.save(document, force=True))
        return None

    async def _merge(self, store: MappingStore, session: MappingSession) -> None:
        """Apply this session's unsaved changes to the file as it is now: changes to
        records nobody else touched merge by themselves; each record both sides changed
        differently is shown, and the user keeps theirs or mine. Saved, then shown."""
        mine = session.unsaved_changes()
        base = session.document
        theirs = await asyncio.to_thread(store.reload)
        merged = (theirs or base).model_copy(deep=True)
        for rid in sorted(mine):
            wanted, on_disk = mine[rid], _state_in(merged, rid)
            if on_disk != _state_in(base, rid) and on_disk != wanted:
                answer = await self.view.choose(
                    "Both changed this record",
                    f"{rid}: yours: {_describe(wanted)}; on disk now: {_describe(on_disk)}.",
                    [("mine", "m", "Keep mine"), ("theirs", "t", "Keep theirs"),
                     ("cancel", "c", "Cancel the merge")],
                )  # fmt: skip
                if answer is None or answer == "cancel":
                    return
                if answer == "theirs":
                    continue
            _set_state(merged, rid, wanted)
        merged = merged.model_copy(
            update={"records": str(self.records_path or ""), "filter": self.filter_spec()}
        )
        saved = await asyncio.to_thread(store.save, merged)
        companies = self.companies
        assert companies is not None
        fresh = MappingSession(session.records, companies, saved, session.matches, {})
        self.discard_journal()
        self.view.show(fresh, None)
        self.view.tell(f"Merged your changes into {store.path}")

    async def reload(self, session: MappingSession) -> None:
        """Read the mapping file again and show it with the same records and matches."""
        companies = self.companies
        assert companies is not None and self.mapping_path is not None
        opened = await self._open(self.mapping_path, companies)
        self.store = opened.store
        fresh = MappingSession(
            session.records, companies, opened.document, session.matches, opened.drift
        )
        self.discard_journal()  # reloading drops the unsaved work, as the user chose
        self.view.show(fresh, None)
        self.view.tell(f"Reloaded {self.mapping_path}")


def _yes_no(yes: str) -> list[Choice]:
    """A yes/no question's answers ("yes" or "no"), as `mapping_dialogs.confirm` offers them."""
    return [("yes", "y", yes), ("no", "n", "No")]


async def _reporting(work: Callable[[], T], report: Callable[[], None]) -> T:
    """Run `work` in a thread, calling `report` on the event loop every PROGRESS_SECONDS."""
    task = asyncio.ensure_future(asyncio.to_thread(work))
    while not task.done():
        await asyncio.wait({task}, timeout=PROGRESS_SECONDS)
        if not task.done():
            report()
    return task.result()


def _other_name(path: Path) -> Path:
    """A free name beside `path` for "save as" after a conflict (never the file itself)."""
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}.mine{'' if n == 1 else n}{path.suffix}")
        if not candidate.exists():
            return candidate
    return path.with_name(path.name + ".mine")


def _state_in(doc: MappingDocument, rid: str) -> MappingEntry | tuple[str, str] | None:
    entry = doc.mappings.get(rid)
    if entry is not None:
        return entry
    return ("ignored", doc.ignored[rid]) if rid in doc.ignored else None


def _set_state(
    doc: MappingDocument, rid: str, state: MappingEntry | tuple[str, str] | None
) -> None:
    doc.mappings.pop(rid, None)
    doc.ignored.pop(rid, None)
    if isinstance(state, MappingEntry):
        doc.mappings[rid] = state
    elif state is not None:
        doc.ignored[rid] = state[1]


def _describe(state: MappingEntry | tuple[str, str] | None) -> str:
    if isinstance(state, MappingEntry):
        return f"mapped to {state.psa_name} ({state.psa_id})"
    if state is not None:
        return f"ignored ({state[1]})"
    return "not mapped"
