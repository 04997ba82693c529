"""The words to search the PSA companies for, for one record: its rarest word among them.

"Hartley Plumbing Group (Billing)" is found by "hartley": the word fewest PSA names hold
tells the companies pane most. Words as written are used (the pane searches names as they
are shown), never generic ones, legal forms or two-letter initials; a word no company
holds (a typo) gives way to one that some company does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tui.core.name_compare import GENERIC_WORDS
from tui.core.name_kinds import NEUTRAL_QUALIFIERS
from tui.core.normalize import LEGAL_SUFFIXES, fold

_WORD = re.compile(r"[^\W_]+")
_SKIP = GENERIC_WORDS | NEUTRAL_QUALIFIERS | {w for form in LEGAL_SUFFIXES for w in form}


class SearchWords:
    """Counts the words of the companies' names once; then picks a record's search text."""

    def __init__(self, names: Iterable[str]) -> None:
        self._counts = Counter(w for name in names for w in set(_WORD.findall(fold(name))))

    def for_record(self, name: str) -> str:
        """The record's rarest word that some company holds; else its first long word."""
        words: list[str] = [w for w in _WORD.findall(fold(name)) if len(w) >= 3 and w not in _SKIP]
        held = [w for w in words if self._counts[w]]
        if held:
            return min(held, key=lambda w: self._counts[w])
        return words[0] if words else ""
