"""Templates: Linewatch's own pages first, GOV.UK Frontend's Jinja macros behind them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from linewatch.access import Actor, Permission, allows
from linewatch.model import Classification
from linewatch.web import filters

# Pages that hold personal data carry this marking; aggregate and sign-in pages are OFFICIAL.
PERSONAL = str(Classification.OFFICIAL_SENSITIVE)
OFFICIAL = str(Classification.OFFICIAL)


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    permission: Permission
    whole_picture: bool = False  # draws on every organisation's records: not for partners


# Navigation by role: a link shows when the role holds the permission its page needs.
NAVIGATION = (
    NavItem("Dashboard", "/", Permission.VIEW_PERSONAL_DATA, whole_picture=True),
    NavItem("Triage", "/triage", Permission.GRADE_REPORTS, whole_picture=True),
    NavItem("Deal lines", "/lines", Permission.VIEW_PERSONAL_DATA, whole_picture=True),
    NavItem("Alerts", "/alerts", Permission.VIEW_PERSONAL_DATA, whole_picture=True),
    NavItem("Network", "/network", Permission.VIEW_PERSONAL_DATA, whole_picture=True),
    NavItem("Briefing", "/briefing", Permission.VIEW_PERSONAL_DATA, whole_picture=True),
    NavItem("Hotspots", "/hotspots", Permission.VIEW_PICTURE, whole_picture=True),
    NavItem("Tasks", "/tasks", Permission.VIEW_PICTURE, whole_picture=True),
    NavItem("Visits", "/visits", Permission.RECORD_OUTCOMES, whole_picture=True),
    NavItem("Safeguarding", "/safeguard/register", Permission.VIEW_PICTURE, whole_picture=True),
    NavItem("Bail alerts", "/breaches", Permission.RECORD_OUTCOMES, whole_picture=True),
    NavItem("Enforcement", "/warrants", Permission.RECORD_OUTCOMES, whole_picture=True),
    NavItem("Matches", "/matches", Permission.RESOLVE_ENTITIES, whole_picture=True),
    NavItem("Search", "/search", Permission.VIEW_PERSONAL_DATA),
    NavItem("Record a report", "/intake", Permission.RECORD_REPORTS, whole_picture=True),
    NavItem("Performance", "/pcc", Permission.VIEW_AGGREGATES),
)


def navigation(actor: Actor, current_path: str) -> list[dict[str, Any]]:
    items = []
    for item in NAVIGATION:
        if not allows(actor.role, item.permission) or (item.whole_picture and actor.is_partner):
            continue
        active = current_path == item.href or (
            item.href != "/" and current_path.startswith(item.href + "/")
        )
        items.append({"text": item.text, "href": item.href, "active": active})
    return items


@cache
def environment() -> Environment:
    """One environment per process, so every app shares its compiled templates."""
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("linewatch.web", "templates"),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        auto_reload=False,
    )
    filters.install(env)
    return env


class Pages:
    """Renders a page with what every page needs: the user, navigation, CSRF token, marking."""

    def __init__(self) -> None:
        self.templates = Jinja2Templates(env=environment())

    def render(
        self,
        request: Request,
        template: str,
        *,
        status_code: int = 200,
        classification: str = PERSONAL,
        **context: Any,
    ) -> HTMLResponse:
        viewer = getattr(request.state, "viewer", None)
        nonce = secrets.token_urlsafe(16)
        base: dict[str, Any] = {
            "classification": classification,
            "viewer": viewer,
            "navigation": navigation(viewer.actor, request.url.path) if viewer else [],
            "csrf_token": viewer.csrf if viewer else "",
            "cspNonce": nonce,
        }
        response = self.templates.TemplateResponse(
            request, template, {**base, **context}, status_code=status_code
        )
        # Pages run only their own scripts and the app's files: nothing inline but the
        # template's one nonce-tagged line, nothing from another origin.
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'"
        )
        return response


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """Render with the app's Pages (see ``Pages.render`` for the keyword arguments)."""
    pages: Pages = request.app.state.pages
    return pages.render(request, template, **context)
