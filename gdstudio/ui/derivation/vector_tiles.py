"""Small pictures of the derivation's vectors: 784-vectors as 28×28 images, 10-vectors as bars,
the 10×10 softmax Jacobian as a heatmap, the 784×10 gradient as ten 28×28 images.

They are drawn with QPainter (one QImage per picture, scaled without smoothing), which keeps
forty of them on one page cheap to update. A picture has a nominal size (its `pixel` per entry)
and may be shrunk to `MIN_SCALE` of it by `fit_width`, which is how a `Card` in a narrow window
keeps its picture inside it. Signed quantities use a diverging map (blue
negative, white zero, red positive) scaled to the largest magnitude shown; the scale is
printed under each picture. Hovering shows an entry's value; clicking one emits `picked`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gdstudio.ui.derivation.math_render import MathLabel, number

Floats = NDArray[np.float64]


def _ramp(*stops: tuple[float, tuple[int, int, int]]) -> NDArray[np.uint8]:
    """A 256-entry RGB lookup table interpolating between (position, colour) stops."""
    positions = np.linspace(0, 1, 256)
    where = [p for p, _ in stops]
    channels = [np.interp(positions, where, [c[i] for _, c in stops]) for i in range(3)]
    return np.round(np.stack(channels, axis=1)).astype(np.uint8)


#: blue – white – red (ColorBrewer RdBu), for signed values
DIVERGING = _ramp((0.0, (33, 102, 172)), (0.5, (247, 247, 247)), (1.0, (178, 24, 43)))
#: white to black, for pixels in [0, 1] (ink on paper)
INK = _ramp((0.0, (255, 255, 255)), (1.0, (0, 0, 0)))
#: white to dark green, for values in [0, 1] that are not pixels (the tanh derivative)
GREENS = _ramp((0.0, (255, 255, 255)), (1.0, (49, 163, 84)))
POSITIVE = QColor(178, 24, 43)
NEGATIVE = QColor(33, 102, 172)
#: the least fraction of its nominal width a picture (or a card) shrinks to in a narrow window
MIN_SCALE = 0.75


def _shrunk(nominal: int) -> int:
    return round(nominal * MIN_SCALE)


def scale_text(low: float, high: float) -> str:
    """The range a picture's colours span, as rich text (±m when symmetric)."""
    if low == -high:
        return "±" + number(high, 2)
    return f"{number(low, 2)} … {number(high, 2)}"


class ImageCanvas(QWidget):
    """One (rows, cols) array as an image; `picked(flat index)` on click."""

    picked = Signal(int)

    def __init__(
        self, rows: int = 28, cols: int = 28, pixel: int = 3, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._rows, self._cols = rows, cols
        self._values: Floats | None = None
        self._image = QImage()
        self._range = (0.0, 1.0)
        self._pixel = pixel
        self._marked: int | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._apply_size()

    def set_pixel(self, pixel: int) -> None:
        """Screen pixels per entry (presentation mode makes them larger)."""
        self._pixel = pixel
        self._apply_size()

    def _apply_size(self) -> None:
        self.setFixedSize(QSize(self._cols * self._pixel, self._rows * self._pixel))

    def nominal_width(self) -> int:
        return self._cols * self._pixel

    def minimum_width(self) -> int:
        return _shrunk(self.nominal_width())

    def fit_width(self, width: int) -> None:
        """Take `width` (within the minimum and nominal widths), keeping the entries square."""
        width = max(self.minimum_width(), min(width, self.nominal_width()))
        self.setFixedSize(width, round(width * self._rows / self._cols))

    def set_values(
        self,
        values: Floats | None,
        lut: NDArray[np.uint8] = DIVERGING,
        value_range: tuple[float, float] | None = None,
    ) -> tuple[float, float]:
        """Show `values` (any shape with rows·cols entries); None clears. Returns the range.

        Without `value_range` the colours span ±max|values| (white at zero).
        """
        if values is None:
            self._values = None
            self._image = QImage()
            self.update()
            return self._range
        v = np.asarray(values, dtype=np.float64).reshape(self._rows, self._cols)
        if value_range is None:
            top = float(np.abs(v).max()) or 1.0
            value_range = (-top, top)
        low, high = value_range
        position = np.clip((v - low) / (high - low), 0, 1)
        rgb = np.ascontiguousarray(lut[(position * 255).round().astype(np.intp)])
        self._image = QImage(
            rgb.data, self._cols, self._rows, 3 * self._cols, QImage.Format.Format_RGB888
        ).copy()  # the QImage must own its pixels: `rgb` goes when this returns
        self._values, self._range = v, (low, high)
        self.update()
        return value_range

    def mark(self, flat: int | None) -> None:
        """Outline one entry (the chosen parameter), or none."""
        self._marked = flat
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        rect = self.rect()
        painter.fillRect(rect, QColor(235, 235, 235))
        if not self._image.isNull():
            painter.drawImage(rect, self._image)
        if self._marked is not None:
            row, col = divmod(self._marked, self._cols)
            sx, sy = rect.width() / self._cols, rect.height() / self._rows
            painter.setPen(QPen(QColor(255, 170, 0), 2))
            painter.drawRect(QRectF(col * sx - 1, row * sy - 1, sx + 2, sy + 2))
        painter.setPen(QPen(QColor(160, 160, 160), 1))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    def _entry_at(self, point: QPoint) -> int | None:
        col = int(point.x() * self._cols / max(self.width(), 1))
        row = int(point.y() * self._rows / max(self.height(), 1))
        if 0 <= row < self._rows and 0 <= col < self._cols:
            return row * self._cols + col
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        flat = self._entry_at(event.position().toPoint())
        if flat is None or self._values is None:
            QToolTip.hideText()
            return
        value = float(self._values.flat[flat])
        where = f"[{flat}]" if self._rows * self._cols != 100 else f"[{flat // 10}, {flat % 10}]"
        QToolTip.showText(event.globalPosition().toPoint(), f"{where} = {value:.6g}", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        flat = self._entry_at(event.position().toPoint())
        if flat is not None and event.button() == Qt.MouseButton.LeftButton:
            self.picked.emit(flat)


STRIP_SPACING = 3


class ImageStrip(QWidget):
    """The ten columns of a 784×10 array as ten 28×28 images in two rows, one colour scale.

    `picked(i, j)`: pixel i of image j, i.e. entry [i, j] of the array.
    """

    picked = Signal(int, int)

    def __init__(self, pixel: int = 2, columns: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        self._grid = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(STRIP_SPACING)
        self._columns = columns
        self.images = [ImageCanvas(28, 28, pixel) for _ in range(10)]
        for j, image in enumerate(self.images):
            layout.addWidget(image, j // columns, j % columns)
            image.picked.connect(lambda i, j=j: self.picked.emit(i, j))

    def set_pixel(self, pixel: int) -> None:
        for image in self.images:
            image.set_pixel(pixel)

    def _gaps(self) -> int:
        return STRIP_SPACING * (self._columns - 1)

    def nominal_width(self) -> int:
        return self._columns * self.images[0].nominal_width() + self._gaps()

    def minimum_width(self) -> int:
        return self._columns * self.images[0].minimum_width() + self._gaps()

    def fit_width(self, width: int) -> None:
        for image in self.images:
            image.fit_width((width - self._gaps()) // self._columns)
        self._grid.activate()  # the strip's new size reaches its card's layout at once

    def set_values(self, values: Floats | None) -> tuple[float, float]:
        """(784, 10) values, or None; every image shares the colours of ±max|values|."""
        if values is None:
            for image in self.images:
                image.set_values(None)
            return (0.0, 0.0)
        v = np.asarray(values, dtype=np.float64)
        top = float(np.abs(v).max()) or 1.0
        for j, image in enumerate(self.images):
            image.set_values(v[:, j], value_range=(-top, top))
        return (-top, top)

    def mark(self, entry: tuple[int, int] | None) -> None:
        for j, image in enumerate(self.images):
            image.mark(entry[0] if entry is not None and entry[1] == j else None)


class BarsCanvas(QWidget):
    """Ten values as bars over the digits 0–9: signed (from a zero line) or in [0, 1].

    `highlight` outlines the bars of given classes (e.g. the label and the prediction);
    `picked(k)` on a click on bar k.
    """

    picked = Signal(int)

    def __init__(self, width: int = 122, height: int = 84, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: Floats | None = None
        self._probabilities = False
        self._highlight: dict[int, QColor] = {}
        self._size = self._scaled = QSize(width, height)
        self.setFixedSize(self._size)
        self.setMouseTracking(True)

    def set_scale(self, factor: float) -> None:
        self._scaled = self._size * factor
        self.setFixedSize(self._scaled)

    def nominal_width(self) -> int:
        return self._scaled.width()

    def minimum_width(self) -> int:
        return _shrunk(self.nominal_width())

    def fit_width(self, width: int) -> None:
        """Take `width` (within the minimum and nominal widths): narrower bars, same height."""
        width = max(self.minimum_width(), min(width, self.nominal_width()))
        self.setFixedSize(width, self._scaled.height())

    def set_values(
        self,
        values: Floats | None,
        probabilities: bool = False,
        highlight: dict[int, QColor] | None = None,
    ) -> None:
        self._values = None if values is None else np.asarray(values, dtype=np.float64)
        self._probabilities = probabilities
        self._highlight = highlight or {}
        self.update()

    def _geometry(self) -> tuple[QRect, float]:
        labels = self.fontMetrics().height()
        plot = self.rect().adjusted(2, 2, -2, -labels - 2)
        return plot, plot.width() / 10

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        plot, width = self._geometry()
        painter.fillRect(plot, QColor(250, 250, 250))
        painter.setPen(QColor(110, 110, 110))
        for k in range(10):
            box = QRect(round(plot.left() + k * width), plot.bottom() + 2, round(width), 999)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(k))
        v = self._values
        if v is not None and np.isfinite(v).all():
            if self._probabilities:
                low, high = 0.0, 1.0
            else:
                high = max(float(np.abs(v).max()), 1e-300)
                low = -high
            zero_y = plot.bottom() - (0 - low) / (high - low) * plot.height()
            for k, value in enumerate(v):
                top_y = plot.bottom() - (value - low) / (high - low) * plot.height()
                bar = QRectF(
                    plot.left() + k * width + 2, min(top_y, zero_y), width - 4, abs(zero_y - top_y)
                )
                colour = (
                    QColor(120, 120, 120)
                    if self._probabilities
                    else (POSITIVE if value >= 0 else NEGATIVE)
                )
                painter.fillRect(bar, colour)
                if k in self._highlight:
                    painter.setPen(QPen(self._highlight[k], 2))
                    painter.drawRect(
                        QRectF(plot.left() + k * width + 1, plot.top(), width - 2, plot.height())
                    )
            painter.setPen(QPen(QColor(90, 90, 90), 1))
            painter.drawLine(plot.left(), round(zero_y), plot.right(), round(zero_y))
        painter.end()

    def _bar_at(self, point: QPoint) -> int | None:
        plot, width = self._geometry()
        k = int((point.x() - plot.left()) / width)
        return k if 0 <= k < 10 else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        k = self._bar_at(event.position().toPoint())
        if k is None or self._values is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), f"[{k}] = {self._values[k]:.6g}", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        k = self._bar_at(event.position().toPoint())
        if k is not None and event.button() == Qt.MouseButton.LeftButton:
            self.picked.emit(k)


Picture = ImageCanvas | ImageStrip | BarsCanvas
#: a card's layout margins, left plus right
CARD_MARGINS = 12


class Card(QFrame):
    """A formula above its picture, with a short note below (scale, or what to look at).

    A card is `width` wide (or its picture's width) where there is room; in a narrow window it
    shrinks, down to `MIN_SCALE` of that or its longest word, and its picture shrinks with it.
    """

    def __init__(
        self, picture: Picture | None = None, width: int = 134, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.formula = MathLabel()
        self.formula.setWordWrap(True)
        self.picture = picture
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        self._column = layout
        layout.setContentsMargins(CARD_MARGINS // 2, 4, CARD_MARGINS // 2, 4)
        layout.setSpacing(3)
        self.formula.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.formula)
        if picture is not None:
            layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self._width = width
        self._scale = 1.0
        self.set_scale(1.0)

    def set_scale(self, factor: float) -> None:
        self._scale = factor
        self._fit()

    def set_formula(self, formula: str) -> None:
        self.formula.set_formula(formula)
        self._fit()

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.maximumWidth(), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        """Set the card's width limits, then fit its picture and its wrapped labels to its width.

        The labels get the height their text needs at that width: a scroll area sizes its page
        from minimum sizes, which ignore how wrapped text grows; without this a narrow window
        squeezes the notes over the pictures.
        """
        border = 2 * self.frameWidth() + CARD_MARGINS
        widest = round(self._width * self._scale)
        least = max(_shrunk(widest), self.formula.minimumSizeHint().width() + border)
        if self.picture is not None:
            widest = max(widest, self.picture.nominal_width() + border)
            least = max(least, self.picture.minimum_width() + border)
        least = max(least, self.note.minimumSizeHint().width() + border)
        self.setMinimumWidth(least)
        self.setMaximumWidth(max(widest, least))
        inner = self.width() - border
        if self.picture is not None:
            self.picture.fit_width(inner)
        for label in (self.formula, self.note):
            label.setFixedHeight(label.heightForWidth(inner) if label.text() else 0)
        self._column.activate()  # the card's new minimum height reaches its row at once
