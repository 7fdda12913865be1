"""Performance for the Police and Crime Commissioner: aggregate figures only, small counts
suppressed below the setting ``pcc_suppression_threshold``; as a page with charts, CSV and PDF."""

from linewatch.review.charts import bar_chart, months_between
from linewatch.review.export import pcc_csv, pcc_html, pcc_pdf
from linewatch.review.figures import Figure, PccFigures, pcc_figures

__all__ = [
    "Figure",
    "PccFigures",
    "bar_chart",
    "months_between",
    "pcc_csv",
    "pcc_figures",
    "pcc_html",
    "pcc_pdf",
]
