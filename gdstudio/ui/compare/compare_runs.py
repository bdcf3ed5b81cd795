"""The compare view's runs, kept in the GUI thread: what each run has received so far.

A `ComparedRun` grows from the worker's `RunUpdate`s (steps into its `RunHistory`, snapshots
into its `SnapshotStore`, the latest parameters) and converts to and from a `SessionRun`.
No Qt widgets here: the view displays these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gdstudio.core.files.session import SessionRun
from gdstudio.core.nn.model import Params
from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.replay import SnapshotStore
from gdstudio.core.training.reports import EpochMetrics, TrainingEvent
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.workers.experiments import RunUpdate

__all__ = ["ORIGIN", "ComparedRun", "unique_name"]

#: the `SessionRun.origin` of the runs the compare view makes
ORIGIN = "compare"


@dataclass(eq=False)
class ComparedRun:
    key: int  # unique in the view; also picks the run's colour
    name: str
    config: TrainConfig
    dataset: str
    params: Params = field(default_factory=dict)  # the latest, once a frame brought them
    history: RunHistory = field(default_factory=RunHistory)
    store: SnapshotStore = field(default_factory=SnapshotStore)
    events: list[TrainingEvent] = field(default_factory=list)
    visible: bool = True
    done: bool = True
    every_sent: int = 1  # the snapshot stride the worker was last told

    @classmethod
    def restored(cls, key: int, saved: SessionRun, dataset: str) -> ComparedRun:
        return cls(
            key=key,
            name=saved.name,
            config=saved.config,
            dataset=dataset,
            params=saved.params,
            history=saved.history(),
            store=saved.store(),
            events=list(saved.events),
            visible=saved.visible,
        )

    @property
    def diverged(self) -> TrainingEvent | None:
        """The first divergence event, if the run went wrong."""
        return next((e for e in self.events if e.diverged), None)

    @property
    def last_epoch(self) -> EpochMetrics | None:
        return self.history.epochs[-1] if self.history.epochs else None

    def apply(self, update: RunUpdate) -> bool:
        """Take in a frame's news; True if an epoch ended in it."""
        self.history.add_steps(update.steps)
        for report in update.steps:
            self.events.extend(report.events)
        for snapshot in update.snapshots:
            self.store.add(snapshot)
        self.params = update.params
        self.done = update.done
        return any(report.epoch_end is not None for report in update.steps)

    def stride_changed(self) -> bool:
        """Whether the store thinned since the worker was last told its stride (and note it)."""
        if self.store.every == self.every_sent:
            return False
        self.every_sent = self.store.every
        return True

    def session_run(self) -> SessionRun:
        return SessionRun.capture(
            self.name,
            self.config,
            self.params,
            self.history,
            self.store,
            self.events,
            origin=ORIGIN,
            visible=self.visible,
        )


def unique_name(base: str, taken: set[str]) -> str:
    """`base`, or "base (2)", "base (3)"... whichever is not taken."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base} ({n})"
    return name
