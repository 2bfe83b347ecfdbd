"""The app's figures as SVG files, written here in Python: no browser and no headless renderer on the server.

The browser draws each figure with plotly.js, and the modebar's camera saves that drawing as PNG. For a handout or
a paper the pages also offer every figure as SVG (explorer/charts.py): vector graphics whose token labels stay
text, so they are sharp at any size, can be searched and copied, and an editor can restyle them. plotly's own
static export needs a browser on the server (kaleido drives Chromium); this module instead draws, from the figure's
JSON, the few kinds of figure the app builds:

- heatmaps: cells on a colour scale (or a shared colour axis), gaps between cells, text in the cells;
- bars, vertical and horizontal, with their value labels; lines and markers (circle, square, star, open square);
- linear, log and category axes, tick values with tick text, reversed axes, axes side by side or stacked (domains);
- colour bars, legends, annotations and line shapes, the figure's title.

Labels keep plotly's little markup: <b>, <i>, <br> and <span style='color:...'> (an unknown token is red) become
SVG tspans, and HTML entities become the characters they stand for. What it does not know (hover text, other trace
types) it leaves out. Sizes of text are estimated (about 0.55 em a Latin letter, 1 em a CJK one), so margins are
close to plotly's, not equal.
"""

from __future__ import annotations

import base64
import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import plotly.colors as pcolors
import plotly.graph_objects as go

TEXT_COLOR = "#444"
GRID_COLOR = "#e8e8e8"
FONT = "'Source Sans 3', 'Source Sans Pro', 'Noto Sans CJK KR', 'Noto Sans', Arial, sans-serif"
COLORWAY = pcolors.qualitative.Plotly  # plotly's default trace colours, for traces that name none
DEFAULT_WIDTH = 960  # px; wider when a category axis needs the room (min_plot_width)
COLORBAR_THICKNESS = 20


# ------------------------------------------------------------------------------------------------ the JSON


def decoded(value):
    """The figure's dict with plotly 7's packed arrays ({"dtype", "bdata", "shape"}) back as numpy arrays."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            if isinstance(shape, str):
                shape = [int(n) for n in shape.split(",")]
            return array.reshape(shape) if shape else array
        return {k: decoded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [decoded(v) for v in value]
    return value


def numbers(values) -> np.ndarray:
    """Numeric values as floats, None as NaN."""
    return np.array([np.nan if v is None else v for v in np.ravel(np.asarray(values, dtype=object))], dtype=float)


def is_numeric(values) -> bool:
    return all(v is None or (isinstance(v, int | float | np.number) and not isinstance(v, bool)) for v in values)


# ------------------------------------------------------------------------------------------------ text


TAG = re.compile(r"<(/?)(b|i|span|br|sup|sub)\b([^>]*)>", re.IGNORECASE)
Run = tuple[str, dict[str, str]]  # a piece of text and its SVG attributes (fill, font-weight, ...)


def css_attributes(tag_attributes: str) -> dict[str, str]:
    """A <span style='color:#d62728;font-weight:bold'>'s style as SVG attributes."""
    found = re.search(r"style\s*=\s*(['\"])(.*?)\1", tag_attributes, re.DOTALL)
    svg = {}
    for declaration in (found.group(2) if found else "").split(";"):
        name, _, value = (part.strip() for part in declaration.partition(":"))
        if name == "color":
            svg["fill"] = value
        elif name in ("font-weight", "font-style", "font-size", "font-family"):
            svg[name] = value
    return svg


def rich_lines(text: str) -> list[list[Run]]:
    """plotly's label markup as lines (split at <br>) of runs; entities are resolved (&lt; is "<")."""
    lines: list[list[Run]] = []
    line: list[Run] = []
    styles: list[dict[str, str]] = [{}]
    position = 0
    for tag in TAG.finditer(text):
        if tag.start() > position:
            line.append((html.unescape(text[position : tag.start()]), styles[-1]))
        position = tag.end()
        closing, name = tag.group(1), tag.group(2).lower()
        if name == "br":
            lines.append(line)
            line = []
        elif closing:
            if len(styles) > 1:
                styles.pop()
        else:
            style = dict(styles[-1])
            if name == "b":
                style["font-weight"] = "bold"
            elif name == "i":
                style["font-style"] = "italic"
            elif name == "span":
                style.update(css_attributes(tag.group(3)))
            else:  # sup, sub
                style["baseline-shift"] = "super" if name == "sup" else "sub"
                style["font-size"] = "70%"
            styles.append(style)
    if position < len(text):
        line.append((html.unescape(text[position:]), styles[-1]))
    lines.append(line)
    return lines


def plain_text(text: str) -> str:
    """What a label reads as, without its markup."""
    return "\n".join("".join(t for t, _ in line) for line in rich_lines(text))


def text_width(text: str, size: float) -> float:
    """An estimate of a label's width in px (its longest line), for margins and spacing."""

    def width(line: str) -> float:
        return sum(
            0.0 if unicodedata.combining(ch) else size if unicodedata.east_asian_width(ch) in "WF" else 0.55 * size
            for ch in line
        )

    return max((width(line) for line in plain_text(str(text)).split("\n")), default=0.0)


def text_lines(text: str) -> int:
    return len(rich_lines(str(text)))


def attributes(**attrs) -> str:
    """SVG attributes, quoted: underscores in names become dashes, numbers get one decimal, None is left out."""

    def value(v) -> str:
        return f"{v:.1f}".removesuffix(".0") if isinstance(v, float | np.floating) else str(v)

    return "".join(f" {k.replace('_', '-')}={quoteattr(value(v))}" for k, v in attrs.items() if v is not None)


def element(tag: str, **attrs) -> str:
    """An empty SVG element: element("rect", x=1.0, fill="red") is <rect x="1" fill="red"/>."""
    return f"<{tag}{attributes(**attrs)}/>"


def svg_text(
    x: float,
    y: float,
    text,
    size: float,
    anchor: str = "start",
    valign: str = "middle",
    angle: float = 0,
    fill: str = TEXT_COLOR,
    **attrs,
) -> str:
    """A <text> element: `valign` places the lines' block below (top), around (middle) or above (bottom) y."""
    lines = rich_lines(str(text))
    first = {"top": 0.8, "middle": 0.35 - 0.6 * (len(lines) - 1), "bottom": -1.2 * (len(lines) - 1) - 0.2}[valign]
    spans = []
    for i, line in enumerate(lines):
        pieces = "".join(
            f"<tspan{attributes(**style)}>{escape(t)}</tspan>" if style else escape(t) for t, style in line
        )
        spans.append(f"<tspan{attributes(x=float(x), dy=f'{first if i == 0 else 1.2:.2f}em')}>{pieces}</tspan>")
    rotate = f"rotate({angle:g} {x:.1f} {y:.1f})" if angle else None
    return (
        f"<text{attributes(x=float(x), y=float(y), font_size=f'{size:g}', text_anchor=anchor, fill=fill)}"
        f"{attributes(transform=rotate, **attrs)}>{''.join(spans)}</text>"
    )


def title_text(spec) -> str:
    """An axis', colour bar's or figure's title, whichever way it was given."""
    if isinstance(spec, dict):
        return str(spec.get("text") or "")
    return str(spec or "")


# ------------------------------------------------------------------------------------------------ colours


def parse_color(color: str) -> tuple[float, float, float]:
    color = color.strip()
    if color.startswith("#"):
        digits = color[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    found = re.findall(r"[\d.]+", color)
    return tuple(float(v) for v in found[:3]) if len(found) >= 3 else (128.0, 128.0, 128.0)


def is_dark(color: str) -> bool:
    r, g, b = parse_color(color)
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


@dataclass
class ColorScale:
    """A colour scale between cmin and cmax (plotly's named scales already resolved by plotly.py)."""

    scale: list
    cmin: float
    cmax: float

    def colors(self, values: np.ndarray) -> list[str | None]:
        """Each value's colour, interpolated between the scale's stops (None where the value is missing)."""
        span = self.cmax - self.cmin or 1.0
        at = np.clip((np.asarray(values, dtype=float) - self.cmin) / span, 0, 1)
        stops = np.array([float(position) for position, _ in self.scale])
        rgb = np.array([parse_color(color) for _, color in self.scale])  # (stops, 3)
        channels = np.stack([np.interp(np.nan_to_num(at), stops, rgb[:, k]) for k in range(3)], axis=-1)
        return [
            f"rgb({r:.0f},{g:.0f},{b:.0f})" if ok else None
            for (r, g, b), ok in zip(channels.tolist(), np.isfinite(at), strict=True)
        ]


def color_scale(trace: dict, layout: dict, values: np.ndarray, prefix: str = "z") -> ColorScale:
    """The scale a heatmap (z) or a marker (c) is drawn on: its own, or the shared colour axis it names."""
    axis = layout.get(trace.get("coloraxis") or "", {}) if trace.get("coloraxis") else {}
    own = {k: trace.get(k) for k in ("colorscale", f"{prefix}min", f"{prefix}max", f"{prefix}mid")}
    scale = axis.get("colorscale") or own["colorscale"] or "Plasma"
    lo, hi = (
        v if v is None or math.isfinite(v) else None
        for v in (axis.get("cmin", own[f"{prefix}min"]), axis.get("cmax", own[f"{prefix}max"]))
    )
    finite = values[np.isfinite(values)]
    mid = own[f"{prefix}mid"]
    if (lo is None or hi is None) and mid is not None and finite.size:
        reach = float(np.max(np.abs(finite - mid))) or 1.0
        lo, hi = mid - reach, mid + reach
    lo = float(finite.min()) if lo is None and finite.size else 0.0 if lo is None else lo
    hi = float(finite.max()) if hi is None and finite.size else 1.0 if hi is None else hi
    if isinstance(scale, str):
        scale = pcolors.get_colorscale(scale)
    return ColorScale([list(stop) for stop in scale], float(lo), float(hi))


# ------------------------------------------------------------------------------------------------ axes


@dataclass
class Axis:
    """One cartesian axis: its layout spec, the values its traces put on it, and (once placed) its pixels."""

    id: str  # "x", "y2", ... as traces name them
    spec: dict
    categories: list = field(default_factory=list)
    extents: list = field(default_factory=list)  # (lo, hi) pairs in axis units, from the traces
    lo: float = 0.0
    hi: float = 1.0
    start: float = 0.0  # pixel of lo (bottom for a y axis)
    end: float = 1.0  # pixel of hi

    @property
    def letter(self) -> str:
        return self.id[0]

    @property
    def log(self) -> bool:
        return self.spec.get("type") == "log"

    @property
    def category(self) -> bool:
        return self.spec.get("type") == "category" or bool(self.categories)

    @property
    def domain(self) -> tuple[float, float]:
        return tuple(self.spec.get("domain") or (0.0, 1.0))

    @property
    def tick_size(self) -> float:
        return float((self.spec.get("tickfont") or {}).get("size") or self.spec["_base"])

    def values(self, raw) -> np.ndarray:
        """Data values in axis units: category positions, log10 on a log axis."""
        raw = list(np.ravel(np.asarray(raw, dtype=object)))
        if self.category:
            return np.array([self.categories.index(str(v)) if str(v) in self.categories else np.nan for v in raw])
        values = numbers(raw)
        if self.log:
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.where(values > 0, np.log10(values), np.nan)
        return values

    def settle(self, default: tuple[float, float]) -> None:
        """Fix the range: the layout's, else the traces' extent."""
        if self.spec.get("range") is not None:
            self.lo, self.hi = (float(v) for v in self.spec["range"])
        elif self.extents:
            self.lo = min(lo for lo, _ in self.extents)
            self.hi = max(hi for _, hi in self.extents)
        else:
            self.lo, self.hi = default
        if not self.hi > self.lo:
            self.lo, self.hi = self.lo - 0.5, self.lo + 0.5
        if self.spec.get("autorange") == "reversed":
            self.lo, self.hi = self.hi, self.lo

    def px(self, values) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        return self.start + (v - self.lo) / (self.hi - self.lo) * (self.end - self.start)

    def ticks(self) -> list[tuple[float, str]]:
        """(position in axis units, label) of each tick inside the range."""
        spec = self.spec
        if spec.get("tickvals") is not None:
            texts = spec.get("ticktext")
            texts = list(texts) if texts is not None else [number_label(v) for v in spec["tickvals"]]
            places = self.values(list(spec["tickvals"]))
            pairs = list(zip(places.tolist(), [str(t) for t in texts], strict=False))
        elif self.category:
            pairs = [(float(i), str(c)) for i, c in enumerate(self.categories)]
        elif self.log:
            pairs = log_ticks(min(self.lo, self.hi), max(self.lo, self.hi))
        else:
            pairs = linear_ticks(min(self.lo, self.hi), max(self.lo, self.hi), 6 if self.letter == "x" else 5)
        low, high = min(self.lo, self.hi), max(self.lo, self.hi)
        slack = 1e-9 * (high - low)
        return [(p, t) for p, t in pairs if math.isfinite(p) and low - slack <= p <= high + slack]


def number_label(value: float) -> str:
    value = float(value)
    if abs(value) >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:.6g}"


def linear_ticks(lo: float, hi: float, count: int) -> list[tuple[float, str]]:
    """About `count` round values between lo and hi (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    span = hi - lo
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9) + (1 if step / power == 2.5 else 0))
    first = math.ceil(lo / step - 1e-9)
    values = [(first + i) * step for i in range(int((hi - first * step) / step + 1e-9) + 1)]
    return [(v, number_label(round(v, 10)) if abs(v) >= 10_000 else f"{v:.{decimals}f}") for v in values]


def log_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Powers of ten on a log axis (lo, hi in log10 units), with 2 and 5 between them when there are few."""
    decades = range(math.floor(lo), math.ceil(hi) + 1)
    multiples = (1, 2, 5) if hi - lo < 3 else (1,)
    return [(d + math.log10(m), f"{m * 10.0**d:g}") for d in decades for m in multiples]


# ------------------------------------------------------------------------------------------------ the writer


@dataclass
class Canvas:
    """The SVG being written: its size and its elements in drawing order."""

    width: float
    height: float
    parts: list[str] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)

    def add(self, element: str) -> None:
        self.parts.append(element)

    def document(self, base: float) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.0f}" height="{self.height:.0f}" '
            f'viewBox="0 0 {self.width:.0f} {self.height:.0f}" font-family={quoteattr(FONT)} font-size="{base:g}">\n'
            + (f"<defs>{''.join(self.defs)}</defs>\n" if self.defs else "")
            + '<rect width="100%" height="100%" fill="white"/>\n'
            + "\n".join(self.parts)
            + "\n</svg>\n"
        )


def axis_key(axis_id: str) -> str:
    """A trace's axis name ("x2") as the layout's key ("xaxis2")."""
    return f"{axis_id[0]}axis{axis_id[1:]}"


def trace_axes(trace: dict) -> tuple[str, str]:
    return trace.get("xaxis") or "x", trace.get("yaxis") or "y"


def listed(values) -> list:
    """A trace's array (a list, a numpy array or nothing) as a flat list."""
    return [] if values is None else list(np.ravel(np.asarray(values, dtype=object)))


def positions(trace: dict, letter: str, count: int) -> list:
    """A trace's positions along one axis: given, or 0, 1, 2, ..."""
    return listed(trace[letter]) if trace.get(letter) is not None else list(range(count))


def heatmap_z(trace: dict) -> np.ndarray:
    z = trace.get("z")
    rows = [numbers(row) for row in (z if z is not None else [])]
    width = max((len(r) for r in rows), default=0)
    return np.array([np.pad(r, (0, width - len(r)), constant_values=np.nan) for r in rows]).reshape(len(rows), width)


def bar_parts(trace: dict) -> tuple[list, list, bool]:
    """A bar trace's (positions, lengths, horizontal)."""
    horizontal = trace.get("orientation") == "h"
    lengths = listed(trace.get("x" if horizontal else "y"))
    return positions(trace, "y" if horizontal else "x", len(lengths)), lengths, horizontal


def scatter_mode(trace: dict) -> str:
    """A scatter trace's mode; plotly's default draws markers only on lines of fewer than 20 points."""
    return trace.get("mode") or ("lines+markers" if len(listed(trace.get("y"))) < 20 else "lines")


def spread(values: np.ndarray) -> float:
    """Half the smallest gap between neighbouring positions (0.5 for 0, 1, 2, ...)."""
    unique = np.unique(values[np.isfinite(values)])
    return 0.5 * float(np.min(np.diff(unique))) if unique.size > 1 else 0.5


def collect_axes(data: list[dict], layout: dict, base: float) -> dict[str, Axis]:
    """Every axis the layout names or a trace uses, its categories and its traces' extents."""
    ids = {f"{k[0]}{k[5:]}" for k in layout if re.fullmatch(r"[xy]axis\d*", k)}
    ids |= {a for t in data for a in trace_axes(t)}
    axes = {i: Axis(i, {**(layout.get(axis_key(i)) or {}), "_base": base}) for i in sorted(ids)}

    def on(axis_id: str, raw) -> None:  # category axes learn their categories in order of appearance
        axis = axes[axis_id]
        values = [v for v in np.ravel(np.asarray(raw, dtype=object)) if v is not None]
        if axis.spec.get("type") == "category" or (
            values and not is_numeric(values) and axis.spec.get("type") != "log"
        ):
            axis.categories += [str(v) for v in values if str(v) not in axis.categories]

    for t in data:
        x_id, y_id = trace_axes(t)
        if t.get("type") == "heatmap":
            z = heatmap_z(t)
            on(x_id, positions(t, "x", z.shape[1]))
            on(y_id, positions(t, "y", z.shape[0]))
        elif t.get("type") == "bar":
            where, lengths, horizontal = bar_parts(t)
            on(y_id if horizontal else x_id, where)
            on(x_id if horizontal else y_id, lengths)
        elif t.get("type") == "scatter":
            ys = listed(t.get("y"))
            on(x_id, positions(t, "x", len(ys)))
            on(y_id, ys)

    for t in data:
        x, y = (axes[a] for a in trace_axes(t))
        if t.get("type") == "heatmap":
            z = heatmap_z(t)
            for axis, letter, n in ((x, "x", z.shape[1]), (y, "y", z.shape[0])):
                v = axis.values(positions(t, letter, n))
                if np.isfinite(v).any():
                    half = spread(v)
                    axis.extents.append((np.nanmin(v) - half, np.nanmax(v) + half))
        elif t.get("type") == "bar":
            where, lengths, horizontal = bar_parts(t)
            place, size = (y, x) if horizontal else (x, y)
            v = place.values(where)
            if np.isfinite(v).any():
                half = spread(v)
                place.extents.append((np.nanmin(v) - half, np.nanmax(v) + half))
            length = size.values(lengths)
            if np.isfinite(length).any():
                top = max(float(np.nanmax(length)), 0.0)
                bottom = min(float(np.nanmin(length)), 0.0)
                size.extents.append((bottom - 0.05 * (top - bottom) * (bottom < 0), top + 0.05 * (top - bottom)))
        elif t.get("type") == "scatter":
            ys = y.values(listed(t.get("y")))
            xs = x.values(positions(t, "x", len(ys)))
            markers = "markers" in scatter_mode(t)
            for axis, v, pad in ((x, xs, markers), (y, ys, True)):
                if np.isfinite(v).any():
                    lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
                    margin = 0.5 if axis.category else 0.05 * (hi - lo or 1.0) if pad else 0.0
                    axis.extents.append((lo - margin, hi + margin))
    for axis in axes.values():
        axis.settle((-0.5, len(axis.categories) - 0.5) if axis.category else (0.0, 1.0))
    return axes


def tick_labels_extent(axis: Axis) -> float:
    """How far an axis' tick labels reach out from it, in px."""
    if axis.spec.get("showticklabels") is False:
        return 0.0
    ticks = axis.ticks()
    if not ticks:
        return 0.0
    size = axis.tick_size
    widest = max(text_width(t, size) for _, t in ticks)
    lines = max(text_lines(t) for _, t in ticks)
    if axis.letter == "y":
        return widest + 8
    angle = math.radians(abs(float(axis.spec.get("tickangle") or 0)))
    return 6 + widest * math.sin(angle) + 1.2 * size * lines * math.cos(angle)


def min_plot_width(axes: dict[str, Axis]) -> float:
    """The plot width at which the x tick labels have room: a slanted one needs about 1.1 em, an upright one its
    width and a gap."""
    needed = 0.0
    for axis in axes.values():
        if axis.letter != "x" or axis.spec.get("showticklabels") is False:
            continue
        ticks = axis.ticks()
        if len(ticks) < 2:
            continue
        size = axis.tick_size
        per_tick = 1.1 * size if axis.spec.get("tickangle") else max(text_width(t, size) for _, t in ticks) + 8
        span = abs(axis.hi - axis.lo) / max(abs(ticks[-1][0] - ticks[0][0]) / (len(ticks) - 1), 1e-9)
        fraction = axis.domain[1] - axis.domain[0]
        needed = max(needed, per_tick * span / max(fraction, 0.05))
    return needed


@dataclass
class Legend:
    entries: list  # (name, trace)
    horizontal: bool
    above: bool
    size: float

    def entry_width(self, name: str) -> float:
        return 40 + text_width(name, self.size) + 16

    def rows(self, width: float) -> list[list]:
        if not self.horizontal:
            return [[e] for e in self.entries]
        rows, row, used = [], [], 0.0
        for name, trace in self.entries:
            w = self.entry_width(name)
            if row and used + w > width:
                rows.append(row)
                row, used = [], 0.0
            row.append((name, trace))
            used += w
        return [*rows, row] if row else rows

    def height(self, width: float) -> float:
        return len(self.rows(width)) * 1.5 * self.size + 6

    def width(self) -> float:
        return max((self.entry_width(name) for name, _ in self.entries), default=0.0)


def legend_of(data: list[dict], layout: dict, size: float) -> Legend | None:
    entries = [
        (str(t.get("name") or f"trace {i}"), t)
        for i, t in enumerate(data)
        if t.get("type") in ("scatter", "bar") and t.get("showlegend") is not False
    ]
    shown = layout.get("showlegend")
    if not entries or shown is False or (shown is None and len(entries) < 2):
        return None
    spec = layout.get("legend") or {}
    horizontal = spec.get("orientation") == "h"
    return Legend(entries, horizontal, horizontal and float(spec.get("y", 1.0)) >= 0.5, size)


def colorbars(data: list[dict], layout: dict) -> list[tuple[dict, dict]]:
    """(trace, colour-bar spec) of each colour scale to explain: a shared colour axis once, a heatmap's own."""
    found, seen_axes = [], set()
    for t in data:
        if t.get("type") == "heatmap" and t.get("coloraxis"):
            if t["coloraxis"] not in seen_axes and (layout.get(t["coloraxis"]) or {}).get("showscale") is not False:
                seen_axes.add(t["coloraxis"])
                found.append((t, (layout.get(t["coloraxis"]) or {}).get("colorbar") or {}))
        elif t.get("type") == "heatmap" and t.get("showscale") is not False:
            found.append((t, t.get("colorbar") or {}))
        elif t.get("type") == "scatter" and (t.get("marker") or {}).get("showscale"):
            found.append((t, t["marker"].get("colorbar") or {}))
    return found[:1]  # plotly would stack several in one place; the app's figures have one


def colorbar_width(trace: dict, spec: dict, layout: dict, base: float) -> float:
    scale = trace_scale(trace, layout)
    labels = colorbar_ticks(scale, spec)
    title = title_text(spec.get("title"))
    return 12 + COLORBAR_THICKNESS + 6 + max([text_width(t, base) for _, t in labels] + [text_width(title, base) - 26])


def trace_scale(trace: dict, layout: dict) -> ColorScale:
    if trace.get("type") == "heatmap":
        return color_scale(trace, layout, heatmap_z(trace).ravel())
    marker = trace.get("marker") or {}
    return color_scale({**marker, "coloraxis": marker.get("coloraxis")}, layout, numbers(marker.get("color")), "c")


def colorbar_ticks(scale: ColorScale, spec: dict) -> list[tuple[float, str]]:
    if spec.get("tickvals") is not None:
        texts = spec.get("ticktext") or [number_label(v) for v in spec["tickvals"]]
        return [(float(v), str(t)) for v, t in zip(spec["tickvals"], texts, strict=False)]
    lo, hi = sorted((scale.cmin, scale.cmax))
    return linear_ticks(lo, hi, 5)


def figure_svg(fig: go.Figure, width: int = DEFAULT_WIDTH) -> str:
    """The figure as a standalone SVG document (see the module's docstring for what it draws)."""
    spec = decoded(fig.to_dict())
    data, layout = spec.get("data") or [], spec.get("layout") or {}
    layout.pop("template", None)
    base = float((layout.get("font") or {}).get("size") or 12)
    height = float(layout.get("height") or 450)
    margin = {"l": 80, "r": 80, "t": 100, "b": 80, **(layout.get("margin") or {})}
    axes = collect_axes(data, layout, base)
    title = title_text(layout.get("title"))
    legend = legend_of(data, layout, base)
    bars = colorbars(data, layout)

    # Margins: plotly's, grown to hold what stands outside the plot (plotly's automargin does the same).
    def outer_title(axis: Axis) -> float:
        return 1.6 * base if title_text(axis.spec.get("title")) else 0.0

    top_x = [a for a in axes.values() if a.letter == "x" and a.spec.get("side") == "top"]
    bottom_x = [a for a in axes.values() if a.letter == "x" and a.spec.get("side") != "top"]
    y_axes = [a for a in axes.values() if a.letter == "y"]
    left = margin["l"] + max([tick_labels_extent(a) + outer_title(a) for a in y_axes] + [0])
    right = margin["r"] + (colorbar_width(*bars[0], layout, base) if bars else 0)
    right += legend.width() + 10 if legend and not legend.horizontal else 0
    top = margin["t"] + (1.8 * base if title and margin["t"] < 2 * base else 0)
    top += max([tick_labels_extent(a) + outer_title(a) for a in top_x] + [0])
    bottom = margin["b"] + max([tick_labels_extent(a) + outer_title(a) for a in bottom_x] + [0])
    width = max(float(width), left + right + min_plot_width(axes))
    if legend and legend.horizontal:
        room = legend.height(width - left - right)
        top, bottom = (top + room, bottom) if legend.above else (top, bottom + room)
    height = max(height, top + bottom + 60)
    x0, x1, y0, y1 = left, width - right, top, height - bottom  # the plot area; y grows downwards

    def paper_x(f: float) -> float:
        return x0 + f * (x1 - x0)

    def paper_y(f: float) -> float:
        return y1 - f * (y1 - y0)

    for axis in axes.values():
        d0, d1 = axis.domain
        axis.start, axis.end = (paper_x(d0), paper_x(d1)) if axis.letter == "x" else (paper_y(d0), paper_y(d1))

    canvas = Canvas(width, height)
    plot_bg = layout.get("plot_bgcolor") or "white"
    for x_id, y_id in sorted({trace_axes(t) for t in data}):
        x, y = axes[x_id], axes[y_id]
        area = {"width": abs(x.end - x.start), "height": abs(y.end - y.start), "fill": plot_bg}
        canvas.add(element("rect", x=min(x.start, x.end), y=min(y.start, y.end), **area))
    draw_grids(canvas, axes, data)
    for i, t in enumerate(data):
        x, y = (axes[a] for a in trace_axes(t))
        kind = t.get("type")
        if kind == "heatmap":
            draw_heatmap(canvas, t, x, y, layout, base)
        elif kind == "bar":
            draw_bars(canvas, t, x, y, COLORWAY[i % len(COLORWAY)], base)
        elif kind == "scatter":
            draw_scatter(canvas, t, x, y, COLORWAY[i % len(COLORWAY)], layout)
    draw_shapes(canvas, layout, axes, paper_x, paper_y)
    for axis in axes.values():
        draw_axis(canvas, axis, axes, base)
    for annotation in layout.get("annotations") or []:
        draw_annotation(canvas, annotation, axes, paper_x, paper_y, base)
    if bars:
        draw_colorbar(canvas, *bars[0], layout, x1 + 12, y0, y1, base)
    if legend:
        draw_legend(canvas, legend, x0, x1, y0)
    if title:
        canvas.add(svg_text(x0, 0.5 * min(top, 3 * base), title, 1.25 * base, valign="middle"))
    return canvas.document(base)


# ------------------------------------------------------------------------------------------------ drawing


def draw_grids(canvas: Canvas, axes: dict[str, Axis], data: list[dict]) -> None:
    """Light grid lines across the plot for value axes (not under heatmaps, not along categories)."""
    heat_axes = {a for t in data if t.get("type") == "heatmap" for a in trace_axes(t)}
    for axis in axes.values():
        labelled = axis.spec.get("ticktext") is not None  # token positions: no grid, as on a category axis
        if axis.id in heat_axes or axis.category or labelled or axis.spec.get("showgrid") is False:
            continue
        partner = next(
            (axes[a] for t in data for a in trace_axes(t) if axis.id in trace_axes(t) and a != axis.id),
            None,
        )
        if partner is None:
            continue
        for place, _ in axis.ticks():
            p = float(axis.px(place))
            if axis.letter == "x":
                ends = {"x1": p, "x2": p, "y1": partner.start, "y2": partner.end}
            else:
                ends = {"x1": partner.start, "x2": partner.end, "y1": p, "y2": p}
            zero = place == 0 and not axis.log
            canvas.add(element("line", **ends, stroke="#999" if zero else GRID_COLOR, stroke_width=1))


def draw_heatmap(canvas: Canvas, t: dict, x: Axis, y: Axis, layout: dict, base: float) -> None:
    z = heatmap_z(t)
    if not z.size:
        return
    xs, ys = x.values(positions(t, "x", z.shape[1])), y.values(positions(t, "y", z.shape[0]))
    hx, hy = spread(xs), spread(ys)
    # Half a gap off each side; without gaps, cells overlap by a hair so that no seam shows between them.
    gap_x, gap_y = (float(t.get(g) or 0) / 2 or -0.25 for g in ("xgap", "ygap"))
    colors = np.array(trace_scale(t, layout).colors(z.ravel()), dtype=object).reshape(z.shape)
    texts = t.get("text") if t.get("texttemplate") else None
    size = float((t.get("textfont") or {}).get("size") or base)
    cells, labels = [], []
    for i, row_y in enumerate(ys):
        top, bottom = sorted(y.px([row_y - hy, row_y + hy]))
        for j, col_x in enumerate(xs):
            if colors[i, j] is None or not (math.isfinite(row_y) and math.isfinite(col_x)):
                continue
            left, right = sorted(x.px([col_x - hx, col_x + hx]))
            width, height = max(right - left - 2 * gap_x, 0.0), max(bottom - top - 2 * gap_y, 0.0)
            cells.append(element("rect", x=left + gap_x, y=top + gap_y, width=width, height=height, fill=colors[i, j]))
            if texts is not None and i < len(texts) and j < len(texts[i]) and str(texts[i][j]):
                ink = "white" if is_dark(colors[i, j]) else TEXT_COLOR
                labels.append(svg_text((left + right) / 2, (top + bottom) / 2, texts[i][j], size, "middle", fill=ink))
    canvas.add(f"<g>{''.join(cells)}</g>")
    canvas.parts += labels


def draw_bars(canvas: Canvas, t: dict, x: Axis, y: Axis, default_color: str, base: float) -> None:
    where, lengths, horizontal = bar_parts(t)
    place, size_axis = (y, x) if horizontal else (x, y)
    at, length = place.values(where), size_axis.values(lengths)
    half = spread(at) * 0.8  # plotly's default gap between bars: a fifth of the slot
    marker_color = (t.get("marker") or {}).get("color") or default_color
    colors = list(marker_color) if isinstance(marker_color, list | np.ndarray) else [marker_color] * len(at)
    texts = t.get("text")
    texts = [texts] * len(at) if isinstance(texts, str) else texts
    zero = 0.0 if not size_axis.log else min(size_axis.lo, size_axis.hi)
    for k, (p, v) in enumerate(zip(at, length, strict=False)):
        if not (math.isfinite(p) and math.isfinite(v)):
            continue
        a0, a1 = sorted(place.px([p - half, p + half]))
        b0, b1 = sorted(size_axis.px([zero, v]))
        box = (a0, b0, a1 - a0, b1 - b0) if not horizontal else (b0, a0, b1 - b0, a1 - a0)
        fill = colors[k % len(colors)]
        canvas.add(element("rect", x=box[0], y=box[1], width=box[2], height=box[3], fill=fill))
        if texts is not None and k < len(texts) and texts[k] not in (None, ""):
            label = str(texts[k])
            if horizontal:
                inside = b1 - b0 > text_width(label, base) + 8
                canvas.add(
                    svg_text(
                        b1 - 4 if inside else b1 + 4,
                        (a0 + a1) / 2,
                        label,
                        base,
                        "end" if inside else "start",
                        fill="white" if inside and is_dark(fill) else TEXT_COLOR,
                    )
                )
            else:
                canvas.add(svg_text((a0 + a1) / 2, b0 - 3, label, base, "middle", "bottom"))


def marker_shape(symbol: str, cx: float, cy: float, size: float, fill: str, line: dict | None = None) -> str:
    """One marker: plotly's circle, square, star and their -open forms."""
    open_ = symbol.endswith("-open")
    shape = symbol.removesuffix("-open")
    r = size / 2
    stroke = (line or {}).get("color") or (fill if open_ else None)
    paint = {
        "fill": "none" if open_ else fill,
        "stroke": stroke,
        "stroke_width": (line or {}).get("width", 1 if stroke else None),
    }
    if shape == "square":
        return element("rect", x=cx - r, y=cy - r, width=size, height=size, **paint)
    if shape == "star":
        points = " ".join(
            f"{cx + (r if k % 2 == 0 else 0.45 * r) * math.sin(k * math.pi / 5):.1f},"
            f"{cy - (r if k % 2 == 0 else 0.45 * r) * math.cos(k * math.pi / 5):.1f}"
            for k in range(10)
        )
        return element("polygon", points=points, **paint)
    return element("circle", cx=cx, cy=cy, r=r, **paint)


DASHES = {"dash": "8,4", "dot": "2,3", "dashdot": "8,3,2,3", "longdash": "12,4"}


def draw_scatter(canvas: Canvas, t: dict, x: Axis, y: Axis, default_color: str, layout: dict) -> None:
    ys = y.values(listed(t.get("y")))
    xs = x.values(positions(t, "x", len(ys)))
    mode = scatter_mode(t)
    line = t.get("line") or {}
    marker = t.get("marker") or {}
    color = line.get("color") or (marker.get("color") if isinstance(marker.get("color"), str) else None)
    color = color or default_color
    px, py = x.px(xs), y.px(ys)
    if "lines" in mode:
        ok = np.isfinite(px) & np.isfinite(py)
        runs, current = [], []
        for keep, a, b in zip(ok, px, py, strict=True):  # a gap (NaN) breaks the line
            if keep:
                current.append(f"{a:.1f},{b:.1f}")
            elif current:
                runs.append(current)
                current = []
        runs += [current] if current else []
        for points in runs:
            canvas.add(
                f"<polyline{attributes(points=' '.join(points), fill='none', stroke=color, stroke_width=line.get('width', 2), stroke_dasharray=DASHES.get(line.get('dash')), stroke_linejoin='round')}/>"
            )
    if "markers" in mode:
        fills = [color] * len(xs)
        if isinstance(marker.get("color"), list | np.ndarray):
            fills = trace_scale(t, layout).colors(numbers(marker["color"]))
        opacity = marker.get("opacity")
        group = [
            marker_shape(
                marker.get("symbol") or "circle", a, b, float(marker.get("size") or 6), f or color, marker.get("line")
            )
            for a, b, f in zip(px, py, fills, strict=True)
            if math.isfinite(a) and math.isfinite(b)
        ]
        canvas.add(f"<g{attributes(opacity=opacity)}>{''.join(group)}</g>")
    if "text" in mode and t.get("text") is not None:
        for a, b, label in zip(px, py, t["text"], strict=False):
            if math.isfinite(a) and math.isfinite(b):
                canvas.add(svg_text(a, b - 8, label, 12, "middle", "bottom"))


def reference(ref: str, axes: dict[str, Axis], paper) -> callable:
    """Where a shape's or annotation's coordinate lands: on an axis, on its domain ("y domain"), or on the paper."""
    if ref in ("paper", None, ""):
        return paper
    name, _, domain = ref.partition(" ")
    axis = axes.get(name)
    if axis is None:
        return paper
    if domain:  # 0 at the domain's start (left or bottom), 1 at its end
        return lambda f: axis.start + f * (axis.end - axis.start)
    return lambda v: float(axis.px(axis.values([v])[0]))


def draw_shapes(canvas: Canvas, layout: dict, axes: dict[str, Axis], paper_x, paper_y) -> None:
    for shape in layout.get("shapes") or []:
        if shape.get("type", "line") != "line" or shape.get("x0") is None:
            continue
        fx = reference(shape.get("xref", "x"), axes, paper_x)
        fy = reference(shape.get("yref", "y"), axes, paper_y)
        line = shape.get("line") or {}
        ends = {"x1": fx(shape["x0"]), "x2": fx(shape["x1"]), "y1": fy(shape["y0"]), "y2": fy(shape["y1"])}
        dash = DASHES.get(line.get("dash"))
        canvas.add(
            element(
                "line",
                **ends,
                stroke=line.get("color", TEXT_COLOR),
                stroke_width=line.get("width", 2),
                stroke_dasharray=dash,
            )
        )


def draw_annotation(canvas: Canvas, note: dict, axes: dict[str, Axis], paper_x, paper_y, base: float) -> None:
    fx = reference(note.get("xref", "x"), axes, paper_x)
    fy = reference(note.get("yref", "y"), axes, paper_y)
    size = float((note.get("font") or {}).get("size") or base)
    anchor = {"left": "start", "right": "end"}.get(note.get("xanchor"), "middle")
    valign = {"bottom": "bottom", "top": "top"}.get(note.get("yanchor"), "middle")
    y = fy(note.get("y", 0)) + {"bottom": -3, "top": 3}.get(valign, 0)
    canvas.add(svg_text(fx(note.get("x", 0)), y, note.get("text", ""), size, anchor, valign))


def draw_axis(canvas: Canvas, axis: Axis, axes: dict[str, Axis], base: float) -> None:
    """Tick labels and the axis title, outside the axis' anchor edge."""
    anchor_id = axis.spec.get("anchor") or ("y" if axis.letter == "x" else "x")
    anchor = axes.get(anchor_id)
    size = axis.tick_size
    angle = float(axis.spec.get("tickangle") or 0)
    show = axis.spec.get("showticklabels") is not False
    title = title_text(axis.spec.get("title"))
    reach = tick_labels_extent(axis)
    if axis.letter == "x":
        top = axis.spec.get("side") == "top"
        low, high = sorted((anchor.start, anchor.end)) if anchor is not None else (0.0, 0.0)
        edge = low if top else high  # the anchor's top or bottom pixel
        sign = -1 if top else 1
        if show:
            for place, label in axis.ticks():
                p = float(axis.px(place))
                if angle:
                    y = edge + sign * 6
                    canvas.add(svg_text(p, y, label, size, "start" if top else "end", "middle", angle))
                else:
                    canvas.add(svg_text(p, edge + sign * 6, label, size, "middle", "bottom" if top else "top"))
        if title:
            middle = (axis.start + axis.end) / 2
            canvas.add(svg_text(middle, edge + sign * (reach + 4), title, base, "middle", "bottom" if top else "top"))
    else:
        edge = min(anchor.start, anchor.end) if anchor is not None else 0.0
        if show:
            for place, label in axis.ticks():
                canvas.add(svg_text(edge - 6, float(axis.px(place)), label, size, "end", "middle", angle))
        if title:
            middle = (axis.start + axis.end) / 2
            canvas.add(svg_text(edge - reach - 4, middle, title, base, "middle", "bottom", -90))


def draw_colorbar(canvas: Canvas, trace: dict, spec: dict, layout: dict, x: float, y0: float, y1: float, base: float):
    scale = trace_scale(trace, layout)
    length = float(spec.get("len") or 1.0) * (y1 - y0)
    title = title_text(spec.get("title"))
    title_room = 1.6 * base if title else 0
    top = (y0 + y1) / 2 - length / 2 + title_room
    bottom = (y0 + y1) / 2 + length / 2
    gradient = f"cbar{len(canvas.defs)}"
    stops = "".join(element("stop", offset=f"{float(pos):.4f}", stop_color=color) for pos, color in scale.scale)
    canvas.defs.append(f'<linearGradient id="{gradient}" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient>')
    bar = {"width": COLORBAR_THICKNESS, "height": bottom - top, "fill": f"url(#{gradient})", "stroke": "#ccc"}
    canvas.add(element("rect", x=x, y=top, **bar))
    span = scale.cmax - scale.cmin or 1.0
    for value, label in colorbar_ticks(scale, spec):
        f = (value - scale.cmin) / span
        if -1e-9 <= f <= 1 + 1e-9:
            y = bottom - f * (bottom - top)
            edge = x + COLORBAR_THICKNESS
            canvas.add(element("line", x1=edge, x2=edge + 4, y1=y, y2=y, stroke=TEXT_COLOR))
            canvas.add(svg_text(x + COLORBAR_THICKNESS + 6, y, label, base))
    if title:
        canvas.add(svg_text(x, top - 6, title, base, "start", "bottom"))


def draw_legend(canvas: Canvas, legend: Legend, x0: float, x1: float, y0: float) -> None:
    """A horizontal legend just above the plot area (x0..x1 from y0 up) or at the figure's foot; a vertical one to
    the right of the plot (and its colour bar's room)."""
    size = legend.size
    if legend.horizontal:
        rows = legend.rows(x1 - x0)
        height = legend.height(x1 - x0)
        y = max(y0 - height - 4, 2.0) if legend.above else canvas.height - height
        for r, row in enumerate(rows):
            x = x0
            for name, trace in row:
                draw_legend_entry(canvas, trace, name, x, y + (r + 0.5) * 1.5 * size, size)
                x += legend.entry_width(name)
    else:
        for r, (name, trace) in enumerate(legend.entries):
            draw_legend_entry(canvas, trace, name, x1 + 12, y0 + (r + 0.5) * 1.5 * size, size)


def draw_legend_entry(canvas: Canvas, trace: dict, name: str, x: float, y: float, size: float) -> None:
    marker = trace.get("marker") or {}
    color = (trace.get("line") or {}).get("color") or (
        marker.get("color") if isinstance(marker.get("color"), str) else None
    )
    color = color or COLORWAY[0]
    mode = scatter_mode(trace)
    if trace.get("type") == "bar":
        canvas.add(element("rect", x=x + 10, y=y - 6, width=14, height=12, fill=color))
    else:
        if "lines" in mode:
            canvas.add(element("line", x1=x, x2=x + 34, y1=y, y2=y, stroke=color, stroke_width=3))
        if "markers" in mode:
            canvas.add(
                marker_shape(
                    marker.get("symbol") or "circle",
                    x + 17,
                    y,
                    min(float(marker.get("size") or 6), 14),
                    color,
                    marker.get("line"),
                )
            )
    canvas.add(svg_text(x + 40, y, name, size))
