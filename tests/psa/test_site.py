"""Where a configured `site` sends API calls (docs/CONTRACT.md §2)."""

from __future__ import annotations

import pytest

from tui.psa.site import api_base, api_url, companyinfo_url, is_loopback, normalise_codebase


@pytest.mark.parametrize(
    ("site", "base"),
    [
        ("na.myconnectwise.net", "https://api-na.myconnectwise.net"),
        ("eu.myconnectwise.net", "https://api-eu.myconnectwise.net"),
        ("au.myconnectwise.net", "https://api-au.myconnectwise.net"),
        ("aus.myconnectwise.net", "https://api-aus.myconnectwise.net"),
        ("za.myconnectwise.net", "https://api-za.myconnectwise.net"),
        ("staging.connectwisedev.com", "https://api-staging.connectwisedev.com"),
        ("  NA.MyConnectWise.net/ ", "https://api-na.myconnectwise.net"),
        ("api-na.myconnectwise.net", "https://api-na.myconnectwise.net"),
        ("api-aus.myconnectwise.net", "https://api-aus.myconnectwise.net"),
        ("cw.contoso.com", "https://cw.contoso.com"),
        ("cw.contoso.com:8443", "https://cw.contoso.com:8443"),
        ("https://na.myconnectwise.net", "https://na.myconnectwise.net"),
        ("https://cw.contoso.com:8443/", "https://cw.contoso.com:8443"),
        ("https://cw.contoso.com/psa/", "https://cw.contoso.com/psa"),
        ("http://127.0.0.1:8099", "http://127.0.0.1:8099"),
        ("http://127.3.4.5:8099/", "http://127.3.4.5:8099"),
        ("http://localhost:8099", "http://localhost:8099"),
        ("http://[::1]:8099", "http://[::1]:8099"),
    ],
)
def test_site_resolves_to_api_base(site: str, base: str) -> None:
    assert api_base(site) == base


@pytest.mark.parametrize(
    ("site", "complaint"),
    [
        ("http://cw.contoso.com", "only allowed for loopback"),
        ("http://10.0.0.5:8099", "only allowed for loopback"),
        ("http://128.0.0.1", "only allowed for loopback"),
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://cw.contoso.com", "not an http(s) URL"),
        ("https://", "not an http(s) URL"),
        ("https://cw.contoso.com:99999", "malformed port"),
        ("cw.contoso.com/psa", "has a path"),
        ("cw contoso com", "not a host name"),
        ("https://user:pw@cw.contoso.com", "must not carry"),
    ],
)
def test_bad_site_is_refused_with_a_reason(site: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        api_base(site)


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("10.0.0.1", "example.com", "::2", "localhost.com"))


def test_vendor_urls_are_built_from_base_and_codebase() -> None:
    base = "https://api-na.myconnectwise.net"
    assert companyinfo_url(base, "contoso") == f"{base}/login/companyinfo/contoso"
    assert companyinfo_url(base, "a b/c") == f"{base}/login/companyinfo/a%20b%2Fc"
    assert (
        api_url(base, "v2025_1", "company/companies/count")
        == f"{base}/v2025_1/apis/3.0/company/companies/count"
    )
    assert normalise_codebase("/v4_6_release/") == "v4_6_release/"
