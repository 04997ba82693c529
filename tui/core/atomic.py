"""The one atomic file writer: a crash or a full disk never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from tui.core.files import kind_of

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

    Only a regular file is ever replaced (never a device such as `/dev/full`, a pipe or
    a folder), and never one the user write-protected. Every OSError names `path`, the
    user's file, not the temporary file it happened on.
    """
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    try:
        st = target.stat()
    except FileNotFoundError:
        mode, exists = NEW_FILE_MODE, False
    else:
        _check_replaceable(path, target, st)
        mode, exists = st.st_mode & 0o7777, True

    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _naming(exc, path) from None
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
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise
    _fsync_folder(folder)
    _remove_stale_temps(target)


def _check_replaceable(path: Path, target: Path, st: os.stat_result) -> None:
    """Refuse to replace anything but a regular file the user may write."""
    if not stat.S_ISREG(st.st_mode):
        raise OSError(
            errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL,
            f"is {kind_of(st.st_mode)}, not a regular file: not replaced",
            str(path),
        )
    # Mode bits as well as access(): root may write anything, but a file someone made
    # read-only (chmod a-w) is a clear "do not touch" that psamap respects.
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PermissionError(
            errno.EACCES,
            "is write-protected: not replaced (make it writable, or save elsewhere)",
            str(path),
        )


def _naming(exc: OSError, path: Path) -> OSError:
    """The same error about the user's file: `m.toml: cannot save: No space left on device`."""
    cause = exc.strerror or str(exc)
    return OSError(exc.errno, f"cannot save: {cause}", str(path))


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
        # Renaming a hard link onto another link of the same file does nothing and leaves
        # the staging name behind (POSIX); happens when `.bak` already is this version.
        os.replace(staging, bak)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()


def _fsync_folder(folder: Path) -> None:
    """Persist the rename itself; folders cannot be opened for fsync on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
