"""The `--demo` wiring, above core and the sandbox: `config` (the demo tenants as config),
`tenants` (the demo sandbox and the one shared in-process copy) and `sample_records` (the
generated records file). The CLI and the app call in here; nothing below (psa, sandbox,
core) imports it. The package itself imports nothing, so asking for the sample records
does not load the sandbox.
"""
