"""Downloading full MNIST in the background (`BackgroundJobs`), with progress and cancellation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gdstudio.core.cancel import CancelToken
from gdstudio.core.data.download import DownloadError, download_mnist
from gdstudio.workers.jobs import BackgroundJobs

_KEY = "download"


class MnistDownload(QObject):
    """One download: `start()`, then `progress` and finally `finished(message)`."""

    progress = Signal(int, int)  # bytes done, bytes total (0 when unknown)
    finished = Signal(str)  # "" on success, else the message to show ("cancelled" when cancelled)

    def __init__(self, dest: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dest = dest
        self._jobs = BackgroundJobs("download", self)

    def start(self) -> None:
        self._jobs.submit(
            _KEY,
            self._download,
            lambda _: self._end(""),
            on_progress=lambda done_total: self.progress.emit(*done_total),
            on_error=self._on_error,
            on_cancelled=lambda: self._end("cancelled"),
        )

    def cancel(self) -> None:
        """Stop the download; `finished("cancelled")` follows once it has stopped."""
        self._jobs.cancel(_KEY)

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Cancel and join the thread (for closing the window mid-download)."""
        self.cancel()
        return self._jobs.shutdown(timeout_ms)

    def _download(self, token: CancelToken) -> None:
        download_mnist(
            self._dest, progress=lambda done, total: token.report((done, total)), cancelled=token
        )

    def _on_error(self, error: Exception) -> None:
        if not isinstance(error, DownloadError):
            raise error
        self._end(str(error))

    def _end(self, message: str) -> None:
        self._jobs.shutdown()
        self.finished.emit(message)
