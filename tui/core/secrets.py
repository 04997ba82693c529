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

from pydantic import BaseModel, ConfigDict, field_validator

#: How long a `{ command = ... }` may take (a password manager may ask for a PIN).
COMMAND_TIMEOUT_SECONDS = 10.0


class SecretError(Exception):
    """A secret could not be read; the message says why without revealing anything."""


class EnvSecret(BaseModel):
    """`{ env = "NAME" }`: read the secret from an environment variable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    env: str

    @field_validator("env")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the environment variable name is empty")
        return value.strip()


class CommandSecret(BaseModel):
    """`{ command = "pass show cw/contoso" }`: run a command (no shell) and use its output."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    command: str

    @field_validator("command")
    @classmethod
    def _splittable(cls, value: str) -> str:
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise ValueError(f"the command cannot be parsed ({exc})") from None
        if not argv:
            raise ValueError("the command is empty")
        return value


#: A secret as written in the config: a literal string, `{ env = ... }` or `{ command = ... }`.
SecretSource = str | EnvSecret | CommandSecret


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
