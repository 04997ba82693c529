"""A company's sites (`company/companies/{id}/sites`), shaped as the vendor's `CompanySite`.

Every company has its "Main" site at its own address (the one the company JSON's `site`
reference names); about one in three has one or two more elsewhere in its country, so a
preview of sites has something to tell same-name companies apart by. Derived from the
tenant's seed and the row, like the company JSON, and never stored.
"""

from __future__ import annotations

from typing import Any

from tui.sandbox.data import words
from tui.sandbox.data.records import RecordBuilder, iso
from tui.sandbox.data.rows import CompanyRow

_OTHER_SITES = ("Warehouse", "North Office", "Billing", "Depot", "Branch Office", "Workshop")
#: Ids of the extra sites start here (the main site's id is the company's `site` reference).
_EXTRA_ID_BASE = 50_000_000


def company_sites(builder: RecordBuilder, row: CompanyRow, base: str) -> list[dict[str, Any]]:
    """The company's sites, the main one first, as the vendor lists them (by id)."""
    company = builder.build(
        row, base, keys=["addressLine1", "city", "state", "zip", "country", "phoneNumber"]
    )
    reference = {
        "id": row.id,
        "identifier": row.identifier,
        "name": row.name,
        "_info": {"company_href": f"{base}/company/companies/{row.id}"},
    }
    updated = iso(builder.last_updated(row))

    def site(site_id: int, name: str, where: dict[str, Any], *, primary: bool) -> dict[str, Any]:
        body: dict[str, Any] = {"id": site_id, "name": name}
        body.update((k, v) for k, v in where.items() if v is not None)
        body.update(
            primaryAddressFlag=primary,
            defaultShippingFlag=primary,
            defaultBillingFlag=primary,
            defaultMailingFlag=primary,
            inactiveFlag=False,
            company=reference,
            _info={"lastUpdated": updated, "updatedBy": "jsmith"},
        )
        return body

    main = {k: company.get(k) for k in ("addressLine1", "city", "zip", "country", "phoneNumber")}
    if company.get("state"):
        main["stateReference"] = {"identifier": company["state"], "name": company["state"]}
    sites = [site(row.id * 2 + 1, "Main", main, primary=True)]
    h = builder.h(row, 40)
    if h % 3 == 0:
        code = builder.country_code(row)
        cities = words.COUNTRIES[code][2]
        for n in range(1 + (h >> 4) % 2):
            g = builder.h(row, 41 + n)
            city, state, zip_prefix = cities[g % len(cities)]
            where: dict[str, Any] = {
                "addressLine1": f"{(g >> 8) % 900 + 10} Industrial Way",
                "city": city,
                "zip": f"{zip_prefix}{(g >> 20) % 100:02d}",
                "country": company.get("country"),
            }
            if state:
                where["stateReference"] = {"identifier": state, "name": state}
            name = _OTHER_SITES[(g >> 28) % len(_OTHER_SITES)]
            sites.append(site(_EXTRA_ID_BASE + row.id * 4 + n, name, where, primary=False))
    return sites
