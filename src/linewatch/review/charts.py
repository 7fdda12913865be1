"""Bar charts of the PCC figures by month, as inline SVG drawn from the shown values only.

A suppressed month ("<3") is drawn as a short hatched stub labelled as shown, so that the
chart never says more than the table beside it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from linewatch.review.figures import Figure

BAR = "#1d70b8"
WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 560, 180, 18, 34, 8


def _number(shown: str) -> float | None:
    try:
        return float(shown)
    except ValueError:
        return None


def bar_chart(figure: Figure, months: list[str]) -> str:
    """One figure's months as an SVG bar chart with a title for screen readers."""
    values = [figure.by_month.get(m, "0") for m in months]
    numbers = [_number(v) or 0.0 for v in values]
    top = max(numbers, default=0.0) or 1.0
    step = (WIDTH - 2 * LEFT) / max(len(months), 1)
    plot = HEIGHT - TOP - BOTTOM
    summary = ", ".join(f"{m}: {v}" for m, v in zip(months, values, strict=True))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(figure.label)} by month. {escape(summary)}" '
        f'data-chart="{figure.key}">',
        f'<defs><pattern id="lw-hatch-{figure.key}" width="6" height="6" '
        'patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#505a5f" stroke-width="3"/></pattern></defs>',
    ]
    for i, (month, shown, number) in enumerate(zip(months, values, numbers, strict=True)):
        x = LEFT + i * step + step * 0.15
        width = step * 0.7
        suppressed = _number(shown) is None and shown != "0"
        height = 6.0 if suppressed else plot * number / top
        y = TOP + plot - height
        fill = f"url(#lw-hatch-{figure.key})" if suppressed else BAR
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'fill="{fill}" stroke="#0b0c0c" stroke-width="0.5"/>'
            f'<text x="{x + width / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11" '
            f'fill="#0b0c0c">{escape(shown)}</text>'
            f'<text x="{x + width / 2:.1f}" y="{HEIGHT - 14}" text-anchor="middle" '
            f'font-size="11" fill="#0b0c0c">{month[2:4]}/{month[5:]}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + plot}" x2="{WIDTH - LEFT}" y2="{TOP + plot}" '
        'stroke="#505a5f"/></svg>'
    )
    return "".join(out)


def months_between(since: str, until: str) -> list[str]:
    """Every month of the period, so that a month with nothing still shows as nought."""
    year, month = int(since[:4]), int(since[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= until[:7]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
