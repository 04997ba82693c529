"""Compile parsed conditions into plain Python predicates over rows, with the vendor's typing.

Semantics follow the SQL the vendor runs conditions as: string comparisons are
case-insensitive, a comparison with a missing (null) value is false (so `website != "x"`
skips companies without a website), `like` is SQL Server LIKE (`%` and the documented `*`
match any run, `_` one character, `[abc]` a character class, `[[]` a literal bracket),
`contains` is a plain case-insensitive substring test.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from tui.sandbox.query.conditions import (
    VALUE_HINT,
    Comparison,
    ConditionError,
    Node,
    Not,
    Value,
    fields_of,
    parse,
)

FieldKind = Literal["int", "number", "string", "bool", "datetime", "any"]
Predicate = Callable[[Any], bool]

_WANTED: dict[str, str] = {
    "int": "numeric",
    "number": "numeric",
    "string": "string",
    "bool": "boolean",
    "datetime": "datetime",
}
_ORDERING = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True, slots=True)
class Field:
    """A queryable field: canonical path, value kind, and how to read it from a row.

    `get` returns None for a missing value, epoch seconds for datetimes, and the raw
    string for strings (case folding happens in the predicate).
    """

    path: str
    kind: FieldKind
    get: Callable[[Any], Any]


Resolver = Callable[[str], Field]


@dataclass(frozen=True, slots=True)
class ChildArray:
    """An array that `childConditions` searches: how to read it, and its element fields."""

    name: str
    get: Callable[[Any], Sequence[Any]]
    resolve: Resolver


def always(_row: Any) -> bool:
    """The predicate of an empty conditions string."""
    return True


def compile_conditions(text: str, resolve: Resolver) -> Predicate:
    """Parse and compile a `conditions` string; raises `ConditionError` (400) on bad input."""
    node = parse(text)
    return always if node is None else _compile(node, resolve)


def compile_element_conditions(text: str, resolve: Resolver) -> Predicate:
    """Compile conditions over one array element, without `in` (customFieldConditions)."""
    node = parse(text, allow_in=False)
    return always if node is None else _compile(node, resolve)


def compile_child_conditions(text: str, arrays: dict[str, ChildArray]) -> Predicate:
    """Compile `childConditions`: a row matches when one element of the array satisfies it.

    The whole expression is evaluated per element (like an EXISTS over the child rows), so
    `types/id = 5 and types/id = 77` needs a single type with both ids and matches nothing.
    """
    node = parse(text, allow_in=False)
    if node is None:
        return always
    names = {path.split("/", 1)[0].lower() for path in fields_of(node)}
    unknown = sorted(n for n in names if n not in arrays)
    if unknown:
        choices = ", ".join(sorted(a.name for a in arrays.values())) or "none"
        raise ConditionError(
            f"'{unknown[0]}' is not an array that childConditions can search (arrays: {choices})."
        )
    if len(names) > 1:
        raise ConditionError("childConditions must search a single array.")
    array = arrays[names.pop()]

    def resolve_element(path: str) -> Field:
        _, _, rest = path.partition("/")
        if not rest:
            raise ConditionError(f"'{path}' names the array, not a field of its items.")
        return array.resolve(rest)

    test = _compile(node, resolve_element)
    get_items = array.get
    return lambda row: any(test(item) for item in get_items(row))


def _compile(node: Node, resolve: Resolver) -> Predicate:
    if isinstance(node, Comparison):
        return _comparison(node, resolve(node.field))
    if isinstance(node, Not):
        inner = _compile(node.operand, resolve)
        return lambda row: not inner(row)
    parts = [_compile(operand, resolve) for operand in node.operands]
    combined = parts[0]
    for nxt in parts[1:]:
        combined = _pair(node.op, combined, nxt)
    return combined


def _pair(op: str, a: Predicate, b: Predicate) -> Predicate:
    """Two predicates joined without a generator per row (this is the hot loop)."""
    if op == "and":
        return lambda row: a(row) and b(row)
    return lambda row: a(row) or b(row)


def _comparison(cmp: Comparison, field: Field) -> Predicate:
    get, op = field.get, cmp.op
    fast = _fast_comparison(cmp, field)
    if fast is not None:
        return fast
    if isinstance(cmp.value, tuple):
        members = frozenset(_literal(field, op, v) for v in cmp.value if v.kind != "null")
        if field.kind in ("string", "any"):
            test: Callable[[Any], bool] = lambda x: _fold(x) in members  # noqa: E731
        else:
            test = members.__contains__
    elif cmp.value.kind == "null":
        if op not in ("=", "!="):
            raise ConditionError(f"null can only be compared with = or !=, not '{op}'.")
        if op == "=":
            return lambda row: get(row) is None
        return lambda row: get(row) is not None
    else:
        test = _value_test(field, op, _literal(field, op, cmp.value))
    if cmp.negated:
        return lambda row: (x := get(row)) is not None and not test(x)
    return lambda row: (x := get(row)) is not None and test(x)


def _fast_comparison(cmp: Comparison, field: Field) -> Predicate | None:
    """Shortcuts for ids and flags, the comparisons every sync filter uses.

    Safe because an int or bool getter returns an int, a bool or None, and None never
    equals a literal nor belongs to an `in` list.
    """
    if field.kind not in ("int", "bool") or cmp.negated or cmp.op not in ("=", "in"):
        return None
    get = field.get
    if isinstance(cmp.value, tuple):
        members = frozenset(_literal(field, "in", v) for v in cmp.value if v.kind != "null")
        if field.kind == "int" and all(type(m) is int for m in members):
            return lambda row: get(row) in members
        return None
    if cmp.value.kind == "null":
        return None
    literal = _literal(field, "=", cmp.value)
    if field.kind == "bool":
        return lambda row: get(row) is literal
    if type(literal) is int:
        return lambda row: get(row) == literal
    return None


def _literal(field: Field, op: str, value: Value) -> Any:
    """Check the literal against the field's kind the way the vendor does, then normalise it."""
    kind = field.kind
    if op in ("contains", "like") and kind not in ("string", "any"):
        raise ConditionError(f"The operator '{op}' can only be used with string fields.")
    if op in _ORDERING and kind == "bool":
        raise ConditionError(f"The operator '{op}' cannot be used with boolean fields.")
    if kind == "any":
        return value.value.lower() if isinstance(value.value, str) else value.value
    wanted = _WANTED[kind]
    if value.kind != wanted:
        raise ConditionError(f"Expected a {wanted} value, not a {value.kind}. {VALUE_HINT}")
    return value.value.lower() if isinstance(value.value, str) else value.value


def _value_test(field: Field, op: str, literal: Any) -> Callable[[Any], bool]:
    if op == "contains":
        return lambda x: literal in str(x).lower()
    if op == "like":
        matcher = like_pattern(literal)
        return lambda x: matcher(str(x)) is not None
    folded = field.kind == "string" or (field.kind == "any" and isinstance(literal, str))
    if op in ("=", "!="):
        want = op == "="
        if folded:
            return lambda x: (isinstance(x, str) and x.lower() == literal) is want
        return lambda x: (x == literal and not _bool_number_mix(x, literal)) is want
    compare = _ORDERING[op]
    if folded:
        return lambda x: isinstance(x, str) and compare(x.lower(), literal)
    return lambda x: not isinstance(x, str) and compare(x, literal)


def _fold(x: Any) -> Any:
    return x.lower() if isinstance(x, str) else x


def _bool_number_mix(x: Any, literal: Any) -> bool:
    """Python says True == 1; the vendor's typed columns do not."""
    return isinstance(x, bool) is not isinstance(literal, bool)


@lru_cache(maxsize=256)
def like_pattern(pattern: str) -> Callable[[str], re.Match[str] | None]:
    """SQL Server LIKE (plus the vendor's `*`) as a case-insensitive full-match function."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in "%*":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        elif ch == "[" and (close := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : close]
            if body == "[":
                out.append(re.escape("["))
            else:
                negate = body.startswith("^")
                body = body[1:] if negate else body
                escaped = "".join("-" if c == "-" else re.escape(c) for c in body)
                out.append(f"[{'^' if negate else ''}{escaped}]")
            i = close
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL).fullmatch


def compile_order_by(text: str, resolve: Resolver) -> list[tuple[Field, bool]]:
    """`name desc, id asc` into (field, descending) pairs; raises `ConditionError` on bad input."""
    keys: list[tuple[Field, bool]] = []
    for part in text.split(","):
        words = part.split()
        if not words:
            raise ConditionError(f"orderBy '{text}' has an empty item.")
        if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise ConditionError(
                f"orderBy item '{part.strip()}' must be 'field asc' or 'field desc'."
            )
        keys.append((resolve(words[0]), len(words) == 2 and words[1].lower() == "desc"))
    return keys


def sort_rows(rows: list[Any], keys: list[tuple[Field, bool]]) -> list[Any]:
    """Stable multi-key sort; rows arrive ordered by id, which stays the final tie-break.

    Nulls sort first ascending and last descending, as in SQL Server.
    """
    out = list(rows)
    for field, descending in reversed(keys):
        get, folded = field.get, field.kind == "string"

        def key(row: Any, get: Callable[[Any], Any] = get, folded: bool = folded) -> tuple:
            x = get(row)
            if x is None:
                return (0, 0)
            return (1, x.lower() if folded else x)

        out.sort(key=key, reverse=descending)
    return out
