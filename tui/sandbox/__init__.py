"""The embedded ConnectWise-like sandbox PSA: data, query engine, transport, server (no Textual)."""
