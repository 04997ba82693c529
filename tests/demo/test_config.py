"""The demo tenants as config: `--demo` alone, added to a config file, served in-process."""

from __future__ import annotations

from pathlib import Path

from tui.core.config import Config, TenantConfig, load_config
from tui.demo.config import demo_config, with_demo
from tui.sandbox import DEMO_CODEBASE, DEMO_PUBLIC_KEY, DEMO_SITE

CONTOSO = """\
[tenants.contoso]
site = "api-na.myconnectwise.net"
company_id = "contoso"
public_key = "aBcD1234"
private_key = { env = "CONTOSO_CW_PRIVATE" }
client_id = "0a1b2c3d"
"""


def test_demo_config_has_the_sandbox_tenants() -> None:
    config = demo_config()

    assert list(config.tenants) == ["demo", "northwind"]
    for name, tenant in config.tenants.items():
        assert tenant.demo is True
        assert (tenant.site, tenant.company_id) == (DEMO_SITE, name)
        assert (tenant.public_key, tenant.codebase) == (DEMO_PUBLIC_KEY, DEMO_CODEBASE)
    assert config.path is None


def test_with_demo_adds_demo_tenants_to_the_configured_ones(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTOSO, encoding="utf-8")
    path.chmod(0o600)
    config = with_demo(load_config(path))

    assert list(config.tenants) == ["contoso", "demo", "northwind"]
    assert isinstance(config, Config)


async def test_demo_client_talks_to_the_in_process_sandbox() -> None:
    tenant: TenantConfig = demo_config().tenants["northwind"]

    async with tenant.client() as client:
        statuses = await client.statuses()

    assert statuses, "the sandbox's northwind tenant has statuses"
