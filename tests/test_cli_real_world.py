"""`psamap companies` against servers that behave like real ones: a page-size cap, explicit
nulls, a row counted but never listed, cloud error statuses. Over real loopback HTTP, both
straight from the PSA (`--no-cache`) and through a company cache filled from it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli import main
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    Quirks,
    Sandbox,
    make_tenant,
)

TENANT = make_tenant("acme", 1_600, seed=3)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox([TENANT])
    with sandbox.serving() as base:
        yield sandbox, base


@pytest.fixture
def config(served, tmp_path: Path) -> Path:
    _, base = served
    path = tmp_path / "config.toml"
    path.write_text(
        f'[tenants.acme]\nsite = "{base}"\ncompany_id = "acme"\n'
        f'public_key = "{DEMO_PUBLIC_KEY}"\nprivate_key = "{DEMO_PRIVATE_KEY}"\n'
        f'client_id = "{DEMO_CLIENT_ID}"\n'
    )
    path.chmod(0o600)
    return path


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test fills its own company cache (from the quirky server), never a shared one."""
    monkeypatch.setenv("PSAMAP_CACHE_DIR", str(tmp_path / "cache"))


def companies_json(capsys, config: Path, *args: str) -> tuple[int, list | None, str]:
    code = main(["--config", str(config), "companies", "acme", "--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


@pytest.fixture
def truth(capsys, config) -> list:
    code, rows, _ = companies_json(capsys, config, "--no-cache")
    assert code == 0 and rows
    return rows


@pytest.mark.parametrize(
    "quirks",
    [
        Quirks(page_size_cap=500),
        Quirks(explicit_nulls=True),
        Quirks(page_size_cap=500, explicit_nulls=True),
    ],
    ids=["capped-at-500", "explicit-nulls", "both"],
)
@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["through-the-cache", "no-cache"])
def test_companies_json_is_exact_against_real_world_servers(
    served, config, capsys, truth, quirks, cache
) -> None:
    sandbox, _ = served
    sandbox.quirks = quirks
    try:
        code, rows, err = companies_json(capsys, config, *cache)
    finally:
        sandbox.quirks = Quirks()
    assert (code, err) == (0, "")
    assert rows == truth
    assert rows is not None and len(rows) > 1000  # more than one page: the cap bites


def test_a_count_the_list_never_meets_exits_1_naming_both_numbers(
    served, config, capsys, truth
) -> None:
    sandbox, _ = served
    sandbox.quirks = Quirks(unlisted_ids=frozenset({truth[700]["id"]}))
    try:
        code, rows, err = companies_json(capsys, config, "--no-cache")
    finally:
        sandbox.quirks = Quirks()
    n = len(truth)
    assert code == 1 and rows is None
    assert err.startswith("psamap: error: ")
    assert f"listed {n - 1:,} companies but counts {n:,}" in err
    assert "tenant 'acme'" in err and "psamap doctor acme" in err


def test_a_cache_is_never_filled_from_a_list_short_of_its_count(
    served, config, capsys, truth
) -> None:
    sandbox, _ = served
    sandbox.quirks = Quirks(unlisted_ids=frozenset({truth[700]["id"]}))
    try:
        code, rows, err = companies_json(capsys, config)
    finally:
        sandbox.quirks = Quirks()
    assert code == 1 and rows is None
    assert "companies but counts" in err
    code, rows, err = companies_json(capsys, config)  # the server is whole again
    assert (code, rows) == (0, truth)


def test_cloud_style_bad_keys_send_the_user_to_the_keys_and_doctor(served, config, capsys) -> None:
    sandbox, _ = served
    config.write_text(config.read_text().replace(DEMO_PRIVATE_KEY, "wrong-private-key"))
    sandbox.quirks = Quirks(cloud_errors=True)
    try:
        code = main(["--config", str(config), "statuses", "acme"])
    finally:
        sandbox.quirks = Quirks()
    err = capsys.readouterr().err
    assert code == 1
    assert "404" in err and "public_key/private_key" in err and "psamap doctor acme" in err
    assert "wrong-private-key" not in err
