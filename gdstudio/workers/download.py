"""Downloading full MNIST in a worker thread, with progress and cancellation."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from gdstudio.core.download import DownloadCancelled, DownloadError, download_mnist


class _DownloadWorker(QObject):
    progress = Signal(int, int)  # bytes done, bytes total (0 when unknown)
    done = Signal(str)  # "" on success, else the message to show ("cancelled" when cancelled)

    def __init__(self, dest: Path | None, cancelled: threading.Event) -> None:
        super().__init__()
        self._dest = dest
        self._cancelled = cancelled

    @Slot()
    def run(self) -> None:
        try:
            download_mnist(
                self._dest, progress=self.progress.emit, cancelled=self._cancelled.is_set
            )
        except DownloadCancelled:
            self.done.emit("cancelled")
        except DownloadError as e:
            self.done.emit(str(e))
        else:
            self.done.emit("")


class MnistDownload(QObject):
    """One download: `start()`, then `progress` and finally `finished(message)`."""

    progress = Signal(int, int)
    finished = Signal(str)

    def __init__(self, dest: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancelled = threading.Event()
        self._thread = QThread()
        self._worker = _DownloadWorker(dest, self._cancelled)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.done.connect(self._on_done)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancelled.set()

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Cancel and join the thread (for closing the window mid-download)."""
        self.cancel()
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    def _on_done(self, message: str) -> None:
        self._thread.quit()
        self._thread.wait()
        self.finished.emit(message)
