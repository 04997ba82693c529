"""Config fields for reaching a real PSA: `api_version`, and `site` forms users paste."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_config import error_for, tenant_toml, write
from tui.core.config import load_config


def test_api_version_defaults_to_the_pin_psamap_is_written_against(tmp_path: Path) -> None:
    tenant = load_config(write(tmp_path, tenant_toml())).tenants["t"]
    assert tenant.api_version == "2025.1"


@pytest.mark.parametrize("version", ["2024.3", "2025.16", " 2019.1 ", "3.0.0"])
def test_api_version_accepts_the_vendors_version_forms(tmp_path: Path, version: str) -> None:
    tenant = load_config(write(tmp_path, tenant_toml(api_version=f'"{version}"'))).tenants["t"]
    assert tenant.api_version == version.strip()


@pytest.mark.parametrize("version", ['"latest"', '"2025"', '"v2025_1"', "2025.1", '""'])
def test_a_bad_api_version_names_file_line_tenant_and_field(tmp_path: Path, version: str) -> None:
    error = error_for(tmp_path, tenant_toml(api_version=version))
    assert (error.tenant, error.field, error.line) == ("t", "api_version", 7)
    assert str(error).startswith(f"{tmp_path / 'config.toml'}:7: tenant 't': api_version: ")


def test_api_version_reaches_the_clients_accept_header(tmp_path: Path) -> None:
    tenant = load_config(write(tmp_path, tenant_toml(api_version='"2024.3"'))).tenants["t"]
    client = tenant.client()
    assert client.api_version == "2024.3"
    assert client.tenant == "t"


@pytest.mark.parametrize(
    "site",
    [
        "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/",
        "https://na.myconnectwise.net",
        "cw.example.com/psa",
    ],
)
def test_pasted_site_forms_are_accepted(tmp_path: Path, site: str) -> None:
    tenant = load_config(write(tmp_path, tenant_toml(site=f'"{site}"'))).tenants["t"]
    assert tenant.site == site


def test_a_password_in_the_site_is_refused_at_its_line_without_echoing_it(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(site='"https://jdoe:Hunter2-pw@cw.example.com"'))
    assert (error.field, error.line) == ("site", 2)
    assert "user name or password" in str(error)
    assert "Hunter2" not in str(error) and "jdoe" not in str(error)
