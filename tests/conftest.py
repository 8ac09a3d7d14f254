import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests (tests/test_fuzz.py): quick in every run; `--hypothesis-profile=long`
# searches much longer. Registered here so that the flag finds them.
settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SHARED = Path(__file__).parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED} (tests that read ../shared need it)")
    return SHARED


# PostgreSQL for the store tests: the server `.ci/postgres start` runs (it writes its URL to
# .ci/pg-url; `.ci/run` starts one), or any server given by `--pg-url URL` (a database the
# user may CREATE DATABASE from). With neither, the PostgreSQL cases skip and say so.
PG_URL_FILE = Path(__file__).parents[1] / ".ci" / "pg-url"


def pytest_addoption(parser):
    parser.addoption("--pg-url", default=None,
                     help="PostgreSQL server for the store tests (default: the URL in .ci/pg-url, from .ci/postgres)")
    parser.addoption("--screenshots", default=None, metavar="DIR",
                     help="Keep the pages' screenshots (tests/test_pages.py) in DIR")


def with_database(url: str, name: str, index_dir: Path | None = None) -> str:
    """``url`` naming database ``name`` instead (and the ANN index cache folder)."""
    parts = urlsplit(url)
    query = parts.query
    if index_dir is not None:
        query = "&".join(q for q in (query, f"index_dir={index_dir}") if q)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, query, ""))


class PgDatabases:
    def __init__(self, server: str, index_dir: Path) -> None:
        self.server, self.index_dir = server, index_dir
        self.names: list[str] = []

    def _admin(self):
        import psycopg

        return psycopg.connect(self.server, autocommit=True)

    def create(self) -> str:
        name = f"unspin_t_{uuid.uuid4().hex[:12]}"
        with self._admin() as con:
            con.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return with_database(self.server, name, self.index_dir)

    def drop_all(self, since: int = 0) -> None:
        """Drop the databases made (those made after the first ``since``)."""
        with self._admin() as con:
            for name in self.names[since:]:
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        del self.names[since:]


@pytest.fixture(scope="session")
def pg_server(request) -> str:
    url = request.config.getoption("--pg-url")
    if url is None and PG_URL_FILE.is_file():
        url = PG_URL_FILE.read_text(encoding="utf-8").strip() or None
    if url is None:
        pytest.skip("no PostgreSQL server configured (run .ci/postgres start, or pass --pg-url URL)")
    return url


@pytest.fixture(scope="session")
def pg_databases(pg_server, tmp_path_factory):
    """Makes fresh PostgreSQL databases on the configured server; drops what is left at the end."""
    dbs = PgDatabases(pg_server, tmp_path_factory.mktemp("pg-index"))
    yield dbs
    dbs.drop_all()


@pytest.fixture()
def pg_database(pg_databases):
    """A factory of fresh PostgreSQL databases for one test (dropped after it): each call gives
    the URL of a new empty one, its ANN index cached under a temporary folder."""
    before = len(pg_databases.names)
    yield pg_databases.create
    pg_databases.drop_all(since=before)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh store, once on each backend: a SQLite file path, or a new PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_database")()
