"""The mapping screen's load sequence, step by step, each reported as progress.

The records path (asked for, resumed from the mapping file, or the demo's generated
sample), the filtered companies from the PSA (or the tenant's cache), the records file,
the mapping file (resumed, drift flagged) and the matching; then the session is shown
and a killed session's unsaved work is offered back. Errors it does not handle itself
(the PSA failing, a mapping file of another tenant) propagate to the caller, which
explains them (`tui.app.problems`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from tui.app.screens.mapping_flow_state import FlowState, PaneRows
from tui.app.screens.mapping_recovery import offer_recovery
from tui.app.widgets.mapping_panes import company_rows, record_rows
from tui.core.gc_pause import gc_paused
from tui.core.match_results import RecordMatches
from tui.core.matching import Matcher
from tui.core.opening import default_mapping_path, read_records, resumable_records
from tui.core.records import LocalRecord, RecordsError
from tui.core.session import MappingSession, PsaCompany
from tui.demo.sample_records import demo_records_path, write_demo_records
from tui.psa import offload

if TYPE_CHECKING:
    pass

T = TypeVar("T")

#: How often the matching step reports progress while the matcher runs on the CPU lane.
PROGRESS_SECONDS = 0.1


async def load(flow: FlowState) -> None:
    """Ask for what is missing, load, match and `view.show` the session.

    The two heavy phases (companies; mapping file, matching and rows) create millions
    of long-lived objects: the collector is paused while each runs and what survives
    is frozen (`tui.core.gc_pause`), so no full collection stalls the UI. It stays on
    while a question waits for the user.
    """
    view, tenant = flow.view, flow.opening.tenant
    source = await _records_source(flow)
    if source is None:
        view.go_back()
        return
    companies = flow.companies
    if companies is None:
        with gc_paused():
            companies = await _load_companies(flow)  # compact already (`PsaCompany`)
        flow.companies = companies
    if source == "sample":
        path = demo_records_path(tenant.name)
        view.step(f"Writing a sample records file for the demo: {path}")
        flow.records_path = await asyncio.to_thread(write_demo_records, companies, path)
        view.tell(f"Sample records written to {path}")
    records = await _load_records(flow)
    if records is None:
        return
    mapping_path = flow.mapping_path or default_mapping_path(tenant.name)
    view.step(f"Opening {mapping_path}")
    with gc_paused():
        opened = await flow.open(mapping_path, companies)
        flow.mapping_path = mapping_path
        flow.store = opened.store
        matches = await _rank(flow, companies, records)

        def prepare() -> tuple[MappingSession, PaneRows]:
            session = MappingSession(records, companies, opened.document, matches, opened.drift)
            return session, (record_rows(session), company_rows(session))

        session, rows = await offload.off_loop(prepare)
        # Shown inside the pause: filling the panes makes lists of every row (keys, search
        # texts, their order, the rows in view), and each collection that found them young
        # traversed them all (~2 ms of the event loop, several times as the panes showed).
        # Frozen with the rest, they are never scanned.
        view.show(session, rows)
    if opened.existed:
        drift = f", {len(opened.drift):,} drifted" if opened.drift else ""
        view.tell(f"Resumed {mapping_path.name}{drift}")
    flow.journal = flow.journal_for(mapping_path)
    await offer_recovery(flow, session)


async def _records_source(flow: FlowState) -> Path | Literal["sample"] | None:
    """The records file to read: given, resumed, the demo's sample, or asked for."""
    if flow.records_path is not None:
        return flow.records_path
    view = flow.view
    mapping_path = flow.mapping_path or default_mapping_path(flow.opening.tenant.name)
    previous = await asyncio.to_thread(resumable_records, mapping_path)
    if previous is not None:
        answer = await view.choose(
            "Records file",
            f"{mapping_path.name} was made from {previous}. Resume with it, or open "
            "another records file?",
            [("resume", "r", "Resume"), ("open", "o", "Open a file…")],
        )
        if answer is None:
            return None
        if answer == "resume":
            flow.records_path = previous
            return previous
    elif flow.opening.demo:
        answer = await view.choose(
            "Records file",
            "No records file was given (--records). Generate a sample of realistic "
            "local records for this demo tenant, or open a file of your own?",
            [("sample", "g", "Generate a sample"), ("open", "o", "Open a file…")],
        )
        if answer == "sample":
            return "sample"
        if answer is None:
            return None
    path = await view.ask_path(
        "Records file", "CSV, JSON or JSON Lines with an id and a name per record."
    )
    flow.records_path = path
    return path


async def _load_companies(flow: FlowState) -> list[PsaCompany]:
    """The filter's companies: from the cache when the filter screen refreshed it (it is
    exact then), else from the PSA with progress."""
    opening, view = flow.opening, flow.view
    if opening.source is not None:
        view.step("Loading companies from the cache…")
        return await opening.source.companies(opening.flt)
    view.step("Loading companies…")

    def progress(done: int, total: int) -> None:
        view.step(f"Loading companies… {done:,} of {total:,}", done, total)

    return await opening.client.companies(
        opening.flt, on_progress=progress, expected=opening.expected_count
    )


async def _load_records(flow: FlowState) -> list[LocalRecord] | None:
    """The records file; a bad one is explained and another asked for until one works."""
    view = flow.view
    while True:
        path = flow.records_path
        assert path is not None
        view.step(f"Reading {path}")
        try:
            return await _read_cancellable(path)
        except (RecordsError, OSError) as exc:
            message = str(exc)
        retry = await view.ask_path(
            "Records file", "That file cannot be used:", value=str(path), error=message
        )
        if retry is None:
            flow.records_path = None
            view.fail("Records file problem", message)
            return None
        flow.records_path = retry


async def _read_cancellable(path: Path) -> list[LocalRecord]:
    """Read the records file in a thread that stops when this load is cancelled.

    A thread cannot be interrupted: leaving the screen or quitting cancels the worker,
    and the reader, handed this cancel hook, stops at its next chunk (`tui.core.files`)
    instead of reading a slow disk or share to the end behind a closed screen (and
    holding up the exit, which waits for the thread).
    """
    stop = threading.Event()
    try:
        with offload.short_switches():  # parsing 10,000 records holds the GIL (see offload)
            return await asyncio.to_thread(read_records, path, cancelled=stop.is_set)
    except asyncio.CancelledError:
        stop.set()
        raise


async def _rank(
    flow: FlowState, companies: list[PsaCompany], records: list[LocalRecord]
) -> dict[str, RecordMatches]:
    """Every record's candidates, matched on the CPU lane with progress on the event loop;
    a load that is cancelled (the screen left) stops the matcher at its next progress step."""
    view = flow.view
    view.step(f"Matching {len(records):,} records to {len(companies):,} companies…")
    progress = [0, len(records)]
    stop = threading.Event()

    def on_progress(done: int, total: int) -> None:  # runs on the CPU lane
        if stop.is_set():
            raise MatchingStopped
        progress[:] = [done, total]

    def report() -> None:
        view.step(f"Matching… {progress[0]:,} of {progress[1]:,} records", *progress)

    try:
        return await _reporting(
            lambda: Matcher(companies).rank_all(records, on_progress=on_progress),
            report,
        )
    finally:
        stop.set()  # left mid-way (the screen closed): the lane stops at its next step


class MatchingStopped(Exception):
    """Raised on the CPU lane to end a matching run nobody waits for any more."""


async def _reporting(work: Callable[[], T], report: Callable[[], None]) -> T:
    """Run `work` on the CPU lane, calling `report` on the event loop every PROGRESS_SECONDS.

    Cancelled, it stops waiting at once; the lane finishes (or stops) the work on its own
    and its outcome is dropped.
    """
    task = asyncio.ensure_future(offload.off_loop(work))
    try:
        while not task.done():
            await asyncio.wait({task}, timeout=PROGRESS_SECONDS)
            if not task.done():
                report()
    except asyncio.CancelledError:
        task.cancel()
        raise
    return task.result()
