"""`psamap suggest TENANT --records FILE`: every record's best candidates and decision.

JSON (`--json`), CSV (`--csv`, one row per record, candidates side by side) or a table.
The ranking is `tui.core.matching`; the rows are `tui.core.suggest`; this module parses,
loads and prints. Nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.numbers import whole
from tui.cli.tenant_args import add_filter_arguments, chosen, tenant_for, with_source
from tui.errors import EXIT_OK

if TYPE_CHECKING:
    from tui.core.cache.source import CompanySource
    from tui.psa.models import AnyCompany

_DEFAULT_TOP = 3  # tui.core.suggest.DEFAULT_TOP, not imported: `--help` stays instant


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--records, the filter, --top, the output form and the column overrides."""
    parser.add_argument("--records", type=Path, required=True, metavar="FILE",
                        help="records file")  # fmt: skip
    add_filter_arguments(parser)
    parser.add_argument("--top", type=whole(1, 5), default=_DEFAULT_TOP, metavar="N",
                        help=f"candidates per record, 1-5 (default: {_DEFAULT_TOP})")  # fmt: skip
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="a JSON array in records-file order")
    form.add_argument("--csv", action="store_true", help="one CSV row per record")
    parser.add_argument("--id-column", metavar="C", help="records column holding the id")
    parser.add_argument("--name-column", metavar="C", help="records column holding the name")


def run(args: argparse.Namespace) -> int:
    """Read the records (before any request), load the companies, rank, print."""
    import csv
    import sys

    from tui.cli.output import clean, print_json, print_table
    from tui.core.gc_pause import gc_paused
    from tui.core.matching import Matcher
    from tui.core.records import load_records
    from tui.core.safe_text import formula_safe
    from tui.core.scores import DEFAULT_MIN_SCORE
    from tui.core.suggest import csv_header, csv_row, suggestions
    from tui.psa.filter import CompanyFilter

    records = load_records(args.records, id_column=args.id_column, name_column=args.name_column)
    tenant = tenant_for(args)

    async def work(source: CompanySource) -> list[AnyCompany]:
        statuses, types = await chosen(source, args)
        flt = CompanyFilter.of([s.id for s in statuses], [t.id for t in types])
        return list(await source.companies(flt))

    with gc_paused():  # loading and ranking: the collector would only rescan what we keep
        companies = with_source(tenant, args, work)
        ranked = Matcher(companies).rank_all(records)
    rows = suggestions(records, ranked, companies, top=args.top, min_score=DEFAULT_MIN_SCORE)
    if args.json:
        return print_json([row.as_json() for row in rows])
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(csv_header(args.top))  # cells inert in a spreadsheet
        writer.writerows([formula_safe(clean(str(v))) for v in csv_row(r, args.top)] for r in rows)
        return EXIT_OK
    table = []
    for r in rows:
        best = r.candidates[0] if r.candidates else None
        table.append((r.id, r.name, r.decision, best.psa_name if best else "",
                      f"{best.score:g}" if best else "", best.reason if best else ""))  # fmt: skip
    return print_table(("id", "name", "decision", "best", "score", "reason"), table)


COMMAND = Command(
    "suggest", "every record's best candidates, scores, reasons and decision", run, add_arguments
)
