"""A local failure (full disk, permissions, a bad file) names the user's file and the cause.

It used to be labelled "PSA unreachable" in the TUI, known errors read "Unexpected
error: RecordsError", and the CLI named the temporary file the write failed on.
"""

from __future__ import annotations

import errno
import resource
from pathlib import Path

import pytest

from tests.reliability.lab import active_companies, psamap_process, served_lab, write_records
from tui.app.problems import explain
from tui.core.mapping_file import MappingFileError
from tui.core.mapping_store import MappingConflict
from tui.core.records import RecordsError


@pytest.mark.slow
def test_a_save_failing_for_lack_of_space_names_the_mapping_file_not_its_temp_file(
    tmp_path: Path,
) -> None:
    def small_disk() -> None:  # files this process writes may not exceed 2 KB: "disk full"
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    with served_lab(tmp_path) as (sandbox, config):
        companies = active_companies(sandbox)[:30]
        write_records(tmp_path / "r.csv", [(f"C-{c['id']}", c["name"]) for c in companies])
        run = psamap_process(
            "--config", config, "automap", "lab", "--records", "r.csv", "--status", "Active",
            "--out", "m.toml", cwd=tmp_path, preexec_fn=small_disk,
        )  # fmt: skip
        out, err = run.communicate(timeout=60)

    assert run.returncode == 1, (out, err)
    assert err == "psamap: error: m.toml: cannot save: File too large\n"
    # No mapping file and no temporary file left; the (empty) lock file may stay.
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != ".m.toml.lock")
    assert left == ["config.toml", "r.csv"]


@pytest.mark.parametrize(
    ("error", "headline", "detail"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/data/acme.mapping.toml"),
            "File problem",
            "/data/acme.mapping.toml: No space left on device",
        ),
        (
            PermissionError(errno.EACCES, "Permission denied", "/data/records.csv"),
            "File problem",
            "/data/records.csv: Permission denied",
        ),
        (
            RecordsError(Path("customers.csv"), 12, "duplicate id 'C-1' (first on line 3)"),
            "Records file problem",
            "customers.csv:12: duplicate id 'C-1' (first on line 3)",
        ),
        (
            MappingFileError(Path("m.toml"), 4, "format", "unsupported format 2"),
            "Mapping file problem",
            "m.toml:4: format: unsupported format 2",
        ),
        (
            MappingConflict(Path("m.toml"), "changed on disk since it was loaded"),
            "Mapping file changed on disk",
            "m.toml: changed on disk since it was loaded",
        ),
    ],
    ids=["disk full", "permission", "records", "mapping file", "conflict"],
)
def test_local_failures_are_explained_as_file_problems_naming_file_and_cause(
    error: Exception, headline: str, detail: str
) -> None:
    problem = explain(error)

    assert (problem.headline, problem.detail) == (headline, detail)
