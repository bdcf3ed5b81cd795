"""The runs of a session as a table: settings, final metrics, state; show/hide, rename, select.

The first column holds the run's name (editable), its colour and a check box that shows or
hides its curves. The table only displays what it is given (`RunRow`s); the owner keeps the
runs and is told of renames and visibility changes through signals.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from gdstudio.ui.widgets.view_events import Retranslating

__all__ = ["RunRow", "RunTable"]


@dataclass(frozen=True)
class RunRow:
    """What a row shows; the numbers are None until the run has them."""

    key: int
    name: str
    colour: QColor
    visible: bool
    lr: float
    batch_size: int
    seed: int
    epochs_done: int
    epochs: int
    train_loss: float | None
    valid_loss: float | None
    valid_accuracy: float | None
    status: str  # translated by the owner


_COLUMNS = 9


class RunTable(Retranslating, QTableWidget):
    renamed = Signal(int, str)  # run key, new name (non-empty, stripped)
    visibility_changed = Signal(int, bool)  # run key, visible

    def __init__(self, parent: QTableWidget | None = None) -> None:
        super().__init__(0, _COLUMNS, parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._keys: list[int] = []
        self._names: dict[int, str] = {}
        self.itemChanged.connect(self._on_item_changed)
        self.retranslate()

    def set_rows(self, rows: list[RunRow]) -> None:
        """Show `rows` (in order), keeping the selection of runs that are still there."""
        selected = set(self.selected_keys())
        self.blockSignals(True)
        try:
            if [r.key for r in rows] != self._keys:
                self.setRowCount(len(rows))
                self._keys = [r.key for r in rows]
            for i, row in enumerate(rows):
                self._fill(i, row)
        finally:
            self.blockSignals(False)
        self.clearSelection()
        for i, key in enumerate(self._keys):
            if key in selected:
                self.selectRow(i)

    def selected_keys(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectedIndexes()})
        return [self._keys[i] for i in rows if i < len(self._keys)]

    def _fill(self, i: int, row: RunRow) -> None:
        self._names[row.key] = row.name
        name = self.item(i, 0)
        if name is None:
            name = QTableWidgetItem()
            name.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            self.setItem(i, 0, name)
        name.setText(row.name)
        name.setData(Qt.ItemDataRole.DecorationRole, row.colour)
        name.setCheckState(Qt.CheckState.Checked if row.visible else Qt.CheckState.Unchecked)
        cells = (
            f"{row.lr:g}",
            str(row.batch_size),
            str(row.seed),
            f"{row.epochs_done} / {row.epochs}",
            _number(row.train_loss),
            _number(row.valid_loss),
            _number(row.valid_accuracy),
            row.status,
        )
        for column, text in enumerate(cells, start=1):
            item = self.item(i, column)
            if item is None:
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column < len(cells):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(i, column, item)
            if item.text() != text:
                item.setText(text)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or item.row() >= len(self._keys):
            return
        key = self._keys[item.row()]
        name = item.text().strip()
        if not name:  # a run keeps a name
            self.blockSignals(True)
            item.setText(self._names[key])
            self.blockSignals(False)
        elif name != self._names[key]:
            self._names[key] = name
            self.renamed.emit(key, name)
        self.visibility_changed.emit(key, item.checkState() == Qt.CheckState.Checked)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Run"),
                self.tr("α"),
                self.tr("Batch"),
                self.tr("Seed"),
                self.tr("Epochs"),
                self.tr("Train loss"),
                self.tr("Validation loss"),
                self.tr("Validation accuracy"),
                self.tr("State"),
            ]
        )
        header = self.horizontalHeaderItem(0)
        assert header is not None  # made by setHorizontalHeaderLabels
        header.setToolTip(self.tr("Tick to show the run's curves; double-click to rename it"))


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"
