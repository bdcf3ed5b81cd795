"""Parameter snapshots kept during training, for replaying any moment of a run.

A `SnapshotStore` keeps one snapshot every `every` steps while its memory stays within a
budget. When the next snapshot would exceed the budget it thins the store instead of stopping:
every other kept snapshot is dropped (the oldest one stays) and `every` doubles, so a long run
is always covered from its first step to its newest, ever more sparsely.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gdstudio.core.nn.model import Params
from gdstudio.core.training.reports import EpochMetrics, Snapshot

__all__ = ["DEFAULT_BUDGET_BYTES", "KeptSnapshot", "SnapshotStore", "share_budget"]

#: 200 MB: about 5,800 snapshots of the tutorial's network in float32 (34.5 kB each)
DEFAULT_BUDGET_BYTES = 200 * 1000 * 1000


@dataclass(frozen=True, eq=False)
class KeptSnapshot:
    """The parameters after `step` steps; they are copies that nothing writes into."""

    step: int
    epoch: float
    base_lr: float  # the run's base alpha at that step (`Snapshot.base_lr`)
    batch_size: int
    params: Params

    @property
    def nbytes(self) -> int:
        return sum(p.nbytes for p in self.params.values())

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> KeptSnapshot:
        """Keep a trainer snapshot (e.g. the one of a `TrainingFrame`; its params are copies)."""
        return cls(
            snapshot.step, snapshot.epoch, snapshot.base_lr, snapshot.batch_size, snapshot.params
        )

    def snapshot(
        self,
        epochs: Iterable[EpochMetrics] = (),
        finished: bool = False,
        params: Params | None = None,
    ) -> Snapshot:
        """The trainer snapshot this keeps, with the metrics of `epochs` (those finished by
        then) and `params` in place of its own (e.g. a saved run's latest)."""
        return Snapshot(
            step=self.step,
            epoch=self.epoch,
            base_lr=self.base_lr,
            batch_size=self.batch_size,
            params=self.params if params is None else params,
            history=tuple(epochs),
            finished=finished,
        )


class SnapshotStore:
    """Snapshots of one run in ascending step order, within `budget_bytes` (at least one kept)."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES, every: int = 1) -> None:
        if budget_bytes < 0:
            raise ValueError(f"the snapshot budget must be 0 bytes or more, not {budget_bytes}")
        if every < 1:
            raise ValueError(f"snapshots are kept every 1 or more steps, not {every}")
        self._budget = budget_bytes
        self._every = every
        self._snapshots: list[KeptSnapshot] = []
        self._steps: list[int] = []
        self._nbytes = 0
        self.revision = 0  # increases on every change, so a view can skip redrawing

    @classmethod
    def restore(
        cls, snapshots: Iterable[KeptSnapshot], budget_bytes: int, every: int
    ) -> SnapshotStore:
        """A store holding `snapshots` (ascending steps) as saved, thinned only if over budget."""
        store = cls(budget_bytes, every)
        for snapshot in snapshots:
            store._append(snapshot)
        store._fit()
        return store

    def __len__(self) -> int:
        return len(self._snapshots)

    @property
    def every(self) -> int:
        """Steps between two new snapshots; doubles each time the store is thinned."""
        return self._every

    @property
    def budget_bytes(self) -> int:
        return self._budget

    @property
    def nbytes(self) -> int:
        return self._nbytes

    @property
    def steps(self) -> Sequence[int]:
        """The steps of the kept snapshots, ascending (a copy)."""
        return tuple(self._steps)

    @property
    def snapshots(self) -> tuple[KeptSnapshot, ...]:
        return tuple(self._snapshots)

    def due(self, step: int) -> bool:
        """Whether a snapshot at `step` would be kept: `every` steps after the newest one."""
        return not self._steps or step >= self._steps[-1] + self._every

    def add(self, snapshot: KeptSnapshot) -> bool:
        """Keep `snapshot` if it is due, thinning the store if the budget requires; True if kept."""
        if not self.due(snapshot.step):
            return False
        self._append(snapshot)
        self._fit()
        return snapshot is self._snapshots[-1]

    def set_budget(self, budget_bytes: int) -> None:
        """A new budget; the store thins at once if it holds more."""
        if budget_bytes < 0:
            raise ValueError(f"the snapshot budget must be 0 bytes or more, not {budget_bytes}")
        self._budget = budget_bytes
        self._fit()

    def clear(self) -> None:
        """Forget every snapshot; `every` stays (a new run of the same length needs it too)."""
        self._snapshots.clear()
        self._steps.clear()
        self._nbytes = 0
        self.revision += 1

    def nearest(self, step: float) -> KeptSnapshot | None:
        """The kept snapshot nearest to `step` (the earlier one on a tie), or None if empty."""
        steps = self._steps
        if not steps:
            return None
        i = bisect.bisect_left(steps, step)
        if i == 0:
            return self._snapshots[0]
        if i == len(steps):
            return self._snapshots[-1]
        return self._snapshots[i if steps[i] - step < step - steps[i - 1] else i - 1]

    def _append(self, snapshot: KeptSnapshot) -> None:
        if self._steps and snapshot.step <= self._steps[-1]:
            raise ValueError(
                f"snapshot of step {snapshot.step} is not after the newest ({self._steps[-1]})"
            )
        self._snapshots.append(snapshot)
        self._steps.append(snapshot.step)
        self._nbytes += snapshot.nbytes
        self.revision += 1

    def _fit(self) -> None:
        while self._nbytes > self._budget and len(self._snapshots) > 1:
            self._thin()

    def _thin(self) -> None:
        """Drop every other snapshot, keeping the oldest, and double `every`."""
        kept = self._snapshots[::2]
        self._snapshots = kept
        self._steps = [s.step for s in kept]
        self._nbytes = sum(s.nbytes for s in kept)
        self._every *= 2
        self.revision += 1


def share_budget(stores: Sequence[SnapshotStore], total_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
    """Split one budget equally between the runs of a session (each store thins as needed)."""
    for store in stores:
        store.set_budget(total_bytes // max(len(stores), 1))
