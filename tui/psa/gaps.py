"""Id spans that pages proved complete, and the conditions that cover what they leave.

A page read by offset proves the ids from its first to its last were all there when it
was read; the ids between two such spans (and after the last) may hold a company that
slipped between pages. `gap_clauses` names exactly those ids, for one keyset request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """Ids [low, high] a page proved complete when it was read; None means unbounded."""

    low: int | None
    high: int | None


def gap_clauses(spans: Sequence[Span], highest: int | None) -> list[str]:
    """Conditions for the ids no span covers, plus `id > highest` for companies added since.

    Empty when the spans cover every id and the last one was open-ended: nothing to check.
    """
    if not spans:
        return []
    ordered = sorted(spans, key=lambda s: (s.low is not None, s.low or 0))
    clauses = [] if ordered[0].low is None else [f"id < {ordered[0].low}"]
    reach = ordered[0].high  # the merged spans cover every id up to here (None: all of them)
    for span in ordered[1:]:
        if reach is None:
            break
        if span.low is not None and span.low > reach + 1:
            clauses.append(_between(reach, span.low))
        reach = None if span.high is None else max(reach, span.high)
    if reach is not None:
        clauses.append(f"id > {max(reach, highest or reach)}")
    elif clauses and highest is not None:
        clauses.append(f"id > {highest}")  # free in the same request: companies added meanwhile
    return clauses


def _between(low: int, high: int) -> str:
    """Ids strictly between two proven ids (a single id reads as `id = n`)."""
    if high - low == 2:
        return f"id = {low + 1}"
    return f"(id > {low} and id < {high})"


def all_of(*conditions: str) -> str:
    """`(a and b) and (c or d) and id > 5`: compound parts parenthesised so none leaks."""
    parts = [c for c in conditions if c]
    if len(parts) == 1:
        return parts[0]
    return " and ".join(f"({c})" if _compound(c) else c for c in parts)


def _compound(condition: str) -> bool:
    lowered = condition.lower()
    return " and " in lowered or " or " in lowered


def after_clause(after: int | None) -> str:
    return "" if after is None else f"id > {after}"
