"""A digit drawn with the mouse, turned into a 28 x 28 input the way MNIST's digits were made.

MNIST's creators fitted each digit's ink into a 20 x 20 box keeping its aspect ratio
(antialiased, hence the grey levels), then placed it in a 28 x 28 field so that its centre of
mass falls on the centre of the field. `to_mnist` does the same to any stroke image.

`render_strokes` and `synthetic_digit` draw polylines with a round, antialiased pen, for tests
and for `gdstudio shot`, with no GUI.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BOX",
    "CENTRE",
    "DIGIT_STROKES",
    "SIDE",
    "centre_of_mass",
    "ink_box",
    "render_strokes",
    "resample_matrix",
    "resize",
    "synthetic_digit",
    "to_mnist",
]

Image = NDArray[np.float64]
Point = tuple[float, float]

SIDE = 28  # the network's input is SIDE x SIDE
BOX = 20  # the ink is fitted into BOX x BOX
#: the centre of the field in pixel-index coordinates (pixel k covers [k - 0.5, k + 0.5])
CENTRE = (SIDE - 1) / 2


def to_mnist(ink: NDArray[Any]) -> Image:
    """A stroke image (any size, ink in [0, 1], 0 = paper) as a (28, 28) input in [0, 1].

    The ink's bounding box is scaled to fit 20 x 20 keeping its aspect ratio, then shifted by
    whole pixels so that its centre of mass is as close to the centre (13.5, 13.5) as can be
    without pushing ink off the field (a very lopsided digit keeps all its ink and sits a
    little off centre). No ink gives an empty image.
    """
    image = np.asarray(ink, dtype=np.float64)
    if image.ndim != 2 or 0 in image.shape:
        raise ValueError(f"a drawing must be a non-empty 2-D image, not shape {image.shape}")
    if not np.isfinite(image).all():
        raise ValueError("a drawing must not hold infinite or NaN values")
    image = np.clip(image, 0.0, 1.0)
    out = np.zeros((SIDE, SIDE))
    box = ink_box(image)
    if box is None:
        return out
    top, left, bottom, right = box
    crop = image[top:bottom, left:right]
    scale = BOX / max(crop.shape)
    height = min(BOX, max(1, round(crop.shape[0] * scale)))
    width = min(BOX, max(1, round(crop.shape[1] * scale)))
    small = np.clip(resize(crop, (height, width)), 0.0, 1.0)

    # the offset that puts the centre of mass of `small` on CENTRE, kept inside the field
    row, col = centre_of_mass(small)
    top = min(max(round(CENTRE - row), 0), SIDE - height)
    left = min(max(round(CENTRE - col), 0), SIDE - width)
    out[top : top + height, left : left + width] = small
    return out


def ink_box(image: NDArray[Any]) -> tuple[int, int, int, int] | None:
    """The bounding box of the pixels above 0 as (top, left, bottom, right), end exclusive."""
    rows = np.flatnonzero(np.asarray(image).max(axis=1) > 0)
    if rows.size == 0:
        return None
    cols = np.flatnonzero(np.asarray(image).max(axis=0) > 0)
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def centre_of_mass(image: NDArray[Any]) -> tuple[float, float]:
    """The ink-weighted mean (row, column) in pixel-index coordinates; the middle if empty."""
    a = np.asarray(image, dtype=np.float64)
    total = a.sum()
    if total <= 0:
        return (a.shape[0] - 1) / 2, (a.shape[1] - 1) / 2
    rows = a.sum(axis=1) @ np.arange(a.shape[0]) / total
    cols = a.sum(axis=0) @ np.arange(a.shape[1]) / total
    return float(rows), float(cols)


def resize(image: NDArray[Any], shape: tuple[int, int]) -> Image:
    """`image` resampled to `shape`, each axis on its own (see `resample_matrix`)."""
    a = np.asarray(image, dtype=np.float64)
    rows = resample_matrix(a.shape[0], shape[0])
    cols = resample_matrix(a.shape[1], shape[1])
    return rows @ a @ cols.T


def resample_matrix(n_in: int, n_out: int) -> Image:
    """The (n_out, n_in) linear map that resamples one axis of an image.

    Shrinking averages the input pixels each output pixel covers, weighted by how much of them
    it covers (area averaging: antialiased, no detail lost between samples). Enlarging
    interpolates linearly between the nearest input pixels. Each row sums to 1, so a constant
    image stays constant.
    """
    if n_in < 1 or n_out < 1:
        raise ValueError(f"cannot resample {n_in} pixels to {n_out}")
    if n_out <= n_in:
        # output pixel i covers input coordinates [i * r, (i + 1) * r) with r = n_in / n_out
        edges = np.arange(n_out + 1) * (n_in / n_out)
        lo, hi = edges[:-1, None], edges[1:, None]
        k = np.arange(n_in)[None, :]
        overlap = np.clip(np.minimum(hi, k + 1) - np.maximum(lo, k), 0.0, None)
        return overlap / (n_in / n_out)
    # centres aligned: output pixel i sits at input coordinate (i + 0.5) * n_in / n_out - 0.5
    where = np.clip((np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5, 0, n_in - 1)
    below = np.minimum(np.floor(where).astype(np.intp), n_in - 1)
    above = np.minimum(below + 1, n_in - 1)
    frac = where - below
    matrix = np.zeros((n_out, n_in))
    rows = np.arange(n_out)
    np.add.at(matrix, (rows, below), 1 - frac)
    np.add.at(matrix, (rows, above), frac)
    return matrix


def render_strokes(
    strokes: Sequence[Sequence[Point]], size: int = 280, width: float = 0.1
) -> Image:
    """Polylines drawn with a round antialiased pen on a (size, size) image, ink in [0, 1].

    Points are (x, y) in [0, 1], y downwards, as on a screen; `width` is the pen's diameter
    as a fraction of `size`. A pixel's ink is the pen's coverage of it, approximated by its
    distance to the nearest stroke: 1 inside, 0 beyond, linear across the one-pixel edge.
    """
    centres = np.arange(size) + 0.5
    px, py = np.meshgrid(centres, centres)
    distance = np.full((size, size), np.inf)
    for stroke in strokes:
        points = np.asarray(stroke, dtype=np.float64).reshape(-1, 2) * size
        for (ax, ay), (bx, by) in zip(points[:-1], points[1:], strict=True):
            dx, dy = bx - ax, by - ay
            length2 = dx * dx + dy * dy
            t = 0.0 if length2 == 0 else np.clip(((px - ax) * dx + (py - ay) * dy) / length2, 0, 1)
            np.minimum(distance, np.hypot(px - ax - t * dx, py - ay - t * dy), out=distance)
        if len(points) == 1:
            np.minimum(distance, np.hypot(px - points[0, 0], py - points[0, 1]), out=distance)
    radius = width * size / 2
    return np.clip(radius + 0.5 - distance, 0.0, 1.0)


def _arc(cx: float, cy: float, r: float, start: float, stop: float, n: int = 14) -> list[Point]:
    """Points of a circular arc, angles in degrees, 0 = right, 90 = down (screen y)."""
    angles = np.radians(np.linspace(start, stop, n))
    return [(cx + r * float(np.cos(a)), cy + r * float(np.sin(a))) for a in angles]


#: hand-drawn-looking strokes for a few digits, in the unit square, y downwards
DIGIT_STROKES: dict[str, list[list[Point]]] = {
    "0": [_arc(0.5, 0.5, 0.3, 0, 360, 32)],
    "1": [[(0.42, 0.3), (0.55, 0.18), (0.52, 0.82)]],
    "3": [_arc(0.48, 0.33, 0.16, 200, 450) + _arc(0.48, 0.64, 0.19, 270, 520)],
    "7": [[(0.25, 0.22), (0.74, 0.2), (0.58, 0.45), (0.45, 0.82)], [(0.42, 0.5), (0.7, 0.5)]],
}


def synthetic_digit(digit: str = "7", size: int = 280, width: float = 0.1) -> Image:
    """A plausible drawing of `digit` (one of `DIGIT_STROKES`) as a canvas-sized stroke image."""
    if digit not in DIGIT_STROKES:
        raise ValueError(f"no strokes for digit {digit!r}: choose from {', '.join(DIGIT_STROKES)}")
    return render_strokes(DIGIT_STROKES[digit], size, width)
