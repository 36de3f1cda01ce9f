"""`reviewtui serve`: the read-only follower in a web browser, through textual-serve, behind a secret link.

Every URL the server answers starts with a random token (/<token>/, /<token>/ws, /<token>/static/...): the
page, the websocket and the page's own files. Any other request gets 403 and nothing else. The token is in the
path, not the query, because the browser side adds its own query to the websocket URL. Only `reviewtui follow`
is ever served: each browser tab runs one follower process, which ends when the tab closes.
"""

from __future__ import annotations

import asyncio
import hmac
import re
import secrets
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

PAGE = "app_index.html"  # textual-serve's page template
# textual-serve's page loads its font from fonts.googleapis.com: every attendee's browser would contact an
# outside site. The same font is among its own static files; the page takes it from there instead.
_GOOGLE_FONT = re.compile(r"\s*<link\b[^>]*fonts\.googleapis\.com[^>]*>", re.IGNORECASE)
_LOCAL_FONT = """
    <style>
      @font-face { font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
      @font-face { font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
    </style>"""


def page_template(templates: Path) -> str:
    """textual-serve's page, with its font served by reviewtui rather than fetched from an outside site."""
    return _GOOGLE_FONT.sub(lambda _: _LOCAL_FONT, (templates / PAGE).read_text(encoding="utf-8"), count=1)


def follow_command(directory: Path) -> str:
    """The shell command each browser tab runs: the follower of this store, and nothing else."""
    return shlex.join([sys.executable, "-m", "reviewtui", "follow", "--store", str(directory.resolve()),
                       "--no-signals"])  # a browser tab cannot say who it is: no raised hands from it


class FollowServer(Server):
    """textual-serve's server with every route under a secret token, refusing anything without it."""

    def __init__(self, directory: Path, host: str, port: int, token: str | None = None) -> None:
        super().__init__(follow_command(directory), host=host, port=port, title="reviewtui follow")
        self.token = token or secrets.token_urlsafe(24)
        shown_host = socket.gethostname() if host in ("0.0.0.0", "::", "") else host  # every address: name one
        shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host
        self.url = f"http://{shown_host}:{port}/{self.token}/"
        self._tabs: set[asyncio.Task[object]] = set()  # one websocket handler per open browser tab

    def initialize_logging(self) -> None:
        """textual-serve logs each connection with Rich; reviewtui prints its one line and stays quiet."""

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._token_gate])
        prefix = f"/{self.token}"
        app.add_routes([
            web.get(f"{prefix}/", self.handle_index, name="index"),
            web.get(f"{prefix}/ws", self._websocket, name="websocket"),
            web.static(f"{prefix}/static", self.statics_path, name="static"),
        ])
        import aiohttp_jinja2
        import jinja2

        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({PAGE: page_template(Path(self.templates_path))}))
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self._end_followers)
        return app

    @web.middleware
    async def _token_gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 for any request whose path does not start with the token (compared in constant time)."""
        first = request.path.lstrip("/").split("/", 1)[0]
        if not hmac.compare_digest(first.encode(), self.token.encode()):
            return web.Response(status=403, text="forbidden\n")
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:  # another site's page, token or not
            return web.Response(status=403, text="forbidden\n")
        return await handler(request)

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        """The follower's websocket; a request that is not a websocket upgrade (a plain GET) gets 400, quietly."""
        if not web.WebSocketResponse().can_prepare(request).ok:  # textual-serve would log a traceback
            return web.Response(status=400, text="bad request: this address is for the page's websocket\n")
        task = asyncio.current_task()
        if task is not None:
            self._tabs.add(task)
        try:
            return await self.handle_websocket(request)
        finally:
            if task is not None:
                self._tabs.discard(task)

    async def _end_followers(self, app: web.Application) -> None:
        """On Ctrl+C or SIGTERM: end every tab's follower process while the event loop still runs (left to the
        interpreter's exit, each printed 'Event loop is closed' tracebacks in the serve terminal)."""
        tabs = list(self._tabs)
        for task in tabs:
            task.cancel()  # textual-serve then closes the websocket and tells its follower to quit, and waits
        await asyncio.gather(*tabs, return_exceptions=True)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # The page's links use the address the browser used (an SSH tunnel's local port, say), not the bind address.
        self.public_url = f"{request.scheme}://{request.host}"
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its banner here, before the port is open; reviewtui says so once it is."""

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM; the link is printed once the port is open (OSError if it cannot be)."""
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=True,
                    print=lambda *_: self._announce(), access_log=None)

    def _announce(self) -> None:
        print(f"Serving the meeting's follower (read-only) at {self.url}", flush=True)
        print("Anyone with this link can watch the meeting: send it only to attendees. Ctrl+C stops.", flush=True)
