"""The `create` plan: the vendor's rules and "never a duplicate", checked before any request."""

from __future__ import annotations

from tui.core.create_plan import (
    IDENTIFIER_MAX,
    Choice,
    build_plan,
    derive_identifier,
)
from tui.core.records import LocalRecord, PostalAddress
from tui.psa.models import Company, Reference

ACTIVE = Choice(1, "Active")
CLIENT = Choice(5, "Client")
HQ = PostalAddress(line1="1 Main St", city="Springfield", zip="12345")


def record(id: str, name: str, **kw: object) -> LocalRecord:
    kw.setdefault("address", HQ)
    return LocalRecord(id=id, name=name, **kw)  # type: ignore[arg-type]


def psa(
    id: int, name: str, identifier: str = "", *, website: str | None = None, deleted: bool = False
) -> Company:
    return Company(
        id=id,
        identifier=identifier or f"X{id}",
        name=name,
        status=Reference(id=9, name="Former"),
        website=website,
        deletedFlag=deleted,
    )


def test_identifier_is_the_name_in_camel_case():
    assert derive_identifier("Contoso, Ltd.", set()) == "ContosoLtd"
    assert derive_identifier("Société Générale", set()) == "SocieteGenerale"
    assert derive_identifier("Müller & Straße GmbH", set()) == "MullerStrasseGmbH"


def test_identifier_is_cut_to_thirty_characters():
    name = "International Business Machines Consulting Group"
    derived = derive_identifier(name, set())
    assert derived == "InternationalBusinessMachinesC"
    assert len(derived) == IDENTIFIER_MAX


def test_identifier_taken_gets_the_lowest_free_number_within_thirty():
    assert derive_identifier("Contoso Ltd", {"contosoltd"}) == "ContosoLtd2"
    assert derive_identifier("Contoso Ltd", {"contosoltd", "contosoltd2"}) == "ContosoLtd3"
    long = "International Business Machines Consulting Group"
    taken = {"internationalbusinessmachinesc"}
    assert derive_identifier(long, taken) == "InternationalBusinessMachines2"


def test_identifier_is_deterministic():
    taken = {"acme", "acme2"}
    assert {derive_identifier("ACME", taken) for _ in range(5)} == {"ACME3"}


def test_identifier_of_a_name_without_latin_letters_comes_from_the_record_id():
    assert derive_identifier("日本株式会社", set(), fallback="C-17") == "C17"


def test_plan_creates_a_new_record_with_status_types_and_address():
    plan = build_plan(
        [record("C-1", "Fabrikam Inc", domain="fabrikam.com", phone="555 0100")],
        [psa(1, "Contoso")],
        ACTIVE,
        [CLIENT],
    )
    (item,) = plan.items
    assert item.action == "create"
    assert item.company is not None
    assert item.company.body() == {
        "identifier": "FabrikamInc",
        "name": "Fabrikam Inc",
        "status": {"id": 1},
        "types": [{"id": 5}],
        "addressLine1": "1 Main St",
        "city": "Springfield",
        "zip": "12345",
        "website": "fabrikam.com",
        "phoneNumber": "555 0100",
    }
    assert plan.summary() == "1 to create, 0 refused"


def test_a_name_over_fifty_characters_is_refused_never_cut():
    name = "A" * 51
    (item,) = build_plan([record("C-1", name)], [], ACTIVE).items
    assert item.action == "refuse"
    assert "name is 51 characters; the PSA allows 50" in item.reason
    (ok,) = build_plan([record("C-2", "B" * 50)], [], ACTIVE).items
    assert ok.action == "create"
    assert ok.company is not None and ok.company.name == "B" * 50


def test_a_record_without_an_address_field_is_refused():
    (item,) = build_plan([record("C-1", "Fabrikam", address=None)], [], ACTIVE).items
    assert item.action == "refuse"
    assert "no address" in item.reason
    only_country = PostalAddress(country="Norway")
    (item,) = build_plan([record("C-1", "Fabrikam", address=only_country)], [], ACTIVE).items
    assert item.action == "refuse"


def test_address_parts_over_the_vendor_lengths_are_refused():
    address = PostalAddress(city="Springfield", zip="1234567890123")
    (item,) = build_plan([record("C-1", "Fabrikam", address=address)], [], ACTIVE).items
    assert item.action == "refuse"
    assert item.reason == "zip is 13 characters; the PSA allows 12"


def test_duplicate_by_normalised_name_is_refused_naming_the_company():
    plan = build_plan([record("C-1", "CONTOSO LIMITED")], [psa(250, "Contoso, Ltd.")], ACTIVE)
    (item,) = plan.items
    assert item.action == "refuse"
    assert item.existing is not None and item.existing.id == 250
    assert "same name as #250 'Contoso, Ltd.' (X250, Former)" in item.reason
    assert "link" in item.reason


def test_duplicate_of_a_deleted_company_is_still_refused():
    plan = build_plan([record("C-1", "Contoso")], [psa(7, "Contoso", deleted=True)], ACTIVE)
    (item,) = plan.items
    assert item.action == "refuse"
    assert "#7 'Contoso' (X7, deleted)" in item.reason


def test_a_live_company_is_named_before_its_deleted_copy():
    companies = [psa(3, "Contoso", deleted=True), psa(9, "Contoso")]
    (item,) = build_plan([record("C-1", "Contoso")], companies, ACTIVE).items
    assert item.existing is not None and item.existing.id == 9


def test_duplicate_by_identifier_is_refused():
    plan = build_plan(
        [record("C-1", "Brand New Name", identifier="acme01")],
        [psa(4, "Acme Holdings", "ACME01")],
        ACTIVE,
    )
    (item,) = plan.items
    assert item.action == "refuse"
    assert "same identifier as #4" in item.reason


def test_duplicate_by_website_domain_is_refused_but_not_a_mailbox_provider():
    companies = [
        psa(4, "Acme Holdings", website="https://www.acme.com/about"),
        psa(5, "Someone", website="gmail.com"),
    ]
    plan = build_plan(
        [
            record("C-1", "Acme Widgets", domain="acme.com"),
            record("C-2", "Zed", domain="gmail.com"),
        ],
        companies,
        ACTIVE,
    )
    first, second = plan.items
    assert first.action == "refuse" and "same website domain as #4" in first.reason
    assert second.action == "create"


def test_derived_identifier_avoids_every_company_identifier_and_the_plan_own():
    companies = [psa(1, "Something Else", "FabrikamInc")]
    plan = build_plan(
        [record("C-1", "Fabrikam Inc"), record("C-2", "Fabrikam, Inc (North)")],
        companies,
        ACTIVE,
    )
    identifiers = [i.company.identifier for i in plan.items if i.company]
    assert identifiers == ["FabrikamInc2", "FabrikamIncNorth"]


def test_two_records_of_one_plan_with_the_same_name_create_one_company():
    plan = build_plan([record("C-1", "Fabrikam Inc"), record("C-2", "FABRIKAM")], [], ACTIVE)
    first, second = plan.items
    assert first.action == "create"
    assert second.action == "refuse"
    assert "same name as record 'C-1'" in second.reason


def test_records_own_identifier_is_used_and_checked():
    plan = build_plan(
        [
            record("C-1", "One", identifier="ONE-1"),
            record("C-2", "Two", identifier="X" * 31),
            record("C-3", "Three", identifier='say "hi"'),
            record("C-4", "Four", identifier="one-1"),
        ],
        [],
        ACTIVE,
    )
    one, two, three, four = plan.items
    assert one.company is not None and one.company.identifier == "ONE-1"
    assert "31 characters; the PSA allows 30" in two.reason
    assert "cannot look up safely" in three.reason
    assert "also record 'C-1'" in four.reason


def test_every_refusal_reason_is_given_at_once():
    (item,) = build_plan([record("C-1", "Z" * 60, address=None)], [], ACTIVE).items
    assert len(item.reasons) == 2


def test_a_company_an_earlier_run_created_for_the_record_is_linked_not_created_again():
    companies = [psa(77, "Fabrikam Inc", "FabrikamInc")]
    plan = build_plan(
        [record("C-1", "Fabrikam Inc")], companies, ACTIVE, earlier={"C-1": "FabrikamInc"}
    )
    (item,) = plan.items
    assert item.action == "link"
    assert item.existing is not None and item.existing.id == 77
    assert "1 to link" in plan.summary()


def test_an_earlier_attempt_whose_company_does_not_exist_is_planned_again():
    plan = build_plan([record("C-1", "Fabrikam Inc")], [], ACTIVE, earlier={"C-1": "FabrikamInc"})
    (item,) = plan.items
    assert item.action == "create"


def test_an_earlier_attempt_under_an_identifier_now_holding_another_name_is_a_duplicate():
    companies = [psa(5, "Someone Else", "FabrikamInc")]
    plan = build_plan(
        [record("C-1", "Fabrikam Inc")], companies, ACTIVE, earlier={"C-1": "FabrikamInc"}
    )
    (item,) = plan.items
    assert item.action == "create"
    assert item.company is not None and item.company.identifier == "FabrikamInc2"
