"""Filesystem completion for the records and mapping path prompts (Tab or → accepts it)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester


def complete_path(text: str, *, cwd: Path | None = None) -> str | None:
    """The longest unambiguous completion of `text` as a path, or the first match; None if none.

    Folders complete with a trailing separator so the next Tab continues inside them;
    `~` is understood; relative paths are taken from `cwd` (the current folder).
    """
    if not text:
        return None
    if text == "~":
        return "~" + os.sep
    expanded = os.path.expanduser(text)
    folder_part, _, prefix = expanded.rpartition(os.sep)
    base = Path(folder_part or ("/" if expanded.startswith(os.sep) else "."))
    if not base.is_absolute():
        base = (cwd or Path.cwd()) / base
    try:
        names = sorted(
            entry.name + (os.sep if entry.is_dir() else "")
            for entry in os.scandir(base)
            if entry.name.startswith(prefix) and (prefix.startswith(".") or entry.name[0] != ".")
        )
    except OSError:
        return None
    if not names:
        return None
    common = os.path.commonprefix(names)  # noqa: RUF071 - a text prefix is what completes
    chosen = common if len(common) > len(prefix) else names[0]
    if chosen == prefix:
        return None
    return text[: len(text) - len(prefix)] + chosen


class PathSuggester(Suggester):
    """Suggests the completion of a typed path from what is on disk right now."""

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd

    async def get_suggestion(self, value: str) -> str | None:
        """The completed path for the Input's current value."""
        return complete_path(value, cwd=self.cwd)
