"""Where a secret comes from (a literal, an environment variable or a command) and reading it.

Secrets are resolved only when a client is built, so listing tenants never runs a
password manager. Failures name the source kind, never the secret nor what the
command printed (its output may be the secret itself, or part of it).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: How long a `{ command = ... }` may take (a password manager may ask for a PIN).
COMMAND_TIMEOUT_SECONDS = 10.0

#: What a secret written in the wrong shape is told.
_SHAPES = 'expected a string, { env = "NAME" } or { command = "..." }'


class SecretError(Exception):
    """A secret could not be read; the message says why without revealing anything."""


# Plain dataclasses checked by hand, not pydantic models: the config is read before the
# TUI's first frame, and pydantic's import alone would cost a third of the launch budget.


@dataclass(frozen=True, slots=True)
class EnvSecret:
    """`{ env = "NAME" }`: read the secret from an environment variable."""

    env: str

    def __post_init__(self) -> None:
        """Raises ValueError with the problem (the name is not a secret, the value is)."""
        if not isinstance(self.env, str):
            raise ValueError("expected a string")
        if not self.env.strip():
            raise ValueError("the environment variable name is empty")
        object.__setattr__(self, "env", self.env.strip())


@dataclass(frozen=True, slots=True)
class CommandSecret:
    """`{ command = "pass show cw/contoso" }`: run a command (no shell) and use its output."""

    command: str

    def __post_init__(self) -> None:
        """Raises ValueError when the command cannot be split into a program and arguments."""
        if not isinstance(self.command, str):
            raise ValueError("expected a string")
        try:
            argv = shlex.split(self.command)
        except ValueError as exc:
            raise ValueError(f"the command cannot be parsed ({exc})") from None
        if not argv:
            raise ValueError("the command is empty")


#: A secret as written in the config: a literal string, `{ env = ... }` or `{ command = ... }`.
SecretSource = str | EnvSecret | CommandSecret


def secret_source(value: Any) -> SecretSource:
    """A config value as a secret source, picked by its shape so a mistake gets one clear
    message (a ValueError that never repeats the value: it may be the secret itself)."""
    if isinstance(value, str | EnvSecret | CommandSecret):
        return value
    if isinstance(value, Mapping) and len(value) == 1:
        ((kind, inner),) = value.items()
        if kind == "env":
            return EnvSecret(inner)
        if kind == "command":
            return CommandSecret(inner)
    raise ValueError(_SHAPES)


def resolve_secret(source: SecretSource) -> str:
    """The secret's value; raises `SecretError` when it is unset, empty or unreadable."""
    if isinstance(source, EnvSecret):
        value = os.environ.get(source.env, "")
        if not value.strip():
            raise SecretError(f"environment variable {source.env} is not set or empty")
        return value.strip()
    if isinstance(source, CommandSecret):
        return _run(source.command)
    if not source.strip():
        raise SecretError("the value is empty")
    return source.strip()


def _run(command: str) -> str:
    """Run a secret command without a shell; its stdout (stripped) is the secret.

    The command runs in its own process group (session): on a timeout the whole group is
    killed, so a wrapper script's children (an agent, a PIN prompt) do not live on, and
    do not hold the output pipe open, which would make the wait itself hang.
    """
    argv = shlex.split(command)
    program = argv[0]
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=posix,
        )
    except FileNotFoundError:
        raise SecretError(f"command {program!r} was not found") from None
    except PermissionError:
        raise SecretError(f"command {program!r} is not executable") from None
    except OSError as exc:
        raise SecretError(f"command {program!r} could not be run ({exc.strerror})") from None
    try:
        stdout, _ = process.communicate(timeout=COMMAND_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_group(process, posix)
        raise SecretError(
            f"command {program!r} did not finish within {COMMAND_TIMEOUT_SECONDS:g} s"
        ) from None
    except BaseException:  # Ctrl+C while a password manager waits: leave nothing behind
        _kill_group(process, posix)
        raise
    if process.returncode != 0:
        raise SecretError(f"command {program!r} failed with exit status {process.returncode}")
    try:
        value = stdout.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise SecretError(f"command {program!r} printed something that is not UTF-8") from None
    if not value:
        raise SecretError(f"command {program!r} printed nothing")
    return value


def _kill_group(process: subprocess.Popen[bytes], posix: bool) -> None:
    """Kill the command and every process it started, then reap it."""
    if posix:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=1.0)  # the pipes close once the group is gone
