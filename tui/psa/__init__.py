"""ConnectWise PSA client: auth, codebase discovery, conditions, paging, retries (no Textual)."""
