"""API tokens for ``unspin serve``, kept in the store's database: only a SHA-256 hash of
each token is stored, never the token itself, so a copy of the database gives no access.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Literal

from unspin.errors import UnspinError

Scope = Literal["read", "write"]
PREFIX = "unspin_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_tokens (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created REAL NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class Token:
    """A stored token's name and scope (the token itself is never stored)."""

    name: str
    scope: Scope

    def allows(self, needed: Scope) -> bool:
        return self.scope == "write" or needed == "read"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class TokenStore:
    """Tokens in a SQLite store file (the same file as the documents)."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise UnspinError(f"{path}: cannot open the store for tokens: {exc}") from None

    def create(self, name: str, scope: Scope = "read") -> str:
        """A new token for ``name``; returns the token, which is shown once and not kept."""
        if scope not in ("read", "write"):
            raise UnspinError(f"scope must be read or write, not {scope!r}")
        if not name.strip():
            raise UnspinError("give the token a name (who or what it is for)")
        token = PREFIX + secrets.token_urlsafe(32)
        with self._db:
            self._db.execute("INSERT INTO api_tokens(hash, name, scope, created) VALUES (?, ?, ?, ?)",
                             (token_hash(token), name.strip(), scope, time.time()))
        return token

    def find(self, token: str) -> Token | None:
        if not token.startswith(PREFIX):
            return None
        row = self._db.execute("SELECT name, scope FROM api_tokens WHERE hash=?", (token_hash(token),)).fetchone()
        return Token(row[0], row[1]) if row else None

    def names(self) -> list[Token]:
        return [Token(n, s) for n, s in self._db.execute("SELECT name, scope FROM api_tokens ORDER BY created")]

    def close(self) -> None:
        self._db.close()
