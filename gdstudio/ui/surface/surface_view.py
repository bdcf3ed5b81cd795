"""The loss surface and the gradient-descent path: the tab that draws what the tutorial says.

Three modes, one page each: textbook functions (`ToyPage`), two real parameters of the network
(`PairPage`) and a plane through all of them (`PlanePage`). The network pages compute in one
shared surface worker; a new request cancels the running one at once. They follow the network
chosen (`set_model`): any network's parameters, and planes through all of them.

"3D" draws every page's surface in 3D in place of the heat map (`gdstudio.ui.surface.surface_3d`),
paths and current points on it; a machine without OpenGL gets a message in its place instead.
Each page's controls sit in a side panel that folds away (`SidePanel`), so the picture gets the
room at the default window size.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, TutorialNet
from gdstudio.ui.model_switch import params_fit
from gdstudio.ui.surface.surface_network_page import Job
from gdstudio.ui.surface.surface_pair_page import PairPage
from gdstudio.ui.surface.surface_plane_page import PlanePage
from gdstudio.ui.surface.surface_toy_page import ToyPage
from gdstudio.ui.surface.surface_widgets import PRESENTATION_SCALE
from gdstudio.ui.view import Selection
from gdstudio.ui.widgets.view_events import Retranslating
from gdstudio.workers.surface import SurfaceController
from gdstudio.workers.training import TrainingFrame

TOY, PAIR, PLANE = range(3)


class SurfaceView(Retranslating, QWidget):
    """The "Loss surface" tab: a `TrainingView`."""

    def __init__(
        self, selection: Selection, model: LayeredNet | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("surface")
        self.selection = selection
        self.model = model or TutorialNet()
        self.controller = SurfaceController(self)
        self._requester: QWidget | None = None
        self._frame: TrainingFrame | None = None

        self.modes = QTabBar()
        for _ in range(3):
            self.modes.addTab("")
        # on a projector the three names may not fit: shorten them rather than scroll
        self.modes.setUsesScrollButtons(False)
        self.modes.setElideMode(Qt.TextElideMode.ElideRight)
        self.toy = ToyPage()
        self.pair = PairPage(self.model, self._submit)
        self.plane = PlanePage(self.model, self._submit)
        self.pages = QStackedWidget()
        for page in (self.toy, self.pair, self.plane):
            self.pages.addWidget(page)
        self.three_d = QCheckBox()
        self.busy_label = QLabel()
        self.busy_label.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.modes)
        top.addStretch(1)
        top.addWidget(self.busy_label)
        top.addWidget(self.three_d)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.modes.currentChanged.connect(self._on_mode)
        self.three_d.toggled.connect(self._on_three_d)
        self.controller.result.connect(self._on_result)
        self.controller.failed.connect(self._on_failed)
        self.controller.finished.connect(self._on_finished)
        self.controller.busy_changed.connect(self._on_busy)
        selection.parameter_changed.connect(self.pair.select_parameter)
        self.retranslate()

    # -- TrainingView ------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Loss surface")

    def set_dataset(self, dataset: Dataset) -> None:
        for page in (self.pair, self.plane):
            page.set_dataset(dataset)
        self.plane.trajectory.clear()

    def show_frame(self, frame: TrainingFrame) -> None:
        if not params_fit(self.model, frame.snapshot.params):
            return  # another network's, sent before the switch
        self._frame = frame
        params, step = frame.snapshot.params, frame.snapshot.step
        self.plane.record(params, step)  # the trajectory is recorded even while hidden
        if self.pair.follow_box.isChecked() or self.isVisible():
            self.pair.show_frame(params, step, frame.snapshot.last_batch)
            if not self.controller.busy:
                self.pair.follow_up()
        if self.isVisible():
            self.plane.show_frame(params, step)

    def set_model(self, model: LayeredNet) -> None:
        """Show `model`'s surfaces from its next frame on: modes 2 and 3 start over (mode 2 on
        the network's default pair), a computation under way is cancelled."""
        self.model = model
        self.controller.cancel()
        self._requester = None
        self._frame = None
        self.pair.set_model(model)
        self.plane.set_model(model)

    def set_presentation(self, on: bool) -> None:
        """Thicker lines and larger markers (the main window scales the fonts)."""
        scale = PRESENTATION_SCALE if on else 1.0
        for page in (self.toy, self.pair, self.plane):
            for plot in (page.surface, page.loss_plot):
                plot.scale = scale
            if page.surface.three_d is not None:
                page.surface.three_d.scale = scale
        self.toy.curve.scale = scale
        for page in (self.toy, self.pair, self.plane):
            page.retranslate()  # redraws the paths

    # -- modes -------------------------------------------------------------------------------

    def set_mode(self, mode: int) -> None:
        self.modes.setCurrentIndex(mode)

    def is_up_to_date(self) -> bool:
        """Always: a screenshot stages its own surface (`prepare_shot`)."""
        return True

    def prepare_shot(self) -> None:
        """For `gdstudio shot`: two real parameters with a descent path."""
        prepare_screenshot(self, PAIR)

    def shutdown(self) -> None:
        """Stop the surface worker; the main window calls this when it closes."""
        self.toy.stop()
        self.controller.shutdown()

    def _submit(self, page: QWidget, job: Job) -> None:
        self._requester = page
        self.controller.submit(job)

    def _on_result(self, item: object) -> None:
        if self._requester in (self.pair, self.plane):
            self._requester.on_result(item)

    def _on_finished(self) -> None:
        if self._requester is self.pair:
            self.pair.follow_up()  # training moved on while the worker was busy

    def _on_failed(self, message: str) -> None:
        if self._requester in (self.pair, self.plane):
            self._requester.on_failed(message)

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)

    def _on_mode(self, mode: int) -> None:
        self.pages.setCurrentIndex(mode)
        if mode != TOY:
            self.toy.stop()
        if self._requester is not self.pages.currentWidget():
            self.controller.cancel()
        self._catch_up()

    def _catch_up(self) -> None:
        """Give the shown network page the latest parameters; compute if it has no surface."""
        frame = self._frame
        page = self.pages.currentWidget()
        if frame is None or page not in (self.pair, self.plane):
            return
        page.show_frame(frame.snapshot.params, frame.snapshot.step)
        computing = self.controller.busy and self._requester is page
        if page.surface.grid is None and not computing:
            page.compute()

    def _on_three_d(self, on: bool) -> None:
        """Every page's surface in 3D (or a message where there is no OpenGL), or in 2D."""
        for page in (self.toy, self.pair, self.plane):
            page.surface.set_3d(on)

    # -- Qt ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._catch_up()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.shutdown()
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.modes.setTabText(TOY, self.tr("Textbook functions"))
        self.modes.setTabText(PAIR, self.tr("Two parameters of the network"))
        self.modes.setTabText(PLANE, self.tr("A plane through all parameters"))
        self.three_d.setText(self.tr("3D"))
        self.busy_label.setText(self.tr("Computing…"))
        for page in (self.toy, self.pair, self.plane):
            page.retranslate()
            page.surface.retranslate()
            assert page.panel is not None
            page.panel.retranslate()
        self._on_three_d(self.three_d.isChecked())


def prepare_screenshot(view: SurfaceView, mode: int = PAIR, timeout_ms: int = 60_000) -> None:
    """Make `view` worth a screenshot, waiting for the worker (the view must have been shown a
    frame and be visible): mode 2 on the network's default pair (w1[407, 3] and b1[3] for the
    tutorial's) with a descent; mode 1 a race of three optimizers on the quadratic bowl; mode 3
    the plane (PCA needs several frames)."""
    view.set_mode(mode)
    if mode == TOY:
        view.toy.set_function("quadratic")
        view.toy.set_optimizers(["sgd", "momentum", "adam"])
        view.toy.step(25)
        return
    wait_until_idle(view, timeout_ms)
    if mode == PAIR:
        view.pair.descend()
        wait_until_idle(view, timeout_ms)


def wait_until_idle(view: SurfaceView, timeout_ms: int = 60_000) -> None:
    """Run the event loop until the surface worker has nothing left to do (or the timeout)."""
    if not view.controller.busy:
        return
    loop = QEventLoop()
    view.controller.busy_changed.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    view.controller.busy_changed.disconnect(loop.quit)
