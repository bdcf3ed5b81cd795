"""The gradient-check view: both analytic gradients beside the central difference.

For the selected sample and the current parameters: the chosen parameter and 20 random entries
of each group, with the Jacobian path, the fast path, (L(w + h) − L(w − h)) / 2h, their
relative errors and a pass/fail colour; h is adjustable, and a log-log plot shows the error
against h from 1e-1 to 1e-10 (why too large and too small both hurt: see
`gdstudio.core.nn.gradcheck`). Checking every one of the tutorial's 8,634 parameters takes about a
third of a second (the hidden-layer network's 79,510 several seconds), so it runs in a worker
thread (`gdstudio.workers.gradcheck.FullCheckRunner`); the table's entries and the 37-point
curve take a few milliseconds and run in the GUI thread. Any network (`set_model`): the groups
are its parameters.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QHideEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.nn.explain import check_parameter, sample_input
from gdstudio.core.nn.functions import Array, Labels
from gdstudio.core.nn.gradcheck import (
    ENTRY_TOLERANCE,
    EntryCheck,
    ErrorCurve,
    GradCheck,
    check_entries,
    error_against_h,
    random_entries,
)
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.ui.view import ModelView, Selection
from gdstudio.ui.widgets.view_events import DeferredRefresh
from gdstudio.workers.gradcheck import FullCheckRunner
from gdstudio.workers.training import TrainingFrame

REFRESH_MS = 500
PER_GROUP = 20
#: the first row when the chosen parameter is not one of the network's (every network has it)
DEFAULT_ENTRY = ("w1", (407, 3))
#: a full check passes when every group is this close to finite differences (group-relative)
GROUP_TOLERANCE = 1e-6
PASS = QColor(198, 239, 206)
FAIL = QColor(255, 199, 206)


class GradcheckView(ModelView, DeferredRefresh, QWidget):
    COLUMNS = 6

    def __init__(
        self, selection: Selection, model: LayeredNet | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("gradcheck", selection, model, parent)
        self._params: Params | None = None
        self._picks_seed = 0
        self._checks: list[EntryCheck] = []
        self._curve: ErrorCurve | None = None
        self._full: GradCheck | None = None
        self._init_refresh(REFRESH_MS)
        self.runner = FullCheckRunner(self)
        self.runner.finished.connect(self._on_full_check)

        self._h_label = QLabel()
        self._h_exponent = QDoubleSpinBox()
        self._h_exponent.setRange(-10.0, -1.0)
        self._h_exponent.setSingleStep(0.5)
        self._h_exponent.setDecimals(1)
        self._h_exponent.setValue(-5.0)
        self._h_exponent.setPrefix("10^")
        self._h_value = QLabel()
        self._repick = QPushButton()
        self._full_button = QPushButton()
        self._sample = QLabel()
        self._sample.setWordWrap(True)  # rather than widen the window in presentation mode
        self._bar = QGridLayout()
        for column, w in enumerate(
            (self._h_label, self._h_exponent, self._h_value, self._repick, self._full_button)
        ):
            self._bar.addWidget(w, 0, column)
        self._bar.setColumnMinimumWidth(5, 16)
        self._bar.setColumnStretch(6, 1)
        self._place_sample(below=False)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._on_row_selected)
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._full_result = QLabel()
        self._full_result.setWordWrap(True)
        self._full_result.setTextFormat(Qt.TextFormat.RichText)

        self.plot = pg.PlotWidget()
        self.plot.setLogMode(x=True, y=True)
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.getViewBox().invertX(True)  # from large h on the left to small h on the right
        for side in ("bottom", "left"):
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.setXRange(-10, -1, padding=0.03)  # log10 of the h range
        self.plot.getViewBox().enableAutoRange(x=False)
        self._legend = self.plot.addLegend(offset=(10, 10))
        self._jacobian_curve = self.plot.plot(pen=pg.mkPen((31, 119, 180), width=2))
        self._fast_curve = self.plot.plot(
            pen=None, symbol="o", symbolSize=5, symbolBrush=(255, 127, 14), symbolPen=None
        )
        dash = Qt.PenStyle.DashLine
        self._truncation = self.plot.plot(pen=pg.mkPen((120, 120, 120), width=1, style=dash))
        self._rounding = self.plot.plot(
            pen=pg.mkPen((120, 120, 120), width=1, style=Qt.PenStyle.DotLine)
        )
        self._h_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((44, 160, 44), width=1))
        self._tolerance_line = pg.InfiniteLine(
            pos=np.log10(ENTRY_TOLERANCE), angle=0, pen=pg.mkPen((214, 39, 40), width=1, style=dash)
        )
        self.plot.addItem(self._h_line)
        self.plot.addItem(self._tolerance_line)
        self._why = QLabel()
        self._why.setWordWrap(True)
        self._plot_title = QLabel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._summary)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self._full_result)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self._plot_title)
        right_layout.addWidget(self.plot, 1)
        right_layout.addWidget(self._why)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([660, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._bar)
        layout.addWidget(splitter, 1)

        self._h_exponent.valueChanged.connect(self._on_h_changed)
        self._repick.clicked.connect(self._on_repick)
        self._full_button.clicked.connect(self._on_full_button)
        selection.sample_changed.connect(self._on_input_changed)
        selection.drawn_changed.connect(self._on_input_changed)
        selection.parameter_changed.connect(self._on_input_changed)
        self.retranslate()

    # -- TrainingView ------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Gradient check")

    def _dataset_changed(self) -> None:
        self._on_input_changed()

    def _take_frame(self, frame: TrainingFrame) -> None:
        self._params = frame.snapshot.params
        self._request_refresh()

    def _model_changed(self) -> None:
        """Check the new network's gradients from its next frame on."""
        self._params = None
        self._on_input_changed()

    def set_presentation(self, on: bool) -> None:
        width = 3 if on else 2
        self._jacobian_curve.setPen(pg.mkPen((31, 119, 180), width=width))
        self._place_sample(below=on)

    def _place_sample(self, below: bool) -> None:
        """The sample at the end of the toolbar, or (in presentation mode's larger font, so
        that the view fits a projector) on a row of its own below it."""
        self._bar.removeWidget(self._sample)
        if below:
            self._bar.addWidget(self._sample, 1, 0, 1, -1)
        else:
            self._bar.addWidget(self._sample, 0, 6)

    # -- state -------------------------------------------------------------------------------

    @property
    def h(self) -> float:
        return float(10 ** self._h_exponent.value())

    def set_h(self, h: float) -> None:
        self._h_exponent.setValue(float(np.log10(h)))

    @property
    def checks(self) -> list[EntryCheck]:
        return list(self._checks)

    @property
    def curve(self) -> ErrorCurve | None:
        return self._curve

    @property
    def full_check(self) -> GradCheck | None:
        return self._full

    def current_input(self) -> tuple[Array, Labels] | None:
        """The selected sample as a batch of one: (x (1, 784) float64, labels (1,))."""
        if self._selection.drawn is not None:
            x = np.asarray(self._selection.drawn, dtype=np.float64)
            return x[None], np.array([self._drawn_label(x)])
        if self._dataset is None:
            return None
        split, index = self._selection.sample
        x, label = sample_input(
            self._dataset, split, min(index, len(self._dataset.split(split)) - 1)
        )
        return x[None], np.array([label])

    def _drawn_label(self, x: Array) -> int:
        """A drawn digit has no label: check against the network's own answer."""
        assert self._params is not None
        return int(self._model.forward(self._params, x[None])[0].argmax())

    def entries(self) -> list[tuple[str, tuple[int, ...]]]:
        """The chosen parameter first (w1[407, 3] if the network has no such parameter), then
        `PER_GROUP` random entries of each group."""
        name, index = self._selection.parameter
        try:
            chosen = (name, check_parameter(self._model, name, index))
        except ValueError:
            chosen = DEFAULT_ENTRY  # chosen for another network
        rng = np.random.default_rng(self._picks_seed)
        picks = random_entries(self._model.param_shapes(), PER_GROUP, rng)
        return [chosen] + [e for e in picks if e != chosen]

    def _redraw(self) -> None:
        """Recompute the table and the curve (`refresh()`: now if visible, else when shown)."""
        batch = self.current_input() if self._params is not None else None
        if batch is None or self._params is None:
            self._checks, self._curve = [], None
            self._show()
            return
        x, labels = batch
        entries = self.entries()
        self._checks = check_entries(self._model, self._params, x, labels, entries, self.h)
        self._curve = error_against_h(self._model, self._params, x, labels, entries[0])
        self._show()

    def start_full_check(self) -> None:
        batch = self.current_input() if self._params is not None else None
        if batch is None or self._params is None:
            return
        self._full = None
        self.runner.start(self._model, self._params, *batch, self.h)
        self._show_full()

    # -- drawing -----------------------------------------------------------------------------

    def _show(self) -> None:
        self.table.setUpdatesEnabled(False)
        self._fill_table()
        self.table.setUpdatesEnabled(True)
        self._show_summary()
        self._show_curve()

    def _fill_table(self) -> None:
        """Items are made once per row and then only change text and colour."""
        table = self.table
        old_rows = table.rowCount()
        table.setRowCount(len(self._checks))
        for row in range(old_rows, len(self._checks)):
            for col in range(self.COLUMNS):
                item = QTableWidgetItem()
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, col, item)
        for row, check in enumerate(self._checks):
            ok_jacobian, ok_fast = check.passed()
            entry = f"{check.name}[{', '.join(map(str, check.index))}]"
            cells: list[tuple[str, QColor | None]] = [
                (entry, None),
                (f"{check.jacobian:+.8e}", None),
                (f"{check.fast:+.8e}", None),
                (f"{check.numeric:+.8e}", None),
                (f"{check.error_jacobian:.1e}", PASS if ok_jacobian else FAIL),
                (f"{check.error_fast:.1e}", PASS if ok_fast else FAIL),
            ]
            for col, (text, colour) in enumerate(cells):
                shown = table.item(row, col)
                assert shown is not None  # made above, once per row
                shown.setText(text)
                if colour is not None:
                    shown.setBackground(QBrush(colour))
                    shown.setForeground(QBrush(QColor(0, 0, 0)))
        if old_rows == 0 and self._checks:
            table.resizeColumnsToContents()

    def _show_summary(self) -> None:
        if not self._checks:
            self._summary.setText(self.tr("Waiting for data and parameters…"))
            return
        both = sum(all(c.passed()) for c in self._checks)
        self._summary.setText(
            self.tr(
                "{0} of {1} entries pass on both paths at h = {2} (relative error ≤ {3}). "
                "Row 1 is the chosen parameter; the others are {4} random entries of each group."
            ).format(both, len(self._checks), f"{self.h:.2g}", f"{ENTRY_TOLERANCE:g}", PER_GROUP)
        )

    def _show_curve(self) -> None:
        curve = self._curve
        self._h_line.setValue(np.log10(self.h))
        if curve is None:
            for item in (self._jacobian_curve, self._fast_curve, self._truncation, self._rounding):
                item.setData([], [])
            return
        floor = 1e-17  # an exact match (error 0) is drawn at the bottom of a log axis
        self._jacobian_curve.setData(curve.h, np.maximum(curve.error_jacobian, floor))
        self._fast_curve.setData(curve.h, np.maximum(curve.error_fast, floor))
        best = int(np.argmin(curve.error_fast))
        h0, e0 = float(curve.h[best]), max(float(curve.error_fast[best]), floor)
        # reference slopes through the best point, two decades each way (the top left stays free
        # for the legend)
        left, right = curve.h[max(best - 8, 0) : best + 1], curve.h[best : best + 9]
        self._truncation.setData(left, e0 * (left / h0) ** 2)
        self._rounding.setData(right, e0 * (h0 / right))
        name, index = curve.entry
        self._plot_title.setText(
            self.tr("Relative error against h for {0}").format(
                f"{name}[{', '.join(map(str, index))}]"
            )
        )

    def _show_full(self) -> None:
        if self.runner.running:
            count = sum(int(np.prod(shape)) for shape in self._model.param_shapes().values())
            self._full_result.setText(
                self.tr("Checking all {0} parameters in the background…").format(f"{count:,}")
            )
            return
        full = self._full
        if full is None:
            self._full_result.clear()
            return
        rows = "".join(
            f"<tr><td>{name}</td><td align='right'>{full.jacobian[name]:.1e}</td>"
            f"<td align='right'>{full.fast[name]:.1e}</td></tr>"
            for name in self._model.param_names
        )
        passed = max(max(full.jacobian.values()), max(full.fast.values())) <= GROUP_TOLERANCE
        verdict = self.tr("pass") if passed else self.tr("FAIL")
        colour = PASS.name() if passed else FAIL.name()
        self._full_result.setText(
            self.tr("All parameters, relative to each group's largest gradient:")
            + f"<table cellpadding='2'><tr><th></th><th>{self.tr('Jacobian path')}</th>"
            f"<th>{self.tr('fast path')}</th></tr>{rows}</table>"
            + self.tr("Jacobian path vs fast path: {0}").format(f"{full.jacobian_vs_fast:.1e}")
            + f" <span style='background:{colour}'>&nbsp;{verdict}&nbsp;</span>"
        )

    def _show_sample(self) -> None:
        if self._selection.drawn is not None:
            sample = self.tr("the drawn digit (checked against the network's answer)")
        else:
            split, index = self._selection.sample
            names = {
                "train": self.tr("training set"),
                "valid": self.tr("validation set"),
                "test": self.tr("test set"),
            }
            sample = self.tr("{0}, sample {1}").format(names[split], index)
        self._sample.setText(self.tr("Sample: {0}").format(sample))

    # -- events ------------------------------------------------------------------------------

    def _on_input_changed(self, *args: Any) -> None:
        self._full = None
        self.runner.cancel()
        self._show_full()
        self._show_sample()
        self.refresh()

    def _on_h_changed(self) -> None:
        self._h_value.setText(f"h = {self.h:.3g}")
        self.refresh()

    def _on_repick(self) -> None:
        self._picks_seed += 1
        self.refresh()

    def _on_full_button(self) -> None:
        if self.runner.running:
            self.runner.cancel()
            self._show_full()
        else:
            self.start_full_check()
        self.retranslate()

    def _on_full_check(self, result: GradCheck) -> None:
        self._full = result
        self._show_full()
        self.retranslate()

    def _on_row_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() > 0:
            check = self._checks[rows[0].row()]
            self._selection.select_parameter(check.name, check.index)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        """A hidden view holds no thread: a full check still running is cancelled."""
        super().hideEvent(event)
        self.runner.shutdown()
        self._show_full()

    def retranslate(self) -> None:
        self._h_label.setText(self.tr("Step h ="))
        self._h_value.setText(f"h = {self.h:.3g}")
        self._repick.setText(self.tr("New random entries"))
        self._full_button.setText(
            self.tr("Cancel") if self.runner.running else self.tr("Check all parameters")
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("parameter"),
                self.tr("Jacobian path"),
                self.tr("fast path"),
                self.tr("central difference"),
                self.tr("error (Jacobian)"),
                self.tr("error (fast)"),
            ]
        )
        self.plot.setLabel("bottom", self.tr("h"))
        self.plot.setLabel("left", self.tr("relative error"))
        self._legend.clear()
        self._legend.addItem(self._jacobian_curve, self.tr("Jacobian path"))
        self._legend.addItem(self._fast_curve, self.tr("fast path"))
        self._legend.addItem(self._truncation, self.tr("∝ h² (truncation)"))
        self._legend.addItem(self._rounding, self.tr("∝ 1/h (rounding)"))
        self._why.setText(
            self.tr(
                "Too large an h: the central difference is off by about h²·L‴/6 (truncation), "
                "the slope-2 line on the left. Too small an h: L(w + h) and L(w − h) agree in "
                "almost all their digits, and their rounding errors (about 10⁻¹⁶·L each) "
                "divided by 2h grow like 1/h, the line on the right. The best h is near "
                "10⁻⁵, where both are small."
            )
        )
        self._show_sample()
        self._show_summary()
        self._show_curve()
        self._show_full()
