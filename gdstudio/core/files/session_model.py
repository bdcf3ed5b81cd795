"""What a session holds: runs as plain values and arrays, copied from the live objects.

`SessionRun.capture` takes a run's `RunHistory`, `SnapshotStore` and parameters as they are
now; `history()` and `store()` rebuild live objects from it. `gdstudio.core.files.session` saves and
loads sessions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from gdstudio.core.nn.model import ModelConfig, Params
from gdstudio.core.training.history import STEP_COLUMNS, RunHistory
from gdstudio.core.training.replay import DEFAULT_BUDGET_BYTES, KeptSnapshot, SnapshotStore
from gdstudio.core.training.reports import EpochMetrics, StepReport, TrainingEvent
from gdstudio.core.training.trainer import TrainConfig

__all__ = ["STEP_COLUMNS", "Session", "SessionRun"]


@dataclass(frozen=True, eq=False)
class SessionRun:
    """One run as a session holds it: plain values and arrays, never live objects.

    `steps` holds the `RunHistory` columns (`STEP_COLUMNS`), `params` the latest parameters,
    `snapshots` the kept ones in ascending step order. `origin` says which part of the app
    made the run (e.g. "training" for the main window's run, "compare" for a comparison's).
    """

    name: str
    config: TrainConfig
    params: Params
    steps: dict[str, npt.NDArray[Any]] = field(default_factory=dict)
    epochs: tuple[EpochMetrics, ...] = ()
    events: tuple[TrainingEvent, ...] = ()
    snapshots: tuple[KeptSnapshot, ...] = ()
    snapshot_every: int = 1
    snapshot_budget: int = DEFAULT_BUDGET_BYTES
    origin: str = "compare"
    visible: bool = True
    model: ModelConfig | None = None  # the network this run trains; None: the session's

    def __post_init__(self) -> None:
        if not self.steps:  # a run with no step yet
            columns = {name: np.empty(0, dtype) for name, dtype in STEP_COLUMNS.items()}
            object.__setattr__(self, "steps", columns)

    @classmethod
    def capture(
        cls,
        name: str,
        config: TrainConfig,
        params: Params,
        history: RunHistory,
        snapshots: SnapshotStore | None = None,
        events: Iterable[TrainingEvent] = (),
        origin: str = "compare",
        visible: bool = True,
        model: ModelConfig | None = None,
    ) -> SessionRun:
        """The run as it is now, copied so that training on does not change it.

        Cheap enough for the GUI thread: the columns and parameters are copied, the kept
        snapshots (never written into) are only referenced.
        """
        store = snapshots if snapshots is not None else SnapshotStore()
        return cls(
            name=name,
            config=TrainConfig(**asdict(config)),
            params={k: np.array(v, dtype=np.float32) for k, v in params.items()},
            steps={k: np.array(getattr(history, k), dtype=t) for k, t in STEP_COLUMNS.items()},
            epochs=tuple(history.epochs),
            events=tuple(events),
            snapshots=store.snapshots,
            snapshot_every=store.every,
            snapshot_budget=store.budget_bytes,
            origin=origin,
            visible=visible,
            model=model,
        )

    @property
    def step_count(self) -> int:
        return len(self.steps["step"])

    def history(self) -> RunHistory:
        """A new `RunHistory` holding this run's steps and epochs."""
        history = RunHistory()
        columns = [self.steps[name].tolist() for name in STEP_COLUMNS]
        history.add_steps(
            StepReport(**dict(zip(STEP_COLUMNS, row, strict=True)))
            for row in zip(*columns, strict=True)
        )
        history.epochs.extend(self.epochs)
        return history

    def store(self) -> SnapshotStore:
        """A new `SnapshotStore` holding this run's snapshots, stride and budget."""
        return SnapshotStore.restore(self.snapshots, self.snapshot_budget, self.snapshot_every)


@dataclass(frozen=True, eq=False)
class Session:
    runs: tuple[SessionRun, ...] = ()
    view: dict[str, Any] = field(default_factory=dict)  # view settings: JSON values only
    dataset: str = "embedded"
    model: ModelConfig = field(default_factory=ModelConfig)
