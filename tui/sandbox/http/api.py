"""The sandbox's request handling: one `httpx.Request` in, one `httpx.Response` out.

Routing, in the vendor's order: `/login/companyinfo/{company}` needs no auth; API paths
are `/{codebase}apis/3.0/...`. An unknown company or a codebase other than the tenant's
gets the router's plain-text 404 `Cannot route. Codebase/company is invalid`. Bad keys, a
missing or unregistered `clientId` header get 401 with a JSON `ErrorResponseMessage`
(`code` "Unauthorized"); the sandbox documents 401, not 403, for the clientId cases.
`Quirks` switch on the cloud's statuses, page-size caps, explicit nulls and the rest.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from email.utils import formatdate
from typing import Any

import httpx

from tui.sandbox.constants import VERSION_CODE, VERSION_NUMBER
from tui.sandbox.data.records import COMPANY_KEYS
from tui.sandbox.data.sites import company_sites
from tui.sandbox.http.listing import (
    NO_QUIRKS,
    Collection,
    FieldTree,
    Params,
    parse_fields,
    project,
    serve_collection,
    serve_count,
)
from tui.sandbox.http.new_company import field_problems
from tui.sandbox.http.projected import ProjectedJson
from tui.sandbox.http.quirks import Quirks
from tui.sandbox.http.responses import (
    PLAIN_JSON_TYPE,
    ApiError,
    PlainTextError,
    api_headers,
    content_type_for,
    error_response,
    json_response,
    text_response,
)
from tui.sandbox.query.fields import setup_resolver
from tui.sandbox.query.predicates import (
    compile_child_conditions,
    compile_conditions,
    compile_element_conditions,
    compile_order_by,
    sort_rows,
)
from tui.sandbox.tenant import CompanyInvalid, SandboxTenant

CANNOT_ROUTE = "Cannot route. Codebase/company is invalid"
_COMPANYINFO = re.compile(r"^/login/companyinfo/(?P<company>[^/]+)/?$", re.IGNORECASE)
_API = re.compile(r"^/(?:(?P<codebase>[^/]+)/)?apis/3\.0(?P<rest>/.*)?$", re.IGNORECASE)
_BAD_KEYS = "Authentication failed: the company, public key or private key was not accepted."
_NO_AUTH = (
    "An Authorization header with Basic credentials (company+publicKey:privateKey) is required."
)
_NO_CLIENT_ID = (
    "A clientId header is required for all API calls; register one at "
    "https://developer.connectwise.com/ClientID."
)
_UNKNOWN_CLIENT_ID = "The clientId header is not a registered clientId."


def handle(
    tenants: Mapping[str, SandboxTenant],
    request: httpx.Request,
    request_id: str,
    quirks: Quirks = NO_QUIRKS,
    projected: ProjectedJson | None = None,
) -> httpx.Response:
    """Answer one request against these tenants (keyed by company id), with `quirks`;
    `projected` keeps encoded company JSON between requests (see `projected`)."""
    path = request.url.path
    info = _COMPANYINFO.match(path)
    if info and request.method == "GET":
        return _companyinfo(tenants, info.group("company"), quirks)
    match = _API.match(path)
    headers = api_headers(request_id)
    if match is None:
        message = f"No resource was found at '{path}'."
        return error_response(ApiError(404, "NotFound", message), headers)
    try:
        tenant = _authenticate(tenants, request, match.group("codebase") or "", quirks)
        headers["date"] = formatdate(tenant.now, usegmt=True)  # the clock of `lastUpdated`
        rest = (match.group("rest") or "/").rstrip("/")
        return _route(tenant, request, rest, headers, quirks, projected)
    except ApiError as exc:
        return error_response(exc, headers)
    except PlainTextError as exc:
        return text_response(exc.status, exc.text, headers=headers)


def find_tenant(tenants: Mapping[str, SandboxTenant], company: str) -> SandboxTenant | None:
    """The tenant with this login company id (case-insensitive, as the login page is)."""
    want = company.strip().lower()
    return next((t for t in tenants.values() if t.company_id.lower() == want), None)


def _companyinfo(
    tenants: Mapping[str, SandboxTenant], company: str, quirks: Quirks
) -> httpx.Response:
    tenant = find_tenant(tenants, company)
    body: dict[str, Any] | None = None
    if tenant is not None:
        body = {
            "CompanyName": tenant.company_name,
            "Codebase": tenant.codebase,
            "VersionCode": _version_code(quirks),
            "VersionNumber": VERSION_NUMBER,
            "CompanyID": tenant.company_id,
            "IsCloud": False,
        }
    return json_response(200, body, content_type=PLAIN_JSON_TYPE)


def _version_code(quirks: Quirks) -> str:
    return VERSION_CODE if quirks.server_version is None else f"v{quirks.server_version}"


def _authenticate(
    tenants: Mapping[str, SandboxTenant], request: httpx.Request, codebase: str, quirks: Quirks
) -> SandboxTenant:
    """The tenant the request signs in to; the vendor's statuses, or the cloud's with
    `quirks.cloud_errors` (404 for bad keys, 400 for a bad clientId or codebase)."""
    cloud = quirks.cloud_errors
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        raise ApiError(401, "Unauthorized", _NO_AUTH)
    try:
        user, _, private = base64.b64decode(token.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise ApiError(401, "Unauthorized", _NO_AUTH) from None
    company, plus, public = user.partition("+")
    if not plus:
        raise ApiError(401, "Unauthorized", _NO_AUTH)
    tenant = find_tenant(tenants, company)
    if tenant is None or codebase.lower() != tenant.codebase.rstrip("/").lower():
        raise PlainTextError(400 if cloud else 404, CANNOT_ROUTE)
    keys_match = hmac.compare_digest(public.encode(), tenant.public_key.encode())
    keys_match &= hmac.compare_digest(private.encode(), tenant.private_key.encode())
    if not keys_match:
        if cloud:
            raise ApiError(404, "NotFound", "The requested resource was not found.")
        raise ApiError(401, "Unauthorized", _BAD_KEYS)
    client_id = request.headers.get("clientid", "").strip()
    if not client_id:
        raise ApiError(401, "Unauthorized", _NO_CLIENT_ID)
    if client_id.lower() not in {t.client_id.lower() for t in tenants.values()}:
        if cloud:
            raise ApiError(400, "InvalidClientId", _UNKNOWN_CLIENT_ID)
        raise ApiError(401, "Unauthorized", _UNKNOWN_CLIENT_ID)
    return tenant


def _route(
    tenant: SandboxTenant,
    request: httpx.Request,
    rest: str,
    headers: dict[str, str],
    quirks: Quirks,
    projected: ProjectedJson | None = None,
) -> httpx.Response:
    parts = [p for p in rest.lower().split("/") if p]
    method = request.method
    params = Params(request)
    ctype = content_type_for(request)
    if parts == ["system", "info"] and method == "GET":
        body = {
            "version": VERSION_NUMBER if quirks.server_version is None else _version_code(quirks),
            "isCloud": False,
            "serverTimeZone": "Eastern Standard Time",
        }
        return json_response(200, body, content_type=ctype, headers=headers)
    if parts[:2] != ["company", "companies"]:
        raise ApiError(404, "NotFound", f"No resource was found at '{rest}'.")
    tail = parts[2:]
    what = tail[0] if tail and tail[0] in ("statuses", "types") else "companies"
    if what in quirks.forbidden and method == "GET":
        raise ApiError(403, "Forbidden", f"You do not have access to {what} (security role).")
    if tail and tail[0] in ("statuses", "types"):
        items = tenant.statuses if tail[0] == "statuses" else tenant.types
        return _setup(items, tail[0], tail[1:], request, params, ctype, headers, quirks)
    companies = _companies(tenant, _api_base(request), projected)
    if not tail:
        if method == "GET":
            return serve_collection(
                request, params, companies, content_type=ctype, headers=headers, quirks=quirks,
                unlisted=quirks.unlisted_ids,
            )  # fmt: skip
        if method == "POST":
            return _create(tenant, request, ctype, headers)
        raise ApiError(405, "MethodNotAllowed", f"{method} is not allowed on company/companies.")
    if tail == ["count"] and method == "GET":
        return serve_count(params, companies, content_type=ctype, headers=headers)
    if len(tail) == 1 and tail[0].isdecimal():
        row = tenant.find_row(int(tail[0]))
        if row is None:
            raise ApiError(404, "NotFound", f"Company ID {tail[0]} was not found.")
        if method == "GET":
            body = companies.render(row, parse_fields(params.get("fields")))
            return json_response(200, body, content_type=ctype, headers=headers)
        if method == "DELETE":
            tenant.delete_company(row.id)
            return httpx.Response(204, headers=headers)
        raise ApiError(405, "MethodNotAllowed", f"{method} is not allowed on this company.")
    if len(tail) >= 2 and tail[0].isdecimal() and tail[1] == "sites":
        row = tenant.find_row(int(tail[0]))
        if row is None:
            raise ApiError(404, "NotFound", f"Company ID {tail[0]} was not found.")
        sites = company_sites(tenant.builder, row, _api_base(request))
        return _setup(sites, "sites", tail[2:], request, params, ctype, headers, quirks)
    raise ApiError(404, "NotFound", f"No resource was found at '{rest}'.")


def _api_base(request: httpx.Request) -> str:
    """`http://host:port/{codebase}apis/3.0`, so record hrefs point back where they came from."""
    path = request.url.path
    cut = path.lower().find("/apis/3.0")
    return str(request.url.copy_with(path=path[: cut + len("/apis/3.0")], query=None))


def _companies(tenant: SandboxTenant, base: str, projected: ProjectedJson | None) -> Collection:
    # Per `fields=` tree (one per page): its top-level keys and the nested selections in it.
    plans: dict[int, tuple[FieldTree, list[str], list[tuple[str, FieldTree]]]] = {}

    def render(row: Any, tree: FieldTree | None) -> dict[str, Any]:
        if tree is None:
            return tenant.record(row, base=base)
        plan = plans.get(id(tree))
        if plan is None or plan[0] is not tree:
            keys = [k for low, k in COMPANY_KEYS.items() if low in tree]
            nested = [(k, sub) for k in keys if (sub := tree[k.lower()]) is not None]
            plan = plans[id(tree)] = (tree, keys, nested)
        # The record holds only the asked-for keys: just the nested ones need `project`.
        record = tenant.record(row, base=base, keys=plan[1])
        if plan[2]:
            record = dict(record)  # a copy: a caller may have cached the built record
        for key, sub in plan[2]:
            value = record.get(key)
            if isinstance(value, dict):
                record[key] = project(value, sub)
            elif not isinstance(value, list):
                record.pop(key, None)
        return record

    if projected is None:
        return Collection(tenant.query, lambda r: r.id, render)

    def encoded(rows: Sequence[Any], tree: FieldTree, fields: str) -> bytes:
        return projected.page(tenant, rows, fields, base, lambda row: render(row, tree))

    return Collection(tenant.query, lambda r: r.id, render, encoded)


def _setup(
    items: list[dict[str, Any]],
    kind: str,
    tail: list[str],
    request: httpx.Request,
    params: Params,
    ctype: str,
    headers: dict[str, str],
    quirks: Quirks,
) -> httpx.Response:
    """Statuses, types and one company's sites: small lists, filtered without a cache."""
    if request.method != "GET":
        raise ApiError(405, "MethodNotAllowed", f"{request.method} is not allowed on {kind}.")

    def query(conditions: str, child: str, custom: str, order_by: str) -> list[dict[str, Any]]:
        test = compile_conditions(conditions, setup_resolver)
        child_test = compile_child_conditions(child, {})
        custom_test = compile_element_conditions(custom, setup_resolver)
        rows = sorted(items, key=lambda d: d["id"])
        rows = [d for d in rows if test(d) and child_test(d) and custom_test(d)]
        order = compile_order_by(order_by, setup_resolver) if order_by.strip() else []
        return sort_rows(rows, order) if order else rows

    def render(item: dict[str, Any], tree: FieldTree | None) -> dict[str, Any]:
        copy = json.loads(json.dumps(item))
        return copy if tree is None else project(copy, tree)

    collection = Collection(query, lambda d: d["id"], render)
    if not tail:
        return serve_collection(
            request, params, collection, content_type=ctype, headers=headers, quirks=quirks
        )
    if tail == ["count"]:
        return serve_count(params, collection, content_type=ctype, headers=headers)
    if len(tail) == 1 and tail[0].isdecimal():
        found = next((d for d in items if d["id"] == int(tail[0])), None)
        if found is None:
            raise ApiError(404, "NotFound", f"Company {kind[:-1]} {tail[0]} was not found.")
        body = render(found, parse_fields(params.get("fields")))
        return json_response(200, body, content_type=ctype, headers=headers)
    raise ApiError(404, "NotFound", f"No resource was found at 'company/companies/{kind}'.")


def _create(
    tenant: SandboxTenant, request: httpx.Request, ctype: str, headers: dict[str, str]
) -> httpx.Response:
    """POST a company: `identifier`, `name` and an address field required, lengths checked;
    status and types defaulted."""
    try:
        body = json.loads(request.content or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "InvalidObject", "The request body must be a company JSON object.")
    identifier = body.get("identifier")
    if identifier is None:
        identifier = ""  # required over the API: the check below reports it
    skip = {"identifier", "name", "status", "types", "status_id", "type_ids", "deleted"}
    fields = {k: v for k, v in body.items() if k not in skip}
    name, status_id = body.get("name") or "", _status_id(tenant, body.get("status"))
    type_ids = _type_ids(body.get("types"))
    problems = field_problems(body)
    try:
        if problems:  # report every problem at once, as the vendor does
            raise CompanyInvalid(tenant.check_new(name, status_id, type_ids, identifier) + problems)
        created = tenant.add_company(name, status_id, type_ids, identifier=identifier, **fields)
    except CompanyInvalid as exc:
        raise ApiError(400, "InvalidObject", "company object is invalid", exc.errors) from None
    row = tenant.find_row(created["id"])
    assert row is not None
    out = tenant.record(row, base=_api_base(request))
    return json_response(201, out, content_type=ctype, headers=headers)


def _status_id(tenant: SandboxTenant, status: Any) -> int | None:
    if not isinstance(status, dict):
        return None
    if isinstance(status.get("id"), int):
        return status["id"]
    name = str(status.get("name") or "").lower()
    return next(
        (s["id"] for s in tenant.statuses if s["name"].lower() == name), -1 if name else None
    )


def _type_ids(types: Any) -> list[int] | None:
    if not isinstance(types, list):
        return None
    return [t["id"] for t in types if isinstance(t, dict) and isinstance(t.get("id"), int)]
