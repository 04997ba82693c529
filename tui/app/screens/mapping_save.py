"""Saving the mapping file from the screen: atomic, and never over a file changed on disk
without asking (reload theirs, merge, save mine elsewhere, or overwrite theirs, confirmed).

The atomic write, the `.bak` and the on-disk check under a lock are `MappingStore`'s
(tui/core/mapping_store.py); this module asks the questions around it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from tui.app.screens.mapping_recovery import discard_journal, write_journal
from tui.core.mapping_file import MappingDocument, MappingEntry
from tui.core.mapping_store import MappingConflict, MappingStore
from tui.core.session import MappingSession

if TYPE_CHECKING:
    from tui.app.screens.mapping_flow_state import Choice, FlowState


async def save(flow: FlowState, session: MappingSession, *, ask_path: bool = False) -> bool:
    """Write the mapping file (atomic, keeps .bak); True once the session is saved.

    A file changed on disk since it was loaded is never overwritten without asking.
    """
    store = flow.store
    if store is None:
        return False
    point = session.save_point()
    document = session.to_document(
        records=str(flow.records_path or ""), filter=flow.opening.filter_spec()
    )
    try:
        if ask_path:
            saved = await _save_as(flow, store, document)
        else:
            saved = await asyncio.to_thread(store.save, document)
    except MappingConflict as conflict:
        saved = await _resolve_conflict(flow, store, session, document, conflict)
    if saved is None:
        return False
    session.mark_saved(saved, at=point)
    if flow.journal is not None and store.path != flow.journal.mapping_path:
        flow.journal.discard()  # saved under another name: the work is in that file
        flow.journal = flow.journal_for(store.path)
    flow.mapping_path = store.path
    write_journal(flow, session)  # removes it, unless actions came in during the save
    return True


async def reload(flow: FlowState, session: MappingSession) -> None:
    """Read the mapping file again and show it with the same records and matches."""
    companies = flow.companies
    assert companies is not None and flow.mapping_path is not None
    opened = await flow.open(flow.mapping_path, companies)
    flow.store = opened.store
    fresh = MappingSession(
        session.records, companies, opened.document, session.matches, opened.drift
    )
    discard_journal(flow)  # reloading drops the unsaved work, as the user chose
    flow.view.show(fresh, None)
    flow.view.tell(f"Reloaded {flow.mapping_path}")


async def _save_as(
    flow: FlowState, store: MappingStore, document: MappingDocument, *,
    suggest: Path | None = None,
) -> MappingDocument | None:  # fmt: skip
    path = await flow.view.ask_path(
        "Save as", "Save the mapping to:", value=str(suggest or store.path), must_exist=False
    )
    if path is None:
        return None
    records = flow.records_path
    if records is not None and path.exists() and records.exists() and path.samefile(records):
        # Replacing it would leave the records only in a `.bak`: never what was meant.
        flow.view.tell(f"{path} is the records file: save the mapping elsewhere")
        return None
    force = False
    if path.exists() and path.resolve() != store.path.resolve():
        answer = await flow.view.choose(
            "Replace file?", f"{path} exists. Replace it?", _yes_no("Replace")
        )
        if answer != "yes":
            return None
        force = True
    return await asyncio.to_thread(lambda: store.save_as(document, path, force=force))


async def _resolve_conflict(
    flow: FlowState,
    store: MappingStore,
    session: MappingSession,
    document: MappingDocument,
    conflict: MappingConflict,
) -> MappingDocument | None:
    """Someone changed the file since it was loaded: reload theirs, merge, save mine
    elsewhere, or overwrite theirs (named and confirmed). Never silently either way."""
    answer = await flow.view.choose(
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
        return await _save_as(flow, store, document, suggest=_other_name(store.path))
    if answer == "reload":
        await reload(flow, session)
    elif answer == "merge":
        await _merge(flow, store, session)
    elif answer == "overwrite":
        sure = await flow.view.choose(
            "Overwrite?",
            f"Replace {store.path} with your version? What was saved there since you "
            f"opened it is lost (the previous version stays in {store.path.name}.bak).",
            _yes_no("Overwrite"),
        )
        if sure == "yes":
            return await asyncio.to_thread(lambda: store.save(document, force=True))
    return None


async def _merge(flow: FlowState, store: MappingStore, session: MappingSession) -> None:
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
            answer = await flow.view.choose(
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
        update={"records": str(flow.records_path or ""), "filter": flow.opening.filter_spec()}
    )
    saved = await asyncio.to_thread(store.save, merged)
    companies = flow.companies
    assert companies is not None
    fresh = MappingSession(session.records, companies, saved, session.matches, {})
    discard_journal(flow)
    flow.view.show(fresh, None)
    flow.view.tell(f"Merged your changes into {store.path}")


def _yes_no(yes: str) -> list[Choice]:
    """A yes/no question's answers ("yes" or "no"), as `mapping_dialogs.confirm` offers them."""
    return [("yes", "y", yes), ("no", "n", "No")]


def _other_name(path: Path) -> Path:
    """A free name beside `path` for "save as" after a conflict (never the file itself)."""
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}.mine{'' if n == 1 else n}{path.suffix}")
        if not candidate.exists():
            return candidate
    return path.with_name(path.name + ".mine")


def _state_in(doc: MappingDocument, rid: str) -> MappingEntry | tuple[str, str] | None:
    """A record's decision in a document: its entry, ("ignored", reason), or None."""
    entry = doc.mappings.get(rid)
    if entry is not None:
        return entry
    return ("ignored", doc.ignored[rid]) if rid in doc.ignored else None


def _set_state(
    doc: MappingDocument, rid: str, state: MappingEntry | tuple[str, str] | None
) -> None:
    """Put a record's decision (as `_state_in` gives it) into a document."""
    doc.mappings.pop(rid, None)
    doc.ignored.pop(rid, None)
    if isinstance(state, MappingEntry):
        doc.mappings[rid] = state
    elif state is not None:
        doc.ignored[rid] = state[1]


def _describe(state: MappingEntry | tuple[str, str] | None) -> str:
    """A record's decision in words, for the merge question."""
    if isinstance(state, MappingEntry):
        return f"mapped to {state.psa_name} ({state.psa_id})"
    if state is not None:
        return f"ignored ({state[1]})"
    return "not mapped"
