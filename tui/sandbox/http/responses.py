"""Vendor-shaped responses: JSON bodies, error bodies, and the headers every answer carries."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tui.sandbox.constants import API_VERSION

PLAIN_JSON_TYPE = "application/json; charset=utf-8"
_ACCEPT_VERSION = re.compile(r"version\s*=\s*([0-9][0-9.]*)", re.IGNORECASE)


class ApiError(Exception):
    """An error answer: status and the `ErrorResponseMessage` body `{code, message, errors}`."""

    def __init__(
        self, status: int, code: str, message: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        """The JSON body, as the vendor shapes it (`errors` is null when there are none)."""
        return {"code": self.code, "message": self.message, "errors": self.errors}


class PlainTextError(Exception):
    """An error answered as plain text (the vendor's router does this for a bad codebase)."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def encode(body: Any) -> bytes:
    """Compact UTF-8 JSON, non-ASCII letters as they are (as the vendor sends them)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def content_type_for(request: httpx.Request) -> str:
    """The vendor's media type, echoing the `version=` the client pinned in Accept."""
    match = _ACCEPT_VERSION.search(request.headers.get("accept", ""))
    version = match.group(1) if match else API_VERSION
    return f"application/vnd.connectwise.com+json; version={version}"


def api_headers(request_id: str) -> dict[str, str]:
    """Headers on every API answer (success or error)."""
    return {
        "api-current-version": API_VERSION,
        "x-cw-request-id": request_id,
        "x-server-name": "SANDBOX01",
        "cache-control": "no-cache",
        "pragma": "no-cache",
    }


def json_response(
    status: int,
    body: Any,
    *,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A JSON answer with the given media type and extra headers."""
    return encoded_response(status, encode(body), content_type=content_type, headers=headers)


def encoded_response(
    status: int, content: bytes, *, content_type: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    """The same for a body already encoded (see `encode`)."""
    out = {"content-type": content_type, **(headers or {})}
    return httpx.Response(status, headers=out, content=content)


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> httpx.Response:
    """An `ErrorResponseMessage` answer."""
    return json_response(error.status, error.body(), content_type=PLAIN_JSON_TYPE, headers=headers)


def text_response(
    status: int, text: str, *, content_type: str = "text/plain; charset=utf-8", headers=None
) -> httpx.Response:
    """A non-JSON answer (router errors, proxy pages)."""
    out = {"content-type": content_type, **(headers or {})}
    return httpx.Response(status, headers=out, content=text.encode())
