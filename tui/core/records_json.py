"""JSON and JSON Lines records files decoded object by object, each with its line.

`json.loads` of a whole array would say nothing of where a record starts; decoding item
by item does, so every problem (`JsonProblem`) names its line, and a records file whose
fifth record is not an object says so on that record's line.
"""

from __future__ import annotations

import json
import math
import re

_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class JsonProblem(ValueError):
    """What is wrong with the JSON, and on which line (the caller names the file)."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"{line}: {problem}")
        self.line, self.problem = line, problem


class _NotAJsonNumber(ValueError):
    """A number Python's json would read but JSON has not (NaN, Infinity) or no float holds."""


def _refuse_constant(name: str) -> object:
    """NaN, Infinity and -Infinity: Python's json reads them by default, RFC 8259 has none,
    and they would become records with the id or name 'nan' or 'inf'."""
    raise _NotAJsonNumber(f"malformed JSON: {name} is not a JSON value (write null for none)")


def _finite_float(text: str) -> float:
    """A JSON number with a fraction or exponent; 1e400 would silently become inf."""
    value = float(text)
    if not math.isfinite(value):
        raise _NotAJsonNumber(f"unreadable JSON: the number {text} is beyond a float's range")
    return value


def _decoder() -> json.JSONDecoder:
    """The standard decoder, strict about the numbers JSON itself allows."""
    return json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def json_objects(text: str) -> list[tuple[int, dict[str, object]]]:
    """A JSON array of objects, decoded item by item so each record knows its line."""
    decoder = _decoder()
    lines = _LineCounter(text)

    pos = _space_end(text, 0)
    if pos == len(text):
        raise JsonProblem(1, "empty file: expected a JSON array of objects")
    if text[pos] != "[":
        raise JsonProblem(lines.at(pos), "expected a JSON array of objects")
    items: list[tuple[int, object]] = []
    pos = _space_end(text, pos + 1)
    if text.startswith("]", pos):
        pos += 1
    else:
        while True:
            try:
                item, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise JsonProblem(exc.lineno, f"malformed JSON: {exc.msg}") from None
            except _NotAJsonNumber as exc:
                raise JsonProblem(lines.at(pos), str(exc)) from None
            except (RecursionError, ValueError) as exc:
                raise JsonProblem(lines.at(pos), _beyond_limits(exc)) from None
            items.append((lines.at(pos), item))
            pos = _space_end(text, end)
            if text.startswith(",", pos):
                pos = _space_end(text, pos + 1)
            elif text.startswith("]", pos):
                pos += 1
                break
            else:
                raise JsonProblem(lines.at(pos), "malformed JSON: expected ',' or ']'")
    pos = _space_end(text, pos)
    if pos != len(text):
        raise JsonProblem(lines.at(pos), "malformed JSON: extra data after the array")
    return _only_objects(items, "item")


def jsonl_objects(text: str) -> list[tuple[int, dict[str, object]]]:
    """One JSON object per line; blank lines are skipped."""
    items: list[tuple[int, object]] = []
    decode = _decoder().decode
    for line, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            try:
                items.append((line, decode(raw)))
            except json.JSONDecodeError as exc:
                raise JsonProblem(line, f"malformed JSON: {exc.msg}") from None
            except _NotAJsonNumber as exc:
                raise JsonProblem(line, str(exc)) from None
            except (RecursionError, ValueError) as exc:
                raise JsonProblem(line, _beyond_limits(exc)) from None
    return _only_objects(items, "line")


def _beyond_limits(exc: RecursionError | ValueError) -> str:
    """Valid JSON that Python will not decode: deep nesting, or an integer of 4,300+ digits."""
    if isinstance(exc, RecursionError):
        return "unreadable JSON: nested too deeply"
    return "unreadable JSON: a number has too many digits"


def _only_objects(
    items: list[tuple[int, object]], what: str
) -> list[tuple[int, dict[str, object]]]:
    """The items, once each is known to be a JSON object."""
    objects: list[tuple[int, dict[str, object]]] = []
    for line, item in items:
        if not isinstance(item, dict):
            kind = type(item).__name__ if item is not None else "null"
            raise JsonProblem(line, f"{what} is not a JSON object (found {kind})")
        objects.append((line, item))
    return objects


def _space_end(text: str, pos: int) -> int:
    """The offset of the first non-whitespace character (JSON's four) at or after `pos`."""
    match = _JSON_SPACE.match(text, pos)
    return match.end() if match else pos


class _LineCounter:
    """Line of a text offset, for offsets that only move forward (counted once overall)."""

    def __init__(self, text: str) -> None:
        self._text, self._pos, self._line = text, 0, 1

    def at(self, pos: int) -> int:
        self._line += self._text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line
