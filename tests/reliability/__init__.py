"""Reliability: crashes, bad input, faults, secrets and terminal safety, proven by tests."""
