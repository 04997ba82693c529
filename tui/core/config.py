"""The config file: which PSA tenants psamap can open, and where their secrets come from.

Every problem in the file becomes one `ConfigError` line naming the file, the line,
the tenant and the field, so a user can fix it without reading a traceback.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from tui.core.files import UnreadableFile, read_regular
from tui.core.secrets import SecretError, SecretSource, resolve_secret, secret_source
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


class TenantInvalid(ValueError):
    """One field of a tenant is wrong: `field` and `problem`, for a `ConfigError` line."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


def _text(value: Any) -> str:
    """A string field as written (TOML gives str, int, float, bool, dates, lists, tables)."""
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def _site(value: Any) -> str:
    text = _text(value)
    api_base(text)  # raises ValueError with a message that names the site
    return text.strip()


def _not_blank(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise ValueError("must not be empty")
    return text


def _codebase(value: Any) -> str | None:
    """The vendor's codebase always ends in '/'; accept it written without one."""
    if value is None:
        return None
    text = _text(value).strip().strip("/")
    if not text:
        raise ValueError("must not be empty (leave it out to discover it)")
    return text + "/"


def _api_version(value: Any) -> str:
    """The vendor's versions read `2025.1` (since 2019.1) or `3.0.x` (before)."""
    text = _text(value).strip()
    if not _API_VERSION.fullmatch(text):
        raise ValueError('expected a version such as "2025.1"')
    return text


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


#: Each field's check, in the order problems are reported (the first one wins), and
#: whether a tenant table must have it.
_CHECKS: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "name": (_text, True),
    "label": (_text, False),
    "site": (_site, True),
    "company_id": (_not_blank, True),
    "public_key": (_not_blank, True),
    "private_key": (secret_source, True),
    "client_id": (secret_source, True),
    "codebase": (_codebase, False),
    "api_version": (_api_version, False),
    "demo": (_flag, False),
}


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` checked and normalised field by field; the first problem is a TenantInvalid.

    A misspelt key is reported before the required key it meant, as "unknown field": it is
    what the user wrote. Problems never repeat the value (it may be a secret).
    """
    for key in values:
        if key not in _CHECKS:
            raise TenantInvalid(key, "unknown field")
    checked: dict[str, Any] = {}
    for key, (check, required) in _CHECKS.items():
        if key not in values:
            if required:
                raise TenantInvalid(key, "missing field")
            continue
        try:
            checked[key] = check(values[key])
        except ValueError as exc:
            raise TenantInvalid(key, str(exc)) from None
    return checked


@dataclass(frozen=True, kw_only=True)
class TenantConfig:
    """One `[tenants.<name>]` table: where the PSA is and how to sign in to it.

    Checked by hand rather than by a pydantic model: the config is read before the TUI's
    first frame, and pydantic's import and model build cost ~0.1 s of a 0.3 s launch.
    Building one checks it too (TenantInvalid), as a file's table is (`from_table`).
    """

    #: The table key; what `psamap statuses NAME` takes.
    name: str
    #: Shown in the tenant picker; defaults to the name.
    label: str = ""
    #: Login or API host, on-premise host, or full URL.
    site: str
    #: The PSA login company.
    company_id: str
    #: The API member's public key.
    public_key: str = field(repr=False)
    #: Literal, env or command.
    private_key: SecretSource = field(repr=False)
    client_id: SecretSource = field(repr=False)
    #: e.g. 'v2025_1/'; discovered when absent.
    codebase: str | None = None
    #: The Accept version pin, e.g. '2025.1'; `doctor` checks it.
    api_version: str = API_VERSION
    #: Served by the embedded sandbox, not a real PSA.
    demo: bool = False

    _credentials: Credentials | None = field(default=None, init=False, repr=False, compare=False)
    _path: Path | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values = {key: getattr(self, key) for key in _CHECKS}
        for key, value in _checked(values).items():
            object.__setattr__(self, key, value)
        # A tenant without a label is shown by its name.
        object.__setattr__(self, "label", self.label.strip() or self.name)

    @classmethod
    def from_table(cls, name: str, table: Mapping[str, Any]) -> TenantConfig:
        """The tenant a config file's table describes; TenantInvalid names the first problem."""
        return cls(**_checked({**table, "name": name}))

    @property
    def has_literal_private_key(self) -> bool:
        """True when the private key is written in the file itself."""
        return isinstance(self.private_key, str)

    def credentials(self) -> Credentials:
        """Resolve the secrets (env, command) once; a ConfigError names tenant and field."""
        if self._credentials is not None:
            return self._credentials
        secrets: dict[str, str] = {}
        for name in _SECRET_FIELDS:
            try:
                secrets[name] = resolve_secret(getattr(self, name))
            except SecretError as exc:
                raise ConfigError(str(exc), path=self._path, tenant=self.name, field=name) from None
        credentials = Credentials(company_id=self.company_id, public_key=self.public_key, **secrets)
        object.__setattr__(self, "_credentials", credentials)  # frozen: cached by hand
        return credentials

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
        # A byte-order mark (Notepad, PowerShell 5) is no TOML: tomllib would call it an
        # "Invalid statement" on line 1, and no editor shows it.
        text = raw_bytes.decode("utf-8").removeprefix("\ufeff")
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
            tenant = TenantConfig.from_table(name, table)
        except TenantInvalid as exc:
            line = find_line(text, ["tenants", name, exc.field])
            raise ConfigError(
                exc.problem, path=path, line=line, tenant=name, field=exc.field
            ) from None
        object.__setattr__(tenant, "_path", path)  # for errors about its secrets
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
