"""How the CLI prints: JSON, aligned tables and error lines, remote text made terminal-safe.

Remote text (company names, vendor messages) is printed as data: control characters
become spaces, so a name cannot move the cursor, recolour or retitle the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any

from tui.errors import EXIT_OK

_CONTROL = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " ")


def clean(text: str) -> str:
    """Remote text made safe for a terminal: control characters (ESC, CR, BEL...) become spaces."""
    return text.translate(_CONTROL)


def one_line(text: str) -> str:
    """An error message as one clean line."""
    return " ".join(clean(text).split())


def warn(message: str) -> None:
    """One `psamap: warning: ...` line on stderr."""
    print(f"psamap: warning: {one_line(message)}", file=sys.stderr)


def print_json(rows: list[dict[str, Any]]) -> int:
    """Pretty JSON, UTF-8 as is (names stay readable)."""
    import json  # here, like every import a command may not need: `--help` stays instant

    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Aligned columns; remote text is cleaned so a name cannot move the cursor or recolour."""
    cells = [[clean(str(v)) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
             for r in [list(headers), *cells]]  # fmt: skip
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
