"""The PCC report as CSV and PDF: the shown figures only, the threshold stated in both."""

from __future__ import annotations

import csv
import io

from linewatch.model import Classification
from linewatch.review.charts import months_between
from linewatch.review.figures import PccFigures
from linewatch.tasking.pdfdoc import Document


def pcc_csv(figures: PccFigures) -> str:
    """One row per measure: key, label, unit, total, then each month of the period."""
    months = months_between(figures.since.isoformat(), figures.until.isoformat())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["measure", "label", "unit", "total", *months])
    for figure in figures.figures:
        writer.writerow(
            [
                figure.key,
                figure.label,
                figure.unit,
                figure.display,
                *(figure.by_month.get(m, figure.empty) for m in months),
            ]
        )
    writer.writerow([])
    writer.writerow(
        [
            "note",
            f"Counts from 1 to {figures.threshold - 1} are shown as <{figures.threshold}; "
            f"medians resting on fewer than {figures.threshold} records are not shown.",
        ]
    )
    return out.getvalue()


def pcc_pdf(figures: PccFigures) -> bytes:
    doc = Document(
        f"Performance against County Lines {figures.since:%d %b %Y} to {figures.until:%d %b %Y}",
        str(Classification.OFFICIAL),
    )
    doc.heading("Performance against County Lines", 16)
    doc.para(
        f"{figures.since:%d %B %Y} to {figures.until:%d %B %Y}. Aggregate figures only: counts "
        f"from 1 to {figures.threshold - 1} are shown as <{figures.threshold}, and medians "
        f"resting on fewer than {figures.threshold} records are not shown."
    )
    doc.grid(
        ["Measure", "Total"],
        [[f.label, f.display] for f in figures.figures],
        (150, 30),
    )
    months = months_between(figures.since.isoformat(), figures.until.isoformat())
    for chunk in (months[i : i + 6] for i in range(0, len(months), 6)):
        doc.heading(f"By month, {chunk[0]} to {chunk[-1]}", 11)
        doc.grid(
            ["Measure", *chunk],
            [[f.label, *(f.by_month.get(m, f.empty) for m in chunk)] for f in figures.figures],
            (72, *([18] * len(chunk))),
        )
    return doc.output_bytes()


def pcc_html(figures: PccFigures) -> str:
    """A self-contained HTML report (tables and inline SVG charts, no script, no links out),
    for sending on as a file."""
    from xml.sax.saxutils import escape

    from linewatch.review.charts import bar_chart

    months = months_between(figures.since.isoformat(), figures.until.isoformat())
    period = f"{figures.since:%d %B %Y} to {figures.until:%d %B %Y}"
    title = f"Performance against County Lines, {period}"
    head = "".join(f"<th scope='col'>{m}</th>" for m in months)
    rows = "".join(
        f"<tr><th scope='row'>{escape(f.label)}</th>"
        + "".join(f"<td>{escape(f.by_month.get(m, f.empty))}</td>" for m in months)
        + f"<td><strong>{escape(f.display)}</strong></td></tr>"
        for f in figures.figures
    )
    charts = "".join(
        f"<h3>{escape(f.label)} (total {escape(f.display)})</h3>{bar_chart(f, months)}"
        for f in figures.figures
        if f.unit == "count"
    )
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>body{{font-family:Arial,sans-serif;margin:2em;"
        "max-width:60em}table{border-collapse:collapse}th,td{border-bottom:1px solid #b1b4b6;"
        "padding:.3em .5em;text-align:right}th[scope=row]{text-align:left}</style></head><body>"
        f"<p><strong>{Classification.OFFICIAL}</strong></p><h1>{escape(title)}</h1>"
        f"<p>Aggregate figures only: counts from 1 to {figures.threshold - 1} are shown as "
        f"&lt;{figures.threshold}, and medians resting on fewer than {figures.threshold} records "
        "are not shown.</p>"
        f"<table><thead><tr><th scope='col'>Measure</th>{head}<th scope='col'>Total</th></tr>"
        f"</thead><tbody>{rows}</tbody></table><h2>Charts</h2>{charts}</body></html>"
    )
