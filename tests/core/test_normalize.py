"""Name, domain and phone normalisation: the spellings that must meet, and those that must not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.normalize import (
    is_generic_domain,
    name_key,
    normalize_domain,
    normalize_name,
    normalize_phone,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Müller & Söhne GmbH", "muller sohne"),
        ("Société Générale S.A.", "societe generale"),
        ("AT&T", "att"),
        ("AT&T Inc.", "att"),
        ("B & Q plc", "bq"),
        ("Contoso, Ltd.", "contoso"),
        ("Ørsted A/S", "orsted"),
        ("Łódź Sp. z o.o.", "lodz"),
        ("Straße Bau GmbH & Co. KG", "strasse bau"),
        ("O'Brien & Sons Plumbing", "obrien sons plumbing"),
        ("Johnson Mfg Co.", "johnson manufacturing"),
        ("Acme Intl Svcs L.L.C.", "acme international services"),
        ("Foo [/] Bar", "foo bar"),
    ],
)
def test_names_normalise_to_their_plain_words(name: str, expected: str) -> None:
    assert normalize_name(name) == expected


@pytest.mark.parametrize("name", ["Limited", "Inc.", "The", "Company", "LLC"])
def test_a_name_that_is_only_a_legal_form_keeps_its_word(name: str) -> None:
    assert normalize_name(name) == name.casefold().rstrip(".")


@pytest.mark.parametrize(
    "spellings",
    [
        ["Contoso, Ltd.", "CONTOSO LIMITED", "contoso ltd", "Contoso"],
        ["Smith & Sons", "Smith and Sons", "Smith Sons Inc."],
        ["First Solar B.V.", "First Solar B V", "First Solar BV", "first solar"],
        ["The Riley Group", "Riley Grp", "RILEY GROUP LLC"],
        ["Bob's Plumbing Pty Ltd", "Bobs Plumbing Pty. Limited", "Bobs Plumbing"],
        ["Premier Capital PLC", "Premier Capital Public Limited Company"],
        ["Zürich Präzision AG", "Zurich Prazision A.G."],
        ["Westbrook Technology Inc", "Westbrook Tech Incorporated"],
        # Exports that turn an apostrophe or an ampersand into a space.
        ["Shelmore's Pizza", "SHELMORE S PIZZA", "Shelmores Pizza"],
        ["F&K Printing", "F K Printing", "F & K Printing", "FK Printing"],
        ["Societe Generale S.A.", "Societe Generale S A", "Société Générale"],
        # Place and title words, abbreviated or not, wherever they stand.
        ["St. Mary's Hospital", "Saint Marys Hospital", "ST MARYS HOSPITAL"],
        ["Parish of St. John", "Parish of Saint John"],
        ["Main St Dental", "Main Street Dental"],
        ["Mt. Hood Resorts", "Mount Hood Resorts"],
        ["Ft. Worth Roofing", "Fort Worth Roofing"],
        ["Dr. Brown Dental", "Doctor Brown Dental"],
        ["Ocean Dr Apartments", "Ocean Drive Apartments"],
        ["Mill Rd Garage", "Mill Road Garage"],
        ["Park Ave Florist", "Park Avenue Florist"],
        ["Sunset Blvd Studios", "Sunset Boulevard Studios"],
        # Small numbers and ordinals, in digits or in words; a co-op is a cooperative.
        ["3 Rivers Health", "Three Rivers Health"],
        ["1st Street Bakery", "First Street Bakery", "1st St Bakery"],
        ["2nd Avenue Deli", "Second Ave Deli"],
        ["Riverside Co-op", "Riverside Co-Op", "Riverside Cooperative", "Riverside Co-operative"],
        ["Sunrise Sr. Living", "Sunrise Senior Living"],
        # ... but a digit beside a lone letter is part of one word.
        ["A1 Plumbing", "A-1 Plumbing", "A 1 Plumbing"],
    ],
)
def test_spellings_of_one_company_meet(spellings: list[str]) -> None:
    assert len({normalize_name(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Contoso", "Contoso Pharma"),
        ("Acme UK", "Acme US"),
        ("Alder Security", "Adler Security"),
        ("Hartden Travel", "Arden Travel"),
        ("S Smith Ltd", "Smiths Ltd"),
        ("A B C Plumbing", "A B Plumbing"),
    ],
)
def test_different_companies_stay_apart(one: str, other: str) -> None:
    assert normalize_name(one) != normalize_name(other)


def test_bracketed_words_are_a_qualifier_kept_apart_from_the_core_name() -> None:
    assert name_key("Acme [UK] Ltd") == ("acme uk", "acme")
    assert name_key("Acme Ltd (UK)") == name_key("Acme [UK] Ltd")
    assert name_key("Contoso Ltd (HQ)").core == normalize_name("Contoso Ltd")


def test_words_after_a_spaced_dash_are_a_qualifier_but_a_hyphen_is_not() -> None:
    assert name_key("Fabrikam Inc - Accounts") == ("fabrikam accounts", "fabrikam")
    assert name_key("Hewlett-Packard") == ("hewlett packard", "hewlett packard")


def test_empty_and_punctuation_only_names_give_empty_keys() -> None:
    assert normalize_name("") == ""
    assert normalize_name(" ... ") == ""


_LATIN = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZéüÖñçß0123456789 .,&-'()"),
    max_size=40,
)


@given(_LATIN)
def test_case_never_matters(name: str) -> None:
    assert normalize_name(name.upper()) == normalize_name(name.lower())


@given(_LATIN)
def test_a_name_with_a_letter_or_digit_never_normalises_to_nothing(name: str) -> None:
    if any(c.isalnum() for c in name):
        assert normalize_name(name)


@pytest.mark.parametrize(
    "value",
    [
        "contoso.com",
        "CONTOSO.COM",
        "www.contoso.com",
        "https://www.contoso.com/about?x=1#top",
        "http://contoso.com:8080/",
        "info@contoso.com",
        "http://user:secret@www2.contoso.com",
        "  contoso.com.  ",
    ],
)
def test_domains_lose_scheme_www_port_path_and_case(value: str) -> None:
    assert normalize_domain(value) == "contoso.com"


@pytest.mark.parametrize("value", [None, "", "contoso", "not a domain", "http://localhost:80"])
def test_values_without_a_dotted_host_are_no_domain(value: str | None) -> None:
    assert normalize_domain(value) is None


def test_mailbox_providers_are_generic_and_company_sites_are_not() -> None:
    assert is_generic_domain("gmail.com")
    assert is_generic_domain("outlook.com")
    assert not is_generic_domain("contoso.com")


@pytest.mark.parametrize(
    "value",
    ["(555) 123-4567", "555.123.4567", "+1 555 123 4567", "5551234567", "555-123-4567 ext. 89"],
)
def test_phones_keep_their_last_ten_digits(value: str) -> None:
    assert normalize_phone(value) == "5551234567"


def test_short_or_missing_phones_are_none() -> None:
    assert normalize_phone("123-45") is None
    assert normalize_phone(None) is None
    assert normalize_phone("+44 20 7946 0958") == "2079460958"
