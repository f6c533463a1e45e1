"""Small inline SVG charts (no JavaScript, no external files): they print and open offline."""

from __future__ import annotations

from html import escape

__all__ = ["emotion_curve_svg", "stage_volume_svg"]


def emotion_curve_svg(names: list[str], values: list[float | None], width: int = 900, height: int = 180) -> str:
    """Line chart of mean sentiment (-1..1) per stage; gaps where a stage has no evidence."""
    n = max(len(names), 1)
    pad_l, pad_r, pad_t, pad_b = 40, 20, 16, 36
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    xs = [pad_l + (i + 0.5) * w / n for i in range(n)]

    def y(v: float) -> float:
        return pad_t + (1 - (v + 1) / 2) * h

    parts = [f'<svg class="chart" role="img" aria-label="Emotion curve: mean sentiment per stage" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(0):.1f}" y2="{y(0):.1f}" class="axis0"/>']
    for v, lab in ((1, "+1"), (0, "0"), (-1, "−1")):
        parts.append(f'<text x="{pad_l - 6}" y="{y(v) + 4:.1f}" class="tick" text-anchor="end">{lab}</text>')
    pts = [(x, v) for x, v in zip(xs, values) if v is not None]
    if len(pts) > 1:
        d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y(v):.1f}" for i, (x, v) in enumerate(pts))
        parts.append(f'<path d="{d}" class="curve"/>')
    for x, v, name in zip(xs, values, names):
        if v is not None:
            cls = "pos" if v > 0.05 else "neg" if v < -0.05 else "neu"
            parts.append(f'<circle cx="{x:.1f}" cy="{y(v):.1f}" r="5" class="{cls}"><title>{escape(name)}: {v:+.2f}</title></circle>')
            parts.append(f'<text x="{x:.1f}" y="{y(v) - 9:.1f}" class="val" text-anchor="middle">{v:+.2f}</text>')
        else:
            parts.append(f'<text x="{x:.1f}" y="{y(0) - 6:.1f}" class="val" text-anchor="middle">no data</text>')
        parts.append(f'<text x="{x:.1f}" y="{height - 12}" class="lab" text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stage_volume_svg(names: list[str], series: dict[str, list[int]], width: int = 900, height: int = 200) -> str:
    """Grouped bars: customer segments per stage for each kind (pain points, questions, ...)."""
    n = max(len(names), 1)
    kinds = list(series)
    pad_l, pad_r, pad_t, pad_b = 40, 20, 26, 36
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    top = max([max(v) for v in series.values() if v] + [1])
    group = w / n
    bw = group * 0.8 / max(len(kinds), 1)
    parts = [f'<svg class="chart" role="img" aria-label="Theme volume by stage" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for k_i, kind in enumerate(kinds):
        parts.append(f'<rect x="{pad_l + k_i * 120}" y="4" width="10" height="10" class="k{k_i}"/>'
                     f'<text x="{pad_l + k_i * 120 + 14}" y="13" class="lab">{escape(kind.replace("_", " "))}</text>')
    for i, name in enumerate(names):
        x0 = pad_l + i * group + group * 0.1
        for k_i, kind in enumerate(kinds):
            v = series[kind][i]
            bh = h * v / top
            parts.append(f'<rect x="{x0 + k_i * bw:.1f}" y="{pad_t + h - bh:.1f}" width="{bw - 1:.1f}" height="{bh:.1f}" '
                         f'class="k{k_i}"><title>{escape(name)} · {escape(kind)}: {v}</title></rect>')
        parts.append(f'<text x="{x0 + group * 0.4:.1f}" y="{height - 12}" class="lab" text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
