"""A CLI run takes the tenant's codebase from its cache: no companyinfo request per run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import run, write_config
from tui.sandbox import Sandbox, SandboxTenant, make_tenant


@pytest.fixture
def lab() -> SandboxTenant:
    return make_tenant("lab", 120, seed=4)


@pytest.fixture
def served(lab: SandboxTenant, tmp_path: Path) -> Iterator[tuple[list[str], Path]]:
    """The sandbox on loopback, the config for it, and the paths it was asked for."""
    sandbox = Sandbox([lab])
    paths: list[str] = []
    sandbox.on_request.append(lambda request, _n: paths.append(request.url.path))
    with sandbox.serving() as base_url:
        yield paths, write_config(tmp_path / "config.toml", base_url)


def companies(capsys: pytest.CaptureFixture[str], config: Path, *extra: str) -> list[int]:
    code, out, err = run(capsys, "--config", str(config), "companies", "lab", "--json", *extra)
    assert (code, err) == (0, "")
    return [c["id"] for c in json.loads(out)]


def asked_companyinfo(paths: list[str]) -> int:
    return sum("/login/companyinfo/" in p for p in paths)


def test_the_second_run_asks_one_request_fewer(capsys, served, lab) -> None:
    paths, config = served
    first = companies(capsys, config)
    first_requests, first_info = len(paths), asked_companyinfo(paths)
    paths.clear()
    assert companies(capsys, config) == first
    assert (first_info, asked_companyinfo(paths)) == (1, 0)
    assert len(paths) == 3  # statuses, types, the newest company with the total
    assert first_requests > len(paths)


def test_an_upgraded_tenant_is_found_again_and_kept(capsys, served, lab) -> None:
    paths, config = served
    expected = companies(capsys, config)
    lab.codebase = "v2026_1/"  # upgraded: the old codebase no longer routes
    paths.clear()
    assert companies(capsys, config) == expected
    assert asked_companyinfo(paths) == 1
    assert any(p.startswith("/v2025_1/") for p in paths)  # tried once, "Cannot route"
    paths.clear()
    assert companies(capsys, config) == expected
    assert asked_companyinfo(paths) == 0
    assert all(p.startswith("/v2026_1/") for p in paths)


def test_no_cache_asks_companyinfo_every_time(capsys, served) -> None:
    paths, config = served
    companies(capsys, config)
    paths.clear()
    companies(capsys, config, "--no-cache")
    assert asked_companyinfo(paths) == 1


def test_a_codebase_kept_by_a_run_never_leaks_to_another_site(capsys, served, tmp_path) -> None:
    _paths, config = served
    companies(capsys, config)
    other = Sandbox([make_tenant("lab", 10, seed=1, codebase="v2030_1/")])
    seen: list[str] = []
    other.on_request.append(lambda request, _n: seen.append(request.url.path))
    with other.serving() as base_url:
        second = write_config(tmp_path / "second.toml", base_url)
        code, out, _ = run(capsys, "--config", str(second), "companies", "lab", "--json")
    assert code == 0 and len(json.loads(out)) > 0
    assert asked_companyinfo(seen) == 1 and not any("/v2025_1/" in p for p in seen)
