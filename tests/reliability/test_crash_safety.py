"""SIGKILL during a save never loses the mapping: the file is the old or the new version."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.crash_harness import run_crash_trials


@pytest.mark.slow
def test_a_hundred_sigkills_while_saving_leave_the_old_or_the_new_version(
    tmp_path: Path,
) -> None:
    report = run_crash_trials(tmp_path, kills=100, seed=1)

    # run_crash_trials checks after every kill: file and .bak are each exactly A or B,
    # valid TOML, byte for byte what was saved; here, that all 100 kills were checked
    # and that they really interrupted saves (both versions seen, some mid-write).
    assert report.kills == report.valid_file == report.valid_bak == 100
    assert report.saw["A"] > 0 and report.saw["B"] > 0
    assert report.mid_write > 0
