"""Local records as people really keep them, spelled unlike the PSA, with the true match known.

The demo offers them as a records file, and the matching tests and benchmark measure precision
and recall against the labels. Variants are what real customer lists contain: other case,
legal form dropped or spelled out, "&" for "and", abbreviations, lost accents, stray words, a
typo now and then, and some companies that simply are not in the PSA.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from tui.core.normalize import name_key, normalize_domain, normalize_phone
from tui.demo.sample_places import Places
from tui.psa.models import AnyCompany, Company

# Legal forms as written at the end of names, and what a local list may write instead.
_LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "Inc.": ("Inc", "Incorporated"),
    "Inc": ("Inc.", "Incorporated"),
    "Incorporated": ("Inc.", "Inc"),
    "LLC": ("L.L.C.", "Llc"),
    "L.L.C.": ("LLC",),
    "Ltd": ("Limited", "Ltd."),
    "Ltd.": ("Limited", "Ltd"),
    "Limited": ("Ltd", "Ltd."),
    "Pty Ltd": ("Pty. Ltd.", "Pty Limited"),
    "GmbH": ("G.m.b.H.",),
    "PLC": ("plc", "Public Limited Company"),
    "plc": ("PLC",),
    "Corp": ("Corporation", "Corp."),
    "Corp.": ("Corporation", "Corp"),
    "Corporation": ("Corp.", "Corp"),
    "Co.": ("Company", "Co"),
    "Company": ("Co.",),
    "S.A.": ("SA",),
    "SA": ("S.A.",),
    "SARL": ("S.A.R.L.",),
    "AG": ("A.G.",),
    "BV": ("B.V.",),
    "B.V.": ("BV",),
    "NV": ("N.V.",),
    "SpA": ("S.p.A.",),
    "Oy": ("OY",),
    "AB": ("Aktiebolag",),
    "AS": ("A/S",),
}
_LEGAL_TAIL = re.compile(
    r",?\s+(" + "|".join(re.escape(f) for f in sorted(_LEGAL_FORMS, key=len, reverse=True)) + r")$"
)
_ABBREVIATIONS = {
    "International": "Intl",
    "Services": "Svcs",
    "Manufacturing": "Mfg",
    "Associates": "Assoc",
    "Brothers": "Bros",
    "Group": "Grp",
    "Technology": "Tech",
    "Technologies": "Tech",
    "Management": "Mgmt",
    "Department": "Dept",
    "Centre": "Center",
    "Holdings": "Hldgs",
}
_QUALIFIERS_BRACKETED = ("(HQ)", "(Head Office)", "(Main)", "[Old]", "(UK)", "(Billing)")
_QUALIFIERS_PLAIN = ("HQ", "- Head Office", "Main Office", "- Accounts")
_WEBMAIL = ("gmail.com", "outlook.com", "yahoo.com", "hotmail.com")

# Words for companies that are not in the PSA: ordinary business names, not gibberish.
_FIRST = tuple(
    """Abbott Alder Amber Anchor Apex Arden Ashby Aspen Atlas Avon Bailey Barrow Beacon Bellamy
    Birch Blackwood Bramble Brook Calder Cedar Chapman Clifton Cobalt Copper Crescent Dalton
    Delta Drake Eastwood Elm Emerald Everett Fairview Falcon Fenwick Fletcher Foxglove
    Garnet Granite Greenway Hadley Harbour Hartley Hawthorn Heron Highland Holloway
    Ironbridge Juniper Kestrel Kingsley Lakeside Langley Larch Linden Maple Marlow Meadow
    Merlin Millbrook Norton Oakridge Orchard Osprey Parkside Pemberton Pinnacle Quarry
    Radcliffe Raven Redwood Riverside Rowan Saffron Sterling Stonegate Summit Thornbury
    Trident Upton Vale Walnut Westbrook Whitfield Willow Windsor Yarrow Zenith""".split()  # noqa: SIM905
)
_TRADE = tuple(
    """Accounting Advisory Analytics Architects Auto Bakery Builders Carpentry Catering
    Cleaning Clinic Consulting Construction Dental Design Electrical Engineering Events
    Farms Finance Fitness Flooring Foods Freight Gardens Glass Health Homes Hotels Imaging
    Insurance Interiors Joinery Landscaping Law Legal Logistics Marine Media Medical Metals
    Motors Optical Packaging Partners Pharmacy Plumbing Printing Properties Recruitment
    Roofing Security Software Solicitors Storage Supplies Surveyors Textiles Timber Training
    Travel Veterinary Ventures Wholesale""".split()  # noqa: SIM905
)
_FORMS = ("Ltd", "Inc.", "LLC", "Limited", "Group", "", "", "", "")


@dataclass(frozen=True, slots=True)
class LabelledRecord:
    """A local record (`id`, `name`, and maybe `domain` and `phone`) and its true PSA id."""

    record: dict[str, str]
    psa_id: int | None


def sample_records(
    companies: Sequence[Mapping[str, Any] | Company],
    *,
    n: int,
    seed: int,
    unmatched: float = 0.1,
) -> list[LabelledRecord]:
    """`n` records: about `unmatched` of them for companies not in `companies`, ids C-1001 on."""
    rng = random.Random(seed)
    pool = [_fields(c) for c in companies]
    # A local record stands for a live customer: it never means a company in the recycle bin.
    live = [c for c in pool if not c["deleted"]] or pool
    wanted_unmatched = round(n * unmatched) if pool else n
    wanted_matched = n - wanted_unmatched
    if wanted_matched <= len(live):
        chosen = rng.sample(live, wanted_matched)
    else:
        chosen = [rng.choice(live) for _ in range(wanted_matched)]
    labelled = [(_local_variant(c, rng), c["id"]) for c in chosen]
    labelled += [(r, None) for r in _absent_companies(pool, wanted_unmatched, rng)]
    rng.shuffle(labelled)
    out: list[LabelledRecord] = []
    for number, (record, psa_id) in enumerate(labelled, start=1001):
        out.append(LabelledRecord({"id": f"C-{number}", **record}, psa_id))
    return out


#: Address columns a records file may have (contract section 3), written when any record has one.
ADDRESS_COLUMNS = ("city", "state", "zip")


def write_records_csv(records: Sequence[LabelledRecord], path: Path) -> None:
    """Write the records (not their labels) as a records file psamap can load."""
    columns = ["id", "name", "domain", "phone"]
    columns += [c for c in ADDRESS_COLUMNS if any(c in item.record for item in records)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for item in records:
            writer.writerow([item.record.get(column, "") for column in columns])


def _fields(company: Mapping[str, Any] | Company) -> dict[str, Any]:
    """id, name, website and phone of a company given as vendor JSON or as a `Company`."""
    if isinstance(company, Company):
        return {
            "id": company.id,
            "name": company.name,
            "website": company.website,
            "phone": company.phone_number,
            "deleted": company.deleted_flag,
        }
    return {
        "id": int(company["id"]),
        "name": str(company.get("name") or ""),
        "website": company.get("website"),
        "phone": company.get("phoneNumber"),
        "deleted": bool(company.get("deletedFlag")),
    }


def _local_variant(company: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """One local record for `company`: its name respelled, maybe with its domain or phone."""
    record = {"name": _respell(company["name"], rng)}
    domain = normalize_domain(company["website"]) if company["website"] else None
    if domain and rng.random() < 0.35:
        if rng.random() < 0.05:
            record["domain"] = rng.choice(_WEBMAIL)  # a sole trader's mailbox, not a website
        else:
            record["domain"] = rng.choice(
                (domain, f"www.{domain}", f"https://www.{domain}/", f"http://{domain}/contact")
            )
    phone = normalize_phone(company["phone"]) if company["phone"] else None
    if phone and len(phone) == 10 and rng.random() < 0.3:
        record["phone"] = _phone_variant(phone, rng)
    return record


def _respell(name: str, rng: random.Random) -> str:
    """The name as a local list might spell it; each kind of change is independent."""
    tail = _LEGAL_TAIL.search(name)
    if tail:
        if (roll := rng.random()) < 0.35:
            name = name[: tail.start()]
        elif roll < 0.6:
            name = name[: tail.start(1)] + rng.choice(_LEGAL_FORMS[tail.group(1)])
    elif rng.random() < 0.08:
        name += rng.choice((" Inc", " Ltd", " LLC", " Limited"))
    if name.startswith("The ") and rng.random() < 0.5:
        name = name[4:]
    elif not name.startswith("The ") and rng.random() < 0.04:
        name = "The " + name
    if " & " in name and rng.random() < 0.5:
        name = name.replace(" & ", " and ")
    elif " and " in name and rng.random() < 0.5:
        name = name.replace(" and ", " & ")
    for word, short in _ABBREVIATIONS.items():
        if word in name and rng.random() < 0.5:
            name = re.sub(rf"\b{word}\b", short, name)
    if not name.isascii() and rng.random() < 0.6:
        name = "".join(
            c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
        )
    if rng.random() < 0.2:
        name = " ".join(re.sub(r"[.,'&()\[\]-]", " ", name).split())
    if rng.random() < 0.10:
        name = _typo(name, rng)
    if (roll := rng.random()) < 0.04:
        name = f"{name} {rng.choice(_QUALIFIERS_BRACKETED)}"
    elif roll < 0.06:
        name = f"{name} {rng.choice(_QUALIFIERS_PLAIN)}"
    if (roll := rng.random()) < 0.12:
        name = name.upper()
    elif roll < 0.24:
        name = name.lower()
    elif roll < 0.3:
        name = name.title()
    return name.strip() or name


def _typo(name: str, rng: random.Random) -> str:
    """One slip of the keyboard in a word of four letters or more: swap, drop or double a letter."""
    words = name.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return name
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == "drop":
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _phone_variant(digits: str, rng: random.Random) -> str:
    """The same ten-digit number written the way people write phone numbers."""
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    return rng.choice(
        (
            f"({area}) {exchange}-{line}",
            f"{area}.{exchange}.{line}",
            f"+1 {area} {exchange} {line}",
            f"{area}-{exchange}-{line}",
            digits,
        )
    )


def _absent_companies(
    pool: list[dict[str, Any]], count: int, rng: random.Random
) -> list[dict[str, str]]:
    """Plausible companies that are not in the PSA under any spelling of their name."""
    taken: set[str] = set()
    domains = {normalize_domain(c["website"]) for c in pool if c["website"]}
    for company in pool:
        key = name_key(company["name"])
        taken.update((key.full, key.core))
    out: list[dict[str, str]] = []
    for _ in range(count * 50):
        if len(out) == count:
            break
        first, trade = rng.choice(_FIRST), rng.choice(_TRADE)
        if rng.random() < 0.2:
            first = f"{first} & {rng.choice(_FIRST)}"
        name = " ".join(p for p in (first, trade, rng.choice(_FORMS)) if p)
        key = name_key(name)
        if key.full in taken or key.core in taken:
            continue
        taken.update((key.full, key.core))
        record = {"name": name}
        domain = re.sub(r"[^a-z]", "", first.lower()) + trade.lower() + ".com"
        if domain not in domains and rng.random() < 0.3:
            record["domain"] = domain
        out.append(record)
    if len(out) < count:
        raise ValueError(f"cannot invent {count} company names absent from the PSA")
    return out


# --- the demo's records file ---------------------------------------------------------------

#: How many records the demo's generated sample holds ("a few thousand").
DEMO_SAMPLE_SIZE = 3_000
#: Share of sample records with no counterpart in the PSA.
DEMO_UNMATCHED = 0.12


def demo_records_path(tenant_name: str) -> Path:
    """Where the demo's generated sample goes: the user data folder, not the current one."""
    return platformdirs.user_data_path("psamap") / f"{tenant_name}-sample-records.csv"


def demo_sample(companies: Sequence[AnyCompany], *, seed: int = 7) -> list[LabelledRecord]:
    """The demo's sample records for these companies, labelled, with their places."""
    records = sample_records(
        [
            {"id": c.id, "name": c.name, "website": c.website, "phoneNumber": c.phone_number}
            for c in companies
        ],
        n=min(DEMO_SAMPLE_SIZE, max(10, len(companies))),
        seed=seed,
        unmatched=DEMO_UNMATCHED,
    )
    places = Places(companies, seed=seed)
    return [LabelledRecord(places.add(r.record, r.psa_id), r.psa_id) for r in records]


def write_demo_records(companies: Sequence[AnyCompany], path: Path, *, seed: int = 7) -> Path:
    """Generate realistic local records for the demo tenant's companies and write them as CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_records_csv(demo_sample(companies, seed=seed), path)
    return path
