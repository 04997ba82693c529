"""`psamap sync TENANT`: refresh the company cache now; print what changed since the last sync.

Changes from refreshes in between (any command that listed companies) are kept in the
cache until a `sync` reports them, so nothing is lost between two syncs. The first sync
of a tenant reports every company as added.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.output import print_json
from tui.cli.tenant_args import tenant_for, with_source
from tui.errors import EXIT_OK, Failure, UsageError

if TYPE_CHECKING:
    from tui.core.cache import ChangeSet, CompanySource


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--json."""
    parser.add_argument("--json", action="store_true", help="print added/changed/deleted ids")


def run(args: argparse.Namespace) -> int:
    """Refresh, then report the changes pending since the last sync (and clear them)."""
    import asyncio

    if getattr(args, "no_cache", False):
        raise UsageError("sync refreshes the company cache: it cannot run with --no-cache")
    tenant = tenant_for(args)

    async def work(source: CompanySource) -> ChangeSet:
        from tui.core.cache import cache_dir

        cache = source.cache
        if cache is None or await source.fresh() is None:
            raise Failure(f"{cache_dir()}: the company cache cannot be written there")
        return await asyncio.to_thread(cache.take_pending)

    changes = with_source(tenant, args, work)
    if args.json:
        print_json(changes.to_json())
        return EXIT_OK
    for kind in ("added", "changed", "deleted"):
        ids = getattr(changes, kind)
        shown = ", ".join(map(str, ids[:20])) + (
            f", … ({len(ids)} in all)" if len(ids) > 20 else ""
        )
        print(f"{kind}: {len(ids)}" + (f" ({shown})" if ids else ""))
    return EXIT_OK


COMMAND = Command(
    "sync", "refresh the local company cache and print what changed since the last sync",
    run, add_arguments,
)  # fmt: skip
