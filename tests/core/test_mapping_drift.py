"""Drift: saved mappings whose PSA company went away, left the filter or was renamed."""

from __future__ import annotations

from tui.core.drift import Drift, apply_renames, find_drift, matches_filter, unknown_psa_ids
from tui.core.mapping_file import MappingDocument, MappingEntry
from tui.psa.filter import CompanyFilter
from tui.psa.models import Company, Reference

ACTIVE, HOLD = Reference(id=1, name="Active"), Reference(id=2, name="Inactive")
CLIENT, VENDOR = Reference(id=5, name="Client"), Reference(id=6, name="Vendor")


def company(
    id_: int,
    name: str,
    identifier: str = "",
    *,
    status: Reference = ACTIVE,
    types: tuple[Reference, ...] = (CLIENT,),
    deleted: bool = False,
) -> Company:
    return Company(
        id=id_,
        name=name,
        identifier=identifier or name.replace(" ", ""),
        status=status,
        types=types,
        deleted_flag=deleted,
    )


def mapped(*pairs: tuple[str, Company]) -> MappingDocument:
    """A document mapping each local id to the company as it was when mapped."""
    return MappingDocument(
        tenant="t",
        company_id="t",
        mappings={
            local_id: MappingEntry(
                local_id=local_id,
                local_name=f"Local {local_id}",
                psa_id=c.id,
                psa_identifier=c.identifier,
                psa_name=c.name,
                method="exact",
                score=100.0,
            )
            for local_id, c in pairs
        },
    )


CONTOSO = company(250, "Contoso Ltd")
FABRIKAM = company(251, "Fabrikam")
NORTHWIND = company(252, "Northwind")


def test_nothing_drifts_when_everything_is_still_there() -> None:
    doc = mapped(("C-1", CONTOSO), ("C-2", FABRIKAM))

    assert find_drift(doc, {250: CONTOSO, 251: FABRIKAM}) == []


def test_without_existing_ids_a_missing_company_is_reported_as_missing() -> None:
    doc = mapped(("C-1", CONTOSO), ("C-2", FABRIKAM))

    drifts = find_drift(doc, {250: CONTOSO})

    assert drifts == [
        Drift(
            "C-2",
            251,
            "missing",
            "'Fabrikam' (#251) is not among the loaded companies: deleted or outside the filter",
        )
    ]


def test_existing_ids_tell_gone_from_outside_the_filter() -> None:
    doc = mapped(("C-1", CONTOSO), ("C-2", FABRIKAM), ("C-3", NORTHWIND))

    drifts = find_drift(doc, {250: CONTOSO}, existing_ids={250, 251})

    assert [(d.local_id, d.kind) for d in drifts] == [("C-2", "outside_filter"), ("C-3", "gone")]
    assert drifts[1].detail == "'Northwind' (#252) no longer exists"


def test_a_loaded_company_that_fails_the_filter_is_outside_it() -> None:
    doc = mapped(("C-1", CONTOSO), ("C-2", FABRIKAM))
    now_inactive = FABRIKAM.model_copy(update={"status": HOLD})
    in_filter = matches_filter(CompanyFilter.of({1}, {5}))

    drifts = find_drift(doc, {250: CONTOSO, 251: now_inactive}, in_filter)

    assert drifts == [
        Drift("C-2", 251, "outside_filter", "'Fabrikam' (#251) is outside the filter")
    ]


def test_a_deleted_company_is_gone() -> None:
    doc = mapped(("C-1", CONTOSO))

    drifts = find_drift(doc, {250: CONTOSO.model_copy(update={"deleted_flag": True})})

    assert [(d.kind, d.detail) for d in drifts] == [("gone", "'Contoso Ltd' (#250) was deleted")]


def test_renamed_company_reports_name_and_identifier() -> None:
    doc = mapped(("C-1", CONTOSO))
    renamed = company(250, "Contoso Limited", "ContosoLimited")

    drifts = find_drift(doc, {250: renamed})

    assert drifts == [
        Drift(
            "C-1",
            250,
            "renamed",
            "#250: name 'Contoso Ltd' is now 'Contoso Limited'; "
            "identifier 'ContosoLtd' is now 'ContosoLimited'",
        )
    ]


def test_outside_filter_and_renamed_are_both_reported() -> None:
    doc = mapped(("C-1", CONTOSO))
    moved = company(250, "Contoso Group", "ContosoLtd", types=(VENDOR,))

    drifts = find_drift(doc, {250: moved}, CompanyFilter.of((), {5}))

    assert [d.kind for d in drifts] == ["outside_filter", "renamed"]


def test_drift_is_listed_in_natural_order_and_entries_are_kept() -> None:
    doc = mapped(("C-10", CONTOSO), ("C-9", FABRIKAM), ("C-100", NORTHWIND))

    drifts = find_drift(doc, {})

    assert [d.local_id for d in drifts] == ["C-9", "C-10", "C-100"]
    assert set(doc.mappings) == {"C-9", "C-10", "C-100"}


def test_unknown_psa_ids_are_the_ones_to_look_up() -> None:
    doc = mapped(("C-1", CONTOSO), ("C-2", NORTHWIND), ("C-3", NORTHWIND))

    assert unknown_psa_ids(doc, {250: CONTOSO}) == [252]


def test_matches_filter_follows_company_filter_rules() -> None:
    every = matches_filter(CompanyFilter())
    active_clients = matches_filter(CompanyFilter.of({1}, {5, 7}))

    assert every(company(1, "A", types=()))
    assert not every(company(1, "A", deleted=True))
    assert matches_filter(CompanyFilter(include_deleted=True))(company(1, "A", deleted=True))
    assert active_clients(company(1, "A", types=(VENDOR, CLIENT)))
    assert not active_clients(company(1, "A", types=(VENDOR,)))
    assert not active_clients(company(1, "A", status=HOLD))


def test_apply_renames_copies_the_current_names() -> None:
    doc = mapped(("C-1", CONTOSO), ("C-2", FABRIKAM))
    companies = {250: company(250, "Contoso Limited", "ContosoLimited"), 251: FABRIKAM}

    updated = apply_renames(doc, find_drift(doc, companies), companies)

    assert updated == 1
    entry = doc.mappings["C-1"]
    assert (entry.psa_name, entry.psa_identifier) == ("Contoso Limited", "ContosoLimited")
    assert find_drift(doc, companies) == []
