"""The footer used by every psamap screen: compact, and it drops the palette hint when narrow."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

#: Below this width the `^p palette` hint gives its room to the screen's own keys
#: (`?` lists ctrl+p, and ctrl+p still works).
PALETTE_HINT_MIN_WIDTH = 100


class KeysFooter(Footer):
    """A compact `Footer` that keeps the screen's keys visible in an 80-column terminal."""

    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= PALETTE_HINT_MIN_WIDTH
