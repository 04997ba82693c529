"""How the CLI prints: JSON, aligned tables and error lines, remote text made terminal-safe.

Remote text (company names, vendor messages) is printed as data: control characters
become spaces and invisible format characters go, so a name cannot move the cursor,
recolour or retitle the terminal, write its clipboard, or hide and reorder text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any

from tui.core.safe_text import formula_safe, inert, inert_json
from tui.errors import EXIT_OK


def clean(text: str) -> str:
    """Remote text made safe for a terminal: control characters (ESC, CR, BEL...) become
    spaces, bidi overrides and zero-width characters go (see `tui.core.safe_text`)."""
    return inert(text)


def one_line(text: str) -> str:
    """An error message as one clean line."""
    return " ".join(clean(text).split())


def warn(message: str) -> None:
    """One `psamap: warning: ...` line on stderr."""
    print(f"psamap: warning: {one_line(message)}", file=sys.stderr)


def print_json(rows: list[dict[str, Any]] | dict[str, Any]) -> int:
    """Pretty JSON, UTF-8 as is (names stay readable); characters a terminal would act on
    or that hide text (C1, bidi, zero-width) are written as \\u escapes: exact, but inert."""
    import json  # here, like every import a command may not need: `--help` stays instant

    sys.stdout.write(inert_json(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
    return EXIT_OK


def print_json_stream(rows: Iterable[dict[str, Any]]) -> int:
    """The same text as `print_json`, written row by row: 200,000 companies never sit in
    memory as one list and one string."""
    write = sys.stdout.write
    first = True
    for row in rows:
        write(("[\n  " if first else ",\n  ") + inert_json(_pretty(row, "  ")))
        first = False
    write("[]\n" if first else "\n]\n")
    return EXIT_OK


def _pretty(value: Any, indent: str) -> str:
    """`json.dumps(value, indent=2)` at a nesting depth, built from the C encoder's scalars.

    `json.dumps(..., indent=...)` runs the pure-Python encoder, whose closures form a
    reference cycle per call: with the collector paused (as the CLI runs), 50,000 calls
    would pile up as garbage (~130 MB). Scalars through the C encoder make none.
    """
    import json

    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_pretty(v, inner)}"
                 for k, v in value.items())  # fmt: skip
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _pretty(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def print_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """CSV whose every cell is inert for the terminal and for a spreadsheet: no formula can
    start (OWASP); the records loader undoes the marking, so it stays a records file."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([formula_safe(clean(str(v))) for v in row] for row in rows)
    return EXIT_OK


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Aligned columns; remote text is cleaned so a name cannot move the cursor or recolour."""
    cells = [[clean(str(v)) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
             for r in [list(headers), *cells]]  # fmt: skip
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
