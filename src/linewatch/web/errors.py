"""Errors as GOV.UK error pages for people and as JSON for the API.

A refusal (AccessDenied) is a 403; an unknown record a 404; malformed input a 422 that names
the field. API paths always answer JSON, pages always answer a page.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from linewatch.access import AccessDenied
from linewatch.web.auth import SignInRequired, sign_in_redirect
from linewatch.web.rendering import OFFICIAL, render

API_PREFIX = "/api/"

TITLES = {
    400: "There is a problem with the request",
    401: "You need to sign in",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "That is not allowed here",
    422: "There is a problem with what was asked for",
    500: "Sorry, there is a problem with the service",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    """Each problem with the field it is about, for the error page's summary."""
    problems = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ()) if part not in {"query", "path"}]
        problems.append({"field": ".".join(location) or "request", "message": error["msg"]})
    return problems


def error_page(
    request: Request, status: int, detail: str | None = None, **context: Any
) -> Response:
    return render(
        request,
        "error.html",
        status_code=status,
        classification=OFFICIAL,
        status=status,
        title=TITLES.get(status, TITLES[400] if status < 500 else TITLES[500]),
        detail=detail,
        **context,
    )


async def _access_denied(request: Request, exc: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": str(exc)}, status_code=403)
    return error_page(request, 403, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _is_api(request):
        return await http_exception_handler(request, exc)
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
    return error_page(request, exc.status_code, detail)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _is_api(request):
        return await request_validation_exception_handler(request, exc)
    return error_page(request, 422, None, problems=field_errors(exc))


async def _sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    if _is_api(request):
        return JSONResponse({"detail": "Sign in first."}, status_code=401)
    return sign_in_redirect(exc)


async def _server_error(request: Request, exc: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": "Internal error."}, status_code=500)
    return error_page(request, 500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _server_error)
    app.add_exception_handler(AccessDenied, _access_denied)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(SignInRequired, _sign_in)
