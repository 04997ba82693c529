"""Explain how two normalised names differ, in the kinds of change real exports make.

Two spellings of one company differ in a few known ways: words in another order, a compound
split or merged ("Lake Side" / "Lakeside"), a slip of the keyboard in a long word, one generic
word left out ("Hartley Plumbing Group"), an office named after the company ("- Billing").
When every difference between two names is one of these, the names are scored by what it
took to explain them (100 less a cost per change) and the reason names each change. When
something is left unexplained, the caller falls back to plain string similarity.

Costs are set so that one cheap change, or two, stays above the default threshold (92) and
anything a person should look at (a typo in a short word, which is as often another name,
"Adler" / "Alder") falls below it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from tui.core.name_kinds import distinguishing
from tui.core.normalize import SHORT_FORMS, short_joined

#: Words a company name may carry or drop without naming another company.
GENERIC_WORDS: frozenset[str] = frozenset(
    """group services service associates company solutions solution systems partners
    holdings holding enterprises enterprise""".split()  # noqa: SIM905
)

COST_ORDER = 2.0
COST_COMPOUND = 2.0
#: One slip (a letter swapped, dropped, doubled or wrong) in a word of six letters or more.
COST_TYPO = 3.0
#: A slip in a short word, or a word that is itself a word of this PSA: as often another name.
COST_WEAK_TYPO = 9.0
COST_GENERIC = 4.0
#: An office or department named on one side only ("Contoso (HQ)", "Contoso - Billing").
COST_QUALIFIER = 5.0
#: A word cut short ("Plumb" for "Plumbing"): a guess worth showing, not accepting.
COST_TRUNCATED = 9.0
#: The most two different branches ("Contoso (North)" / "Contoso (South)") may score.
BRANCH_CEILING = 80.0
_MAX_TYPOS = 2
# Letters the word that names the company needs before one slip in it is read as a typo.
_NAME_TYPO_LENGTH = 7
# Companies holding a word before a slip in it is cheap (the word is a trade, not a name).
_COMMON = 3


@dataclass(frozen=True, slots=True)
class NameVerdict:
    """How alike two names are once their differences are explained, and in which words."""

    score: float
    changes: tuple[str, ...]
    #: Both names say which branch they are, and the branches differ: never auto-accepted.
    other_branch: bool = False
    #: The record's name and the company's differ by a generic word only (uniqueness matters).
    generic_word: bool = False


def explain(
    record_core: Sequence[str],
    company_core: Sequence[str],
    record_qualifier: Sequence[str] = (),
    company_qualifier: Sequence[str] = (),
    *,
    word_count: Callable[[str], int] = lambda _: 0,
) -> NameVerdict | None:
    """The verdict on two names as word lists (core and qualifier words), or None when some
    difference between the cores is none of the known kinds.

    `word_count(w)` says how many of the PSA's companies hold the word `w`: a record word
    that some company holds is a name, not a misspelling; and a slip in a short word is
    cheap only in a common word ("Famrs"), when a rarer word both names share says which
    company it is.
    """
    core = _explain_core(list(record_core), list(company_core), word_count)
    if core is None:
        return None
    cost, changes, generic = core
    other_branch = False
    if list(record_qualifier) != list(company_qualifier):
        mine = distinguishing(list(record_qualifier))
        theirs = distinguishing(list(company_qualifier))
        if mine and theirs and mine != theirs:
            other_branch = True
            changes.append(f"other branch ({' '.join(sorted(mine))} / {' '.join(sorted(theirs))})")
        elif not (mine and mine == theirs):
            cost += COST_QUALIFIER
            changes.append("a qualifier")
    score = max(0.0, 100.0 - cost)
    if other_branch:
        score = min(score, BRANCH_CEILING)
    return NameVerdict(score, tuple(changes), other_branch, generic)


def _explain_core(
    a: list[str], b: list[str], word_count: Callable[[str], int]
) -> tuple[float, list[str], bool] | None:
    """(cost, changes, generic word) explaining core `a` as core `b`, or None."""
    if a == b:
        return 0.0, [], False
    rest_a, rest_b = list(a), list(b)
    common_a: list[str] = []
    for word in a:
        if word in rest_b:
            rest_b.remove(word)
            rest_a.remove(word)
            common_a.append(word)
    if len(rest_a) + len(rest_b) > 2 * _MAX_TYPOS + 3:
        return None  # more differences than the known kinds ever explain together
    if not _paired(rest_a, rest_b):
        return None  # the common case ("dalton" / "dio"): said without the steps below
    cost, changes = 0.0, []
    shared = set(common_a)
    common_b = [w for w in b if w in shared]
    if common_a != common_b:
        cost += COST_ORDER
        changes.append("words in another order")
    if not rest_a and not rest_b:
        return cost, changes, False
    joined = _explain_compounds(rest_a, rest_b) + _explain_compounds(rest_b, rest_a)
    if joined:
        cost += COST_COMPOUND * joined
        changes.append("words joined or split")
    pairs: list[tuple[str, str, int]] = []
    for word in list(rest_a):
        match = _typo_partner(word, rest_b)
        if match is not None:
            partner, distance = match
            rest_a.remove(word)
            rest_b.remove(partner)
            pairs.append((word, partner, distance))
    if len(pairs) > _MAX_TYPOS:
        return None
    # The word that says which company this is: the company's rarest. A slip in it is cheap
    # only in a long word ("Hartely"); "Cooper" / "Copper", "Barlow" / "Marlow" and "Brook" /
    # "Brooks" are as often two companies.
    rarest = min(b, key=word_count) if pairs else ""
    anchors = [word_count(w) for w in common_a] if pairs else []
    anchors += [word_count(p) for w, p, d in pairs if _plain_slip(w, p, d, rarest, word_count)]
    for word, partner, distance in pairs:
        if _plain_slip(word, partner, distance, rarest, word_count) or (
            distance == 1
            and word[0] == partner[0]
            and not word_count(word)
            and _common_word(partner, word_count)
            and any(n < word_count(partner) for n in anchors)
        ):
            cost += COST_TYPO
        else:
            cost += COST_WEAK_TYPO
        changes.append(f"typo {word}/{partner}")
    truncated = _explain_truncations(rest_a, rest_b)
    if truncated:
        cost += COST_TRUNCATED * truncated
        changes.append("a word cut short")
    generic = False
    if not rest_a and len(rest_b) == 1 and rest_b[0] in GENERIC_WORDS:
        generic, word = True, rest_b.pop()
    elif not rest_b and len(rest_a) == 1 and rest_a[0] in GENERIC_WORDS:
        generic, word = True, rest_a.pop()
    if generic:
        if not (set(a) | set(b)) - GENERIC_WORDS:
            return None  # "Group" vs "Services Group": nothing left that names a company
        cost += COST_GENERIC
        changes.append(f"without '{word}'")
    if rest_a or rest_b:
        return None
    return cost, changes, generic


def _paired(a: list[str], b: list[str]) -> bool:
    """Whether each word left on either side may be explained: a generic word, or one with a
    word on the other side that a known change pairs it with (a compound's part or whole, a
    word cut short: one is in the other; a slip). Every step below removes a word only so,
    so a word without one leaves the names unexplained; most candidates of a fuzzy search
    fail here, at a fraction of the steps' cost."""
    for word in a:
        if not (
            word in GENERIC_WORDS
            or any(word in other or other in word for other in b)
            or _in_a_compound(word, b)
            or _typo_partner(word, b) is not None
        ):
            return False
    for word in b:
        if not (
            word in GENERIC_WORDS
            or any(word in other or other in word for other in a)
            or _in_a_compound(word, a)
            or any(_typo_partner(other, [word]) is not None for other in a)
        ):
            return False
    return True


#: Words that link a name's words without naming anything: "Kitchens by Fairwell" is
#: "Kitchens Fairwell" (one of them more is for string similarity to weigh).
_LINKING_WORDS = frozenset(
    "a an by of for at in on de la le les du des der die das von van y".split()  # noqa: SIM905
)
#: Legal forms common enough in lists that a slip in one still reads as the form ("Crp").
_LEGAL_WORDS = ("inc", "corp", "ltd", "llc", "llp", "plc", "pty", "gmbh", "limited",
                "incorporated", "corporation", "company")  # fmt: skip


def holds_the_other(
    mine: Sequence[str], theirs: Sequence[str], word_count: Callable[[str], int]
) -> bool:
    """Whether the record's name (`mine`) and a company's (`theirs`) are one the other plus
    words (as many of each word at least) that name something: not only linking words, nor
    a legal form mistyped at the end ("Thistlefield Financial Crp"), which normalising
    could not strip. A last word other companies hold ("Harbor Inn") is a word, not a
    slip: `word_count` says how many companies hold it."""
    if len(mine) == len(theirs):
        return False
    longer, shorter = (mine, theirs) if len(mine) > len(theirs) else (theirs, mine)
    rest = list(longer)
    for word in shorter:
        if word not in rest:
            return False
        rest.remove(word)
    last = longer[-1]
    held_by_others = word_count(last) > (1 if longer is theirs else 0)
    if rest[-1:] == [last] and len(last) > 2 and not held_by_others and _legal_slip(last):
        rest.pop()
    return not _LINKING_WORDS.issuperset(rest)


def _legal_slip(word: str) -> bool:
    return any(OSA.distance(word, form, score_cutoff=1) <= 1 for form in _LEGAL_WORDS)


def _in_a_compound(word: str, others: list[str]) -> bool:
    """Whether `word`'s short form is part of a word in `others` ("technology", "greentech")."""
    short = SHORT_FORMS.get(word)
    return short is not None and any(short in other for other in others)


def _plain_slip(
    word: str, partner: str, distance: int, rarest: str, word_count: Callable[[str], int]
) -> bool:
    """Whether `word` reads as `partner` mistyped, not as another name: one edit, the first
    letter kept, no "s" added or dropped at the end, `word` itself no word of the PSA, and
    long enough: five or six letters; in the word that names the company, seven, unless the
    slip is a letter dropped, doubled or swapped (a letter replaced turns "Cooper" into
    "Copper", "Hadley" into "Halley": other names as often as typos)."""
    if distance != 1 or word[0] != partner[0] or word_count(word):
        return False
    if word.rstrip("s") == partner.rstrip("s"):
        return False
    shortest, longest = min(len(word), len(partner)), max(len(word), len(partner))
    long_enough = shortest >= 5 and longest >= 6
    if partner == rarest and shortest < _NAME_TYPO_LENGTH:
        replaced = len(word) == len(partner) and sorted(word) != sorted(partner)
        return long_enough and not replaced
    return long_enough


def _common_word(word: str, word_count: Callable[[str], int]) -> bool:
    """A word many names hold ("group", "media", "farms"): it says little about which company."""
    return word in GENERIC_WORDS or word_count(word) >= _COMMON


def _explain_compounds(parts_side: list[str], whole_side: list[str]) -> int:
    """Remove runs of 2-3 words on one side that together spell a word on the other side
    ("lake side" / "lakeside", "tri county" / "tricounty", "green technology" / "greentech"
    in the words' short forms); returns how many were found."""
    found = 0
    for size in (3, 2):
        i = 0
        while i + size <= len(parts_side):
            parts = parts_side[i : i + size]
            joined = "".join(parts)
            if joined not in whole_side:
                joined = short_joined(parts)
            if joined in whole_side:
                whole_side.remove(joined)
                del parts_side[i : i + size]
                found += 1
            else:
                i += 1
    return found


def _typo_partner(word: str, others: list[str]) -> tuple[str, int] | None:
    """The word in `others` that `word` is a slip of (one edit, two in long words), if any."""
    if len(word) < 4:
        return None
    best: tuple[str, int] | None = None
    for other in others:
        if len(other) < 4 or abs(len(other) - len(word)) > 2:
            continue
        if other[0] != word[0] and len(word) < 6:
            continue
        allowed = 2 if min(len(word), len(other)) >= 9 else 1
        distance = OSA.distance(word, other, score_cutoff=allowed)
        if distance <= allowed and (best is None or distance < best[1]):
            best = (other, distance)
    return best


def _explain_truncations(a: list[str], b: list[str]) -> int:
    """Remove words cut short on one side ("plumb" / "plumbing"); returns how many."""
    found = 0
    for short_side, long_side in ((a, b), (b, a)):
        for word in list(short_side):
            if len(word) < 3:
                continue
            for other in long_side:
                if len(other) >= len(word) + 2 and other.startswith(word):
                    short_side.remove(word)
                    long_side.remove(other)
                    found += 1
                    break
    return found
