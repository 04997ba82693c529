"""Normalised names, website domains and phone numbers: two spellings of one company meet."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple


def _forms(text: str) -> frozenset[tuple[str, ...]]:
    """Comma-separated forms as tuples of words: "pty ltd, inc" -> {("pty", "ltd"), ("inc",)}."""
    return frozenset(tuple(form.split()) for form in text.split(","))


#: Legal forms dropped from the end of a name ("Contoso Ltd" and "Contoso Limited" are one
#: company), spelled as after normalisation: dots are gone, so "L.L.C." is "llc" and "S.A."
#: is "sa". Spaced single letters ("B V", "S A R L") are joined before the lookup.
LEGAL_SUFFIXES: frozenset[tuple[str, ...]] = _forms(
    "inc, incorporated, corp, corporation, co, company, cos, companies, llc, pllc, llp, lllp,"
    "lp, ltd, limited, ltda, plc, public limited company, pty, pte, pvt, private, private limited,"
    "pty ltd, pte ltd, pvt ltd, co ltd, co inc, gmbh, mbh, gmbh co kg, ag, kg, kgaa, ohg, gbr,"
    "ug, ev, sa, sas, sasu, sarl, eurl, srl, s r l, sl, spa, s p a, snc, sa de cv, s de rl,"
    "s de rl de cv, bv, bvba, nv, vof, oy, oyj, ab, as, asa, aps, ans, kk, sdn, bhd, sdn bhd,"
    "sro, s r o, doo, kft, zrt, sp z oo, sp zoo, ooo, oao, zao"
)

# Longest form first, so "pty ltd" goes as one before "ltd" alone.
_SUFFIXES_BY_LAST_WORD: dict[str, tuple[tuple[str, ...], ...]] = {
    last: tuple(sorted((f for f in LEGAL_SUFFIXES if f[-1] == last), key=len, reverse=True))
    for last in {form[-1] for form in LEGAL_SUFFIXES}
}

#: Every spelling of one word, mapped to one form, so "Contoso Intl Svcs" meets "Contoso
#: International Services" and "Acme Medical Ctr" meets "Acme Med Center" (either side may
#: abbreviate). Only abbreviations that stand for one word in company names are listed.
ABBREVIATIONS: dict[str, str] = {
    "intl": "international",
    "svc": "service",
    "svcs": "services",
    "srvcs": "services",
    "servs": "services",
    "mfg": "manufacturing",
    "mfrs": "manufacturers",
    "assoc": "associates",
    "assocs": "associates",
    "assn": "association",
    "bros": "brothers",
    "grp": "group",
    "dept": "department",
    "tech": "technology",
    "techs": "technology",
    "technologies": "technology",
    "mgmt": "management",
    "mgt": "management",
    "ctr": "center",
    "cntr": "center",
    "centre": "center",
    "hldgs": "holdings",
    "hldg": "holding",
    "natl": "national",
    "sys": "systems",
    "solns": "solutions",
    "soln": "solution",
    "univ": "university",
    "bldg": "building",
    "constr": "construction",
    "const": "construction",
    "engg": "engineering",
    "eng": "engineering",
    "engr": "engineering",
    "med": "medical",
    "dist": "distribution",
    "distrib": "distribution",
    "distributors": "distribution",
    "distributor": "distribution",
    "comms": "communications",
    "comm": "communications",
    "communication": "communications",
    "fin": "financial",
    "finance": "financial",
    "ins": "insurance",
    "prop": "properties",
    "props": "properties",
    "property": "properties",
    "vet": "veterinary",
    "vets": "veterinary",
    "mktg": "marketing",
    "acctg": "accounting",
    "co": "company",
    "sr": "senior",
    "coop": "cooperative",
    # Place and title words, one form whichever they stand for: "St. Mary's Hospital" meets
    # "Saint Marys Hospital" and "Main St Dental" meets "Main Street Dental" (so "Saint" and
    # "Street" meet too, which no two real companies' names tell apart by).
    "saint": "st",
    "street": "st",
    "mt": "mount",
    "ft": "fort",
    "doctor": "dr",
    "drive": "dr",
    "rd": "road",
    "ave": "avenue",
    "blvd": "boulevard",
}


def _short_forms() -> dict[str, str]:
    shortest: dict[str, str] = {}
    for short, long in ABBREVIATIONS.items():
        if len(short) < len(long) and len(short) < len(shortest.get(long, long)):
            shortest[long] = short
    return shortest


#: Each spelled-out word's shortest abbreviation. A compound is written with it
#: ("GreenTech", "InfoTech", "NetSvcs"), so "Green Tech" (read as "green technology") must
#: meet "GreenTech" when its words are joined in their short forms (`short_joined`).
SHORT_FORMS: dict[str, str] = _short_forms()


def short_joined(words: list[str]) -> str:
    """The words joined in their short forms: ["green", "technology"] -> "greentech"."""
    if SHORT_FORMS.keys().isdisjoint(words):
        return "".join(words)
    short = SHORT_FORMS.get
    return "".join([short(w, w) for w in words])


#: Small numbers and ordinals in one form however written: "3 Rivers" / "Three Rivers",
#: "1st Choice" / "First Choice". A digit beside a lone letter is joined to it first ("A 1
#: Plumbing" stays "a1 plumbing"), so only a number standing alone is spelled out.
NUMBER_WORDS: dict[str, str] = {
    "1": "one", "2": "two", "3": "three", "4": "four", "5": "five",
    "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten",
    "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
    "6th": "sixth", "7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth",
}  # fmt: skip

#: Mailbox providers: a shared address domain says nothing about which company a record is.
GENERIC_DOMAINS: frozenset[str] = frozenset(
    """gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr ymail.com hotmail.com hotmail.co.uk
    hotmail.fr outlook.com live.com live.co.uk msn.com aol.com icloud.com me.com mac.com
    protonmail.com proton.me pm.me gmx.com gmx.de gmx.net web.de mail.com yandex.com yandex.ru
    zoho.com fastmail.com btinternet.com comcast.net verizon.net att.net sbcglobal.net
    bigpond.com orange.fr free.fr qq.com 163.com example.com""".split()  # noqa: SIM905
)

# Letters that NFKD does not decompose into a base letter plus a mark.
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
)
# Dots and apostrophes join what they separate ("L.L.C." -> "llc", "O'Neil" -> "oneil"); any
# other punctuation separates words. The ASCII tables are the fast path for most names.
_JOINERS = str.maketrans("", "", ".'’`´")
_ASCII_JOINERS = b".'`"
_ASCII_SEPARATORS = bytes(c if chr(c).isalnum() else ord(" ") for c in range(256))
# Qualifiers a local list adds to a name: "Contoso (HQ)", "Acme [UK]", "Fabrikam - Accounts".
# "Bluebird Cafe c/o John Smith": who the post goes to is a qualifier too.
_DASH_TAIL = re.compile(r"\s(?:[-–—]+|c/o)\s")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
# "AT&T" -> "att", "M&S" -> "ms", "B & Q" -> "bq": initials joined by "&" read as one word.
_INITIALS_AMP = re.compile(r"(?<!\w)(\w{1,2})&(\w{1,2})(?!\w)|(?<!\w)(\w) ?& ?(\w)(?!\w)")
# What every initials ampersand has: one or two letters before it, alone. Starting with "&",
# it is sought at C speed; most ampersands ("Smith & Sons") fail it and skip the slow pattern.
_AMP_AFTER_INITIALS = re.compile(r"&(?:(?<=(?<!\w)\w&)|(?<=(?<!\w)\w\w&)|(?<=(?<!\w)\w &))")
_NOT_WORD = re.compile(r"[\W_]+")
# Office and department names a list writes after a company's name without brackets or a
# dash: "Contoso HQ", "Fabrikam Main Office", "Acme Accounts Payable".
TRAILING_QUALIFIERS: frozenset[tuple[str, ...]] = _forms(
    "hq, head office, main office, headquarters, head quarters, corporate office, corporate hq,"
    "accounts payable, accounts receivable, billing department, billing office"
)
_QUALIFIER_SIZES = sorted({len(form) for form in TRAILING_QUALIFIERS}, reverse=True)
_QUALIFIER_LAST = frozenset(form[-1] for form in TRAILING_QUALIFIERS)
# Last words that `_core_and_tail` may strip (with the name's first word, "the", and a last
# word of one letter, "B V"); a name ending in none of them is its own core.
_ENDINGS = frozenset(_SUFFIXES_BY_LAST_WORD) | _QUALIFIER_LAST | {"the"}
# Words `_tokens` spells out or drops.
_RESPELT = frozenset(ABBREVIATIONS) | {"and"}
# Optional scheme, optional user@ (or the mailbox of an e-mail address), optional www., the host.
_HOST = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*://)?(?:[^@/?#\s]*@)?(?:www\d*\.)?([^/?#:@\s]+)")
_NON_DIGITS = re.compile(r"\D+")
_EXTENSION = re.compile(r"(?:x|ext|extension|#)\.?\s*\d+\s*$")


class NameKey(NamedTuple):
    """A name's keys: `full` keeps qualifying words ("acme uk"), `core` drops them ("acme").

    Qualifying words are those in brackets or after a spaced dash ("Contoso - Head Office").
    """

    full: str
    core: str


def fold(text: str) -> str:
    """Casefold and strip accents: "Société" -> "societe", "Straße" -> "strasse"."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _join_initials(match: re.Match[str]) -> str:
    """The letters around an initials ampersand, joined."""
    return "".join(part for part in match.groups() if part)


def _tokens(folded: str) -> list[str]:
    """Words of an already folded fragment, with abbreviations spelled out and "and" dropped."""
    if "co-op" in folded:  # "Co-op", "Co-operative": one word, not "co" (company) and "op"
        folded = folded.replace("co-op", "coop")
    if "&" in folded and _AMP_AFTER_INITIALS.search(folded):
        folded = _INITIALS_AMP.sub(_join_initials, folded)
    if folded.isascii():
        words = folded.encode().translate(_ASCII_SEPARATORS, _ASCII_JOINERS).decode().split()
    else:
        words = _NOT_WORD.sub(" ", folded.translate(_JOINERS)).split()
    return _spelled(words)


def _spelled(words: list[str]) -> list[str]:
    """The words with abbreviations spelled out, "and" dropped and lone letters rejoined."""
    # "&", "+" and "and" carry nothing: "Smith & Sons", "Smith and Sons" and "Smith Sons" meet.
    if not _RESPELT.isdisjoint(words):  # most names have no such word: one C call says so
        expand = ABBREVIATIONS.get
        words = [expand(w, w) for w in words if w != "and"] or words
    words = _rejoin_letters(words)
    if NUMBER_WORDS.keys().isdisjoint(words):
        return words
    return [NUMBER_WORDS.get(w, w) for w in words]


def _rejoin_letters(words: list[str]) -> list[str]:
    """Undo punctuation that a list turned into spaces: "shelmore s" -> "shelmores", "f k" -> "fk".

    Exports often replace an apostrophe or an ampersand with a space, which leaves a lone
    possessive "s" or a run of initials; both read as one word in the company's own name.
    """
    if not words or min(map(len, words)) > 1:  # the common case, at C speed
        return words
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:  # "" flushes the last run
        if len(word) == 1:
            run.append(word)
            continue
        if run == ["s"] and out:
            out[-1] += "s"
        elif run:
            out.append("".join(run))
        run = []
        if word:
            out.append(word)
    return out


def strip_legal_form(words: list[str]) -> list[str]:
    """Drop "The" (leading, or trailing as in "Yoon Enterprises, The") and trailing legal
    forms, never the last remaining word."""
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] == "the":
        words = words[:-1]
    while len(words) > 1:
        for form in _SUFFIXES_BY_LAST_WORD.get(words[-1], ()):
            size = len(form)
            if len(words) > size and tuple(words[-size:]) == form:
                words = words[:-size]
                break
        else:
            if len(words[-1]) > 1:
                return words
            # "B V", "L L C", "S A R L": a legal form whose dots became spaces.
            size = 1
            while size < len(words) and len(words[-size - 1]) == 1:
                size += 1
            if size == 1 or size == len(words) or ("".join(words[-size:]),) not in LEGAL_SUFFIXES:
                return words
            words = words[:-size]
    return words


#: One spelling of each legal form that has several ("Inc." and "Incorporated": "inc").
_FORM_SPELLINGS = {
    "incorporated": "inc", "corporation": "corp", "limited": "ltd", "company": "co",
    "companies": "cos", "public limited company": "plc", "private limited": "pvt ltd",
}  # fmt: skip


def legal_form(name: str) -> str:
    """The legal form a name ends with, in one spelling ("Acme, Inc." and "ACME
    Incorporated": "inc"; "The Acme Corporation": "corp"), or "" when it has none. Two
    companies of one name are told apart by it only in the order they are shown."""
    words = [w for w in _tokens(fold(name)) if w != "the"]
    kept = strip_legal_form(words)
    form = " ".join(words[len(kept) :])
    return _FORM_SPELLINGS.get(form, form)


def _core_and_tail(words: list[str]) -> tuple[list[str], list[str]]:
    """Legal forms and trailing office names set aside: "contoso ltd hq" -> (contoso, hq)."""
    if words and words[0] != "the" and len(words[-1]) > 1 and words[-1] not in _ENDINGS:
        return words, []  # the common case (most names have no legal form): nothing to strip
    words = strip_legal_form(words)
    tail: list[str] = []
    while len(words) > 1 and words[-1] in _QUALIFIER_LAST:
        for size in _QUALIFIER_SIZES:
            if len(words) > size and tuple(words[-size:]) in TRAILING_QUALIFIERS:
                tail = words[-size:] + tail
                words = strip_legal_form(words[:-size])
                break
        else:
            break
    return words, tail


def name_key(name: str) -> NameKey:
    """The keys under which two spellings of one company name are equal."""
    folded = fold(name)
    if folded.isascii() and folded.replace(" ", "").isalnum():
        # Most names are words and spaces only: no qualifier, and `_tokens` would split them
        # where `split` does.
        words = _spelled(folded.split())
    else:
        tailed = "-" in folded or "c/o" in folded or not folded.isascii()
        dash = _DASH_TAIL.search(folded) if tailed else None
        if dash or "(" in folded or "[" in folded or "{" in folded:
            return _qualified_key(folded, dash)
        words = _tokens(folded)
    core_words, tail = _core_and_tail(words)
    core = " ".join(core_words)
    return NameKey(" ".join(core_words + tail) if tail else core, core)


def _qualified_key(folded: str, dash: re.Match[str] | None) -> NameKey:
    """The keys of a folded name with a qualifier in brackets or after a spaced dash."""
    outside, inside = folded, ""
    if dash and dash.start() > 0:
        outside, inside = folded[: dash.start()], folded[dash.end() :]
    inside = " ".join([inside, *_BRACKETED.findall(outside)])
    outside = _BRACKETED.sub(" ", outside)
    core_words, tail = _core_and_tail(_tokens(outside))
    extra = tail + (_tokens(inside) if inside.strip() else [])
    # "Acme [UK] Ltd" and "Acme Ltd (UK)" share "acme uk": qualifying words go last.
    full = " ".join(core_words + [w for w in extra if w not in core_words])
    core = " ".join(core_words)
    return NameKey(full or core, core or full)


def normalize_name(name: str) -> str:
    """One comparable string per company name: "The Müller & Söhne GmbH" -> "muller sohne"."""
    return name_key(name).full


def normalize_domain(value: str | None) -> str | None:
    """The host of a website or e-mail address, lowercase, without scheme, www., port or path."""
    if not value:
        return None
    match = _HOST.match(value.casefold())
    host = match.group(1).strip(".") if match else ""
    return host if "." in host else None


def is_generic_domain(domain: str) -> bool:
    """True for mailbox providers (gmail.com, outlook.com, ...) that many companies share."""
    return domain in GENERIC_DOMAINS


def normalize_phone(value: str | None) -> str | None:
    """The last ten digits of a phone number (extension dropped); None when too short to tell."""
    if not value:
        return None
    if value.isdigit():  # as the vendor stores them
        digits = value
    else:
        text = value.casefold()
        if "x" in text or "#" in text:
            text = _EXTENSION.sub("", text)
        digits = _NON_DIGITS.sub("", text)
    if len(digits) < 7:
        return None
    return digits[-10:]
