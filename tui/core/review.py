"""What reviewing the hard tail needs besides the session: score bands and the scores a
person types (a threshold, a band).

Plain functions over a `MappingSession`, so the screen stays a view and the rules (which
texts are a valid band, what lies in it) are tested without a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.session import MappingSession

#: The score scale: a threshold or a band edge outside it is refused, never clamped silently.
LOWEST, HIGHEST = 0, 100

_BAND = re.compile(r"^\s*(\d{1,3})\s*(?:-|–|—|\.\.|to|,|\s)\s*(\d{1,3})\s*$", re.IGNORECASE)


class NotAScore(ValueError):
    """What a person typed is not a score, or not a band of scores; the text says why."""


@dataclass(frozen=True, slots=True)
class ScoreBand:
    """Records whose best score lies in `low`..`high`, both included (scores are whole)."""

    low: int
    high: int

    def __contains__(self, score: float) -> bool:
        return self.low <= score <= self.high

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


#: The band offered before one is typed: where right and wrong suggestions sit together.
DEFAULT_BAND = ScoreBand(70, 85)


def parse_score(text: str) -> int:
    """A whole score 0..100 typed by a person (`92`); `NotAScore` says what is wrong."""
    value = text.strip()
    if not value.isdecimal():  # "²" and "①" pass isdigit() but int() refuses them
        raise NotAScore(f"{value or 'nothing'!r} is not a whole number from 0 to 100")
    score = int(value)
    if not LOWEST <= score <= HIGHEST:
        raise NotAScore(f"{score} is outside 0..100")
    return score


def parse_band(text: str) -> ScoreBand:
    """A band typed as `70-85` (or `70 85`, `70..85`, `70 to 85`); its ends in either order."""
    found = _BAND.match(text)
    if found is None:
        shown = text.strip() or "nothing"
        raise NotAScore(f"{shown!r} is not a band: type two scores, as in 70-85")
    low, high = sorted((parse_score(found.group(1)), parse_score(found.group(2))))
    return ScoreBand(low, high)


def best_score(session: MappingSession, record_id: str) -> float | None:
    """The record's best suggestion's score, None when it has no suggestion."""
    best = session.best(record_id)
    return None if best is None else best.score


def in_band(session: MappingSession, band: ScoreBand, record_id: str) -> bool:
    """Whether the record's best suggestion scores within the band (decided or not: the
    row shows what was decided, and a link made in the band view stays in sight)."""
    score = best_score(session, record_id)
    return score is not None and score in band
