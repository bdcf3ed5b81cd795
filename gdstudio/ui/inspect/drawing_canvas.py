"""A square canvas to draw on with the mouse: white ink on black, like MNIST, thick and smooth.

The strokes are painted into a fixed-size QImage with a round antialiased pen; `ink()` hands
that image to the core as floats in [0, 1], where `gdstudio.core.data.drawing.to_mnist` turns it
into the network's input.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["DrawingCanvas"]

SIZE = 280  # the stroke image is SIZE x SIZE, ten times the network's input
PEN = 24  # the pen's width in stroke-image pixels: MNIST-like strokes after fitting 20 x 20


class DrawingCanvas(QWidget):
    """Emits `changed` as strokes are drawn and `stroke_finished` when the mouse is released."""

    changed = Signal()
    stroke_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage(SIZE, SIZE, QImage.Format.Format_RGB32)
        self._image.fill(QColor(0, 0, 0))
        self._last: QPointF | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def clear(self) -> None:
        self._image.fill(QColor(0, 0, 0))
        self.update()
        self.changed.emit()

    def set_ink(self, ink: np.ndarray) -> None:
        """Replace the drawing by a stroke image of any size, ink in [0, 1]."""
        pixels = np.ascontiguousarray(np.clip(np.asarray(ink, dtype=np.float64), 0, 1) * 255)
        gray = pixels.round().astype(np.uint8)
        height, width = gray.shape
        source = QImage(gray.data, width, height, width, QImage.Format.Format_Grayscale8)
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QRect(0, 0, SIZE, SIZE), source)
        painter.end()
        self.update()
        self.changed.emit()

    def ink(self) -> np.ndarray:
        """The drawing as (SIZE, SIZE) floats in [0, 1] (1 is full ink)."""
        bits = np.frombuffer(self._image.constBits(), dtype=np.uint8)
        rows = bits.reshape(SIZE, self._image.bytesPerLine())[:, : 4 * SIZE]
        return rows.reshape(SIZE, SIZE, 4)[:, :, 1] / 255.0  # the green byte: gray stays gray

    def _target(self) -> QRect:
        """Where the stroke image is drawn: the largest centred square."""
        side = min(self.width(), self.height())
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def _to_image(self, pos: QPointF) -> QPointF:
        target = self._target()
        scale = SIZE / max(target.width(), 1)
        return QPointF((pos.x() - target.x()) * scale, (pos.y() - target.y()) * scale)

    def _stroke_to(self, point: QPointF) -> None:
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(255, 255, 255), PEN)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawLine(self._last if self._last is not None else point, point)
        painter.end()
        self._last = point
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = None
            self._stroke_to(self._to_image(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._stroke_to(self._to_image(event.position()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and self._last is not None:
            self._last = None
            self.stroke_finished.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self._target()
        painter.drawImage(target, self._image)
        painter.setPen(QPen(QColor(128, 128, 128), 1))
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        painter.end()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(SIZE, SIZE)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(SIZE // 2, SIZE // 2)
