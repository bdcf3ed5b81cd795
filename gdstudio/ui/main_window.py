"""The main window: controls on the left, live views in the middle, the run's state below."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdstudio import __version__
from gdstudio.core.checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from gdstudio.core.datasets import Dataset, available_sources, load_dataset
from gdstudio.core.history import RunHistory
from gdstudio.core.idx import DataError
from gdstudio.core.lessons import LessonSetup
from gdstudio.core.model import ConfigError, LayeredNet, ModelConfig, build_model
from gdstudio.core.presets import preset
from gdstudio.core.replay import DEFAULT_BUDGET_BYTES, KeptSnapshot, SnapshotStore
from gdstudio.core.session import Session, SessionRun
from gdstudio.core.surface_general import default_pair
from gdstudio.core.trainer import EventKind, Snapshot, StepReport, TrainConfig, TrainingEvent
from gdstudio.ui.app import running_app
from gdstudio.ui.controls import ControlsPanel
from gdstudio.ui.curves import CurvesView
from gdstudio.ui.divergence import DivergenceBanner
from gdstudio.ui.i18n import LANGUAGES, LanguageSwitcher, system_language
from gdstudio.ui.replay import ReplayBar
from gdstudio.ui.sessions import SessionFiles
from gdstudio.ui.typing_guard import TypingGuard
from gdstudio.ui.vertical_scroll import VerticalScrollArea
from gdstudio.ui.view import Selection, TrainingView, view_widget
from gdstudio.ui.view_events import Retranslating
from gdstudio.workers.download import MnistDownload
from gdstudio.workers.training import (
    FINISHED,
    IDLE,
    PAUSED,
    RUNNING,
    TrainingController,
    TrainingFrame,
)

PRESENTATION_SCALE = 1.6
#: the fastest the views follow training: 25 frames a second look smooth, and every
#: millisecond the GUI thread spends drawing is taken from training (Python's GIL)
FRAME_INTERVAL_MS = 40


def settings() -> QSettings:
    """The user's settings (window layout, last hyperparameters, language)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gdstudio", "gdstudio")


_Value = TypeVar("_Value", bool, int, float)


def setting(store: QSettings, key: str, default: _Value) -> _Value:
    """`store`'s value at `key` in `default`'s type (QSettings converts any text, nonsense to
    zero); PySide6's stubs type every value as `object`."""
    value = store.value(key, default, type=type(default))
    assert isinstance(value, type(default))
    return value


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
        self._history = RunHistory()
        self.selection = Selection(self)
        self._views: list[TrainingView] = []
        self._last_frame: TrainingFrame | None = None
        self._download: MnistDownload | None = None
        self._base_font = QApplication.font()
        # The main run's kept parameters (half the replay budget; comparisons get the rest),
        # its events, and whether the run on screen was restored from a session.
        self.snapshots = SnapshotStore(DEFAULT_BUDGET_BYTES // 2)
        self._events: list[TrainingEvent] = []
        self._showing_restored = False
        # which run is on screen (a new number at every reset) and the step last saved of it
        self._run_serial = 0
        self._saved_at: tuple[int, int] | None = None
        self._awaiting_fresh = False  # after a reset, until the fresh trainer's first frame
        # the window's state and geometry before presentation mode, to give them back after
        self._before_presentation: tuple[Qt.WindowState, QRect] | None = None
        self._typing_guard = TypingGuard(self)
        running_app().installEventFilter(self._typing_guard)
        self.lessons_dock: QDockWidget | None = None  # Help > Lessons makes it

        config = self._load_config()
        model_config = self._load_model_config()
        if dataset is None:
            dataset = self._load_saved_dataset()
        self._dataset = dataset

        self._make_actions()
        self._controls = ControlsPanel(
            [
                self.start_action,
                self.pause_action,
                self.step_action,
                self.stop_action,
                self.reset_action,
            ]
        )
        self._controls.set_config(config)
        self._controls.set_model_config(model_config)
        self._controls.set_datasets({s.name: s.available for s in available_sources()})
        self._show_dataset()
        self._dock = QDockWidget()
        self._dock.setObjectName("controlsDock")
        panel = QWidget()
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.setSpacing(0)
        panel_layout.addWidget(self._controls.run_bar)  # always in sight
        panel_layout.addWidget(VerticalScrollArea(self._controls), 1)
        self._dock.setWidget(panel)
        feature = QDockWidget.DockWidgetFeature
        self._dock.setFeatures(feature.DockWidgetMovable | feature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self._dock)
        # View > Training panel (F9) hides it, to give a projector's width to the views; its
        # visibility is remembered with the window's state
        self.panel_action = self._dock.toggleViewAction()
        self.panel_action.setShortcut(QKeySequence(Qt.Key.Key_F9))

        self.curves = CurvesView()
        self.curves.set_history(self._history)
        self.banner = DivergenceBanner()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.curves, "")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.replay = ReplayBar()
        self.replay.set_source(self.snapshots, self._history, config.epochs)
        layout.addWidget(self.replay)
        self.setCentralWidget(central)

        self._status_labels = {name: QLabel() for name in ("epoch", "step", "speed", "loss", "acc")}
        for label in self._status_labels.values():
            self.statusBar().addPermanentWidget(label)
        self._progress = QProgressBar()
        self._progress.setRange(0, 1000)
        self._progress.setMaximumWidth(220)
        self._progress.setTextVisible(False)
        self.statusBar().addPermanentWidget(self._progress)

        self._make_menus()
        # Last, so that no thread is left running if building the widgets failed.
        self._controller = TrainingController(
            dataset,
            config,
            parent=self,
            frame_interval_ms=frame_interval_ms,
            model=build_model(model_config),
        )
        self.sessions = SessionFiles(self, model=model_config)
        self._connect()
        self._add_views()
        self._load_paces()
        self._restore_layout()
        self.set_language(str(self._settings.value("language", system_language())))
        self.set_presentation(setting(self._settings, "presentation", False))
        self._on_state_changed(IDLE)
        self.retranslate()
        if offer_restore:
            QTimer.singleShot(0, self._offer_restore)

    # --- public: what tests, `gdstudio shot` and the menus drive ----------------------------

    @property
    def controller(self) -> TrainingController:
        return self._controller

    @property
    def controls(self) -> ControlsPanel:
        return self._controls

    @property
    def history(self) -> RunHistory:
        return self._history

    @property
    def language(self) -> str:
        return self._languages.language

    def set_language(self, code: str) -> None:
        self._languages.set_language(code)
        # Qt posts LanguageChange to every widget; deliver them now, so the switch is complete
        # when this returns.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        for action in self._language_actions.actions():
            action.setChecked(action.data() == self._languages.language)

    def add_view(self, view: TrainingView) -> None:
        """Add a tab whose view follows training."""
        self._views.append(view)
        self.tabs.addTab(view_widget(view), "")
        view.set_dataset(self._dataset)
        view.set_presentation(self.presentation_action.isChecked())
        if self._last_frame is not None:
            view.show_frame(self._last_frame)
        self.retranslate()

    def set_presentation(self, on: bool) -> None:
        """Full screen with larger fonts and thicker lines, for a projector; leaving it gives
        back the window exactly as it was."""
        full = Qt.WindowState.WindowFullScreen
        if on and not self.windowState() & full:
            self._before_presentation = (self.windowState(), self.geometry())
        font = QApplication.font()
        font.setPointSizeF(self._base_font.pointSizeF() * (PRESENTATION_SCALE if on else 1.0))
        QApplication.setFont(font)
        self._controls.set_presentation(on)
        self.curves.set_presentation(on)
        for view in self._views:
            view.set_presentation(on)
        self.presentation_action.setChecked(on)
        if on:
            self.setWindowState(self.windowState() | full)
        elif self.windowState() & full and self._before_presentation is not None:
            state, geometry = self._before_presentation
            self.setWindowState(state)
            if not state & Qt.WindowState.WindowMaximized:
                self.setGeometry(geometry)

    def set_pace(self, steps_per_second: float) -> None:
        """The main run's steps per second from its next step on (0: as fast as possible), as
        the training panel's Pace box then shows. ValueError unless a finite number >= 0."""
        self._controls.pace.set_pace(steps_per_second)  # the box announces it to the controller

    def start_or_pause(self) -> None:
        """Space: start a run, or pause / resume the one going."""
        state = self._controller.state
        if state == RUNNING:
            self._controller.pause()
        elif state == PAUSED:
            self._controller.resume()
        else:
            self.start()

    def start(self) -> None:
        self._begin_fresh_if_needed()
        self._controller.start()

    def step(self) -> None:
        """N: exactly one batch (from a fresh run with the controls' settings, if none is open)."""
        self._begin_fresh_if_needed()
        self._controller.step()

    def _begin_fresh_if_needed(self) -> None:
        """A finished or restored run starts again from its seed; a run not yet begun takes
        what the controls show now (epochs, seed, targets typed after a Reset)."""
        state = self._controller.state
        changed = state == IDLE and self._controls.config() != self._controller.config
        if state == FINISHED or self._showing_restored or changed:
            self.reset()

    def reset(self) -> None:
        """A fresh run from the seed, with the settings the controls show."""
        self._start_afresh()

    def request_reset(self) -> None:
        """R or Reset: start afresh, after asking if that would discard unsaved work."""
        if self._confirm_discard(self.tr("Reset")):
            self.reset()

    def _start_afresh(self, model: LayeredNet | None = None) -> None:
        """A fresh run from the seed (of `model`, when the network changes)."""
        config = self._controls.config()
        self._history.clear()
        self.snapshots.clear()
        self._events.clear()
        self._showing_restored = False
        self._last_frame = None
        self._awaiting_fresh = True
        self._run_serial += 1
        self.replay.set_source(self.snapshots, self._history, config.epochs)
        self.curves.refresh()
        self.banner.hide()
        self._clear_status()
        self._on_state_changed(IDLE)  # N and Space work at once, before the worker confirms
        self._controller.reset(config, self._dataset, model)

    # --- unsaved work -----------------------------------------------------------------------

    def has_unsaved_work(self) -> bool:
        """The run on screen has steps that no checkpoint or session saved holds."""
        frame = self._last_frame
        if frame is None or self._showing_restored or frame.snapshot.step == 0:
            return False
        return self._saved_at != (self._run_serial, frame.snapshot.step)

    def _mark_saved(self) -> None:
        if self._last_frame is not None:
            self._saved_at = (self._run_serial, self._last_frame.snapshot.step)

    def _confirm_discard(self, what: str) -> bool:
        """True if nothing unsaved would be lost, or the user agrees to lose it."""
        if not self.has_unsaved_work() or self._last_frame is None:
            return True
        snap = self._last_frame.snapshot
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Discard the current run?"),
            self.tr(
                "The current run ({0} steps, epoch {1}) has not been saved. {2} discards it."
            ).format(f"{snap.step:,}", f"{snap.epoch:.2f}", what),
            parent=self,
        )
        box.setObjectName("confirmDiscard")
        discard = box.addButton(self.tr("Discard and continue"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is discard

    def set_network(self, model_config: ModelConfig) -> None:
        """Train another network (or the tutorial's again) from now on: every view follows."""
        model = build_model(model_config)
        self._controls.set_model_config(model_config)
        for view in self._views:
            set_model = getattr(view, "set_model", None)
            if set_model is not None:
                set_model(model)
        self.sessions.set_model(model_config)
        if self.selection.parameter[0] not in model.param_names:
            first = default_pair(model)[0]  # a weight of the output layer
            self.selection.select_parameter(first.group, first.index)
        self._start_afresh(model)

    def set_dataset(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._show_dataset()
        for view in self._views:
            view.set_dataset(dataset)
        self.reset()

    def show_finished_run(self, steps: list[StepReport], snapshot: Snapshot) -> None:
        """Display a run trained elsewhere (by `gdstudio shot`), as if it had just finished."""
        self._on_frame(
            TrainingFrame(
                snapshot=snapshot,
                steps=tuple(steps),
                samples_per_second=steps[-1].epoch_end.samples_per_second
                if steps and steps[-1].epoch_end
                else 0.0,
                state=FINISHED,
                total_epochs=self._controls.config().epochs,
                best_available=False,
            )
        )
        self.curves.refresh()

    def save_checkpoint_to(self, path: str | Path) -> None:
        frame = self._last_frame
        if frame is None:
            self._controller.request_frame()
            raise CheckpointError(f"{path}: nothing to save yet")
        snap = frame.snapshot
        config = self._controller.config
        save_checkpoint(
            path,
            Checkpoint(
                params=snap.params,
                config=self._controller.model.config,
                dataset=self._dataset.name,
                epoch=snap.epoch,
                step=snap.step,
                lr=snap.lr,
                batch_size=snap.batch_size,
                seed=config.seed,
                history=[m.__dict__ for m in snap.history],
            ),
        )

    def open_checkpoint_from(self, path: str | Path) -> None:
        """Train on from a checkpoint's parameters; CheckpointError (window untouched) if the
        file is refused. Its α, checked positive and finite, is clamped to the control's range."""
        checkpoint = load_checkpoint(path, expect=self._controller.model.config)
        self._controls.set_lr(checkpoint.lr)
        self._controller.load_params(checkpoint.params)
        self.statusBar().showMessage(
            self.tr(
                "Loaded {0}: parameters after epoch {1} (step {2}) on {3}, α = {4}; "
                "training continues from them"
            ).format(
                Path(path).name,
                f"{checkpoint.epoch:g}",
                f"{checkpoint.step:,}",
                checkpoint.dataset,
                f"{checkpoint.lr:g}",
            ),
            15_000,
        )

    # --- building ---------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(
            shortcut: QKeySequence | QKeySequence.StandardKey | Qt.Key | str | None = None,
            checkable: bool = False,
        ) -> QAction:
            a = QAction(self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.setCheckable(checkable)
            return a

        self.toggle_action = action(Qt.Key.Key_Space)
        self.start_action = action()
        self.pause_action = action()
        self.step_action = action(Qt.Key.Key_N)
        self.stop_action = action()
        self.reset_action = action(Qt.Key.Key_R)
        self.save_action = action(QKeySequence.StandardKey.Save)
        self.open_action = action(QKeySequence.StandardKey.Open)
        self.open_folder_action = action()
        self.save_session_action = action(QKeySequence("Ctrl+Shift+S"))
        self.open_session_action = action(QKeySequence("Ctrl+Shift+O"))
        self.download_action = action()
        self.quit_action = action(QKeySequence.StandardKey.Quit)
        self.presentation_action = action("F11", checkable=True)
        self.about_action = action()
        self.shortcuts_action = action("Ctrl+/")
        self.lessons_action = action(QKeySequence.StandardKey.HelpContents)
        self._language_actions = QActionGroup(self)
        for code, name in LANGUAGES.items():
            a = action(checkable=True)
            a.setText(name)  # each language is named in itself, never translated
            a.setData(code)
            self._language_actions.addAction(a)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self._file_menu = bar.addMenu("")
        self._file_menu.addActions([self.open_folder_action, self.download_action])
        self._file_menu.addSeparator()
        self._file_menu.addActions([self.open_action, self.save_action])
        self._file_menu.addSeparator()
        self._file_menu.addActions([self.open_session_action, self.save_session_action])
        self._file_menu.addSeparator()
        self._file_menu.addAction(self.quit_action)
        self._run_menu = bar.addMenu("")
        self._run_menu.addActions(
            [self.toggle_action, self.step_action, self.stop_action, self.reset_action]
        )
        self._view_menu = bar.addMenu("")
        self._view_menu.addAction(self.presentation_action)
        self._view_menu.addAction(self.panel_action)
        self._language_menu = bar.addMenu("")
        self._language_menu.addActions(self._language_actions.actions())
        self._help_menu = bar.addMenu("")
        self._help_menu.addActions([self.lessons_action, self.shortcuts_action])
        self._help_menu.addSeparator()
        self._help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        c = self._controller
        c.frame.connect(self._on_frame)
        c.training_event.connect(self._on_event)
        c.restored.connect(self._on_restored)
        c.state_changed.connect(self._on_state_changed)
        self.toggle_action.triggered.connect(self.start_or_pause)
        self.start_action.triggered.connect(self.start)
        self.pause_action.triggered.connect(self._on_pause_resume)
        self.step_action.triggered.connect(self.step)
        self.stop_action.triggered.connect(c.stop)
        self.reset_action.triggered.connect(self.request_reset)
        self.save_action.triggered.connect(self._on_save)
        self.open_action.triggered.connect(self._on_open)
        self.open_folder_action.triggered.connect(self._on_open_folder)
        self.save_session_action.triggered.connect(self._on_save_session)
        self.open_session_action.triggered.connect(self._on_open_session)
        self.replay.frame_requested.connect(self._show_replayed)
        self.replay.live_requested.connect(self._show_live)
        self.replay.moment_changed.connect(self.curves.set_replay_marker)
        self.download_action.triggered.connect(self._on_download)
        self.quit_action.triggered.connect(self.close)
        self.presentation_action.toggled.connect(self.set_presentation)
        self.about_action.triggered.connect(self._on_about)
        self.shortcuts_action.triggered.connect(self._on_shortcuts)
        self.lessons_action.triggered.connect(self.show_lessons)
        self._language_actions.triggered.connect(lambda a: self.set_language(a.data()))
        self._controls.lr_changed.connect(c.set_lr)
        self._controls.batch_size_changed.connect(c.set_batch_size)
        self._controls.pace.pace_changed.connect(c.set_pace)
        self._controls.dataset_chosen.connect(self._on_dataset_chosen)
        self._controls.network_changed.connect(self._on_network_chosen)
        self.banner.restore_requested.connect(self._on_restore)

    def _add_views(self) -> None:
        from gdstudio.ui.compare_view import CompareView
        from gdstudio.ui.data_view import DataView
        from gdstudio.ui.derivation_view import DerivationView
        from gdstudio.ui.draw_view import DrawView
        from gdstudio.ui.gradcheck_view import GradcheckView
        from gdstudio.ui.surface_view import SurfaceView
        from gdstudio.ui.weights_view import WeightsView

        model = self._controller.model
        self.add_view(DataView(self.selection, model))
        self.add_view(WeightsView(self.selection, model))
        self.add_view(DrawView(self.selection, model))
        self.surface = SurfaceView(self.selection, model)
        self.add_view(self.surface)
        self.compare = CompareView(self.selection, model=model)
        self.compare.set_snapshot_budget(DEFAULT_BUDGET_BYTES // 2)
        self.compare.epoch_finished.connect(self.autosave)
        self.add_view(self.compare)
        self.add_view(DerivationView(self.selection, model))
        self.add_view(GradcheckView(self.selection, model))

    def show_view(self, name: str) -> None:
        """Bring the tab whose view is called `name` ("training" for the curves) to the front."""
        if name == "training":
            self.tabs.setCurrentWidget(self.curves)
            return
        for view in self._views:
            if view_widget(view).objectName() == name:
                self.tabs.setCurrentWidget(view_widget(view))
                return
        raise ValueError(f"unknown view {name!r}: choose from {', '.join(self.view_names())}")

    def show_lessons(self) -> None:
        """Help > Lessons: the lessons in a dock beside the views, in the interface language."""
        from gdstudio.ui.lessons_view import LessonsView

        size = self.size()
        if self.lessons_dock is None:
            self.lessons = LessonsView(self.language)
            self.lessons.setup_requested.connect(self.apply_lesson_setup)
            dock = QDockWidget()
            dock.setObjectName("lessonsDock")
            dock.setWidget(self.lessons)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.lessons_dock = dock
            self.retranslate()
        self.lessons_dock.show()
        screen = self.screen().availableGeometry()
        width = max(size.width(), screen.width())  # widen into free screen, never beyond it
        if self.minimumSizeHint().width() > screen.width() and self._dock.isVisible():
            # a projector has no room for a third column: the lessons share the training
            # panel's (a tab each; Space, N and R still run the lesson's steps)
            self.tabifyDockWidget(self._dock, self.lessons_dock)
            width = size.width()
        # the new column widens the window once its layout settles: keep it on the screen
        QTimer.singleShot(0, lambda: self.resize(min(self.width(), width), self.height()))
        self.lessons_dock.raise_()

    def apply_lesson_setup(self, setup: LessonSetup) -> None:
        """Put the app in a lesson's state: data, network, training settings, tab and pace.

        Data that is not installed leaves the current data (with the usual message); the run
        is reset to the lesson's seed either way, after asking if it had unsaved steps.
        """
        if not self._confirm_discard(self.tr("Setting up the lesson")):
            return
        if setup.dataset != self._dataset.name:
            self._switch_to(setup.dataset)
            self._show_dataset()
        chosen = preset(setup.preset)
        if chosen.model != self._controller.model.config:
            self.set_network(chosen.model)
        config = dataclasses.replace(
            chosen.train_config(),
            lr=setup.lr,
            seed=setup.seed,
            epochs=setup.epochs,
            batch_size=setup.batch_size,
        )
        self._controls.set_config(config)
        self.reset()
        self.show_view(setup.view)
        self.set_pace(setup.pace)

    def view_names(self) -> list[str]:
        return ["training", *(view_widget(view).objectName() for view in self._views)]

    # --- the run ----------------------------------------------------------------------------

    def _on_frame(self, frame: TrainingFrame) -> None:
        if self._showing_restored and frame.state == IDLE:
            return  # the fresh trainer behind a restored run: keep showing the restored one
        if self._awaiting_fresh:
            if frame.state != IDLE or frame.snapshot.step != 0:
                return  # sent by the run before the reset, before the worker heard of it
            self._awaiting_fresh = False
        self._last_frame = frame
        if frame.steps:
            self._history.add_steps(frame.steps)
            self._events.extend(e for s in frame.steps for e in s.events)
        self.snapshots.add(KeptSnapshot.from_snapshot(frame.snapshot))
        self.replay.refresh()
        self.curves.refresh()
        if self.replay.is_live:
            for view in self._views:
                view.show_frame(frame)
        self._show_status(frame)
        if any(s.epoch_end is not None for s in frame.steps):
            self.autosave()

    def _show_replayed(self, frame: TrainingFrame) -> None:
        for view in self._views:
            view.show_frame(frame)

    def _show_live(self) -> None:
        if self._last_frame is not None:
            self._show_replayed(dataclasses.replace(self._last_frame, steps=()))

    # --- sessions ---------------------------------------------------------------------------

    def current_session(self) -> Session:
        """Every run of this session (the main one first), for saving."""
        runs = self.compare.session_runs()
        if self._last_frame is not None:
            main = SessionRun.capture(
                "training",
                self._controller.config,
                self._last_frame.snapshot.params,
                self._history,
                self.snapshots,
                self._events,
                origin="training",
            )
            runs.insert(0, main)
        return Session(
            tuple(runs),
            view={"compare": self.compare.view_settings()},
            dataset=self._dataset.name,
            model=self._controller.model.config,
        )

    def autosave(self) -> None:
        self.sessions.autosave_now(self.current_session())

    def restore_session(self, session: Session) -> None:
        """Show a saved session: the main run as finished (replayable), and the comparisons.

        All or nothing: `load_session` has checked every value against the controls' rules,
        and the session's data is loaded before anything changes (DataError if it cannot be,
        the window untouched).
        """
        if session.dataset != self._dataset.name:
            self.set_dataset(load_dataset(session.dataset))
        if session.model != self._controller.model.config:
            self.set_network(session.model)
        for run in session.runs:
            if run.origin == "training":
                self._restore_main_run(run)
        self.compare.restore_runs(
            [r for r in session.runs if r.origin != "training"], session.dataset
        )
        self.compare.apply_view_settings(session.view.get("compare", {}))

    def _restore_main_run(self, run: SessionRun) -> None:
        """Show the saved main run, finished and replayable; Start trains afresh from its seed
        (a session keeps no position in the batch order to resume from)."""
        self._controls.set_config(run.config)
        self.reset()
        self._history = run.history()
        self._events = list(run.events)  # saved again with the run
        self.curves.set_history(self._history)
        self.snapshots = run.store()
        self.replay.set_source(self.snapshots, self._history, run.config.epochs)
        kept = self.snapshots.nearest(int(self._history.step[-1])) if len(self._history) else None
        if kept is not None:
            restored = TrainingFrame(
                snapshot=Snapshot(
                    step=kept.step,
                    epoch=kept.epoch,
                    lr=kept.lr,
                    batch_size=kept.batch_size,
                    params=run.params,
                    history=tuple(self._history.epochs),
                    finished=True,
                ),
                steps=(),
                samples_per_second=0.0,
                state=FINISHED,
                total_epochs=run.config.epochs,
                best_available=False,
            )
            self._last_frame = restored
            self._show_replayed(restored)
            self._show_status(restored)
        self._showing_restored = True

    def _offer_restore(self) -> None:
        self.sessions.offer_restore(apply=self.restore_session)

    def _on_save_session(self) -> None:
        if self.sessions.save_as(self.current_session()) is not None:
            self._mark_saved()

    def _on_open_session(self) -> None:
        if not self._confirm_discard(self.tr("Opening a session")):
            return
        self.sessions.open(apply=self.restore_session)

    def status_labels(self) -> list[QLabel]:
        """The status bar's permanent readouts (epoch, step, speed, loss, accuracy)."""
        return list(self._status_labels.values())

    def _show_status(self, frame: TrainingFrame) -> None:
        snap = frame.snapshot
        if snap.step == 0 and not snap.history:
            self._clear_status()
            return
        labels = self._status_labels
        labels["epoch"].setText(
            self.tr("Epoch {0} / {1}").format(f"{snap.epoch:.2f}", frame.total_epochs)
        )
        labels["step"].setText(self.tr("Step {0}").format(f"{snap.step:,}"))
        pace = self._controller.pace
        if pace > 0 and frame.state == RUNNING:  # what the learner set, not the idle machine's
            labels["speed"].setText(self.tr("paced at {0} steps/s").format(f"{pace:g}"))
        else:
            labels["speed"].setText(
                self.tr("{0} samples/s").format(f"{frame.samples_per_second:,.0f}")
            )
        if len(self._history):
            loss = float(self._history.batch_loss[-1])
            labels["loss"].setText(self.tr("Batch loss {0}").format(f"{loss:.4g}"))
        else:
            labels["loss"].clear()
        if snap.history:
            labels["acc"].setText(
                self.tr("Validation accuracy {0}").format(f"{snap.history[-1].valid_accuracy:.1%}")
            )
        else:
            labels["acc"].clear()
        total = max(frame.total_epochs, 1)
        self._progress.setValue(round(1000 * min(snap.epoch / total, 1.0)))

    def _clear_status(self) -> None:
        """No numbers of a run that is gone: only the prompt to start."""
        for label in self._status_labels.values():
            label.clear()
        self._status_labels["epoch"].setText(self.tr("Ready: press Space to train"))
        self._progress.setValue(0)

    def _on_event(self, event: TrainingEvent) -> None:
        if event.diverged:
            self.banner.show_event(event)
        elif event.kind is EventKind.TARGET_REACHED:
            self.statusBar().showMessage(
                self.tr("Target reached at epoch {0}").format(f"{event.epoch:.0f}"), 10_000
            )

    def _on_state_changed(self, state: str) -> None:
        running, paused = state == RUNNING, state == PAUSED
        self.start_action.setEnabled(not running)
        self.pause_action.setEnabled(running or paused)
        self.step_action.setEnabled(not running and (state != FINISHED))
        self.stop_action.setEnabled(running or paused)
        self._controls.set_run_in_progress(running or paused)
        self._retranslate_pause()

    def _on_pause_resume(self) -> None:
        if self._controller.state == RUNNING:
            self._controller.pause()
        else:
            self._controller.resume()

    def _on_restore(self, lr: float) -> None:
        self._controller.restore_and_continue(lr)

    def _on_restored(self, lr: float) -> None:
        if math.isfinite(lr):
            self._controls.set_lr(lr)
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

    # --- files and data ---------------------------------------------------------------------

    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save checkpoint"), "gdstudio.npz", self.tr("Checkpoints (*.npz)")
        )
        if path:
            try:
                self.save_checkpoint_to(path)
            except (OSError, CheckpointError) as e:
                QMessageBox.warning(self, self.tr("Could not save the checkpoint"), str(e))
            else:
                self._mark_saved()
                self.statusBar().showMessage(self.tr("Saved {0}").format(path), 5000)

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open checkpoint"), "", self.tr("Checkpoints (*.npz)")
        )
        if path:
            try:
                self.open_checkpoint_from(path)
            except CheckpointError as e:
                QMessageBox.warning(self, self.tr("Could not open the checkpoint"), str(e))

    def _on_network_chosen(self, model: ModelConfig, _config: TrainConfig) -> None:
        # the run's α before the choice: a preset has just announced its own, and the frame
        # that shows it arrives only once events are processed (in the question below)
        frame = self._last_frame
        if self._confirm_discard(self.tr("Changing the network")):
            self.set_network(model)
        else:  # the panel shows the network and settings still in use
            self._controls.set_model_config(self._controller.model.config)
            self._controls.set_config(self._controller.config)
            if frame is not None:
                self._controls.set_lr(frame.snapshot.lr)

    def _on_dataset_chosen(self, name: str) -> None:
        if name != self._dataset.name and not self._confirm_discard(self.tr("Changing the data")):
            self._show_dataset()  # the list shows the data still in use
            return
        if name == "folder":
            self._on_open_folder()
        elif name == "mnist" and not _available("mnist"):
            self._on_download()
        else:
            self._switch_to(name)
        self._show_dataset()

    def _on_open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of IDX files"))
        if folder:
            self._switch_to(folder)

    def _switch_to(self, source: str) -> None:
        if source == self._dataset.name:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dataset = load_dataset(source)
        except DataError as e:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, self.tr("Could not load the data"), str(e))
            return
        QApplication.restoreOverrideCursor()
        self.set_dataset(dataset)

    def _show_dataset(self) -> None:
        d = self._dataset
        self._controls.show_dataset(d.name, (len(d.train), len(d.valid), len(d.test)))

    def _on_download(self) -> None:
        if self._download is not None:
            return
        dialog = QProgressDialog(
            self.tr("Downloading full MNIST (about 11 MB)…"), self.tr("Cancel"), 0, 0, self
        )
        dialog.setWindowTitle(self.tr("Full MNIST"))
        dialog.setMinimumDuration(0)
        download = MnistDownload(parent=self)
        self._download = download

        def on_progress(done: int, total: int) -> None:
            if total:
                dialog.setMaximum(total)
                dialog.setValue(done)

        def on_finished(message: str) -> None:
            self._download = None
            dialog.reset()
            dialog.deleteLater()
            download.deleteLater()
            self._controls.set_datasets({s.name: s.available for s in available_sources()})
            if not message:
                self._switch_to("mnist")
            elif message != "cancelled":
                QMessageBox.warning(self, self.tr("Download failed"), message)
            self._show_dataset()

        download.progress.connect(on_progress)
        download.finished.connect(on_finished)
        dialog.canceled.connect(download.cancel)
        download.start()

    def _on_shortcuts(self) -> None:
        from gdstudio.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.findChildren(QAction), self)
        dialog.exec()
        dialog.deleteLater()

    def _on_about(self) -> None:
        QMessageBox.about(self, self.tr("About GD Studio"), self._about_text())

    def _about_text(self) -> str:
        return self.tr(
            "<h3>GD Studio {0}</h3>"
            "<p>Watch gradient descent train a neural network on handwritten digits, one "
            "derivative at a time.</p>"
            "<p>The MNIST digits are from the MNIST database by Yann LeCun, Corinna Cortes and "
            "Christopher J.C. Burges, used under the Creative Commons Attribution-Share Alike 3.0 "
            "licence (CC BY-SA 3.0). Fashion-MNIST is by Zalando Research, under the MIT "
            "licence.</p>"
        ).format(__version__)

    # --- settings ---------------------------------------------------------------------------

    def _load_config(self) -> TrainConfig:
        s, d = self._settings, TrainConfig()
        config = TrainConfig(
            lr=setting(s, "train/lr", d.lr),
            batch_size=setting(s, "train/batch_size", d.batch_size),
            epochs=setting(s, "train/epochs", d.epochs),
            seed=setting(s, "train/seed", d.seed),
        )
        try:
            config.validate()
        except ValueError:
            return d
        return config

    def _load_model_config(self) -> ModelConfig:
        s = self._settings
        config = ModelConfig(
            architecture=str(s.value("network/architecture", "tutorial")),
            activation=str(s.value("network/activation", "tanh")),
            loss=str(s.value("network/loss", "squared")),
            hidden=setting(s, "network/hidden", 100),
        ).canonical()
        try:
            config.validate()
        except ConfigError:
            return ModelConfig()  # settings from another version: the tutorial's network
        return config

    def _load_saved_dataset(self) -> Dataset:
        name = str(self._settings.value("data/source", "embedded"))
        try:
            return load_dataset(name)
        except DataError:
            return load_dataset("embedded")

    def _load_paces(self) -> None:
        """The main run's pace and the comparisons' (nonsense in the settings: full speed)."""
        for key, box in (
            ("run/pace", self._controls.pace),
            ("compare/pace", self.compare.controls.pace),
        ):
            try:
                box.set_pace(setting(self._settings, key, 0.0))
            except ValueError:
                box.set_pace(0.0)

    def _restore_layout(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = self._settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def _save_settings(self) -> None:
        s, config = self._settings, self._controls.config()
        presenting = self.presentation_action.isChecked()
        if presenting:
            self.set_presentation(False)  # remember the window, not the projector's screen
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("train/lr", config.lr)
        s.setValue("train/batch_size", config.batch_size)
        s.setValue("train/epochs", config.epochs)
        s.setValue("train/seed", config.seed)
        s.setValue("data/source", self._dataset.name)
        network = self._controller.model.config
        s.setValue("network/architecture", network.architecture)
        s.setValue("network/activation", network.activation)
        s.setValue("network/loss", network.loss)
        s.setValue("network/hidden", network.hidden)
        s.setValue("language", self._languages.language)
        s.setValue("presentation", presenting)
        s.setValue("run/pace", self._controls.pace.pace())
        s.setValue("compare/pace", self.compare.controls.pace.pace())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self._save_settings()
        if self._download is not None:
            self._download.wait()
        self._controller.shutdown(1000)
        self.surface.shutdown()
        self.compare.shutdown()
        self.sessions.close()
        running_app().removeEventFilter(self._typing_guard)
        if self.presentation_action.isChecked():
            QApplication.setFont(self._base_font)
        super().closeEvent(event)

    # --- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("GD Studio: gradient descent, one derivative at a time"))
        self._file_menu.setTitle(self.tr("&File"))
        self._run_menu.setTitle(self.tr("&Run"))
        self._view_menu.setTitle(self.tr("&View"))
        self._language_menu.setTitle(self.tr("&Language"))
        self._help_menu.setTitle(self.tr("&Help"))
        self.toggle_action.setText(self.tr("Start / Pause"))
        self.start_action.setText(self.tr("Start"))
        self.start_action.setToolTip(self.tr("Start training (Space starts, pauses and resumes)"))
        self.step_action.setText(self.tr("Step"))
        self.step_action.setToolTip(self.tr("Train on exactly one batch (N)"))
        self.stop_action.setText(self.tr("Stop"))
        self.reset_action.setText(self.tr("Reset"))
        self.reset_action.setToolTip(self.tr("Start afresh from the seed's initial weights (R)"))
        self.save_action.setText(self.tr("Save checkpoint…"))
        self.open_action.setText(self.tr("Open checkpoint…"))
        self.open_folder_action.setText(self.tr("Open folder of IDX files…"))
        self.save_session_action.setText(self.tr("Save session…"))
        self.open_session_action.setText(self.tr("Open session…"))
        self.download_action.setText(self.tr("Download full MNIST…"))
        self.quit_action.setText(self.tr("Quit"))
        self.presentation_action.setText(self.tr("Presentation mode"))
        self.about_action.setText(self.tr("About GD Studio"))
        self.shortcuts_action.setText(self.tr("Keyboard shortcuts"))
        self.lessons_action.setText(self.tr("Lessons"))
        if self.lessons_dock is not None:
            self.lessons_dock.setWindowTitle(self.tr("Lessons"))
            self.lessons.set_language(self.language)
        self._dock.setWindowTitle(self.tr("Training"))
        self.panel_action.setText(self.tr("Training panel"))  # after the title, which sets it
        self.tabs.setTabText(self.tabs.indexOf(self.curves), self.tr("Curves"))
        for view in self._views:
            self.tabs.setTabText(self.tabs.indexOf(view_widget(view)), view.title())
        self._retranslate_pause()
        if self._last_frame is not None:
            self._show_status(self._last_frame)
        else:
            self._status_labels["epoch"].setText(self.tr("Ready: press Space to train"))

    def _retranslate_pause(self) -> None:
        paused = self._controller.state == PAUSED
        self.pause_action.setText(self.tr("Resume") if paused else self.tr("Pause"))


def _available(name: str) -> bool:
    return any(s.name == name and s.available for s in available_sources())
