"""The mapping flow's recovery journal: offer a killed session's unsaved work, keep it current.

The journal itself (atomic, a few seconds behind at most) is `tui.core.journal`; this
module decides when it is offered (right after a load), written (after actions, by the
screen's timer) and dropped (saved, reloaded, or discarded on purpose).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app.screens.mapping_flow_state import FlowState
    from tui.core.session import MappingSession


def journal_base(flow: FlowState) -> str | None:
    """The saved file's fingerprint the journal's changes apply to (None: not on disk)."""
    store = flow.store
    return store.fingerprint.sha256 if store and store.fingerprint else None


async def offer_recovery(flow: FlowState, session: MappingSession) -> None:
    """Unsaved work a killed psamap left for this mapping file: restore it, or drop it."""
    journal = flow.journal
    if journal is None:
        return
    recovery = await asyncio.to_thread(journal.read)
    if recovery is None or not recovery.changes:
        return
    changed = (
        ""
        if recovery.base_sha256 == journal_base(flow)
        else " The mapping file has changed since; restoring replaces those records' entries."
    )
    when = recovery.written_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    count = len(recovery.changes)
    answer = await flow.view.choose(
        "Recover unsaved work",
        f"psamap stopped at {when} with unsaved changes to {count:,} "
        f"record{'s' if count != 1 else ''} of {journal.mapping_path.name}.{changed} "
        "Restore them?",
        [("restore", "r", "Restore"), ("discard", "d", "Discard"), ("later", "l", "Later")],
    )
    if answer == "restore":
        restored = session.restore(recovery.changes)
        flow.view.show(session, None)
        flow.view.tell(f"Restored unsaved work on {restored:,} records (not saved yet)")
    elif answer == "discard":
        await asyncio.to_thread(journal.discard)


def write_journal(flow: FlowState, session: MappingSession) -> None:
    """Keep the session's unsaved changes on disk (or remove the journal: none left)."""
    if flow.journal is not None:
        flow.journal.write(session.unsaved_changes() if session.dirty else {}, journal_base(flow))


def discard_journal(flow: FlowState) -> None:
    """The user dropped the unsaved work on purpose (quit without saving, reload)."""
    if flow.journal is not None:
        flow.journal.discard()
