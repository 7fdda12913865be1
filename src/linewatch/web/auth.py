"""Who is asking: the session cookie for pages, the cookie or an organisation token for the API.

Sessions, passwords and tokens belong to ``linewatch.access``; this module only carries them
over HTTP. Every POST form holds the session's CSRF token in a hidden field, checked here. The
sign-in form, posted before there is a session, uses a double-submit cookie instead.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from linewatch import access as lw_access
from linewatch.access import Access, AccessDenied, Actor, Permission, allows
from linewatch.model import Role
from linewatch.store import Store

SESSION_COOKIE = "linewatch_session"
SIGN_IN_COOKIE = "linewatch_sign_in"

# Declared as security schemes so the OpenAPI document shows both ways in.
session_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False)
bearer_token = HTTPBearer(auto_error=False, description="An organisation's API token.")


@dataclass(frozen=True)
class Viewer:
    """The signed-in actor on one request, and the means to build an Access for a purpose."""

    store: Store
    actor: Actor
    csrf: str
    channel: str
    client: str | None

    def access(self, purpose: str) -> Access:
        return Access(self.store, self.actor, purpose, self.channel, self.client)

    def can(self, permission: Permission) -> bool:
        return allows(self.actor.role, permission)


class SignInRequired(Exception):
    """A page was asked for without a session; the handler sends the browser to sign in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _from_session(request: Request, token: str | None, channel: str) -> Viewer | None:
    if not token:
        return None
    found = lw_access.session_actor(store_of(request), token)
    if found is None:
        return None
    actor, csrf = found
    return Viewer(store_of(request), actor, csrf, channel, _client(request))


def page_viewer(request: Request, token: Annotated[str | None, Depends(session_cookie)]) -> Viewer:
    viewer = _from_session(request, token, "SCREEN")
    if viewer is None:
        query = f"?{request.url.query}" if request.url.query else ""
        raise SignInRequired(request.url.path + query)
    request.state.viewer = viewer
    return viewer


def api_viewer(
    request: Request,
    token: Annotated[str | None, Depends(session_cookie)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_token)],
) -> Viewer:
    if bearer is not None:
        actor = lw_access.actor_for_token(store_of(request), bearer.credentials)
        if actor is None:
            raise HTTPException(401, "That API token is not valid.", {"WWW-Authenticate": "Bearer"})
        return Viewer(store_of(request), actor, "", "API", _client(request))
    viewer = _from_session(request, token, "API")
    if viewer is None:
        raise HTTPException(
            401,
            "Sign in, or send an organisation's token as Authorization: Bearer <token>.",
            {"WWW-Authenticate": "Bearer"},
        )
    return viewer


PageViewer = Annotated[Viewer, Depends(page_viewer)]
ApiViewer = Annotated[Viewer, Depends(api_viewer)]


def require_csrf(viewer: PageViewer, csrf_token: Annotated[str, Form()] = "") -> Viewer:
    """A dependency for every POST form: the hidden field must match the session's token."""
    if not lw_access.check_csrf(viewer.csrf, csrf_token):
        raise AccessDenied("the form's security token did not match: go back, reload the page")
    return viewer


def home_for(actor: Actor) -> str:
    """Where a role starts: a partner at search (its own records), the PCC office at the
    aggregate figures, everyone else at the dashboard."""
    if actor.is_partner:
        return "/search"
    if actor.role is Role.CALL_HANDLER:
        return "/intake"
    if allows(actor.role, Permission.VIEW_PERSONAL_DATA):
        return "/"
    if allows(actor.role, Permission.VIEW_AGGREGATES):
        return "/pcc"
    return "/"


def safe_next(next_path: str | None) -> str | None:
    """Only a path on this site: never another host, so sign-in cannot redirect elsewhere."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path if "\\" not in next_path else None
    return None


def _secure(request: Request) -> bool:
    # Secure cookies need HTTPS; on plain http://localhost a browser would drop them.
    return request.url.scheme == "https"


router = APIRouter(include_in_schema=False)


def _sign_in_page(
    request: Request, next_path: str | None, error: str | None = None, user_id: str = ""
) -> HTMLResponse:
    from linewatch.web.rendering import OFFICIAL, render

    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "sign_in.html",
        classification=OFFICIAL,
        status_code=401 if error else 200,
        csrf_token=token,
        next_path=next_path or "",
        error=error,
        user_id=user_id,
    )
    response.set_cookie(
        SIGN_IN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/sign-in",
    )
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> Response:
    return _sign_in_page(request, safe_next(next))


@router.post("/sign-in")
def sign_in(
    request: Request,
    user_id: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    expected = request.cookies.get(SIGN_IN_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        raise AccessDenied("the sign-in form had expired: reload the page and sign in again")
    actor = lw_access.authenticate(store_of(request), user_id.strip(), password)
    if actor is None:
        return _sign_in_page(
            request, safe_next(next), "Enter a correct username and password", user_id.strip()
        )
    token, _csrf = lw_access.start_session(store_of(request), actor)
    response = RedirectResponse(safe_next(next) or home_for(actor), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/"
    )
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


@router.post("/sign-out")
def sign_out(request: Request, viewer: Annotated[Viewer, Depends(require_csrf)]) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    lw_access.end_session(viewer.store, token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def sign_in_redirect(exc: SignInRequired) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={quote(exc.next_path, safe='/')}", status_code=303)
