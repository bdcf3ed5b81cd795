"""A scroll area that scrolls only vertically: as wide as its page needs, as short as wanted.

The training panel sits in one, so that its height (which grows with presentation mode's
larger font) no longer sets the window's: on a 1280×800 projector the panel scrolls instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget

#: the shortest the area gets, in lines of its font: room for a few of the page's rows
_MIN_LINES = 6


class VerticalScrollArea(QScrollArea):
    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = page
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)
        self._scrolls = False  # whether the minimum width counts the scroll bar

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The page's minimum width, and the scroll bar's when the page is taller than the
        area (the page never scrolls sideways); a few lines high."""
        width = self._page.minimumSizeHint().width() + 2 * self.frameWidth()
        self._scrolls = self._page_too_tall()
        if self._scrolls:
            width += self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return QSize(width, _MIN_LINES * self.fontMetrics().lineSpacing())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The page's, with the scroll bar's width when it scrolls."""
        hint = self._page.sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())

    def _page_too_tall(self) -> bool:
        """Judged once shown: before, the area's height is not yet the window's."""
        if not self.isVisible():
            return False
        page, room = self._page, self.maximumViewportSize()
        if page.hasHeightForWidth():
            return page.heightForWidth(room.width()) > room.height()
        return page.minimumSizeHint().height() > room.height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._page_too_tall() != self._scrolls:
            self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._page and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the page's size hints changed: so did the area's
        return super().eventFilter(watched, event)
