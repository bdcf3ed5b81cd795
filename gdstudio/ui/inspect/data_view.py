"""What the network sees and what it answers: a paged grid of digits, one digit large, and the
confusion matrix of the validation set.

Predictions for a whole split (and for the validation set, for the confusion matrix) are
computed in a worker thread by `gdstudio.core.nn.inspection.predict_split`, at most a few times a
second while training and only while the view is shown. The large digit is recomputed in the
GUI thread: one sample is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.data.datasets import Split
from gdstudio.core.nn.inspection import (
    FilterKind,
    Predictions,
    SampleFilter,
    filter_samples,
    inspect_sample,
    predict_split,
)
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.training.reports import Snapshot
from gdstudio.ui.inspect.combo_items import name_items
from gdstudio.ui.inspect.confusion_plot import ConfusionPlot
from gdstudio.ui.inspect.sample_detail import SampleDetail
from gdstudio.ui.inspect.thumbnails import ThumbnailGrid
from gdstudio.ui.view import ModelView, Selection
from gdstudio.ui.widgets.images import text_font
from gdstudio.ui.widgets.throttle import Throttle
from gdstudio.ui.widgets.view_events import ThrottledRefresh
from gdstudio.workers.jobs import BackgroundJobs
from gdstudio.workers.training import TrainingFrame

__all__ = ["DataView"]

SPLITS = ("train", "valid", "test")
REFRESH_MS = 500  # predictions at most twice a second while training...
SLOWDOWN = 4  # ...and never more than a quarter of the time


class DataView(ModelView, ThrottledRefresh, QWidget):
    """The digits of a split with the network's answers, filters, details and confusion."""

    predictions_updated = Signal(str)  # new predictions arrived for this split

    def __init__(
        self, selection: Selection, model: LayeredNet | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("data", selection, model, parent)
        self._frame: TrainingFrame | None = None
        # per split: the predictions and the snapshot they were computed from
        self._predictions: dict[str, tuple[Snapshot, Predictions]] = {}
        self._cell: tuple[int, int] | None = None  # the confusion cell filtering the grid
        self._selected: tuple[str, int] | None = None
        self._jobs = BackgroundJobs("data", self)
        self._throttle = Throttle(self._refresh, REFRESH_MS, self)
        self._clock = QElapsedTimer()

        self._split = QComboBox()
        for name in SPLITS:
            self._split.addItem("", name)
        self._split.setCurrentIndex(SPLITS.index("valid"))
        self._digit = QComboBox()
        self._digit.addItem("", None)
        for d in range(self._model.config.classes):
            self._digit.addItem("", d)
        self._kind = QComboBox()
        for kind in FilterKind:
            self._kind.addItem("", kind)
        self._cell_button = QToolButton()
        self._cell_button.setVisible(False)
        self._count = QLabel()
        self.grid = ThumbnailGrid()
        self._previous = QToolButton()
        self._previous.setArrowType(Qt.ArrowType.LeftArrow)
        self._next = QToolButton()
        self._next.setArrowType(Qt.ArrowType.RightArrow)
        self._page = QLabel()
        self.detail = SampleDetail()
        self.detail.set_squared_loss(self._model.config.loss == "squared")
        self._confusion_title = QLabel()
        self._confusion_title.setWordWrap(True)
        confusion_widget = pg.GraphicsLayoutWidget()
        self.confusion = ConfusionPlot(confusion_widget, self._model.config.classes)

        filters = QHBoxLayout()
        for widget in (self._split, self._digit, self._kind, self._cell_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self._count)
        pager = QHBoxLayout()
        pager.addStretch(1)
        pager.addWidget(self._previous)
        pager.addWidget(self._page)
        pager.addWidget(self._next)
        pager.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addLayout(pager)
        confusion = QWidget()
        confusion_layout = QVBoxLayout(confusion)
        confusion_layout.setContentsMargins(0, 0, 0, 0)
        confusion_layout.addWidget(self._confusion_title)
        confusion_layout.addWidget(confusion_widget, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.detail)
        right.addWidget(confusion)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._split.currentIndexChanged.connect(self._on_split_changed)
        self._digit.currentIndexChanged.connect(self._on_filter_changed)
        self._kind.currentIndexChanged.connect(self._on_filter_changed)
        self._cell_button.clicked.connect(lambda: self.set_cell(None))
        self._previous.clicked.connect(lambda: self.grid.set_page(self.grid.page - 1))
        self._next.clicked.connect(lambda: self.grid.set_page(self.grid.page + 1))
        self.grid.page_changed.connect(self._show_page)
        self.grid.clicked.connect(self.select)
        self.confusion.cell_clicked.connect(self.set_cell)
        selection.sample_changed.connect(self._on_sample_selected)
        self.set_presentation(False)
        self.retranslate()

    # --- TrainingView -----------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Data")

    def _dataset_changed(self) -> None:
        self._predictions.clear()
        self._jobs.cancel_all()
        self._selected = None
        self._update_grid(keep_page=False)
        self.confusion.set_counts(np.zeros_like(self.confusion.counts))
        if self.isVisible():
            self._refresh()

    def _take_frame(self, frame: TrainingFrame) -> None:
        self._frame = frame
        self._request_refresh()

    def _model_changed(self) -> None:
        """Predict with the new network from its next frame on."""
        self.detail.set_squared_loss(self._model.config.loss == "squared")
        self._frame = None
        self._predictions.clear()
        self._jobs.cancel_all()

    def set_presentation(self, on: bool) -> None:
        self.grid.set_scale(3 if on else 2)
        self.detail.set_presentation(on)
        self.confusion.set_font(text_font(), text_font(0.8))

    # --- state ------------------------------------------------------------------------------

    @property
    def split(self) -> str:
        return str(self._split.currentData())

    def set_split(self, name: str) -> None:
        self._split.setCurrentIndex(SPLITS.index(name))

    @property
    def sample_filter(self) -> SampleFilter:
        return SampleFilter(
            kind=FilterKind(self._kind.currentData()),
            digit=self._digit.currentData(),
            predicted=self._cell[1] if self._cell is not None else None,
        )

    def set_filter(self, kind: FilterKind, digit: int | None = None) -> None:
        self._kind.setCurrentIndex(self._kind.findData(kind))
        self._digit.setCurrentIndex(self._digit.findData(digit) if digit is not None else 0)

    def predictions(self, split: str) -> Predictions | None:
        """The newest predictions for a split, or None before the first arrive."""
        found = self._predictions.get(split)
        return found[1] if found is not None else None

    def is_up_to_date(self) -> bool:
        """The grid and the confusion matrix show the parameters of the latest frame."""
        frame = self._frame
        if frame is None:
            return False
        return all(
            name in self._predictions and self._predictions[name][0] is frame.snapshot
            for name in {self.split, "valid"}
        )

    def prepare_shot(self) -> None:
        """For `gdstudio shot`, once `is_up_to_date()`: the first mistake on the validation
        set, large."""
        self.set_split("valid")
        predictions = self.predictions("valid")
        wrong = (
            np.flatnonzero(~predictions.correct)
            if predictions is not None
            else np.empty(0, dtype=np.intp)
        )
        self.select(int(wrong[0]) if len(wrong) else 0)

    def set_cell(self, true: int | None, predicted: int | None = None) -> None:
        """Filter the grid to one confusion-matrix cell of the validation set (None: off)."""
        combos = (self._split, self._digit, self._kind)
        for combo in combos:  # one update at the end, not one per combo
            combo.blockSignals(True)
        if true is None or predicted is None:
            if self._cell is not None:  # the digit filter came with the cell: it goes too
                self._digit.setCurrentIndex(0)
            self._cell = None
        else:
            self._cell = (true, predicted)
            self.set_split("valid")
            self.set_filter(FilterKind.ALL, true)
        for combo in combos:
            combo.blockSignals(False)
        self.confusion.mark(self._cell)
        self.retranslate()
        self._update_grid(keep_page=False)
        if self.isVisible():
            self._refresh()

    def select(self, index: int) -> None:
        """Show sample `index` of the current split large, and make it the shared selection."""
        self._selected = (self.split, index)
        self._show_selected()
        self._selection.select_sample(self.split, index)

    def _on_sample_selected(self, split: str, index: int) -> None:
        if (split, index) == self._selected or self._dataset is None:
            return
        self._selected = (split, index)
        if split != self.split:
            self.set_split(split)
        self._show_selected()

    def _on_split_changed(self) -> None:
        if self._cell is not None and self.split != "valid":
            self._cell = None
            self.confusion.mark(None)
            self.retranslate()
        self._update_grid(keep_page=False)
        if self.isVisible():
            self._refresh()

    def _on_filter_changed(self) -> None:
        if self._cell is not None and self._digit.currentData() != self._cell[0]:
            self._cell = None
            self.confusion.mark(None)
            self.retranslate()
        self._update_grid(keep_page=False)

    # --- computing --------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Ask for predictions of the shown split and of the validation set, if out of date."""
        frame, dataset = self._frame, self._dataset
        if frame is None or dataset is None:
            return
        snap, model = frame.snapshot, self._model
        self._show_selected()
        self._clock.start()
        for name in {self.split, "valid"}:
            found = self._predictions.get(name)
            if found is not None and found[0] is snap:
                continue
            work = _prediction_job(model, snap.params, dataset.split(name))
            self._jobs.submit(name, work, partial(self._on_predictions, name, snap))

    def _on_predictions(self, split: str, snap: Snapshot, predictions: Predictions) -> None:
        self._predictions[split] = (snap, predictions)
        # keep the share of time spent predicting small when a split is large
        self._throttle.interval_ms = max(REFRESH_MS, SLOWDOWN * self._clock.elapsed())
        if split == "valid":
            self.confusion.set_counts(predictions.confusion(self._model.config.classes))
            self.retranslate()
        if split == self.split:
            self._update_grid(keep_page=True)
        self.predictions_updated.emit(split)

    # --- showing ----------------------------------------------------------------------------

    def _update_grid(self, keep_page: bool) -> None:
        dataset = self._dataset
        if dataset is None:
            return
        split = dataset.split(self.split)
        predictions = self.predictions(self.split)
        order = filter_samples(split.labels, predictions, self.sample_filter)
        self.grid.set_predicted(predictions.predicted if predictions is not None else None)
        self.grid.set_samples(split.images, split.labels, order, keep_page=keep_page)

    def _show_page(self) -> None:
        grid = self.grid
        self._page.setText(self.tr("Page {0} / {1}").format(grid.page + 1, grid.page_count))
        self._previous.setEnabled(grid.page > 0)
        self._next.setEnabled(grid.page + 1 < grid.page_count)
        waiting = self.sample_filter.needs_predictions and self.predictions(self.split) is None
        if waiting:
            self._count.setText(self.tr("Waiting for the network's answers…"))
        else:
            self._count.setText(self.tr("{0} samples").format(f"{len(grid.order):,}"))

    def _show_selected(self) -> None:
        dataset, frame, selected = self._dataset, self._frame, self._selected
        self.grid.set_selected(
            selected[1] if selected is not None and selected[0] == self.split else None
        )
        if dataset is None or frame is None or selected is None:
            return
        split_name, index = selected
        split = dataset.split(split_name)
        if not 0 <= index < len(split):
            return
        x = split.inputs(np.array([index]), dtype=np.float64)[0]
        label = int(split.labels[index])
        report = inspect_sample(self._model, frame.snapshot.params, x, label)
        self.detail.show_sample(self._split_title(split_name), index, label, report)

    # --- language ---------------------------------------------------------------------------

    def _split_title(self, name: str) -> str:
        return {
            "train": self.tr("Training set"),
            "valid": self.tr("Validation set"),
            "test": self.tr("Test set"),
        }[name]

    def retranslate(self) -> None:
        for i, name in enumerate(SPLITS):
            self._split.setItemText(i, self._split_title(name))
        self._digit.setItemText(0, self.tr("All digits"))
        for i in range(1, self._digit.count()):
            self._digit.setItemText(i, self.tr("Digit {0}").format(self._digit.itemData(i)))
        kinds = {
            FilterKind.ALL: self.tr("All samples"),
            FilterKind.MISCLASSIFIED: self.tr("Misclassified"),
            FilterKind.CONFIDENT_MISTAKES: self.tr("Most confident mistakes"),
            FilterKind.LEAST_CONFIDENT: self.tr("Least confident"),
        }
        name_items(self._kind, kinds, FilterKind)
        self._cell_button.setVisible(self._cell is not None)
        if self._cell is not None:
            self._cell_button.setText(self.tr("True {0}, predicted {1}  ✕").format(*self._cell))
            self._cell_button.setToolTip(self.tr("Show every sample again"))
            self.grid.set_empty_text(
                self.tr("No digits here: the network answered {1} for no {0}.").format(*self._cell)
            )
        else:
            self.grid.set_empty_text(self.tr("No digits here"))
        counts = self.confusion.counts
        total = int(counts.sum())
        if total:
            accuracy = f"{100 * np.trace(counts) / total:.1f}%"
            self._confusion_title.setText(
                self.tr(
                    "Confusion matrix of the validation set: {0} right of {1} ({2}). "
                    "Click a cell to see its digits."
                ).format(int(np.trace(counts)), total, accuracy)
            )
        else:
            self._confusion_title.setText(self.tr("Confusion matrix of the validation set"))
        self.confusion.set_labels(self.tr("true digit"), self.tr("the network's answer"))
        self._show_page()
        self._show_selected()  # its heading names the split


def _prediction_job(
    model: LayeredNet, params: Params, split: Split
) -> Callable[[Callable[[], bool]], Predictions]:
    """The work of predicting a split, for `BackgroundJobs` (which passes `cancelled`)."""
    return lambda cancelled: predict_split(model, params, split, cancelled=cancelled)
