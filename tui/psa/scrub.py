"""Keep our own credentials out of the PSA's error text, in whatever form it echoes them.

A proxy or a .NET error page may repeat the request headers: raw, JSON-escaped
(`\\u002B`, `\\/`), URL-encoded (`%2B`), as HTML entities, or the Authorization value
decoded back to `company+public:private`. Each secret becomes one pattern in which
every character may appear in any of those spellings, so no mix of them gets through;
the text is then decoded layer by layer (URL, JSON, HTML) and checked again, and a body
that still holds a secret after that (nested encodings) is withheld whole.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable
from urllib.parse import unquote

REDACTED = "[redacted]"
WITHHELD = "[error body withheld: it repeated a credential]"


def _char(c: str) -> str:
    """Every spelling of one character: itself, `\\uXXXX`, `%XX`, `&#NN;`, `&#xHH;` (`\\/`)."""
    code = ord(c)
    forms = [re.escape(c)]
    if code <= 0xFFFF:
        forms.append(f"(?i:\\\\u{code:04x})")
    if code < 0x80:
        forms.append(f"(?i:%{code:02x})")
    forms.append(f"&#0*{code};")
    forms.append(f"(?i:&#x0*{code:x};)")
    if c == "/":
        forms.append(r"\\/")
    return "(?:" + "|".join(forms) + ")"


def credential_forms(company_id: str, public_key: str, private_key: str) -> list[str]:
    """The strings that reveal a private key: itself, the decoded Authorization pair and
    its base64 (without padding, which a proxy may drop)."""
    pair = f"{company_id}+{public_key}:{private_key}"
    token = base64.b64encode(pair.encode()).decode("ascii").rstrip("=")
    return [pair, token, private_key]


class Scrubber:
    """Redacts a fixed set of secrets from text in any of the spellings above."""

    def __init__(self, secrets: Iterable[str]) -> None:
        # Longest first, so the whole pair is redacted before the key inside it.
        wanted = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join("".join(_char(c) for c in s) for s in wanted)) if wanted else None
        )

    def text(self, text: str) -> str:
        """`text` with every spelling of every secret replaced by `[redacted]`."""
        if self._pattern is None:
            return text
        scrubbed = self._pattern.sub(REDACTED, text)
        for decoded in _decodings(scrubbed):
            if self._pattern.search(decoded):
                return WITHHELD  # hidden under two encodings: show nothing of it
        return scrubbed

    def body(self, body: bytes) -> bytes:
        """A response body, decoded as UTF-8 (bad bytes replaced), scrubbed, re-encoded."""
        if self._pattern is None:
            return body
        return self.text(body.decode("utf-8", "replace")).encode("utf-8")


def _decodings(text: str) -> list[str]:
    """The text with one more layer of URL, JSON-string and HTML escaping undone."""
    out = [unquote(text), html.unescape(text)]
    try:
        out.append(json.loads(f'"{text}"'))
    except ValueError:
        # Not one JSON string: undo the escapes a JSON body would hold, leniently.
        out.append(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))
    return out
