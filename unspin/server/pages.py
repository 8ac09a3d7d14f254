"""The pages: server-rendered frames (Jinja2) whose data comes from the REST API through a
little plain JavaScript (static/app.js). A page holds no data and needs no token; the
API calls it makes do."""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

PAGES = {"/": ("signin", "Sign in"), "/analyze": ("analyze", "Analyze"), "/sources": ("sources", "Sources"),
         "/claims": ("claims", "Claims"),
         "/corpus": ("corpus", "Corpus"), "/ingest": ("ingest", "Ingest")}


def install(app: FastAPI, open_access: bool) -> None:
    env = Environment(loader=FileSystemLoader(str(files("unspin.server") / "templates")),
                      autoescape=select_autoescape(["html"]))

    def route(page: str, title: str):
        template = env.get_template(f"{page}.html")

        def render(request: Request) -> HTMLResponse:
            return HTMLResponse(template.render(page=page, title=title, open_access=open_access))

        return render

    for path, (page, title) in PAGES.items():
        app.add_api_route(path, route(page, title), methods=["GET"], include_in_schema=False,
                          response_class=HTMLResponse)
