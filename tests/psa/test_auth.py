"""Credentials and headers: the vendor's Basic auth, and secrets that never print."""

from __future__ import annotations

import base64

from tui import __version__
from tui.psa.auth import ACCEPT, USER_AGENT, Credentials, common_headers

CREDS = Credentials("contoso", "pub123", "priv-SECRET-456", "client-GUID-789")


def test_authorization_is_basic_company_plus_public_colon_private() -> None:
    expected = base64.b64encode(b"contoso+pub123:priv-SECRET-456").decode()
    assert CREDS.authorization() == f"Basic {expected}"
    assert CREDS.headers() == {"Authorization": f"Basic {expected}", "clientId": "client-GUID-789"}


def test_repr_and_str_never_show_private_key_or_client_id() -> None:
    for text in (repr(CREDS), str(CREDS), f"{CREDS}", repr([CREDS])):
        assert "priv-SECRET-456" not in text
        assert "client-GUID-789" not in text
        assert "contoso" in text


def test_every_request_pins_the_model_version_and_names_psamap() -> None:
    assert common_headers() == {"Accept": ACCEPT, "User-Agent": USER_AGENT}
    assert ACCEPT == "application/vnd.connectwise.com+json; version=2025.1"
    assert f"psamap/{__version__}" == USER_AGENT
