"""A page of 28 x 28 thumbnails, each with its label and the network's answer, right or wrong.

One widget paints the whole page (no widget per thumbnail): a page is a few dozen small images
and strings, redrawn only when the samples, the answers, the page or the size change.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["ThumbnailGrid"]

_RIGHT = QColor(44, 160, 44)
_WRONG = QColor(214, 39, 40)
_SELECTED = QColor(255, 214, 0)
_GAP = 6


class ThumbnailGrid(QWidget):
    """Shows `order` (indices into `images`) a page at a time; emits `clicked(index)`."""

    clicked = Signal(int)  # the sample's index in its split
    page_changed = Signal()  # the page, the page count or the samples changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images = np.zeros((0, 28, 28), dtype=np.uint8)
        self._labels = np.zeros(0, dtype=np.intp)
        self._predicted: np.ndarray | None = None
        self._order = np.zeros(0, dtype=np.intp)
        self._page = 0
        self._scale = 2
        self._selected: int | None = None
        self._empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # --- what to show -----------------------------------------------------------------------

    def set_samples(
        self, images: np.ndarray, labels: np.ndarray, order: np.ndarray, keep_page: bool = False
    ) -> None:
        """Show the samples `order` of a split; back to the first page unless `keep_page`."""
        self._images, self._labels = images, labels
        self._order = np.asarray(order, dtype=np.intp)
        if not keep_page:
            self._page = 0
        self._page = min(self._page, self.page_count - 1)
        self.update()
        self.page_changed.emit()

    def set_predicted(self, predicted: np.ndarray | None) -> None:
        """The network's answer for every sample of the split, or None (labels only)."""
        self._predicted = predicted
        self.update()

    def set_empty_text(self, text: str) -> None:
        """What the grid says when it holds no sample (an empty page says nothing otherwise)."""
        self._empty_text = text
        self.update()

    @property
    def empty_text(self) -> str:
        """The text shown now in place of the samples ("" while there are samples)."""
        return "" if len(self._order) else self._empty_text

    def set_selected(self, index: int | None) -> None:
        self._selected = index
        self.update()

    def set_scale(self, scale: int) -> None:
        """Screen pixels per image pixel (larger in presentation mode)."""
        self._scale = scale
        self._page = min(self._page, self.page_count - 1)
        self.updateGeometry()
        self.update()
        self.page_changed.emit()

    @property
    def order(self) -> np.ndarray:
        """Every sample the grid holds (all pages), in the order shown."""
        return self._order

    # --- pages ------------------------------------------------------------------------------

    @property
    def page(self) -> int:
        return self._page

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self._order) // self.page_size))

    @property
    def page_size(self) -> int:
        columns, rows = self._grid()
        return columns * rows

    def set_page(self, page: int) -> None:
        page = min(max(page, 0), self.page_count - 1)
        if page != self._page:
            self._page = page
            self.update()
            self.page_changed.emit()

    def visible(self) -> np.ndarray:
        """The indices on the current page, in order."""
        start = self._page * self.page_size
        return self._order[start : start + self.page_size]

    # --- geometry ---------------------------------------------------------------------------

    def _cell(self) -> QSize:
        side = 28 * self._scale
        text = self.fontMetrics().height()
        return QSize(side + _GAP, side + text + _GAP)

    def _grid(self) -> tuple[int, int]:
        cell = self._cell()
        return max(1, self.width() // cell.width()), max(1, self.height() // cell.height())

    def _rect(self, slot: int) -> QRect:
        columns, _ = self._grid()
        cell = self._cell()
        row, col = divmod(slot, columns)
        return QRect(col * cell.width(), row * cell.height(), cell.width(), cell.height())

    def index_at(self, pos: QPoint) -> int | None:
        """The sample under a widget position, or None."""
        cell = self._cell()
        columns, rows = self._grid()
        col, row = pos.x() // cell.width(), pos.y() // cell.height()
        if not (0 <= col < columns and 0 <= row < rows):
            return None
        slot = row * columns + col
        shown = self.visible()
        return int(shown[slot]) if slot < len(shown) else None

    def slot_rect(self, index: int) -> QRect | None:
        """Where a sample of the current page is drawn (for tests and clicks), or None."""
        where = np.flatnonzero(self.visible() == index)
        return self._rect(int(where[0])) if where.size else None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        cell = self._cell()
        return QSize(cell.width() * 8, cell.height() * 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._cell()

    # --- painting and mouse -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        if self.empty_text:
            painter.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect().adjusted(8, 8, -8, -8), flags, self.empty_text)
        side = 28 * self._scale
        text_height = self.fontMetrics().height()
        for slot, index in enumerate(self.visible()):
            rect = self._rect(slot)
            target = QRect(rect.x() + _GAP // 2, rect.y() + _GAP // 2, side, side)
            pixels = np.ascontiguousarray(self._images[index])
            image = QImage(pixels.data, 28, 28, 28, QImage.Format.Format_Grayscale8)
            painter.drawImage(target, image)
            if index == self._selected:
                painter.setPen(QPen(_SELECTED, 2))
                painter.drawRect(target.adjusted(-1, -1, 1, 1))
            label = int(self._labels[index])
            text_rect = QRect(target.x(), target.bottom() + 1, side, text_height)
            if self._predicted is None:
                painter.setPen(self.palette().text().color())
                text = str(label)
            else:
                answer = int(self._predicted[index])
                right = answer == label
                painter.setPen(_RIGHT if right else _WRONG)
                text = f"{label} ✓" if right else f"{label}→{answer} ✗"
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        index = self.index_at(event.position().toPoint())
        if index is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(index)
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._page = min(self._page, self.page_count - 1)
        self.page_changed.emit()
