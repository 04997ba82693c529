"""Line numbers for TOML problems, so config and mapping errors point at the line to fix.

`tomllib` reports positions only for syntax errors; for a missing field or a wrong
value we locate the key by scanning the text ourselves (best effort: a key written
inside an inline table or a multi-line array falls back to its table's line).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")
_KEY_PART = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
_KEY = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_HEADER = re.compile(r"^\s*\[")


def syntax_error_position(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, str]:
    """The line of a TOML syntax error and its message without the position suffix."""
    message = str(exc)
    lineno = getattr(exc, "lineno", None)  # Python 3.14 has attributes; 3.11 only the text
    if (m := _POSITION.search(message)) is not None:
        lineno = lineno or int(m.group(1))
        message = message[: m.start()]
    elif (m := _END.search(message)) is not None:
        lineno = lineno or text.count("\n") + 1
        message = message[: m.start()]
    return lineno, message.strip() or "invalid TOML"


def find_line(text: str, path: Sequence[str]) -> int | None:
    """The line that defines `path` (a key or table, or a table inside it), else its nearest parent.

    Returns None when not even the first part of the path is written on a line of
    its own (for example a tenant given as an inline table).
    """
    target = tuple(path)
    best_len, best_line = 0, None
    table: tuple[str, ...] = ()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if _HEADER.match(line):
            header = _parse_header(line)
            if header is None:
                continue
            table, here = header, header
        elif (m := _KEY.match(line)) is not None:
            key = _parse_key(m.group(1))
            if key is None:
                continue
            here = table + key
        else:
            continue
        common = _common_prefix(here, target)
        if common == len(target):
            return lineno  # the key itself, or the first table inside it
        if common == len(here) and common > best_len:
            best_len, best_line = common, lineno
    return best_line


def _parse_header(line: str) -> tuple[str, ...] | None:
    """Key path of a `[table]` or `[[array.of.tables]]` header, using tomllib itself."""
    try:
        parsed = tomllib.loads(line.strip())
    except tomllib.TOMLDecodeError:
        return None
    return _single_path(parsed)


def _parse_key(key_text: str) -> tuple[str, ...] | None:
    """Key path of a (possibly dotted or quoted) key, using tomllib itself."""
    try:
        parsed = tomllib.loads(f"{key_text} = 0")
    except tomllib.TOMLDecodeError:
        return None
    return _single_path(parsed)


def _single_path(parsed: object) -> tuple[str, ...]:
    """Follow the only key at each level of a freshly parsed one-line document."""
    parts: list[str] = []
    node = parsed
    while True:
        if isinstance(node, list) and node:
            node = node[-1]
        if not isinstance(node, dict) or len(node) != 1:
            return tuple(parts)
        ((key, node),) = node.items()
        parts.append(key)


def _common_prefix(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many leading parts two key paths share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
