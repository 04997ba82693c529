"""Ranking PSA companies for local records: scores, reasons, ambiguity and progress."""

from __future__ import annotations

import gc
import re

from tui.core.match_results import RecordMatches
from tui.core.matching import PHONE_BOOST, Matcher
from tui.core.name_search import similarity
from tui.core.records import LocalRecord
from tui.core.scores import DEFAULT_MIN_SCORE
from tui.demo.sample_records import sample_records
from tui.psa.models import Company, Reference
from tui.sandbox.factory import make_tenant

ACTIVE = Reference(id=1, name="Active")
INACTIVE = Reference(id=2, name="Inactive")


def company(
    id: int,
    name: str,
    *,
    website: str | None = None,
    phone: str | None = None,
    identifier: str = "",
    status: Reference = ACTIVE,
    deleted: bool = False,
) -> Company:
    return Company(
        id=id,
        identifier=identifier or name.replace(" ", "")[:30],
        name=name,
        status=status,
        website=website,
        phoneNumber=phone,
        deletedFlag=deleted,
    )


def record(
    name: str,
    *,
    id: str = "C-1",
    domain: str | None = None,
    phone: str | None = None,
    identifier: str | None = None,
) -> LocalRecord:
    return LocalRecord(id=id, name=name, domain=domain, phone=phone, identifier=identifier)


BOOK = [
    company(250, "Contoso, Ltd.", website="www.contoso.com", phone="4255550100"),
    company(251, "Fabrikam Pharmaceuticals", website="https://fabrikampharma.com"),
    company(252, "Northwind Traders", phone="2065550188"),
    company(253, "Adler Security", website="adlersecurity.com"),
    company(254, "Hartden Travel", website="www.hartdentravel.co.uk"),
    company(255, "Glenford Imaging S.A."),
    company(256, "Tailspin Toys Inc", identifier="TAILSPIN"),
]


def rank(name: str, companies: list[Company] = BOOK, **fields: str) -> RecordMatches:
    return Matcher(companies).rank(record(name, **fields))


def test_same_name_after_normalisation_is_an_exact_confident_match() -> None:
    matches = rank("CONTOSO LIMITED")
    best = matches.best
    assert best is not None
    assert (best.psa_id, best.score, best.method) == (250, 100.0, "exact")
    assert best.reason == "same name after normalisation"
    assert matches.confident(DEFAULT_MIN_SCORE) == best


def test_exact_match_beats_fuzzy_candidates() -> None:
    companies = [company(1, "Northwind Trader"), company(2, "Northwind Traders Ltd")]
    matches = rank("northwind traders", companies)
    assert matches.best is not None
    assert (matches.best.psa_id, matches.best.method) == (2, "exact")
    assert not matches.ambiguous


def test_a_typo_is_a_confident_fuzzy_match_with_the_typo_in_the_reason() -> None:
    best = rank("Fabrikam Pharmaceutcals").confident()
    assert best is not None
    assert (best.psa_id, best.method) == (251, "fuzzy")
    assert DEFAULT_MIN_SCORE <= best.score < 100
    assert best.reason == "same name but typo pharmaceutcals/pharmaceuticals"


def test_a_fuzzy_reason_shows_the_very_score_the_threshold_compares() -> None:
    best = rank("Fabrikam Farmaseuticals").best
    assert best is not None and best.psa_id == 251
    shown = re.fullmatch(r"fuzzy (\d+) \(token sort\)", best.reason)
    assert shown is not None and int(shown[1]) == best.score == int(best.score)


def test_identifier_equality_ignores_case() -> None:
    best = rank("Something Else Entirely", identifier="tailspin").best
    assert best is not None
    assert (best.psa_id, best.score, best.method) == (256, 100.0, "identifier")
    assert "same identifier TAILSPIN" in best.reason


def test_same_website_domain_is_a_domain_match() -> None:
    best = rank("Contoso Holdings Europe", domain="https://www.contoso.com/about").confident()
    assert best is not None
    assert (best.psa_id, best.score, best.method) == (250, 97.0, "domain")
    assert "same website domain contoso.com" in best.reason


def test_exact_name_and_domain_agreeing_stay_at_100_with_both_reasons() -> None:
    best = rank("Contoso Ltd", domain="contoso.com").best
    assert best is not None and best.score == 100.0
    assert "same name after normalisation" in best.reason
    assert "same website domain contoso.com" in best.reason


def test_a_mailbox_provider_domain_is_no_evidence() -> None:
    companies = [company(1, "Solo Trader", website="gmail.com")]
    assert rank("Someone Unrelated", companies, domain="gmail.com").best is None


def test_an_agreeing_phone_boosts_a_fuzzy_match_a_little() -> None:
    without = rank("Northwnd Trader").best
    with_phone = rank("Northwnd Trader", phone="(206) 555-0188").best
    assert without is not None and with_phone is not None
    assert with_phone.score == round(without.score + PHONE_BOOST, 1)
    assert with_phone.reason.endswith("phone matches")


def test_a_bracketed_qualifier_does_not_stop_a_match() -> None:
    best = rank("Contoso Ltd (HQ)").confident()
    assert best is not None
    assert (best.psa_id, best.score) == (250, 95.0)
    assert best.reason == "same name apart from a qualifier"


def test_extra_words_are_suggested_but_never_accepted_unasked() -> None:
    matches = rank("Glenford Imaging SA Radiology Wing")
    assert matches.best is not None and matches.best.psa_id == 255
    assert "all the words" in matches.best.reason
    assert matches.confident() is None


def test_similar_names_of_other_companies_are_not_accepted() -> None:
    for name in ("Alder Security", "Arden Travel"):
        assert rank(name).confident() is None


def test_similarity_weighs_the_words_that_tell_names_apart() -> None:
    assert similarity("arden travel", "hartden travel") < 91  # plain ratio: 92.3
    assert similarity("logisstics prime", "logistics prime") > 95  # a typo stays close
    assert similarity("contoso hq", "contoso") == similarity("contoso", "contoso hq")
    assert similarity("acme", "acme") == 100


def test_a_different_website_lowers_a_fuzzy_match() -> None:
    plain = rank("Adler Securty").best
    other_site = rank("Adler Securty", domain="adler-sec.net").best
    assert plain is not None and other_site is not None
    assert other_site.score < plain.score
    assert "but website is adlersecurity.com" in other_site.reason


def test_unmatched_records_get_no_confident_suggestion() -> None:
    matcher = Matcher(BOOK)
    names = ["Zenith Bakery", "Kestrel Roofing LLC", "Willow & Marsh Dental", "Contoso Pharma"]
    for name in names:
        assert matcher.rank(record(name)).confident() is None


def test_duplicate_names_across_statuses_are_ambiguous_and_both_shown() -> None:
    companies = [
        company(10, "Fabrikam, Inc.", website="fabrikam.com", status=ACTIVE),
        company(11, "Fabrikam Inc", website="fabrikam-old.com", status=INACTIVE),
    ]
    matches = rank("Fabrikam", companies)
    assert matches.ambiguous
    assert {s.psa_id for s in matches.suggestions} == {10, 11}
    assert all(s.score == 100.0 for s in matches.suggestions)
    assert matches.confident(0) is None


def test_a_domain_breaks_a_tie_between_duplicate_names() -> None:
    companies = [
        company(10, "Fabrikam, Inc.", website="fabrikam.com", status=ACTIVE),
        company(11, "Fabrikam Inc", website="fabrikam-old.com", status=INACTIVE),
    ]
    matches = rank("Fabrikam", companies, domain="www.fabrikam-old.com")
    assert not matches.ambiguous
    best = matches.confident()
    assert best is not None and best.psa_id == 11
    assert [s.psa_id for s in matches.suggestions] == [11, 10]


def test_a_deleted_copy_does_not_rival_the_live_company_of_the_same_name() -> None:
    companies = [
        company(10, "Fabrikam Inc", status=INACTIVE, deleted=True),
        company(11, "Fabrikam, Inc.", status=ACTIVE),
    ]
    matches = rank("FABRIKAM", companies)
    assert not matches.ambiguous
    assert [s.psa_id for s in matches.suggestions] == [11, 10]
    best = matches.confident()
    assert best is not None and best.psa_id == 11


def test_two_deleted_copies_of_one_name_stay_ambiguous() -> None:
    companies = [company(10, "Fabrikam Inc", deleted=True), company(11, "Fabrikam", deleted=True)]
    assert rank("Fabrikam", companies).ambiguous


def test_a_phone_breaks_a_tie_between_duplicate_names() -> None:
    companies = [company(10, "Riley Group", phone="3095550100"), company(11, "The Riley Group")]
    best = rank("Riley Group", companies, phone="309-555-0100").confident()
    assert best is not None and best.psa_id == 10


def test_a_typo_of_a_duplicated_name_is_ambiguous() -> None:
    companies = [company(10, "The Riley Group"), company(11, "The Riley Group")]
    matches = rank("Rilley Grp", companies)
    assert matches.ambiguous
    assert matches.confident(0) is None


def test_name_and_domain_pointing_at_different_companies_is_ambiguous() -> None:
    matches = rank("Contoso", domain="hartdentravel.co.uk")
    assert matches.ambiguous
    assert {s.psa_id for s in matches.suggestions} == {250, 254}


def test_at_most_five_suggestions_best_first() -> None:
    companies = [company(i, f"Summit Plumbing {chr(65 + i)}{chr(75 + i)}") for i in range(9)]
    matches = rank("Summit Plumbing", companies)
    scores = [s.score for s in matches.suggestions]
    assert 0 < len(scores) <= 5
    assert scores == sorted(scores, reverse=True)


def test_rank_all_keys_results_by_record_id_and_reports_progress() -> None:
    records = [record(f"Company {n}", id=f"C-{n}") for n in range(600)]
    calls: list[tuple[int, int]] = []
    results = Matcher(BOOK).rank_all(records, on_progress=lambda *call: calls.append(call))
    assert list(results) == [r.id for r in records]
    assert calls[0] == (0, 600) and calls[-1] == (600, 600)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 3


def test_ranking_leaves_the_cyclic_gc_to_the_caller() -> None:
    """The caller owns the GC policy (tui.core.gc_pause); the matcher never changes it."""
    records = [record(f"Company {n}", id=f"C-{n}") for n in range(300)]
    seen: list[bool] = []
    Matcher(BOOK).rank_all(records, on_progress=lambda *_: seen.append(gc.isenabled()))
    assert seen and all(seen)


def test_an_empty_matcher_suggests_nothing() -> None:
    matches = Matcher([]).rank(record("Contoso"))
    assert matches == RecordMatches("C-1")
    assert matches.best is None and matches.confident(0) is None


def test_auto_accept_is_precise_on_realistic_local_records() -> None:
    tenant = make_tenant("matching", 400, seed=3)
    companies = [Company.model_validate(c) for c in tenant.companies]
    labelled = sample_records(tenant.companies[:], n=300, seed=5)
    results = Matcher(companies).rank_all(
        LocalRecord(r.record["id"], r.record["name"], r.record.get("domain"), r.record.get("phone"))
        for r in labelled
    )
    accepted = {r.record["id"]: (r.psa_id, results[r.record["id"]].confident()) for r in labelled}
    confident = [(truth, s.psa_id) for truth, s in accepted.values() if s is not None]
    matchable = sum(r.psa_id is not None for r in labelled)
    correct = sum(truth == got for truth, got in confident)
    assert correct == len(confident)  # precision: every auto-accepted match is right
    assert correct >= 0.85 * matchable  # and most records that have a match get it
