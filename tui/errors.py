"""What kind of failure an error is, and so which exit code it earns: the one shared error base.

Every layer raises errors that say either "your input is wrong" (`BadInput`: exit 2)
or "the PSA or the disk failed" (`Failure`: exit 1). The CLI maps a raised error to
its exit code by these types alone (`exit_code_for`), never by module or class names,
and the app explains it in words (`tui.app.problems`).

Why this module sits at the package root, outside every layer: `tui.psa` may import no
other layer, yet its `PSAError` is a `Failure`, and `tui.core`'s config, records and
mapping-file errors are `BadInput`. A module that imports nothing (like `tui.__version__`,
which psa already reads) can be shared by all layers without any of them depending on
another. Keep it that way: no imports from `tui` here, ever.
"""

from __future__ import annotations

from typing import ClassVar

#: Exit codes, as the contract fixes them (docs/CONTRACT.md §1).
EXIT_OK = 0
EXIT_FAILURE = 1  # talking to the PSA or writing files failed
EXIT_USAGE = 2  # bad usage or bad input
EXIT_DRIFT = 3  # reserved for `psamap check`: the mapping no longer matches the PSA
#: Ctrl+C: the shell's convention (128 + SIGINT), so a script can tell "stopped" from "failed".
EXIT_INTERRUPTED = 130


class PsamapError(Exception):
    """Any error psamap raises on purpose; its message is one secret-free line for the user."""

    exit_code: ClassVar[int] = EXIT_FAILURE


class BadInput(PsamapError):
    """The user's input is wrong (command line, config, records or mapping file): exit 2."""

    exit_code: ClassVar[int] = EXIT_USAGE


class UsageError(BadInput):
    """Bad command-line usage: a missing or unknown argument, an unknown status name."""


class Failure(PsamapError):
    """The PSA, the network or the disk failed while the input was fine: exit 1."""

    exit_code: ClassVar[int] = EXIT_FAILURE


def exit_code_for(exc: BaseException) -> int | None:
    """2 for bad usage or input, 1 for PSA and file failures, None for anything else (a bug)."""
    if isinstance(exc, PsamapError):
        return exc.exit_code
    if isinstance(exc, OSError):
        return EXIT_FAILURE
    return None
