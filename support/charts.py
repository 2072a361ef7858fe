"""Small server-side SVG charts: no JavaScript, every text escaped, readable by screen readers
(role="img" with a <title> and <desc>; the pages put a table of the same numbers beside them)."""

import math
import uuid
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe–Ito), one colour per series in order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def nice_max(value: float, ticks: int = 4) -> tuple[float, float]:
    """A round top of the axis >= value, and the step between its `ticks` grid lines."""
    if value <= 0:
        return 1.0, 1.0 / ticks if ticks else 1.0
    raw_step = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw_step))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw_step:
            break
    if step < 1 and value >= 1:
        step = 1.0
    return step * ticks, step


def _number(value: float) -> str:
    return f"{value:g}"


def stacked_bar_chart(
    *,
    title: str,
    description: str = "",
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    width: int = 720,
    height: int = 300,
    label_every: int | None = None,
) -> SafeString:
    """An SVG of one bar per label, stacked with one segment per series (name, values — one value
    per label). Segments of zero are not drawn; each drawn one is a <rect class="bar"> with a
    <title> tooltip "label – series: value"."""
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
    uid = uuid.uuid4().hex[:8]
    left, right, top = 44, 12, 12
    legend_height = 22 * math.ceil(len(series) / 4) if len(series) > 1 else 0
    bottom = 40 + legend_height
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top_value, step = nice_max(max(totals, default=0))
    scale = plot_h / top_value
    slot = plot_w / max(len(labels), 1)
    bar_w = max(slot * 0.7, 1)
    label_every = label_every or max(1, math.ceil(len(labels) / 12))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'font-family="system-ui, sans-serif" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]
    # Horizontal grid and the y axis labels.
    tick = 0.0
    while tick <= top_value + 1e-9:
        y = top + plot_h - tick * scale
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#ddd"/>'
        )
        parts.append(
            f'<text class="axis-label" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11">{escape(_number(tick))}</text>'
        )
        tick += step
    parts.append(
        f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#333"/>'
    )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="#333"/>'
    )
    for index, label in enumerate(labels):
        x = left + index * slot + (slot - bar_w) / 2
        y = top + plot_h
        for number, (name, values) in enumerate(series):
            value = values[index]
            if not value:
                continue
            bar_h = value * scale
            y -= bar_h
            colour = PALETTE[number % len(PALETTE)]
            tooltip = f"{label} – {name}: {_number(value)}"
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" fill="{colour}"><title>{escape(tooltip)}</title></rect>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text class="axis-label" x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" '
                f'text-anchor="middle" font-size="11">{escape(label)}</text>'
            )
    if len(series) > 1:
        for number, (name, _values) in enumerate(series):
            x = left + (number % 4) * (plot_w / 4)
            y = height - legend_height + 22 * (number // 4)
            colour = PALETTE[number % len(PALETTE)]
            parts.append(
                f'<rect class="legend-swatch" x="{x:.1f}" y="{y}" width="12" height="12" '
                f"fill={quoteattr(colour)}/>"
            )
            parts.append(
                f'<text class="legend-label" x="{x + 18:.1f}" y="{y + 10}" font-size="12">'
                f"{escape(name)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text went through escape()
