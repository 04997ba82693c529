"""Error bodies become one short readable line in a typed exception."""

from __future__ import annotations

import pytest

from tui.psa.errors import (
    AuthError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServiceUnavailable,
    error_for_status,
    field_errors,
    summarise_body,
)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthError),
        (403, PermissionDenied),
        (404, NotFound),
        (400, InvalidRequest),
        (405, InvalidRequest),
        (409, InvalidRequest),
        (429, RateLimited),
        (500, ServiceUnavailable),
        (503, ServiceUnavailable),
    ],
)
def test_status_maps_to_typed_error(status: int, cls: type) -> None:
    error = error_for_status(status, "Reason", "company/companies", b"")
    assert type(error) is cls
    assert error.status == status


def test_vendor_json_code_and_message_are_kept() -> None:
    body = b'{"code":"Unauthorized","message":"Invalid credentials","errors":null}'
    error = error_for_status(401, "Unauthorized", "company/companies/count", body)
    assert str(error) == "401 Unauthorized on company/companies/count: Invalid credentials"
    assert error.code == "Unauthorized"


def test_validation_error_detail_is_appended() -> None:
    body = (
        b'{"code":"InvalidObject","message":"company object is invalid","errors":'
        b'[{"code":"OutOfRange","message":"must be between 1900 and 9999.",'
        b'"resource":"company","field":"yearEstablished"}]}'
    )
    code, message = summarise_body(body)
    assert code == "InvalidObject"
    assert message == "company object is invalid (yearEstablished: must be between 1900 and 9999.)"


def test_rate_limit_body_uses_error_key() -> None:
    body = (
        b'{"error":"ConnectWiseAPI","message":"Too many requests. Please try again in 30 seconds."}'
    )
    assert summarise_body(body) == (
        "ConnectWiseAPI",
        "Too many requests. Please try again in 30 seconds.",
    )


def test_html_page_is_summarised_by_its_title_never_dumped() -> None:
    body = (
        b"<!DOCTYPE html><html><head><title>502 Bad Gateway &amp; co</title>"
        b"<style>body{color:red}</style></head><body><h1>Bad Gateway</h1>"
        + b"<p>x</p>" * 500
        + b"</body></html>"
    )
    assert summarise_body(body) == (None, "502 Bad Gateway & co")


def test_html_without_title_keeps_text_only() -> None:
    _, message = summarise_body(b"<html><body><h1>Oops</h1>\n<p>upstream down</p></body></html>")
    assert message == "Oops upstream down"


def test_plain_text_is_one_capped_line_without_control_characters() -> None:
    assert summarise_body(b"Cannot route. Codebase/company is invalid\r\n") == (
        None,
        "Cannot route. Codebase/company is invalid",
    )
    _, message = summarise_body(b"\x1b[31mred\x1b[0m " + b"x" * 500)
    assert "\x1b" not in message
    assert len(message) == 200
    assert message.endswith("…")


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        # ASP.NET's own answers (an auth filter, a 405) are PascalCase, unlike the vendor's models
        (b'{"Message":"Authorization has been denied for this request."}', None,
         "Authorization has been denied for this request."),
        (b'{"Code":"InvalidObject","Message":"company object is invalid","Errors":'
         b'[{"Code":"ObjectExists","Message":"Company ID already in use.","Field":"identifier"}]}',
         "InvalidObject", "company object is invalid (identifier: Company ID already in use.)"),
        (b'{"ERROR":"ConnectWiseAPI","MESSAGE":"Too many requests."}', "ConnectWiseAPI",
         "Too many requests."),
    ],
)  # fmt: skip
def test_error_body_keys_are_read_in_any_case(body: bytes, code: str | None, message: str) -> None:
    assert summarise_body(body) == (code, message)


def test_field_errors_are_read_in_any_case() -> None:
    body = (
        b'{"Code":"InvalidObject","Errors":[{"Code":"ObjectExists","Message":"in use",'
        b'"Field":"identifier"}]}'
    )
    assert field_errors(body) == [("identifier", "in use", "ObjectExists")]
