"""The `conditions` grammar: operators, precedence, literals, and what the vendor refuses."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui.sandbox import ConditionError, SandboxTenant
from tui.sandbox.query.conditions import VALUE_HINT, parse


def ids(records: list[dict]) -> list[int]:
    return [r["id"] for r in records]


def where(tenant: SandboxTenant, test) -> list[int]:
    """Ids of the full records a Python predicate accepts: the expected answer."""
    return [r["id"] for r in tenant.companies if test(r)]


def epoch(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def test_equals_on_id_selects_exactly_that_company(tenant: SandboxTenant) -> None:
    target = tenant.companies[17]["id"]
    assert ids(tenant.select(f"id = {target}")) == [target]


@pytest.mark.parametrize(
    ("op", "test"),
    [
        ("<", lambda a, b: a < b),
        ("<=", lambda a, b: a <= b),
        (">", lambda a, b: a > b),
        (">=", lambda a, b: a >= b),
        ("!=", lambda a, b: a != b),
    ],
)
def test_each_ordering_operator_compares_numbers(tenant: SandboxTenant, op: str, test) -> None:
    pivot = tenant.companies[150]["id"]
    expected = where(tenant, lambda r: test(r["id"], pivot))
    assert ids(tenant.select(f"id {op} {pivot}")) == expected
    assert 0 < len(expected) < len(tenant.companies)


def test_string_equality_ignores_case_like_the_vendors_sql(tenant: SandboxTenant) -> None:
    assert [r["name"] for r in tenant.select('name = "acme [uk] ltd"')] == ["Acme [UK] Ltd"] * 2


def test_contains_is_a_plain_substring_test(tenant: SandboxTenant) -> None:
    found = {r["name"] for r in tenant.select('name contains "[/]"')}
    assert found == {"Foo [/] Bar"}


def test_like_accepts_both_star_and_percent_wildcards(tenant: SandboxTenant) -> None:
    expected = where(tenant, lambda r: r["name"].lower().startswith("acme"))
    assert ids(tenant.select('name like "Acme*"')) == expected
    assert ids(tenant.select('name like "acme%"')) == expected
    assert expected


def test_like_underscore_stands_for_one_character(tenant: SandboxTenant) -> None:
    assert {r["name"] for r in tenant.select('name like "Foo _/_ Bar"')} == {"Foo [/] Bar"}


def test_like_brackets_are_sql_server_character_classes(tenant: SandboxTenant) -> None:
    literal = tenant.select('name like "Acme [[]UK] Ltd"')
    assert {r["name"] for r in literal} == {"Acme [UK] Ltd"}
    assert tenant.select('name like "Acme [UK] Ltd"') == []  # [UK] is "U or K"
    expected = where(tenant, lambda r: r["name"][:1].upper() in "AB")
    assert ids(tenant.select('name like "[ab]%"')) == expected


def test_in_and_not_in_split_the_tenant(tenant: SandboxTenant) -> None:
    inside = ids(tenant.select("status/id in (1, 17)"))
    outside = ids(tenant.select("status/id not in (1,17)"))
    assert inside == where(tenant, lambda r: r["status"]["id"] in (1, 17))
    assert sorted(inside + outside) == ids(list(tenant.companies))


def test_not_contains_and_not_like_negate_the_operator(tenant: SandboxTenant) -> None:
    assert ids(tenant.select('name not contains "a"')) == where(
        tenant, lambda r: "a" not in r["name"].lower()
    )
    assert ids(tenant.select('name NOT LIKE "*Group"')) == where(
        tenant, lambda r: not r["name"].lower().endswith("group")
    )


def test_and_binds_tighter_than_or(tenant: SandboxTenant) -> None:
    got = ids(tenant.select("status/id = 44 or status/id = 1 and deletedFlag = true"))
    expected = where(
        tenant,
        lambda r: r["status"]["id"] == 44 or (r["status"]["id"] == 1 and r["deletedFlag"]),
    )
    assert got == expected


def test_parentheses_override_precedence(tenant: SandboxTenant) -> None:
    got = ids(tenant.select("(status/id = 44 or status/id = 1) and deletedFlag = true"))
    expected = where(tenant, lambda r: r["status"]["id"] in (44, 1) and r["deletedFlag"])
    assert got == expected
    assert got != ids(tenant.select("status/id = 44 or status/id = 1 and deletedFlag = true"))


def test_keywords_and_field_names_are_case_insensitive(tenant: SandboxTenant) -> None:
    plain = ids(tenant.select("status/id = 1 and deletedFlag = false"))
    shouted = ids(tenant.select("STATUS/ID = 1 AND DeletedFlag = FALSE"))
    assert plain == shouted
    assert plain


def test_prefix_not_negates_a_group(tenant: SandboxTenant) -> None:
    got = ids(tenant.select("not (status/id = 1 or deletedFlag = true)"))
    assert got == where(tenant, lambda r: not (r["status"]["id"] == 1 or r["deletedFlag"]))


def test_both_quote_styles_hold_the_other_quote(tenant: SandboxTenant) -> None:
    assert [r["name"] for r in tenant.select("name = '\"Best\" Widgets Inc'")] == [
        '"Best" Widgets Inc'
    ]
    obrien = [r["name"] for r in tenant.select('name = "O\'Brien & Sons Plumbing"')]
    assert obrien == ["O'Brien & Sons Plumbing"] * 2


def test_a_quote_of_the_same_style_ends_the_string(tenant: SandboxTenant) -> None:
    with pytest.raises(ConditionError):
        tenant.select("name = 'O'Brien & Sons Plumbing'")


def test_null_matches_missing_values(tenant: SandboxTenant) -> None:
    without = ids(tenant.select("website = null"))
    with_site = ids(tenant.select("website != NULL"))
    assert without == where(tenant, lambda r: "website" not in r)
    assert sorted(without + with_site) == ids(list(tenant.companies))
    assert without and with_site


def test_comparing_a_missing_value_is_false_even_for_not_equal(tenant: SandboxTenant) -> None:
    got = ids(tenant.select('website != "nowhere.example"'))
    assert got == where(tenant, lambda r: "website" in r)


def test_datetimes_in_square_brackets(tenant: SandboxTenant) -> None:
    moment = "2024-01-01T00:00:00Z"
    expected = where(tenant, lambda r: epoch(r["_info"]["lastUpdated"]) > epoch(moment))
    assert ids(tenant.select(f"_info/lastUpdated > [{moment}]")) == expected
    assert ids(tenant.select(f"lastUpdated > [{moment}]")) == expected
    assert 0 < len(expected) < len(tenant.companies)


def test_negative_and_decimal_numbers(tenant: SandboxTenant) -> None:
    assert len(tenant.select("id > -1")) == len(tenant.companies)
    expected = where(tenant, lambda r: r["annualRevenue"] >= 2500000.5)
    assert ids(tenant.select("annualRevenue >= 2500000.5")) == expected


def test_nested_reference_fields_use_slashes(tenant: SandboxTenant) -> None:
    assert ids(tenant.select('country/name = "Germany"')) == where(
        tenant, lambda r: r["country"]["name"] == "Germany"
    )
    assert ids(tenant.select('Status/Name = "active"')) == where(
        tenant, lambda r: r["status"]["name"] == "Active"
    )


def test_an_empty_string_selects_everything(tenant: SandboxTenant) -> None:
    assert len(tenant.select("  ")) == len(tenant.companies)


@pytest.mark.parametrize(
    ("conditions", "fragment"),
    [
        ("name = Acme", VALUE_HINT),
        ("deletedFlag = 1", "Expected a boolean value, not a numeric."),
        ('id = "5"', "Expected a numeric value, not a string."),
        ("_info/lastUpdated > '2024-01-01'", "Expected a datetime value, not a string."),
        ("name = 'Acme", "Unterminated string"),
        ("id = [not a date]", "is not a valid datetime"),
        ("id = 5 and", "Expected a field name"),
        ("(id = 5", "Expected ')'"),
        ("id = 5)", "Unexpected ')'"),
        ("id not = 5", "'not' cannot be used"),
        ("status/id in ()", "Unexpected value ')'"),
        ("id contains 5", "only be used with string fields"),
        ("id < null", "null can only be compared"),
        ("colour = 'red'", "Unknown field 'colour'"),
        ("types/id = 5", "childConditions"),
        ("id == 5", "Unexpected value '='"),
    ],
)
def test_bad_conditions_are_refused_with_a_vendor_style_message(
    tenant: SandboxTenant, conditions: str, fragment: str
) -> None:
    with pytest.raises(ConditionError) as caught:
        tenant.select(conditions)
    assert fragment in caught.value.message


def test_the_parser_builds_or_of_ands() -> None:
    node = parse("a = 1 or b = 2 and c = 3")
    assert node is not None
    assert node.op == "or"  # type: ignore[union-attr]
    assert node.operands[1].op == "and"  # type: ignore[union-attr]
