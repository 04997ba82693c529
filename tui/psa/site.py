"""Turn a configured `site` into the API base URL, and build the vendor's URLs from it.

ConnectWise cloud refuses API calls on its login hosts ("SSL is required"), so those
are rewritten to their `api-` twins; anything else is taken at its word. Plain HTTP
is allowed only on loopback, where the embedded sandbox lives.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit

#: Cloud login hosts the vendor lists; API calls for them go to `api-{host}`.
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


def is_loopback(host: str) -> bool:
    """True for `localhost`, 127.0.0.0/8 and ::1: the only hosts allowed plain HTTP."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_base(site: str) -> str:
    """The scheme://host[:port][/prefix] every psamap URL starts with, without a trailing slash.

    Raises ValueError, naming the site, when it is empty, malformed or plain HTTP off loopback.
    """
    text = site.strip()
    if not text:
        raise ValueError("site is empty: give a host such as na.myconnectwise.net or a full URL")
    if "://" in text:
        return _full_url(_shown(site), text)
    host, _, rest = text.partition("/")
    if rest.strip("/"):
        raise ValueError(
            f"site {site!r} has a path: give just the host, or a full URL with https://"
        )
    if "@" in host:
        raise ValueError(
            f"site {_shown(site)!r} must not carry a user name or password "
            "(credentials belong in public_key / private_key)"
        )
    if any(c.isspace() for c in host):
        raise ValueError(f"site {site!r} is not a host name")
    host = host.lower()
    if host in CLOUD_LOGIN_HOSTS:
        host = f"api-{host}"
    return f"https://{host}"


_USERINFO = re.compile(r"^((?:[a-zA-Z][a-zA-Z0-9+.-]*:)?/*)[^/?#]*@")


def _shown(site: str) -> str:
    """The site as messages may echo it: a `user:password@` part is never repeated."""
    return _USERINFO.sub(r"\1[credentials hidden]@", site)


def _full_url(site: str, text: str) -> str:
    """A site given with a scheme is used as given (minus a trailing slash), once checked.

    `site` is for messages and already has any user:password part hidden."""
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise ValueError(f"site {site!r} has a malformed port") from exc
    if scheme not in ("http", "https") or not host:
        raise ValueError(f"site {site!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise ValueError(
            f"site {site!r} must not carry a user name or password "
            "(credentials belong in public_key / private_key)"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"site {site!r} must not carry a query or fragment")
    if scheme == "http" and not is_loopback(host):
        raise ValueError(
            f"site {site!r} uses plain http://, which is only allowed for loopback "
            "(127.0.0.1, ::1, localhost); use https://"
        )
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def companyinfo_url(base: str, company_id: str) -> str:
    """The unauthenticated codebase-discovery URL for a login company."""
    return f"{base}/login/companyinfo/{quote(company_id, safe='')}"


def normalise_codebase(codebase: str) -> str:
    """`v2025_1` or `/v2025_1/` -> `v2025_1/`: the vendor's form, always one trailing slash."""
    return codebase.strip().strip("/") + "/"


def api_url(base: str, codebase: str, path: str) -> str:
    """`{base}/{codebase}apis/3.0/{path}` for a path such as `company/companies/count`."""
    return f"{base}/{normalise_codebase(codebase)}apis/3.0/{path.lstrip('/')}"
