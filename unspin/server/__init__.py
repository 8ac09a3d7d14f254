"""``unspin serve``: the REST API (and, later, the pages) over the library."""

from unspin.server.settings import ServerSettings


def create_app(settings: ServerSettings, resources=None):
    from unspin.server.app import create_app as _create

    return _create(settings, resources)


__all__ = ["ServerSettings", "create_app"]
