"""The sandbox as a ConnectWise-shaped HTTP API: routes, collection paging and `fields`,
vendor-shaped responses and errors, faults, in-process httpx transports, loopback server."""
