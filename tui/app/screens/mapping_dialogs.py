"""Small modal questions the mapping screen asks: choices, a reason, a file path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tui.app.widgets.mapping_path import PathSuggester
from tui.app.widgets.virtual_table_cells import inert_lines

_DIALOG_CSS = """
    align: center middle;
    background: $background 60%;
    & > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 1;
        background: $surface;
    }
    & Label { width: 100%; }
    & .hint { color: $text-muted; }
    & .error { color: $text-error; }
    & Input { margin: 1 0 0 0; }
    & Horizontal { height: auto; margin: 1 0 0 0; }
    & Button { margin: 0 1 0 0; min-width: 10; }
"""


class ChoiceDialog(ModalScreen[str | None]):
    """A question answered with one key (or a button); Escape answers None."""

    DEFAULT_CSS = "ChoiceDialog {" + _DIALOG_CSS + "}"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, title: str, message: str, choices: Sequence[tuple[str, str, str]]) -> None:
        """`choices` are (value, key, label): pressing `key` answers `value`."""
        super().__init__()
        self._title = title
        self._message = message
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(inert_lines(self._title))
            yield Label(Content(inert_lines(self._message)))
            with Horizontal():
                for value, key, label in self._choices:
                    yield Button(Content(f"{key} {label}"), name=value, compact=True)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for value, key, _ in self._choices:
            if event.key == key or event.character == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.name)


def confirm(title: str, message: str, yes: str = "Yes") -> ChoiceDialog:
    """A yes/no question: answers "yes" or None."""
    return ChoiceDialog(title, message, [("yes", "y", yes), ("no", "n", "No")])


class TextDialog(ModalScreen[str | None]):
    """Ask for one line of text (Enter answers it, Escape cancels); `check` returns what is
    wrong with the text (empty when nothing is), shown under it while the dialog stays."""

    DEFAULT_CSS = "TextDialog {" + _DIALOG_CSS + "}"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._value = value
        self._placeholder = placeholder
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(inert_lines(self._title))
            yield Label(Content(inert_lines(self._message)))
            yield Input(self._value, placeholder=self._placeholder, select_on_focus=True)
            if self._check is not None:
                yield Label(Content(""), classes="error", id="text-error")
            yield Label(Content("enter: ok · esc: cancel"), classes="hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self._check(event.value) if self._check is not None else ""
        if problem:
            self.query_one("#text-error", Label).update(Content(inert_lines(problem)))
            return
        self.dismiss(event.value)


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file path with completion from the filesystem (Tab or → completes)."""

    DEFAULT_CSS = "PathDialog {" + _DIALOG_CSS + "}"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
        Binding("tab", "complete", "Complete", id="dialog.complete", priority=True),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        *,
        value: str = "",
        must_exist: bool = True,
        error: str = "",
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._value = value
        self._must_exist = must_exist
        self._error = error

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(inert_lines(self._title))
            yield Label(Content(inert_lines(self._message)))
            yield Input(self._value, placeholder="path/to/file", suggester=PathSuggester())
            yield Label(Content(inert_lines(self._error)), classes="error", id="path-error")
            yield Label(Content("tab: complete · enter: ok · esc: cancel"), classes="hint")

    def action_complete(self) -> None:
        """Accept the suggested completion, as → does at the end of the line."""
        field = self.query_one(Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        problem = ""
        if self._must_exist and not path.is_file():
            problem = f"No such file: {path}" if not path.exists() else f"Not a file: {path}"
        elif not self._must_exist and path.is_dir():
            problem = f"That is a folder: {path}"
        if problem:
            self.query_one("#path-error", Label).update(Content(inert_lines(problem)))
            return
        self.dismiss(path)
