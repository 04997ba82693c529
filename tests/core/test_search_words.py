"""The one-key company search: a record's rarest word among the PSA's names."""

from __future__ import annotations

from tui.core.search_words import SearchWords

NAMES = ["Hartley Plumbing Group", "Ashford Plumbing", "Ashford Dental", "Kestrel Roofing Ltd"]


def test_the_rarest_word_some_company_holds_is_searched() -> None:
    words = SearchWords(NAMES)
    assert words.for_record("Hartley Plumbing Group (Billing)") == "hartley"
    assert words.for_record("ASHFORD DENTAL LLC") == "dental"


def test_generic_words_legal_forms_and_office_names_are_never_the_search() -> None:
    assert SearchWords(["Group Ltd HQ", "Kestrel Roofing Ltd"]).for_record(
        "Kestrel Group Ltd HQ"
    ) == ("kestrel")


def test_a_mistyped_word_gives_way_to_one_a_company_holds() -> None:
    assert SearchWords(NAMES).for_record("Kestrle Roofing") == "roofing"
    assert SearchWords(NAMES).for_record("Zyxwv Qqq") == "zyxwv"
    assert SearchWords(NAMES).for_record("Ltd") == ""
