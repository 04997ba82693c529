"""psamap's command line: global options, the command list, and the one error boundary.

Each command lives in its own module under `tui/cli/commands/` (argparse options and a
run function, see `tui.cli.command`); `all_commands()` below registers them. Exit codes come
from the error's type (`tui.errors`): 0 success, 1 a failure talking to the PSA or
writing files, 2 bad usage or bad input; Ctrl+C exits 130 (128 + SIGINT). Every error
is one `psamap: error: ...` line on stderr, never a traceback and never a secret. Command
modules import only the standard library at the top, so `--help` and `--version` stay
instant; `psamap` with no command (the TUI) does not import them at all, nor build their
parsers (~15 ms of a cold launch).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tui import __version__
from tui.cli import terminal_ui
from tui.cli.command import Command
from tui.cli.output import one_line
from tui.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, UsageError, exit_code_for


@functools.cache
def all_commands() -> tuple[Command, ...]:
    """Every command, in `psamap --help` order. A new command: a module in commands/, one
    line here. Imported on first call: the TUI's start-up needs none of them."""
    from tui.cli.commands import (
        automap,
        check,
        companies,
        conditions,
        create,
        doctor,
        export,
        lookups,
        sandbox,
        suggest,
        sync,
        tenants,
        unmapped,
    )

    return (
        tenants.COMMAND,
        lookups.STATUSES,
        lookups.TYPES,
        companies.COMMAND,
        conditions.COMMAND,
        automap.COMMAND,
        suggest.COMMAND,
        sandbox.COMMAND,
        check.COMMAND,
        export.COMMAND,
        unmapped.COMMAND,
        create.COMMAND,
        sync.COMMAND,
        doctor.COMMAND,
    )


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage, so every error is one line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see psamap --help)")


# --- the parser --------------------------------------------------------------------------


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line, as docs/CONTRACT.md §1 fixes it (`with_commands=False`:
    only the options of `psamap` itself, which is all the TUI's start needs)."""
    # --config and --demo are accepted before or after the subcommand; SUPPRESS keeps a
    # subcommand's absent option from overwriting the value given before it.
    common = _Parser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="config file (default: $PSAMAP_CONFIG, else config.toml in the user config dir)",
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the embedded sandbox PSA (tenant 'demo'); no config file needed",
    )
    common.add_argument(
        "--no-cache",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read companies from the PSA, bypassing the local company cache",
    )
    parser = _Parser(
        prog="psamap",
        parents=[common],
        description="Map your records to ConnectWise PSA companies, filtered by live "
        "statuses and types. Without a command, opens the terminal UI.",
    )
    parser.add_argument("--mapping", type=Path, metavar="PATH", help="mapping file for the TUI")
    parser.add_argument("--records", type=Path, metavar="PATH", help="records file for the TUI")
    parser.add_argument("--version", action="version", version=f"psamap {__version__}")
    parser.set_defaults(run=terminal_ui.run, command=None)
    if not with_commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in all_commands():
        p = sub.add_parser(command.name, parents=[common], help=command.help,
                           description=command.help)  # fmt: skip
        if command.takes_tenant:
            p.add_argument("tenant", nargs="?", metavar="TENANT", help="tenant name ('demo')")
        command.add_arguments(p)
        p.set_defaults(run=command.run)
    return parser


# --- entry point -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run psamap with `argv` (default: sys.argv[1:]); returns the exit code."""
    try:
        return _run(parse_args(sys.argv[1:] if argv is None else list(argv)))
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    except KeyboardInterrupt:  # Ctrl+C: the user stopped it, nothing failed
        return _fail("interrupted", EXIT_INTERRUPTED)
    except Exception as exc:
        code = exit_code_for(exc)
        if code is None:  # a bug: still one line, unless asked for the traceback
            if os.environ.get("PSAMAP_DEBUG"):
                raise
            return _fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_FAILURE)
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            return _fail(f"{where}{exc.strerror or exc}", code)
        return _fail(str(exc), code)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """`argv` read by the parser it needs: without a command (the TUI) the top-level one.

    When the top-level parser accepts `argv`, no token was left for a command, so the
    whole parser would read it the same way; when it refuses (a command, a typo) or help is
    asked for, the whole parser reads it again and gives its own answer or error.
    """
    if not any(arg.startswith(("-h", "--h")) for arg in argv):
        with contextlib.suppress(UsageError):
            return build_parser(with_commands=False).parse_args(argv)
    return build_parser().parse_args(argv)


def _fail(message: str, code: int) -> int:
    """Print the one error line; never a traceback."""
    print(f"psamap: error: {one_line(message)}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace) -> int:
    """Run the chosen command (its heavy imports happen inside its run function)."""
    try:
        return int(args.run(args))
    except BrokenPipeError:  # `psamap companies demo | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
