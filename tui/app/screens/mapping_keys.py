"""The mapping screen's keys, and which of them are offered in which state.

Kept apart from the screen so its layout and actions read on their own; every binding has
an id, so `[keys]` in the config can remap it (see `tui.app.keymap`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from tui.core.session import MappingSession, View

#: The mapping screen's bindings, in the order `?` lists them.
MAPPING_BINDINGS: list[BindingType] = [
    Binding("a,y", "accept_best", "Accept", id="mapping.accept"),
    Binding("1", "pick(1)", "Link candidate 1", show=False, id="mapping.pick-1"),
    Binding("2", "pick(2)", "Link candidate 2", show=False, id="mapping.pick-2"),
    Binding("3", "pick(3)", "Link candidate 3", show=False, id="mapping.pick-3"),
    Binding("l", "link", "Link", id="mapping.link"),
    Binding("f", "find", "Find the record's company", show=False, id="mapping.find"),
    Binding("A", "accept_all", "All ≥", id="mapping.accept-all"),
    Binding("u", "unmap", "Unmap", id="mapping.unmap"),
    Binding("i", "ignore", "Ignore", id="mapping.ignore"),
    Binding("z,ctrl+z", "undo", "Undo", id="mapping.undo"),
    Binding("Z,ctrl+y", "redo", "Redo", show=False, id="mapping.redo"),
    Binding("s,ctrl+s", "save", "Save", id="mapping.save"),
    Binding("S", "save_as", "Save as", show=False, id="mapping.save-as"),
    Binding("n,x", "next_unmapped", "Next unmapped", show=False, id="mapping.next-unmapped"),
    Binding(
        "v",
        "cycle_view",
        "View: all/unmapped/conflicts/drift/renamed/orphans",
        show=False,
        id="mapping.view",
    ),
    Binding("O", "view('orphans')", "Orphans view", show=False, id="mapping.view-orphans"),
    Binding("D", "remove_orphans", "Remove orphan entries", id="mapping.remove-orphans"),
    Binding("R", "confirm_names", "Confirm new names", show=False, id="mapping.confirm-names"),
    Binding(
        "Q",
        "review_queue",
        "Review queue: undecided records, best score first",
        show=False,
        id="mapping.review-queue",
    ),
    Binding("B", "score_band", "Score band… (as in 70-85)", show=False, id="mapping.band"),
    Binding(
        "plus,equals_sign",
        "threshold(1)",
        "Threshold +1",
        show=False,
        id="mapping.threshold-up",
    ),
    Binding("minus", "threshold(-1)", "Threshold −1", show=False, id="mapping.threshold-down"),
    Binding(
        "greater_than_sign",
        "threshold(5)",
        "Threshold +5",
        show=False,
        id="mapping.threshold-up-5",
    ),
    Binding(
        "less_than_sign",
        "threshold(-5)",
        "Threshold −5",
        show=False,
        id="mapping.threshold-down-5",
    ),
    Binding("t", "type_threshold", "Threshold…", show=False, id="mapping.threshold-type"),
    Binding("C", "create", "Create in PSA…", show=False, id="mapping.create"),
    Binding(
        "E",
        "export_unmapped",
        "Export unmapped companies…",
        show=False,
        id="mapping.export-unmapped",
    ),
    Binding("r", "retry", "Retry", id="mapping.retry"),
    Binding("q", "leave", "Quit", show=False, id="mapping.quit"),
    Binding("escape", "back", "Back to the filter", show=False, id="mapping.back"),
]

#: Actions that need the loaded session; hidden until it exists.
SESSION_ACTIONS: frozenset[str] = frozenset(
    {
        "accept_best",
        "pick",
        "find",
        "link",
        "accept_all",
        "unmap",
        "ignore",
        "next_unmapped",
        "cycle_view",
        "view",
        "remove_orphans",
        "confirm_names",
        "review_queue",
        "score_band",
        "threshold",
        "type_threshold",
        "undo",
        "redo",
        "save",
        "save_as",
        "create",
        "export_unmapped",
    }
)


#: Actions on the records of the file: the orphans view shows none, so they are off there.
RECORD_ACTIONS: frozenset[str] = frozenset(
    {"accept_best", "pick", "find", "link", "accept_all", "unmap", "ignore",
     "next_unmapped", "create", "confirm_names"}
)  # fmt: skip


def action_state(
    action: str, session: MappingSession | None, *, failed: bool, view: View = "all"
) -> bool | None:
    """Whether a key is offered: mapping keys once loaded, `r` only after a failure.

    None (shown, greyed) for undo and redo with nothing to undo or redo. Removing orphan
    entries is offered in the orphans view only, and the record actions everywhere else.
    """
    if action == "retry":
        return failed
    if action in SESSION_ACTIONS:
        if session is None:
            return False
        if action == "remove_orphans":
            return view == "orphans"
        if action in RECORD_ACTIONS and view == "orphans":
            return False
        if action == "undo":
            return session.can_undo or None
        if action == "redo":
            return session.can_redo or None
    return True
