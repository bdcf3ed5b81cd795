"""The derivation view: the tutorial's chain rule with the live numbers of one sample.

Three pages share one sample (the selection's, or the digit just drawn) and the current
parameters: the chain rule (forward pass, backward factors, the three gradients), one
parameter's chain written out as a sum, and one gradient step taken stage by stage. The
numbers come from `gdstudio.core.nn.explain`; this module only arranges them.

Training frames arrive up to 30 times a second; the view recomputes at most every
`REFRESH_MS` and only while visible (it catches up when shown). One refresh is a single-sample
derivation (well under a millisecond) and the painting of some forty small pictures.

Those pages are the tutorial's network (tanh, squared error). For any other network
(`set_model`) the view shows `LayerChainPage` instead: the chain rule one block per layer, from
core's per-layer derivation.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.nn.explain import parameter_chain, sample_input
from gdstudio.core.nn.functions import Array
from gdstudio.core.nn.gradcheck import as_float64
from gdstudio.core.nn.layers import LayeredDerivation
from gdstudio.core.nn.model import Derivation, LayeredNet, ModelConfig, Params, TutorialNet
from gdstudio.ui.derivation.chain_page import ChainPage
from gdstudio.ui.derivation.layer_chain_page import LayerChainPage
from gdstudio.ui.derivation.parameter_chain_panel import ParameterChainPanel
from gdstudio.ui.derivation.step_panel import StepPanel
from gdstudio.ui.view import ModelView, Selection
from gdstudio.ui.widgets.numbers import format_loss, format_probability
from gdstudio.ui.widgets.view_events import DeferredRefresh
from gdstudio.workers.training import TrainingFrame

#: the least time between two refreshes driven by training frames
REFRESH_MS = 250
SPLITS = ("train", "valid", "test")


def is_tutorial(model: LayeredNet) -> bool:
    """True for exactly the tutorial's network, which the detailed pages are written for."""
    return isinstance(model, TutorialNet) and model.config.canonical() == ModelConfig()


class DerivationView(ModelView, DeferredRefresh, QWidget):
    def __init__(
        self, selection: Selection, model: LayeredNet | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("derivation", selection, model, parent)
        self._params: Params | None = None  # float64 copies of the latest frame's
        self._derivation: Derivation | LayeredDerivation | None = None
        self._new_sample = True
        self._init_refresh(REFRESH_MS)

        self._sample_label = QLabel()
        self._split = QComboBox()
        for split in SPLITS:
            self._split.addItem("", split)
        self._index = QSpinBox()
        self._drawn_note = QLabel()
        self._drawn_label_text = QLabel()
        self._drawn_label = QSpinBox()
        self._drawn_label.setRange(0, 9)
        # a drawn digit replaces the split and index; this button goes back to that sample
        self._back_to_sample = QPushButton()
        self._summary = QLabel()
        self._summary.setWordWrap(True)  # rather than widen the window in presentation mode
        header = QHBoxLayout()
        for w in (self._sample_label, self._split, self._index, self._drawn_note):
            header.addWidget(w)
        header.addWidget(self._drawn_label_text)
        header.addWidget(self._drawn_label)
        header.addWidget(self._back_to_sample)
        header.addSpacing(20)
        header.addWidget(self._summary, 1)

        self.chain_page = ChainPage()
        self.parameter_panel = ParameterChainPanel()
        self.step_panel = StepPanel(TutorialNet())
        self.pages = QTabWidget()
        for page in (self.chain_page, self.parameter_panel, self.step_panel):
            self.pages.addTab(page, "")
        self.layer_page = LayerChainPage()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.pages)
        self._stack.addWidget(self.layer_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self._stack, 1)
        self._stack.setCurrentWidget(self.pages if is_tutorial(self._model) else self.layer_page)

        self.parameter_panel.set_parameter(*selection.parameter)
        selection.sample_changed.connect(self._on_sample_changed)
        selection.drawn_changed.connect(self._on_drawn)
        selection.parameter_changed.connect(self._on_parameter_changed)
        self._split.currentIndexChanged.connect(self._on_sample_edited)
        self._index.valueChanged.connect(self._on_sample_edited)
        self._drawn_label.valueChanged.connect(self._on_drawn_label)
        self._back_to_sample.clicked.connect(lambda: selection.select_sample(*selection.sample))
        self.chain_page.parameter_picked.connect(selection.select_parameter)
        self.parameter_panel.parameter_chosen.connect(selection.select_parameter)
        self._show_sample_controls()
        self.retranslate()

    # -- TrainingView ------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Derivation")

    def _dataset_changed(self) -> None:
        self._show_sample_controls()
        self._sample_moved()

    def _take_frame(self, frame: TrainingFrame) -> None:
        self._params = frame.snapshot.params
        self._request_refresh()

    def set_presentation(self, on: bool) -> None:
        self.chain_page.set_presentation(on)
        self.step_panel.set_presentation(on)

    def _model_changed(self) -> None:
        """Derive the new network's chain from its next frame on: the detailed pages for the
        tutorial's network, one block per layer for any other."""
        self._params = None
        self._stack.setCurrentWidget(self.pages if is_tutorial(self._model) else self.layer_page)
        self._sample_moved()

    # -- state -------------------------------------------------------------------------------

    def current_input(self) -> tuple[Array, int] | None:
        """The sample shown: (x float64 (784,), label), or None without data."""
        drawn = self._selection.drawn
        if drawn is not None:
            return np.asarray(drawn, dtype=np.float64), self._drawn_label.value()
        if self._dataset is None:
            return None
        split, index = self._selection.sample
        part = self._dataset.split(split)
        return sample_input(self._dataset, split, min(index, len(part) - 1))

    @property
    def derivation(self) -> Derivation | LayeredDerivation | None:
        """The derivation on screen (None before parameters and data arrived): the tutorial's
        `Derivation`, or a `LayeredDerivation` for any other network."""
        return self._derivation

    def _redraw(self) -> None:
        sample = self.current_input()
        if sample is None or self._params is None:
            self._derivation = None
            self.layer_page.show_derivation(None)
            self.chain_page.show_derivation(None, None, self._selection.parameter)
            self.parameter_panel.show_chain(None)
            self.step_panel.clear()
            self._show_summary()
            return
        x, label = sample
        params = as_float64(self._params)
        if not is_tutorial(self._model):
            self._derivation = layered = self._model.derive_layers(params, x, label)
            self.layer_page.show_derivation(layered)
            self._show_summary()
            return
        assert isinstance(self._model, TutorialNet)
        self._derivation = self._model.derive(params, x, label)
        self.chain_page.show_derivation(self._derivation, params, self._selection.parameter)
        self._show_chain(params, x, label)
        self.step_panel.follow(params, x, label, self._new_sample)
        self._new_sample = False
        self._show_summary()

    def _show_chain(self, params: Params, x: Array, label: int) -> None:
        model = self._model
        if not isinstance(model, TutorialNet) or not isinstance(self._derivation, Derivation):
            return  # the one-parameter page is the tutorial's
        name, index = self._selection.parameter
        chain = parameter_chain(model, params, x, label, name, index, self._derivation)
        self.parameter_panel.show_chain(chain)

    # -- events ------------------------------------------------------------------------------

    def _on_sample_changed(self, split: str, index: int) -> None:
        self._show_sample_controls()
        self._sample_moved()

    def _on_drawn(self, pixels: object) -> None:
        # The drawn digit's label is what the user meant; start from the network's guess.
        if self._params is not None:
            x = np.asarray(pixels, dtype=np.float64)[None]
            guess = int(self._model.forward(as_float64(self._params), x)[0].argmax())
            self._drawn_label.blockSignals(True)
            self._drawn_label.setValue(guess)
            self._drawn_label.blockSignals(False)
        self._show_sample_controls()
        self._sample_moved()

    def _on_drawn_label(self) -> None:
        self._sample_moved()

    def _on_sample_edited(self) -> None:
        split = self._split.currentData()
        if (
            split,
            self._index.value(),
        ) != self._selection.sample or self._selection.drawn is not None:
            self._selection.select_sample(split, self._index.value())

    def _on_parameter_changed(self, name: str, index: tuple[int, ...]) -> None:
        self.parameter_panel.set_parameter(name, index)
        self.chain_page.mark((name, index))
        sample = self.current_input()
        if self._derivation is not None and self._params is not None and sample is not None:
            self._show_chain(as_float64(self._params), *sample)

    def _sample_moved(self) -> None:
        self._new_sample = True
        self.refresh()

    def _show_sample_controls(self) -> None:
        drawn = self._selection.drawn is not None
        split, index = self._selection.sample
        for w in (self._split, self._index):
            w.blockSignals(True)
        self._split.setCurrentIndex(SPLITS.index(split))
        size = len(self._dataset.split(split)) if self._dataset is not None else 1
        self._index.setRange(0, max(size - 1, 0))
        self._index.setValue(index)
        for w in (self._split, self._index):
            w.blockSignals(False)
        for w in (self._split, self._index):
            w.setVisible(not drawn)
        for drawn_widget in (self._drawn_note, self._drawn_label_text, self._drawn_label):
            drawn_widget.setVisible(drawn)
        self._back_to_sample.setVisible(drawn)
        self._back_to_sample.setText(
            self.tr("Back to {0} [{1}]").format(self._split.currentText(), index)
        )

    def _show_summary(self) -> None:
        d = self._derivation
        if d is None:
            self._summary.setText(self.tr("Waiting for data and parameters…"))
            return
        label, predicted = int(d.y.argmax()), int(d.output.argmax())
        self._summary.setText(
            self.tr(
                "label {0} (green outline), prediction {1} (orange, p = {2}), loss L = {3}"
            ).format(label, predicted, format_probability(d.output[predicted]), format_loss(d.loss))
        )

    def retranslate(self) -> None:
        self._sample_label.setText(self.tr("Sample"))
        for n, name in enumerate(
            (self.tr("training set"), self.tr("validation set"), self.tr("test set"))
        ):
            self._split.setItemText(n, name)
        self._drawn_note.setText(self.tr("the digit drawn in the Draw tab,"))
        self._drawn_label_text.setText(self.tr("meant as"))
        for n, text in enumerate(
            (self.tr("Chain rule"), self.tr("One parameter"), self.tr("Step by step"))
        ):
            self.pages.setTabText(n, text)
        self._show_sample_controls()  # the button names the split
        self._show_summary()
