"""`psamap tenants`: the configured tenants (name, label, site, company), never a secret."""

from __future__ import annotations

import argparse
import sys

from tui.cli.command import Command
from tui.cli.output import print_json, print_table
from tui.cli.tenant_args import load_config_for
from tui.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--json."""
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    """Print the tenants as a table or JSON."""
    config = load_config_for(args)
    tenants = list(config.tenants.values())
    if args.json:
        rows = [
            {"name": t.name, "label": t.label, "site": t.site, "company_id": t.company_id,
             "demo": t.demo}
            for t in tenants
        ]  # fmt: skip
        return print_json(rows)
    if not tenants:
        print(f"psamap: no tenants in {config.path} (try --demo)", file=sys.stderr)
        return EXIT_OK
    return print_table(
        ("NAME", "LABEL", "SITE", "COMPANY"),
        [(t.name, t.label, t.site, t.company_id) for t in tenants],
    )


COMMAND = Command("tenants", "list the configured tenants", run, add_arguments, takes_tenant=False)
