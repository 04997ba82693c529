"""Score bands and typed scores: what a person may type, and what lies in a band."""

from __future__ import annotations

import pytest

from tui.core.review import NotAScore, ScoreBand, parse_band, parse_score


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("70-85", ScoreBand(70, 85)),
        (" 70 - 85 ", ScoreBand(70, 85)),
        ("85-70", ScoreBand(70, 85)),
        ("70 85", ScoreBand(70, 85)),
        ("70..85", ScoreBand(70, 85)),
        ("70 to 85", ScoreBand(70, 85)),
        ("70–85", ScoreBand(70, 85)),
        ("0-100", ScoreBand(0, 100)),
        ("92-92", ScoreBand(92, 92)),
    ],
)
def test_a_band_is_two_scores_in_either_order(text: str, band: ScoreBand) -> None:
    assert parse_band(text) == band
    assert str(band) == f"{band.low}-{band.high}"


@pytest.mark.parametrize("text", ["", "70", "70-", "-85", "a-b", "70-101", "70-85-90", "7O-85"])
def test_anything_else_is_refused_saying_why(text: str) -> None:
    with pytest.raises(NotAScore) as caught:
        parse_band(text)
    assert str(caught.value)


def test_both_ends_of_a_band_are_in_it() -> None:
    band = ScoreBand(70, 85)
    assert 70 in band and 85 in band and 77 in band
    assert 69 not in band and 86 not in band


@pytest.mark.parametrize(("text", "score"), [("0", 0), ("92", 92), (" 100 ", 100)])
def test_a_typed_score_is_a_whole_number_from_0_to_100(text: str, score: int) -> None:
    assert parse_score(text) == score


@pytest.mark.parametrize(
    "text", ["", "101", "-1", "92.5", "nan", "ninety", "\u00b2", "9\u00b2", "\u2468"]
)
def test_a_typed_score_outside_the_scale_is_refused(text: str) -> None:
    with pytest.raises(NotAScore, match="0"):
        parse_score(text)
