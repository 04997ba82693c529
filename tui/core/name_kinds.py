"""Names that must never be linked unasked: placeholders, people, and one branch of several.

Exports carry rows nobody should map automatically: "DO NOT USE - Contoso", "TEST - Acme",
"zz Old Fabrikam", "Smith, John" or "Jane Doe (personal)". Each still gets suggestions (the
name inside the placeholder is often a real company), but a person decides.
"""

from __future__ import annotations

import re

from tui.core.normalize import LEGAL_SUFFIXES, fold

# Markers of a row kept for bookkeeping, not a customer: at the start, in brackets or after a
# dash, whole words only ("Testa Foods" and "Oldham Motors" are real companies).
_MARKER = (
    r"do\W*not\W*use|dnu|don'?t\W*use|test|testing|dummy|sample|placeholder|duplicate|dupe?"
    r"|delete[d]?|obsolete|inactive|unused|internal|closed|archived?"
)
# The one placeholder pattern that needs neither punctuation nor a marker: a name that is
# only "N/A", "none", "unknown", "misc", "cash sale", "walk in" and the like.
_NO_NAME = re.compile(
    r"^\W*(?:n/?a|none|unknown|tbd|tba|misc(?:ellaneous)?|various|cash\W*(?:sale|customer)"
    r"|walk\W*in)\W*$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    rf"^\W*(?:{_MARKER})\s*(?:[-–—:|/]|$)"  # "TEST - Acme", "DO NOT USE: Contoso", "Internal"
    rf"|^\W*(?:z{{2,}}|x{{2,}})\b"  # "zz Old Fabrikam", "XX Contoso" (sorted to the end)
    rf"|do\W*not\W*use|\bdnu\b"
    rf"|[(\[]\s*(?:{_MARKER})\s*[)\]]"  # "Contoso (Test)", "Acme [DUPLICATE]"
    rf"|\s[-–—]+\s*(?:{_MARKER})\s*$"  # "Contoso - Internal"
    rf"|{_NO_NAME.pattern}",
    re.IGNORECASE,
)
# What a sorted-to-the-end prefix leaves: "zz Old Fabrikam" -> "Fabrikam".
_ZZ_OLD = re.compile(r"^\W*(?:z{2,}|x{2,})\W+(?:old\b\W*)?", re.IGNORECASE)
# "(personal)", "- Personal", "Mr John Smith" ("Dr. Jane Doe Dentistry" is a practice).
_PERSONAL_TAG = re.compile(
    r"[(\[]\s*(?:personal|private|individual|home)\s*[)\]]|\s[-–—]+\s*(?:personal|private)\s*$",
    re.IGNORECASE,
)
_PERSONAL = re.compile(
    rf"{_PERSONAL_TAG.pattern}|^\s*(?:mr|mrs|ms|miss|mx)\.?\s+[a-z]", re.IGNORECASE
)
# "Smith, John" or "Smith, John A.": a surname, a comma and one or two given names.
_SURNAME_FIRST = re.compile(
    r"^\s*([A-Za-z'’-]+(?: [A-Za-z'’-]+)?),\s*([A-Za-z]+)(?: [A-Za-z]\.?)?\s*$"
)
# Words that make a "Surname, Word" name a company ("Smith, Partners", "Contoso, Ltd.").
_BUSINESS_WORDS = frozenset(
    """partners associates group services sons brothers bros company co and solicitors
    consulting holdings trust foundation""".split()  # noqa: SIM905
)
_LEGAL_WORDS = frozenset(word for form in LEGAL_SUFFIXES for word in form)

#: Qualifier words that name an office or a department of one company, not another branch:
#: "Contoso (HQ)" and "Contoso - Billing" are Contoso; "Contoso (North)" may not be.
NEUTRAL_QUALIFIERS: frozenset[str] = frozenset(
    """hq headquarters head main office offices corporate corp billing bill accounts account
    payable receivable ap ar admin administration finance department dept invoices invoicing
    purchasing procurement primary global group parent the of ltd inc llc financial
    company""".split()  # noqa: SIM905
)


_PUNCTUATION = frozenset(",([-–—:|/")
_TITLES = ("mr", "ms", "miss", "mx")
_MARKER_PARTS = ("use", "dnu", "test", "dumm", "sample", "placeholder", "dup", "delet", "obsolete",
                 "inactive", "internal", "closed", "archiv", "zz", "xx")  # fmt: skip
# Any of them, in one C call (a generator over them took as long as the patterns it spares).
_MARKER_PART = re.compile("|".join(_MARKER_PARTS))


def placeholder_reason(name: str) -> str | None:
    """Why a name reads as a placeholder or a row not to use, or None for an ordinary name."""
    if _PLACEHOLDER.search(name):
        return "looks like a placeholder"
    return None


def personal_reason(name: str) -> str | None:
    """Why a name reads as a person rather than a company, or None."""
    if _PERSONAL.search(name):
        return "looks like a person"
    match = _SURNAME_FIRST.match(name)
    if match:
        words = set(fold(f"{match[1]} {match[2]}").replace("-", " ").split())
        if not words & (_BUSINESS_WORDS | _LEGAL_WORDS):
            return "looks like a person (Surname, Name)"
    return None


def hold_reason(name: str) -> str | None:
    """Why a record or company with this name must not be linked without a person: a
    placeholder, or a person's name. None for an ordinary company name."""
    if not _may_hold(name):
        return None
    return placeholder_reason(name) or personal_reason(name)


def _may_hold(name: str) -> bool:
    """A quick look that rules out most names before the patterns run (one per record and
    per top company, 10,000s of times): every pattern needs one of these to match."""
    if not _PUNCTUATION.isdisjoint(name):
        return True
    lowered = name.casefold()
    if lowered.startswith(_TITLES) or _MARKER_PART.search(lowered):
        return True
    if len(name) >= 16:
        return False
    # A short name (most records' names) is looked at more closely, where case folds simply:
    # the titles may follow spaces (`_PERSONAL`), and a whole name may say "no name".
    if not name.isascii():
        return True
    return lowered.lstrip().startswith(_TITLES) or _NO_NAME.match(name) is not None


def without_markers(name: str) -> str:
    """The name with placeholder markers taken out ("DO NOT USE - Contoso" -> "Contoso"), so
    the company it stands for is still suggested; the name itself when nothing else is left."""
    cleaned = _PLACEHOLDER.sub(" ", _ZZ_OLD.sub("", name))
    cleaned = _PERSONAL_TAG.sub(" ", cleaned).strip(" -–—:|/()[]")
    return cleaned if any(c.isalnum() for c in cleaned) else name


def distinguishing(qualifier_words: list[str]) -> frozenset[str]:
    """The qualifier words that name a branch, place or unit ("north", "leeds", "store 12")."""
    return frozenset(w for w in qualifier_words if w not in NEUTRAL_QUALIFIERS)
