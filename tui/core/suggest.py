"""`psamap suggest`: every record with its best candidates and the decision a run would take.

The rows a consultant reviews in a spreadsheet, and a measure of matching beyond what
`automap` accepts: `auto` is exactly what `automap` writes at the same score (the same
`RecordMatches.confident` decides both), `ambiguous` needs a person to choose between
equals, `review` has a best candidate a person should confirm (below the score, or held:
a placeholder, a person's name, another branch), `none` has no candidate at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.match_results import Decision, RecordMatches
from tui.core.records import LocalRecord
from tui.psa.models import AnyCompany

#: Candidates listed per record unless `--top` says otherwise.
DEFAULT_TOP = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    """One PSA company proposed for a record, as `suggest` prints it."""

    psa_id: int
    psa_identifier: str
    psa_name: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A record, its decision and its candidates (best first)."""

    id: str
    name: str
    decision: Decision
    candidates: tuple[Candidate, ...]

    def as_json(self) -> dict[str, Any]:
        """The contract's JSON object for this record."""
        return {
            "id": self.id,
            "name": self.name,
            "decision": self.decision,
            "candidates": [
                {"psa_id": c.psa_id, "psa_identifier": c.psa_identifier,
                 "psa_name": c.psa_name, "score": c.score, "reason": c.reason}
                for c in self.candidates
            ],
        }  # fmt: skip


def suggestions(
    records: Sequence[LocalRecord],
    ranked: dict[str, RecordMatches],
    companies: Sequence[AnyCompany],
    *,
    top: int = DEFAULT_TOP,
    min_score: float,
) -> list[Suggestion]:
    """One `Suggestion` per record, in records-file order."""
    by_id = {c.id: c for c in companies}
    out: list[Suggestion] = []
    for record in records:
        matches = ranked[record.id]
        candidates = tuple(
            Candidate(s.psa_id, by_id[s.psa_id].identifier, by_id[s.psa_id].name, s.score,
                      f"{s.reason}; for a person: {matches.held}" if n == 0 and matches.held
                      else s.reason)
            for n, s in enumerate(matches.suggestions[:top])
        )  # fmt: skip
        out.append(Suggestion(record.id, record.name, matches.decision(min_score), candidates))
    return out


def csv_header(top: int) -> list[str]:
    """id, name, decision, then psa_id_1, psa_identifier_1, psa_name_1, score_1, reason_1..."""
    fields = ("psa_id", "psa_identifier", "psa_name", "score", "reason")
    return ["id", "name", "decision", *(f"{f}_{n}" for n in range(1, top + 1) for f in fields)]


def csv_row(suggestion: Suggestion, top: int) -> list[object]:
    """One spreadsheet row per record, its candidates side by side (blank when fewer)."""
    cells: list[object] = [suggestion.id, suggestion.name, suggestion.decision]
    for n in range(top):
        if n < len(suggestion.candidates):
            c = suggestion.candidates[n]
            cells += [c.psa_id, c.psa_identifier, c.psa_name, f"{c.score:g}", c.reason]
        else:
            cells += [""] * 5
    return cells
