"""Realistic company names: many patterns over large word lists, so few names repeat by chance.

Real tenants hold few accidental duplicates ("Hartley Plumbing" twice is rare; "Acme Ltd"
entered twice is a deliberate copy, made in `data.py`). Each pattern here draws from
hundreds of thousands of combinations after normalisation (legal forms, "The" and "&" do
not count), so 50,000 names repeat by chance well under one time in a hundred.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

NAME_MAX = 50
_LETTERS = "ABCDEFGHIJKLMNOPRSTW"  # initials people use (few Q, X, Z...)
_DOCTORS = frozenset({"DDS", "DMD", "MD", "Dentistry", "Chiropractic"})


@dataclass(frozen=True, slots=True)
class NameVocabulary:
    """The words one tenant's company names are made of and how often each pattern is used.

    `patterns` are (pattern name, weight); the names are `NameMaker` methods without the `_`.
    """

    surnames: tuple[str, ...]
    accented_surnames: tuple[str, ...]
    first_names: tuple[str, ...]
    places: tuple[str, ...]
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    descriptors: tuple[str, ...]
    brand_onsets: tuple[str, ...]
    brand_joins: tuple[str, ...]
    brand_endings: tuple[str, ...]
    compound_heads: tuple[str, ...]
    compound_tails: tuple[str, ...]
    brand_nouns: tuple[str, ...]
    professions: tuple[str, ...]
    trades: tuple[str, ...]
    number_openers: tuple[str, ...]
    family_tails: tuple[str, ...]
    group_words: tuple[str, ...]
    suffixes: tuple[tuple[str, str | None], ...]
    #: The legal forms most names carry (four in five); the rest are drawn from `suffixes`.
    common_suffixes: tuple[str, ...]
    patterns: tuple[tuple[str, float], ...]
    accented_rate: float = 0.03
    suffix_rate: float = 0.4


class NameMaker:
    """Draws company names from a vocabulary with a seeded `random.Random` (index arithmetic)."""

    def __init__(self, vocabulary: NameVocabulary, rng: random.Random) -> None:
        self.v = vocabulary
        self.rand = rng.random
        self._makers = [getattr(self, f"_{name}") for name, _ in vocabulary.patterns]
        self._cum = list(accumulate(w for _, w in vocabulary.patterns))
        # Longest first, so "Pty Ltd" is found before "Ltd".
        self._suffix_tails = sorted(
            ((" " + s, s, c) for s, c in vocabulary.suffixes), key=lambda t: -len(t[0])
        )

    def name(self) -> str:
        """One company name of at most `NAME_MAX` characters."""
        name = ""
        for _ in range(4):
            make = self._makers[bisect(self._cum, self.rand() * self._cum[-1])]
            name = make()
            if len(name) <= NAME_MAX:
                return name
        return name[:NAME_MAX].rstrip(" &,.-")

    def legal_variant(self, name: str) -> str:
        """The same company entered again: legal form kept, dropped, added or respelled.

        Only the legal form changes, so the normalised name (what matching compares) does not.
        """
        found = next(((t, s, c) for t, s, c in self._suffix_tails if name.endswith(t)), None)
        x = self.rand()
        if x < 0.45:
            return name
        if found is None:
            return self._with_suffix(name, 1.0) if x < 0.75 else name
        tail, suffix, country = found
        bare = name[: -len(tail)]
        if x < 0.75:
            return bare
        same_country = [s for s, c in self.v.suffixes if c == country and s != suffix]
        return f"{bare} {self._pick(tuple(same_country))}" if same_country else bare

    # -- word picks --------------------------------------------------------------------------

    def _pick(self, seq: tuple[str, ...]) -> str:
        return seq[int(self.rand() * len(seq))]

    def _surname(self) -> str:
        if self.rand() < self.v.accented_rate:
            return self._pick(self.v.accented_surnames)
        return self._pick(self.v.surnames)

    def _place(self) -> str:
        return self._pick(self.v.regions if self.rand() < 0.02 else self.v.places)

    def _brand(self) -> str:
        onset, ending = self._pick(self.v.brand_onsets), self._pick(self.v.brand_endings)
        join = self._pick(self.v.brand_joins)
        if not join and onset[-1] in "aeiouy" and ending[0] in "aeiouy":
            join = "r"
        return onset + join + ending

    def _business(self) -> str:
        """What a brand-like name is followed by: a brand noun or an industry."""
        return self._pick(self.v.brand_nouns if self.rand() < 0.6 else self.v.industries)

    def _initial(self) -> str:
        return _LETTERS[int(self.rand() * len(_LETTERS))]

    def _with_suffix(self, name: str, rate: float | None = None) -> str:
        if self.rand() >= (self.v.suffix_rate if rate is None else rate):
            return name
        if self.rand() < 0.8:
            return f"{name} {self._pick(self.v.common_suffixes)}"
        suffixes = self.v.suffixes
        return f"{name} {suffixes[int(self.rand() * len(suffixes))][0]}"

    # -- patterns (named in `NameVocabulary.patterns`) ---------------------------------------

    def _surname_industry(self) -> str:
        return self._with_suffix(f"{self._surname()} {self._pick(self.v.industries)}")

    def _place_industry(self) -> str:
        if self.rand() < 0.12:
            return f"The {self._place()} {self._pick(self.v.industries)} Company"
        return self._with_suffix(f"{self._place()} {self._pick(self.v.industries)}")

    def _brand_business(self) -> str:
        return self._with_suffix(f"{self._brand()} {self._business()}")

    def _brand_alone(self) -> str:
        return self._with_suffix(self._brand(), 0.8)

    def _compound(self) -> str:
        head = self._pick(self.v.compound_heads) + self._pick(self.v.compound_tails)
        return self._with_suffix(f"{head} {self._business()}")

    def _surname_pair(self) -> str:
        if self.rand() < 0.2:
            return f"{self._surname()}, {self._surname()} & {self._surname()}"
        return self._with_suffix(f"{self._surname()} & {self._surname()}")

    def _surname_group(self) -> str:
        group = self._pick(self.v.group_words)
        if self.rand() < 0.15:
            return f"The {self._surname()} {group}"
        industry = self._pick(self.v.industries)
        if industry.endswith(self.v.group_words):  # "Hartley Law Group", not "... Group Group"
            return f"{self._surname()} {industry}"
        return f"{self._surname()} {industry} {group}"

    def _family(self) -> str:
        name = f"{self._surname()} {self._pick(self.v.family_tails)}"
        return f"{name} {self._pick(self.v.industries)}" if self.rand() < 0.85 else name

    def _descriptor_industry(self) -> str:
        return self._with_suffix(
            f"{self._pick(self.v.descriptors)} {self._pick(self.v.industries)}"
        )

    def _descriptor_of_place(self) -> str:
        industry = self._pick(self.v.industries)
        return f"{self._pick(self.v.descriptors)} {industry} of {self._place()}"

    def _person(self) -> str:
        profession = self._pick(self.v.professions)
        title = "Dr. " if profession in _DOCTORS and self.rand() < 0.4 else ""
        return f"{title}{self._pick(self.v.first_names)} {self._surname()} {profession}"

    def _possessive(self) -> str:
        owner = self._pick(self.v.first_names) if self.rand() < 0.2 else self._surname()
        return f"{owner}'s {self._pick(self.v.trades)}"

    def _initials(self) -> str:
        first, second = self._initial(), self._initial()
        joint = f"{first}&{second}" if self.rand() < 0.6 else first + second
        return f"{joint} {self._pick(self.v.industries)}"

    def _acronym(self) -> str:
        letters = self._initial() + self._initial() + self._initial()
        return self._with_suffix(f"{letters} {self._business()}")

    def _number(self) -> str:
        return f"{self._pick(self.v.number_openers)} {self._pick(self.v.industries)}"

    def _place_business(self) -> str:
        return self._with_suffix(f"{self._place()} {self._pick(self.v.brand_nouns)}")

    def _trade_by(self) -> str:
        return f"{self._pick(self.v.trades)} by {self._surname()}"
