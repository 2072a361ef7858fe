"""Placeholder product pictures drawn with Pillow: a pastel background, a simple silhouette of the
kind of product in its colour, and the product's name. No network, no font files to install
(Pillow's bundled font), about 2 ms per 600 × 600 JPEG.
"""

import colorsys
import io
import textwrap
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from shop.demo.data import RGB

SIZE = 600
INK = (52, 48, 46)

# Silhouettes in a unit box (x, y from 0 to 1), scaled into the drawing area.
TSHIRT = [
    (0.30, 0.10),
    (0.42, 0.10),
    (0.50, 0.18),
    (0.58, 0.10),
    (0.70, 0.10),
    (0.92, 0.30),
    (0.82, 0.42),
    (0.74, 0.35),
    (0.74, 0.92),
    (0.26, 0.92),
    (0.26, 0.35),
    (0.18, 0.42),
    (0.08, 0.30),
]
SWEATER = [
    (0.30, 0.10),
    (0.42, 0.10),
    (0.50, 0.16),
    (0.58, 0.10),
    (0.70, 0.10),
    (0.88, 0.28),
    (0.96, 0.86),
    (0.85, 0.88),
    (0.76, 0.45),
    (0.76, 0.92),
    (0.24, 0.92),
    (0.24, 0.45),
    (0.15, 0.88),
    (0.04, 0.86),
    (0.12, 0.28),
]
TROUSERS = [(0.28, 0.06), (0.72, 0.06), (0.80, 0.94), (0.58, 0.94), (0.50, 0.36), (0.42, 0.94)]
TROUSERS += [(0.20, 0.94)]
SNEAKER = [(0.06, 0.52), (0.10, 0.32), (0.30, 0.36), (0.46, 0.50), (0.80, 0.56), (0.94, 0.66)]
SNEAKER += [(0.94, 0.76), (0.06, 0.76)]
BOOT = [(0.22, 0.10), (0.48, 0.10), (0.50, 0.54), (0.82, 0.62), (0.92, 0.74), (0.92, 0.86)]
BOOT += [(0.22, 0.86)]


def _scale(points, box):
    left, top, right, bottom = box
    return [(left + x * (right - left), top + y * (bottom - top)) for x, y in points]


def _part(box, x0, y0, x1, y1):
    return _scale([(x0, y0), (x1, y1)], box)


def _draw_shape(draw: ImageDraw.ImageDraw, shape: str, box, fill: RGB, line: RGB) -> None:
    style = {"fill": fill, "outline": line, "width": 4}
    if shape in ("tshirt", "shirt"):
        draw.polygon(_scale(TSHIRT, box), **style)
        if shape == "shirt":
            for y in (0.36, 0.50, 0.64, 0.78):
                draw.ellipse(_part(box, 0.485, y, 0.515, y + 0.03), fill=line)
    elif shape == "sweater":
        draw.polygon(_scale(SWEATER, box), **style)
        draw.line(_part(box, 0.24, 0.86, 0.76, 0.86), fill=line, width=4)
    elif shape == "trousers":
        draw.polygon(_scale(TROUSERS, box), **style)
        draw.line(_part(box, 0.28, 0.14, 0.72, 0.14), fill=line, width=4)
    elif shape == "sneaker":
        draw.polygon(_scale(SNEAKER, box), **style)
        draw.rectangle(_part(box, 0.06, 0.72, 0.94, 0.80), fill=line)
    elif shape == "boot":
        draw.polygon(_scale(BOOT, box), **style)
        draw.rectangle(_part(box, 0.22, 0.82, 0.92, 0.90), fill=line)
    elif shape == "bag":
        draw.arc(_part(box, 0.32, 0.12, 0.68, 0.56), 180, 360, fill=line, width=14)
        draw.rounded_rectangle(_part(box, 0.16, 0.34, 0.84, 0.90), radius=24, **style)
    elif shape == "hat":
        draw.ellipse(_part(box, 0.06, 0.60, 0.94, 0.80), **style)
        draw.chord(_part(box, 0.26, 0.24, 0.74, 1.00), 180, 360, **style)
    elif shape == "scarf":
        draw.rounded_rectangle(_part(box, 0.36, 0.04, 0.64, 0.86), radius=16, **style)
        for x in range(8):
            left = 0.38 + x * 0.034
            draw.line(_part(box, left, 0.86, left, 0.96), fill=line, width=5)
    elif shape == "mug":
        draw.ellipse(_part(box, 0.58, 0.36, 0.88, 0.70), outline=line, width=22)
        draw.rounded_rectangle(_part(box, 0.18, 0.22, 0.70, 0.88), radius=22, **style)
    elif shape == "candle":
        draw.line(_part(box, 0.50, 0.26, 0.50, 0.36), fill=INK, width=5)
        draw.ellipse(_part(box, 0.45, 0.06, 0.55, 0.28), fill=(246, 170, 60))
        draw.rounded_rectangle(_part(box, 0.26, 0.34, 0.74, 0.90), radius=18, **style)
    else:  # a cushion, or anything else
        draw.rounded_rectangle(_part(box, 0.14, 0.14, 0.86, 0.86), radius=60, **style)
        draw.ellipse(_part(box, 0.47, 0.47, 0.53, 0.53), fill=line)


def _pastel(rgb: RGB, hue_shift: float) -> RGB:
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    red, green, blue = colorsys.hls_to_rgb((hue + hue_shift) % 1, 0.88, min(saturation, 0.45))
    return (round(red * 255), round(green * 255), round(blue * 255))


def _darker(rgb: RGB, factor: float = 0.6) -> RGB:
    return (round(rgb[0] * factor), round(rgb[1] * factor), round(rgb[2] * factor))


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def placeholder_jpeg(
    *, title: str, shape: str, background: RGB, colour: RGB, variation: int = 0, detail=False
) -> bytes:
    """A 600 × 600 JPEG. `variation` shifts the background hue a little so that neighbouring
    products differ; `detail` draws the shape larger and cropped, like a close-up shot."""
    image = Image.new("RGB", (SIZE, SIZE), _pastel(background, (variation % 7 - 3) * 0.012))
    draw = ImageDraw.Draw(image)
    box = (20, -40, 580, 520) if detail else (130, 70, 470, 410)
    _draw_shape(draw, shape, box, fill=colour, line=_darker(colour))
    if not detail:
        lines = textwrap.wrap(title, width=24, break_on_hyphens=False)[:2]
        font = _font(34)
        top = 500 - 22 * (len(lines) - 1)
        for index, text in enumerate(lines):
            draw.text((SIZE / 2, top + 44 * index), text, font=font, fill=INK, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
