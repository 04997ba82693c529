"""The footer used by every psamap screen: compact, and it drops the palette hint when narrow."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable

from textual import events
from textual.widgets import Footer

#: Below this width the `^p palette` hint gives its room to the screen's own keys
#: (`?` lists ctrl+p, and ctrl+p still works).
PALETTE_HINT_MIN_WIDTH = 100


class KeysFooter(Footer):
    """A compact `Footer` that keeps the screen's keys visible in an 80-column terminal."""

    def __init__(self, *, palette_hint: bool = True) -> None:
        """`palette_hint=False`: never the `^p palette` hint (a screen with many keys of its
        own), else the hint when the footer is wide enough."""
        super().__init__(compact=True, show_command_palette=palette_hint)
        self._palette_hint = palette_hint
        #: What the last recompose showed (None: none yet).
        self._shown: Hashable | None = None
        #: While held, rebuilds wait (see `hold`); True once one was asked for meanwhile.
        self._held = False
        self._wanted = False

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= PALETTE_HINT_MIN_WIDTH
        self.show_command_palette = self._palette_hint and wide

    async def recompose(self) -> None:
        """Rebuild the keys only when what they show has changed.

        `Footer` queues a rebuild of every key widget after each bindings change, and one
        moment often brings several (a screen shown, the focus moved, a row highlighted):
        the picker's start queued six, ~10 ms each, right after its first frame. The keys
        are read when the rebuild runs, so after the first of a burst the rest are the same.
        """
        if self._held:
            self._wanted = True
            return
        if not self.is_attached or self.screen is not self.app.screen:
            self._shown = None  # gone, or not on show: rebuilt as Footer would
            await super().recompose()
            return
        shown = self._what_is_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()

    def hold(self) -> None:
        """Let rebuilds wait until `release`: a screen that changes its keys in a busy
        turn (a session shown) rebuilds them a frame later, in a turn of their own."""
        self._held = True

    async def release(self) -> None:
        """Rebuild if a rebuild was asked for while held (at most once), and return once
        it is done. Called from another task (a worker): the rebuild runs in the footer's
        own, as `Footer.compose` binds each key to the footer that is running it."""
        self._held = False
        if not self._wanted:
            return
        self._wanted = False
        done = asyncio.Event()

        async def rebuild() -> None:
            try:
                await self.recompose()
            finally:
                done.set()

        if self.call_later(rebuild):
            await done.wait()

    def _what_is_shown(self) -> Hashable:
        """Every input of `Footer.compose`: each active binding as it would be drawn."""
        keys = tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                binding.show,
                binding.group,
                enabled,
                tooltip,
                self.app.get_key_display(binding),
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
        )
        return (keys, self.show_command_palette, self.compact, self.combine_groups)
