"""Running the app: ``linewatch serve`` and ``linewatch demo`` end here."""

from __future__ import annotations

import uvicorn

from linewatch.store import Store
from linewatch.web.app import create_app


def serve(store: Store, host: str, port: int) -> None:
    """Serve Linewatch over ``store`` until interrupted."""
    uvicorn.run(create_app(store), host=host, port=port, log_level="info", proxy_headers=True)
