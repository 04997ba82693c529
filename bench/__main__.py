"""`python -m bench [name ...]`: run the benchmark modules and print one Markdown table."""

from __future__ import annotations

import importlib
import sys

from bench.table import BenchRow, render

#: Each module exposes `rows() -> list[BenchRow]`; order is the table's order.
MODULES = [
    "api", "cache", "scale", "memory", "launch", "tui", "matching", "review", "mapping_ui",
    "reliability", "create",
]  # fmt: skip


def main(argv: list[str]) -> int:
    """Run the named benchmark modules (all by default) and print their rows as one table."""
    names = argv or MODULES
    rows: list[BenchRow] = []
    for name in names:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            print(f"(bench.{name} not written yet)", file=sys.stderr)
            continue
        print(f"running bench.{name} ...", file=sys.stderr, flush=True)
        rows.extend(module.rows())
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
