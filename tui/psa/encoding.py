"""A response body as UTF-8 bytes, whatever byte-order mark or charset it came with.

JSON on the wire is UTF-8 (RFC 8259), and psamap's decoders read bytes as UTF-8. Servers
still differ: .NET writers put a UTF-8 byte-order mark first (RFC 8259 lets a parser
ignore it; the strict decoder refuses it, so a count, a page or companyinfo read as "not
JSON" and a created company as "unreadable"), and a server or proxy may send UTF-16 or a
legacy charset it declares in Content-Type. Everything downstream (decoding, scrubbing
secrets out of error text, reading the vendor's `errors[]`) sees the same UTF-8 bytes.
"""

from __future__ import annotations

import codecs

#: Marks that name their encoding (UTF-32's first: its little-endian mark starts like UTF-16's).
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def utf8_body(body: bytes, charset: str | None) -> bytes:
    """`body` as UTF-8 without a byte-order mark; `charset` is what Content-Type declared.

    A body that is valid UTF-8 stays as it is whatever charset was declared (a server that
    labels its UTF-8 JSON `iso-8859-1` is common, and reading it as Latin-1 would garble
    every accented name); only bytes that are not UTF-8 are read in the declared charset.
    UTF-16 and UTF-32 are read when their mark or the charset says so. A body that does
    not decode as claimed is returned unchanged, for the decoder to report.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :]
    for mark, marked in _MARKS:
        if body.startswith(mark):
            return _transcoded(body, marked)
    codec = _codec(charset)
    if codec is None or codec == "utf-8":
        return body
    if codec.startswith(("utf-16", "utf-32")):
        return _transcoded(body, codec)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return _transcoded(body, codec)
    return body


def _codec(charset: str | None) -> str | None:
    """Python's name for a declared charset (`utf-8`, `utf-16-be`, `cp1252`), None if unknown."""
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except LookupError:
        return None


def _transcoded(body: bytes, codec: str) -> bytes:
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return body
    return text.removeprefix("\ufeff").encode("utf-8")
