"""Remote text made inert before it reaches a terminal, a spreadsheet or a JSON reader.

A company name is written by whoever can edit the PSA. Printed raw it can act on the
terminal (ESC/CSI/OSC sequences: recolour, retitle, write the clipboard with OSC 52),
reorder what the reader sees (bidi overrides: "Trojan Source"), hide text (zero-width
and Unicode tag characters) or, opened in a spreadsheet, run a formula. Every text
output goes through one of these functions:

- `inert`: plain text (tables, CSV cells, error lines): controls become spaces, invisible
  format characters are dropped;
- `inert_json`: JSON text: the same characters become `\\uXXXX` escapes, so the data
  stays exact for a program and inert for a terminal;
- `formula_safe` / `formula_restore`: the OWASP CSV-injection defence and its inverse,
  so psamap's own CSV export still reads back as the same records.
"""

from __future__ import annotations

import re

#: Characters a terminal acts on or that break a line: C0 (tab and newline too), DEL, C1,
#: and the Unicode line and paragraph separators. Shown as a space.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
#: Invisible "format" characters (Unicode category Cf): soft hyphen, Arabic/Syriac marks,
#: bidi marks, embeddings, overrides and isolates, zero-width space/joiners, word joiner
#: and invisible operators, BOM, interlinear annotations, and the tag characters. Dropped.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[{_CONTROLS}{_FORMAT}]")
_FORMAT_ONLY = re.compile(f"[{_FORMAT}]")
#: In JSON text the C0 controls are escaped by `json.dumps` already.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_FORMAT}]")

#: First characters a spreadsheet reads as a formula (OWASP "CSV Injection"), plus the
#: quote that marks a neutralised cell, so that the marking can be undone exactly.
_FORMULA_START = frozenset("=+-@\t\r")
_MARK = "'"


def _replace(match: re.Match[str]) -> str:
    return "" if _FORMAT_ONLY.fullmatch(match.group()) else " "


def inert(text: str) -> str:
    """`text` with control characters as spaces and invisible format characters removed."""
    if text.isascii() and text.isprintable():
        return text  # the common case, at no cost
    return _UNSAFE.sub(_replace, text)


def without_invisible(text: str) -> str:
    """`text` without the invisible format characters `inert` drops (bidi overrides and
    isolates, zero-width characters, tags), controls left as they are: for a screen that
    shows controls its own way (the TUI's replacement character)."""
    return _FORMAT_ONLY.sub("", text)


def has_unsafe(text: str) -> bool:
    """True when `text` holds a character `inert` would change."""
    return _UNSAFE.search(text) is not None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def inert_json(json_text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with DEL, C1, separators and
    format characters written as `\\uXXXX` escapes: the same data, nothing a terminal acts on.

    Safe on a whole document: these characters can only occur inside JSON strings.
    """
    return _JSON_UNSAFE.sub(_escape, json_text)


def formula_safe(cell: str) -> str:
    """A CSV cell a spreadsheet will not run: one starting with `= + - @`, tab or CR gets a
    leading `'` (OWASP), as does one already starting with `'` before such a character, so
    that `formula_restore` gives back exactly the original."""
    if not cell:
        return cell
    if cell[0] in _FORMULA_START or (cell[0] == _MARK and cell[1:2] in (*_FORMULA_START, _MARK)):
        return _MARK + cell
    return cell


def formula_restore(cell: str) -> str:
    """The inverse of `formula_safe`: `'=1+2` -> `=1+2`, `''x` -> `'x`, anything else as is."""
    if cell[:1] == _MARK and cell[1:2] and cell[1] in (*_FORMULA_START, _MARK):
        return cell[1:]
    return cell
