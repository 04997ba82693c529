"""A seeded set of hard local records, each labelled with its true company and its kind.

Every record is one kind of variant seen in real exports, or a combination: trailing
qualifiers, abbreviations (either way), a generic word left out, words in another order,
compounds split or merged, two typos in two words, same-name companies told apart by
address, and the records that must never be linked unasked (placeholders, people, another
branch, a website on a shared host, near-miss names of companies that are not there). The
variants are made from the PSA names by plain string edits; whether a name is still unique
is checked on the words, so a label never asks for the impossible.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.core.normalize import fold
from tui.psa.models import Company, Reference

_QUALIFIERS = (" HQ", " - Head Office", " (Billing)", " - Accounts Payable", " Main Office",
               " - Corporate", " (Head Office)", " - Billing")  # fmt: skip
#: Long form -> what a list writes for it (with or without a dot).
_SHORT = {
    "Medical": "Med", "Associates": "Assoc", "Services": "Svcs", "Management": "Mgmt",
    "Manufacturing": "Mfg", "Technology": "Tech", "Technologies": "Tech", "Solutions": "Solns",
    "Systems": "Sys", "Construction": "Constr", "Company": "Co", "Center": "Ctr",
    "Centre": "Ctr", "Brothers": "Bros", "Distribution": "Dist", "Engineering": "Eng",
    "Communications": "Comms", "Financial": "Fin", "Finance": "Fin", "Insurance": "Ins",
    "Properties": "Prop", "Property": "Prop", "Veterinary": "Vet", "International": "Intl",
}  # fmt: skip
_LONG = {short: long for long, short in _SHORT.items()}
_GENERIC = ("Group", "Services", "Associates", "Company", "Solutions", "Systems", "Partners",
            "Holdings", "Enterprises")  # fmt: skip
_LEGAL = ("Inc", "Inc.", "LLC", "Ltd", "Limited", "Corp", "Corporation", "")
_LEGAL_TAIL = re.compile(
    r",?\s+(Inc\.?|LLC|LLP|L\.L\.C\.|Ltd\.?|Limited|Corp\.?|Corporation|Co\.|Company|PLC|plc|"
    r"GmbH|S\.A\.|SA|SARL|S\.A\.R\.L\.|B\.V\.|BV|N\.V\.|NV|AG|ApS|A/S|AB|Oy|S\.p\.A\.|"
    r"S\.r\.l\.|Pty\.? Ltd\.?)$"
)
_PLACEHOLDERS = ("DO NOT USE - {}", "TEST - {}", "zz Old {}", "{} (Internal)", "{} - DO NOT USE")
_GIVEN = ("John", "Mary", "David", "Susan", "James", "Linda", "Robert", "Karen", "Peter", "Anne")
_SHARED_SITES = ("https://www.facebook.com/{}", "facebook.com/{}", "https://linkedin.com/company/{}",
                 "instagram.com/{}", "https://sites.google.com/view/{}")  # fmt: skip
_BRANCHES = ("North", "South", "East", "West", "Downtown", "Airport")

POSITIVE_KINDS = (
    "qualifier", "abbreviation", "generic word", "word order", "compound", "two typos",
    "qualifier+abbreviation", "typo+legal form", "same name",
)  # fmt: skip
NEGATIVE_KINDS = ("absent", "placeholder", "personal", "other branch", "shared host")


@dataclass(frozen=True, slots=True)
class HardRecord:
    """A local record (fields as a records file holds them), its true PSA id and its kind."""

    fields: dict[str, str]
    psa_id: int | None
    kind: str


@dataclass
class HardSet:
    """The companies to match against (the PSA's plus a few added) and the labelled records."""

    companies: list[Company]
    records: list[HardRecord] = field(default_factory=list)


def hard_records(companies: Sequence[Company], *, n: int, seed: int) -> HardSet:
    """About `n` records over every kind (positives four in five), ids H-1 on, shuffled."""
    rng = random.Random(seed)
    live = [c for c in companies if not c.deleted_flag]
    maker = _Maker(list(companies), rng)
    per_kind = max(1, round(n * 0.8 / len(POSITIVE_KINDS)))
    per_negative = max(1, round(n * 0.2 / len(NEGATIVE_KINDS)))
    out: list[HardRecord] = []
    for kind in POSITIVE_KINDS:
        out += maker.positives(kind, live, per_kind)
    for kind in NEGATIVE_KINDS:
        out += maker.negatives(kind, live, per_negative)
    rng.shuffle(out)
    records = [
        HardRecord({"id": f"H-{i}", **r.fields}, r.psa_id, r.kind)
        for i, r in enumerate(out, start=1)
    ]
    return HardSet(maker.companies, records)


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", fold(name)) if w not in ("the", "and")]


class _Maker:
    """Makes variants while knowing the PSA's names (to keep every label answerable)."""

    def __init__(self, companies: list[Company], rng: random.Random) -> None:
        self.companies = companies
        self.rng = rng
        self._next_id = max((c.id for c in companies), default=0) + 1
        self._bags = Counter(" ".join(sorted(_words(_bare(c.name)))) for c in companies)
        self._by_bag: defaultdict[str, list[Company]] = defaultdict(list)
        for c in companies:
            self._by_bag[" ".join(sorted(_words(_bare(c.name))))].append(c)
        self._vocabulary = Counter(w for c in companies for w in set(_words(c.name)))

    # -- positives -----------------------------------------------------------------------------

    def positives(self, kind: str, live: list[Company], count: int) -> list[HardRecord]:
        make = {
            "qualifier": self._qualifier,
            "abbreviation": self._abbreviation,
            "generic word": self._generic,
            "word order": self._order,
            "compound": self._compound,
            "two typos": self._two_typos,
            "qualifier+abbreviation": lambda n: (
                self._qualifier(a) if (a := self._abbreviation(n)) else None
            ),
            "typo+legal form": lambda n: self._legal(t) if (t := self._typos(n, 1)) else None,
        }
        out: list[HardRecord] = []
        if kind == "same name":
            return self._same_names(live, count)
        for company in self._shuffled(live):
            if len(out) == count:
                break
            if not self._unique(company.name):
                continue
            name = make[kind](company.name)
            if name and _words(name) != _words(company.name):
                out.append(HardRecord({"name": name}, company.id, kind))
        return out

    def _shuffled(self, items: list[Company]) -> list[Company]:
        items = list(items)
        self.rng.shuffle(items)
        return items

    def _unique(self, name: str) -> bool:
        return self._bags[" ".join(sorted(_words(_bare(name))))] == 1

    def _qualifier(self, name: str) -> str:
        return name + self.rng.choice(_QUALIFIERS)

    def _abbreviation(self, name: str) -> str | None:
        words = name.split(" ")
        spots = [
            i for i, w in enumerate(words) if w.rstrip(".,") in _SHORT or w.rstrip(".") in _LONG
        ]
        if not spots:
            return None
        i = self.rng.choice(spots)
        word = words[i].rstrip(",")
        if word.rstrip(".") in _LONG:
            words[i] = _LONG[word.rstrip(".")]
        else:
            words[i] = _SHORT[word] + ("." if self.rng.random() < 0.4 else "")
        return " ".join(words)

    def _generic(self, name: str) -> str | None:
        bare = _bare(name)
        words = bare.split(" ")
        spots = [i for i, w in enumerate(words) if w in _GENERIC]
        if spots and len(words) > 2:
            left = words[: spots[0]] + words[spots[0] + 1 :]
            if self._bags[" ".join(sorted(_words(" ".join(left))))] == 0 and self._names_one(left):
                return " ".join(left)
            return None
        if len(words) >= 2 and not set(words) & set(_GENERIC):
            tail = _LEGAL_TAIL.search(name)
            added = [*words, self.rng.choice(_GENERIC)]
            if self._names_one(words):
                return " ".join(added) + (name[tail.start() :] if tail else "")
        return None

    def _names_one(self, words: list[str]) -> bool:
        """Whether exactly one company's name holds all these words (bar generic ones)."""
        wanted = set(_words(" ".join(words)))
        holders = [c for c in self._holders(wanted)]
        return len(holders) == 1

    def _holders(self, wanted: set[str]) -> list[Company]:
        rarest = min(wanted, key=lambda w: self._vocabulary[w])
        if self._vocabulary[rarest] > 50:
            return self.companies  # too common to be sure: treat as "several"
        return [c for c in self.companies if wanted <= set(_words(c.name))]

    def _order(self, name: str) -> str | None:
        words = _bare(name).replace(",", "").split(" ")
        words = [w for w in words if w not in ("&", "and", "The")]
        if len(words) < 2:
            return None
        words = words[1:] + words[:1] if self.rng.random() < 0.5 else [words[-1], *words[:-1]]
        return " ".join(words)

    def _compound(self, name: str) -> str | None:
        words = _bare(name).split(" ")
        longs = [i for i, w in enumerate(words) if len(w) >= 8 and w.isalpha()]
        pairs = [i for i in range(len(words) - 1) if words[i].isalpha() and words[i + 1].isalpha()]
        if longs and (not pairs or self.rng.random() < 0.5):
            i = self.rng.choice(longs)
            at = self.rng.randrange(3, len(words[i]) - 3)
            head, tail = words[i][:at], words[i][at:]
            joiner = self.rng.choice((" ", "-"))
            words[i] = head + joiner + (tail.capitalize() if self.rng.random() < 0.5 else tail)
        elif pairs:
            i = self.rng.choice(pairs)
            words[i : i + 2] = [words[i] + (words[i + 1] if self.rng.random() < 0.5
                                            else words[i + 1].lower())]  # fmt: skip
        else:
            return None
        return " ".join(words)

    def _two_typos(self, name: str) -> str | None:
        return self._typos(name, 2)

    def _typos(self, name: str, count: int) -> str | None:
        tail = _LEGAL_TAIL.search(name)
        legal = name[tail.start() :] if tail else ""
        words = (name[: tail.start()] if tail else name).split(" ")
        spots = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if len(spots) < count:
            return None
        for i in self.rng.sample(spots, count):
            words[i] = _typo(words[i], self.rng)
        return " ".join(words) + legal

    def _legal(self, name: str) -> str:
        tail = _LEGAL_TAIL.search(name)
        base = name[: tail.start()] if tail else name
        form = self.rng.choice([f for f in _LEGAL if not tail or f != tail.group(1)])
        return f"{base} {form}".strip()

    def _same_names(self, live: list[Company], count: int) -> list[HardRecord]:
        """Records for companies sharing a name with another, told apart by their address."""
        out: list[HardRecord] = []
        groups = [g for g in self._by_bag.values() if len(g) >= 2]
        self.rng.shuffle(groups)
        for group in groups:
            if len(out) == count:
                break
            target = self.rng.choice([c for c in group if not c.deleted_flag] or group)
            others = [c for c in group if c is not target and not c.deleted_flag]
            if target.deleted_flag or not target.city or not target.zip:
                continue
            fields = {"name": target.name}
            roll = self.rng.random()
            if roll < 0.4 and all(o.zip != target.zip for o in others):
                fields["zip"] = target.zip
            elif roll < 0.8 and all(o.city != target.city for o in others):
                fields |= {"city": target.city, "state": target.state or ""}
            elif all((o.city, o.zip) != (target.city, target.zip) for o in others):
                fields |= {"city": target.city, "state": target.state or "", "zip": target.zip}
            else:
                continue
            out.append(HardRecord(fields, target.id, "same name"))
        return out

    # -- negatives -----------------------------------------------------------------------------

    def negatives(self, kind: str, live: list[Company], count: int) -> list[HardRecord]:
        out: list[HardRecord] = []
        rng = self.rng
        for company in self._shuffled(live):
            if len(out) == count:
                break
            if kind == "placeholder":
                out.append(HardRecord({"name": rng.choice(_PLACEHOLDERS).format(company.name)},
                                      None, kind))  # fmt: skip
            elif kind == "personal":
                surname = _words(company.name)[0].capitalize()
                given = rng.choice(_GIVEN)
                name = rng.choice((f"{surname}, {given}", f"{given} {surname} (personal)"))
                out.append(HardRecord({"name": name}, None, kind))
            elif kind == "absent":
                near = self._near_miss(company)
                if near:
                    out.append(HardRecord({"name": near}, None, kind))
            elif kind == "other branch":
                out.append(self._branch(company))
            elif kind == "shared host":
                out.append(self._shared_host(company))
        return out

    def _near_miss(self, company: Company) -> str | None:
        """A name made of a real company's words and another's: plausible, and not there."""
        other = self.rng.choice(self.companies)
        head = _bare(company.name).split(" ")[0]
        tail = _bare(other.name).split(" ")[1:]
        if not tail:
            return None
        name = " ".join([head, *tail])
        if self._bags[" ".join(sorted(_words(name)))] or self._holders(set(_words(name))) != []:
            return None
        return name

    def _add(self, name: str, **extra: Any) -> Company:
        company = Company(id=self._next_id, identifier=f"X{self._next_id}", name=name,
                          status=Reference(id=1, name="Active"), **extra)  # fmt: skip
        self._next_id += 1
        self.companies.append(company)
        return company

    def _branch(self, company: Company) -> HardRecord:
        """Two branches of one name join the PSA; the record names a third."""
        base = _bare(company.name) + " " + self.rng.choice(("Dental", "Clinic", "Motors", "Realty"))
        first, second, third = self.rng.sample(_BRANCHES, 3)
        self._add(f"{base} ({first})")
        self._add(f"{base} - {second}")
        return HardRecord({"name": f"{base} ({third})"}, None, "other branch")

    def _shared_host(self, company: Company) -> HardRecord:
        """A company whose website is a social page joins the PSA; an unrelated record has
        another page on the same host."""
        handle = re.sub(r"[^a-z]", "", fold(company.name))[:20]
        self._add(f"{_bare(company.name)} Outfitters",
                  website=self.rng.choice(_SHARED_SITES).format(handle))  # fmt: skip
        other = self.rng.choice(("Bluebird Bakery", "Corner Cafe", "Ace Barbers", "Sunrise Yoga"))
        return HardRecord(
            {"name": f"{other} {self.rng.randrange(100)}",
             "domain": self.rng.choice(_SHARED_SITES).format(f"page{self.rng.randrange(10**6)}")},
            None, "shared host",
        )  # fmt: skip


def _bare(name: str) -> str:
    """The name without a trailing legal form."""
    tail = _LEGAL_TAIL.search(name)
    return (name[: tail.start()] if tail else name).strip()


def _typo(word: str, rng: random.Random) -> str:
    """One slip: two letters swapped, one dropped, doubled or replaced, never the first."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    letter = rng.choice("aeiourstnl".replace(word[at].lower(), ""))
    return word[:at] + letter + word[at + 1 :]
