"""File menu work of the main window: checkpoints (save, open) and the data (choose, open a
folder of IDX files, download full MNIST), with their dialogs and messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from gdstudio.core.data.datasets import available_sources, load_dataset
from gdstudio.core.data.idx import DataError
from gdstudio.core.files.checkpoint import (
    Checkpoint,
    CheckpointError,
    load_checkpoint,
    save_checkpoint,
)
from gdstudio.ui.window.part import WindowPart
from gdstudio.workers.download import MnistDownload

__all__ = ["WindowFiles"]


class WindowFiles(WindowPart):
    """The checkpoint and data commands of `window`."""

    download: MnistDownload | None = None  # the one under way

    # --- checkpoints ------------------------------------------------------------------------

    def save_checkpoint(self) -> None:
        """File > Save checkpoint."""
        w = self._window
        path, _ = QFileDialog.getSaveFileName(
            w, self.tr("Save checkpoint"), "gdstudio.npz", self.tr("Checkpoints (*.npz)")
        )
        failed = self.tr("Could not save the checkpoint")
        if path and self._attempt(self.save_checkpoint_to, path, failed):
            w.run.mark_saved()
            w.statusBar().showMessage(self.tr("Saved {0}").format(path), 5000)

    def open_checkpoint(self) -> None:
        """File > Open checkpoint."""
        path, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Open checkpoint"), "", self.tr("Checkpoints (*.npz)")
        )
        if path:
            self._attempt(self.open_checkpoint_from, path, self.tr("Could not open the checkpoint"))

    def _attempt(self, action: Callable[[str], None], path: str, failed: str) -> bool:
        """`action(path)`; False, said in a message box titled `failed`, if the file could not
        be written or was refused."""
        try:
            action(path)
        except (OSError, CheckpointError) as e:
            QMessageBox.warning(self._window, failed, str(e))
            return False
        return True

    def save_checkpoint_to(self, path: str | Path) -> None:
        controller = self._window.controller
        frame = self._window.run.last_frame
        if frame is None:
            controller.request_frame()
            raise CheckpointError(f"{path}: nothing to save yet")
        snap = frame.snapshot
        save_checkpoint(
            path,
            Checkpoint(
                params=snap.params,
                config=controller.model.config,
                dataset=self._window.dataset.name,
                epoch=snap.epoch,
                step=snap.step,
                lr=snap.base_lr,
                batch_size=snap.batch_size,
                seed=controller.config.seed,
                history=[m.__dict__ for m in snap.history],
            ),
        )

    def open_checkpoint_from(self, path: str | Path) -> None:
        """Train on from a checkpoint's parameters; CheckpointError (window untouched) if the
        file is refused. Its α, checked positive and finite, is clamped to the control's range."""
        w = self._window
        checkpoint = load_checkpoint(path, expect=w.controller.model.config)
        w.controls.set_lr(checkpoint.lr)
        w.controller.load_params(checkpoint.params)
        w.statusBar().showMessage(
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

    # --- data -------------------------------------------------------------------------------

    def choose_dataset(self, name: str) -> None:
        """The training panel's data list chose `name` (asking first to discard unsaved work)."""
        w = self._window
        if name != w.dataset.name and not w.confirm_discard(self.tr("Changing the data")):
            self.show_dataset()  # the list shows the data still in use
            return
        if name == "folder":
            self.open_folder()
        elif name == "mnist" and not _available("mnist"):
            self.download_mnist()
        else:
            self.switch_to(name)
        self.show_dataset()

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self._window, self.tr("Open a folder of IDX files")
        )
        if folder:
            self.switch_to(folder)

    def switch_to(self, source: str) -> None:
        """Train on the data `source` names (a message if it cannot be loaded)."""
        w = self._window
        if source == w.dataset.name:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dataset = load_dataset(source)
        except DataError as e:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(w, self.tr("Could not load the data"), str(e))
            return
        QApplication.restoreOverrideCursor()
        w.set_dataset(dataset)

    def show_dataset(self) -> None:
        """The training panel shows the data in use and its sizes."""
        d = self._window.dataset
        self._window.controls.show_dataset(d.name, (len(d.train), len(d.valid), len(d.test)))

    def show_sources(self) -> None:
        """The training panel lists the data sources, installed or not."""
        self._window.controls.set_datasets({s.name: s.available for s in available_sources()})

    def download_mnist(self) -> None:
        if self.download is not None:
            return
        w = self._window
        dialog = QProgressDialog(
            self.tr("Downloading full MNIST (about 11 MB)…"), self.tr("Cancel"), 0, 0, w
        )
        dialog.setWindowTitle(self.tr("Full MNIST"))
        dialog.setMinimumDuration(0)
        download = MnistDownload(parent=w)
        self.download = download

        def on_progress(done: int, total: int) -> None:
            if total:
                dialog.setMaximum(total)
                dialog.setValue(done)

        def on_finished(message: str) -> None:
            self.download = None
            dialog.reset()
            dialog.deleteLater()
            download.deleteLater()
            self.show_sources()
            if not message:
                self.switch_to("mnist")
            elif message != "cancelled":
                QMessageBox.warning(w, self.tr("Download failed"), message)
            self.show_dataset()

        download.progress.connect(on_progress)
        download.finished.connect(on_finished)
        dialog.canceled.connect(download.cancel)
        download.start()

    def close(self) -> None:
        """Wait for a download under way (the window is closing)."""
        if self.download is not None:
            self.download.wait()


def _available(name: str) -> bool:
    return any(s.name == name and s.available for s in available_sources())
