"""The full gradient check (every parameter, up to several seconds) in the background."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from gdstudio.core.nn.functions import Array, Labels
from gdstudio.core.nn.gradcheck import check_gradients
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.workers.jobs import BackgroundJobs

__all__ = ["FullCheckRunner"]

_KEY = "full"


class FullCheckRunner(QObject):
    """Checks every parameter on `BackgroundJobs`; `finished(GradCheck)` in the GUI thread.

    The thread starts with the first check and ends at `shutdown` (the view calls it when
    hidden); a check still running then is cancelled, and a cancelled check sends nothing.
    """

    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = BackgroundJobs("gradcheck", self)

    @property
    def running(self) -> bool:
        return self._jobs.pending(_KEY)

    def start(self, model: LayeredNet, params: Params, x: Array, labels: Labels, h: float) -> None:
        """Check `model`'s gradients at `params` on the batch (`x`, `labels`) with step `h`,
        cancelling the check under way."""
        self._jobs.submit(
            _KEY,
            lambda token: check_gradients(model, params, x, labels, h, cancelled=token),
            self.finished.emit,
        )

    def cancel(self) -> None:
        self._jobs.cancel(_KEY)

    def shutdown(self) -> None:
        self._jobs.shutdown()
