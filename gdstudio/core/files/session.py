"""Sessions: every run of a sitting, its metrics, parameters and kept snapshots, in one file.

A `.gdsession` file is a zip archive written by `numpy.savez` (uncompressed, for speed): one
JSON metadata entry (configurations, per-epoch metrics, events, view settings) and plain
numeric arrays (per-step columns, latest parameters, each run's snapshots stacked). It is
written atomically and read with `allow_pickle=False`; every field is validated before
anything is used, and any problem raises a `SessionError` naming the file and the problem.

Also here: the metrics of several runs as one CSV table, and a run's parameters as a checkpoint.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from gdstudio.core.files.atomic import atomic_write
from gdstudio.core.files.checkpoint import Checkpoint
from gdstudio.core.files.npz_members import READ_ERRORS, NpzMembers, check_archive
from gdstudio.core.files.session_format import decode_session, encode_session
from gdstudio.core.files.session_model import STEP_COLUMNS, Session, SessionRun
from gdstudio.core.nn.model import ModelConfig
from gdstudio.core.training.history import CSV_COLUMNS, RunHistory

__all__ = [
    "STEP_COLUMNS",
    "SUFFIX",
    "Session",
    "SessionError",
    "SessionRun",
    "load_session",
    "run_checkpoint",
    "save_session",
    "write_runs_csv",
]

SUFFIX = ".gdsession"
#: far more arrays than the runs of any sitting need (each run has about 20)
_MAX_MEMBERS = 20_000


class SessionError(ValueError):
    """A session file that cannot be read or written; the message names the file."""


def save_session(path: str | os.PathLike[str], session: Session) -> None:
    """Write `session` atomically (a temporary neighbour, synced to disk, then renamed)."""
    target = Path(path)
    try:
        arrays = encode_session(session)
    except ValueError as e:
        raise SessionError(f"{target}: cannot save this session ({e})") from None
    _atomic_write(target, "wb", lambda handle: np.savez(handle, **arrays))  # type: ignore[arg-type]


def load_session(path: str | os.PathLike[str], expect: ModelConfig | None = None) -> Session:
    """Read and validate a session file; with `expect`, refuse one made for another model."""
    source = Path(path)

    def fail(problem: str) -> SessionError:
        return SessionError(f"{source}: {problem}")

    try:
        check_archive(
            source, fail, "not a GD Studio session (a session is a zip archive; this file is not)"
        )
        # GD Studio stores the arrays uncompressed, so they declare no more bytes than the file
        # holds; twice that, plus room for the metadata, refuses zip bombs before they inflate
        limit = 2 * source.stat().st_size + 1024**2
        with NpzMembers(source, _MAX_MEMBERS, limit) as contents:
            session = decode_session(contents)
    except SessionError:
        raise
    except READ_ERRORS as e:
        problem = " ".join(str(e).split())[:300] if isinstance(e, ValueError) else repr(e)[:300]
        raise fail(
            problem
            if type(e) is ValueError
            else f"cannot be read: damaged, truncated or not plain data ({problem})"
        ) from None
    if expect is not None and session.model != expect:
        raise fail(
            f"made for model {session.model.to_dict()}, but the current model is {expect.to_dict()}"
        )
    return session


def write_runs_csv(path: str | os.PathLike[str], runs: Sequence[tuple[str, RunHistory]]) -> None:
    """Metrics of several runs in one table: `RunHistory.write_csv`'s rows, run after run.

    One row per step and one per finished epoch, the `run` column naming the run; atomic.
    """

    def write(handle: Any) -> None:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for name, history in runs:
            writer.writerows(history._csv_rows(name))

    _atomic_write(Path(path), "w", write)


def run_checkpoint(run: SessionRun, dataset: str, model: ModelConfig | None = None) -> Checkpoint:
    """The run's latest parameters as a checkpoint (`save_checkpoint` writes the `.npz`)."""
    stepped = run.step_count > 0
    return Checkpoint(
        params=run.params,
        config=model or ModelConfig(),
        dataset=dataset,
        epoch=float(run.steps["epoch"][-1]) if stepped else 0.0,
        step=int(run.steps["step"][-1]) if stepped else 0,
        # the base alpha to train on from here (a step's rate is that times the schedule's)
        lr=run.snapshots[-1].base_lr if run.snapshots else run.config.lr,
        batch_size=int(run.steps["batch_size"][-1]) if stepped else run.config.batch_size,
        seed=run.config.seed,
        history=[asdict(m) for m in run.epochs],
    )


def _atomic_write(target: Path, mode: str, write: Callable[[Any], object]) -> None:
    """Write through `write(handle)` into a temporary neighbour, sync it, then rename it."""
    with atomic_write(target, binary="b" in mode) as handle:
        write(handle)
