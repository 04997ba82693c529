"""Tenant profiles: each tenant's own status and type ids, names, mix and word lists.

Ids are non-contiguous and differ per tenant on purpose: code that hard-codes "Active is 1"
works on `demo` and fails on `northwind`, as it would on a real second tenant.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.sandbox.data import nordic_words, words
from tui.sandbox.data.names import NameVocabulary


@dataclass(frozen=True, slots=True)
class StatusSpec:
    """A company status and how common it is; `combos` are (type ids, weight) for its companies."""

    id: int
    name: str
    weight: float
    combos: tuple[tuple[tuple[int, ...], float], ...]
    inactive: bool = False
    default: bool = False


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A company type of the tenant."""

    id: int
    name: str
    vendor: bool = False
    default: bool = False
    service_alert: str | None = None


@dataclass(frozen=True, slots=True)
class TenantProfile:
    """Everything that makes one generated tenant look unlike another."""

    key: str
    company_name: str
    statuses: tuple[StatusSpec, ...]
    types: tuple[TypeSpec, ...]
    first_id: int
    vocabulary: NameVocabulary
    home_country: str
    #: Names every tenant of this profile holds, as (name, status id, type ids, deleted).
    fixed_companies: tuple[tuple[str, int, tuple[int, ...], bool], ...]
    #: Share of companies that are another's name entered again (re-created, imported twice).
    duplicate_rate: float = 0.022
    #: Share of those copies sitting in the recycle bin (deleted, then the company re-created).
    deleted_copy_rate: float = 0.15
    deleted_rate: float = 0.02

    @property
    def suffixes(self) -> tuple[tuple[str, str | None], ...]:
        """Legal suffixes of the tenant's names, with the country each suggests."""
        return self.vocabulary.suffixes


#: Pattern weights of the names (see `NameMaker`): a broad, English-speaking client base.
_DEMO_PATTERNS = (
    ("surname_industry", 9.0),
    ("place_industry", 11.0),
    ("brand_business", 20.0),
    ("brand_alone", 1.5),
    ("compound", 5.0),
    ("surname_pair", 9.0),
    ("surname_group", 5.0),
    ("family", 4.0),
    ("descriptor_industry", 1.0),
    ("descriptor_of_place", 4.0),
    ("person", 9.0),
    ("possessive", 2.5),
    ("initials", 2.0),
    ("acronym", 5.0),
    ("number", 0.5),
    ("place_business", 3.0),
    ("trade_by", 1.0),
)
#: A food importer's trade partners: more family firms and places, fewer people and brands.
_NORTHWIND_PATTERNS = (
    ("surname_industry", 13.0),
    ("place_industry", 13.0),
    ("brand_business", 20.0),
    ("brand_alone", 1.5),
    ("compound", 3.0),
    ("surname_pair", 9.0),
    ("surname_group", 7.0),
    ("family", 7.0),
    ("descriptor_industry", 1.0),
    ("descriptor_of_place", 5.0),
    ("person", 5.0),
    ("possessive", 2.0),
    ("initials", 1.0),
    ("acronym", 2.0),
    ("number", 0.4),
    ("place_business", 3.0),
    ("trade_by", 1.0),
)

DEMO_WORDS = NameVocabulary(
    surnames=words.SURNAMES,
    accented_surnames=words.ACCENTED_SURNAMES,
    first_names=words.FIRST_NAMES,
    places=words.PLACES,
    regions=words.REGIONS,
    industries=words.INDUSTRIES,
    descriptors=words.DESCRIPTORS,
    brand_onsets=words.BRAND_ONSETS,
    brand_joins=words.BRAND_JOINS,
    brand_endings=words.BRAND_ENDINGS,
    compound_heads=words.COMPOUND_HEADS,
    compound_tails=words.COMPOUND_TAILS,
    brand_nouns=words.BRAND_NOUNS,
    professions=words.PROFESSIONS,
    trades=words.TRADES,
    number_openers=words.NUMBER_OPENERS,
    family_tails=words.FAMILY_TAILS,
    group_words=words.GROUP_WORDS,
    suffixes=words.LEGAL_SUFFIXES,
    common_suffixes=("Inc", "Inc.", "LLC", "LLC", "Corp", "Corporation", "Co.", "Ltd", "Limited"),
    patterns=_DEMO_PATTERNS,
)

NORTHWIND_WORDS = NameVocabulary(
    surnames=nordic_words.SURNAMES,
    accented_surnames=words.ACCENTED_SURNAMES,
    first_names=nordic_words.FIRST_NAMES,
    places=nordic_words.PLACES,
    regions=nordic_words.REGIONS,
    industries=nordic_words.INDUSTRIES,
    descriptors=nordic_words.DESCRIPTORS,
    brand_onsets=words.BRAND_ONSETS,
    brand_joins=words.BRAND_JOINS,
    brand_endings=words.BRAND_ENDINGS,
    compound_heads=words.COMPOUND_HEADS,
    compound_tails=words.COMPOUND_TAILS,
    brand_nouns=nordic_words.BRAND_NOUNS,
    professions=nordic_words.PROFESSIONS,
    trades=nordic_words.TRADES,
    number_openers=nordic_words.NUMBER_OPENERS,
    family_tails=nordic_words.FAMILY_TAILS,
    group_words=nordic_words.GROUP_WORDS,
    suffixes=nordic_words.NORTHWIND_SUFFIXES,
    common_suffixes=("AB", "AB", "AS", "A/S", "ApS", "& Co."),
    patterns=_NORTHWIND_PATTERNS,
    accented_rate=0.06,
)


DEMO = TenantProfile(
    key="demo",
    company_name="Sandbox Demo MSP",
    statuses=(
        StatusSpec(
            1,
            "Active",
            0.56,
            (
                ((9,), 0.80),
                ((12,), 0.06),
                ((5,), 0.036),
                ((14,), 0.0274),
                ((21,), 0.02),
                ((5, 77), 0.0176),
                ((88,), 0.015),
                ((12, 88), 0.01),
                ((9, 21), 0.005),
                ((), 0.005),
                ((77,), 0.004),
            ),
            default=True,
        ),
        StatusSpec(
            2,
            "Inactive",
            0.14,
            (((9,), 0.7), ((14,), 0.15), ((12,), 0.1), ((5,), 0.05)),
            inactive=True,
        ),
        StatusSpec(17, "Credit Hold", 0.01, (((5,), 0.7), ((5, 77), 0.2), ((9,), 0.1))),
        StatusSpec(23, "Not Approved", 0.04, (((9,), 0.8), ((12,), 0.2))),
        StatusSpec(31, "Imported", 0.16, (((9,), 0.85), ((12,), 0.1), ((5,), 0.05)), inactive=True),
        StatusSpec(44, "Former", 0.09, (((14,), 0.8), ((5,), 0.1), ((9,), 0.1)), inactive=True),
    ),
    types=(
        TypeSpec(5, "Client"),
        TypeSpec(9, "Prospect", default=True),
        TypeSpec(12, "Vendor", vendor=True),
        TypeSpec(14, "Former Client"),
        TypeSpec(21, "Competitor", service_alert="Competitor: do not share pricing."),
        TypeSpec(77, "Managed Client"),
        TypeSpec(88, "Partner"),
    ),
    first_id=250,
    vocabulary=DEMO_WORDS,
    home_country="US",
    fixed_companies=(
        ("Acme [UK] Ltd", 1, (5,), False),
        ("Foo [/] Bar", 1, (5, 77), False),
        ("[b]Bold[/b] Corp", 1, (5,), False),
        ("O'Brien & Sons Plumbing", 1, (5,), False),
        ('"Best" Widgets Inc', 1, (5, 77), False),
        ("Müller GmbH", 1, (5,), False),
        ("Société Générale S.A.", 1, (5,), False),
        ("Smith & Jones LLP", 1, (77,), False),
        ("100% Uptime IT", 1, (5,), False),
        ("Star*Net Services", 1, (5,), False),
        ("Under_Score Ltd", 1, (5,), False),
        ("Back\\Slash Media", 1, (5,), False),
        ("Zürich Präzision AG", 1, (5, 77), False),
        ("Acme [UK] Ltd", 44, (14,), False),
        ("O'Brien & Sons Plumbing", 31, (9,), False),
        ("Müller GmbH", 1, (5,), True),
        ("Contoso, Ltd.", 1, (5, 77), False),
        ("Contoso Ltd", 31, (9,), False),
        ("Fabrikam, Inc.", 1, (5,), False),
        ("Fabrikam Inc", 2, (5,), False),
    ),
)

NORTHWIND = TenantProfile(
    key="northwind",
    company_name="Northwind Traders",
    statuses=(
        StatusSpec(
            3,
            "Current",
            0.55,
            (
                ((6,), 0.55),
                ((2,), 0.18),
                ((13,), 0.10),
                ((2, 25), 0.05),
                ((18,), 0.05),
                ((40,), 0.03),
                ((13, 40), 0.02),
                ((), 0.015),
                ((47,), 0.005),
            ),
            default=True,
        ),
        StatusSpec(8, "Dormant", 0.15, (((6,), 0.6), ((2,), 0.3), ((13,), 0.1)), inactive=True),
        StatusSpec(11, "On Hold", 0.04, (((2,), 0.6), ((2, 25), 0.2), ((18,), 0.2))),
        StatusSpec(19, "Closed", 0.12, (((6,), 0.5), ((2,), 0.4), ((13,), 0.1)), inactive=True),
        StatusSpec(26, "Pending Review", 0.06, (((6,), 0.7), ((2,), 0.2), ((18,), 0.1))),
        StatusSpec(34, "Archived", 0.08, (((6,), 0.8), ((2,), 0.1), ((13,), 0.1)), inactive=True),
    ),
    types=(
        TypeSpec(2, "Customer"),
        TypeSpec(6, "Lead", default=True),
        TypeSpec(13, "Supplier", vendor=True),
        TypeSpec(18, "Reseller"),
        TypeSpec(25, "Key Account"),
        TypeSpec(40, "Partner"),
        TypeSpec(47, "Internal"),
    ),
    first_id=1001,
    vocabulary=NORTHWIND_WORDS,
    home_country="SE",
    fixed_companies=(
        ("Alfreds Futterkiste", 3, (2,), False),
        ("Blauer See Delikatessen", 3, (2, 25), False),
        ("Bólido Comidas preparadas", 3, (2,), False),
        ("Königlich Essen", 3, (2,), False),
        ("Lehmanns Marktstand [DE]", 3, (2,), False),
        ("Ottilies Käseladen", 11, (2,), False),
        ("Around the Horn", 3, (2, 25), False),
        ("Wilman Kala", 19, (2,), False),
        ("La maison d'Asie", 3, (2,), False),
        ("Tortuga Restaurante", 3, (2,), True),
    ),
)

PROFILES = {p.key: p for p in (DEMO, NORTHWIND)}
