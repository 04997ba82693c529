"""Helpers shared by the tests, `bench` and `scripts`: Pilot waits, screen text, harnesses."""
