"""What stands between a request and the library: the body-size limit, the security
headers, the per-client rate limit and the token check. A server never trusts its input."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from fastapi import FastAPI, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from unspin.server.settings import ServerSettings

# Pages and API answers may be opened in a browser: nothing may load from elsewhere,
# no inline script runs, and no other site may frame them.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request comes from: a token's name and scope, or an anonymous reader (--open)."""

    name: str | None
    scope: str
    key: str  # what the rate limit counts by

    def to_dict(self) -> dict:
        return {"name": self.name, "anonymous": self.name is None, "scope": self.scope}


def install(app: FastAPI, settings: ServerSettings, state) -> None:
    app.add_middleware(_BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(_SecurityHeaders)
    app.state.rate = RateLimiter(settings.rate_per_minute)


class _SecurityHeaders:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + _HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


class _BodyLimit:
    """413 for a body over ``limit`` bytes: by Content-Length before reading, and by
    counting as it arrives for a body sent in chunks."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _too_large(send, self.limit)
        seen = 0
        started = False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge(self.limit)
            return message

        async def tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _BodyTooLarge:
            if not started:
                await _too_large(send, self.limit)


class _BodyTooLarge(HTTPException):
    """Raised while the body is read: an HTTPException, so FastAPI's body parsing passes it
    on as it is (it turns other exceptions into a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large (limit {limit:,} bytes)")


async def _too_large(send, limit: int) -> None:
    import json

    body = json.dumps({"error": {"code": "too-large", "message": f"request body too large (limit {limit:,} bytes)"}})
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json")] + _HEADERS})
    await send({"type": "http.response.body", "body": body.encode()})


class RateLimiter:
    """A token bucket per client: ``per_minute`` requests a minute, bursts up to that many."""

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, who: str) -> float:
        """0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(who, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[who] = (tokens - 1, now)
                return 0.0
            self._buckets[who] = (tokens, now)
            return (1 - tokens) / self.rate if self.rate else 60.0


_bearer = HTTPBearer(auto_error=False)


def needs(state, scope: str):
    """A FastAPI dependency: the request's token allows ``scope`` (and is within its rate)."""
    from fastapi import Depends

    def check(request: Request, cred: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Principal:
        if cred is not None:
            token = state.tokens.find(cred.credentials)
            if token is None:
                raise HTTPException(401, "the token is not valid (create one with `unspin token create NAME`)",
                                    headers={"WWW-Authenticate": "Bearer"})
            if not token.allows(scope):
                raise HTTPException(403, f"this token's scope is {token.scope}; this needs {scope}")
            who = Principal(token.name, token.scope, f"token:{token.name}")
        elif state.settings.open_access and scope == "read":
            who = Principal(None, "read", f"addr:{request.client.host if request.client else '?'}")
        else:
            raise HTTPException(401, "send a token: Authorization: Bearer TOKEN (create one with "
                                "`unspin token create NAME --db DB`)", headers={"WWW-Authenticate": "Bearer"})
        wait = request.app.state.rate.allow(who.key)
        if wait:
            raise HTTPException(429, f"too many requests: the limit is {state.settings.rate_per_minute} a minute; "
                                f"retry in {wait:.0f} s", headers={"Retry-After": str(max(1, round(wait)))})
        return who

    return check
