"""The one application object: pages, the JSON API, sign-in and the front-end files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

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


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Entity ids in URLs are personal data: never send them to another site.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.url.path.startswith(STATIC_PREFIXES):
        # Pages and API answers hold personal data: a browser or proxy must not keep a copy.
        response.headers["Cache-Control"] = "no-store"
    return response


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
    app.middleware("http")(_security_headers)
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
