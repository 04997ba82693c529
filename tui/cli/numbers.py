"""Numeric options checked by argparse itself: a wrong value is a usage error (exit 2)
that says what is expected, never a traceback or a failure deep in the command."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """A type for a whole number from `low` (to `high`, when given)."""
    expected = (
        f"a whole number from {low} to {high}"
        if high is not None
        else (f"a whole number of {low} or more")
    )

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {expected}") from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{text!r} is not {expected}")
        return value

    return parse


def decimal(low: float, high: float, what: str = "a number") -> Callable[[str], float]:
    """A type for a number from `low` to `high` (never nan or infinite)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if math.isnan(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} from {low:g} to {high:g}")
        return value

    return parse
