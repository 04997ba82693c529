"""Where a configured `site` sends API calls (docs/CONTRACT.md §2)."""

from __future__ import annotations

import pytest

from tui.psa.site import (
    SiteAddress,
    api_base,
    api_url,
    companyinfo_url,
    is_loopback,
    normalise_codebase,
    resolve_site,
)


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
        ("https://na.myconnectwise.net", "https://api-na.myconnectwise.net"),
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
        ("cw contoso com", "not a host name"),
        ("https://user:pw@cw.contoso.com", "user name or password"),
        ("https://cw.contoso.com/psa?x=1", "must not carry a query"),
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


#: Every site form the README lists -> the exact URL `company/companies` is read from, with
#: the codebase the site names (or the one companyinfo would give, v2025_1/, when none).
NA_API = "https://api-na.myconnectwise.net/v2025_1/apis/3.0/company/companies"
NA_RELEASE = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/company/companies"
SITE_FORMS = [
    # the six cloud login hosts, with and without scheme, with a trailing slash
    ("na.myconnectwise.net", NA_API),
    ("eu.myconnectwise.net", "https://api-eu.myconnectwise.net/v2025_1/apis/3.0/company/companies"),
    ("au.myconnectwise.net", "https://api-au.myconnectwise.net/v2025_1/apis/3.0/company/companies"),
    (
        "aus.myconnectwise.net",
        "https://api-aus.myconnectwise.net/v2025_1/apis/3.0/company/companies",
    ),
    ("za.myconnectwise.net", "https://api-za.myconnectwise.net/v2025_1/apis/3.0/company/companies"),
    (
        "staging.connectwisedev.com",
        "https://api-staging.connectwisedev.com/v2025_1/apis/3.0/company/companies",
    ),
    ("https://na.myconnectwise.net", NA_API),
    ("https://na.myconnectwise.net/", NA_API),
    ("HTTPS://NA.MyConnectWise.net/", NA_API),
    # their api- hosts, as given
    ("api-na.myconnectwise.net", NA_API),
    ("https://api-na.myconnectwise.net/", NA_API),
    (
        "api-au.myconnectwise.net",
        "https://api-au.myconnectwise.net/v2025_1/apis/3.0/company/companies",
    ),
    # the full API base URL, with or without scheme and trailing slash: never doubled
    ("https://api-na.myconnectwise.net/v4_6_release/apis/3.0", NA_RELEASE),
    ("https://api-na.myconnectwise.net/v4_6_release/apis/3.0/", NA_RELEASE),
    ("api-na.myconnectwise.net/v4_6_release/apis/3.0", NA_RELEASE),
    ("https://na.myconnectwise.net/v4_6_release/apis/3.0/", NA_RELEASE),
    (
        "https://api-eu.myconnectwise.net/v2024_2/apis/3.0/",
        "https://api-eu.myconnectwise.net/v2024_2/apis/3.0/company/companies",
    ),
    # a browser page on the login host: the codebase is a hint, the rest is dropped
    (
        "https://na.myconnectwise.net/v2025_1/ConnectWise.aspx?locale=en_US#startscreen",
        NA_API,
    ),
    # on-premise: host, port, custom path, full base URL under the custom path
    ("cw.contoso.com", "https://cw.contoso.com/v2025_1/apis/3.0/company/companies"),
    ("cw.contoso.com:8443", "https://cw.contoso.com:8443/v2025_1/apis/3.0/company/companies"),
    ("https://cw.contoso.com/psa", "https://cw.contoso.com/psa/v2025_1/apis/3.0/company/companies"),
    (
        "https://cw.contoso.com/psa/",
        "https://cw.contoso.com/psa/v2025_1/apis/3.0/company/companies",
    ),
    ("cw.contoso.com/psa", "https://cw.contoso.com/psa/v2025_1/apis/3.0/company/companies"),
    (
        "https://cw.contoso.com/psa/v4_6_release/apis/3.0/",
        "https://cw.contoso.com/psa/v4_6_release/apis/3.0/company/companies",
    ),
    (
        "https://cw.contoso.com:8443/v4_6_release/apis/3.0",
        "https://cw.contoso.com:8443/v4_6_release/apis/3.0/company/companies",
    ),
    (
        "https://cw.contoso.com/psa/apis/3.0",
        "https://cw.contoso.com/psa/v2025_1/apis/3.0/company/companies",
    ),
    # loopback (the sandbox), plain http allowed
    ("http://127.0.0.1:8099", "http://127.0.0.1:8099/v2025_1/apis/3.0/company/companies"),
    ("http://[::1]:8099/", "http://[::1]:8099/v2025_1/apis/3.0/company/companies"),
]


@pytest.mark.parametrize(("site", "url"), SITE_FORMS)
def test_every_site_form_reads_companies_from_the_exact_api_url(site: str, url: str) -> None:
    address = resolve_site(site)
    assert api_url(address.base, address.codebase_hint or "v2025_1/", "company/companies") == url


def test_a_path_naming_the_codebase_is_kept_as_a_hint() -> None:
    assert resolve_site("https://api-na.myconnectwise.net/v4_6_release/apis/3.0/") == SiteAddress(
        "https://api-na.myconnectwise.net", "v4_6_release/"
    )
    assert resolve_site("na.myconnectwise.net") == SiteAddress("https://api-na.myconnectwise.net")


@pytest.mark.parametrize(
    "site",
    [
        "https://jdoe:Sup3r-Secret@na.myconnectwise.net",
        "jdoe:Sup3r-Secret@cw.contoso.com",
        "https://jdoe:Sup3r/Secret#@cw.contoso.com/psa",
        "https://Sup3r-Secret@cw.contoso.com",
    ],
)
def test_a_password_in_the_site_is_refused_without_echoing_it(site: str) -> None:
    with pytest.raises(ValueError, match="user name or password") as caught:
        resolve_site(site)
    assert "Sup3r" not in str(caught.value)
    assert "jdoe" not in str(caught.value)
