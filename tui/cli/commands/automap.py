"""`psamap automap TENANT --records FILE`: save the confident matches, print a summary.

The workflow itself is `tui.core.automap`; this module parses and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.numbers import decimal
from tui.cli.tenant_args import add_filter_arguments, chosen, tenant_for, with_source
from tui.core.gc_pause import gc_paused
from tui.core.scores import DEFAULT_MIN_SCORE
from tui.errors import EXIT_OK, Failure

if TYPE_CHECKING:
    from tui.core.automap import AutomapSummary
    from tui.core.cache import CompanySource


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--records, the filter, --out, --min-score and the column overrides."""
    parser.add_argument("--records", type=Path, required=True, metavar="FILE",
                        help="records file")  # fmt: skip
    add_filter_arguments(parser)
    parser.add_argument("--out", type=Path, default=Path("mapping.toml"), metavar="FILE",
                        help="mapping file to merge into (default: mapping.toml)")  # fmt: skip
    parser.add_argument("--min-score", type=decimal(0, 100, "a score"), metavar="N",
                        default=DEFAULT_MIN_SCORE,
                        help=f"lowest score, 0-100 (default: {DEFAULT_MIN_SCORE:g})")  # fmt: skip
    parser.add_argument("--refilter", action="store_true",
                        help="switch an existing mapping file to this filter")  # fmt: skip
    parser.add_argument("--id-column", metavar="C", help="records column holding the id")
    parser.add_argument("--name-column", metavar="C", help="records column holding the name")


def run(args: argparse.Namespace) -> int:
    """Match, merge into --out, print what was found and written."""
    from tui.core.automap import automap

    tenant = tenant_for(args)
    folder = Path(args.out).parent
    if not folder.is_dir():  # said before any request or match, not after them all
        raise Failure(f"{folder}: no such folder (for --out {args.out})")

    async def work(source: CompanySource) -> AutomapSummary:
        statuses, types = await chosen(source, args)
        return await automap(
            source,
            tenant,
            statuses,
            types,
            records_path=args.records,
            out=args.out,
            min_score=args.min_score,
            id_column=args.id_column,
            name_column=args.name_column,
            refilter=args.refilter,
        )

    with gc_paused():  # loading and ranking: the collector would only rescan what we keep
        summary = with_source(tenant, args, work)
    print(summary)
    return EXIT_OK


COMMAND = Command(
    "automap", "match a records file and save the confident matches", run, add_arguments
)
