"""`SearchTypeAhead`: the keys typed right behind `/` become search text, never commands.

A binding runs only once its key has bubbled up to the app, and a focus change takes
effect later still. Keys typed in the same burst as the search key ("/acme" pasted, or
fast typing over SSH) are already queued behind it, so they would reach the list and
fire its single-letter keys: "a" accepts or ticks all, "s" saves, "n" ticks none. The
virtual table, the filter's checklist panes and the tenant picker all own one of these
and feed it their key events, so the rule lives here once.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events

# Textual stamps every message with this clock (monotonic; perf_counter on Windows), so a
# key's `time` can be compared with the moment a search closed.
from textual._time import get_time
from textual.dom import DOMNode


class SearchTypeAhead:
    """Routes keys for `owner`: its search key starts the search in key order, and printable
    keys after it are search text until the owner calls `stop()` (focus back on the list,
    Enter or Escape).

    `start` opens the search (the owner's search action); `type_text` adds characters to
    the query. The search key is whatever the user's keymap binds to `action` on `owner`.
    """

    def __init__(
        self,
        owner: DOMNode,
        *,
        start: Callable[[], object],
        type_text: Callable[[str], object],
        action: str = "search",
    ) -> None:
        self._owner = owner
        self._start = start
        self._type_text = type_text
        self._action = action
        self._typing = False
        self._closed_at = float("-inf")

    @property
    def typing(self) -> bool:
        """Whether printable keys reaching the owner are search text."""
        return self._typing

    def begin(self) -> None:
        """From now on printable keys are search text (idempotent)."""
        self._typing = True

    def stop(self) -> None:
        """Printable keys are the owner's commands again."""
        self._typing = False

    def close(self) -> None:
        """A key closed the search (Enter keeps it, Escape clears it): keys are commands
        again, but only those typed from now on; see `typed_before_close`."""
        self._typing = False
        self._closed_at = get_time()

    def typed_before_close(self, event: events.Key) -> bool:
        """Whether `event` was typed before the last `close()` ran: in the same burst as
        Enter, before the screen could show the search's result. Such a key was not typed
        at what is on screen, so it must not run a command (`a` accept, `l` link)."""
        return event.time <= self._closed_at

    def bound_action(self, key: str) -> str | None:
        """The owner's action that `key` runs (after the user's keymap), if the owner binds it."""
        active = self._owner.screen.active_bindings.get(key)
        if active is None or active.node is not self._owner:
            return None
        return active.binding.action

    def is_search_key(self, key: str) -> bool:
        """Whether `key` is bound (after the user's keymap) to the owner's search action."""
        return self.bound_action(key) == self._action

    def on_key(self, event: events.Key) -> bool:
        """Handle one key event; True when it was consumed (the search key or search text).

        Non-printable keys (arrows, Enter, Escape, backspace) are never consumed here: the
        owner decides what they do while searching.
        """
        if self._typing:
            if event.is_printable and event.character:
                _consume(event)
                self._type_text(event.character)
                return True
            return False
        if self.is_search_key(event.key) and self._owner.check_action(self._action, ()):
            _consume(event)
            self.begin()
            self._start()
            return True
        return False


def _consume(event: events.Key) -> None:
    """Stop `event` here: no parent handler and no binding sees it."""
    event.stop()
    event.prevent_default()
