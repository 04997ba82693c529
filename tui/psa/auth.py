"""API member credentials and the headers every ConnectWise request carries."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from tui import __version__

#: The API model version psamap is written against; pinned so models never change under us
#: (a tenant may set its own with `api_version` in the config).
API_VERSION = "2025.1"
ACCEPT = f"application/vnd.connectwise.com+json; version={API_VERSION}"
USER_AGENT = f"psamap/{__version__}"


@dataclass(frozen=True, slots=True)
class Credentials:
    """An API member's keys for one login company.

    `private_key` and `client_id` are secrets (the vendor says to treat the clientId as
    one): they are left out of `repr`/`str`, so a traceback or log line cannot leak them.
    """

    company_id: str
    public_key: str
    private_key: str = field(repr=False)
    client_id: str = field(repr=False)

    def authorization(self) -> str:
        """The `Authorization` value: Basic base64("{company}+{public}:{private}")."""
        raw = f"{self.company_id}+{self.public_key}:{self.private_key}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def headers(self) -> dict[str, str]:
        """Headers that authenticate an API call (never sent to the unauthenticated companyinfo)."""
        return {"Authorization": self.authorization(), "clientId": self.client_id}


def accept(api_version: str = API_VERSION) -> str:
    """The `Accept` value that pins the vendor's model version."""
    return f"application/vnd.connectwise.com+json; version={api_version}"


def common_headers(api_version: str = API_VERSION) -> dict[str, str]:
    """Headers on every request: the pinned model version and who is calling."""
    return {"Accept": accept(api_version), "User-Agent": USER_AGENT}
