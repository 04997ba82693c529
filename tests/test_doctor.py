"""`psamap doctor`: passes against the sandbox; names the failing step and its fix for each
way a first connection goes wrong; never prints a secret in any form."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx
import pytest

from tests.support.cli import served_sandbox_config
from tui.cli import main
from tui.core.config import load_config
from tui.core.doctor import STEPS, check_tenant
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    Quirks,
    Sandbox,
    make_tenant,
)

TENANT = make_tenant("acme", 120, seed=3)


@pytest.fixture(scope="module")
def served() -> Iterator[Sandbox]:
    sandbox = Sandbox([TENANT])
    with sandbox.serving() as base:
        sandbox.base = base  # type: ignore[attr-defined]
        yield sandbox


def config(tmp_path: Path, site: str, **fields: str) -> Path:
    values = {
        "site": site,
        "company_id": "acme",
        "public_key": DEMO_PUBLIC_KEY,
        "private_key": DEMO_PRIVATE_KEY,
        "client_id": DEMO_CLIENT_ID,
        **fields,
    }
    path = tmp_path / "config.toml"
    path.write_text("[tenants.acme]\n" + "".join(f'{k} = "{v}"\n' for k, v in values.items()))
    path.chmod(0o600)
    return path


def doctor(capsys, path: Path) -> tuple[int, dict]:
    code = main(["--config", str(path), "doctor", "acme", "--json"])
    return code, json.loads(capsys.readouterr().out)


def step(report: dict, name: str) -> dict:
    return next(s for s in report["steps"] if s["name"] == name)


def first_failure(report: dict) -> dict:
    return next(s for s in report["steps"] if not s["ok"])


def test_doctor_passes_against_the_sandbox(served, tmp_path, capsys) -> None:
    code, report = doctor(capsys, config(tmp_path, served.base))
    assert code == 0
    assert report["ok"] is True and report["tenant"] == "acme"
    assert [s["name"] for s in report["steps"]] == list(STEPS)
    assert step(report, "site")["detail"] == f"API base URL {served.base}/v2025_1/apis/3.0"
    assert "codebase v2025_1/" in step(report, "companyinfo")["detail"]
    assert "companies" in step(report, "permissions")["detail"]


def test_doctor_text_output_is_one_line_per_step_and_a_verdict(served, tmp_path, capsys) -> None:
    code = main(["--config", str(config(tmp_path, served.base)), "doctor", "acme"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == "psamap doctor: tenant 'acme'"
    assert [line.split()[:2] for line in out[1:8]] == [["OK", name] for name in STEPS]
    assert out[-1] == "All checks passed."


@pytest.mark.parametrize(
    ("quirks", "fields", "failing", "fix"),
    [
        (None, {"site": "http://127.0.0.1:9"}, "site", "check site"),
        (None, {"company_id": "nobody"}, "companyinfo", "set company_id"),
        (None, {"private_key": "wrong-key"}, "auth", "check public_key and private_key"),
        (Quirks(cloud_errors=True), {"private_key": "wrong-key"}, "auth", "private_key"),
        (None, {"client_id": "0000-unregistered"}, "client_id", "set client_id"),
        (Quirks(cloud_errors=True), {"client_id": "0000-unregistered"}, "client_id", "client_id"),
        (Quirks(forbidden=frozenset({"companies"})), {}, "permissions", "security role"),
        (Quirks(server_version="2024.3"), {}, "version", 'set api_version = "2024.3"'),
        (None, {"codebase": "v2019_1/"}, "companyinfo", "remove codebase"),
    ],
    ids=[
        "wrong-host", "wrong-company", "wrong-keys", "wrong-keys-cloud-404", "wrong-client-id",
        "wrong-client-id-cloud-400", "missing-permission", "server-older-than-pin",
        "stale-configured-codebase",
    ],
)  # fmt: skip
def test_doctor_names_the_failing_step_and_its_fix(
    served, tmp_path, capsys, quirks, fields, failing, fix
) -> None:
    served.quirks = quirks or Quirks()
    try:
        path = config(tmp_path, **{"site": served.base, **fields})
        code, report = doctor(capsys, path)
    finally:
        served.quirks = Quirks()
    assert code == 1 and report["ok"] is False
    failure = first_failure(report)
    assert failure["name"] == failing
    assert fix in failure["fix"]
    earlier = report["steps"][: STEPS.index(failing)]
    assert all(s["ok"] for s in earlier)


def test_a_config_the_doctor_cannot_read_fails_the_config_step(tmp_path, capsys) -> None:
    path = config(tmp_path, "http://127.0.0.1:9", api_version="latest")
    code, report = doctor(capsys, path)
    assert code == 1
    assert first_failure(report)["name"] == "config"
    assert "api_version" in first_failure(report)["detail"]


def test_an_unknown_tenant_is_a_usage_error_listing_the_tenants(tmp_path, capsys) -> None:
    path = config(tmp_path, "http://127.0.0.1:9")
    code = main(["--config", str(path), "doctor", "acmee"])
    assert code == 2
    assert "unknown tenant 'acmee' (tenants: acme)" in capsys.readouterr().err


def test_a_world_readable_literal_key_fails_config_with_chmod(served, tmp_path, capsys) -> None:
    path = config(tmp_path, served.base)
    path.chmod(0o644)
    code, report = doctor(capsys, path)
    assert code == 1
    assert step(report, "config")["fix"] == f"chmod 600 {path}"


def test_an_unresolvable_secret_fails_config_naming_the_field(served, tmp_path, capsys) -> None:
    path = config(tmp_path, served.base)
    text = path.read_text().replace(
        f'private_key = "{DEMO_PRIVATE_KEY}"', 'private_key = { env = "PSAMAP_NO_SUCH_VAR" }'
    )
    path.write_text(text)
    code, report = doctor(capsys, path)
    assert code == 1
    assert first_failure(report)["name"] == "config"
    assert "private_key" in first_failure(report)["fix"]


# --- never a secret, in any form -------------------------------------------------------


def every_form_of(private: str, client_id: str) -> list[str]:
    token = base64.b64encode(f"acme+{DEMO_PUBLIC_KEY}:{private}".encode()).decode()
    decoded = f"acme+{DEMO_PUBLIC_KEY}:{private}"
    forms = []
    for secret in (private, client_id, token, decoded):
        forms += [secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]]
    return forms


async def test_doctor_never_shows_a_secret_a_server_echoes(tmp_path) -> None:
    private = 'pr1v/ate+"key"=='  # characters every encoding changes
    client_id = "c1ient-id/+=="
    tenant = load_config(
        config(tmp_path, "https://cw.example.com", private_key="x", client_id=client_id)
    ).tenants["acme"]
    tenant = dataclasses.replace(tenant, private_key=private)
    forms = every_form_of(private, client_id)

    def echo(request: httpx.Request) -> httpx.Response:
        if "/login/companyinfo/" in request.url.path:
            return httpx.Response(200, json={"Codebase": "v2025_1/", "VersionCode": "v2025.1"})
        said = " | ".join(forms) + " | " + request.headers.get("authorization", "")
        return httpx.Response(401, json={"code": "Unauthorized", "message": said})

    transport = httpx.MockTransport(echo)
    report = await check_tenant(
        tenant, config_path=tmp_path / "config.toml",
        client_factory=lambda: tenant.client(transport),
    )  # fmt: skip
    text = json.dumps(report.as_json()) + repr(report)
    assert report.failed()[0].name == "auth"
    leaked = [form for form in forms if form in text or json.dumps(form)[1:-1] in text]
    assert leaked == []


@pytest.mark.slow
def test_doctor_passes_against_psamap_sandbox_in_its_own_process(tmp_path, capsys) -> None:
    with served_sandbox_config(tmp_path) as (path, _server):
        code = main(["--config", str(path), "doctor", "sandbox-northwind"])
        out = capsys.readouterr().out
    assert code == 0, out
    assert out.endswith("All checks passed.\n")
