"""The one application object: pages, the JSON API, sign-in and the front-end files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import linewatch
from linewatch.store import Store
from linewatch.web import errors, intake
from linewatch.web.api import PREFIX as API_PREFIX
from linewatch.web.api import router as api_router
from linewatch.web.assets import mount_assets
from linewatch.web.auth import router as auth_router
from linewatch.web.comms import router as comms_router
from linewatch.web.enforce import router as enforce_router
from linewatch.web.evaluate import router as evaluate_router
from linewatch.web.evaluate_api import router as evaluate_api_router
from linewatch.web.network import router as network_router
from linewatch.web.pages import router as pages_router
from linewatch.web.rendering import Pages
from linewatch.web.resolve import router as resolve_router
from linewatch.web.review import router as review_router
from linewatch.web.safeguard import router as safeguard_router
from linewatch.web.tasking import router as tasking_router

API_DESCRIPTION = """\
The same data the Linewatch pages show, as JSON. Every call is made for a stated purpose and
written to the DPA 2018 s.62 audit log on the API channel.

Authenticate with the session cookie of a signed-in user, or send an organisation's API token
as `Authorization: Bearer <token>`. An organisation's token acts in the one role its kind
allows: a partner sees only its own and disclosed records, the PCC office aggregates only.
"""

STATIC_PREFIXES = ("/govuk/", "/moj/", "/swagger-ui/", "/static/", "/cytoscape/")


_DEFAULT_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Entity ids in URLs are personal data: never send them to another site.
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeaders:
    """Adds the security headers to every HTTP answer. A plain ASGI middleware rather than
    ``@app.middleware("http")``: that one runs each request through an extra task and memory
    streams, a cost every report a partner system sends would pay."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Pages and API answers hold personal data: a browser or proxy must not keep a copy.
        no_store = not str(scope.get("path", "")).startswith(STATIC_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if not (no_store and name.lower() == b"cache-control")
                ]
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in _DEFAULT_HEADERS if n not in present]
                if no_store:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(store: Store | None = None, *, node_modules: Path | None = None) -> FastAPI:
    """The Linewatch web app over ``store`` (the configured store, migrated, if None)."""
    if store is None:
        store = Store()
        store.migrate()
    app = FastAPI(
        title="Linewatch API",
        version=linewatch.__version__,
        description=API_DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.pages = Pages()
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    mount_assets(app, node_modules)
    app.include_router(auth_router)
    app.include_router(pages_router)
    app.include_router(resolve_router)
    app.include_router(tasking_router)
    app.include_router(review_router)
    app.include_router(evaluate_router)
    app.include_router(safeguard_router)
    app.include_router(enforce_router)
    app.include_router(api_router)
    app.include_router(comms_router)
    app.include_router(network_router)
    app.include_router(intake.router)
    app.include_router(intake.api_router)
    app.include_router(evaluate_api_router)

    @app.get(f"{API_PREFIX}/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{API_PREFIX}/openapi.json",
            title="Linewatch API",
            swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    return app
