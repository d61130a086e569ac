"""Inline SVG charts for the report page, drawn here so the page needs no script
and no network. Every label passes through markupsafe.escape (scraped text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
_W, _H, _LEFT, _BOTTOM, _TOP = 640, 260, 56, 28, 12


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // step) + 1) * step


def _axes(years: Sequence[int], top: float, x_of) -> list[str]:
    parts = [f'<line class="axis" x1="{_LEFT}" y1="{_H - _BOTTOM}" x2="{_W - 8}" y2="{_H - _BOTTOM}"/>',
             f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_H - _BOTTOM}"/>']
    for tick in range(5):
        value = top * tick / 4
        y = _H - _BOTTOM - (_H - _BOTTOM - _TOP) * tick / 4
        parts.append(f'<text class="tick" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    for year in years:
        parts.append(f'<text class="tick" x="{x_of(year):.1f}" y="{_H - 8}" text-anchor="middle">{year}</text>')
    return parts


def line_chart(series: Mapping[str, Mapping[int, float]], years: Sequence[int], label: str) -> Markup:
    """One line per series (region) over the years; a point only where a value is stated."""
    values = [v for points in series.values() for v in points.values()]
    if not values or not years:
        return Markup('<p class="empty">No report states this figure.</p>')
    top = _nice_max(max(values))
    span = max(len(years) - 1, 1)

    def x_of(year: int) -> float:
        return _LEFT + 20 + (_W - _LEFT - 48) * (years.index(year) / span if len(years) > 1 else 0.5)

    def y_of(value: float) -> float:
        return _H - _BOTTOM - (_H - _BOTTOM - _TOP) * value / top

    parts = _axes(years, top, x_of)
    for index, (name, points) in enumerate(series.items()):
        coords = [(x_of(year), y_of(points[year]), year, points[year]) for year in years if year in points]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
        dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5"><title>{escape(name)} {year}: {value:g}</title>'
                       f"</circle>" for x, y, year, value in coords)
        parts.append(f'<g class="series" data-series="{escape(name)}" stroke="{color(index)}" '
                     f'fill="{color(index)}"><polyline fill="none" stroke-width="2" points="{path}"/>{dots}</g>')
    return _svg(parts, label)


def stacked_bars(bars: Mapping[int, Mapping[str, float]], keys: Sequence[str], label: str) -> Markup:
    """One bar per year, stacked by key (in `keys` order)."""
    years = sorted(bars)
    if not years:
        return Markup('<p class="empty">No report states these figures.</p>')
    top = _nice_max(max(sum(bar.get(k, 0) or 0 for k in keys) for bar in bars.values()))
    slot = (_W - _LEFT - 16) / len(years)

    def x_of(year: int) -> float:
        return _LEFT + slot * (years.index(year) + 0.5)

    parts = _axes(years, top, x_of)
    scale = (_H - _BOTTOM - _TOP) / top
    for year in years:
        base = _H - _BOTTOM
        width = min(slot * 0.6, 48)
        for index, key in enumerate(keys):
            value = bars[year].get(key) or 0
            if not value:
                continue
            height = value * scale
            base -= height
            parts.append(f'<rect class="bar" data-key="{escape(key)}" x="{x_of(year) - width / 2:.1f}" '
                         f'y="{base:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{color(index)}">'
                         f"<title>{year} {escape(key)}: {value:g}</title></rect>")
    return _svg(parts, label)


def legend(names: Sequence[str]) -> Markup:
    items = "".join(f'<li><span class="swatch" style="background:{color(i)}"></span>{escape(name)}</li>'
                    for i, name in enumerate(names))
    return Markup(f'<ul class="legend">{items}</ul>')


def _svg(parts: list[str], label: str) -> Markup:
    return Markup(f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {_W} {_H}" '
                  f'width="{_W}" height="{_H}" xmlns="http://www.w3.org/2000/svg">' + "".join(parts) + "</svg>")
