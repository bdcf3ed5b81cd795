"""Compare runs that differ in one setting: the α race and its relatives.

The view sets up 2 to 6 runs (`gdstudio.core.training.experiments`), trains them together in a
worker thread (`gdstudio.workers.experiments`) at the pace of its toolbar's Pace box, and overlays
their curves on fixed axes. Every run it made stays in the session's run list (the table) until
deleted: it can be hidden, renamed, exported, saved in a session and restored from one. The view
starts its thread with the first comparison; its owner calls `shutdown()` on close.

New comparisons train the network chosen in the window (`set_model`); the one-click
"Squared vs cross-entropy" and "SGD vs Adam" give each run its own network (the same one with
another loss) through the core's `ComparisonPlan`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.files.checkpoint import save_checkpoint
from gdstudio.core.files.session import SessionRun, run_checkpoint, write_runs_csv
from gdstudio.core.nn.model import LayeredNet, ModelConfig, build_model
from gdstudio.core.training.experiments import ComparisonPlan, loss_comparison, optimizer_comparison
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.replay import DEFAULT_BUDGET_BYTES, share_budget
from gdstudio.core.training.reports import EventKind
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.compare.compare_controls import ComparisonControls
from gdstudio.ui.compare.compare_notice import WrongRunsNotice
from gdstudio.ui.compare.compare_plots import ComparisonPlots, run_colour
from gdstudio.ui.compare.compare_runs import ORIGIN, ComparedRun, unique_name
from gdstudio.ui.compare.run_table import RunRow, RunTable
from gdstudio.ui.view import ModelView, Selection
from gdstudio.workers.experiments import ComparisonController, ComparisonFrame
from gdstudio.workers.training import IDLE, PAUSED, RUNNING, RunState, TrainingFrame

__all__ = ["ORIGIN", "CompareView"]


class CompareView(ModelView, QWidget):
    """The "Compare" tab. Implements `TrainingView`; its runs are its own, not the window's."""

    epoch_finished = Signal()  # a compared run finished an epoch: a moment to autosave
    runs_changed = Signal()  # runs added, deleted, renamed, shown or hidden

    def __init__(
        self,
        selection: Selection,
        parent: QWidget | None = None,
        frame_interval_ms: int = 33,
        model: LayeredNet | None = None,
    ) -> None:
        super().__init__("compare", selection, model, parent)
        self._frame_interval_ms = frame_interval_ms
        self._controller: ComparisonController | None = None
        self._runs: list[ComparedRun] = []
        self._active: list[ComparedRun] = []  # the runs of the current comparison, in its order
        self._comparison = 0  # its id (0: none; frames of others are ignored)
        self._keys = 0
        self._networks: dict[int, ModelConfig] = {}  # the network each run made here trains
        self._budget = DEFAULT_BUDGET_BYTES
        self._state = IDLE

        self.controls = ComparisonControls()
        self._notice = WrongRunsNotice()
        self.plots = ComparisonPlots()
        self.table = RunTable()
        self._delete = QPushButton()

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._delete)
        below_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plots)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 230])  # room for the α race's four rows below the curves
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.controls)
        layout.addWidget(self._notice)
        layout.addWidget(splitter, 1)

        self.controls.race_clicked.connect(self.alpha_race)
        self.controls.loss_clicked.connect(self.compare_losses)
        self.controls.optimizer_clicked.connect(self.compare_optimizers)
        self.controls.start_clicked.connect(self.start)
        self.controls.pause_clicked.connect(self._on_pause_resume)
        self.controls.stop_clicked.connect(self.stop)
        self.controls.pace.pace_changed.connect(self._on_pace_changed)
        self.controls.export_requested.connect(self._ask_export)
        self._delete.clicked.connect(self.delete_selected)
        self.table.renamed.connect(self.rename_run)
        self.table.visibility_changed.connect(self.set_run_visible)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._model_changed()  # a preset's network brings its α and batch size
        self.retranslate()

    # --- TrainingView ----------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Compare")

    def _take_frame(self, frame: TrainingFrame) -> None:
        """Nothing to do: the compared runs are trained by this view, not by the window. (A
        new dataset or network is that of the next comparison; one running keeps its own.)"""

    def set_presentation(self, on: bool) -> None:
        self.plots.set_presentation(on)
        self.retranslate()

    def _model_changed(self) -> None:
        """A preset's network brings the preset's α and batch size, which suit it (α = 1
        makes the hidden layer's plain gradient descent jump about)."""
        config = self._model.config
        preset = next((p for p in PRESETS.values() if p.model.canonical() == config), None)
        if preset is not None:
            self.controls.apply_settings(
                {"lr": preset.train.lr, "batch_size": preset.train.batch_size}
            )

    # --- comparisons -----------------------------------------------------------------------

    @property
    def state(self) -> str:
        """The state of the current comparison: idle, running, paused or finished."""
        return self._state

    @property
    def runs(self) -> list[str]:
        """The names of the session's runs, in table order."""
        return [run.name for run in self._runs]

    def alpha_race(self) -> None:
        """One click: α = 0.1, 1, 10 and 30, the rest at the defaults, and go."""
        self.controls.set_alpha_race()
        self.start()

    def compare_losses(self) -> None:
        """One click: the chosen network with the squared error and with cross-entropy."""
        plan = loss_comparison(self._model.config, self.controls.base_config())
        self._begin_plan(plan, [self.tr("squared error"), self.tr("cross-entropy")])

    def compare_optimizers(self) -> None:
        """One click: plain gradient descent at the α set against Adam, same network."""
        plan = optimizer_comparison(self._model.config, self.controls.base_config())
        sgd, adam = plan.configs
        names = [
            self.tr("SGD, α = {0}").format(f"{sgd.lr:g}"),
            self.tr("Adam, α = {0}").format(f"{adam.lr:g}"),
        ]
        self._begin_plan(plan, names)

    def _begin_plan(self, plan: ComparisonPlan, names: list[str]) -> None:
        if self._state in (RUNNING, PAUSED):
            return
        try:
            for config in plan.configs:
                config.validate()
        except ValueError as e:
            self.controls.show_message(str(e))
            return
        self.controls.show_message("")
        self._begin(list(plan.configs), [build_model(m) for m in plan.models], names)

    def start(self) -> None:
        """Resume a paused comparison, or begin a new one as the controls describe."""
        if self._state == RUNNING:
            return
        if self._state == PAUSED and self._controller is not None:
            self._controller.resume()
            return
        try:
            configs = self.controls.configs()
        except ValueError as e:
            self.controls.show_message(str(e))
            return
        self.controls.show_message("")
        setting = self.controls.setting()
        names = [self._run_name(setting, c) for c in configs]
        self._begin(configs, [self._model] * len(configs), names)

    def pause(self) -> None:
        if self._controller is not None:
            self._controller.pause()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def shutdown(self) -> bool:
        """End the worker thread (call before the view goes); True if it ended in time."""
        return self._controller.shutdown() if self._controller is not None else True

    def _begin(
        self, configs: list[TrainConfig], models: list[LayeredNet], names: list[str]
    ) -> None:
        """Runs `names[i]` train `models[i]` with `configs[i]`, together."""
        dataset = self._dataset = self._dataset or load_dataset("embedded")
        if self._controller is None:
            self._controller = ComparisonController(self, self._frame_interval_ms, self._model)
            self._controller.frame.connect(self._on_frame)
            self._controller.state_changed.connect(self._on_state_changed)
            self._controller.set_pace(self.controls.pace.pace())
        taken = set(self.runs)
        self._active = []
        for config, model, name in zip(configs, models, names, strict=True):
            name = unique_name(name, taken)
            taken.add(name)
            run = self._add_run(
                ComparedRun(self._next_key(), name, config, dataset.name, done=False)
            )
            self._networks[run.key] = model.config
            self._active.append(run)
        self._comparison = self._controller.begin(dataset, configs, models)
        self._state = IDLE
        self._controller.start()
        self.plots.set_epochs(max(run.config.epochs for run in self._runs))
        self._changed()

    def _run_name(self, setting: str, config: TrainConfig) -> str:
        """The value of the setting compared, e.g. "α = 0.1" ("(2)" is added if taken)."""
        if setting == "lr":
            return self.tr("α = {0}").format(f"{config.lr:g}")
        if setting == "batch_size":
            return self.tr("batch {0}").format(config.batch_size)
        return self.tr("seed {0}").format(config.seed)

    def _add_run(self, run: ComparedRun) -> ComparedRun:
        self._runs.append(run)
        self.plots.add_run(run.key, run.name, run_colour(run.key - 1))
        self.plots.set_run_visible(run.key, run.visible)
        share_budget([r.store for r in self._runs], self._budget)
        return run

    def _next_key(self) -> int:
        self._keys += 1
        return self._keys

    def _on_frame(self, frame: ComparisonFrame) -> None:
        if frame.comparison != self._comparison:
            return
        epoch_ended = False
        for i, (run, update) in enumerate(zip(self._active, frame.runs, strict=True)):
            epoch_ended = run.apply(update) or epoch_ended
            if run.stride_changed() and self._controller is not None:
                self._controller.set_snapshot_every(i, run.store.every)
        self._state = frame.state
        self._refresh()
        if epoch_ended:
            self.epoch_finished.emit()

    def _on_state_changed(self, state: RunState) -> None:
        if self._comparison:
            self._state = state
            self._refresh()

    def _on_pace_changed(self, steps_per_second: float) -> None:
        """From the comparison's next round on (the next comparison's, if none has begun)."""
        if self._controller is not None:
            self._controller.set_pace(steps_per_second)

    def _on_pause_resume(self) -> None:
        if self._state == RUNNING:
            self.pause()
        else:
            self.start()

    # --- the run list ----------------------------------------------------------------------

    def rename_run(self, key: int, name: str) -> None:
        run = self._run(key)
        run.name = name
        self.plots.rename_run(key, name)
        self._changed()

    def set_run_visible(self, key: int, visible: bool) -> None:
        run = self._run(key)
        if run.visible != visible:
            run.visible = visible
            self.plots.set_run_visible(key, visible)
            self._changed()

    def delete_selected(self) -> None:
        """Delete the selected runs, except those of a comparison still going."""
        busy = self._state in (RUNNING, PAUSED)
        for key in self.table.selected_keys():
            run = self._run(key)
            if not (busy and run in self._active):
                self._runs.remove(run)
                self._networks.pop(key, None)
                self.plots.remove_run(key)
        share_budget([r.store for r in self._runs], self._budget)
        self._changed()

    def set_snapshot_budget(self, total_bytes: int) -> None:
        """Memory for replay snapshots, shared by all runs (older snapshots thin to fit)."""
        self._budget = total_bytes
        share_budget([r.store for r in self._runs], total_bytes)

    def run_network(self, key: int) -> ModelConfig:
        """The network run `key` trains (for a run restored from a session: the chosen one)."""
        return self._networks.get(key, self._model.config)

    def _run(self, key: int) -> ComparedRun:
        return next(run for run in self._runs if run.key == key)

    def _changed(self) -> None:
        self._refresh()
        self.runs_changed.emit()

    # --- sessions --------------------------------------------------------------------------

    def session_runs(self) -> list[SessionRun]:
        """The runs as a session holds them (cheap copies, for the GUI thread)."""
        return [
            dataclasses.replace(run.session_run(), model=self._networks.get(run.key))
            for run in self._runs
            if run.params
        ]

    def restore_runs(self, runs: Sequence[SessionRun], dataset: str) -> None:
        """Replace the run list by the session's comparison runs (other origins are skipped).

        A comparison going is stopped first.
        """
        if self._controller is not None:
            self._controller.stop()
        self._comparison, self._state, self._active = 0, IDLE, []
        for run in self._runs:
            self.plots.remove_run(run.key)
        self._runs = []
        self._networks.clear()
        for saved in runs:
            if saved.origin == ORIGIN:
                run = ComparedRun.restored(self._next_key(), saved, dataset)
                if saved.model is not None:
                    self._networks[run.key] = saved.model
                self._add_run(run)
        share_budget([r.store for r in self._runs], self._budget)
        if self._runs:
            self.plots.set_epochs(max(run.config.epochs for run in self._runs))
        self._changed()

    def view_settings(self) -> dict[str, Any]:
        """The controls, as JSON values (for a session's view settings)."""
        return self.controls.settings()

    def apply_view_settings(self, settings: dict[str, Any]) -> None:
        self.controls.apply_settings(settings)

    # --- export ----------------------------------------------------------------------------

    def export_png(self, path: str | os.PathLike[str]) -> None:
        self.plots.export_png(path)

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        self.plots.export_svg(path)

    def export_csv(self, path: str | os.PathLike[str]) -> None:
        """Every run's steps and epochs in one table, with a run column."""
        write_runs_csv(path, [(run.name, run.history) for run in self._runs])

    def export_params(self, key: int, path: str | os.PathLike[str]) -> None:
        """A run's latest parameters as a checkpoint `.npz`."""
        run = self._run(key)
        checkpoint = run_checkpoint(run.session_run(), run.dataset, self.run_network(key))
        save_checkpoint(path, checkpoint)

    def _ask_export(self, kind: str) -> None:
        selected = self.table.selected_keys()
        if kind == "npz" and len(selected) != 1:
            return
        titles = {
            "png": (self.tr("Export plots as PNG"), self.tr("PNG image (*.png)"), "compare"),
            "svg": (self.tr("Export plots as SVG"), self.tr("SVG image (*.svg)"), "compare"),
            "csv": (self.tr("Export metrics as CSV"), self.tr("CSV table (*.csv)"), "runs"),
            "npz": (self.tr("Export the run's parameters"), self.tr("Checkpoints (*.npz)"), "run"),
        }
        title, file_filter, stem = titles[kind]
        path, _ = QFileDialog.getSaveFileName(self, title, f"{stem}.{kind}", file_filter)
        if not path:
            return
        if not path.lower().endswith("." + kind):
            path += "." + kind
        try:
            if kind == "npz":
                self.export_params(selected[0], path)
            else:
                {"png": self.export_png, "svg": self.export_svg, "csv": self.export_csv}[kind](path)
        except (OSError, ValueError) as e:
            self.controls.show_message(str(e))

    # --- display ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._refresh()

    def _refresh(self) -> None:
        """Curves (only while shown), table, notice and buttons."""
        if self.isVisible():
            for run in self._runs:
                self.plots.update_run(run.key, run.history)
        self.table.set_rows([self._row(run) for run in self._runs])
        self._notice.show_runs(
            [(run.name, event) for run in self._runs if (event := run.diverged) is not None]
        )
        self._update_buttons()

    def _row(self, run: ComparedRun) -> RunRow:
        last = run.last_epoch
        return RunRow(
            key=run.key,
            name=run.name,
            colour=run_colour(run.key - 1),
            visible=run.visible,
            lr=run.config.lr,
            batch_size=run.config.batch_size,
            seed=run.config.seed,
            epochs_done=len(run.history.epochs),
            epochs=run.config.epochs,
            train_loss=last.train_loss if last else None,
            valid_loss=last.valid_loss if last else None,
            valid_accuracy=last.valid_accuracy if last else None,
            status=self._status(run),
        )

    def _status(self, run: ComparedRun) -> str:
        event = run.diverged
        if event is not None and event.kind is EventKind.SATURATED:
            return self.tr("froze at step {0}").format(event.step)
        if event is not None:
            return self.tr("diverged at step {0}").format(event.step)
        if run in self._active and not run.done:
            states = {RUNNING: self.tr("training"), PAUSED: self.tr("paused")}
            return states.get(self._state, self.tr("waiting"))
        if len(run.history.epochs) >= run.config.epochs:
            return self.tr("done")
        return self.tr("stopped")

    def notice_text(self) -> str:
        """The divergence notice ("" when no run went wrong)."""
        return self._notice.text()

    def _update_buttons(self) -> None:
        selected = self.table.selected_keys()
        busy = self._state in (RUNNING, PAUSED)
        self._delete.setEnabled(
            any(not busy or self._run(key) not in self._active for key in selected)
        )
        self.controls.set_state(self._state, len(selected) == 1)

    # --- text ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._delete.setText(self.tr("Delete run"))
        self._delete.setToolTip(self.tr("Delete the selected runs from the session"))
        self.plots.set_labels(self.tr("epoch"), self.tr("loss"), self.tr("accuracy"))
        self._refresh()
