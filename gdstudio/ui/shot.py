"""`gdstudio shot`: train headless, render one view of the real window offscreen, save a PNG.

It serves teachers making slides, and keeps README's screenshots reproducible. Training runs
in the core `Trainer` (no worker thread), then the window is shown the finished run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gdstudio.core.datasets import load_dataset
from gdstudio.core.trainer import TrainConfig, Trainer

VIEWS = ("training", "derivation", "gradcheck")
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
    from PySide6.QtWidgets import QApplication

    from gdstudio.ui.app import configure_pyqtgraph
    from gdstudio.ui.main_window import MainWindow

    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose from {', '.join(VIEWS)}")
    config = config or TrainConfig(epochs=epochs)
    data = load_dataset(dataset)
    trainer = Trainer(data, config)
    reports = list(trainer.run())

    app = QApplication.instance() or QApplication(["gdstudio"])
    configure_pyqtgraph()
    with tempfile.TemporaryDirectory() as folder:
        store = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
        store.setValue("language", lang)
        window = MainWindow(settings_store=store, dataset=data)
        try:
            window.resize(*SIZE)
            window.controls.set_config(config)
            if window.controller.last_frame is None:  # let the worker's first frame pass first
                loop = QEventLoop()
                window.controller.frame.connect(loop.quit)
                loop.exec()
            window.show_finished_run(reports, trainer.snapshot())
            window.show_view(view)
            window.show()
            app.processEvents()
            if not window.grab().save(str(out)):
                raise OSError(f"{out}: could not write the PNG")
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
