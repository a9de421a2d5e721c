"""ASGI middleware for the API: answers kept per finished run, and the security headers.

What a store holds changes only by runs, so an answer to ``GET /api/...`` stays true until
the next run starts. Many readers ask the same pages (the UI's first view, a story's
quotes), so answers are kept, keyed by the latest run and the request, and dropped when a
run starts or finishes. While a run is writing nothing is kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sitrep.store.base import Store

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Bounds on what is kept: a long-running server must not grow with the number of distinct requests.
MAX_BYTES = 64 * 2**20
MAX_ANSWER_BYTES = 4 * 2**20
UNCACHED_PREFIXES = ("/api/docs",)


class RunCache:
    """Keeps whole 200 answers to API reads, per finished run of the store, least recently used first out."""

    def __init__(self, app: ASGIApp, store: Store, max_bytes: int = MAX_BYTES) -> None:
        self.app, self.store, self.max_bytes = app, store, max_bytes
        self.run: tuple[int, str | None] | None = None
        # (path, query) -> (headers, body) of a 200 answer
        self.answers: OrderedDict[tuple[str, bytes], tuple[list[Any], bytes]] = OrderedDict()
        self.size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        run = self.store.latest_run()
        if run != self.run:
            self.answers.clear()
            self.size, self.run = 0, run
        if run is None or run[1] is None:  # a run is writing: answers may change under it
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        if (kept := self.answers.get(key)) is not None:
            self.answers.move_to_end(key)
            await _replay(send, *kept)
            return
        await self._answer_and_keep(scope, receive, send, key, run)

    @staticmethod
    def _cacheable(scope: Scope) -> bool:
        path = scope.get("path", "")
        return (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and path.startswith("/api/")
            and not path.startswith(UNCACHED_PREFIXES)
        )

    async def _answer_and_keep(
        self, scope: Scope, receive: Receive, send: Send, key: tuple[str, bytes], run: tuple[int, str | None]
    ) -> None:
        start: Message = {}
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        data = b"".join(body)
        if start.get("status") == 200 and len(data) <= MAX_ANSWER_BYTES:
            self._keep(key, run, (list(start.get("headers", [])), data))

    def _keep(
        self, key: tuple[str, bytes], run: tuple[int, str | None], answer: tuple[list[Any], bytes]
    ) -> None:
        if run != self.run:  # a run started while this was answered
            return
        self.answers[key] = answer
        self.size += len(answer[1])
        while self.size > self.max_bytes and self.answers:
            _, (_, dropped) = self.answers.popitem(last=False)
            self.size -= len(dropped)


async def _replay(send: Send, headers: list[Any], body: bytes) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds headers to every answer (pure ASGI: Starlette's ``BaseHTTPMiddleware`` cost a
    task and a stream per request)."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)
