"""Which organisation a website names: its registrable domain, unless the host is shared.

"shop.contoso.co.uk" and "www.contoso.co.uk" are one company's site; "facebook.com/contoso"
and "facebook.com/fabrikam" are two companies on one host, so a facebook.com website is no
evidence at all. Where the registrable part ends is the Public Suffix List's business (".co.uk",
".com.au", "wixsite.com" user sites): `tldextract` reads it from the snapshot bundled with the
package, never from the network, so matching gives the same answer offline as online.
"""

from __future__ import annotations

from functools import cache, lru_cache

import tldextract

from tui.core.normalize import GENERIC_DOMAINS, normalize_domain

#: Hosts where many organisations live under one domain, told apart only by the URL's path
#: (social networks, review and listing sites, link pages): such a website names no company.
SHARED_HOSTS: frozenset[str] = frozenset(
    """facebook.com fb.com fb.me m.facebook.com linkedin.com instagram.com x.com twitter.com
    youtube.com youtu.be tiktok.com pinterest.com threads.net sites.google.com google.com
    goo.gl g.page business.site yelp.com yellowpages.com bbb.org nextdoor.com tripadvisor.com
    houzz.com angi.com thumbtack.com linktr.ee wa.me t.me medium.com etsy.com amazon.com
    ebay.com github.com bit.ly tinyurl.com""".split()  # noqa: SIM905
)

#: Site builders whose customers get a subdomain ("contoso.squarespace.com") but which the
#: Public Suffix List does not list: the customer's host is their site, the bare domain is
#: the builder's own.
SITE_BUILDERS: frozenset[str] = frozenset(
    """wix.com wixsite.com editorx.io squarespace.com godaddysites.com weebly.com wordpress.com
    blogspot.com webflow.io square.site site123.me jimdosite.com jimdo.com strikingly.com
    mystrikingly.com carrd.co ueniweb.com business.site myshopify.com""".split()  # noqa: SIM905
)


@cache
def _extractor() -> tldextract.TLDExtract:
    """The PSL parser on the bundled snapshot: no suffix-list URLs, no cache folder."""
    return tldextract.TLDExtract(
        cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True,
        include_psl_private_domains=True,
    )  # fmt: skip


@cache
def _suffixes() -> frozenset[str]:
    """Every Public Suffix List rule of the bundled snapshot ("com", "co.uk", "*.ck", ...)."""
    return frozenset(_extractor().tlds)


def _registered(host: str) -> tuple[str, str]:
    """(registrable domain, subdomain) of a host by the Public Suffix List ("" when none).

    Most websites are "name.tld": when "tld" is a plain suffix (no wildcard rule) and the
    host is not itself a suffix, the host is the registrable domain, read from the list's
    rules without the full parse (which would cost most of the time of indexing 50,000).
    """
    _, dot, tld = host.partition(".")
    if dot and "." not in tld:
        suffixes = _suffixes()
        if tld in suffixes and host not in suffixes and f"*.{tld}" not in suffixes:
            return host, ""
    parts = _extractor().extract_str(host)
    return parts.top_domain_under_public_suffix, parts.subdomain


@lru_cache(maxsize=131_072)
def website_key(value: str | None) -> str | None:
    """The registrable domain a website or e-mail address stands for, or None when it names
    no single organisation (no host, a mailbox provider, a social network, a builder's root).

    `https://shop.Contoso.co.uk/about` -> `contoso.co.uk`; `contoso.squarespace.com` stays
    whole; `facebook.com/contoso` and `gmail.com` -> None.
    """
    host = normalize_domain(value)
    if host is None or host in SHARED_HOSTS or host in GENERIC_DOMAINS:
        return None
    registered, subdomain = _registered(host)
    if not registered:  # an IP address, "localhost", or a bare public suffix
        return None
    if registered in SHARED_HOSTS or registered in GENERIC_DOMAINS:
        return None
    if registered in SITE_BUILDERS:
        sub = subdomain.removeprefix("www.")
        if not sub or sub == "www":
            return None
        return f"{sub.rsplit('.', 1)[-1]}.{registered}"
    return registered


def is_shared_website(value: str | None) -> bool:
    """True when the value has a host but that host names no single organisation."""
    return normalize_domain(value) is not None and website_key(value) is None
