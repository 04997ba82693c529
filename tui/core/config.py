"""The config file: which PSA tenants psamap can open, and where their secrets come from.

Every problem in the file becomes one `ConfigError` line naming the file, the line,
the tenant and the field, so a user can fix it without reading a traceback.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from tui.core.files import UnreadableFile, read_regular
from tui.core.secrets import CommandSecret, EnvSecret, SecretError, SecretSource, resolve_secret
from tui.core.toml_lines import find_line, syntax_error_position
from tui.errors import BadInput
from tui.psa.auth import API_VERSION, Credentials
from tui.psa.site import api_base

if TYPE_CHECKING:
    import httpx

    from tui.psa.client import ConnectWiseClient

CONFIG_ENV = "PSAMAP_CONFIG"
#: A config is a few lines per tenant; anything bigger is not one (e.g. /dev/zero).
MAX_CONFIG_BYTES = 4 << 20
_API_VERSION = re.compile(r"\d{4}\.\d{1,2}|3\.0(\.\d+)?")
_SECRET_FIELDS = ("private_key", "client_id")
_TOP_LEVEL = ("tenants", "keys")


class ConfigError(BadInput):
    """A config problem, as one line: `file:line: tenant 'x': field: problem`."""

    def __init__(
        self,
        problem: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        tenant: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problem, self.path, self.line = problem, path, line
        self.tenant, self.field = tenant, field
        where = "" if path is None else f"{path}:{line}: " if line else f"{path}: "
        who = f"tenant {tenant!r}: " if tenant is not None else ""
        what = f"{field}: " if field else ""
        super().__init__(f"{where}{who}{what}{problem}")


class ConfigNotFound(ConfigError):
    """The config file does not exist (with `--demo` that is fine)."""


class TenantConfig(BaseModel):
    """One `[tenants.<name>]` table: where the PSA is and how to sign in to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="The table key; what `psamap statuses NAME` takes.")
    label: str = Field("", description="Shown in the tenant picker; defaults to the name.")
    site: str = Field(description="Login or API host, on-premise host, or full URL.")
    company_id: str = Field(description="The PSA login company.")
    public_key: str = Field(repr=False, description="The API member's public key.")
    private_key: SecretSource = Field(repr=False, description="Literal, env or command.")
    client_id: SecretSource = Field(repr=False, description="Literal, env or command.")
    codebase: str | None = Field(None, description="e.g. 'v2025_1/'; discovered when absent.")
    api_version: str = Field(
        API_VERSION, description="The Accept version pin, e.g. '2025.1'; `doctor` checks it."
    )
    demo: bool = Field(False, description="Served by the embedded sandbox, not a real PSA.")

    _credentials: Credentials | None = PrivateAttr(None)
    _path: Path | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _label_defaults_to_name(self) -> TenantConfig:
        """A tenant without a label is shown by its name."""
        label = self.label.strip() or self.name
        if label != self.label:
            object.__setattr__(self, "label", label)
        return self

    @field_validator("site")
    @classmethod
    def _valid_site(cls, value: str) -> str:
        api_base(value)  # raises ValueError with a message that names the site
        return value.strip()

    @field_validator("company_id", "public_key")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("private_key", "client_id", mode="before")
    @classmethod
    def _secret_source(cls, value: Any) -> SecretSource:
        """Pick the source kind by shape, so a mistake gets one clear message."""
        if isinstance(value, str):
            return value
        kinds: dict[str, type[EnvSecret] | type[CommandSecret]] = {
            "env": EnvSecret,
            "command": CommandSecret,
        }
        if isinstance(value, Mapping) and len(value) == 1 and next(iter(value)) in kinds:
            model = kinds[next(iter(value))]
            try:
                return model.model_validate(dict(value))
            except ValidationError as exc:
                raise ValueError(_first_problem(exc)[1]) from None
        raise ValueError('expected a string, { env = "NAME" } or { command = "..." }')

    @field_validator("codebase")
    @classmethod
    def _codebase_slash(cls, value: str | None) -> str | None:
        """The vendor's codebase always ends in '/'; accept it written without one."""
        if value is None:
            return None
        value = value.strip().strip("/")
        if not value:
            raise ValueError("must not be empty (leave it out to discover it)")
        return value + "/"

    @field_validator("api_version")
    @classmethod
    def _version_shape(cls, value: str) -> str:
        """The vendor's versions read `2025.1` (since 2019.1) or `3.0.x` (before)."""
        value = value.strip()
        if not _API_VERSION.fullmatch(value):
            raise ValueError('expected a version such as "2025.1"')
        return value

    @property
    def has_literal_private_key(self) -> bool:
        """True when the private key is written in the file itself."""
        return isinstance(self.private_key, str)

    def credentials(self) -> Credentials:
        """Resolve the secrets (env, command) once; a ConfigError names tenant and field."""
        if self._credentials is None:
            secrets: dict[str, str] = {}
            for name in _SECRET_FIELDS:
                try:
                    secrets[name] = resolve_secret(getattr(self, name))
                except SecretError as exc:
                    raise ConfigError(
                        str(exc), path=self._path, tenant=self.name, field=name
                    ) from None
            self._credentials = Credentials(
                company_id=self.company_id, public_key=self.public_key, **secrets
            )
        return self._credentials

    def client(
        self, transport: httpx.AsyncBaseTransport | None = None, **kw: Any
    ) -> ConnectWiseClient:
        """A client for this tenant (`tui.demo`'s tenants override it to use the sandbox)."""
        from tui.psa.client import ConnectWiseClient

        return ConnectWiseClient(
            self.site,
            self.credentials(),
            codebase=self.codebase,
            transport=transport,
            tenant=self.name,
            api_version=self.api_version,
            **kw,
        )


@dataclass(frozen=True)
class Config:
    """A loaded config: tenants by name, user key bindings, and warnings for the caller to print."""

    path: Path | None
    tenants: dict[str, TenantConfig]
    keys: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)
    """The line of each `[keys]` entry, for warnings about it (the app checks the ids)."""

    def where_key(self, binding_id: str) -> str:
        """`file:line: ` of a `[keys]` entry (as much of it as is known), for messages."""
        if self.path is None:
            return ""
        line = self.key_lines.get(binding_id)
        return f"{self.path}:{line}: " if line else f"{self.path}: "

    def tenant(self, name: str) -> TenantConfig:
        """The tenant called `name`; ConfigError listing the known names otherwise."""
        try:
            return self.tenants[name]
        except KeyError:
            known = ", ".join(self.tenants) or "none configured"
            raise ConfigError(
                f"unknown tenant {name!r} (tenants: {known})", path=self.path
            ) from None


def default_config_path() -> Path:
    """`$PSAMAP_CONFIG`, else `config.toml` in the platform's user config dir for psamap."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("psamap") / "config.toml"


def load_config(path: Path | str) -> Config:
    """Read and check a config file; secrets are not resolved until `credentials()`."""
    path = Path(path)
    try:
        raw_bytes, _ = read_regular(path, limit=MAX_CONFIG_BYTES)
    except FileNotFoundError:
        raise ConfigNotFound("no such file", path=path) from None
    except UnreadableFile as exc:
        raise ConfigError(exc.problem, path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror})", path=path) from None
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw_bytes[: exc.start].count(b"\n") + 1
        raise ConfigError("not valid UTF-8", path=path, line=bad_line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = syntax_error_position(exc, text)
        raise ConfigError(f"invalid TOML: {message}", path=path, line=line) from None

    for key in data:
        if key not in _TOP_LEVEL:
            raise ConfigError(
                "unknown field (expected [tenants.NAME] tables and an optional [keys] table)",
                path=path,
                line=find_line(text, [key]),
                field=key,
            )
    tenants = _tenants(data.get("tenants", {}), path, text)
    keys = _keys(data.get("keys", {}), path, text)
    key_lines = {b: at for b in keys if (at := find_line(text, ["keys", b])) is not None}
    return Config(path, tenants, keys, _permission_warnings(path, tenants), key_lines)


def _tenants(raw: Any, path: Path, text: str) -> dict[str, TenantConfig]:
    """Validate each tenant table into a `TenantConfig`."""
    if not isinstance(raw, dict):
        raise ConfigError(
            "expected tables such as [tenants.contoso]",
            path=path,
            line=find_line(text, ["tenants"]),
            field="tenants",
        )
    tenants: dict[str, TenantConfig] = {}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(
                "expected a table of settings",
                path=path,
                line=find_line(text, ["tenants", name]),
                tenant=name,
            )
        for reserved in ("name", "demo"):
            if reserved in table:
                raise ConfigError(
                    "unknown field",
                    path=path,
                    tenant=name,
                    field=reserved,
                    line=find_line(text, ["tenants", name, reserved]),
                )
        try:
            tenant = TenantConfig.model_validate({**table, "name": name})
        except ValidationError as exc:
            field_name, problem = _first_problem(exc)
            line = find_line(text, ["tenants", name, *field_name.split(".")[:1]])
            raise ConfigError(
                problem, path=path, line=line, tenant=name, field=field_name
            ) from None
        tenant._path = path
        tenants[name] = tenant
    return tenants


def _keys(raw: Any, path: Path, text: str) -> dict[str, str]:
    """The `[keys]` table: binding id -> key, for remapping keys in the TUI."""
    if not isinstance(raw, dict):
        raise ConfigError(
            'expected a table such as [keys] save = "ctrl+s"',
            path=path,
            line=find_line(text, ["keys"]),
            field="keys",
        )
    for binding, key in raw.items():
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(
                'expected a key name such as "ctrl+s"',
                path=path,
                line=find_line(text, ["keys", binding]),
                field=f"keys.{binding}",
            )
    return {binding: key.strip() for binding, key in raw.items()}


def _first_problem(exc: ValidationError) -> tuple[str, str]:
    """The first validation error as (field, problem), phrased for people, without the input."""
    error = _first_error(exc)
    loc = [str(part) for part in error["loc"]]
    # A secret source's own validator runs on the sub-model; report it on the config field.
    field_name = loc[0] if loc else "?"
    kind = error["type"]
    if kind == "missing":
        problem = "missing field"
    elif kind == "extra_forbidden":
        problem = "unknown field"
    elif kind == "string_type":
        problem = "expected a string"
    elif kind == "bool_type":
        problem = "expected true or false"
    else:
        problem = str(error["msg"]).removeprefix("Value error, ")
    return field_name, problem


def _permission_warnings(path: Path, tenants: Mapping[str, TenantConfig]) -> list[str]:
    """Warn when a literal private key sits in a file that group or others can read."""
    if os.name != "posix" or not any(t.has_literal_private_key for t in tenants.values()):
        return []
    try:
        mode = path.stat().st_mode
    except OSError:
        return []
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [
            f"{path} holds a literal private_key and is readable by group or others: "
            f"chmod 600 {path}"
        ]
    return []


def _first_error(exc: ValidationError) -> Any:
    """The error to report: a misspelt key shows up as "unknown field" next to "missing
    field" for the key it meant; the unknown one is what the user wrote, so it comes first."""
    errors = exc.errors(include_input=False, include_url=False)
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
