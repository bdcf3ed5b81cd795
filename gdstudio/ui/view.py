"""What the main window expects of a view, and the selection the views share.

A view is a QWidget tab. The window hands it the training state (`show_frame`, at most about
30 times a second; a view that is not visible may skip the work until it is shown), tells it
when the dataset or the network changes, and switches presentation mode. Views talk to each
other only through the shared `Selection`: clicking a weight pixel selects a parameter for the loss
surface, choosing a sample (or drawing one) selects the input the derivation shows.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, TutorialNet
from gdstudio.ui.model_switch import params_fit
from gdstudio.ui.widgets.view_events import Retranslating
from gdstudio.workers.training import TrainingFrame


class TrainingView(Protocol):
    """A QWidget subclass with these methods (retranslating itself on LanguageChange).

    The window calls each of them on every view: a view declares them all, none is probed for.
    """

    def title(self) -> str:
        """The tab's title, through tr()."""
        ...

    def set_dataset(self, dataset: Dataset) -> None:
        """The data trained on from now on."""
        ...

    def set_model(self, model: LayeredNet) -> None:
        """The network trained from now on (frames of the previous one no longer come)."""
        ...

    def show_frame(self, frame: TrainingFrame) -> None:
        """The run's latest frame (or, while replaying, a kept snapshot's)."""
        ...

    def set_presentation(self, on: bool) -> None: ...

    def is_up_to_date(self) -> bool:
        """True once the view shows the latest frame (`gdstudio shot` waits for it)."""
        ...

    def prepare_shot(self) -> None:
        """Stage what `gdstudio shot` shows of the view, once it is up to date."""
        ...


class ModelView(Retranslating):
    """The base of the views that draw the network's state: a `TrainingView` with the
    bookkeeping they share. Mix it in before the Qt class (and before `ThrottledRefresh` or
    `DeferredRefresh`): `class DataView(ModelView, ThrottledRefresh, QWidget)`.

    It keeps the shared `Selection`, the network (`_model`, the tutorial's until `set_model`)
    and the data (`_dataset`, None until `set_dataset`), and hands a subclass only the frames
    of its network (`_take_frame`): after a switch, frames of the old network may still be on
    their way. Subclasses implement `title` and `_take_frame`, and react in `_dataset_changed`
    and `_model_changed` (which do nothing here).
    """

    def __init__(
        self,
        name: str,
        selection: Selection,
        model: LayeredNet | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._selection = selection
        self._model: LayeredNet = model or TutorialNet()
        self._dataset: Dataset | None = None

    def title(self) -> str:
        raise NotImplementedError

    def set_dataset(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._dataset_changed()

    def set_model(self, model: LayeredNet) -> None:
        self._model = model
        self._model_changed()

    def show_frame(self, frame: TrainingFrame) -> None:
        if params_fit(self._model, frame.snapshot.params):  # else the old network's
            self._take_frame(frame)

    def set_presentation(self, on: bool) -> None:
        """Larger fonts and thicker lines for a projector (nothing changes here)."""

    def is_up_to_date(self) -> bool:
        """True once the view shows the latest frame (`gdstudio shot` waits for it)."""
        return True

    def prepare_shot(self) -> None:
        """Stage what `gdstudio shot` shows of the view, once it is up to date."""

    def _take_frame(self, frame: TrainingFrame) -> None:
        """A frame of the view's network: show it (now, or when next shown)."""
        raise NotImplementedError

    def _dataset_changed(self) -> None:
        """`_dataset` is new."""

    def _model_changed(self) -> None:
        """`_model` is new: its frames come next."""


def view_widget(view: TrainingView) -> QWidget:
    """The view as the QWidget it is (which a Protocol cannot say)."""
    if not isinstance(view, QWidget):
        raise TypeError(f"a view must be a QWidget, not {type(view).__name__}")
    return view


class Selection(QObject):
    """The parameter and the input sample the user picked, shared by all views."""

    parameter_changed = Signal(str, tuple)  # name ("w1", "b0", "b1"), index, e.g. ("w1", (407, 3))
    sample_changed = Signal(str, int)  # split ("train", "valid", "test"), index in that split
    drawn_changed = Signal(object)  # a drawn digit: float array (784,) in [0, 1]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parameter: tuple[str, tuple[int, ...]] = ("w1", (407, 3))
        self.sample: tuple[str, int] = ("valid", 0)
        self.drawn: np.ndarray | None = None

    def select_parameter(self, name: str, index: tuple[int, ...]) -> None:
        self.parameter = (name, tuple(index))
        self.parameter_changed.emit(name, tuple(index))

    def select_sample(self, split: str, index: int) -> None:
        self.sample = (split, index)
        self.drawn = None
        self.sample_changed.emit(split, index)

    def select_drawn(self, pixels: np.ndarray) -> None:
        self.drawn = np.asarray(pixels, dtype=np.float64).reshape(784).copy()
        self.drawn_changed.emit(self.drawn)
