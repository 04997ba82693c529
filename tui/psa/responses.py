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
    return "next" in response.links


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
