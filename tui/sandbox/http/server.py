"""Loopback HTTP/1.1 server (keep-alive, one thread per connection) in front of a `Sandbox`.

It refuses any address that is not loopback: the sandbox has well-known demo keys and
must never be reachable from another machine. A "drop" fault really closes the socket.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tui.sandbox.http.outcome import AnswersRequests


def check_loopback(host: str) -> None:
    """Raise `ValueError` unless `host` is a loopback address (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the sandbox only serves on loopback addresses, not {host!r}")


class _SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # idle keep-alive connections must not block shutdown

    def __init__(self, sandbox: AnswersRequests, host: str, port: int) -> None:
        check_loopback(host)
        self.sandbox = sandbox
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host.strip("[]"), port), _Handler)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """A client that hung up (e.g. at its read timeout) is normal here, not a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _SandboxHTTPServer

    def log_message(self, format: str, *args: object) -> None:
        """Silent: request lines carry conditions, and tests want quiet output."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        headers = [(k, v) for k, v in self.headers.items() if k.lower() != "content-length"]
        request = httpx.Request(
            self.command, f"http://{host}{self.path}", headers=headers, content=body
        )
        outcome = self.server.sandbox.process(request)
        if outcome.delay > 0:
            time.sleep(outcome.delay)
        response = outcome.response
        if response is None:
            self.close_connection = True
            with suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        content = response.content
        # The tenant's own `Date` (its clock, see `SandboxTenant.now`) replaces the server's.
        dated = "date" in response.headers
        self.send_response_only(response.status_code)
        self.send_header("Server", self.version_string())
        if not dated:
            self.send_header("Date", self.date_time_string())
        for key, value in response.headers.multi_items():
            if key.lower() not in ("content-length", "connection"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = _serve


def _base_url(server: _SandboxHTTPServer) -> str:
    address, port = server.server_address[:2]
    host = address.decode() if isinstance(address, bytes) else address
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve_forever(
    sandbox: AnswersRequests, host: str, port: int, *, on_ready: Callable[[str], None] | None = None
) -> None:
    """Serve until KeyboardInterrupt, then close the socket; `on_ready` gets the base URL."""
    server = _SandboxHTTPServer(sandbox, host, port)
    try:
        if on_ready is not None:
            on_ready(_base_url(server))
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@contextmanager
def background_server(sandbox: AnswersRequests, host: str, port: int) -> Iterator[str]:
    """Serve from a daemon thread for the duration of the block; yields the base URL."""
    server = _SandboxHTTPServer(sandbox, host, port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield _base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
