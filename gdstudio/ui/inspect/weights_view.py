"""What the network has learned: w1 as ten 28 x 28 images, b0 as one, b1 as ten bars.

(For the other networks see `gdstudio.ui.inspect.weight_panels`: softmax regression has no b0; the
network with a hidden layer shows each hidden unit's incoming weights as a 28 x 28 tile, and
w2 as a matrix. `set_model` switches the pictures.)

Image j is w1[:, j].reshape(28, 28): the weight from each pixel to digit j's score, drawn
where the pixel is, row 0 at the top. Red weights raise the score of digit j when the pixel
is inked, blue ones lower it; after a little training the images look like digit templates.

Four modes show four arrays of the same shapes (computed in `gdstudio.core.nn.inspection`):
the values; their change since initialisation; the gradient of the mean loss on a batch of
training samples (the batch is the view's own, see `batch_indices`: frames do not carry the
trainer's batch); and the update -α·∂L/∂w that gradient descent would take from the weights
shown with the current α on that batch. Gradients are computed in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.nn.inspection import (
    SIDE,
    Mode,
    batch_gradient,
    full_precision,
    parameter_arrays,
    save_csv,
    save_npy,
)
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.training.reports import Snapshot
from gdstudio.ui.inspect.combo_items import name_items
from gdstudio.ui.inspect.weight_panels import HiddenLayerPanel, Hit, TemplatePanel
from gdstudio.ui.view import ModelView, Selection
from gdstudio.ui.widgets.export_button import ExportButton
from gdstudio.ui.widgets.images import text_font
from gdstudio.ui.widgets.plot_export import export_scene_svg
from gdstudio.ui.widgets.throttle import Throttle
from gdstudio.ui.widgets.view_events import ThrottledRefresh
from gdstudio.workers.jobs import BackgroundJobs
from gdstudio.workers.training import TrainingFrame

__all__ = ["WeightsView"]

REFRESH_MS = 100  # at most 10 redraws a second while training


class WeightsView(ModelView, ThrottledRefresh, QWidget):
    """The parameters as images and bars, in one of four modes (see the module docstring)."""

    def __init__(
        self, selection: Selection, model: LayeredNet | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("weights", selection, model, parent)
        self._frame: TrainingFrame | None = None
        self._initial: Params | None = None  # the reference of "change since initialisation"
        self._initial_step = 0
        self._grads: tuple[Snapshot, Params] | None = None  # a snapshot and its batch gradient
        self._arrays: Params | None = None  # what is drawn now
        self._limits: list[float] | None = None  # the symmetric colour limits of w1's images
        self._drawn: tuple[TrainingFrame, Mode, bool] | None = None
        self._hover: Hit | None = None  # the parameter under the mouse
        self._jobs = BackgroundJobs("weights", self)
        self._throttle = Throttle(self._refresh, REFRESH_MS, self)

        self._mode = QComboBox()
        for mode in Mode:
            self._mode.addItem("", mode)
        self._per_image = QCheckBox()
        self._export = self._make_export()
        self._caption = QLabel()
        self._caption.setWordWrap(True)
        self._readout = QLabel()
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.graphics = pg.GraphicsLayoutWidget()
        self.panel = self._make_panel()

        controls = QHBoxLayout()
        self._controls = controls
        controls.addWidget(self._mode)
        controls.addWidget(self._per_image)
        controls.addStretch(1)
        controls.addWidget(self._export)
        main = QVBoxLayout(self)
        main.setContentsMargins(4, 4, 4, 4)
        main.addLayout(controls)
        main.addWidget(self._caption)
        main.addWidget(self.graphics, 1)
        main.addWidget(self._readout)

        self._mode.currentIndexChanged.connect(self._on_option_changed)
        self._per_image.toggled.connect(self._on_option_changed)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.graphics.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        selection.parameter_changed.connect(self._show_selected)
        self._show_selected(*selection.parameter)
        self.set_presentation(False)
        self.retranslate()

    # --- TrainingView -----------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Weights")

    def _dataset_changed(self) -> None:
        self._grads = None
        self._jobs.cancel_all()

    def _take_frame(self, frame: TrainingFrame) -> None:
        snap = frame.snapshot
        if self._initial is None or snap.step == 0 or snap.step < self._initial_step:
            self._initial, self._initial_step = snap.params, snap.step
        self._frame = frame
        self._request_refresh()

    def set_presentation(self, on: bool) -> None:
        self.panel.set_font(text_font())

    def _model_changed(self) -> None:
        """Show the new network's parameters from its next frame on."""
        self._jobs.cancel_all()
        self._frame = self._initial = self._grads = self._arrays = self._limits = None
        self._drawn = self._hover = None
        self.graphics.ci.clear()
        self.panel = self._make_panel()
        export = self._make_export()
        self._controls.replaceWidget(self._export, export)
        self._export.deleteLater()
        self._export = export
        self.set_presentation(False)
        self._show_selected(*self._selection.parameter)
        self.retranslate()

    def _make_panel(self) -> TemplatePanel | HiddenLayerPanel:
        shapes, layout = self._model.param_shapes(), self.graphics.ci
        if "w2" in shapes:
            return HiddenLayerPanel(layout, *shapes["w2"])
        return TemplatePanel(layout, shapes["w1"][1], with_b0="b0" in shapes)

    def _make_export(self) -> ExportButton:
        names = self._model.param_names
        return ExportButton(
            names, self.save_png, self.save_array, self._default_name, save_svg=self.save_svg
        )

    # --- what is shown ----------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return Mode(self._mode.currentData())

    def set_mode(self, mode: Mode) -> None:
        self._mode.setCurrentIndex(self._mode.findData(mode))

    def set_per_image_scale(self, on: bool) -> None:
        self._per_image.setChecked(on)

    @property
    def arrays(self) -> Params | None:
        """The arrays drawn now (the current mode's), or None before the first frame."""
        return self._arrays

    def is_up_to_date(self) -> bool:
        """The images show the latest frame, in the mode and scale chosen."""
        drawn, frame = self._drawn, self._frame
        options = (self.mode, self._per_image.isChecked())
        return (
            frame is not None and drawn is not None and drawn[0] is frame and drawn[1:] == options
        )

    def prepare_shot(self) -> None:
        """For `gdstudio shot`: the values, one shared scale (the default view)."""
        self.set_mode(Mode.VALUE)
        self.set_per_image_scale(False)

    def _on_option_changed(self) -> None:
        self._drawn = None
        self.retranslate()
        if self.isVisible():
            self._refresh()

    def _refresh(self) -> None:
        frame = self._frame
        if frame is None:
            return
        snap = frame.snapshot
        mode, per_image = self.mode, self._per_image.isChecked()
        drawn = self._drawn
        if drawn is not None and drawn[0] is frame and drawn[1:] == (mode, per_image):
            return
        grads = None
        if mode in (Mode.GRADIENT, Mode.UPDATE):
            if self._grads is None or self._grads[0] is not snap:
                self._request_gradient(snap)
                return  # the old images stay until the gradient arrives
            grads = self._grads[1]
        self._draw(parameter_arrays(mode, snap.params, self._initial, grads, snap.base_lr))
        self._drawn = (frame, mode, per_image)
        self.retranslate_caption()

    def _request_gradient(self, snap: Snapshot) -> None:
        dataset, model = self._dataset, self._model
        if dataset is None:
            return

        def work(cancelled: Callable[[], bool]) -> Params:
            return batch_gradient(model, snap.params, dataset.train, snap.step, snap.batch_size)

        def done(grads: Params) -> None:
            self._grads = (snap, grads)
            if self.isVisible():
                self._refresh()

        self._jobs.submit("gradient", work, done)

    def _draw(self, arrays: Params) -> None:
        self._arrays = arrays
        self._limits = self.panel.draw(arrays, self._per_image.isChecked())
        self._show_readout()

    # --- hover, click, selection ------------------------------------------------------------

    def parameter_at(self, scene_pos: QPointF) -> Hit | None:
        """The parameter drawn under a scene point, e.g. ("w1", (pixel, digit or unit)),
        ("b0", (pixel,)), ("b1", (digit or unit,)), ("w2", (unit, digit)); None elsewhere."""
        return self.panel.parameter_at(scene_pos)

    def readout(self, name: str, index: tuple[int, ...]) -> str:
        """`w1[407, 3] = <value in full precision>` for the mode shown, with the pixel."""
        symbol = {
            Mode.VALUE: "{0}",
            Mode.CHANGE: "Δ{0}",
            Mode.GRADIENT: "∂L/∂{0}",
            Mode.UPDATE: "−α·∂L/∂{0}",
        }[self.mode]
        text = symbol.format(f"{name}[{', '.join(map(str, index))}]")
        if self._arrays is not None:
            text += f" = {full_precision(self._arrays[name][index])}"
        if name in ("w1", "b0"):
            row, col = divmod(index[0], SIDE)
            text += "   " + self.tr("(pixel row {0}, column {1})").format(row, col)
        return text

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        self._hover = self.parameter_at(scene_pos)
        self._show_readout()

    def _show_readout(self) -> None:
        """The hovered parameter and its value, kept live while training; else a hint."""
        if self._hover is not None:
            self._readout.setText(self.readout(*self._hover))
        else:
            self._readout.setText(
                self.tr("Point at a pixel or a bar to read its value; click to choose it.")
            )

    def _on_mouse_clicked(self, event: object) -> None:
        found = self.parameter_at(event.scenePos())  # type: ignore[attr-defined]
        if found is not None:
            self._selection.select_parameter(*found)

    def _show_selected(self, name: str, index: tuple[int, ...]) -> None:
        self.panel.mark(name, index)

    # --- export -----------------------------------------------------------------------------

    def save_png(self, path: str | Path) -> None:
        if not self.graphics.grab().save(str(path), "PNG"):
            raise OSError(f"{path}: could not write the PNG")

    def save_svg(self, path: str | Path) -> None:
        export_scene_svg(self.graphics.scene(), path)

    def save_array(self, path: str | Path, name: str) -> None:
        """Write the array `name` of the current mode, as .npy or (by the suffix) CSV."""
        if self._arrays is None:
            raise OSError(f"{path}: nothing to save yet")
        if str(path).lower().endswith(".csv"):
            save_csv(path, name, self._arrays[name])
        else:
            save_npy(path, self._arrays[name])

    def _default_name(self, name: str, suffix: str) -> str:
        step = self._frame.snapshot.step if self._frame is not None else 0
        return f"{'weights' if name == 'picture' else name}_{self.mode.value}_step{step}.{suffix}"

    # --- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        names = {
            Mode.VALUE: self.tr("Value"),
            Mode.CHANGE: self.tr("Change since initialisation"),
            Mode.GRADIENT: self.tr("Gradient of a batch ∂L/∂w"),
            Mode.UPDATE: self.tr("Last update −α·∂L/∂w"),
        }
        name_items(self._mode, names, Mode)
        self._per_image.setText(self.tr("One scale per image"))
        shapes = self._model.param_shapes()
        if isinstance(self.panel, HiddenLayerPanel):
            hidden = shapes["w2"][0]
            titles = {
                "w1": self.tr("w1: each hidden unit's 784 incoming weights ({0} units)"),
                "w2": self.tr("w2 ({0} × 10)"),
                "b1": self.tr("b1, per hidden unit (same order)"),
                "b2": self.tr("b2, per digit"),
            }
            for key, text in titles.items():
                self.panel.titles[key].setText(text.format(hidden))
        else:
            self.panel.titles["b1"].setText(self.tr("b1, per digit"))
            if "b0" in self.panel.titles:
                self.panel.titles["b0"].setText(self.tr("b0, per pixel"))
        self._show_readout()
        self.retranslate_caption()

    def retranslate_caption(self) -> None:
        per_image = self._per_image.isChecked()
        self.panel.set_limit_titles(self._limits if per_image else None)
        snap = self._frame.snapshot if self._frame is not None else None
        mode = self.mode
        hidden_layer = isinstance(self.panel, HiddenLayerPanel)
        if mode is Mode.VALUE and hidden_layer:
            text = self.tr(
                "Tile h is w1[:, h]: the weight from each pixel to hidden unit h, drawn where "
                "the pixel is. Row h of the matrix w2 holds unit h's weights to the ten "
                "digits' scores. Red is positive, blue negative."
            )
        elif mode is Mode.VALUE:
            text = self.tr(
                "Image j is w1[:, j]: the weight from each pixel to digit j's score. "
                "Red pixels raise the score when inked, blue ones lower it."
            )
        elif mode is Mode.CHANGE:
            if self._initial_step == 0:
                text = self.tr("How far each parameter moved since initialisation: w − w₀.")
            else:
                text = self.tr(
                    "How far each parameter moved since step {0}, the first this view saw."
                ).format(self._initial_step)
        elif mode is Mode.GRADIENT:
            text = self.tr(
                "∂L/∂w at the weights shown: the gradient of the mean loss over {0} training "
                "samples (a batch drawn for step {1}). Gradient descent moves against it."
            ).format(snap.batch_size if snap else "…", snap.step if snap else "…")
        else:
            text = self.tr(
                "−α·∂L/∂w with α = {0}: the step gradient descent takes from the weights shown, "
                "on the same batch as the gradient."
            ).format(f"{snap.base_lr:g}" if snap else "…")
        if per_image and hidden_layer:
            text += " " + self.tr(
                "Each tile has its own scale: it shows fractions of its largest magnitude."
            )
        elif per_image:
            text += " " + self.tr(
                "Each image has its own scale (± the limit in its title); the bar shows fractions "
                "of it."
            )
        self._caption.setText(text)
