"""A progress bar for the headless commands' long work (training, downloads)."""

from __future__ import annotations

import math
import time
from typing import TextIO


class ProgressBar:
    """A one-line bar on a terminal, redrawn at most ten times a second; silent elsewhere."""

    def __init__(self, stream: TextIO, total: float) -> None:
        self.stream = stream
        self.total = total
        self.enabled = stream.isatty()
        self._drawn_at = 0.0

    def update_with_total(self, done: float, total: float) -> None:
        self.total = total
        self.update(done)

    def update(self, done: float) -> None:
        now = time.monotonic()
        if not self.enabled or self.total <= 0 or now - self._drawn_at < 0.1:
            return
        self._drawn_at = now
        fraction = min(max(done / self.total, 0.0), 1.0)
        filled = math.floor(fraction * 30)
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:6.1%}")
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled and self._drawn_at:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()
            self._drawn_at = 0.0
