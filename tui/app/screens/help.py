"""The `?` screen: every key the screen underneath answers to, with the id to remap it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.app.screen_keys import screen_keys

#: Textual's own keys worth listing although they have no id to remap them by.
BUILT_IN = (("tab shift+tab", "Next / previous pane", ""), ("^p", "Command palette", ""))


def key_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, what it does, binding id) for each of psamap's actions active on `screen`."""
    return [
        (" ".join(entry.keys), entry.explanation, entry.binding_id) for entry in screen_keys(screen)
    ]


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
