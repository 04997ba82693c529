"""What the matcher hands back: each record's suggestions, best first, and what they allow.

Apart from the ranking (matching.py): the session and `psamap suggest` decide with
`RecordMatches` and show `MatchSuggestion` without ranking anything themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.core.scores import DEFAULT_MIN_SCORE

Method = Literal["exact", "identifier", "domain", "fuzzy"]
Decision = Literal["auto", "review", "ambiguous", "none"]


@dataclass(frozen=True, slots=True)
class MatchSuggestion:
    """One PSA company proposed for a record, with a 0-100 score and the reason in words.

    Scores are whole numbers, so the score a user sees is the number the threshold compares.
    """

    psa_id: int
    score: float
    method: Method
    reason: str


@dataclass(frozen=True, slots=True)
class RecordMatches:
    """A record's suggestions, best first; `ambiguous` means no suggestion may be auto-accepted,
    and neither may any when `held` says why a person must decide (a placeholder, a person)."""

    record_id: str
    suggestions: tuple[MatchSuggestion, ...] = ()
    ambiguous: bool = False
    held: str = ""

    @property
    def best(self) -> MatchSuggestion | None:
        """The top suggestion, or None when nothing came close."""
        return self.suggestions[0] if self.suggestions else None

    def confident(self, min_score: float = DEFAULT_MIN_SCORE) -> MatchSuggestion | None:
        """The suggestion to accept without asking: the best one, unambiguous and good enough."""
        best = self.best
        if best is None or self.ambiguous or self.held or best.score < min_score:
            return None
        return best

    def decision(self, min_score: float = DEFAULT_MIN_SCORE) -> Decision:
        """`auto` (what automap writes), `ambiguous`, `review` (a person decides) or `none`."""
        if not self.suggestions:
            return "none"
        if self.confident(min_score) is not None:
            return "auto"
        return "ambiguous" if self.ambiguous else "review"
