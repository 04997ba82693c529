"""The `?` screen: every key the screen underneath answers to, with the id to remap it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

#: Textual's own keys worth listing although they have no id to remap them by.
BUILT_IN = (("tab shift+tab", "Next / previous pane", ""), ("^p", "Command palette", ""))


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, what it does, binding id) for each of psamap's actions active on `screen`.

    Only bindings with an id are psamap's own (and remappable); Textual's scrolling and
    editing keys are left out. Keys bound to the same action (`up`, `k`) share one row.
    """
    rows: dict[tuple[int, str], list[str]] = {}
    described: dict[tuple[int, str], tuple[str, str]] = {}
    shown: dict[tuple[int, str], bool] = {}
    app = screen.app
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not binding.description or not binding.id:
            continue
        slot = (id(active.node), binding.action)
        rows.setdefault(slot, []).append(app.get_key_display(binding.with_key(key)))
        described[slot] = (binding.tooltip or binding.description, binding.id)
        shown[slot] = binding.show
    # The footer's keys first (what a user does), then movement and the like.
    order = sorted(rows, key=lambda slot: not shown[slot])
    return [(" ".join(rows[slot]), *described[slot]) for slot in order]


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened over; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > Vertical {
            width: 90;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & VerticalScroll { height: auto; max-height: 1fr; }
        & Grid {
            grid-size: 3;
            grid-columns: auto 1fr auto;
            grid-rows: auto;
            grid-gutter: 0 2;
            height: auto;
        }
        & .key { color: $text-accent; text-style: bold; }
        & .id { color: $text-muted; }
        & #hint { color: $text-muted; height: auto; margin-top: 1; }
    }
    """

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self._rows = [*key_rows(under), *BUILT_IN]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Keys"
            with VerticalScroll(), Grid():
                for keys, description, binding_id in self._rows:
                    yield Static(Content(keys), classes="key")
                    yield Static(Content(description))
                    yield Static(Content(binding_id), classes="id")
            yield Static(
                Content(
                    'Remap a key in the config\'s [keys] table: id = "key". '
                    "Escape closes this; ctrl+p finds any action by name."
                ),
                id="hint",
            )
