"""The mapping screen's always-visible counts line and the highlighted record's details."""

from __future__ import annotations

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static

from tui.app.widgets.virtual_table_cells import inert
from tui.core.session import Counts, Ignored, MappingSession


def score_text(score: float) -> str:
    """A score as stored (one decimal), without a trailing ".0": 100, 97.5, 91.6."""
    return f"{score:.1f}".removesuffix(".0")


def counts_line(counts: Counts, *, dirty: bool) -> Content:
    """`mapped 12 · ignored 1 · unmapped 30 · conflicts 0 │ unsaved`; orphans beside mapped
    (`mapped 12 + 4 orphans`), drift and renamed, only when there are any."""
    parts: list[str | tuple[str, str]] = [
        "mapped ",
        (f"{counts.mapped:,}", "bold $text-success"),
    ]
    if counts.orphans:
        parts += [" + ", (f"{counts.orphans:,} orphan{'s' if counts.orphans != 1 else ''}",
                          "bold $text-warning")]  # fmt: skip
    parts += [
        " · ignored ",
        (f"{counts.ignored:,}", "bold"),
        " · unmapped ",
        (f"{counts.unmapped:,}", "bold"),
        " · conflicts ",
        (f"{counts.conflicts:,}", "bold $text-warning" if counts.conflicts else "bold"),
    ]
    if counts.drift:
        parts += [" · drift ", (f"{counts.drift:,}", "bold $text-error")]
    if counts.renamed:
        parts += [" · renamed ", (f"{counts.renamed:,}", "bold $text-warning")]
    if dirty:
        parts += [" │ ", ("unsaved", "bold $text-warning")]
    return Content.assemble(*parts)


def records_title(view: str, *, threshold: float, ready: int) -> str:
    """The records pane's title: the view ("" for all), and how many suggestions accept-all
    would take."""
    shown = f"Records · {view}" if view else "Records"
    return f"{shown} · ≥{threshold:g}: {ready:,} ready"


#: The candidates the detail shows, one a line, numbered for the `1`/`2`/`3` keys.
CANDIDATES_SHOWN = 3


def record_detail(session: MappingSession, record_id: str | None) -> Content:
    """The record and what it is mapped to, then its best candidates one a line: score,
    name, status, types, city and why (what a person needs to pick one by its number)."""
    if record_id is None:
        return Content("")
    record = session.record_by_id.get(record_id)
    if record is None:
        return orphan_detail(session, record_id)
    head: list[str | tuple[str, str]] = [(record.id, "bold"), " ", record.name]
    if record.domain:
        head += [" · ", (record.domain, "$text-muted")]
    state = session.state(record_id)
    if isinstance(state, Ignored):
        head += ["  ", (f"ignored: {state.reason}", "$text-muted")]
    elif state is not None:
        head += ["  → ", (state.psa_name, "$text-success"), f" #{state.psa_id} ({state.method})"]
        drift = session.drift_reason(record_id)
        if drift:
            head += ["  ", (f"drift: {drift}", "$text-error")]
        if session.is_renamed(record_id):
            head += ["  ", (f"renamed: mapped as {state.local_name}", "$text-warning")]
        others = session.mapped_by(state.psa_id) - {record_id}
        if others:
            head += ["  ", (f"also mapped by {', '.join(sorted(others)[:3])}", "$text-warning")]
    found = session.matches.get(record_id)
    lines: list[list[str | tuple[str, str]]] = [head]
    if found is None or not found.suggestions:
        lines.append(
            [("no suggestion: search the companies pane (f or /) and link (l)", "$text-muted")]
        )
    else:
        if found.ambiguous:
            head += ["  ", ("ambiguous: pick one by its number", "$text-warning")]
        elif found.held:
            head += ["  ", (f"for you to decide ({found.held})", "$text-warning")]
        for number, suggestion in enumerate(found.suggestions[:CANDIDATES_SHOWN], start=1):
            company = session.company_by_id.get(suggestion.psa_id)
            line: list[str | tuple[str, str]] = [
                f"{number}) ",
                (score_text(suggestion.score).rjust(3), "bold"),
                " ",
            ]
            if company is None:
                line.append(f"#{suggestion.psa_id}")
            else:
                line.append(company.name)
                status = company.status.name if company.status is not None else ""
                types = ", ".join(t.name for t in company.types)
                for part in (status, types, company.city):
                    if part:
                        line += [" · ", (part, "$text-muted")]
            line += ["  ", (suggestion.reason or suggestion.method, "$text-muted italic")]
            lines.append(line)
    return _lines(lines)


def _lines(lines: list[list[str | tuple[str, str]]]) -> Content:
    """Pieces of text as lines, each piece made inert (names are data, never escapes)."""
    pieces: list[str | tuple[str, str]] = []
    for n, line in enumerate(lines):
        if n:
            pieces.append("\n")
        pieces += map(_inert, line)
    return Content.assemble(*pieces)


def company_preview(
    session: MappingSession, record_id: str | None, psa_id: int, sites: str = ""
) -> Content:
    """What to check before linking: the record as its file has it, then the highlighted
    PSA company (status, types, where it is, phone, website), then its `sites` line."""
    company = session.company_by_id.get(psa_id)
    if company is None:
        return Content("")
    head: list[str | tuple[str, str]] = []
    record = None if record_id is None else session.record_by_id.get(record_id)
    if record is not None:
        where = record.address
        place = where and " ".join(p for p in (where.city, where.state, where.zip) if p)
        parts = [record.domain, record.phone, place]
        head = [(record.id, "bold"), " ", record.name]
        head += [part for p in parts if p for part in (" · ", (p, "$text-muted"))]
    place = " ".join(p for p in (company.city, company.state, company.zip) if p)
    status = company.status.name if company.status is not None else ""
    types = ", ".join(t.name for t in company.types)
    tail: list[str | tuple[str, str]] = [(f"#{company.id}", "bold"), " ", company.name]
    for part in (status, types, place, company.phone_number, company.website):
        if part:
            tail += [" · ", (part, "$text-muted")]
    lines = [head, tail]
    if sites:
        lines.append([(sites, "$text-muted")])
    return _lines(lines)


def orphan_detail(session: MappingSession, record_id: str) -> Content:
    """Two lines about an orphan: the entry as saved, and why it is kept."""
    entry = session.entry(record_id)
    if entry is None:  # its entry was removed (the row stays until the view is left)
        head: list[str | tuple[str, str]] = [
            (record_id, "bold"),
            "  ",
            ("entry removed", "$text-muted"),
        ]
    else:
        target = f" #{entry.psa_id} ({entry.method})"
        head = [(record_id, "bold"), " ", entry.local_name, "  → ",
                (entry.psa_name, "$text-success"), target]  # fmt: skip
    tail: list[str | tuple[str, str]] = [
        ("orphan: no longer in the records file; its entry is kept until you remove it",
         "$text-warning"),
    ]  # fmt: skip
    return Content.assemble(*map(_inert, head), "\n", *map(_inert, tail))


def _inert(piece: str | tuple[str, str]) -> str | tuple[str, str]:
    """Record and company names are data: no control character reaches the terminal."""
    return inert(piece) if isinstance(piece, str) else (inert(piece[0]), piece[1])


class FixedStatic(Static):
    """A `Static` whose size never follows its text (the whole width, a fixed height): a
    new text repaints it alone, where `Static.update` lays the whole screen out again
    (~6 ms of the event loop on the mapping screen, on every highlight and count)."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=layout)


class CountsBar(FixedStatic):
    """One line of counts that stays visible on every layout."""

    DEFAULT_CSS = """
    CountsBar {
        width: 1fr; height: 1; padding: 0 1; background: $panel;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """


class RecordDetail(FixedStatic):
    """The highlighted record's mapping and suggestions, with reasons."""

    DEFAULT_CSS = """
    RecordDetail {
        width: 1fr; height: 4; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """
