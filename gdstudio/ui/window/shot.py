"""`gdstudio shot`: train headless, render one view of the real window offscreen, save a PNG.

It serves teachers making slides, and keeps README's screenshots reproducible. Training runs
in the core `Trainer` (no worker thread), then the window is shown the finished run.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from gdstudio.core.data.datasets import Dataset, load_dataset
from gdstudio.core.files.session import SessionRun
from gdstudio.core.training.experiments import (
    ALPHA_RACE,
    Comparison,
    comparison_configs,
    record,
    run_name,
)
from gdstudio.core.training.trainer import TrainConfig, Trainer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from gdstudio.ui.view import TrainingView

VIEWS = ("training", "data", "weights", "draw", "surface", "derivation", "gradcheck", "compare")
#: how long a view may take to finish its background work before the shot is taken
READY_SECONDS = 60
SIZE = (1280, 800)


def take_shot(
    view: str,
    out: Path,
    epochs: int = 1,
    lang: str = "en",
    dataset: str = "embedded",
    config: TrainConfig | None = None,
) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings

    from gdstudio.ui.window.application import configure_pyqtgraph, gui_app
    from gdstudio.ui.window.main_window import MainWindow

    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose from {', '.join(VIEWS)}")
    config = config or TrainConfig(epochs=epochs)
    data = load_dataset(dataset)
    trainer = Trainer(data, config)
    reports = list(trainer.run())
    compared = _alpha_race(data, config) if view == "compare" else ()

    app = gui_app(["gdstudio"])
    configure_pyqtgraph()
    with tempfile.TemporaryDirectory() as folder:
        store = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
        store.setValue("language", lang)
        window = MainWindow(settings_store=store, dataset=data, offer_restore=False)
        try:
            window.resize(*SIZE)
            window.controls.set_config(config)
            if window.controller.last_frame is None:  # let the worker's first frame pass first
                loop = QEventLoop()
                window.controller.frame.connect(loop.quit)
                loop.exec()
            window.show_finished_run(reports, trainer.snapshot())
            if compared:
                window.compare.apply_view_settings({"epochs": config.epochs})
                window.compare.restore_runs(compared, data.name)
            window.show_view(view)
            window.show()
            app.processEvents()
            if view != "training":  # the curves are drawn with the window
                _wait_until_drawn(app, window.view(view), view)
            if not window.grab().save(str(out)):
                raise OSError(f"{out}: could not write the PNG")
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()


def _alpha_race(data: Dataset, config: TrainConfig) -> tuple[SessionRun, ...]:
    """The compare view's α race, trained headless like the main run."""
    configs = comparison_configs(config, "lr", list(ALPHA_RACE))
    return record(Comparison(data, configs), [run_name("lr", c) for c in configs])


def _wait_until_drawn(app: QApplication, widget: TrainingView, view: str) -> None:
    """Let a view finish its worker-thread results, then stage what its screenshot shows."""
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + READY_SECONDS
    while not widget.is_up_to_date():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the {view} view did not finish drawing")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    widget.prepare_shot()
    app.processEvents()
