"""The footer of every psamap screen: the screen's keys drawn as one line by one widget.

Textual's `Footer` composes a widget per key and rebuilds them all whenever the screen's
bindings change: on the mapping screen that rebuild (~8 ms) and the next paint's layout of
eight key widgets (~4 ms) were the longest turns of the event loop once the companies had
loaded. Here a change of keys is a repaint of one line. It looks as `Footer(compact=True)`
does (the same design variables), and a key is still clicked, hovered and explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

#: Below this width the `^p palette` hint gives its room to the screen's own keys
#: (`?` lists ctrl+p, and ctrl+p still works).
PALETTE_HINT_MIN_WIDTH = 100

#: What separates the palette hint from the keys (as `Footer`'s `border-left: vkey`).
PALETTE_RULE = "▏"


@dataclass(frozen=True)
class FooterItem:
    """One key as the footer shows it."""

    key: str
    """The key pressed when the item is clicked."""
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


def _width(item: FooterItem) -> int:
    """The cells `item` takes: its key, and a space and its description when it has one."""
    key = cell_len(item.key_display)
    return key + 1 + cell_len(item.description) if item.description else key


class KeysFooter(Widget, can_focus=False):
    """The screen's active keys, one item per action, and the palette hint on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--item",
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--hover",
        "keys-footer--rule",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--item { background: $footer-item-background; }
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .keys-footer--rule { color: $foreground 20%; }
    }
    """

    def __init__(self, *, palette_hint: bool = True) -> None:
        """`palette_hint=False`: never the `^p palette` hint (a screen with many keys of its
        own), else the hint when the footer is wide enough."""
        super().__init__()
        self._palette_hint = palette_hint
        self.items: tuple[FooterItem, ...] = ()
        """The screen's keys as last drawn, in order."""
        self.palette: FooterItem | None = None
        """The palette hint, when the screen has one and the footer is wide enough."""
        self._update_due = False
        self._spans: list[tuple[int, int, FooterItem]] = []
        self._hovered: FooterItem | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self, event: events.Resize) -> None:
        self._read_keys()

    def _bindings_changed(self, _screen: object) -> None:
        """Read the keys once per burst: one moment often changes the bindings several
        times (a screen shown, the focus moved, a row highlighted)."""
        if not self._update_due:
            self._update_due = True
            self.call_later(self._read_keys)

    def _read_keys(self) -> None:
        """Read the screen's active keys, and repaint only if what is shown changed."""
        self._update_due = False
        if not self.is_attached:
            return
        items, palette = self._active_items()
        if (items, palette) != (self.items, self.palette):
            self.items, self.palette = items, palette
            self.refresh()

    def _active_items(self) -> tuple[tuple[FooterItem, ...], FooterItem | None]:
        """As `Footer.compose` reads them: the first shown binding of each action."""
        app = self.app
        active = self.screen.active_bindings

        def item(binding: Binding, enabled: bool, tooltip: str) -> FooterItem:
            display = app.get_key_display(binding)
            return FooterItem(
                binding.key, display, binding.description, binding.action, enabled, tooltip
            )

        items: dict[str, FooterItem] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in items:
                items[binding.action] = item(binding, enabled, tooltip)
        palette = None
        wide = self.size.width >= PALETTE_HINT_MIN_WIDTH
        found = active.get(app.COMMAND_PALETTE_BINDING)
        if self._palette_hint and wide and app.ENABLE_COMMAND_PALETTE and found is not None:
            _, binding, enabled, _ = found
            palette = item(binding, enabled, binding.tooltip or binding.description)
        return tuple(items.values()), palette

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for index, item in enumerate(self.items):
            if index:
                line.append(" ")  # a compact key's margin
            self._append(line, item)
        palette = self.palette
        if palette is not None:
            # On the right, after a rule, with a compact key's margin after it; only where
            # a space is left between it and the keys.
            at = self.size.width - _width(palette) - 1
            gap = at - len(PALETTE_RULE) - line.cell_len
            if gap >= 1:
                line.append(" " * gap)
                line.append(PALETTE_RULE, self._part("rule"))
                self._append(line, palette)
                line.append(" ")
        return line

    def _append(self, line: Text, item: FooterItem) -> None:
        """Add `item` to `line` (`Footer`'s compact `FooterKey`: the key, a space, the
        description) and note where it is for the mouse."""
        start = line.cell_len
        base = self._part("item")
        hovered = item is self._hovered
        if hovered:
            base += self._part("hover")
        if not item.enabled:
            base += Style(dim=True)
        # The hover's background over the parts' own (`FooterKey:hover` paints the widget).
        over = Style(bgcolor=base.bgcolor) if hovered else Style()
        line.append(item.key_display, base + self._part("key") + over)
        if item.description:
            line.append(f" {item.description}", base + self._part("description") + over)
        self._spans.append((start, start + _width(item), item))

    def _part(self, name: str) -> Style:
        return self.get_component_rich_style(f"keys-footer--{name}")

    def item_at(self, x: int) -> FooterItem | None:
        """The item drawn at column `x`, if any."""
        for start, end, item in self._spans:
            if start <= x < end:
                return item
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.item_at(event.x))

    def on_leave(self, _event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, item: FooterItem | None) -> None:
        if item is not self._hovered:
            self._hovered = item
            self.tooltip = (item.tooltip or item.description) if item else None
            self.refresh()
