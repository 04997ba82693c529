"""`psamap check TENANT`: drift, orphans and unmapped records of a mapping; exit 3 when any.

For cron and CI: exit 0 when the mapping still matches the tenant, 3 when a mapped
company was deleted, renamed, left the filter or is missing, a mapping entry's record
has left the records file (an orphan), or more records are unmapped than
`--max-unmapped` allows. The companies come from the cache (refreshed first, exact).
Records renamed since they were mapped are listed too, without changing the exit code.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.commands.mapping_args import add_mapping_argument, mapping_of, records_of
from tui.cli.numbers import whole
from tui.cli.output import clean, print_json
from tui.cli.tenant_args import tenant_for, with_source
from tui.errors import EXIT_DRIFT, EXIT_OK

if TYPE_CHECKING:
    from tui.core.cache import CompanySource
    from tui.core.check import CheckReport


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--mapping, --records, --max-unmapped, --json."""
    add_mapping_argument(parser)
    parser.add_argument("--records", type=Path, metavar="FILE",
                        help="records file (default: the one the mapping names)")  # fmt: skip
    parser.add_argument("--max-unmapped", type=whole(0), metavar="N",
                        help="exit 3 when more records than this are unmapped")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    """Read mapping and records (before any request), compare with the tenant, report."""
    from tui.core.check import check_mapping

    tenant = tenant_for(args)
    path, document = mapping_of(tenant, args)
    records = records_of(args, path, document)

    async def work(source: CompanySource) -> CheckReport:
        mapped = {entry.psa_id for entry in document.mappings.values()}
        known = await source.companies_by_id(mapped)
        return check_mapping(tenant.name, document, known.values(), records)

    report = with_source(tenant, args, work)
    if args.json:
        print_json(report.to_json())
    else:
        print(_text(report, path))
    return EXIT_DRIFT if report.needs_attention(args.max_unmapped) else EXIT_OK


def _text(report: CheckReport, path: Path) -> str:
    lines = [
        f"{path}: {report.mapped} mapped, {report.ignored} ignored, "
        f"{report.unmapped} unmapped, {len(report.drift)} drift, {len(report.orphans)} orphans"
    ]
    lines += [f"drift {d.kind}: {d.local_id}: {clean(d.detail)}" for d in report.drift]
    lines += [f"orphan: {clean(local_id)} is no longer in the records file"
              for local_id in report.orphans]  # fmt: skip
    lines += [f'renamed: {clean(r.local_id)}: mapped as "{clean(r.saved_name)}", '
              f'now "{clean(r.current_name)}" (confirm the new name in the TUI)'
              for r in report.renamed]  # fmt: skip
    return "\n".join(lines)


COMMAND = Command(
    "check", "compare a mapping with the tenant now: drift, orphans, unmapped", run, add_arguments
)
