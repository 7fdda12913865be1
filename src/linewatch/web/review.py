"""The PCC's performance report: the page with its charts, and the same figures as PDF and CSV.

Every one of these serves the shown figures only (a suppressed count stays "<N").
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from linewatch import review
from linewatch.web import views
from linewatch.web.auth import PageViewer
from linewatch.web.pages import pcc_period
from linewatch.web.rendering import OFFICIAL, render

router = APIRouter(include_in_schema=False)
PURPOSE = views.PURPOSES["pcc"]


def _figures(viewer: PageViewer, since: date | None, until: date | None) -> review.PccFigures:
    start, end = pcc_period(since, until)
    return review.pcc_figures(viewer.access(PURPOSE), start, end)


@router.get("/pcc")
def pcc_page(
    request: Request, viewer: PageViewer, since: date | None = None, until: date | None = None
) -> Response:
    figures = _figures(viewer, since, until)
    months = review.months_between(figures.since.isoformat(), figures.until.isoformat())
    charts = {
        f.key: Markup(review.bar_chart(f, months)) for f in figures.figures if f.unit == "count"
    }
    return render(
        request,
        "review/pcc.html",
        purpose=PURPOSE,
        classification=OFFICIAL,
        data=figures.to_dict(),
        months=months,
        charts=charts,
    )


@router.get("/pcc.csv")
def pcc_csv(viewer: PageViewer, since: date | None = None, until: date | None = None) -> Response:
    figures = _figures(viewer, since, until)
    name = f"pcc-performance-{figures.since}-to-{figures.until}.csv"
    return Response(
        review.pcc_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/pcc.pdf")
def pcc_pdf(viewer: PageViewer, since: date | None = None, until: date | None = None) -> Response:
    figures = _figures(viewer, since, until)
    name = f"pcc-performance-{figures.since}-to-{figures.until}.pdf"
    return Response(
        review.pcc_pdf(figures),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
