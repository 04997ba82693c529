"""A loopback sandbox tenant with known secrets, configs that fetch them three ways, and a scan.

The secrets are distinctive strings, so finding one anywhere psamap writes (stdout,
stderr, state, cache, log and mapping files) can only mean a leak.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterable
from pathlib import Path

import httpx

from tui.sandbox import DEMO_PUBLIC_KEY, Outcome, Sandbox, make_tenant

PRIVATE_KEY = "Rel1abPriv-8fQz2Lw9Xk"
CLIENT_ID = "0ddba11e-5ec2-4e7a-9b1d-c0ffee5ecre7"
WRONG_PRIVATE_KEY = "Wr0ngPriv-3Hs8Kd1Pq"
COMPANY = "acme"
_SECRET_HEADERS = ("authorization", "clientid")


def basic_token(private_key: str) -> str:
    """The base64 part of the Authorization header for these keys."""
    return base64.b64encode(f"{COMPANY}+{DEMO_PUBLIC_KEY}:{private_key}".encode()).decode()


#: Every string that must never appear in psamap's output or files.
SECRETS = (
    PRIVATE_KEY,
    CLIENT_ID,
    basic_token(PRIVATE_KEY),
    WRONG_PRIVATE_KEY,
    basic_token(WRONG_PRIVATE_KEY),
)


def secret_tenant():
    """300 companies behind the known private key and clientId."""
    return make_tenant(COMPANY, 300, seed=3, private_key=PRIVATE_KEY, client_id=CLIENT_ID)


class EchoingSandbox(Sandbox):
    """A sandbox behind a broken proxy: while `echo` is set, API calls get a 500 whose body
    repeats every request header (Authorization and clientId included)."""

    echo: str | None = None  # "json", "html" or "text"

    def process(self, request: httpx.Request) -> Outcome:
        outcome = super().process(request)
        if self.echo is None or "/apis/" not in request.url.path:
            return outcome
        # Secrets first: a short error summary must not be what keeps them out.
        headers = sorted(request.headers.items(), key=lambda kv: kv[0] not in _SECRET_HEADERS)
        said = "; ".join(f"{k}: {v}" for k, v in headers)
        if self.echo == "json":
            body = httpx.Response(500, json={"code": "Proxy", "message": f"headers were {said}"})
        elif self.echo == "html":
            page = f"<html><head><title>Error {said}</title></head><body>{said}</body></html>"
            body = httpx.Response(500, html=page)
        else:
            body = httpx.Response(500, text=f"upstream failed for request with {said}")
        return Outcome(body, 0.0, outcome.request_number)


def config_text(base_url: str, folder: Path) -> str:
    """Three tenants for the same PSA: the secrets as literals, from env, from a command;
    and one with a wrong private key (for the 401 path)."""
    script = folder / "vault.py"
    script.write_text(f"print({CLIENT_ID!r})\n")
    command = f"{sys.executable} {script}"

    def tenant(name: str, private_key: str, client_id: str) -> str:
        return (
            f'[tenants.{name}]\nsite = "{base_url}"\ncompany_id = "{COMPANY}"\n'
            f'public_key = "{DEMO_PUBLIC_KEY}"\nprivate_key = {private_key}\n'
            f"client_id = {client_id}\n\n"
        )

    return (
        tenant("literal", f'"{PRIVATE_KEY}"', f'"{CLIENT_ID}"')
        + tenant(
            "env", '{ env = "PSAMAP_RELIABILITY_PRIVATE" }', '{ env = "PSAMAP_RELIABILITY_CLIENT" }'
        )
        + tenant(
            "command", '{ env = "PSAMAP_RELIABILITY_PRIVATE" }', f"{{ command = '{command}' }}"
        )
        + tenant("wrong", f'"{WRONG_PRIVATE_KEY}"', f'"{CLIENT_ID}"')
    )


def leaks(text: str, where: str) -> list[str]:
    """`where: secret` for each secret found in `text`."""
    return [f"{where}: {secret}" for secret in SECRETS if secret in text]


def file_leaks(folders: Iterable[Path], *, skip: Iterable[Path] = ()) -> list[str]:
    """Secrets found in any file under `folders` (bytes, so any encoding is caught)."""
    skipped = {p.resolve() for p in skip}
    found: list[str] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.resolve() not in skipped:
                data = path.read_bytes()
                found += [f"{path}: {s}" for s in SECRETS if s.encode() in data]
    return found


def write_records(path: Path, sandbox: Sandbox) -> Path:
    """A records file naming the tenant's Active companies (so mapping has matches to save)."""
    import csv

    rows = sandbox.tenants[COMPANY].select("deletedFlag = false and status/id = 1")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name"])
        writer.writerows([f"L-{c['id']}", c["name"]] for c in rows)
    return path
