"""MappingStore and the atomic writer: nothing half-written, nothing silently overwritten."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.core import atomic
from tui.core.atomic import write_atomic
from tui.core.mapping_file import MappingDocument, MappingEntry, MappingFileError, dumps
from tui.core.mapping_store import MappingConflict, MappingStore, MergeResult, merge_automatic


def entry(local_id: str, psa_id: int = 1, method: str = "exact", **kw: object) -> MappingEntry:
    return MappingEntry(
        local_id=local_id,
        local_name=kw.pop("local_name", f"Local {local_id}"),  # type: ignore[arg-type]
        psa_id=psa_id,
        psa_identifier=f"Id{psa_id}",
        psa_name=kw.pop("psa_name", f"PSA {psa_id}"),  # type: ignore[arg-type]
        method=method,  # type: ignore[arg-type]
        score=kw.pop("score", 100.0),  # type: ignore[arg-type]
    )


def document(**mappings: MappingEntry) -> MappingDocument:
    return MappingDocument(
        tenant="contoso",
        company_id="contoso",
        saved_at=datetime(2026, 1, 1, tzinfo=UTC),
        records="customers.csv",
        mappings=dict(mappings),
    )


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted write might leave behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- atomic writer ------------------------------------------------------------------------


def test_new_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"

    write_atomic(path, b"one")

    assert path.read_bytes() == b"one"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (tmp_path / "m.toml.bak").exists()


def test_replacing_keeps_the_previous_version_as_bak_and_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes(b"one")
    path.chmod(0o640)

    write_atomic(path, b"two")
    write_atomic(path, b"three")

    assert path.read_bytes() == b"three"
    assert (tmp_path / "m.toml.bak").read_bytes() == b"two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_failed_rename_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes(b"old")
    real_replace = os.replace

    def failing_replace(src: object, dst: object) -> None:
        if Path(str(dst)) == path:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing_replace)

    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new")

    assert path.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_failure_while_writing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes(b"old")
    (tmp_path / "m.toml.bak").write_bytes(b"older")

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)

    with pytest.raises(OSError, match="Input/output"):
        write_atomic(path, b"new")

    assert path.read_bytes() == b"old"
    assert (tmp_path / "m.toml.bak").read_bytes() == b"older"
    assert leftovers(tmp_path) == []


def test_temp_files_left_by_a_killed_writer_are_cleaned_up_but_fresh_ones_kept(
    tmp_path: Path,
) -> None:
    target = tmp_path / "m.toml"
    stale = tmp_path / ".m.toml.abc123.tmp"
    fresh = tmp_path / ".m.toml.def456.tmp"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"half a fi")
    old = os.stat(stale).st_mtime - atomic.STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    write_atomic(target, b"new")
    assert not stale.exists()
    assert fresh.exists()  # may belong to a writer that is still running
    assert target.read_bytes() == b"new"


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_bytes(b"old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)

    write_atomic(link, b"new")

    assert link.is_symlink()
    assert real.read_bytes() == b"new"


# --- store: load and save -----------------------------------------------------------------


@pytest.mark.parametrize("how", ["save", "update"])
def test_saving_into_a_missing_folder_fails_and_makes_no_folder(tmp_path: Path, how: str) -> None:
    # A typo in `--out typo/m.toml` must be an error, not a new folder holding the file.
    store = MappingStore(tmp_path / "typo" / "m.toml")

    with pytest.raises(FileNotFoundError, match="no such folder"):
        store.save(document()) if how == "save" else store.update(lambda _: document())

    assert list(tmp_path.iterdir()) == []


def test_load_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert MappingStore(tmp_path / "m.toml").load() is None


def test_save_then_load_round_trips_and_stamps_the_time(tmp_path: Path) -> None:
    store = MappingStore(tmp_path / "m.toml")
    store.load()
    doc = document(**{"C-1": entry("C-1")})
    before = datetime.now(UTC).replace(microsecond=0)

    saved = store.save(doc)

    assert saved.saved_at >= before
    assert saved.mappings == doc.mappings
    assert MappingStore(tmp_path / "m.toml").load() == saved
    assert (tmp_path / "m.toml").read_text(encoding="utf-8") == dumps(saved)


def test_second_save_keeps_the_first_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    store.load()
    first = store.save(document(**{"C-1": entry("C-1")}))

    store.save(document(**{"C-2": entry("C-2")}))

    assert MappingStore(path.with_name("m.toml.bak")).load() == first
    assert set(MappingStore(path).load().mappings) == {"C-2"}  # type: ignore[union-attr]


def test_malformed_file_raises_mapping_file_error(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text("format = 1\ntenant = \n", encoding="utf-8")

    with pytest.raises(MappingFileError) as caught:
        MappingStore(path).load()

    assert str(caught.value).startswith(f"{path}:2: invalid TOML")


def test_undecodable_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes(b'format = 1\ntenant = "caf\xe9"\n')

    with pytest.raises(MappingFileError) as caught:
        MappingStore(path).load()

    assert caught.value.line == 2


# --- store: conflicts ---------------------------------------------------------------------


def test_file_changed_on_disk_is_never_silently_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    store.load()
    store.save(document(**{"C-1": entry("C-1")}))
    edited = path.read_text(encoding="utf-8").replace("Local C-1", "Edited by hand")
    path.write_text(edited, encoding="utf-8")

    with pytest.raises(MappingConflict, match="changed on disk since it was loaded"):
        store.save(document())

    assert store.changed_on_disk()
    assert path.read_text(encoding="utf-8") == edited


def test_force_overwrites_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    store.load()
    store.save(document())
    path.write_text("format = 1\n# someone else\n", encoding="utf-8")

    store.save(document(**{"C-9": entry("C-9")}), force=True)

    assert set(MappingStore(path).load().mappings) == {"C-9"}  # type: ignore[union-attr]
    assert not store.changed_on_disk()


def test_reload_accepts_the_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    store.load()
    store.save(document())
    other = MappingStore(path)
    other.load()
    other.save(document(**{"C-5": entry("C-5")}))

    reloaded = store.reload()

    assert set(reloaded.mappings) == {"C-5"}  # type: ignore[union-attr]
    store.save(reloaded)  # type: ignore[arg-type]


def test_file_that_appeared_since_load_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    assert store.load() is None
    path.write_text(dumps(document()), encoding="utf-8")

    with pytest.raises(MappingConflict, match="created by someone else"):
        store.save(document())


def test_saving_over_a_file_that_was_never_loaded_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(dumps(document()), encoding="utf-8")

    with pytest.raises(MappingConflict, match="exists but was not loaded"):
        MappingStore(path).save(document())


def test_same_bytes_rewritten_is_not_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    store.load()
    store.save(document())
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(1, 1))

    store.save(document())

    assert store.fingerprint is not None
    assert store.fingerprint.size == path.stat().st_size


def test_file_deleted_since_load_is_written_again(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    store.load()
    store.save(document())
    path.unlink()

    store.save(document())

    assert path.exists()


def test_save_as_switches_to_the_new_file(tmp_path: Path) -> None:
    store = MappingStore(tmp_path / "a.toml")
    store.load()
    store.save(document())

    store.save_as(document(**{"C-1": entry("C-1")}), tmp_path / "b.toml")
    store.save(document(**{"C-2": entry("C-2")}))

    assert store.path == tmp_path / "b.toml"
    assert set(MappingStore(tmp_path / "b.toml").load().mappings) == {"C-2"}  # type: ignore[union-attr]
    assert MappingStore(tmp_path / "a.toml").load().mappings == {}  # type: ignore[union-attr]


def test_save_as_onto_an_existing_file_needs_force(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text("keep me", encoding="utf-8")
    store = MappingStore(tmp_path / "a.toml")

    with pytest.raises(MappingConflict, match="already exists"):
        store.save_as(document(), tmp_path / "b.toml")
    store.save_as(document(), tmp_path / "b.toml", force=True)

    assert (tmp_path / "b.toml.bak").read_text(encoding="utf-8") == "keep me"


# --- merging automatic results ------------------------------------------------------------


def test_merge_adds_new_matches() -> None:
    doc = document()

    result = merge_automatic(doc, [entry("C-1", 10), entry("C-2", 20, "fuzzy", score=93.0)])

    assert result == MergeResult(added=2)
    assert doc.mappings["C-2"].psa_id == 20


def test_merge_never_overwrites_manual_entries() -> None:
    manual = entry("C-1", 10, "manual")
    doc = document(**{"C-1": manual})

    result = merge_automatic(doc, [entry("C-1", 99, "exact")])

    assert result == MergeResult(kept_manual=1)
    assert doc.mappings["C-1"] == manual


def test_merge_skips_ignored_records() -> None:
    doc = document()
    doc.ignored = {"C-1": "no PSA company"}

    result = merge_automatic(doc, [entry("C-1", 10)])

    assert result == MergeResult(skipped_ignored=1)
    assert doc.mappings == {}


def test_merge_updates_older_automatic_entries_and_counts_unchanged_ones() -> None:
    doc = document(**{"C-1": entry("C-1", 10, "fuzzy", score=92.5), "C-2": entry("C-2", 20)})

    result = merge_automatic(doc, [entry("C-1", 11, "exact"), entry("C-2", 20)])

    assert result == MergeResult(updated=1, unchanged=1)
    assert (doc.mappings["C-1"].psa_id, doc.mappings["C-1"].method) == (11, "exact")


def test_merge_refuses_manual_entries_as_automatic_results() -> None:
    with pytest.raises(ValueError, match="cannot be manual"):
        merge_automatic(document(), [entry("C-1", 1, "manual")])
