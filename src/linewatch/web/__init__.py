"""The web app: GOV.UK-style pages and a JSON API, a thin shell over the stage packages."""

from linewatch.web.app import create_app
from linewatch.web.serve import serve

__all__ = ["create_app", "serve"]
