"""A small SVG rasteriser for logos on social cards (Pillow only: no Cairo, no network).

Logos are usually a few shapes and a word. This draws the common subset — rect
(rounded), circle, ellipse, line, polyline, polygon, path (M L H V C S Q T Z, no
arcs), text, <g> with translate/scale — with solid fills and strokes, supersampled
for smooth edges. Anything else is skipped; ``rasterise`` returns None when nothing
could be drawn, and the card then shows the partnership's name alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

SCALE = 4  # supersampling factor
_NUM = re.compile(r"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_CMD = re.compile(r"[MmLlHhVvCcSsQqTtZzAa]|[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")


def _tag(el) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _f(value, default=0.0) -> float:
    if value is None:
        return default
    match = _NUM.match(str(value).strip())
    return float(match.group()) if match else default


def _colour(value: str | None, opacity: float = 1.0):
    if not value or value == "none" or value.startswith("url("):
        return None
    try:
        rgb = ImageColor.getrgb(value.strip())
    except ValueError:
        return None
    return (*rgb[:3], round(255 * opacity * (rgb[3] / 255 if len(rgb) == 4 else 1)))


def _style(el, inherited: dict) -> dict:
    style = dict(inherited)
    for key in ("fill", "stroke", "stroke-width", "font-size", "font-weight", "text-anchor", "opacity", "fill-opacity", "stroke-linecap"):
        if el.get(key) is not None:
            style[key] = el.get(key)
    for part in (el.get("style") or "").split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            style[key.strip()] = value.strip()
    return style


def _transform(value: str | None, matrix):
    a, b, c, d, e, f = matrix
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", value or ""):
        n = [float(x) for x in _NUM.findall(args)]
        if name == "translate":
            tx, ty = n[0], (n[1] if len(n) > 1 else 0.0)
            e, f = a * tx + c * ty + e, b * tx + d * ty + f
        elif name == "scale":
            sx, sy = n[0], (n[1] if len(n) > 1 else n[0])
            a, b, c, d = a * sx, b * sx, c * sy, d * sy
        elif name == "matrix" and len(n) == 6:
            a, b, c, d, e, f = (
                a * n[0] + c * n[1], b * n[0] + d * n[1], a * n[2] + c * n[3], b * n[2] + d * n[3],
                a * n[4] + c * n[5] + e, b * n[4] + d * n[5] + f,
            )
    return (a, b, c, d, e, f)


def _apply(matrix, x, y):
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _bezier(p0, p1, p2, p3, steps=24):
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        out.append((
            u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
            u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
        ))
    return out


def _path(d: str) -> list[tuple[list, bool]]:
    """Subpaths of a path as (points, closed); arcs become straight lines."""
    tokens = _CMD.findall(d or "")
    subpaths, points = [], []
    x = y = sx = sy = 0.0
    last_ctrl = None
    cmd = None
    i = 0

    def nums(k):
        nonlocal i
        values = [float(t) for t in tokens[i : i + k]]
        i += k
        return values

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
        if cmd is None:
            break
        rel = cmd.islower()
        c = cmd.upper()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        try:
            if c == "Z":
                if points:
                    subpaths.append((points, True))
                points, (x, y) = [], (sx, sy)
                cmd = None
                continue
            if c == "M":
                mx, my = nums(2)
                if points:
                    subpaths.append((points, False))
                x, y = ox + mx, oy + my
                sx, sy = x, y
                points = [(x, y)]
                cmd = "l" if rel else "L"
                last_ctrl = None
            elif c == "L":
                lx, ly = nums(2)
                x, y = ox + lx, oy + ly
                points.append((x, y))
                last_ctrl = None
            elif c == "H":
                (hx,) = nums(1)
                x = ox + hx
                points.append((x, y))
            elif c == "V":
                (vy,) = nums(1)
                y = oy + vy
                points.append((x, y))
            elif c in "CS":
                if c == "C":
                    x1, y1, x2, y2, ex, ey = nums(6)
                    c1 = (ox + x1, oy + y1)
                else:
                    x2, y2, ex, ey = nums(4)
                    c1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl else (x, y)
                c2, end = (ox + x2, oy + y2), (ox + ex, oy + ey)
                points += _bezier((x, y), c1, c2, end)
                last_ctrl, (x, y) = c2, end
            elif c in "QT":
                if c == "Q":
                    qx, qy, ex, ey = nums(4)
                    q = (ox + qx, oy + qy)
                else:
                    ex, ey = nums(2)
                    q = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl else (x, y)
                end = (ox + ex, oy + ey)
                c1 = (x + 2 / 3 * (q[0] - x), y + 2 / 3 * (q[1] - y))
                c2 = (end[0] + 2 / 3 * (q[0] - end[0]), end[1] + 2 / 3 * (q[1] - end[1]))
                points += _bezier((x, y), c1, c2, end)
                last_ctrl, (x, y) = q, end
            elif c == "A":
                *_, ex, ey = nums(7)
                x, y = ox + ex, oy + ey
                points.append((x, y))
            else:
                i += 1
        except (ValueError, IndexError):
            break
    if points:
        subpaths.append((points, False))
    return subpaths


class _Painter:
    def __init__(self, size, fonts: dict[str, str]):
        self.image = Image.new("RGBA", size, (0, 0, 0, 0))
        self.fonts = fonts
        self.drawn = 0

    def shape(self, polys: list[tuple[list, bool]], style: dict, matrix):
        opacity = _f(style.get("opacity"), 1.0)
        fill = _colour(style.get("fill", "#000"), opacity * _f(style.get("fill-opacity"), 1.0))
        stroke = _colour(style.get("stroke"), opacity)
        width = max(1, round(_f(style.get("stroke-width"), 1.0) * abs(matrix[0]) * SCALE))
        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for points, closed in polys:
            pts = [tuple(v * SCALE for v in _apply(matrix, px, py)) for px, py in points]
            if len(pts) < 2:
                continue
            if fill and (closed or len(pts) > 2):
                draw.polygon(pts, fill=fill)
            if stroke:
                draw.line(pts + ([pts[0]] if closed else []), fill=stroke, width=width, joint="curve")
                if style.get("stroke-linecap") == "round":
                    r = width / 2
                    for px, py in (pts[0], pts[-1]):
                        draw.ellipse((px - r, py - r, px + r, py + r), fill=stroke)
        self.image.alpha_composite(layer)
        self.drawn += 1

    def text(self, el, style: dict, matrix):
        words = "".join(el.itertext()).strip()
        fill = _colour(style.get("fill", "#000"), _f(style.get("opacity"), 1.0))
        if not words or not fill:
            return
        bold = str(style.get("font-weight", "400")) in ("bold", "600", "700", "800", "900")
        size = _f(style.get("font-size"), 16) * abs(matrix[3]) * SCALE
        font = ImageFont.truetype(self.fonts["bold" if bold else "regular"], max(1, round(size)))
        x, y = _apply(matrix, _f(el.get("x")), _f(el.get("y")))
        y += _f(el.get("dy")) * size / SCALE if str(el.get("dy", "")).endswith("em") else _f(el.get("dy"))
        anchor = {"middle": "ms", "end": "rs"}.get(style.get("text-anchor"), "ls")
        ImageDraw.Draw(self.image).text((x * SCALE, y * SCALE), words, font=font, fill=fill, anchor=anchor)
        self.drawn += 1


def _walk(painter: _Painter, el, style: dict, matrix):
    tag = _tag(el)
    if tag in ("title", "desc", "defs", "style", "metadata", "clipPath", "mask", "linearGradient", "radialGradient"):
        return
    style = _style(el, style)
    matrix = _transform(el.get("transform"), matrix)
    g = lambda name: _f(el.get(name))  # noqa: E731
    if tag == "rect":
        x, y, w, h = g("x"), g("y"), g("width"), g("height")
        r = min(_f(el.get("rx", el.get("ry"))), w / 2, h / 2)
        pts = _rounded_rect(x, y, w, h, r)
        painter.shape([(pts, True)], style, matrix)
    elif tag in ("circle", "ellipse"):
        cx, cy = g("cx"), g("cy")
        rx = g("r") if tag == "circle" else g("rx")
        ry = g("r") if tag == "circle" else g("ry")
        pts = [(cx + rx * _cos(k), cy + ry * _sin(k)) for k in range(72)]
        painter.shape([(pts, True)], style, matrix)
    elif tag == "line":
        style.setdefault("fill", "none")
        painter.shape([([(g("x1"), g("y1")), (g("x2"), g("y2"))], False)], {**style, "fill": "none"}, matrix)
    elif tag in ("polyline", "polygon"):
        n = [float(v) for v in _NUM.findall(el.get("points", ""))]
        pts = list(zip(n[0::2], n[1::2]))
        painter.shape([(pts, tag == "polygon")], style if tag == "polygon" else {**style, "fill": style.get("fill", "none")}, matrix)
    elif tag == "path":
        painter.shape(_path(el.get("d", "")), style, matrix)
    elif tag == "text":
        painter.text(el, style, matrix)
    elif tag in ("svg", "g", "a"):
        for child in el:
            _walk(painter, child, style, matrix)


def _cos(k):
    import math

    return math.cos(k * math.pi / 36)


def _sin(k):
    import math

    return math.sin(k * math.pi / 36)


def _rounded_rect(x, y, w, h, r):
    if r <= 0:
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    pts = []
    for cx, cy, start in ((x + w - r, y + r, -18), (x + w - r, y + h - r, 0), (x + r, y + h - r, 18), (x + r, y + r, 36)):
        pts += [(cx + r * _cos(k), cy + r * _sin(k)) for k in range(start, start + 19)]
    return pts


def rasterise(svg: bytes, height: int, fonts: dict[str, str]) -> Image.Image | None:
    """The SVG drawn ``height`` pixels tall (RGBA), or None if it could not be read."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return None
    box = [float(v) for v in _NUM.findall(root.get("viewBox", ""))]
    if len(box) != 4:
        box = [0.0, 0.0, _f(root.get("width"), 0), _f(root.get("height"), 0)]
    if box[2] <= 0 or box[3] <= 0:
        return None
    scale = height / box[3]
    size = (max(1, round(box[2] * scale)) * SCALE, height * SCALE)
    painter = _Painter(size, fonts)
    matrix = (scale, 0.0, 0.0, scale, -box[0] * scale, -box[1] * scale)
    _walk(painter, root, {}, matrix)
    if not painter.drawn:
        return None
    return painter.image.resize((size[0] // SCALE, height), Image.LANCZOS)


def load_logo(path: Path, height: int, fonts: dict[str, str]) -> Image.Image | None:
    """A logo file (SVG or raster) as an RGBA image ``height`` pixels tall."""
    if path.suffix.lower() == ".svg":
        return rasterise(path.read_bytes(), height, fonts)
    with Image.open(path) as image:
        image = image.convert("RGBA")
        width = max(1, round(image.width * height / image.height))
        return image.resize((width, height), Image.LANCZOS)
