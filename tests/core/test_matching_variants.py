"""The hard tail: everyday name variants found, same names told apart, and what is never
accepted unasked (placeholders, people, other branches, shared-host websites)."""

from __future__ import annotations

from typing import Any

import pytest

from tui.core.match_results import RecordMatches
from tui.core.matching import Matcher
from tui.core.records import LocalRecord, PostalAddress
from tui.psa.models import Company, Reference

ACTIVE = Reference(id=1, name="Active")


def company(id: int, name: str, **extra: Any) -> Company:
    return Company(id=id, identifier=f"C{id}", name=name, status=ACTIVE, **extra)


PSA = [
    company(1, "Hartley Plumbing Group"),
    company(2, "Lakeside Dental Ltd"),
    company(3, "Cedar Creek Landscaping"),
    company(4, "TriCounty Roofing Inc"),
    company(5, "Ashford Medical Center"),
    company(6, "Brennan Mgmt Services"),
    company(7, "Pemberton Bookkeeping"),
    company(8, "Fairview Veterinary Clinic"),
    company(9, "Whitfield Engineering Solutions"),
    company(10, "Kingsley Intl Freight"),
    company(11, "Adler Security"),
    company(12, "Summit Plumbing"),
    company(13, "Summit Group"),
    company(14, "Summit Services"),
    company(15, "Northgate Pharmaceuticals Ltd"),
    company(16, "Marlowe Construction"),
    company(17, "Redwood Media"),
    company(18, "Quarry Media"),
    company(19, "Osprey Media"),
]


def rank(name: str, companies: list[Company] = PSA, **fields: object) -> RecordMatches:
    return Matcher(companies).rank(LocalRecord("R-1", name, **fields))  # type: ignore[arg-type]


def accepted(name: str, companies: list[Company] = PSA, **fields: object) -> int | None:
    best = rank(name, companies, **fields).confident()
    return best.psa_id if best else None


@pytest.mark.parametrize(
    ("name", "psa_id"),
    [
        # trailing qualifiers, bracketed, dashed or plain
        ("Lakeside Dental HQ", 2),
        ("Lakeside Dental - Head Office", 2),
        ("Lakeside Dental Ltd (Billing)", 2),
        ("Lakeside Dental - Accounts Payable", 2),
        ("Lakeside Dental Main Office", 2),
        ("Lakeside Dental - Corporate", 2),
        # abbreviations, either side, with or without a dot
        ("Ashford Med. Ctr", 5),
        ("Brennan Management Svcs", 6),
        ("Kingsley International Freight", 10),
        ("Fairview Vet Clinic", 8),
        ("Whitfield Eng Solns", 9),
        # a generic word left out or added while the rest still names one company
        ("Hartley Plumbing", 1),
        ("Marlowe Construction Group", 16),
        # words in another order
        ("Dental Lakeside", 2),
        # compounds split or merged
        ("Lake Side Dental", 2),
        ("CedarCreek Landscaping", 3),
        ("Tri-County Roofing", 4),
        ("Pemberton Book-keeping", 7),
        # two typos in two words, and combinations
        ("Northgat Pharmaceutcals", 15),
        ("Hartely Plumbing Grup", 1),
        ("Ashford Med Ctr - Head Office", 5),
        ("Northgate Pharmaceutcals Limited", 15),
        ("Lake Side Dental (HQ)", 2),
    ],
)
def test_everyday_variants_are_accepted_with_the_change_named(name: str, psa_id: int) -> None:
    matches = rank(name)
    best = matches.confident()
    assert best is not None, matches
    assert best.psa_id == psa_id


COMPOUNDS = [
    company(1, "Green Tech Ltd"),
    company(2, "InfoTech Solutions"),
    company(3, "Pro Tech Services"),
    company(4, "NetSvcs Inc"),
    company(5, "St. Mary's Hospital"),
    company(6, "Green Energy Ltd"),
    company(7, "Tech Services Group"),
]


@pytest.mark.parametrize(
    ("name", "psa_id"),
    [
        # a compound written with a word's short form, against the words apart, either side
        ("GreenTech Ltd", 1),
        ("Green Technology", 1),
        ("Info Tech Solutions", 2),
        ("Info Technology Solutions", 2),
        ("ProTech Services", 3),
        ("Net Services Inc", 4),
        # title and place words, abbreviated on one side
        ("Saint Marys Hospital", 5),
        # who the post goes to is a qualifier, not part of the name
        ("Green Tech Ltd c/o Jane Doe", 1),
    ],
)
def test_compounds_in_short_forms_and_title_words_are_accepted(name: str, psa_id: int) -> None:
    best = rank(name, COMPOUNDS).confident()
    assert best is not None, rank(name, COMPOUNDS)
    assert best.psa_id == psa_id


@pytest.mark.parametrize("name", ["3 Rivers Health", "X Rivers Health", "Rivers Health 2"])
def test_an_unexplained_extra_word_is_never_accepted_however_short(name: str) -> None:
    # Fuzzy similarity barely notices one short word more (93), but it may be the word
    # that names another company: shown, as one name holding the other's words, not taken.
    matches = rank(name, [company(1, "Rivers Health"), company(2, "Harbour Health")])
    best = matches.best
    assert best is not None and best.psa_id == 1
    assert (best.score, best.reason) == (85.0, "one name holds all the words of the other")
    assert matches.confident() is None


def test_a_mistyped_legal_form_at_the_end_is_not_an_extra_word() -> None:
    # "Crp" is "Corp" with a slip: normalising cannot strip it, and it names nothing.
    psa = [company(1, "Thistlefield Financial Corp"), company(2, "Harbour Health")]
    best = rank("Thistlefield Financial Crp", psa).best
    assert best is not None and best.psa_id == 1 and best.reason.startswith("fuzzy")


def test_a_last_word_other_companies_hold_is_a_word_not_a_slip() -> None:
    # "Inn" is one edit from "Inc", but two other companies are inns: it names something.
    psa = [company(1, "Grand Lakeside Harbor"), company(2, "Seaview Inn"), company(3, "Hill Inn")]
    best = rank("Grand Lakeside Harbor Inn", psa).best
    assert best is not None and best.psa_id == 1
    assert best.reason == "one name holds all the words of the other"


@pytest.mark.parametrize(("name", "first"), [("ACME Incorporated", 2), ("Acme Corp.", 1)])
def test_same_name_companies_are_shown_first_by_the_records_legal_form(
    name: str, first: int
) -> None:
    # Still ambiguous: a legal form orders the suggestions, it never decides.
    psa = [company(1, "The Acme Corporation"), company(2, "Acme, Inc.")]
    matches = rank(name, psa)
    assert matches.ambiguous
    assert [s.psa_id for s in matches.suggestions] == [first, 3 - first]


def test_a_linking_word_more_is_left_to_string_similarity() -> None:
    best = rank("Kitchens Fairwell", [company(1, "Kitchens by Fairwell")]).best
    assert best is not None and best.reason.startswith("fuzzy")


def test_a_short_form_inside_another_word_is_not_a_compound() -> None:
    # "tech" is in "Biotechnica" but the names share nothing else: no confident match.
    assert accepted("Biotechnica", COMPOUNDS) is None


def test_the_reason_names_each_change() -> None:
    best = rank("Lake Side Dntal").best
    assert best is not None and best.psa_id == 2
    assert best.reason == "same name but words joined or split, typo dntal/dental"


def test_a_slip_in_a_common_word_is_cheap_when_a_rare_word_says_which_company() -> None:
    assert accepted("Redwood Meda") == 17


def test_a_slip_in_a_short_distinctive_word_is_shown_but_not_accepted() -> None:
    matches = rank("Alder Security")
    assert matches.best is not None and matches.best.psa_id == 11
    assert matches.confident() is None


def test_a_generic_word_left_out_is_not_accepted_when_the_rest_fits_several() -> None:
    matches = rank("Summit")
    assert matches.confident() is None
    assert {s.psa_id for s in matches.suggestions} >= {13, 14}


def test_a_generic_word_swapped_for_another_is_not_accepted() -> None:
    psa = [company(1, "Marlowe Construction Group")]
    assert accepted("Marlowe Construction Services", psa) is None


def test_a_mistyped_word_is_found_even_when_the_typo_moves_its_first_letters() -> None:
    # "Balrow" shares neither its first nor its last three letters with "Barlow".
    psa = [*PSA, company(30, "Barlow Health PLC")]
    assert accepted("Balrow Halth PLC", psa) == 30


def test_a_record_with_a_counterpart_gets_a_suggestion_even_when_far_off() -> None:
    matches = rank("Pembertn Bookkeping Accountants of Leeds")
    assert matches.best is not None and matches.best.psa_id == 7
    assert matches.confident() is None


TWINS = [
    company(40, "Riley Group", city="Austin", state="TX", zip="78701"),
    company(41, "The Riley Group", city="Denver", state="CO", zip="80202"),
]


@pytest.mark.parametrize(
    ("address", "psa_id"),
    [
        (PostalAddress(zip="80202-1234"), 41),
        (PostalAddress(city="austin"), 40),
        (PostalAddress(state="CO"), 41),
        (PostalAddress(city="Denver", state="CO", zip="80202"), 41),
    ],
)
def test_same_name_companies_are_told_apart_by_the_records_address(
    address: PostalAddress, psa_id: int
) -> None:
    matches = rank("Riley Group", TWINS, address=address)
    best = matches.confident()
    assert best is not None and best.psa_id == psa_id
    assert "address matches" in best.reason


def test_same_name_companies_with_nothing_to_tell_them_apart_are_ambiguous_and_both_shown() -> None:
    for address in (None, PostalAddress(city="Boston")):
        matches = rank("Riley Group", TWINS, address=address)
        assert matches.ambiguous and matches.decision() == "ambiguous"
        assert {s.psa_id for s in matches.suggestions} == {40, 41}


def test_same_name_companies_are_told_apart_by_website_or_phone() -> None:
    twins = [
        company(40, "Riley Group", website="rileygroup.com", phoneNumber="5125550100"),
        company(41, "Riley Group", website="riley-group.co.uk", phoneNumber="3035550100"),
    ]
    assert accepted("Riley Group", twins, domain="https://shop.riley-group.co.uk/") == 41
    assert accepted("Riley Group", twins, phone="(512) 555-0100") == 40


@pytest.mark.parametrize(
    "name",
    ["DO NOT USE - Adler Security", "TEST - Adler Security", "zz Old Adler Security",
     "Adler Security (Internal)", "Internal"],
)  # fmt: skip
def test_placeholders_are_never_accepted_but_still_point_at_the_company(name: str) -> None:
    matches = rank(name)
    assert matches.confident(0) is None
    assert matches.held and matches.decision() != "auto"
    if name != "Internal":
        assert matches.best is not None and matches.best.psa_id == 11


@pytest.mark.parametrize("name", ["Redwood, John", "Jane Osprey (personal)", "Mr John Quarry"])
def test_personal_names_are_never_accepted(name: str) -> None:
    people = [company(50, "John Redwood"), company(51, "Jane Osprey"), company(52, "John Quarry")]
    psa = [*PSA, *people]
    matches = rank(name, psa)
    assert matches.confident(0) is None and "person" in matches.held


def test_a_company_that_is_a_placeholder_is_never_accepted_for_a_record() -> None:
    matches = rank("Contoso", [company(60, "Contoso - DO NOT USE")])
    assert matches.best is not None and matches.best.psa_id == 60
    assert matches.confident(0) is None


def test_another_branch_is_never_accepted() -> None:
    branches = [company(70, "Acme Dental (North)"), company(71, "Acme Dental - South")]
    matches = rank("Acme Dental (East)", branches)
    assert matches.confident(0) is None
    assert accepted("Acme Dental (North)", branches) == 70


def test_a_branch_record_is_not_accepted_for_the_plain_name_when_other_branches_exist() -> None:
    psa = [company(70, "Acme Dental (North)"), company(72, "Acme Dental")]
    matches = rank("Acme Dental (East)", psa)
    assert matches.best is not None and matches.best.psa_id == 72
    assert matches.confident(0) is None
    assert accepted("Acme Dental (East)", [company(72, "Acme Dental")]) == 72


def test_websites_on_a_shared_host_are_no_evidence() -> None:
    psa = [company(80, "Bluebird Outfitters", website="https://www.facebook.com/bluebirdout")]
    for record_site in ("facebook.com/cornercafe", "https://www.facebook.com/acebarbers/"):
        matches = rank("Corner Cafe", psa, domain=record_site)
        assert matches.confident(0) is None
    assert rank("Bluebird Outfitters", psa, domain="facebook.com/other").confident() is not None


def test_scores_are_whole_numbers() -> None:
    for name in ("Northgat Pharmaceutcals", "Lakeside Dental HQ", "Osprey Medi", "Summit"):
        for suggestion in rank(name).suggestions:
            assert suggestion.score == int(suggestion.score)


def test_decisions_are_auto_review_ambiguous_or_none() -> None:
    assert rank("Lakeside Dental").decision() == "auto"
    assert rank("Alder Security").decision() == "review"
    assert rank("Riley Group", TWINS).decision() == "ambiguous"
    assert rank("Zzyzx Quantum Llamas").decision() == "none"
    assert rank("Lakeside Dental").decision(101) == "review"
