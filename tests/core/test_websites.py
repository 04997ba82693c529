"""Website keys by the Public Suffix List, from the bundled snapshot and never the network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.websites import is_shared_website, website_key


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("https://www.Contoso.com/about", "contoso.com"),
        ("shop.contoso.com", "contoso.com"),
        ("www.contoso.co.uk", "contoso.co.uk"),
        ("https://portal.contoso.com.au:8443/x", "contoso.com.au"),
        ("info@contoso.de", "contoso.de"),
        ("contoso.wixsite.com/home", "contoso.wixsite.com"),  # a private PSL suffix
        ("https://contoso.squarespace.com", "contoso.squarespace.com"),  # a site builder
    ],
)
def test_a_website_stands_for_its_registrable_domain(value: str, key: str) -> None:
    assert website_key(value) == key


@pytest.mark.parametrize(
    "value",
    ["https://www.facebook.com/contoso", "linkedin.com/company/contoso", "x.com/contoso",
     "https://sites.google.com/view/contoso", "instagram.com/contoso", "youtube.com/@contoso",
     "squarespace.com", "wixsite.com", "gmail.com", "co.uk", "localhost", "127.0.0.1", ""],
)  # fmt: skip
def test_a_shared_host_or_a_mailbox_provider_names_no_company(value: str) -> None:
    assert website_key(value) is None


def test_shared_websites_are_told_from_missing_ones() -> None:
    assert is_shared_website("https://facebook.com/contoso")
    assert not is_shared_website("contoso.com")
    assert not is_shared_website(None)


# Run in a fresh interpreter whose cache folders are empty: a suffix list fetched or cached
# by anything earlier in the test session cannot hide a fetch.
_NO_NETWORK_PROBE = """
import socket, requests
attempts = []
def refuse(*args, **kwargs):
    attempts.append(args)  # recorded: a library may swallow the error and fall back
    raise OSError("network access attempted")
requests.Session.request = refuse
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from tui.core.websites import website_key
print(website_key("https://shop.contoso.co.uk"), website_key("deep.sub.contoso.com.au"),
      len(attempts))
"""


def test_the_suffix_list_is_read_from_the_bundled_snapshot_without_network(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "TLDEXTRACT_CACHE": str(home / "tldextract")}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _NO_NETWORK_PROBE],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["contoso.co.uk", "contoso.com.au", "0"]
    assert list(home.rglob("*")) == []  # and nothing was cached on disk
