"""The data behind every page and API endpoint: one stage call each, made plain for JSON.

A page and its API endpoint call the same function here, so the HTML and the JSON always
hold the same data (the page only lays it out). Nothing here decides anything about the
domain: each function asks one stage's public API and returns what it says.

Stage packages are imported when a view is first used, so the app starts (and shows the
pages that work) whichever stages a deployment has.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.encoders import jsonable_encoder

from linewatch.access import Access, AccessDenied, Permission

# The stated purpose each view records in the s.62 audit log, shown on the page.
PURPOSES = {
    "dashboard": "Reviewing the County Lines picture at a glance",
    "entity": "Viewing entity for County Lines investigation",
    "search": "Searching records for County Lines investigation",
    "triage": "Triaging new intelligence reports",
    "lines": "Reviewing flagged deal lines for County Lines investigation",
    "alerts": "Reviewing possible bail condition breaches",
    "briefing": "Tactical tasking briefing",
    "pcc": "PCC performance reporting",
}

DASHBOARD_ROWS = 5


def plain(value: Any) -> Any:
    """A stage's answer as JSON-ready data: its own ``to_dict()`` where it has one."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return jsonable_encoder(value)


def personal_data(access: Access) -> None:
    """Refuse a personal-data view up front, whatever the stage behind it checks as well."""
    access.require(Permission.VIEW_PERSONAL_DATA)


def whole_picture(access: Access) -> None:
    """Refuse lists drawn from every organisation's records to a partner agency's user.

    A partner sees only what its organisation submitted or was sent. Entity pages and search
    filter to that; the queues and lists below do not, so they stay with the force.
    """
    personal_data(access)
    if access.visible_organisations() is not None:
        raise AccessDenied(
            "a partner agency sees only the records it submitted or was sent: search for them"
        )


class EntityNotFound(LookupError):
    """No entity has that id."""


def entity(access: Access, entity_id: str) -> dict[str, Any]:
    personal_data(access)
    from linewatch import resolve

    try:
        view = resolve.entity_view(access, entity_id)
    except LookupError as exc:
        raise EntityNotFound(entity_id) from exc
    if view is None:
        raise EntityNotFound(entity_id)
    result: dict[str, Any] = plain(view)
    return result


def search(access: Access, text: str, limit: int) -> dict[str, Any]:
    personal_data(access)
    from linewatch import resolve

    hits = resolve.search(access, text, limit)
    return {"query": text, "limit": limit, "results": plain(hits)}


def triage(access: Access, limit: int) -> dict[str, Any]:
    whole_picture(access)
    from linewatch import evaluate

    items = evaluate.triage_queue(access, limit)
    return {"limit": limit, "items": plain(items)}


def lines(access: Access) -> dict[str, Any]:
    whole_picture(access)
    from linewatch import comms

    return {"lines": plain(comms.deal_lines(access))}


def alerts(access: Access) -> dict[str, Any]:
    whole_picture(access)
    from linewatch import enforce

    return {"alerts": plain(enforce.open_alerts(access))}


def briefing(access: Access, as_of: date) -> dict[str, Any]:
    whole_picture(access)
    from linewatch import tasking

    result: dict[str, Any] = plain(tasking.briefing(access, as_of))
    return result


def pcc(access: Access, since: date, until: date) -> dict[str, Any]:
    from linewatch import review

    result: dict[str, Any] = plain(review.pcc_figures(access, since, until))
    return result


def _panel(fetch: Callable[[], Any]) -> Any:
    """One dashboard panel; None when the viewer's role may not see it (the stage decides)."""
    try:
        return fetch()
    except AccessDenied:
        return None


def _hotspots_panel(access: Access, as_of: date) -> Any:
    from linewatch.web.tasking import map_panel

    return map_panel(access, as_of)


def dashboard(access: Access, as_of: date) -> dict[str, Any]:
    """The picture at a glance: what waits in each queue, from each stage's own answer."""
    whole_picture(access)
    from linewatch import comms, enforce, evaluate, safeguard

    queue = _panel(lambda: plain(evaluate.triage_queue(access, DASHBOARD_ROWS)))
    waiting = _panel(lambda: evaluate.triage_count(access))
    overdue = _panel(lambda: plain(safeguard.overdue_visits(access, as_of)))
    due = _panel(lambda: plain(safeguard.visits_due(access, as_of)))
    return {
        "as_of": as_of.isoformat(),
        "triage": None if queue is None else {"items": queue, "waiting": waiting},
        "lines": _panel(lambda: plain(comms.deal_lines(access))),
        "alerts": _panel(lambda: plain(enforce.open_alerts(access))),
        "visits_overdue": overdue,
        # visits_due includes the late ones; the dashboard lists those once, as overdue.
        "visits_due": None
        if due is None
        else [v for v in due if v["id"] not in {o["id"] for o in overdue or []}],
        "people": _panel(lambda: plain(safeguard.people_to_safeguard(access, as_of))),
        "hotspots": _panel(lambda: _hotspots_panel(access, as_of)),
    }
