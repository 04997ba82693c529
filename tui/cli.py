"""psamap's command line: the parser, exit codes and error lines (commands: `tui.headless`).

Exit codes follow the contract: 0 success, 1 a failure talking to the PSA or writing
files, 2 bad usage or bad input. Every error is one `psamap: error: ...` line on stderr,
never a traceback and never a secret.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from tui import __version__

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
DEFAULT_MIN_SCORE = 92.0  # the matcher's own default, restated so --help needs no import


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with this message."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage, so every error is one line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see psamap --help)")


# --- the parser --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, as CONTRACT §1 fixes it."""
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
    parser = _Parser(
        prog="psamap",
        parents=[common],
        description="Map your records to ConnectWise PSA companies, filtered by live "
        "statuses and types. Without a command, opens the terminal UI.",
    )
    parser.add_argument("--mapping", type=Path, metavar="PATH", help="mapping file for the TUI")
    parser.add_argument("--records", type=Path, metavar="PATH", help="records file for the TUI")
    parser.add_argument("--version", action="version", version=f"psamap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str, *, tenant: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        if tenant:
            p.add_argument("tenant", nargs="?", metavar="TENANT", help="tenant name ('demo')")
        return p

    def filters(p: argparse.ArgumentParser) -> None:
        p.add_argument("--status", action="append", default=[], metavar="S",
                       help="status name or id (repeatable; default: every status)")  # fmt: skip
        p.add_argument("--type", action="append", default=[], metavar="T",
                       help="type name or id (repeatable; default: every type)")  # fmt: skip

    p = command("tenants", "list the configured tenants", tenant=False)
    p.add_argument("--json", action="store_true", help="print JSON")
    for name, what in (("statuses", "company statuses"), ("types", "company types")):
        p = command(name, f"list the tenant's {what}")
        p.add_argument("--json", action="store_true", help="print JSON")

    p = command("companies", "list (or count) the companies a filter selects")
    filters(p)
    p.add_argument("--include-deleted", action="store_true", help="keep deleted companies")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--count", action="store_true", help="print only how many")
    out.add_argument("--json", action="store_true", help="print a JSON array ordered by id")
    out.add_argument("--csv", action="store_true", help="print CSV (usable as a records file)")

    p = command("conditions", "print the conditions= and childConditions= a filter sends")
    filters(p)

    p = command("automap", "match a records file and save the confident matches")
    p.add_argument("--records", type=Path, required=True, metavar="FILE", help="records file")
    filters(p)
    p.add_argument("--out", type=Path, default=Path("mapping.toml"), metavar="FILE",
                   help="mapping file to merge into (default: mapping.toml)")  # fmt: skip
    p.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE, metavar="N",
                   help=f"lowest score saved (default: {DEFAULT_MIN_SCORE:g})")  # fmt: skip
    p.add_argument("--id-column", metavar="C", help="records column holding the id")
    p.add_argument("--name-column", metavar="C", help="records column holding the name")

    p = command("sandbox", "serve the embedded sandbox PSA on loopback", tenant=False)
    p.add_argument("--host", default="127.0.0.1", help="loopback address (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8099, help="port (default: 8099)")
    p.add_argument("--seed", type=int, default=7, help="data seed (default: 7)")
    p.add_argument("--latency-ms", type=int, default=0, metavar="N", help="delay per request")
    p.add_argument("--fault-rate", type=float, default=0.0, metavar="F",
                   help="share of requests that fail with 429/5xx/cut-off bodies")  # fmt: skip
    return parser


# --- entry point -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run psamap with `argv` (default: sys.argv[1:]); returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_FAILURE)
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


#: Errors that are the user's input (exit 2) or the PSA's / the disk's (exit 1), by module, so
#: that main() need not import the whole app to classify them: a class whose module was
#: never imported cannot have been raised.
_USAGE_ERRORS = (
    ("tui.cli", "UsageError"),
    ("tui.core.config", "ConfigError"),
    ("tui.core.records", "RecordsError"),
    ("tui.core.mapping_file", "MappingFileError"),
    ("tui.automap", "MappingMismatch"),
)
_FAILURES = (("tui.psa.errors", "PSAError"), ("tui.core.mapping_store", "MappingConflict"))


def exit_code_for(exc: BaseException) -> int | None:
    """2 for bad usage or input, 1 for PSA and file failures, None for anything else (a bug)."""
    for table, code in ((_USAGE_ERRORS, EXIT_USAGE), (_FAILURES, EXIT_FAILURE)):
        for module, name in table:
            cls = getattr(sys.modules.get(module), name, None)
            if cls is not None and isinstance(exc, cls):
                return code
    if isinstance(exc, OSError):
        return EXIT_FAILURE
    return None


def _fail(message: str, code: int) -> int:
    """Print the one error line; never a traceback."""
    print(f"psamap: error: {one_line(message)}", file=sys.stderr)
    return code


def _dispatch(args: argparse.Namespace) -> int:
    """Run the chosen command (imported late, so --help and --version stay instant)."""
    from tui import headless

    commands: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: headless.tui_command,
        "tenants": headless.tenants_command,
        "statuses": headless.statuses_command,
        "types": headless.types_command,
        "companies": headless.companies_command,
        "conditions": headless.conditions_command,
        "automap": headless.automap_command,
        "sandbox": headless.sandbox_command,
    }
    try:
        return commands[args.command](args)
    except BrokenPipeError:  # `psamap companies demo | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE


_CONTROL = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " ")


def clean(text: str) -> str:
    """Remote text made safe for a terminal: control characters (ESC, CR, BEL...) become spaces."""
    return text.translate(_CONTROL)


def one_line(text: str) -> str:
    """An error message as one clean line."""
    return " ".join(clean(text).split())
