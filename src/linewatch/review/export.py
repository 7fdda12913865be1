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
                *(figure.by_month.get(m, "0") for m in months),
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
            [[f.label, *(f.by_month.get(m, "0") for m in chunk)] for f in figures.figures],
            (72, *([18] * len(chunk))),
        )
    return doc.output_bytes()
