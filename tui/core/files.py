"""Reading the user's files: regular files only, never more than a limit, stoppable midway.

A path the user typed may name a folder, a device (`/dev/full`, `/dev/zero` never end) or
a named pipe (opening one for reading waits for a writer forever). Each is refused with
a sentence naming what it is, before a byte is read; a regular file is read in chunks,
so a caller can cancel a long read and a huge file fails at the limit instead of
exhausting memory.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

#: Chunk size of a read: small enough that a cancel is seen within milliseconds.
CHUNK = 1 << 20
MIB = 1 << 20


class UnreadableFile(Exception):
    """The path is not a regular file, is too large, or the read was cancelled."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(f"{path}: {problem}")


class ReadCancelled(UnreadableFile):
    """The caller cancelled the read (e.g. the user left the screen)."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in the user's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_regular_problem(mode: int) -> str:
    """The refusal for a path that exists but is not a regular file."""
    return f"is {kind_of(mode)}, not a regular file"


def check_regular(path: Path) -> os.stat_result | None:
    """The file's stat when it is a regular file, None when nothing is there; raises
    `UnreadableFile` for a folder, device, pipe or socket (symbolic links are followed)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFile(path, not_regular_problem(st.st_mode))
    return st


def read_regular(
    path: Path,
    *,
    limit: int,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[bytes, os.stat_result]:
    """The whole file and its stat, read from one open handle.

    Raises FileNotFoundError (and other OSErrors) as `open` does, `UnreadableFile` when the
    path is not a regular file or holds more than `limit` bytes, and `ReadCancelled` when
    `cancelled()` turns true between chunks.
    """
    if check_regular(path) is None:
        raise FileNotFoundError(2, "No such file or directory", str(path))
    # O_NONBLOCK: if the path was swapped for a pipe since the check, open still returns.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile(path, not_regular_problem(st.st_mode))
        if st.st_size > limit:
            raise UnreadableFile(path, _too_large(limit))
        parts: list[bytes] = []
        total = 0
        while True:
            if cancelled is not None and cancelled():
                raise ReadCancelled(path, "reading was cancelled")
            chunk = os.read(fd, CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew while being read
                raise UnreadableFile(path, _too_large(limit))
            parts.append(chunk)
        return b"".join(parts), st
    finally:
        os.close(fd)


def _too_large(limit: int) -> str:
    return f"is larger than {limit // MIB} MiB, more than psamap reads"
