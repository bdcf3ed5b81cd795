"""The main window: controls on the left, live views in the middle, the run's state below.

The window lays out and wires. What the run on screen did lives in one `RunModel` (its curves,
kept snapshots, events and latest frame): a reset or an opened session swaps in a new one
(`set_run`), and the curves, replay bar and views follow the new model. The menus and their
actions are `WindowCommands`; checkpoints and data are `WindowFiles`; sessions are
`WindowSessions`; settings are read and written by `gdstudio.ui.window.settings`.
"""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, ModelConfig, build_model
from gdstudio.core.surfaces.surface_general import default_pair
from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.reports import EventKind, Snapshot, StepReport, TrainingEvent
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.training.controls import ControlsPanel
from gdstudio.ui.training.curves import CurvesView
from gdstudio.ui.training.divergence import DivergenceBanner
from gdstudio.ui.training.replay import ReplayBar
from gdstudio.ui.view import Selection, TrainingView, view_widget
from gdstudio.ui.widgets.vertical_scroll import VerticalScrollArea
from gdstudio.ui.widgets.view_events import Retranslating
from gdstudio.ui.window.application import running_app
from gdstudio.ui.window.commands import WindowCommands
from gdstudio.ui.window.discard import confirm_discard
from gdstudio.ui.window.files import WindowFiles
from gdstudio.ui.window.help import WindowHelp
from gdstudio.ui.window.i18n import LanguageSwitcher, system_language
from gdstudio.ui.window.presentation import Presentation
from gdstudio.ui.window.run_model import MAIN_RUN_BUDGET, RunModel, finished_frame
from gdstudio.ui.window.run_status import RunStatus
from gdstudio.ui.window.session_files import SessionFiles
from gdstudio.ui.window.sessions import WindowSessions
from gdstudio.ui.window.settings import (
    load_model_config,
    load_saved_dataset,
    load_train_config,
    restore_window,
    save_window,
    setting,
    settings,
)
from gdstudio.ui.window.typing_guard import TypingGuard
from gdstudio.workers.training import RunState, TrainingController, TrainingFrame

#: the fastest the views follow training: 25 frames a second look smooth, and every
#: millisecond the GUI thread spends drawing is taken from training (Python's GIL)
FRAME_INTERVAL_MS = 40


class MainWindow(Retranslating, QMainWindow):
    def __init__(
        self,
        settings_store: QSettings | None = None,
        dataset: Dataset | None = None,
        frame_interval_ms: int = FRAME_INTERVAL_MS,
        offer_restore: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._settings = settings_store or settings()
        self._languages = LanguageSwitcher(self)
        self.selection = Selection(self)
        self._views: list[TrainingView] = []
        self.presentation = Presentation(self)
        self._typing_guard = TypingGuard(self)
        running_app().installEventFilter(self._typing_guard)

        config = load_train_config(self._settings)
        model_config = load_model_config(self._settings)
        self.dataset = dataset or load_saved_dataset(self._settings)
        # the run on screen: a new one after every reset and opened session (`set_run`)
        self.run = RunModel(config.epochs, parent=self)

        self.commands = WindowCommands(self)
        self.files = WindowFiles(self)
        self.help = WindowHelp(self)
        self.controls = ControlsPanel(self.commands.run_actions())
        self.controls.set_config(config)
        self.controls.set_model_config(model_config)
        self.files.show_sources()
        self.files.show_dataset()
        self.training_dock = QDockWidget()
        self.training_dock.setObjectName("controlsDock")
        panel = QWidget()
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.setSpacing(0)
        panel_layout.addWidget(self.controls.run_bar)  # always in sight
        panel_layout.addWidget(VerticalScrollArea(self.controls), 1)
        self.training_dock.setWidget(panel)
        feature = QDockWidget.DockWidgetFeature
        self.training_dock.setFeatures(feature.DockWidgetMovable | feature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.training_dock)
        # View > Training panel (F9) hides it, to give a projector's width to the views; its
        # visibility is remembered with the window's state
        self.panel_action = self.training_dock.toggleViewAction()
        self.panel_action.setShortcut(QKeySequence(Qt.Key.Key_F9))

        self.curves = CurvesView()
        self.banner = DivergenceBanner()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.curves, "")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.replay = ReplayBar()
        layout.addWidget(self.replay)
        self.setCentralWidget(central)
        self.status = RunStatus(self.statusBar())

        self.commands.make_menus(self.panel_action)
        # Last, so that no thread is left running if building the widgets failed.
        self.controller = TrainingController(
            self.dataset,
            config,
            parent=self,
            frame_interval_ms=frame_interval_ms,
            model=build_model(model_config),
        )
        self.sessions = SessionFiles(self, model=model_config)
        self.session_commands = WindowSessions(self)
        self._connect()
        self._add_views()
        self.set_run(self.run)
        restore_window(self, self._settings)
        self.set_language(str(self._settings.value("language", system_language())))
        self.set_presentation(setting(self._settings, "presentation", False))
        self._on_state_changed(RunState.IDLE)
        self.retranslate()
        if offer_restore:
            QTimer.singleShot(0, self.session_commands.offer_restore)

    # --- public: what tests, `gdstudio shot` and the menus drive ----------------------------

    @property
    def history(self) -> RunHistory:
        return self.run.history

    @property
    def language(self) -> str:
        return self._languages.language

    def set_language(self, code: str) -> None:
        self._languages.set_language(code)
        # Qt posts LanguageChange to every widget; deliver them now, so the switch is complete
        # when this returns.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.commands.show_language(self._languages.language)

    def add_view(self, view: TrainingView) -> None:
        """Add a tab whose view follows training."""
        self._views.append(view)
        self.tabs.addTab(view_widget(view), "")
        view.set_dataset(self.dataset)
        view.set_presentation(self.presentation.on)
        if self.run.last_frame is not None:
            view.show_frame(self.run.last_frame)
        self.retranslate()

    def set_run(self, run: RunModel) -> None:
        """Show `run` (it replaces the run on screen, which is discarded): the curves, the
        replay bar, the views and the status bar follow it from now on."""
        old, self.run = self.run, run
        if old is not run:
            old.frame_added.disconnect(self._on_run_frame)
            old.deleteLater()
        run.setParent(self)
        run.frame_added.connect(self._on_run_frame)
        self.curves.set_history(run.history)
        self.replay.set_source(run.snapshots, run.history, run.total_epochs)
        self.curves.refresh()
        if run.last_frame is not None:
            self._show_replayed(run.last_frame)
        self._show_status()

    def set_presentation(self, on: bool) -> None:
        """Full screen with larger fonts and thicker lines, for a projector; leaving it gives
        back the window exactly as it was."""
        self.presentation.set(on)
        self.controls.set_presentation(on)
        self.curves.set_presentation(on)
        for view in self._views:
            view.set_presentation(on)
        self.commands.presentation_action.setChecked(on)

    def set_pace(self, steps_per_second: float) -> None:
        """The main run's steps per second from its next step on (0: as fast as possible), as
        the training panel's Pace box then shows. ValueError unless a finite number >= 0."""
        self.controls.pace.set_pace(steps_per_second)  # the box announces it to the controller

    def start_or_pause(self) -> None:
        """Space: start a run, or pause / resume the one going."""
        state = self.controller.state
        if state == RunState.RUNNING:
            self.controller.pause()
        elif state == RunState.PAUSED:
            self.controller.resume()
        else:
            self.start()

    def start(self) -> None:
        self._begin_fresh_if_needed()
        self.controller.start()

    def step(self) -> None:
        """N: exactly one batch (from a fresh run with the controls' settings, if none is open)."""
        self._begin_fresh_if_needed()
        self.controller.step()

    def _begin_fresh_if_needed(self) -> None:
        """A finished or restored run starts again from its seed; a run not yet begun takes
        what the controls show now (epochs, seed, targets typed after a Reset)."""
        state = self.controller.state
        changed = state == RunState.IDLE and self.controls.config() != self.controller.config
        if state == RunState.FINISHED or self.run.restored or changed:
            self.reset()

    def reset(self) -> None:
        """A fresh run from the seed, with the settings the controls show."""
        self._start_afresh()

    def request_reset(self) -> None:
        """R or Reset: start afresh, after asking if that would discard unsaved work."""
        if self.confirm_discard(self.tr("Reset")):
            self.reset()

    def _start_afresh(self, model: LayeredNet | None = None) -> None:
        """A fresh run from the seed (of `model`, when the network changes)."""
        config = self.controls.config()
        self.set_run(RunModel(config.epochs, fresh=True))
        self.banner.hide()
        self._on_state_changed(RunState.IDLE)  # N and Space work at once, before the worker says
        self.controller.reset(config, self.dataset, model)

    def has_unsaved_work(self) -> bool:
        """The run on screen has steps that no checkpoint or session saved holds."""
        return self.run.has_unsaved_work()

    def confirm_discard(self, what: str) -> bool:
        """True if nothing unsaved would be lost by `what`, or the user agrees to lose it."""
        return confirm_discard(self, self.run, what)

    def set_network(self, model_config: ModelConfig) -> None:
        """Train another network (or the tutorial's again) from now on: every view follows."""
        model = build_model(model_config)
        self.controls.set_model_config(model_config)
        for view in self._views:
            view.set_model(model)
        self.sessions.set_model(model_config)
        if self.selection.parameter[0] not in model.param_names:
            first = default_pair(model)[0]  # a weight of the output layer
            self.selection.select_parameter(first.group, first.index)
        self._start_afresh(model)

    def set_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.files.show_dataset()
        for view in self._views:
            view.set_dataset(dataset)
        self.reset()

    def show_finished_run(self, steps: list[StepReport], snapshot: Snapshot) -> None:
        """Display a run trained elsewhere (by `gdstudio shot`), as if it had just finished."""
        self.run.add_frame(finished_frame(steps, snapshot, self.controls.config().epochs))
        self.curves.refresh()

    def autosave(self) -> None:
        self.sessions.autosave_now(self.session_commands.current_session())

    # --- building ---------------------------------------------------------------------------

    def _connect(self) -> None:
        c, a, files = self.controller, self.commands, self.files
        c.frame.connect(self._on_frame)
        c.training_event.connect(self._on_event)
        c.restored.connect(self._on_restored)
        c.state_changed.connect(self._on_state_changed)
        triggered = {
            a.toggle_action: self.start_or_pause,
            a.start_action: self.start,
            a.pause_action: self._on_pause_resume,
            a.step_action: self.step,
            a.stop_action: c.stop,
            a.reset_action: self.request_reset,
            a.save_action: files.save_checkpoint,
            a.open_action: files.open_checkpoint,
            a.open_folder_action: files.open_folder,
            a.save_session_action: self.session_commands.save,
            a.open_session_action: self.session_commands.open,
            a.download_action: files.download_mnist,
            a.quit_action: self.close,
            a.about_action: self.help.show_about,
            a.shortcuts_action: self.help.show_shortcuts,
            a.lessons_action: self.help.show_lessons,
        }
        for action, slot in triggered.items():
            action.triggered.connect(slot)
        self.replay.frame_requested.connect(self._show_replayed)
        self.replay.live_requested.connect(self._show_live)
        self.replay.moment_changed.connect(self.curves.set_replay_marker)
        a.presentation_action.toggled.connect(self.set_presentation)
        a.language_actions.triggered.connect(lambda action: self.set_language(action.data()))
        self.controls.lr_changed.connect(c.set_lr)
        self.controls.batch_size_changed.connect(c.set_batch_size)
        self.controls.pace.pace_changed.connect(c.set_pace)
        self.controls.dataset_chosen.connect(files.choose_dataset)
        self.controls.network_changed.connect(self._on_network_chosen)
        self.banner.restore_requested.connect(self.controller.restore_and_continue)

    def _add_views(self) -> None:
        from gdstudio.ui.compare.compare_view import CompareView
        from gdstudio.ui.derivation.derivation_view import DerivationView
        from gdstudio.ui.derivation.gradcheck_view import GradcheckView
        from gdstudio.ui.inspect.data_view import DataView
        from gdstudio.ui.inspect.draw_view import DrawView
        from gdstudio.ui.inspect.weights_view import WeightsView
        from gdstudio.ui.surface.surface_view import SurfaceView

        model = self.controller.model
        self.add_view(DataView(self.selection, model))
        self.add_view(WeightsView(self.selection, model))
        self.add_view(DrawView(self.selection, model))
        self.surface = SurfaceView(self.selection, model)
        self.add_view(self.surface)
        self.compare = CompareView(self.selection, model=model)
        self.compare.set_snapshot_budget(MAIN_RUN_BUDGET)
        self.compare.epoch_finished.connect(self.autosave)
        self.add_view(self.compare)
        self.add_view(DerivationView(self.selection, model))
        self.add_view(GradcheckView(self.selection, model))

    def view(self, name: str) -> TrainingView:
        """The view called `name` (ValueError if none is)."""
        for view in self._views:
            if view_widget(view).objectName() == name:
                return view
        raise ValueError(f"unknown view {name!r}: choose from {', '.join(self.view_names())}")

    def show_view(self, name: str) -> None:
        """Bring the tab whose view is called `name` ("training" for the curves) to the front."""
        tab = self.curves if name == "training" else view_widget(self.view(name))
        self.tabs.setCurrentWidget(tab)

    @property
    def lessons_dock(self) -> QDockWidget | None:
        return self.help.lessons_dock

    def show_lessons(self) -> None:
        """Help > Lessons: the lessons in a dock beside the views, in the interface language."""
        self.help.show_lessons()

    def view_names(self) -> list[str]:
        return ["training", *(view_widget(view).objectName() for view in self._views)]

    # --- the run ----------------------------------------------------------------------------

    def _on_frame(self, frame: TrainingFrame) -> None:
        self.run.add_frame(frame)

    def _on_run_frame(self, frame: TrainingFrame) -> None:
        """The run on screen took `frame`: the replay bar, curves, views and status follow."""
        self.replay.refresh()
        self.curves.refresh()
        if self.replay.is_live:
            for view in self._views:
                view.show_frame(frame)
        self._show_status()
        if any(s.epoch_end is not None for s in frame.steps):
            self.autosave()

    def _show_replayed(self, frame: TrainingFrame) -> None:
        for view in self._views:
            view.show_frame(frame)

    def _show_live(self) -> None:
        if self.run.last_frame is not None:
            self._show_replayed(dataclasses.replace(self.run.last_frame, steps=()))

    def status_labels(self) -> list[QLabel]:
        """The status bar's permanent readouts (epoch, step, speed, loss, accuracy)."""
        return list(self.status.labels.values())

    def _show_status(self) -> None:
        self.status.show(self.run.last_frame, self.run.history, self.controller.pace)

    def _on_event(self, event: TrainingEvent) -> None:
        if event.diverged:
            self.banner.show_event(event)
        elif event.kind is EventKind.TARGET_REACHED:
            self.statusBar().showMessage(
                self.tr("Target reached at epoch {0}").format(f"{event.epoch:.0f}"), 10_000
            )

    def _on_state_changed(self, state: RunState) -> None:
        running, paused = state == RunState.RUNNING, state == RunState.PAUSED
        a = self.commands
        a.start_action.setEnabled(not running)
        a.pause_action.setEnabled(running or paused)
        a.step_action.setEnabled(not running and (state != RunState.FINISHED))
        a.stop_action.setEnabled(running or paused)
        self.controls.set_run_in_progress(running or paused)
        a.show_paused(self.controller.state == RunState.PAUSED)

    def _on_pause_resume(self) -> None:
        if self.controller.state == RunState.RUNNING:
            self.controller.pause()
        else:
            self.controller.resume()

    def _on_restored(self, lr: float) -> None:
        if math.isfinite(lr):
            self.controls.set_lr(lr)
            message = self.tr(
                "Restored the best parameters; training continues with α = {0}, which trained "
                "40 steps from there without a warning."
            ).format(f"{lr:g}")
        else:
            message = self.tr(
                "Restored the best parameters and paused: no smaller α trained stably from "
                "there. Try a much smaller α, or Reset."
            )
        self.statusBar().showMessage(message, 15_000)

    def _on_network_chosen(self, model: ModelConfig, _config: TrainConfig) -> None:
        # the run's α before the choice: a preset has just announced its own, and the frame
        # that shows it arrives only once events are processed (in the question below)
        frame = self.run.last_frame
        if self.confirm_discard(self.tr("Changing the network")):
            self.set_network(model)
        else:  # the panel shows the network and settings still in use
            self.controls.set_model_config(self.controller.model.config)
            self.controls.set_config(self.controller.config)
            if frame is not None:
                self.controls.set_lr(frame.snapshot.base_lr)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        save_window(self, self._settings)
        self.files.close()
        self.controller.shutdown(1000)
        self.surface.shutdown()
        self.compare.shutdown()
        self.sessions.close()
        running_app().removeEventFilter(self._typing_guard)
        self.presentation.close()
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("GD Studio: gradient descent, one derivative at a time"))
        self.commands.retranslate()
        self.help.retranslate()
        self.training_dock.setWindowTitle(self.tr("Training"))
        self.panel_action.setText(self.tr("Training panel"))  # after the title, which sets it
        self.tabs.setTabText(self.tabs.indexOf(self.curves), self.tr("Curves"))
        for view in self._views:
            self.tabs.setTabText(self.tabs.indexOf(view_widget(view)), view.title())
        self.commands.show_paused(self.controller.state == RunState.PAUSED)
        self._show_status()
