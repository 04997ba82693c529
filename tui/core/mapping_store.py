"""`MappingStore`: loads and saves one mapping file, never overwriting changes made behind its back.

The store remembers a fingerprint of the bytes it loaded (or that there was no file).
`save` compares the file on disk with it first and raises `MappingConflict` when
someone else changed it meanwhile, unless told to `force`; `update` re-reads and
changes the file in one step, so two writers merge instead of one losing. Both hold
an OS file lock (`.<name>.lock` beside the file) across read, check and write: without
it, two processes can both pass the check and the second rename silently drops the
first one's entries. Every write goes through the one atomic writer, which keeps the
previous version as `<name>.bak`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import filelock

from tui.core.atomic import write_atomic
from tui.core.files import UnreadableFile, read_regular
from tui.core.mapping_file import MappingDocument, MappingEntry, MappingFileError, dumps, loads
from tui.errors import Failure

#: Largest mapping file read: ~200 bytes an entry, so room for over a million records.
MAX_MAPPING_BYTES = 256 << 20
#: How long a save waits for another psamap saving the same file before giving up.
LOCK_TIMEOUT_SECONDS = 30.0


class MappingConflict(Failure):
    """The mapping file changed on disk since it was loaded; saving would lose those changes."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when read; the hash decides, mtime and size are for people."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, stat: os.stat_result) -> Fingerprint:
        return cls(stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())


class _NotRead:
    """Marker: this store has not looked at the file yet (so it may not overwrite it)."""


_NOT_READ: Final = _NotRead()


class MappingStore:
    """One mapping file on disk: `load`, `save` (atomic, conflict-checked), `save_as`, `reload`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._seen: Fingerprint | _NotRead | None = _NOT_READ

    @property
    def fingerprint(self) -> Fingerprint | None:
        """The file as last loaded or saved (None: there was no file, or not read yet)."""
        return None if isinstance(self._seen, _NotRead) else self._seen

    def load(self) -> MappingDocument | None:
        """The document in the file, or None when there is no file yet."""
        read = _read(self.path)
        if read is None:
            self._seen = None
            return None
        return self._parse(*read)

    def _parse(self, data: bytes, fingerprint: Fingerprint) -> MappingDocument:
        """The document in `data`, remembered as what this store has seen."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise MappingFileError(self.path, line, None, "not valid UTF-8") from None
        doc = loads(text, path=self.path)
        self._seen = fingerprint
        return doc

    def reload(self) -> MappingDocument | None:
        """Read the file again (e.g. after a conflict), accepting what is on disk now."""
        return self.load()

    def changed_on_disk(self) -> bool:
        """True when saving now would raise `MappingConflict`."""
        try:
            self._check_unchanged()
        except MappingConflict:
            return True
        return False

    def save(self, doc: MappingDocument, *, force: bool = False) -> MappingDocument:
        """Write `doc` stamped with the current time; returns the document as written.

        Raises `MappingConflict` when the file changed (or appeared) on disk since it
        was loaded, or exists but was never loaded; `force=True` overwrites anyway.
        """
        with self._locked():
            if not force:
                self._check_unchanged()
            return self._write(doc)

    def update(
        self, change: Callable[[MappingDocument | None], MappingDocument | None]
    ) -> MappingDocument | None:
        """Re-read the file, apply `change` to (a copy of) it and save the result, all
        under the lock, so a concurrent writer's entries are kept, never overwritten.

        `change` gets the document now on disk (None: no file) and returns the new one,
        or None to leave the file alone. A result that would write the very bytes on disk
        apart from `saved_at` is not written either (no churn; a hand-edited layout is
        still normalised). Returns the document now on disk.
        """
        with self._locked():
            read = _read(self.path)
            if read is None:
                self._seen, current = None, None
            else:
                current = self._parse(*read)
            new = change(None if current is None else current.model_copy(deep=True))
            if new is None:
                return current
            if read is not None and current is not None:
                same_stamp = new.model_copy(update={"saved_at": current.saved_at})
                if dumps(same_stamp).encode("utf-8") == read[0]:
                    return current  # byte for byte what is there: no write, no new stamp
            return self._write(new)

    def _write(self, doc: MappingDocument) -> MappingDocument:
        saved = doc.model_copy(update={"saved_at": datetime.now(UTC).replace(microsecond=0)})
        data = dumps(saved).encode("utf-8")
        write_atomic(self.path, data)
        self._seen = Fingerprint.of(data, self.path.stat())
        return saved

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold `.<name>.lock` (beside the real file, symbolic links followed)."""
        real = Path(os.path.realpath(self.path))
        if not real.parent.is_dir():
            # The lock would make the folder (filelock creates its parents): a mistyped
            # `--out typo/m.toml` would leave a new folder behind instead of an error.
            raise FileNotFoundError(errno.ENOENT, "no such folder", str(real.parent))
        lock = filelock.FileLock(
            real.with_name(f".{real.name}.lock"), mode=0o600, timeout=LOCK_TIMEOUT_SECONDS
        )
        try:
            lock.acquire(poll_interval=0.005)
        except filelock.Timeout:
            raise MappingConflict(
                self.path, "another psamap has been saving it for too long; try again"
            ) from None
        except OSError as exc:
            raise OSError(exc.errno, f"cannot lock: {exc.strerror}", str(self.path)) from None
        try:
            yield
        finally:
            lock.release()

    def save_as(
        self, doc: MappingDocument, new_path: Path | str, *, force: bool = False
    ) -> MappingDocument:
        """Save to another file and keep working with it; an existing file needs `force`."""
        new_path = Path(new_path)
        if new_path.resolve() == self.path.resolve():
            return self.save(doc, force=force)
        if not force and new_path.exists():
            raise MappingConflict(new_path, "already exists; save with force to replace it")
        other = MappingStore(new_path)
        other._seen = None
        saved = other.save(doc, force=True)
        self.path, self._seen = other.path, other._seen
        return saved

    def _check_unchanged(self) -> None:
        """Raise `MappingConflict` unless the file on disk is what this store last saw."""
        read = _read(self.path)
        now = None if read is None else read[1]
        seen = self._seen
        if isinstance(seen, _NotRead):
            if now is not None:
                raise MappingConflict(
                    self.path, "exists but was not loaded; load it first or save with force"
                )
        elif seen is None:
            if now is not None:
                raise MappingConflict(self.path, "was created by someone else since it was loaded")
        elif now is not None and now.sha256 != seen.sha256:
            raise MappingConflict(
                self.path, "changed on disk since it was loaded; reload it or save with force"
            )
        # A file deleted since it was loaded is simply written again: nothing can be lost.


def _read(path: Path) -> tuple[bytes, Fingerprint] | None:
    """The file's bytes and fingerprint from one open handle, or None when there is no file.

    A folder, device or pipe is refused as a `MappingFileError` (bad input), before reading.
    """
    try:
        data, stat = read_regular(path, limit=MAX_MAPPING_BYTES)
    except FileNotFoundError:
        return None
    except UnreadableFile as exc:
        raise MappingFileError(path, None, None, exc.problem) from None
    return data, Fingerprint.of(data, stat)


#: Methods that record a person's decision, which automatic results never replace.
_PERSONAL = ("manual", "created")


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What `merge_automatic` did, per local record."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_manual: int = 0
    skipped_ignored: int = 0
    kept_existing: int = 0  # the new best match is another company: the entry stays as is


def merge_automatic(
    doc: MappingDocument, entries: Iterable[MappingEntry], *, repoint: bool = True
) -> MergeResult:
    """Fold automatic matches into `doc` (in place) without undoing anything a person decided.

    A record the user mapped by hand (`method = "manual"`), created in the PSA
    (`"created"`) or ignored is left alone; an older automatic entry is replaced by the
    new result. With `repoint=False` an existing entry is never pointed at another
    company (`kept_existing`); only its details for the same company are refreshed.
    """
    counts = dict.fromkeys(
        ("added", "updated", "unchanged", "kept_manual", "skipped_ignored", "kept_existing"), 0
    )
    for entry in entries:
        if entry.method in _PERSONAL:
            raise ValueError(f"{entry.local_id!r}: automatic results cannot be {entry.method}")
        if entry.local_id in doc.ignored:
            counts["skipped_ignored"] += 1
            continue
        current = doc.mappings.get(entry.local_id)
        if current is None:
            counts["added"] += 1
        elif current.method in _PERSONAL:
            counts["kept_manual"] += 1
            continue
        elif current == entry:
            counts["unchanged"] += 1
            continue
        elif not repoint and current.psa_id != entry.psa_id:
            counts["kept_existing"] += 1
            continue
        else:
            counts["updated"] += 1
        doc.mappings[entry.local_id] = entry
    return MergeResult(**counts)
