"""Vendor-shaped JSON with explicit nulls, written from the vendor's company schema.

Every field the schema marks `nullable` (flags, reference ids) is null somewhere here, and
so are strings and arrays other clients' recorded responses show as null (`identifier`,
`website`, `types`, a reference's `name`). Our own fixtures, not copied responses.
"""

from __future__ import annotations

from typing import Any


def full_company(i: int, **overrides: Any) -> dict[str, Any]:
    """A whole `Company` as the list endpoint sends it without `fields=`, nulls included."""
    company: dict[str, Any] = {
        "id": i,
        "identifier": f"Co{i}",
        "name": f"Company {i}",
        "status": {"id": 1, "name": "Active", "_info": {"status_href": "https://x/1"}},
        "types": [{"id": 5, "name": "Client", "_info": {"type_href": "https://x/5"}}],
        "addressLine1": None,
        "addressLine2": None,
        "city": None,
        "state": None,
        "zip": None,
        "country": {"id": None, "identifier": None, "name": None},
        "phoneNumber": None,
        "faxNumber": None,
        "website": None,
        "territory": None,
        "market": None,
        "accountNumber": None,
        "defaultContact": None,
        "dateAcquired": None,
        "sicCode": None,
        "parentCompany": None,
        "annualRevenue": None,
        "numberOfEmployees": None,
        "yearEstablished": None,
        "revenueYear": None,
        "ownershipType": None,
        "timeZoneSetup": {"id": None, "name": None},
        "leadSource": None,
        "leadFlag": None,
        "unsubscribeFlag": None,
        "calendar": None,
        "userDefinedField1": None,
        "taxExemptFlag": None,
        "taxCode": None,
        "billingTerms": None,
        "billToCompany": {"id": None, "identifier": None, "name": None},
        "billingSite": None,
        "billingContact": None,
        "invoiceDeliveryMethod": None,
        "invoiceToEmailAddress": None,
        "deletedFlag": None,
        "dateDeleted": None,
        "deletedBy": None,
        "mobileGuid": None,
        "currency": None,
        "territoryManager": None,
        "isVendorFlag": None,
        "site": None,
        "integratorTags": None,
        "_info": {"lastUpdated": "2026-11-01T10:00:00Z", "updatedBy": None},
        "customFields": [
            {"id": 3, "caption": "ERP id", "type": None, "entryMethod": None,
             "numberOfDecimals": None, "value": None, "connectWiseId": None}
        ],
    }  # fmt: skip
    company.update(overrides)
    return company


#: The same company with each nullable field psamap reads set to null, one at a time.
NULL_FIELDS: dict[str, dict[str, Any]] = {
    "deletedFlag": {"deletedFlag": None},
    "identifier": {"identifier": None},
    "name": {"name": None},
    "types": {"types": None},
    "types item id": {"types": [{"id": None, "name": None}, {"id": 5, "name": "Client"}]},
    "types item name": {"types": [{"id": 5, "name": None}]},
    "status": {"status": None},
    "status id": {"status": {"id": None, "name": None}},
    "status name": {"status": {"id": 1, "name": None}},
    "website": {"website": None},
    "phoneNumber": {"phoneNumber": None},
    "_info": {"_info": None},
    "_info lastUpdated": {"_info": {"lastUpdated": None}},
    "city state zip": {"city": None, "state": None, "zip": None},
}

#: `CompanyStatus` with every nullable flag null (only `name` is required by the schema).
NULL_STATUS = {
    "id": 7, "name": "Credit Hold", "defaultFlag": None, "inactiveFlag": None,
    "notifyFlag": None, "disallowSavingFlag": None, "notificationMessage": None,
    "customNoteFlag": None, "cancelOpenTracksFlag": None, "track": None,
    "_info": None, "connectWiseId": None,
}  # fmt: skip

#: `CompanyType` with every nullable flag null.
NULL_TYPE = {
    "id": 9, "name": "Prospect", "defaultFlag": None, "vendorFlag": None,
    "serviceAlertFlag": None, "serviceAlertMessage": None, "_info": None,
    "connectWiseId": None,
}  # fmt: skip

#: companyinfo as the docs show it (IsCloud a string) with the optional fields null.
NULL_COMPANY_INFO = {
    "CompanyName": None, "Codebase": "v2025_1/", "VersionCode": "v2025.1",
    "VersionNumber": None, "CompanyID": None, "IsCloud": "True", "SiteUrl": None,
}  # fmt: skip
