"""The vendor's `conditions` grammar: tokenizer and recursive-descent parser into a small AST.

Grammar (keywords case-insensitive; `and` binds tighter than `or`, as in the SQL the vendor
translates conditions into):

    expr       := and_expr ("or" and_expr)*
    and_expr   := unary ("and" unary)*
    unary      := "not" unary | "(" expr ")" | comparison
    comparison := FIELD ["not"] OPERATOR value
    OPERATOR   := = | != | < | <= | > | >= | contains | like | in
    value      := "string" | 'string' | -12.5 | true | false | null | [2016-08-20T18:04:26Z]
                  | "(" value ("," value)* ")"          (only after `in`)

No escape exists inside a string literal (the vendor documents none), so a string ends at
the next quote of the same style. `in` is refused where the vendor's grammar omits it
(`childConditions`, `customFieldConditions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal as Lit

#: The vendor's own hint, appended to every value error (quoted from a real 400 body).
VALUE_HINT = (
    "String values should be enclosed with double or single quotes; DateTime values should "
    "be enclosed in square brackets; numbers should consist of only digits, and optionally a "
    "decimal point and a negation sign; boolean values should be indicated with the keywords "
    "true or false; null values should be indicated by the keyword null."
)

ValueKind = Lit["string", "numeric", "boolean", "datetime", "null"]
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "contains", "like", "in")
_NEGATABLE = ("contains", "like", "in")
_KEYWORDS = frozenset({"and", "or", "not", "contains", "like", "in", "true", "false", "null"})


class ConditionError(ValueError):
    """A conditions string the vendor would refuse with 400; `message` is the body's text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Value:
    """A literal: its kind (the words the vendor's messages use) and its Python value."""

    kind: ValueKind
    value: object


@dataclass(frozen=True, slots=True)
class Comparison:
    """`field [not] op value`; `value` is a tuple of `Value` for `in`."""

    field: str
    op: str
    negated: bool
    value: Value | tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Logical:
    """`and` / `or` over two or more operands."""

    op: Lit["and", "or"]
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """A prefix `not` over a comparison or a parenthesised group."""

    operand: Node


Node = Comparison | Logical | Not

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<lparen>\() | (?P<rparen>\)) | (?P<comma>,)
    | (?P<op>!=|<=|>=|=|<|>)
    | "(?P<dq>[^"]*)" | '(?P<sq>[^']*)'
    | \[(?P<dt>[^\]]*)\]
    | (?P<num>-?\d+(?:\.\d+)?)(?![\w/.])
    | (?P<word>[A-Za-z_][\w/.]*)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # lparen rparen comma op string datetime num word end
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            tokens.append(_Token("end", "", pos))
            return tokens
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise ConditionError(_unexpected(text, pos))
        kind = match.lastgroup or ""
        raw, start = match.group(kind), match.start(kind)
        if kind in ("dq", "sq"):
            kind, start = "string", start - 1
        elif kind == "dt":
            start -= 1
        tokens.append(_Token(kind, raw, start))
        pos = match.end()


def _unexpected(text: str, pos: int) -> str:
    rest = text[pos:]
    if rest[:1] in ("'", '"'):
        return f"Unterminated string starting at position {pos}. {VALUE_HINT}"
    if rest[:1] == "[":
        return f"Unterminated datetime starting at position {pos}. {VALUE_HINT}"
    return f"Unexpected '{rest[:20]}' at position {pos}. {VALUE_HINT}"


def parse(text: str, *, allow_in: bool = True) -> Node | None:
    """Parse a conditions string; None for an empty one (no condition at all)."""
    if not text or not text.strip():
        return None
    return _Parser(text, _tokenize(text), allow_in).parse()


class _Parser:
    """Recursive descent over the token list; raises `ConditionError` with vendor-like text."""

    def __init__(self, text: str, tokens: list[_Token], allow_in: bool) -> None:
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.allow_in = allow_in

    def parse(self) -> Node:
        """The whole string as one expression; trailing tokens are an error."""
        node = self._or()
        tok = self._peek()
        if tok.kind != "end":
            raise ConditionError(f"Unexpected '{tok.text}' at position {tok.pos}.")
        return node

    def _peek(self) -> _Token:
        return self.tokens[self.i]

    def _next(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def _keyword(self, word: str) -> bool:
        tok = self._peek()
        if tok.kind == "word" and tok.text.lower() == word:
            self.i += 1
            return True
        return False

    def _or(self) -> Node:
        operands = [self._and()]
        while self._keyword("or"):
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else Logical("or", tuple(operands))

    def _and(self) -> Node:
        operands = [self._unary()]
        while self._keyword("and"):
            operands.append(self._unary())
        return operands[0] if len(operands) == 1 else Logical("and", tuple(operands))

    def _unary(self) -> Node:
        if self._keyword("not"):
            return Not(self._unary())
        tok = self._peek()
        if tok.kind == "lparen":
            self.i += 1
            node = self._or()
            close = self._next()
            if close.kind != "rparen":
                raise ConditionError(f"Expected ')' at position {close.pos}.")
            return node
        return self._comparison()

    def _comparison(self) -> Comparison:
        tok = self._next()
        if tok.kind != "word" or tok.text.lower() in _KEYWORDS:
            where = "end of conditions" if tok.kind == "end" else f"'{tok.text}'"
            raise ConditionError(f"Expected a field name at position {tok.pos}, found {where}.")
        field = tok.text
        negated = self._keyword("not")
        op_tok = self._next()
        op = op_tok.text.lower() if op_tok.kind in ("op", "word") else ""
        if op not in OPERATORS:
            found = op_tok.text or "end of conditions"
            raise ConditionError(f"Expected an operator after {field}, found '{found}'.")
        if negated and op not in _NEGATABLE:
            raise ConditionError(f"'not' cannot be used with the operator '{op}'.")
        if op == "in":
            if not self.allow_in:
                raise ConditionError(
                    "The operator 'in' is not supported here; combine comparisons with 'or'."
                )
            return Comparison(field, op, negated, self._value_list())
        return Comparison(field, op, negated, self._value())

    def _value_list(self) -> tuple[Value, ...]:
        open_tok = self._next()
        if open_tok.kind != "lparen":
            raise ConditionError(f"Expected '(' after 'in' at position {open_tok.pos}.")
        values = [self._value()]
        while self._peek().kind == "comma":
            self.i += 1
            values.append(self._value())
        close = self._next()
        if close.kind != "rparen":
            raise ConditionError(f"Expected ')' or ',' at position {close.pos}.")
        return tuple(values)

    def _value(self) -> Value:
        tok = self._next()
        if tok.kind == "string":
            return Value("string", tok.text)
        if tok.kind == "num":
            number = float(tok.text) if "." in tok.text else int(tok.text)
            return Value("numeric", number)
        if tok.kind == "dt":
            return Value("datetime", parse_datetime(tok.text))
        if tok.kind == "word" and tok.text.lower() in ("true", "false"):
            return Value("boolean", tok.text.lower() == "true")
        if tok.kind == "word" and tok.text.lower() == "null":
            return Value("null", None)
        found = tok.text or "end of conditions"
        raise ConditionError(f"Unexpected value '{found}' at position {tok.pos}. {VALUE_HINT}")


def parse_datetime(text: str) -> float:
    """`2016-08-20T18:04:26Z` (or a date) to epoch seconds; naive values are UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConditionError(f"'[{text}]' is not a valid datetime. {VALUE_HINT}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def fields_of(node: Node | None) -> list[str]:
    """Every field path a parsed condition mentions, in order (for routing child conditions)."""
    if node is None:
        return []
    if isinstance(node, Comparison):
        return [node.field]
    if isinstance(node, Not):
        return fields_of(node.operand)
    return [f for operand in node.operands for f in fields_of(operand)]
