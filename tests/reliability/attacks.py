"""Hostile inputs shared by the reliability tests and `bench/reliability.py`.

- Company names built to act on a terminal, hide or reorder text, or run as a
  spreadsheet formula, and a scan for any character that could still do so;
- a sandbox behind a broken proxy that echoes our credentials back in every spelling
  (JSON-escaped .NET style, URL-encoded, HTML entities, decoded), and a scan for every
  spelling of every secret.

`run_hostile_output` and `run_secret_echoes` count what got through for the README's
Reliability table; the tests assert the same per case.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus, urlencode

import httpx

from tests.reliability.cli_helpers import write_config
from tests.reliability.lab import ACTIVE, lab_tenant, served_lab
from tests.support.fault_harness import client_defaults, compressed_policy, run_cli
from tui.sandbox import DEMO_PUBLIC_KEY, Outcome, Sandbox, SandboxTenant, make_tenant

# --- hostile names ---------------------------------------------------------------------------

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # "write this to the clipboard"
FORMULAS = (
    '=HYPERLINK("http://evil.invalid","Click")',
    "+1 555 0100 Plumbing",
    "-2 Dashes Ltd",
    "@SUM(A1:A9) Holdings",
    "'=Already Quoted Ltd",
    "''Two Quotes Ltd",
    "'Apostrophe Ltd",
)
HIDDEN = (
    f"Clip{OSC52}board Ltd",
    "Eight\x9b2JBit Ltd",
    "Admin\u202etxt.exe\u202c Corp",  # right-to-left override: reads "Admin exe.txt"
    "Zero\u200bWidth\u200d\ufeffJoiner Ltd",
    "Tag\U000e0041\U000e0042 Smuggled Ltd",
    "Line\u2028Separator Ltd",
    "\tTab First Ltd",
    "\rCarriage First Ltd",
)
NAMES = FORMULAS + HIDDEN


def unsafe(text: str) -> list[str]:
    """Characters that act on a terminal or hide/reorder text: every Unicode control (Cc)
    but newline, every format character (Cf: bidi, zero-width, tags), line/paragraph
    separators."""
    return sorted(
        {f"U+{ord(c):04X}" for c in text if c != "\n" and unicodedata.category(c) in _BAD}
    )


_BAD = {"Cc", "Cf", "Zl", "Zp"}


def hostile_tenant() -> SandboxTenant:
    """The lab tenant with its first Active companies renamed to `NAMES`, and a status whose
    name holds a bidi override and one that writes the clipboard."""
    tenant = lab_tenant(80, status_names={17: "Hold\u202e on\u202c", 3: "\x1b]52;c;eA==\x07Gone"})
    for company, name in zip(tenant.select(ACTIVE), NAMES, strict=False):
        tenant.update_company(company["id"], name=name)
    return tenant


def formula_cells(csv_text: str) -> list[str]:
    """CSV cells a spreadsheet would run as a formula."""
    rows = csv.reader(io.StringIO(csv_text))
    return [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


#: Every command whose output carries remote names, in every output format.
OUTPUT_COMMANDS = (
    ("companies", "lab", "--csv"),
    ("companies", "lab", "--json"),
    ("companies", "lab"),
    ("statuses", "lab"),
    ("statuses", "lab", "--json"),
    ("types", "lab"),
    ("companies", "lab", "--status", "Nope"),  # the error line lists every status name
)


@dataclass(frozen=True)
class HostileReport:
    names: int
    outputs: int
    unsafe_characters: int
    formula_cells: int


def run_hostile_output(folder: Path) -> HostileReport:
    """Every command of `OUTPUT_COMMANDS` against the hostile tenant: what got through."""
    bad = cells = 0
    with served_lab(folder, hostile_tenant()) as (_, config):
        for argv in OUTPUT_COMMANDS:
            _, out, err = run_cli(["--config", str(config), *argv])
            bad += len(unsafe(out + err))
            cells += len(formula_cells(out)) if "--csv" in argv else 0
    return HostileReport(len(NAMES), len(OUTPUT_COMMANDS), bad, cells)


# --- credentials echoed back -----------------------------------------------------------------

# Characters that JSON, URL and HTML each spell differently: / + = : and a space-free rest.
PRIVATE_KEY = "Pr1v/Key+Sec=ret/9Qz"
CLIENT_ID = "c11e/t1d+0ddba11"
PAIR = f"acme+{DEMO_PUBLIC_KEY}:{PRIVATE_KEY}"
TOKEN = base64.b64encode(PAIR.encode()).decode()


def spellings(secret: str) -> set[str]:
    """Every way the tests echo a secret: raw, JSON (plain and .NET style), URL, HTML."""
    net_style = json.dumps(secret)[1:-1].replace("/", "\\/").replace("+", "\\u002B")
    entities = "".join(f"&#{ord(c)};" if not c.isalnum() else c for c in secret)
    return {
        secret,
        json.dumps(secret)[1:-1],
        net_style,
        net_style.replace("\\u002B", "\\u002b"),
        quote(secret, safe=""),
        quote_plus(secret),
        entities,
        html.escape(secret),
    }


#: What must never appear on stdout or stderr, in any spelling: the key, the clientId, the
#: decoded pair and the base64 token (also without its `=` padding, which still decodes).
LEAKS = sorted(
    {
        form
        for s in (PRIVATE_KEY, CLIENT_ID, PAIR, TOKEN, TOKEN.rstrip("="))
        for form in spellings(s)
    }
)


def leaks(text: str) -> list[str]:
    return [form for form in LEAKS if form in text]


class Echoing(Sandbox):
    """A sandbox behind a broken .NET proxy: every API call gets a 500 whose body repeats
    the Authorization and clientId headers in the chosen spelling."""

    form = "json"

    def process(self, request: httpx.Request) -> Outcome:
        outcome = super().process(request)
        if "/apis/" not in request.url.path:
            return outcome
        auth = request.headers["authorization"]
        client = request.headers["clientid"]
        pair = base64.b64decode(auth.removeprefix("Basic ")).decode()
        said = f"Authorization: {auth}; decoded: {pair}; clientId: {client}"
        if self.form == "json":  # .NET: '+' as \u002B, '/' as \/
            escaped = json.dumps(said)[1:-1].replace("/", "\\/").replace("+", "\\u002B")
            body = httpx.Response(500, content=f'{{"code":"Proxy","message":"{escaped}"}}'.encode())
        elif self.form == "url":
            query = urlencode({"auth": auth, "pair": pair, "clientId": client})
            body = httpx.Response(500, text=f"upstream refused /apis/?{query}")
        elif self.form == "url-in-json":
            body = httpx.Response(500, json={"message": f"refused {quote(said, safe='')}"})
        elif self.form == "html":
            page = "".join(f"&#{ord(c)};" if not c.isalnum() else c for c in said)
            body = httpx.Response(500, html=f"<html><title>Error {page}</title></html>")
        else:  # "decoded": the pair in plain text
            body = httpx.Response(500, text=f"login {pair} refused")
        return Outcome(body, 0.0, outcome.request_number)


ECHO_FORMS = ("json", "url", "url-in-json", "html", "decoded")


def echo_tenant() -> SandboxTenant:
    return make_tenant("acme", 40, seed=3, private_key=PRIVATE_KEY, client_id=CLIENT_ID)


@contextmanager
def echoing_lab(folder: Path) -> Iterator[tuple[Echoing, Path]]:
    """The echoing sandbox on loopback and a config (literal secrets) pointing at it."""
    box = Echoing([echo_tenant()])
    with box.serving() as base_url:
        config = write_config(
            folder,
            f'[tenants.acme]\nsite = "{base_url}"\ncompany_id = "acme"\n'
            f'public_key = "{DEMO_PUBLIC_KEY}"\nprivate_key = "{PRIVATE_KEY}"\n'
            f'client_id = "{CLIENT_ID}"\n',
        )
        yield box, config


def echo_failure(box: Echoing, config: Path, form: str) -> tuple[int, str, str]:
    """`companies acme --count` while the proxy echoes in `form`: code, stdout, stderr."""
    box.form = form
    with client_defaults(retry=compressed_policy(seed=1)):
        return run_cli(["--config", str(config), "companies", "acme", "--count"])


@dataclass(frozen=True)
class SecretReport:
    forms: int
    spellings_checked: int
    leaks: int


def run_secret_echoes(folder: Path) -> SecretReport:
    """Each echo form once: how many spellings of a secret reached stdout or stderr."""
    found = 0
    with echoing_lab(folder) as (box, config):
        for form in ECHO_FORMS:
            _, out, err = echo_failure(box, config, form)
            found += len(leaks(out + err))
    return SecretReport(len(ECHO_FORMS), len(LEAKS), found)
