"""The frame of a loss-surface page: the controls and the loss per step in a side panel that
folds away, beside the picture; and the number boxes the controls are made of."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdstudio.ui.widgets.vertical_scroll import VerticalScrollArea

#: below this width a page starts with its controls folded away, so the picture gets the room
FOLD_BELOW = 1000
#: the widest the controls get (wrapped words would otherwise ask for more)
PANEL_WIDTH = 390
#: the loss-per-step chart under the controls
LOSS_PLOT_HEIGHT = 190


class SidePanel(QWidget):
    """The controls and the loss per step, beside the picture; its edge button folds it away.

    Until the user folds or unfolds it, it follows the page's width: folded below FOLD_BELOW
    pixels (the default window with the training panel, a 1280×800 projector), open above.
    """

    def __init__(self, side: QLayout, loss_plot: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surfaceControls")
        self.body = QWidget()
        controls = QWidget()
        controls.setLayout(side)
        scroll = VerticalScrollArea(controls)
        loss_plot.setMinimumHeight(120)
        loss_plot.setMaximumHeight(LOSS_PLOT_HEIGHT)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(scroll, 1)
        body_layout.addWidget(loss_plot)
        self.body.setMaximumWidth(PANEL_WIDTH)
        self.toggle = QToolButton()
        self.toggle.setObjectName("surfaceControlsToggle")
        self.toggle.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.toggle.setFixedWidth(20)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.body)
        layout.addWidget(self.toggle)
        self.chosen = False  # the user folded or unfolded it: the width no longer decides
        self.toggle.clicked.connect(self._on_toggle)
        self._show_body(True)

    @property
    def folded(self) -> bool:
        return self.body.isHidden()

    def set_folded(self, folded: bool) -> None:
        self._show_body(not folded)

    def fit_width(self, width: int) -> None:
        """Fold or unfold for a page `width` pixels wide, unless the user chose."""
        if not self.chosen:
            self._show_body(width >= FOLD_BELOW)

    def _on_toggle(self) -> None:
        self.chosen = True
        self._show_body(self.folded)

    def _show_body(self, shown: bool) -> None:
        self.body.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.LeftArrow if shown else Qt.ArrowType.RightArrow)
        self.retranslate()

    def retranslate(self) -> None:
        tip = self.tr("Hide the controls") if not self.folded else self.tr("Show the controls")
        self.toggle.setToolTip(tip)
        self.toggle.setAccessibleName(tip)


class SurfacePage(QWidget):
    """A page of the loss-surface view: `panel` (controls, loss per step) and the picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel: SidePanel | None = None

    def lay_out(self, side: QLayout, plot: QWidget, loss_plot: QWidget) -> None:
        self.panel = SidePanel(side, loss_plot)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        layout.addWidget(plot, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.panel is not None:
            self.panel.fit_width(event.size().width())


def number_box(
    low: float, high: float, value: float, decimals: int = 2, step: float = 1.0
) -> QDoubleSpinBox:
    """A box for a number from `low` to `high`, shown with `decimals` decimals."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    return box
