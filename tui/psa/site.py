"""Turn a configured `site`, in any form a user pastes, into the API base URL and URLs.

Users copy `site` from integration guides and browsers: a cloud login host
(`na.myconnectwise.net`), its API host, an on-premise host with a custom path, with or
without a scheme, or the full API base URL (`https://api-na.myconnectwise.net/
v4_6_release/apis/3.0/`). Cloud API calls only work on the `api-` host (elsewhere the
vendor answers "SSL is required"), so cloud hosts are always rewritten to it; a path that
names a codebase is kept as a hint (the client confirms it through `/login/companyinfo`),
and the API path after it is dropped so it is never appended twice. Plain HTTP is allowed
only on loopback, where the embedded sandbox lives. A user name or password in the URL is
refused without repeating it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

#: Cloud login hosts the vendor lists (six regions and staging); API calls go to `api-{host}`.
CLOUD_LOGIN_HOSTS = frozenset(
    {
        "na.myconnectwise.net",
        "eu.myconnectwise.net",
        "au.myconnectwise.net",
        "aus.myconnectwise.net",
        "za.myconnectwise.net",
        "staging.connectwisedev.com",
    }
)
#: Domains whose every host is ConnectWise cloud (no custom paths; API on `api-` hosts).
CLOUD_DOMAINS = (".myconnectwise.net", ".connectwisedev.com")

#: A codebase path segment: versioned cloud ones (`v2025_1`) and on-premise `v4_6_release`.
_CODEBASE = re.compile(r"v\d{4}_\d+|v4_6_release", re.IGNORECASE)
_HOST = re.compile(r"[a-z0-9_.-]+")


@dataclass(frozen=True, slots=True)
class SiteAddress:
    """Where API calls go: `base` (scheme://host[:port][/prefix], no trailing slash) and the
    codebase the site's path named (`v2025_1/`), if any, to be confirmed by companyinfo."""

    base: str
    codebase_hint: str | None = None


def is_loopback(host: str) -> bool:
    """True for `localhost`, 127.0.0.0/8 and ::1: the only hosts allowed plain HTTP."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_cloud_host(host: str) -> bool:
    """True for ConnectWise cloud hosts (login or API), which never take a custom path."""
    host = host.lower()
    return host in CLOUD_LOGIN_HOSTS or host.endswith(CLOUD_DOMAINS)


def api_base(site: str) -> str:
    """The scheme://host[:port][/prefix] every psamap URL starts with, without a trailing slash.

    Raises ValueError when the site is empty, malformed, holds a user name or password
    (never repeated in the message), or is plain HTTP off loopback.
    """
    return resolve_site(site).base


def resolve_site(site: str) -> SiteAddress:
    """Read `site` in any of the forms the README lists (see the module docstring)."""
    text = site.strip()
    if not text:
        raise ValueError("site is empty: give a host such as na.myconnectwise.net or a full URL")
    if "@" in text:
        # Whatever is before the @ may be a password: say so without echoing any of it.
        raise ValueError(
            "site holds a user name or password (not shown here): remove it; psamap signs "
            "in with company_id, public_key and private_key"
        )
    if any(c.isspace() for c in text):
        raise ValueError(f"site {site!r} is not a host name or URL (it holds spaces)")
    has_scheme = "://" in text
    parts = urlsplit(text if has_scheme else f"https://{text}")
    scheme = parts.scheme.lower()
    try:
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"site {site!r} has a malformed port") from exc
    if scheme not in ("http", "https") or not host:
        raise ValueError(f"site {site!r} is not an http(s) URL")
    if ":" not in host and not _HOST.fullmatch(host):
        raise ValueError(f"site {site!r} is not a host name")
    if scheme == "http" and not is_loopback(host):
        raise ValueError(
            f"site {site!r} uses plain http://, which is only allowed for loopback "
            "(127.0.0.1, ::1, localhost); use https://"
        )
    prefix, codebase = _split_path(parts.path)
    if (parts.query or parts.fragment) and codebase is None:
        raise ValueError(f"site {site!r} must not carry a query or fragment")
    if is_cloud_host(host):
        prefix = []  # cloud has no custom paths; what was there was a browser page's
        if not host.startswith("api-"):
            host = f"api-{host}"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = "".join(f"/{segment}" for segment in prefix)
    return SiteAddress(f"{scheme}://{netloc}{path}", codebase)


def _split_path(path: str) -> tuple[list[str], str | None]:
    """A site URL's path as (custom prefix segments, codebase hint).

    `/psa/v4_6_release/apis/3.0/` -> (["psa"], "v4_6_release/"): everything from the
    codebase on (the API path, a browser page) is dropped. Without a codebase a trailing
    `apis/3.0` is dropped, so `https://cw.contoso.com/psa/apis/3.0` works too.
    """
    segments = [s for s in path.split("/") if s]
    for index, segment in enumerate(segments):
        if _CODEBASE.fullmatch(segment):
            return segments[:index], normalise_codebase(segment.lower())
    if segments[-2:] and [s.lower() for s in segments[-2:]] == ["apis", "3.0"]:
        segments = segments[:-2]
    return segments, None


def companyinfo_url(base: str, company_id: str) -> str:
    """The unauthenticated codebase-discovery URL for a login company."""
    return f"{base}/login/companyinfo/{quote(company_id, safe='')}"


def normalise_codebase(codebase: str) -> str:
    """`v2025_1` or `/v2025_1/` -> `v2025_1/`: the vendor's form, always one trailing slash."""
    return codebase.strip().strip("/") + "/"


def api_url(base: str, codebase: str, path: str) -> str:
    """`{base}/{codebase}apis/3.0/{path}` for a path such as `company/companies/count`."""
    return f"{base}/{normalise_codebase(codebase)}apis/3.0/{path.lstrip('/')}"
