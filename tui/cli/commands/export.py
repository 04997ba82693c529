"""`psamap export TENANT`: the mapping as CSV or JSON rows for another system's import.

One row per mapped record: local_id, local_name, psa_id, psa_identifier, psa_name,
method, score, in natural order of local id. Reads only the mapping file (no request).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.command import Command
from tui.cli.commands.mapping_args import (
    add_mapping_argument,
    mapping_of,
    refuse_replacing_inputs,
)
from tui.cli.tenant_args import tenant_for
from tui.errors import EXIT_OK

COLUMNS = ("local_id", "local_name", "psa_id", "psa_identifier", "psa_name", "method", "score")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--mapping, --format, --out."""
    add_mapping_argument(parser)
    parser.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="csv (default) or json")  # fmt: skip
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")


def run(args: argparse.Namespace) -> int:
    """Write the mapped rows to --out (atomically) or stdout."""
    import csv
    import io
    import json

    from tui.cli.output import clean
    from tui.core.atomic import write_atomic
    from tui.core.mapping_file import natural_sorted
    from tui.core.safe_text import formula_safe

    path, document = mapping_of(tenant_for(args), args)
    if args.out is not None:
        refuse_replacing_inputs(args.out, path, document)
    rows = [
        [getattr(document.mappings[local_id], column) for column in COLUMNS]
        for local_id in natural_sorted(document.mappings)
    ]
    if args.format == "json":
        text = json.dumps([dict(zip(COLUMNS, row, strict=True)) for row in rows],
                          ensure_ascii=False, indent=2) + "\n"  # fmt: skip
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)  # cells inert in a spreadsheet, like `companies --csv`
        writer.writerows([formula_safe(clean(str(v))) for v in row] for row in rows)
        text = buffer.getvalue()
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.out, text.encode("utf-8"), backup=False)
    return EXIT_OK


COMMAND = Command(
    "export", "write the mapping as CSV or JSON for another system's import", run, add_arguments
)
