"""httpx transports that answer from a `Sandbox` in-process: no sockets, same faults."""

from __future__ import annotations

import asyncio
import time

import httpx

from tui.sandbox.http.outcome import AnswersRequests

_DROPPED = "Server disconnected without sending a response."


def _unread(response: httpx.Response) -> httpx.Response:
    """The answer as a network transport gives it: a body still to be read.

    Clients then count it as downloaded (`num_bytes_downloaded`), as they would from a socket.
    """
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(response.content),
        extensions={"http_version": b"HTTP/1.1"},
    )


class SandboxTransport(httpx.AsyncBaseTransport):
    """Async transport: latency is an `asyncio.sleep`, a dropped connection a protocol error."""

    def __init__(self, sandbox: AnswersRequests) -> None:
        self.sandbox = sandbox

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request the way the loopback server would."""
        await request.aread()
        outcome = self.sandbox.process(request)
        if outcome.delay > 0:
            await asyncio.sleep(outcome.delay)
        if outcome.response is None:
            raise httpx.RemoteProtocolError(_DROPPED, request=request)
        return _unread(outcome.response)


class SandboxSyncTransport(httpx.BaseTransport):
    """Blocking twin of `SandboxTransport`, for scripts and sync tests."""

    def __init__(self, sandbox: AnswersRequests) -> None:
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request the way the loopback server would."""
        request.read()
        outcome = self.sandbox.process(request)
        if outcome.delay > 0:
            time.sleep(outcome.delay)
        if outcome.response is None:
            raise httpx.RemoteProtocolError(_DROPPED, request=request)
        return _unread(outcome.response)
