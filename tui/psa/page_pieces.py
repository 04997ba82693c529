"""A page of companies decoded a piece at a time, so the event loop is never kept waiting.

Validating a 1,000-company page (~400 KB) is ~8 ms of C code on the CPU lane that keeps the
interpreter lock throughout its JSON parse: each time the event loop wants the lock back
(every socket read, every paint) it may wait out that whole stretch. Cut at company
boundaries into pieces of ~50 KB, with the lock handed over between them, the loop waits
for one piece at most. The result is the same list: a body that cannot be cut safely is
decoded whole, and a piece that fails sends the whole body back to `decode` for its error.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from tui.psa.models import PsaCompany

#: About this many bytes a piece (~125 companies with psamap's `fields=`).
PIECE_BYTES = 48_000
#: Where a company starts. The vendor writes `id` then `identifier` first; a nested object
#: (a status, a type) has no `identifier`, and inside a string `{"` would be escaped.
_COMPANY_START = re.compile(rb'\{"id":\d+,"identifier":')


def pieces(raw: bytes) -> list[bytes] | None:
    """`raw` (a JSON array of companies) as smaller arrays of whole companies, in order;
    None when it is small or cannot be cut with certainty (then decode it whole)."""
    if len(raw) < 2 * PIECE_BYTES:
        return None
    start = raw.find(b"[")
    if start < 0 or not _COMPANY_START.match(raw, start + 1):
        return None
    cuts: list[int] = []
    at = start + 1 + PIECE_BYTES
    while at < len(raw) - PIECE_BYTES // 2:
        found = _COMPANY_START.search(raw, at)
        if found is None:
            break
        if not _after_a_company(raw, found.start()):
            return None  # not between two companies of the array: do not guess
        cuts.append(found.start())
        at = found.start() + PIECE_BYTES
    out: list[bytes] = []
    begin = start + 1
    for cut in cuts:
        out.append(b"[" + raw[begin:cut].rstrip().removesuffix(b",") + b"]")
        begin = cut
    out.append(b"[" + raw[begin:])
    return out


def _after_a_company(raw: bytes, at: int) -> bool:
    """Whether `raw[:at]` ends with `},` and blanks, read backwards in place (not by
    copying the whole prefix at every cut)."""
    while at > 0 and raw[at - 1] in b" \t\r\n":
        at -= 1
    return at >= 2 and raw.startswith(b"},", at - 2)


def decode_in_pieces(raw: bytes, decode: Callable[[bytes], list[PsaCompany]]) -> list[PsaCompany]:
    """`decode(raw)`, a piece at a time with the lock handed over between pieces."""
    parts = pieces(raw)
    if parts is None:
        return decode(raw)
    rows: list[PsaCompany] = []
    try:
        for part in parts:
            rows.extend(decode(part))
            time.sleep(0)  # hand the lock over: the loop may be waiting for it
    except ValueError:
        return decode(raw)  # the whole body's own error (or, if it decodes, its rows)
    return rows
