"""The one atomic file writer: a crash or a full disk never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

#: Mode for files psamap creates: mapping files name customers, so they stay private by default.
NEW_FILE_MODE = 0o600
#: A temporary file this old was left by a writer that was killed; a live one is far younger.
STALE_TEMP_SECONDS = 600.0


def backup_path(path: Path) -> Path:
    """Where the previous version of `path` is kept: `<name>.bak` beside it."""
    return path.with_name(path.name + ".bak")


def write_atomic(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Replace `path` with `data` all at once, keeping the old version as `<name>.bak`.

    The bytes go to a temporary file in the same folder (so the final rename never
    crosses a file system), are flushed and fsynced, and only then renamed over the
    target; the folder is fsynced so the rename itself survives a power cut. If
    anything fails before the rename, the old file is untouched and the temporary
    file is removed. A new file gets mode 0600; an existing one keeps its mode.
    """
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o7777
        exists = True
    except FileNotFoundError:
        mode, exists = NEW_FILE_MODE, False

    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if backup and exists:
            _keep_backup(target)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(folder)
    _remove_stale_temps(target)


def _remove_stale_temps(target: Path) -> None:
    """Delete temporary files that killed writers left beside `target` (never a recent one)."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for name in (target.name, backup_path(target).name):
        for leftover in target.parent.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()


def _keep_backup(target: Path) -> None:
    """Make `<name>.bak` the current version: a hard link when possible (instant), else a copy."""
    bak = backup_path(target)
    fd, staging_name = tempfile.mkstemp(dir=target.parent, prefix=f".{bak.name}.", suffix=".tmp")
    os.close(fd)
    staging = Path(staging_name)
    try:
        staging.unlink()
        try:
            os.link(target, staging)
        except OSError:
            shutil.copy2(target, staging)
        os.replace(staging, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise


def _fsync_folder(folder: Path) -> None:
    """Persist the rename itself; folders cannot be opened for fsync on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
