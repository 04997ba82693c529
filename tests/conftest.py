"""Suite-wide isolation: no test reads the user's real config, state or cache."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every user dir psamap could touch at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("PSAMAP_STATE_DIR", str(home / "state" / "psamap"))
    monkeypatch.delenv("PSAMAP_CONFIG", raising=False)
    monkeypatch.setenv("NO_COLOR", "")
    monkeypatch.delenv("NO_COLOR")
    yield home
