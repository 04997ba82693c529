"""`psamap` with no command: the terminal UI (Textual is imported only here, and only then)."""

from __future__ import annotations

import argparse
import contextlib

from tui.cli.tenant_args import load_config_for
from tui.core.gc_pause import gc_paused
from tui.errors import UsageError


def run(args: argparse.Namespace) -> int:
    """Open the app with the config and the --mapping / --records / --demo options."""
    with contextlib.ExitStack() as start_up:
        # Until the first frame: the cyclic collector would rescan, pass after pass, the
        # ~100,000 objects that importing Textual creates (~10% of a cold launch's CPU);
        # frozen when it ends, they stay out of every later pass too.
        start_up.enter_context(gc_paused())
        config = load_config_for(args)
        try:
            from tui.app.run import run_app
        except ModuleNotFoundError:
            raise UsageError(
                "the terminal UI is not part of this build; see psamap --help"
            ) from None
        demo = getattr(args, "demo", False)
        return run_app(
            config=config,
            mapping_path=args.mapping,
            records_path=args.records,
            demo=demo,
            use_cache=not getattr(args, "no_cache", False),
            on_first_frame=start_up.close,
        )
