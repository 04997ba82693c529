"""The mapping session: every action, its undo and redo, counts, views and the saved document."""

from __future__ import annotations

from typing import Any

import pytest

from tui.core.mapping_file import FilterSpec, MappingDocument, MappingEntry
from tui.core.mapping_file import Method as EntryMethod
from tui.core.match_results import MatchSuggestion, Method, RecordMatches
from tui.core.records import LocalRecord
from tui.core.session import Ignored, MappingSession, PsaCompany
from tui.psa.models import Company, Reference

ACTIVE = Reference(id=1, name="Active")


def company(psa_id: int, name: str) -> Company:
    return Company(id=psa_id, identifier=name.replace(" ", ""), name=name, status=ACTIVE)


COMPANIES = [
    company(250, "Contoso Ltd"),
    company(251, "Fabrikam Inc"),
    company(252, "Northwind Traders"),
    company(253, "Northwind Trading"),
    company(254, "Adatum Corp"),
]

RECORDS = [
    LocalRecord("C-1", "Contoso Limited"),
    LocalRecord("C-2", "Fabrikam"),
    LocalRecord("C-3", "Northwind Trade"),
    LocalRecord("C-4", "Adatum Corporation"),
    LocalRecord("C-5", "Nobody Anywhere"),
    LocalRecord("C-10", "Contoso"),
]


def suggest(psa_id: int, score: float, method: Method = "fuzzy") -> MatchSuggestion:
    return MatchSuggestion(psa_id=psa_id, score=score, method=method, reason=f"{method} {score}")


MATCHES = {
    "C-1": RecordMatches("C-1", (suggest(250, 100, "exact"),)),
    "C-2": RecordMatches("C-2", (suggest(251, 96), suggest(254, 60))),
    "C-3": RecordMatches("C-3", (suggest(252, 90), suggest(253, 90)), ambiguous=True),
    "C-4": RecordMatches("C-4", (suggest(254, 88),)),
    "C-5": RecordMatches("C-5", ()),
    "C-10": RecordMatches("C-10", (suggest(250, 94),)),
}


def new_document(**fields: Any) -> MappingDocument:
    return MappingDocument(
        tenant="contoso",
        company_id="contoso",
        records="customers.csv",
        filter=FilterSpec.of([ACTIVE], []),
        **fields,
    )


def make_session(document: MappingDocument | None = None, **kwargs: Any) -> MappingSession:
    return MappingSession(RECORDS, COMPANIES, document or new_document(), MATCHES, **kwargs)


def entry(
    local_id: str, psa_id: int, method: EntryMethod = "manual", score: float = 0.0
) -> MappingEntry:
    target = next(c for c in COMPANIES if c.id == psa_id)
    local = next(r for r in RECORDS if r.id == local_id)
    return MappingEntry(
        local_id=local_id,
        local_name=local.name,
        psa_id=psa_id,
        psa_identifier=target.identifier,
        psa_name=target.name,
        method=method,
        score=score,
    )


def test_a_new_session_counts_every_record_as_unmapped():
    counts = make_session().counts()
    assert (counts.records, counts.mapped, counts.ignored, counts.unmapped) == (6, 0, 0, 6)
    assert (counts.conflicts, counts.drift) == (0, 0)


def test_associate_maps_records_by_hand_with_the_suggestion_score_when_there_is_one():
    session = make_session()
    assert session.associate(["C-2"], 251) == 1
    assert session.entry("C-2") == entry("C-2", 251, "manual", 96.0)
    session.associate(["C-5"], 254)
    assert session.entry("C-5") == entry("C-5", 254, "manual", 0.0)
    assert session.counts().mapped == 2


def test_accept_best_takes_the_top_suggestion_with_its_method_and_score():
    session = make_session()
    assert session.accept_best(["C-1", "C-2"]) == 2
    assert session.entry("C-1") == entry("C-1", 250, "exact", 100.0)
    assert session.entry("C-2") == entry("C-2", 251, "fuzzy", 96.0)


def test_accept_best_skips_ambiguous_records_records_without_suggestions_and_decisions():
    session = make_session()
    session.ignore(["C-4"], "closed")
    assert session.accept_best(["C-3", "C-4", "C-5"]) == 0
    assert session.state("C-3") is None
    assert session.state("C-4") == Ignored("closed")


def test_accept_all_maps_only_clear_suggestions_at_or_above_the_threshold_in_the_view():
    session = make_session()
    view = ["C-1", "C-2", "C-3", "C-4", "C-5"]  # C-10 (94) is not in the view
    assert session.would_accept(92, view) == 2
    assert session.accept_all(92, view) == 2
    assert {rid for rid in view if session.entry(rid)} == {"C-1", "C-2"}
    assert session.entry("C-10") is None


def test_would_accept_follows_the_threshold_and_ignores_decided_records():
    session = make_session()
    every = [r.id for r in RECORDS]
    assert [session.would_accept(t, every) for t in (100, 95, 88, 50)] == [1, 2, 4, 4]
    session.associate(["C-1"], 252)
    assert session.would_accept(50, every) == 3


def test_would_accept_counts_exactly_the_records_acceptable_names():
    # The count is `acceptable`'s test inlined for speed: the two must never disagree.
    matches = dict(MATCHES)
    matches["C-10"] = RecordMatches("C-10", (suggest(250, 99),), held="placeholder")
    session = MappingSession(RECORDS, COMPANIES, new_document(), matches)
    session.ignore(["C-2"], "closed")
    session.associate(["C-4"], 254)
    every = [r.id for r in RECORDS] + ["C-99"]  # an id with no record and no matches
    for threshold in (100, 99, 96, 90, 88, 60, 0):
        acceptable = [rid for rid in every if session.acceptable(rid, threshold) is not None]
        assert session.would_accept(threshold, every) == len(acceptable)
    assert session.would_accept(0, every) == 1  # C-1 only: C-3 ambiguous, C-10 held


def test_unmap_returns_mapped_and_ignored_records_to_undecided():
    session = make_session()
    session.accept_best(["C-1"])
    session.ignore(["C-5"], "not a customer")
    assert session.unmap(["C-1", "C-5", "C-2"]) == 2
    assert session.state("C-1") is None and session.state("C-5") is None
    assert session.counts().unmapped == 6


def test_ignore_replaces_a_mapping_and_keeps_the_reason():
    session = make_session()
    session.accept_best(["C-1"])
    assert session.ignore(["C-1", "C-5"], "  no PSA company ") == 2
    assert session.state("C-1") == Ignored("no PSA company")
    counts = session.counts()
    assert (counts.mapped, counts.ignored, counts.unmapped) == (0, 2, 4)


def test_two_records_on_one_company_are_one_conflict_until_one_moves():
    session = make_session()
    session.accept_best(["C-1", "C-10"])
    assert session.counts().conflicts == 1
    assert session.is_conflict("C-1") and session.is_conflict("C-10")
    assert session.mapped_by(250) == {"C-1", "C-10"}
    assert session.view_ids("conflicts") == ["C-1", "C-10"]
    session.associate(["C-10"], 254)
    assert session.counts().conflicts == 0
    assert session.view_ids("conflicts") == []


def test_undo_and_redo_replay_every_kind_of_action_exactly():
    session = make_session()
    session.accept_all(90, [r.id for r in RECORDS])
    session.associate(["C-3"], 253)
    session.ignore(["C-5"], "gone")
    session.unmap(["C-1"])
    after = {r.id: session.state(r.id) for r in RECORDS}
    labels = []
    while (label := session.undo()) is not None:
        labels.append(label)
    assert labels == [
        "Unmapped 1 record",
        "Ignored 1 record",
        "Mapped 1 record to Northwind Trading",
        "Accepted 3 suggestions scoring 90 or more",
    ]
    assert all(session.state(r.id) is None for r in RECORDS)
    assert session.counts().conflicts == 0
    while session.redo() is not None:
        pass
    assert {r.id: session.state(r.id) for r in RECORDS} == after
    assert session.counts().conflicts == 0  # C-1 was unmapped again, so 250 has one record


def test_a_new_action_after_undo_drops_the_redo_history():
    session = make_session()
    session.accept_best(["C-1"])
    session.undo()
    session.accept_best(["C-2"])
    assert session.redo() is None
    assert session.entry("C-1") is None


def test_actions_that_change_nothing_leave_no_undo_step():
    session = make_session()
    assert session.unmap(["C-1"]) == 0
    assert session.accept_best(["C-5"]) == 0
    assert not session.can_undo
    assert session.undo() is None


def test_unknown_ids_are_refused():
    session = make_session()
    with pytest.raises(KeyError, match="C-99"):
        session.unmap(["C-99"])
    with pytest.raises(KeyError, match="999"):
        session.associate(["C-1"], 999)


def test_dirty_follows_undo_back_to_the_saved_state():
    session = make_session()
    assert not session.dirty
    session.accept_best(["C-1"])
    assert session.dirty
    session.mark_saved()
    assert not session.dirty
    session.accept_best(["C-2"])
    session.undo()
    assert not session.dirty
    session.undo()
    assert session.dirty


def test_actions_made_while_a_save_runs_stay_unsaved():
    session = make_session()
    session.accept_best(["C-1"])
    point = session.save_point()
    document = session.to_document()
    session.accept_best(["C-2"])  # while the file is being written
    session.mark_saved(document, at=point)
    assert session.dirty
    session.undo()
    assert not session.dirty


def test_views_select_unmapped_conflicted_and_drifted_records():
    document = new_document(mappings={"C-4": entry("C-4", 254, "fuzzy", 88.0)})
    session = make_session(document, drift={"C-4": "renamed in the PSA"})
    session.accept_best(["C-1", "C-10"])
    assert session.view_ids("all") == [r.id for r in RECORDS]
    assert session.view_ids("unmapped") == ["C-2", "C-3", "C-5"]
    assert session.view_ids("conflicts") == ["C-1", "C-10"]
    assert session.view_ids("drift") == ["C-4"]


def test_drift_stays_flagged_until_the_record_is_decided_again_and_returns_on_undo():
    document = new_document(mappings={"C-4": entry("C-4", 254, "fuzzy", 88.0)})
    session = make_session(document, drift={"C-4": "no longer in the filter"})
    assert session.drift_reason("C-4") == "no longer in the filter"
    assert session.counts().drift == 1
    session.associate(["C-4"], 254)
    assert session.drift_reason("C-4") is None
    assert session.counts().drift == 0
    session.undo()
    assert session.drift_reason("C-4") == "no longer in the filter"


def test_next_unmapped_wraps_around_and_follows_a_given_order():
    session = make_session()
    session.accept_best(["C-1", "C-2"])
    assert session.next_unmapped(None) == "C-3"
    assert session.next_unmapped("C-3") == "C-4"
    assert session.next_unmapped("C-10") == "C-3"
    assert session.next_unmapped("C-3", order=["C-5", "C-3", "C-1"]) == "C-5"
    session.ignore(["C-3", "C-4", "C-5", "C-10"], "later")
    assert session.next_unmapped("C-1") is None


def test_the_saved_document_holds_the_mappings_and_ignores_and_keeps_unknown_entries():
    orphan = MappingEntry(
        local_id="C-77",
        local_name="Gone Ltd",
        psa_id=250,
        psa_identifier="ContosoLtd",
        psa_name="Contoso Ltd",
        method="manual",
        score=0.0,
    )
    session = make_session(new_document(mappings={"C-77": orphan}, ignored={"C-78": "old"}))
    assert session.counts().mapped == 0 and session.counts().ignored == 0
    session.accept_best(["C-1"])
    session.ignore(["C-5"], "no PSA company")
    document = session.to_document(records="elsewhere.csv")
    assert set(document.mappings) == {"C-1", "C-77"}
    assert document.mappings["C-1"] == entry("C-1", 250, "exact", 100.0)
    assert document.ignored == {"C-78": "old", "C-5": "no PSA company"}
    assert document.records == "elsewhere.csv"
    assert document.tenant == "contoso"
    assert session.counts().conflicts == 0  # an entry for a record not in the file is not one


def test_a_loaded_document_is_resumed():
    document = new_document(
        mappings={"C-2": entry("C-2", 251, "fuzzy", 96.0)}, ignored={"C-5": "not ours"}
    )
    session = make_session(document)
    counts = session.counts()
    assert (counts.mapped, counts.ignored, counts.unmapped) == (1, 1, 4)
    assert not session.dirty
    assert session.state("C-5") == Ignored("not ours")


def test_compact_companies_keep_what_the_screen_reads_and_work_in_a_session():
    compact = [PsaCompany.of(c) for c in COMPANIES]
    assert compact[0] == PsaCompany(250, "ContosoLtd", "Contoso Ltd", ACTIVE, ())
    assert PsaCompany.of(compact[0]) is compact[0]
    session = MappingSession(RECORDS, compact, new_document(), MATCHES)
    session.accept_best(["C-1"])
    assert session.entry("C-1") == entry("C-1", 250, "exact", 100.0)
