"""`psamap` with no command: the terminal UI (Textual is imported only here, and only then)."""

from __future__ import annotations

import argparse

from tui.cli.tenant_args import load_config_for
from tui.errors import UsageError


def run(args: argparse.Namespace) -> int:
    """Open the app with the config and the --mapping / --records / --demo options."""
    config = load_config_for(args)
    try:
        from tui.app.run import run_app
    except ModuleNotFoundError:
        raise UsageError("the terminal UI is not part of this build; see psamap --help") from None
    demo = getattr(args, "demo", False)
    return run_app(
        config=config,
        mapping_path=args.mapping,
        records_path=args.records,
        demo=demo,
        use_cache=not getattr(args, "no_cache", False),
    )
