"""Front-end files: GOV.UK Frontend, MoJ Frontend, Swagger UI and cytoscape.js from npm, plus
Linewatch's own.

Everything is served by the app itself from the npm lock file's packages; no page loads a byte
from a CDN. GOV.UK Frontend's ``assets`` folder (the GDS Transport typeface and the crown and
GOV.UK logos) is never served: those belong to GOV.UK services and Linewatch is not one.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"

# URL prefix -> folder inside node_modules, and sub-folders that must never be served.
NPM_MOUNTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "/govuk": ("govuk-frontend/dist/govuk", ("assets",)),
    "/moj": ("@ministryofjustice/frontend/moj", ("assets",)),
    "/swagger-ui": ("swagger-ui-dist", ()),
    "/cytoscape": ("cytoscape/dist", ()),
}


class FrontEndMissing(RuntimeError):
    """The npm packages the pages need are not installed."""


def find_node_modules(start: Path | None = None) -> Path:
    """The nearest node_modules holding govuk-frontend, looking up from the package and cwd."""
    here = (start or Path(__file__)).resolve()
    for folder in [*here.parents, Path.cwd().resolve(), *Path.cwd().resolve().parents]:
        candidate = folder / "node_modules"
        if (candidate / "govuk-frontend" / "dist").is_dir():
            return candidate
    raise FrontEndMissing(
        "GOV.UK Frontend is not installed: run `npm ci` in the Linewatch folder (see package.json)"
    )


class PackageFiles(StaticFiles):
    """StaticFiles over an npm package's folder, refusing the sub-folders named in ``hidden``."""

    def __init__(self, directory: Path, hidden: tuple[str, ...]) -> None:
        super().__init__(directory=directory)
        self.hidden = hidden

    async def get_response(self, path: str, scope: Scope) -> Response:
        parts = PurePosixPath(path).parts
        if parts and parts[0] in self.hidden:
            raise HTTPException(status_code=404)
        return await super().get_response(path, scope)


def mount_assets(app: FastAPI, node_modules: Path | None = None) -> None:
    modules = node_modules or find_node_modules()
    for prefix, (folder, hidden) in NPM_MOUNTS.items():
        directory = modules / folder
        if not directory.is_dir():
            raise FrontEndMissing(f"{directory} is missing: run `npm ci` (see package.json)")
        name = prefix.strip("/")
        app.mount(prefix, PackageFiles(directory, hidden), name=name)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
