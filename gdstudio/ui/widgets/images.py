"""Small images the views share: 28 x 28 pixels in a box, the right way up, with colour scales.

pyqtgraph's ViewBox has y growing upwards; an image box here inverts y, so row 0 of an array
is drawn at the top, and pins the range to the image, so the pixels never move. Diverging
images (weights, gradients, contributions) use one colour map centred on 0 with a symmetric
range [-m, m]; `DivergingBar` shows that scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QGraphicsRectItem

from gdstudio.core.nn.inspection import SIDE

__all__ = [
    "DivergingBar",
    "ImageCell",
    "diverging_colormap",
    "gray_colormap",
    "image_box",
    "presentation_font",
    "rgba_mask",
    "set_label_font",
    "text_font",
]

#: blue for negative, white for 0, red for positive (perceptually uniform, from colorcet)
_DIVERGING = "CET-D1A"
_MARKER = QColor(255, 214, 0)


def diverging_colormap() -> pg.ColorMap:
    return pg.colormap.get(_DIVERGING)


def gray_colormap() -> pg.ColorMap:
    """0 black, 1 white: how MNIST's inputs look (ink is 1)."""
    return pg.ColorMap([0.0, 1.0], [(0, 0, 0), (255, 255, 255)])


def text_font(scale: float = 1.0) -> QFont:
    """The font for text drawn inside plots: the application's (which presentation mode
    enlarges), times `scale`. pyqtgraph's items do not follow the application font by
    themselves, so the views set it in `set_presentation`."""
    font = QFont(QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


#: how much larger presentation mode makes the plots' text
PRESENTATION_FONT_SCALE = 1.6


def presentation_font(base: QFont, on: bool) -> QFont:
    """`base` (9 pt if it has no point size), 1.6 times larger in presentation mode.

    The size is always set explicitly: a font that leaves it unset makes a widget inherit its
    parent's, which may still be the other mode's when the application font changes.
    """
    font = QFont(base)
    size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    font.setPointSizeF(size * (PRESENTATION_FONT_SCALE if on else 1.0))
    return font


def set_label_font(labels: Sequence[pg.LabelItem], font: QFont) -> None:
    """Titles inside a plot layout in `font`'s size, and no taller than one line of it."""
    height = round(QFontMetrics(font).height() * 1.4)
    for label in labels:
        label.setAttr("size", f"{font.pointSizeF():.0f}pt")
        label.setText(label.text)
        label.setMaximumHeight(height)  # the images, not their titles, take the height


def image_box(height: int = SIDE, width: int = SIDE) -> pg.ViewBox:
    """A ViewBox that shows one height x width image upright, square pixels, fixed in place."""
    box = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
    box.setRange(xRange=(0, width), yRange=(0, height), padding=0)
    return box


class ImageCell:
    """An ImageItem in an image box, with a marker for one pixel and pixel lookup.

    Array element (row, column) covers item coordinates [column, column + 1) x [row, row + 1).
    """

    def __init__(
        self, box: pg.ViewBox, colormap: pg.ColorMap, height: int = SIDE, width: int = SIDE
    ):
        self.box = box
        self.shape = (height, width)
        self.item = pg.ImageItem(axisOrder="row-major")
        self.item.setColorMap(colormap)
        self.item.setImage(np.zeros(self.shape), autoLevels=False, levels=(-1.0, 1.0))
        box.addItem(self.item)
        self.frame = QGraphicsRectItem(QRectF(0, 0, width, height))  # shows where black ends
        self.frame.setPen(pg.mkPen(110, 110, 110, cosmetic=True))
        box.addItem(self.frame, ignoreBounds=True)
        self.marker = QGraphicsRectItem(QRectF(0, 0, 1, 1))
        self.marker.setPen(pg.mkPen(_MARKER, width=2, cosmetic=True))
        self.marker.setVisible(False)
        box.addItem(self.marker, ignoreBounds=True)

    @property
    def image(self) -> np.ndarray:
        return np.asarray(self.item.image)

    def set_image(self, image: np.ndarray, levels: tuple[float, float]) -> None:
        self.item.setImage(image, autoLevels=False, levels=levels)

    def set_diverging(self, image: np.ndarray, limit: float) -> None:
        """Show `image` on the symmetric range [-limit, limit]."""
        self.set_image(image, (-limit, limit))

    def pixel_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """The (row, column) under a scene point, or None outside the image."""
        if not self.box.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.item.mapFromScene(scene_pos)
        row, col = math.floor(p.y()), math.floor(p.x())
        if 0 <= row < self.shape[0] and 0 <= col < self.shape[1]:
            return row, col
        return None

    def mark(self, pixel: tuple[int, int] | None) -> None:
        """Outline one pixel (e.g. the selected parameter), or none."""
        self.marker.setVisible(pixel is not None)
        if pixel is not None:
            self.marker.setRect(QRectF(pixel[1], pixel[0], 1, 1))


class DivergingBar:
    """A colour bar for diverging images: blue -m .. white 0 .. red m."""

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int, rowspan: int = 1):
        self.item = pg.ColorBarItem(
            values=(-1.0, 1.0),
            colorMap=diverging_colormap(),
            interactive=False,
            width=14,
            colorMapMenu=False,
        )
        self.item.getAxis("right").enableAutoSIPrefix(False)
        layout.addItem(self.item, row=row, col=col, rowspan=rowspan)

    def set_limit(self, limit: float) -> None:
        self.item.setLevels(low=-limit, high=limit)

    def set_tick_font(self, font: QFont) -> None:
        self.item.getAxis("right").setTickFont(font)


def rgba_mask(mask: np.ndarray, colour: Sequence[int] = (255, 40, 40, 150)) -> np.ndarray:
    """A (h, w, 4) uint8 overlay: `colour` where `mask` is true, transparent elsewhere."""
    overlay = np.zeros((*mask.shape, 4), dtype=np.uint8)
    overlay[mask] = colour
    return overlay
