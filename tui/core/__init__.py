"""Headless core: config, records, matching, mapping store (no Textual)."""
