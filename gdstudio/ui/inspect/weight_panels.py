"""The pictures of the weights view, one panel per kind of network.

`TemplatePanel` (the tutorial's network and softmax regression): w1 as ten 28 x 28 images,
b0 as one (the tutorial's only), b1 as ten bars. `HiddenLayerPanel` (one hidden layer of H
units): each unit's 784 incoming weights w1[:, h] as a 28 x 28 tile of one mosaic image
(a single image keeps 512 units cheap to draw), b1 as one value per unit laid out like the
tiles, w2 as an H x 10 matrix and b2 as ten bars.

A panel draws parameter arrays (whatever the view's mode made of them), says which parameter
lies under a scene point, and marks the selected one. Its titles are set by the view, which
translates them.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont

from gdstudio.core.nn.inspection import (
    SIDE,
    as_image,
    symmetric_limit,
    symmetric_limits,
    weight_images,
)
from gdstudio.core.nn.model import Params
from gdstudio.ui.widgets.bars import BarChart
from gdstudio.ui.widgets.images import (
    DivergingBar,
    ImageCell,
    diverging_colormap,
    image_box,
    set_label_font,
)

__all__ = ["HiddenLayerPanel", "Hit", "TemplatePanel", "mosaic", "mosaic_columns"]

#: a parameter and an index into it, e.g. ("w1", (407, 3))
Hit = tuple[str, tuple[int, ...]]
COLUMNS = 5  # w1's ten images in two rows of five
GAP = 1  # pixels between the tiles of a mosaic


def mosaic_columns(count: int) -> int:
    """Tiles per row: about twice as wide as high, which fits the view's shape."""
    return max(1, math.ceil(math.sqrt(2 * count)))


def mosaic(tiles: np.ndarray, columns: int, gap: int = GAP) -> np.ndarray:
    """(n, h, w) tiles laid out row by row in one image, `gap` zero pixels between them."""
    n, h, w = tiles.shape
    rows = math.ceil(n / columns)
    out = np.zeros((rows * (h + gap) - gap, columns * (w + gap) - gap), dtype=tiles.dtype)
    for i, tile in enumerate(tiles):
        r, c = divmod(i, columns)
        out[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = tile
    return out


def _bar_colours(values: np.ndarray, limit: float) -> list[QColor]:
    colours: list[QColor] = diverging_colormap().mapToQColor(
        np.clip(0.5 + 0.5 * values / limit, 0, 1)
    )
    return colours


class TemplatePanel:
    """w1 as ten images (image j is w1[:, j]), b0 as one image if the network has it, b1 bars."""

    def __init__(self, layout: pg.GraphicsLayout, classes: int, with_b0: bool) -> None:
        cmap = diverging_colormap()
        self.titles: dict[str, pg.LabelItem] = {}
        self.digit_titles: list[pg.LabelItem] = []
        self.cells: list[ImageCell] = []
        for j in range(classes):
            row, col = 2 * (j // COLUMNS), j % COLUMNS
            self.digit_titles.append(layout.addLabel(str(j), row=row, col=col))
            box = image_box()
            layout.addItem(box, row=row + 1, col=col)
            self.cells.append(ImageCell(box, cmap))
        image_rows = 2 * ((classes + COLUMNS - 1) // COLUMNS)
        self.w1_bar = DivergingBar(layout, row=1, col=COLUMNS, rowspan=image_rows - 1)
        self.b0_cell: ImageCell | None = None
        self.b0_bar: DivergingBar | None = None
        b1_col = 0
        if with_b0:
            self.titles["b0"] = layout.addLabel("", row=image_rows, col=0, colspan=2)
            b0_layout = layout.addLayout(row=image_rows + 1, col=0, colspan=2)
            b0_box = image_box()
            b0_layout.addItem(b0_box, row=0, col=0)
            self.b0_cell = ImageCell(b0_box, cmap)
            self.b0_bar = DivergingBar(b0_layout, row=0, col=1)
            b1_col = 2
        self.titles["b1"] = layout.addLabel(
            "", row=image_rows, col=b1_col, colspan=COLUMNS - b1_col
        )
        b1_plot = layout.addPlot(row=image_rows + 1, col=b1_col, colspan=COLUMNS - b1_col)
        self.b1_bars = BarChart(b1_plot, classes)

    def draw(self, arrays: Params, per_image: bool) -> list[float]:
        """Draw the arrays; the colour limits of the ten images."""
        images = weight_images(arrays["w1"])
        limits = symmetric_limits(images, shared=not per_image)
        for cell, image, limit in zip(self.cells, images, limits, strict=True):
            cell.set_diverging(image, limit)
        self.w1_bar.set_limit(1.0 if per_image else limits[0])
        if self.b0_cell is not None and self.b0_bar is not None:
            b0_limit = symmetric_limit(arrays["b0"])
            self.b0_cell.set_diverging(as_image(arrays["b0"]), b0_limit)
            self.b0_bar.set_limit(b0_limit)
        b1 = np.asarray(arrays["b1"], dtype=np.float64)
        b1_limit = symmetric_limit(b1)
        self.b1_bars.set_values(b1, _bar_colours(b1, b1_limit))
        self.b1_bars.set_range(-b1_limit, b1_limit)
        return limits

    def parameter_at(self, scene_pos: QPointF) -> Hit | None:
        for j, cell in enumerate(self.cells):
            pixel = cell.pixel_at(scene_pos)
            if pixel is not None:
                return "w1", (pixel[0] * SIDE + pixel[1], j)
        if self.b0_cell is not None:
            pixel = self.b0_cell.pixel_at(scene_pos)
            if pixel is not None:
                return "b0", (pixel[0] * SIDE + pixel[1],)
        digit = self.b1_bars.bar_at(scene_pos)
        return ("b1", (digit,)) if digit is not None else None

    def mark(self, name: str, index: tuple[int, ...]) -> None:
        for j, cell in enumerate(self.cells):
            cell.mark(divmod(index[0], SIDE) if name == "w1" and index[1:] == (j,) else None)
        if self.b0_cell is not None:
            self.b0_cell.mark(divmod(index[0], SIDE) if name == "b0" else None)

    def set_font(self, font: QFont) -> None:
        set_label_font([*self.digit_titles, *self.titles.values()], font)
        for bar in (self.w1_bar, self.b0_bar):
            if bar is not None:
                bar.set_tick_font(font)
        self.b1_bars.set_font(font)

    def set_limit_titles(self, limits: list[float] | None) -> None:
        """Digit j's title, with its own colour limit when each image has its own scale."""
        for j, title in enumerate(self.digit_titles):
            text = str(j) if limits is None else f"{j}  (±{limits[j]:.2g})"
            if title.text != text:  # relaying out a title costs more than the image
                title.setText(text)


class HiddenLayerPanel:
    """w1's H columns as 28 x 28 tiles, b1 per unit in the same grid, w2 (H x 10), b2 bars."""

    def __init__(self, layout: pg.GraphicsLayout, hidden: int, classes: int) -> None:
        cmap = diverging_colormap()
        self.hidden = hidden
        self.columns = mosaic_columns(hidden)
        rows = math.ceil(hidden / self.columns)
        tile = SIDE + GAP
        height, width = rows * tile - GAP, self.columns * tile - GAP
        self.titles = {
            "w1": layout.addLabel("", row=0, col=0, colspan=2),
            "w2": layout.addLabel("", row=0, col=2, colspan=2),
            "b1": layout.addLabel("", row=2, col=0, colspan=2),
            "b2": layout.addLabel("", row=2, col=2, colspan=2),
        }
        box = image_box(height, width)
        layout.addItem(box, row=1, col=0)
        self.w1_cell = ImageCell(box, cmap, height, width)
        self.w1_bar = DivergingBar(layout, row=1, col=1)
        w2_box = image_box(hidden, classes)
        layout.addItem(w2_box, row=1, col=2)
        self.w2_cell = ImageCell(w2_box, cmap, hidden, classes)
        self.w2_bar = DivergingBar(layout, row=1, col=3)
        b1_box = image_box(rows, self.columns)
        layout.addItem(b1_box, row=3, col=0)
        self.b1_cell = ImageCell(b1_box, cmap, rows, self.columns)
        self.b1_bar = DivergingBar(layout, row=3, col=1)
        b2_plot = layout.addPlot(row=3, col=2, colspan=2)
        self.b2_bars = BarChart(b2_plot, classes)
        layout.layout.setRowStretchFactor(1, 3)
        layout.layout.setRowStretchFactor(3, 1)
        layout.layout.setColumnStretchFactor(0, 4)
        layout.layout.setColumnStretchFactor(2, 1)

    def hidden_image(self, h: int) -> np.ndarray:
        """Unit h's tile as drawn (w1[:, h].reshape(28, 28), divided by its own limit when
        each image has its own scale)."""
        r, c = divmod(h, self.columns)
        tile = SIDE + GAP
        return self.w1_cell.image[r * tile : r * tile + SIDE, c * tile : c * tile + SIDE]

    def draw(self, arrays: Params, per_image: bool) -> list[float]:
        """Draw the arrays; the colour limits of the H tiles."""
        images = weight_images(arrays["w1"])
        limits = symmetric_limits(images, shared=not per_image)
        if per_image:  # each tile on its own range: shown as fractions of its limit
            images = images / np.asarray(limits, dtype=images.dtype)[:, None, None]
        self.w1_cell.set_diverging(mosaic(images, self.columns), 1.0 if per_image else limits[0])
        self.w1_bar.set_limit(1.0 if per_image else limits[0])
        b1 = np.zeros(self.b1_cell.shape, dtype=np.float64)
        b1.flat[: self.hidden] = arrays["b1"]
        for cell, bar, values in (
            (self.b1_cell, self.b1_bar, b1),
            (self.w2_cell, self.w2_bar, np.asarray(arrays["w2"], dtype=np.float64)),
        ):
            limit = symmetric_limit(values)
            cell.set_diverging(values, limit)
            bar.set_limit(limit)
        b2 = np.asarray(arrays["b2"], dtype=np.float64)
        b2_limit = symmetric_limit(b2)
        self.b2_bars.set_values(b2, _bar_colours(b2, b2_limit))
        self.b2_bars.set_range(-b2_limit, b2_limit)
        return limits

    def parameter_at(self, scene_pos: QPointF) -> Hit | None:
        pixel = self.w1_cell.pixel_at(scene_pos)
        if pixel is not None:
            (r, y), (c, x) = divmod(pixel[0], SIDE + GAP), divmod(pixel[1], SIDE + GAP)
            h = r * self.columns + c
            if y < SIDE and x < SIDE and h < self.hidden:
                return "w1", (y * SIDE + x, h)
            return None
        pixel = self.b1_cell.pixel_at(scene_pos)
        if pixel is not None:
            h = pixel[0] * self.columns + pixel[1]
            return ("b1", (h,)) if h < self.hidden else None
        pixel = self.w2_cell.pixel_at(scene_pos)
        if pixel is not None:
            return "w2", pixel
        digit = self.b2_bars.bar_at(scene_pos)
        return ("b2", (digit,)) if digit is not None else None

    def mark(self, name: str, index: tuple[int, ...]) -> None:
        w1 = None
        if name == "w1" and len(index) == 2 and index[1] < self.hidden:
            (r, c), (y, x) = divmod(index[1], self.columns), divmod(index[0], SIDE)
            w1 = (r * (SIDE + GAP) + y, c * (SIDE + GAP) + x)
        self.w1_cell.mark(w1)
        self.b1_cell.mark(divmod(index[0], self.columns) if name == "b1" else None)
        self.w2_cell.mark((index[0], index[1]) if name == "w2" else None)

    def set_font(self, font: QFont) -> None:
        set_label_font(list(self.titles.values()), font)
        for bar in (self.w1_bar, self.w2_bar, self.b1_bar):
            bar.set_tick_font(font)
        self.b2_bars.set_font(font)

    def set_limit_titles(self, limits: list[float] | None) -> None:
        """Nothing: H tiles have no titles; the caption explains the per-tile scale."""
