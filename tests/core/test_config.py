"""The config file: tenants, secret sources, key remapping and the errors a user sees."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import httpx
import pytest

from tui.core.config import (
    ConfigError,
    ConfigNotFound,
    default_config_path,
    load_config,
)
from tui.core.secrets import CommandSecret, EnvSecret

CONTOSO = """\
[tenants.contoso]
label = "Contoso MSP (production)"
site = "api-na.myconnectwise.net"
company_id = "contoso"
public_key = "aBcD1234"
private_key = { env = "CONTOSO_CW_PRIVATE" }
client_id = "0a1b2c3d"
codebase = "v2025_1/"
"""


def write(tmp_path: Path, text: str, *, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def tenant_toml(**fields: str) -> str:
    """A `[tenants.t]` table with valid defaults, overridden by raw TOML values."""
    values = {
        "site": '"api-na.myconnectwise.net"',
        "company_id": '"contoso"',
        "public_key": '"pub"',
        "private_key": '"secret-private"',
        "client_id": '"client-1"',
    }
    values.update(fields)
    body = "".join(f"{k} = {v}\n" for k, v in values.items() if v is not None)
    return "[tenants.t]\n" + body


def error_for(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return caught.value


def test_contract_example_loads_every_field(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, CONTOSO))

    tenant = config.tenants["contoso"]
    assert tenant.name == "contoso"
    assert tenant.label == "Contoso MSP (production)"
    assert tenant.site == "api-na.myconnectwise.net"
    assert tenant.company_id == "contoso"
    assert tenant.public_key == "aBcD1234"
    assert tenant.private_key == EnvSecret(env="CONTOSO_CW_PRIVATE")
    assert tenant.client_id == "0a1b2c3d"
    assert tenant.codebase == "v2025_1/"
    assert tenant.demo is False
    assert config.keys == {}
    assert config.warnings == []


def test_label_defaults_to_the_tenant_name_and_codebase_is_optional(tmp_path: Path) -> None:
    tenant = load_config(write(tmp_path, tenant_toml())).tenants["t"]

    assert tenant.label == "t"
    assert tenant.codebase is None


def test_codebase_gets_its_trailing_slash(tmp_path: Path) -> None:
    tenant = load_config(write(tmp_path, tenant_toml(codebase='"v2025_1"'))).tenants["t"]

    assert tenant.codebase == "v2025_1/"


def test_tenants_keep_file_order(tmp_path: Path) -> None:
    text = tenant_toml() + tenant_toml().replace("[tenants.t]", "[tenants.a]")

    assert list(load_config(write(tmp_path, text)).tenants) == ["t", "a"]


def test_keys_table_remaps_bindings(tmp_path: Path) -> None:
    text = tenant_toml() + '\n[keys]\nsave = "ctrl+s"\n"accept_all" = " A "\n'

    assert load_config(write(tmp_path, text)).keys == {"save": "ctrl+s", "accept_all": "A"}


def test_a_file_with_only_keys_has_no_tenants(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[keys]\nquit = "ctrl+q"\n'))

    assert config.tenants == {}
    assert config.keys == {"quit": "ctrl+q"}


def test_missing_file_is_config_not_found(tmp_path: Path) -> None:
    with pytest.raises(ConfigNotFound) as caught:
        load_config(tmp_path / "nope.toml")

    assert str(caught.value) == f"{tmp_path / 'nope.toml'}: no such file"


# --- errors name the file, the line, the tenant and the field ---------------------------


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path: Path) -> None:
    """Notepad and PowerShell 5 (`Out-File -Encoding utf8`) save UTF-8 with a BOM; tomllib
    reads it as "Invalid statement" on line 1, which no editor shows. Errors keep their
    lines."""
    path = write(tmp_path, "\ufeff" + CONTOSO)
    assert list(load_config(path).tenants) == ["contoso"]
    error = error_for(
        tmp_path, "\ufeff" + CONTOSO.replace('company_id = "contoso"', "company_id = 1")
    )
    assert (error.line, error.field) == (4, "company_id")


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, '[tenants.t]\nsite = "x"\ncompany_id = \n')

    assert error.line == 3
    assert str(error).startswith(f"{tmp_path / 'config.toml'}:3: invalid TOML:")


def test_missing_field_names_tenant_and_field(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(company_id=None))  # type: ignore[arg-type]

    assert (error.tenant, error.field, error.line) == ("t", "company_id", 1)
    assert str(error) == f"{tmp_path / 'config.toml'}:1: tenant 't': company_id: missing field"


def test_wrong_type_names_the_line_of_the_field(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(public_key="1234"))

    assert (error.tenant, error.field, error.line) == ("t", "public_key", 4)
    assert str(error).endswith("tenant 't': public_key: expected a string")


def test_unknown_field_is_an_error_not_ignored(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(privat_key='"typo"'))

    assert (error.tenant, error.field, error.line) == ("t", "privat_key", 7)
    assert "unknown field" in str(error)


def test_a_misspelt_field_is_reported_as_written_not_as_the_field_it_meant(
    tmp_path: Path,
) -> None:
    text = tenant_toml(private_key=None, privat_key='"typo"')  # type: ignore[arg-type]
    error = error_for(tmp_path, text)

    assert (error.tenant, error.field, error.line) == ("t", "privat_key", 6)
    assert str(error).endswith("tenant 't': privat_key: unknown field")


def test_unknown_top_level_table_is_named(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml().replace("[tenants.t]", "[tenant.t]"))

    assert error.field == "tenant"
    assert error.line == 1


def test_tenant_that_is_not_a_table_is_named(tmp_path: Path) -> None:
    error = error_for(tmp_path, 'tenants = { t = "oops" }\n')

    assert error.tenant == "t"
    assert "expected a table" in str(error)


def test_name_and_demo_cannot_be_set_in_the_file(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(demo="true"))

    assert (error.field, error.line) == ("demo", 7)


def test_secret_source_of_the_wrong_shape_is_explained(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(private_key='{ env = "A", command = "b" }'))

    assert (error.field, error.line) == ("private_key", 5)
    assert 'expected a string, { env = "NAME" } or { command = "..." }' in str(error)


def test_secret_literal_never_appears_in_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(private_key="123456789"))

    assert error.field == "private_key"
    assert "123456789" not in str(error)


def test_unparsable_command_is_reported_at_load_time(tmp_path: Path) -> None:
    error = error_for(tmp_path, tenant_toml(client_id="""{ command = "pass show 'x" }"""))

    assert error.field == "client_id"
    assert "cannot be parsed" in str(error)


def test_keys_must_be_key_names(tmp_path: Path) -> None:
    error = error_for(tmp_path, "[keys]\nsave = 5\n")

    assert (error.field, error.line) == ("keys.save", 2)


def test_undecodable_config_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[tenants.t]\nlabel = "caf\xe9"\n')

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    assert caught.value.line == 2


# --- site rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site",
    [
        "na.myconnectwise.net",
        "api-na.myconnectwise.net",
        "cw.example.com",
        "https://cw.example.com:8443",
        "http://127.0.0.1:8099",
        "http://127.4.5.6",
        "http://localhost:8099",
        "http://[::1]:8099",
    ],
)
def test_accepted_sites(tmp_path: Path, site: str) -> None:
    tenant = load_config(write(tmp_path, tenant_toml(site=f'"{site}"'))).tenants["t"]

    assert tenant.site == site


@pytest.mark.parametrize("site", ["http://cw.example.com", "http://10.0.0.5:8099", "ftp://x", ""])
def test_plain_http_off_loopback_and_nonsense_sites_are_refused(tmp_path: Path, site: str) -> None:
    error = error_for(tmp_path, tenant_toml(site=f'"{site}"'))

    assert (error.tenant, error.field, error.line) == ("t", "site", 2)


# --- secrets are resolved lazily --------------------------------------------------------


def test_credentials_read_env_and_literal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTOSO_CW_PRIVATE", " s3cret\n")
    tenant = load_config(write(tmp_path, CONTOSO)).tenants["contoso"]

    creds = tenant.credentials()

    assert (creds.company_id, creds.public_key) == ("contoso", "aBcD1234")
    assert (creds.private_key, creds.client_id) == ("s3cret", "0a1b2c3d")


def test_loading_never_resolves_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONTOSO_CW_PRIVATE", raising=False)

    config = load_config(write(tmp_path, CONTOSO))

    assert "contoso" in config.tenants


def test_missing_env_var_names_tenant_field_and_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONTOSO_CW_PRIVATE", raising=False)
    tenant = load_config(write(tmp_path, CONTOSO)).tenants["contoso"]

    with pytest.raises(ConfigError) as caught:
        tenant.credentials()

    assert (caught.value.tenant, caught.value.field) == ("contoso", "private_key")
    assert "CONTOSO_CW_PRIVATE is not set" in str(caught.value)
    assert str(tmp_path / "config.toml") in str(caught.value)


def python_command(code: str) -> str:
    """A `{ command = ... }` value that runs this Python (quoted for TOML and shlex)."""
    return f"{sys.executable} -c '{code}'"


def test_command_secret_uses_stripped_stdout(tmp_path: Path) -> None:
    command = python_command('print("  from-the-vault  ")')
    text = tenant_toml(private_key="{ command = " + _toml_string(command) + " }")
    tenant = load_config(write(tmp_path, text)).tenants["t"]

    assert tenant.private_key == CommandSecret(command=command)
    assert tenant.credentials().private_key == "from-the-vault"


def test_failing_command_hides_its_output(tmp_path: Path) -> None:
    command = python_command('import sys; print("leaked-secret"); sys.exit(3)')
    tenant = load_config(
        write(tmp_path, tenant_toml(client_id="{ command = " + _toml_string(command) + " }"))
    ).tenants["t"]

    with pytest.raises(ConfigError) as caught:
        tenant.credentials()

    message = str(caught.value)
    assert "tenant 't': client_id:" in message
    assert "exit status 3" in message
    assert "leaked-secret" not in message


def test_command_that_does_not_exist_is_named_by_program_only(tmp_path: Path) -> None:
    text = tenant_toml(private_key='{ command = "no-such-psamap-helper --token abc" }')
    tenant = load_config(write(tmp_path, text)).tenants["t"]

    with pytest.raises(ConfigError) as caught:
        tenant.credentials()

    assert "'no-such-psamap-helper' was not found" in str(caught.value)
    assert "abc" not in str(caught.value)


def test_command_printing_nothing_is_an_error(tmp_path: Path) -> None:
    command = python_command("pass")
    tenant = load_config(
        write(tmp_path, tenant_toml(private_key="{ command = " + _toml_string(command) + " }"))
    ).tenants["t"]

    with pytest.raises(ConfigError, match="printed nothing"):
        tenant.credentials()


def test_repr_of_a_tenant_hides_every_key(tmp_path: Path) -> None:
    tenant = load_config(write(tmp_path, tenant_toml())).tenants["t"]

    assert "secret-private" not in repr(tenant)
    assert "client-1" not in repr(tenant)
    assert "secret-private" not in repr(tenant.credentials())


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- permissions --------------------------------------------------------------------------


def test_literal_private_key_in_a_readable_file_warns(tmp_path: Path) -> None:
    path = write(tmp_path, tenant_toml(), mode=0o644)

    config = load_config(path)

    assert config.warnings == [
        f"{path} holds a literal private_key and is readable by group or others: chmod 600 {path}"
    ]


def test_private_file_or_env_secret_does_not_warn(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, tenant_toml(), mode=0o600)).warnings == []
    assert load_config(write(tmp_path, CONTOSO, mode=0o644)).warnings == []


# --- default path, demo tenants, clients ----------------------------------------------------


def test_default_config_path_honours_psamap_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSAMAP_CONFIG", str(tmp_path / "mine.toml"))

    assert default_config_path() == tmp_path / "mine.toml"


def test_default_config_path_is_in_the_user_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PSAMAP_CONFIG", raising=False)

    path = default_config_path()

    assert path.name == "config.toml"
    assert path.parent.name == "psamap"


def test_unknown_tenant_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, CONTOSO))

    with pytest.raises(ConfigError, match=r"unknown tenant 'nope' \(tenants: contoso\)"):
        config.tenant("nope")


async def test_client_signs_requests_with_resolved_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTOSO_CW_PRIVATE", "s3cret")
    tenant = load_config(write(tmp_path, CONTOSO)).tenants["contoso"]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"id": 1, "name": "Active"}])

    async with tenant.client(httpx.MockTransport(handler)) as client:
        statuses = await client.statuses()

    assert [s.name for s in statuses] == ["Active"]
    request = seen[0]
    assert str(request.url).startswith(
        "https://api-na.myconnectwise.net/v2025_1/apis/3.0/company/companies/statuses"
    )
    expected = base64.b64encode(b"contoso+aBcD1234:s3cret").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.headers["clientId"] == "0a1b2c3d"
