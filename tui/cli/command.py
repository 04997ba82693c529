"""What a CLI command is: its name, help, arguments and run function, in one value.

Each command is one module under `tui/cli/commands/` exporting `COMMAND`; `tui.cli`
registers the list. A new command is a new file plus one line there. Command modules
import only the standard library at the top (heavy imports go inside `run`), so that
`psamap --help` and `--version` stay instant.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NamedTuple


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    """For commands whose only argument is TENANT (or nothing)."""


class Command(NamedTuple):
    """One `psamap NAME ...` command (a NamedTuple: `dataclasses` would slow `--help`)."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    #: Adds the command's own options (global ones such as --config are added for it).
    add_arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    #: Takes an optional TENANT positional (`demo` under --demo when omitted).
    takes_tenant: bool = True
