"""An "Export ▾" button: the picture as PNG (and SVG, when the owner can draw one), and each of
some named arrays as .npy or CSV.

The owner supplies how to save (so the button holds no data) and a default file name; the
button asks for the path and reports a failure in a message box naming the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolButton, QWidget

from gdstudio.ui.widgets.view_events import Retranslating

__all__ = ["ExportButton"]


class ExportButton(Retranslating, QToolButton):
    def __init__(
        self,
        names: Sequence[str],
        save_png: Callable[[str], None],
        save_array: Callable[[str, str], None],
        default_name: Callable[[str, str], str],
        parent: QWidget | None = None,
        save_svg: Callable[[str], None] | None = None,
    ) -> None:
        """`save_array(path, name)` writes array `name` (as CSV when `path` ends in .csv);
        `default_name(name, suffix)` proposes a file name ("picture" for the PNG and SVG);
        `save_svg(path)`, if given, adds "Image as SVG"."""
        super().__init__(parent)
        self._save_png = save_png
        self._save_array = save_array
        self._default_name = default_name
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.setMenu(menu)
        self._png_action = menu.addAction("")
        self._png_action.triggered.connect(self._on_png)
        self._svg_action: QAction | None = None
        if save_svg is not None:
            self._svg_action = menu.addAction("")
            self._svg_action.triggered.connect(
                lambda: self._export(
                    self._default_name("picture", "svg"), self.tr("SVG images (*.svg)"), save_svg
                )
            )
        self._array_actions: list[tuple[QAction, str, str]] = []
        for name in names:
            for suffix in ("npy", "csv"):
                action = menu.addAction("")
                action.triggered.connect(partial(self._on_array, name, suffix))
                self._array_actions.append((action, name, suffix))
        self.retranslate()

    def _on_png(self) -> None:
        self._export(
            self._default_name("picture", "png"), self.tr("PNG images (*.png)"), self._save_png
        )

    def _on_array(self, name: str, suffix: str) -> None:
        pattern = self.tr("NumPy arrays (*.npy)") if suffix == "npy" else self.tr("CSV (*.csv)")
        self._export(
            self._default_name(name, suffix), pattern, lambda path: self._save_array(path, name)
        )

    def _export(self, name: str, pattern: str, save: Callable[[str], None]) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), name, pattern)
        if not path:
            return
        try:
            save(path)
        except (OSError, ValueError) as e:
            QMessageBox.warning(self, self.tr("Could not export"), str(e))

    def retranslate(self) -> None:
        self.setText(self.tr("Export"))
        self._png_action.setText(self.tr("Image as PNG…"))
        if self._svg_action is not None:
            self._svg_action.setText(self.tr("Image as SVG…"))
        for action, name, suffix in self._array_actions:
            text = self.tr("{0} as .npy…") if suffix == "npy" else self.tr("{0} as CSV…")
            action.setText(text.format(name))
