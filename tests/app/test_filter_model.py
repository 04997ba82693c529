"""The filter screen's rules on their own: defaults, the filter the ticks make, problems."""

from __future__ import annotations

import httpx
import pytest

from tui.app.problems import explain
from tui.app.screens.filter_model import (
    choice_filter,
    copy_text,
    item_filter,
    status_items,
    type_items,
)
from tui.app.widgets.checklist import bar, ellipsize
from tui.core.config import ConfigError
from tui.core.state import FilterChoice
from tui.psa.errors import (
    AuthError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServiceUnavailable,
)
from tui.psa.filter import CompanyFilter
from tui.psa.models import CompanyStatus, CompanyType

STATUSES = [
    CompanyStatus(id=1, name="Active"),
    CompanyStatus(id=2, name="Inactive", inactiveFlag=True),
    CompanyStatus(id=17, name="Credit Hold"),
]
TYPES = [CompanyType(id=5, name="Client"), CompanyType(id=9, name="Prospect")]


def test_by_default_inactive_statuses_are_unticked_and_every_type_ticked() -> None:
    statuses = status_items(STATUSES, None)
    assert [(i.id, i.checked, i.note) for i in statuses] == [
        (1, True, ""),
        (2, False, "inactive"),
        (17, True, ""),
    ]
    assert all(item.checked for item in type_items(TYPES, None))


def test_a_remembered_choice_wins_and_new_items_get_their_default() -> None:
    remembered = FilterChoice(
        status_ids=frozenset({2}),
        type_ids=frozenset({9}),
        known_status_ids=frozenset({1, 2}),  # 17 is new since
        known_type_ids=frozenset({5, 9}),
    )
    assert [i.checked for i in status_items(STATUSES, remembered)] == [False, True, True]
    assert [i.checked for i in type_items(TYPES, remembered)] == [False, True]


def test_the_filter_has_no_condition_for_a_fully_ticked_list() -> None:
    every_status, every_type = [1, 2, 17], [5, 9]
    assert choice_filter({1, 2, 17}, every_status, {5, 9}, every_type) == CompanyFilter()
    assert choice_filter({1, 17}, every_status, {5, 9}, every_type) == CompanyFilter.of({1, 17})
    assert choice_filter({1, 2, 17}, every_status, {9}, every_type) == CompanyFilter.of((), {9})


def test_an_empty_list_means_nothing_can_match() -> None:
    assert choice_filter(set(), [1], {5}, [5]) is None
    assert choice_filter({1}, [1], set(), [5]) is None


def test_each_item_is_counted_on_its_own_id() -> None:
    assert item_filter("status", 17).conditions() == "deletedFlag = false and status/id = 17"
    assert item_filter("type", 5).child_conditions() == "types/id = 5"
    assert item_filter("type", 5).status_ids == frozenset()


def test_the_copied_text_leaves_out_an_empty_child_condition() -> None:
    assert copy_text(CompanyFilter.of({1})) == "conditions=deletedFlag = false and status/id = 1"
    assert copy_text(CompanyFilter.of({1, 17}, {5, 9})) == (
        "conditions=deletedFlag = false and status/id in (1,17)\n"
        "childConditions=types/id = 5 or types/id = 9"
    )


@pytest.mark.parametrize(
    ("error", "headline"),
    [
        (AuthError("401 Unauthorized on company/companies/statuses"), "Sign-in refused (401)"),
        (PermissionDenied("403 Forbidden"), "Permission denied (403)"),
        (NotFound("company id 'x' is not known"), "Not found (404)"),
        (RateLimited("429", retry_after=30), "Rate limited (429)"),
        (ServiceUnavailable("connection failed on company/companies"), "PSA unreachable"),
        (InvalidRequest("400 Bad Request"), "Request refused"),
        (ConfigError("not set", tenant="acme", field="private_key"), "Config problem"),
        (httpx.ConnectError("refused"), "PSA unreachable"),
        (ZeroDivisionError("boom"), "Unexpected error"),
    ],
)
def test_every_failure_gets_a_headline_and_keeps_its_own_words(error, headline) -> None:
    problem = explain(error)
    assert problem.headline.startswith(headline)
    assert str(error) in problem.detail


def test_bars_scale_by_eighths_and_never_hide_a_non_zero_count() -> None:
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██  "
    assert bar(0.0, 4) == "    "
    assert bar(0.0001, 4) == "▏   "
    assert bar(1 / 16, 4) == "▎   "


def test_long_names_are_cut_with_an_ellipsis_by_cell_width() -> None:
    assert ellipsize("Credit Hold", 20) == "Credit Hold"
    assert ellipsize("Credit Hold", 6) == "Credi…"
    assert ellipsize("日本語の会社", 5) == "日本…"
