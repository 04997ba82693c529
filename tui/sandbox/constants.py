"""Fixed values of the sandbox: demo credentials, codebase and the API version it reports.

The demo keys are not secrets: they only open the embedded sandbox on loopback.
"""

from __future__ import annotations

DEMO_SITE = "http://127.0.0.1:8099"
DEMO_CODEBASE = "v2025_1/"
DEMO_PUBLIC_KEY = "SandboxPub7Kq2Xw"
DEMO_PRIVATE_KEY = "SandboxPriv9Tz4Lm8Rn"
DEMO_CLIENT_ID = "6f1c2b9e-3d4a-4e8b-9c7d-2a5f0e1b8c3d"

#: The API version the sandbox speaks (`api-current-version`, default content-type version).
API_VERSION = "2025.1"
#: What `/login/companyinfo` and `/system/info` report, shaped like the vendor's values.
VERSION_CODE = "v2025.1"
VERSION_NUMBER = "v4.6.117473"
