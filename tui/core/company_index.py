"""The PSA companies as the matcher reads them: their name keys by position, and look-ups.

Built once per matching run for up to 200,000 companies and alive beside them while every
record is ranked, so it keeps only what ranking reads: per company its normalised name with
and without qualifiers (one string when equal), its token-sorted name (the name itself when
already sorted) and, once a record has a website, its website's domain; the look-ups keep
hashes and positions (`KeyIndex`), except the name look-up every record makes, a dict over
the names held anyway (`HeldKeyIndex`), and the fuzzy search keeps flat word postings
(`NameSearch`). A look-up no record needs (identifiers, phones, websites in a records file
without them) is never built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property

from tui.core.key_index import HeldKeyIndex, KeyIndex
from tui.core.name_compare import GENERIC_WORDS
from tui.core.name_search import NameSearch
from tui.core.normalize import SHORT_FORMS, name_key, normalize_phone, short_joined
from tui.core.websites import website_key
from tui.psa.models import CompanyLike

#: Every look-up, by attribute name.
LOOKUPS = ("by_name", "by_core", "by_bag", "by_joined", "by_joined_short", "by_generic_free",
           "by_identifier", "by_phone", "by_domain")  # fmt: skip


class CompanyIndex:
    """The companies' keys by position (the order of `companies`) and the look-ups on them."""

    def __init__(
        self,
        companies: Sequence[CompanyLike],
        *,
        cutoff: float,
        contained_score: float,
        floor: float,
    ) -> None:
        self.companies = companies
        self.ids = [c.id for c in companies]
        self.deleted = [c.deleted_flag for c in companies]
        full: list[str] = []
        core: list[str] = []
        for full_key, core_key in map(name_key, [c.name for c in companies]):
            full.append(full_key)
            core.append(core_key)  # the same string as `full_key` when there is no qualifier
        #: Normalised names ("acme uk"), and the same without qualifying words ("acme").
        self.full, self.core = full, core
        #: Normalised names with their words sorted, as the fuzzy search compares them.
        self.sorted_names = [sorted_words(name) for name in full]
        count = len(companies)
        self.by_name = HeldKeyIndex(full)  # the look-up every record makes: a dict
        self.by_core = KeyIndex(
            self._qualifier_free_key, count, map(_qualifier_free_key, core, full)
        )
        self.name_search = NameSearch(
            self.sorted_names, cutoff=cutoff, contained_score=contained_score, floor=floor
        )

    def lookups(self) -> dict[str, KeyIndex | HeldKeyIndex]:
        """Every look-up by name, each built now if no record has needed it yet (what a
        measure of the whole index wants: the memory bench, tests)."""
        return {name: getattr(self, name) for name in LOOKUPS}

    @cached_property
    def by_bag(self) -> KeyIndex:
        """Qualifier-free words, sorted: the same name in another word order."""
        keys = map(_bag_key, self.core, self.full, self.sorted_names)
        return KeyIndex(self._bag_key, len(self.companies), keys)

    @cached_property
    def by_joined(self) -> KeyIndex:
        """Qualifier-free words joined into one: compounds split or merged."""
        return KeyIndex(self._joined_key, len(self.companies), map(_joined_key, self.core))

    @cached_property
    def by_joined_short(self) -> KeyIndex:
        """The same joined in the words' short forms, for the names with a word that has
        one: "Green Tech" (read "green technology") as "greentech", to meet "GreenTech"."""
        keys = map(_joined_short_key, self.core)
        return KeyIndex(self._joined_short_key, len(self.companies), keys)

    @cached_property
    def by_generic_free(self) -> KeyIndex:
        """Names less their generic words ("group", "services"), for names that have one."""
        keys = map(_generic_free_key, self.core)
        return KeyIndex(self._generic_free_key, len(self.companies), keys)

    @cached_property
    def by_identifier(self) -> KeyIndex:
        """Identifiers, casefolded."""
        keys = map(_identifier_key, self.companies)
        return KeyIndex(self._identifier_key, len(self.companies), keys)

    @cached_property
    def by_phone(self) -> KeyIndex:
        """Phone numbers' last ten digits."""
        keys = (
            (phone[-10:] if len(phone) >= 7 else None)  # `normalize_phone` of the usual form
            if (phone := c.phone_number) and phone.isdigit()
            else normalize_phone(phone)
            for c in self.companies
        )
        return KeyIndex(self._phone_key, len(self.companies), keys)

    @cached_property
    def by_domain(self) -> KeyIndex:
        """Websites' registrable domains."""
        return KeyIndex(self.domains.__getitem__, len(self.companies), self.domains)

    @cached_property
    def domains(self) -> list[str | None]:
        """Each company's website's registrable domain (None when it names no company)."""
        # `website_key`'s cache helps a second matching run only when it holds every website:
        # 200,000 websites would pass through it and evict each other, leaving ~20 MB of
        # entries no later run finds.
        domain_of: Callable[[str], str | None] = website_key
        if len(self.companies) > website_key.cache_parameters()["maxsize"] // 2:
            domain_of = website_key.__wrapped__
        return [domain_of(c.website) if c.website else None for c in self.companies]

    # Each look-up's key of the company at a position, as the look-up checks a hit; built,
    # the look-ups take every company's key at once from the functions below (a Python call
    # a company fewer).

    def _qualifier_free_key(self, position: int) -> str | None:
        """The company's name without its qualifier, when it has one."""
        return _qualifier_free_key(self.core[position], self.full[position])

    def _bag_key(self, position: int) -> str:
        """The company's qualifier-free words, sorted."""
        return _bag_key(self.core[position], self.full[position], self.sorted_names[position])

    def _joined_key(self, position: int) -> str:
        """The company's qualifier-free words joined into one ("lake side" -> "lakeside")."""
        return _joined_key(self.core[position])

    def _joined_short_key(self, position: int) -> str | None:
        """The company's qualifier-free words joined in their short forms, if any has one."""
        return _joined_short_key(self.core[position])

    def _generic_free_key(self, position: int) -> str:
        """The company's qualifier-free words less the generic ones, sorted ("" when none)."""
        return _generic_free_key(self.core[position])

    def _identifier_key(self, position: int) -> str | None:
        """The company's identifier, casefolded."""
        return _identifier_key(self.companies[position])

    def _phone_key(self, position: int) -> str | None:
        """The company's phone number's last ten digits."""
        return normalize_phone(self.companies[position].phone_number)


def _qualifier_free_key(core: str, full: str) -> str | None:
    """A name's core when it differs from the full name (None when there is no qualifier)."""
    return core if core != full else None


def _bag_key(core: str, full: str, sorted_name: str) -> str:
    """A name's qualifier-free words, sorted (its sorted name when it has no qualifier)."""
    return sorted_name if core == full else sorted_words(core)


def _joined_key(core: str) -> str:
    """A name's qualifier-free words joined into one (they are split by one space each)."""
    return core.replace(" ", "")


def _joined_short_key(core: str) -> str | None:
    """A name's qualifier-free words joined in their short forms (None when no word has
    one: then the joined key says the same)."""
    words = core.split()
    return None if SHORT_FORMS.keys().isdisjoint(words) else short_joined(words)


def _generic_free_key(core: str) -> str:
    """A name's qualifier-free words less the generic ones, sorted ("" when none)."""
    words = core.split()
    return "" if GENERIC_WORDS.isdisjoint(words) else without_generic(words)


def _identifier_key(company: CompanyLike) -> str | None:
    """A company's identifier, casefolded."""
    identifier = company.identifier
    return identifier.casefold() if identifier else None


def sorted_words(name: str) -> str:
    """The name's words in sorted order; the name itself (not a copy) when already sorted."""
    words = " ".join(sorted(name.split()))
    return name if words == name else words


def without_generic(words: list[str]) -> str:
    """The sorted words that are not generic ("hartley plumbing group" -> "hartley plumbing"),
    or "" when no generic word was there or nothing else is left."""
    kept = [w for w in words if w not in GENERIC_WORDS]
    if len(kept) == len(words) or not kept:
        return ""
    return " ".join(sorted(kept))
