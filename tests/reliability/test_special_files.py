"""Paths that are not plain files (devices, pipes, folders), huge files, write-protected files.

`--out /dev/full` used to be read without limit (it never ends: out of memory), a named
pipe as records file hung the app for good, and a write-protected mapping file was
replaced silently. Now only regular files are read, reads are bounded and cancellable,
and a file the user made read-only is never replaced.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.reliability.cli_helpers import run_cli, write_config
from tests.reliability.lab import active_companies, served_lab, write_records
from tui.core import files
from tui.core.files import ReadCancelled, UnreadableFile, read_regular
from tui.core.records import RecordsError, load_records

EXIT_FAILURE, EXIT_USAGE = 1, 2


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_records(tmp_path / "r.csv", [("C-1", "Nobody Matches This Ltd")])
    return tmp_path


def automap(capsys: pytest.CaptureFixture[str], config: Path, *extra: str):
    return run_cli(capsys, "--config", config, "automap", "lab", "--status", "Active", *extra)


# --- the mapping file (--out) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "kind"),
    [("/dev/full", "a device"), ("/dev/zero", "a device"), ("folder", "a folder")],
)
def test_out_that_is_not_a_regular_file_is_refused_before_anything_is_read(
    capsys: pytest.CaptureFixture[str], workdir: Path, out: str, kind: str
) -> None:
    (workdir / "folder").mkdir()
    config = write_config(workdir)  # a closed port: refused before any request

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", "r.csv", "--out", out
    )

    assert run.code == EXIT_USAGE
    assert run.error_line == f"{out}: is {kind}, not a regular file"
    assert sorted(p.name for p in workdir.iterdir()) == ["config.toml", "folder", "r.csv"]


def test_out_that_is_a_named_pipe_is_refused_not_waited_on(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    os.mkfifo(workdir / "m.toml")
    config = write_config(workdir)

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", "r.csv", "--out", "m.toml"
    )

    assert run.code == EXIT_USAGE
    assert run.error_line == "m.toml: is a named pipe (FIFO), not a regular file"


def test_a_write_protected_mapping_file_is_not_replaced(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    with served_lab(workdir) as (sandbox, config):
        name = active_companies(sandbox)[0]["name"]
        write_records(workdir / "r.csv", [("C-1", name)])
        assert automap(capsys, config, "--records", "r.csv", "--out", "m.toml").code == 0
        before = (workdir / "m.toml").read_bytes()
        (workdir / "m.toml").unlink()
        (workdir / "m.toml").write_bytes(before.replace(b"C-1", b"C-0"))
        (workdir / "m.toml").chmod(0o444)
        protected = (workdir / "m.toml").read_bytes()

        run = automap(capsys, config, "--records", "r.csv", "--out", "m.toml")

    assert run.code == EXIT_FAILURE
    assert run.error_line.startswith("m.toml: is write-protected: not replaced")
    assert (workdir / "m.toml").read_bytes() == protected
    assert stat.S_IMODE((workdir / "m.toml").stat().st_mode) == 0o444


# --- the records and config files ------------------------------------------------------------


def test_records_file_that_is_a_named_pipe_is_refused(fifo: Path) -> None:
    with pytest.raises(RecordsError) as caught:
        load_records(fifo)

    assert str(caught.value) == f"{fifo}: is a named pipe (FIFO), not a regular file"


def test_records_file_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.csv").mkdir()

    with pytest.raises(RecordsError) as caught:
        load_records(tmp_path / "r.csv")

    assert caught.value.problem == "is a folder, not a regular file"


def test_config_that_is_a_named_pipe_or_a_device_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pipe = tmp_path / "config.toml"
    os.mkfifo(pipe)

    runs = [run_cli(capsys, "--config", path, "tenants") for path in (pipe, Path("/dev/zero"))]

    assert [r.code for r in runs] == [EXIT_USAGE, EXIT_USAGE]
    assert runs[0].error_line == f"{pipe}: is a named pipe (FIFO), not a regular file"
    assert runs[1].error_line == "/dev/zero: is a device, not a regular file"


# --- bounded and cancellable reads ---------------------------------------------------------


def test_a_file_over_the_limit_is_refused_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"id,name\n" + b"C-1,A\n" * 1000)

    with pytest.raises(UnreadableFile) as caught:
        read_regular(path, limit=1024)

    assert caught.value.problem == "is larger than 0 MiB, more than psamap reads"


def test_a_long_read_stops_when_cancelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "CHUNK", 10)
    path = tmp_path / "r.csv"
    path.write_bytes(b"id,name\n" + b"C-1,A\n" * 100)
    chunks_read = 0

    def cancelled() -> bool:
        nonlocal chunks_read
        chunks_read += 1
        return chunks_read > 3

    with pytest.raises(ReadCancelled):
        load_records(path, cancelled=cancelled)

    assert chunks_read == 4  # stopped at the first check after the cancel, not at the end
