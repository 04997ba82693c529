"""Turn a 2xx body into models, and a transport failure into a retryable or final error.

A cut-off JSON body is retried; a body that is whole but holds a lone surrogate escape is
repaired rather than mistaken for a cut-off one; anything else unexpected is final.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from tui.psa.errors import NotFound, PSAError, ServiceUnavailable, one_line, summarise_body
from tui.psa.retry import TryAgain

T = TypeVar("T")


def names_next_page(response: httpx.Response) -> bool | None:
    """Whether the `Link` header names a next page; None when there is no Link header (the
    vendor omits `rel="next"` on the last page; a single page may carry no Link at all)."""
    if "link" not in response.headers:
        return None
    return "next" in link_relations(response)


def link_relations(response: httpx.Response) -> dict[str, str]:
    """Each relation type the `Link` header names (lower-cased) and its target URL, the
    first link of a relation winning (RFC 8288, Appendix B).

    Not httpx's `response.links`: it keys each link by its `rel` text as written, so a
    server writing `rel="Next"` (relation types are case-insensitive), `REL=next` (so are
    parameter names) or `rel="next last"` (several types in one link) hides its next page,
    and an incremental load then takes a capped page for the last one. It also cuts a
    target at its first `;` and splits a quoted parameter at a comma.
    """
    relations: dict[str, str] = {}
    for target, types in parse_link_header(response.headers.get("link", "")):
        for relation in types:
            relations.setdefault(relation, target)
    return relations


def parse_link_header(value: str) -> list[tuple[str, list[str]]]:
    """`(target, relation types)` of each link in a `Link` field value, in order; the types
    lower-cased, parameter names read in any case, quoted values unescaped. A malformed
    link is skipped, not guessed at."""
    links: list[tuple[str, list[str]]] = []
    at, end = 0, len(value)
    while at < end:
        at = _skip(value, at, " \t,")
        if at >= end:
            break
        close = value.find(">", at + 1) if value[at] == "<" else -1
        if close < 0:
            at = _past_comma(value, at)
            continue
        target = value[at + 1 : close].strip()
        params, at = _link_params(value, close + 1)
        links.append((target, params.get("rel", "").lower().split()))
        at = _past_comma(value, at)
    return links


def _link_params(value: str, at: int) -> tuple[dict[str, str], int]:
    """The `; name=value` parameters from `at` (each name's first occurrence) and where they end."""
    params: dict[str, str] = {}
    end = len(value)
    while True:
        at = _skip(value, at, " \t")
        if at >= end or value[at] != ";":
            return params, at
        at = _skip(value, at + 1, " \t")
        start = at
        while at < end and value[at] not in "=;, \t":
            at += 1
        name = value[start:at].lower()
        at = _skip(value, at, " \t")
        text = ""
        if at < end and value[at] == "=":
            at = _skip(value, at + 1, " \t")
            if at < end and value[at] == '"':
                text, at = _quoted(value, at + 1)
            else:
                start = at
                while at < end and value[at] not in ";,":
                    at += 1
                text = value[start:at].strip()
        if name:
            params.setdefault(name, text)


def _quoted(value: str, at: int) -> tuple[str, int]:
    """A quoted string's text from just after its opening quote, and where it ends."""
    chars: list[str] = []
    while at < len(value) and value[at] != '"':
        if value[at] == "\\" and at + 1 < len(value):
            at += 1
        chars.append(value[at])
        at += 1
    return "".join(chars), at + 1


def _skip(value: str, at: int, chars: str) -> int:
    while at < len(value) and value[at] in chars:
        at += 1
    return at


def _past_comma(value: str, at: int) -> int:
    """Just after the next comma outside a quoted string (the end when there is none)."""
    quoted = False
    while at < len(value):
        char = value[at]
        if char == "\\" and quoted:
            at += 1
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            return at + 1
        at += 1
    return at


def decode_body(
    raw: bytes,
    decode: Callable[[bytes], T],
    where: str,
    scrub: Callable[[bytes], bytes],
) -> T:
    """Decode a 2xx body; a cut-off JSON body is retried, anything else unexpected is final."""
    try:
        return decode(raw)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        looks_json = raw.lstrip()[:1] in (b"{", b"[")
        if first["type"] == "json_invalid" and looks_json and "EOF" not in first["msg"]:
            repaired = _without_lone_surrogates(raw)
            if repaired is not None:
                return decode(repaired)
        if first["type"] == "json_invalid" and looks_json:
            error = ServiceUnavailable(f"the response on {where} was cut short", status=200)
            raise TryAgain("truncated response", error) from None
        if first["type"] == "json_invalid":
            _, said = summarise_body(scrub(raw))
            raise NotFound(f"unexpected non-JSON answer on {where}: {said}", status=200) from None
        field = ".".join(str(p) for p in first["loc"])
        raise PSAError(
            f"unexpected response on {where}: {field} {first['msg']}".strip(), status=200
        ) from None


def _without_lone_surrogates(raw: bytes) -> bytes | None:
    """Valid JSON whose strings hold a lone surrogate escape (`"\\ud800"`), with each one
    replaced by U+FFFD; None when the body is not valid JSON at all.

    The JSON grammar allows such escapes and a PSA may store them (a name pasted from a
    broken source); the strict parser refuses them, which would otherwise read as a cut-off
    response and fail the whole load after needless retries.
    """
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return json.dumps(_replace_surrogates(data), ensure_ascii=False).encode("utf-8")


def _replace_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_replace_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in value.items()}
    return value


def transport_failure(exc: httpx.HTTPError, where: str) -> PSAError | TryAgain:
    """Timeouts and dropped connections may pass; a bad certificate or URL will not."""
    detail = one_line(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return TryAgain("timeout", ServiceUnavailable(f"timed out on {where} ({detail})"))
    retryable = isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError)
    if retryable and "CERTIFICATE_VERIFY_FAILED" not in str(exc):
        return TryAgain(
            "connection error", ServiceUnavailable(f"connection failed on {where}: {detail}")
        )
    return ServiceUnavailable(f"request failed on {where}: {detail}")
