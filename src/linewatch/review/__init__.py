"""Performance for the Police and Crime Commissioner: aggregate figures only."""

from linewatch.review.figures import Figure, PccFigures, pcc_figures

__all__ = ["Figure", "PccFigures", "pcc_figures"]
