"""Small inline SVG charts (no external files, no script needed to see them): they print and open offline.

Both charts place stage ``i`` of ``n`` at ``(i + 0.5) / n`` of the width, in percent, so a chart
spanning the map's stage columns lines up with them at any window or paper width. The HTML
map's script redraws them with the same geometry when filters change (``_app.js``:
``curveSvg`` / ``volumeSvg``); keep the two in step.
"""

from __future__ import annotations

from html import escape

from pipeline.report._model import fmt_signed

__all__ = ["emotion_curve_svg", "stage_volume_svg", "curve_scale", "KIND_LABELS"]

KIND_LABELS = {"pain_point": "pain points", "question": "questions", "request": "requests", "praise": "praise"}
CURVE_H, CURVE_PAD = 150, 16
VOL_H, VOL_TOP, VOL_BOTTOM = 200, 30, 26


def curve_scale(values: list[float | None]) -> int:
    """Half-range of the y axis: the smallest multiple of 25 (at most 100) holding every value."""
    m = max([abs(v) for v in values if v is not None] + [1])
    return int(min(100, -(-m // 25) * 25))


def _x(i: int, n: int) -> str:
    return f"{(i + 0.5) * 100 / max(n, 1):.3f}%"


def emotion_curve_svg(names: list[str], net: list[float | None], pos: list[float | None], neg: list[float | None]) -> str:
    """Net sentiment per stage as a line over bars of % positive (up) and % negative (down).

    Args:
        names: Stage names.
        net: Net sentiment per stage (-100..100) or None where a stage has no evidence.
        pos: Share of positive segments per stage (0..1) or None.
        neg: Share of negative segments per stage (0..1) or None.
    """
    n = len(names)
    pv = [None if p is None else p * 100 for p in pos]
    nv = [None if p is None else p * 100 for p in neg]
    m = curve_scale(list(net) + pv + nv)
    h = CURVE_H - 2 * CURVE_PAD

    def y(v: float) -> str:
        return f"{CURVE_PAD + (1 - (v + m) / (2 * m)) * h:.1f}"

    parts = [f'<svg class="curve" role="img" aria-label="Emotion curve: net sentiment per stage" width="100%" height="{CURVE_H}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="0" x2="100%" y1="{y(0)}" y2="{y(0)}" class="axis0"/>',
             f'<text x="3" y="{float(y(m)) + 4:.1f}" class="tick">+{m}</text>',
             f'<text x="3" y="{float(y(0)) - 3:.1f}" class="tick">0</text>',
             f'<text x="3" y="{float(y(-m)) - 2:.1f}" class="tick">\u2212{m}</text>']
    for i in range(n):
        if pv[i] is not None:
            parts.append(f'<line x1="{_x(i, n)}" x2="{_x(i, n)}" y1="{y(0)}" y2="{y(pv[i])}" class="bpos"/>')
            parts.append(f'<line x1="{_x(i, n)}" x2="{_x(i, n)}" y1="{y(0)}" y2="{y(-nv[i])}" class="bneg"/>')
    last = None
    for i in range(n):
        if net[i] is None:
            continue
        if last is not None:
            parts.append(f'<line x1="{_x(last, n)}" x2="{_x(i, n)}" y1="{y(net[last])}" y2="{y(net[i])}" class="line"/>')
        last = i
    for i in range(n):
        if net[i] is None:
            parts.append(f'<text x="{_x(i, n)}" y="{float(y(0)) - 6:.1f}" class="val" text-anchor="middle">no data</text>')
            continue
        v = net[i]
        cls = "pos" if v >= 5 else "neg" if v <= -5 else "neu"
        ty = float(y(v)) + (16 if v < 0 else -8)
        parts.append(f'<circle cx="{_x(i, n)}" cy="{y(v)}" r="5" class="{cls}"><title>{escape(names[i])}: net sentiment '
                     f'{fmt_signed(v)}</title></circle>')
        parts.append(f'<text x="{_x(i, n)}" y="{ty:.1f}" class="val {cls}" text-anchor="middle">{fmt_signed(v)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stage_volume_svg(names: list[str], series: dict[str, list[int]]) -> str:
    """Grouped bars: customer segments per stage for each kind (pain points, questions, ...)."""
    n = max(len(names), 1)
    kinds = list(series)
    h = VOL_H - VOL_TOP - VOL_BOTTOM
    top = max([max(v) for v in series.values() if v] + [1])
    bw = 80 / max(len(kinds), 1)
    parts = [f'<svg class="volume" role="img" aria-label="Theme volume by stage" width="100%" height="{VOL_H}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for k_i, kind in enumerate(kinds):
        parts.append(f'<rect x="{k_i * 120 + 2}" y="6" width="10" height="10" class="k{k_i}"/>'
                     f'<text x="{k_i * 120 + 16}" y="15" class="lab">{escape(KIND_LABELS.get(kind, kind))}</text>')
    parts.append(f'<line x1="0" x2="100%" y1="{VOL_TOP + h}" y2="{VOL_TOP + h}" class="axis"/>')
    for i, name in enumerate(names):
        parts.append(f'<svg x="{i * 100 / n:.3f}%" y="0" width="{100 / n:.3f}%" height="{VOL_H}" viewBox="0 0 100 {VOL_H}" '
                     f'preserveAspectRatio="none">')
        for k_i, kind in enumerate(kinds):
            v = series[kind][i]
            bh = h * v / top
            parts.append(f'<rect x="{10 + k_i * bw:.2f}" y="{VOL_TOP + h - bh:.1f}" width="{bw - 2:.2f}" height="{bh:.1f}" '
                         f'class="k{k_i}"><title>{escape(name)} · {escape(KIND_LABELS.get(kind, kind))}: {v}</title></rect>')
        parts.append("</svg>")
        for k_i, kind in enumerate(kinds):
            v = series[kind][i]
            if v:
                cx = (i + (10 + k_i * bw + (bw - 2) / 2) / 100) * 100 / n
                parts.append(f'<text x="{cx:.3f}%" y="{VOL_TOP + h - h * v / top - 3:.1f}" class="num" '
                             f'text-anchor="middle">{v}</text>')
        parts.append(f'<text x="{_x(i, n)}" y="{VOL_H - 8}" class="lab" text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
