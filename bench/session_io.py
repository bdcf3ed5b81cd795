"""Saving and loading a session: 4 runs of 10 epochs with their snapshots at the default budget.

The session is the α race (0.1, 1, 10, 30) trained for 10 epochs on the embedded data, batch
100, with a snapshot kept every step within the default 200 MB shared by the four runs (all
3,204 of them fit, about 110 MB). `save_session` (validated encoding, write, fsync, atomic
rename) and `load_session` (read, then every field validated) are timed in alternating rounds
against a baseline measured in the same rounds: `numpy.savez` / `numpy.load` of the same
arrays with no validation, no fsync and no rename. The median of each is reported. The last
line printed is JSON: save_s, load_s, megabytes, plus the baselines and the snapshot count.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.files.session import Session, load_session, save_session
from gdstudio.core.files.session_format import encode_session
from gdstudio.core.training.experiments import (
    ALPHA_RACE,
    Comparison,
    comparison_configs,
    record,
    run_name,
)
from gdstudio.core.training.replay import DEFAULT_BUDGET_BYTES
from gdstudio.core.training.trainer import TrainConfig

TARGET_SECONDS = 1.0


def race_session(epochs: int) -> Session:
    configs = comparison_configs(TrainConfig(epochs=epochs), "lr", list(ALPHA_RACE))
    names = [run_name("lr", c) for c in configs]
    runs = record(Comparison(load_dataset("embedded"), configs), names, DEFAULT_BUDGET_BYTES)
    return Session(runs=runs, view={"compare": {"setting": "lr"}})


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="(the JSON line is always printed)")
    args = parser.parse_args()
    started = time.perf_counter()
    session = race_session(args.epochs)
    print(f"trained 4 runs of {args.epochs} epochs in {time.perf_counter() - started:.1f} s")
    snapshots = sum(len(run.snapshots) for run in session.runs)
    times: dict[str, list[float]] = {"save": [], "load": [], "raw_save": [], "raw_load": []}
    with tempfile.TemporaryDirectory(dir=os.environ.get("GDSTUDIO_BENCH_DIR")) as folder:
        path = Path(folder) / "bench.gdsession"
        raw = Path(folder) / "raw.npz"
        arrays = encode_session(session)
        for _ in range(args.rounds):
            times["save"].append(timed(lambda: save_session(path, session)))
            times["load"].append(timed(lambda: load_session(path)))
            times["raw_save"].append(timed(lambda: np.savez(raw, **arrays)))
            times["raw_load"].append(timed(lambda: dict(np.load(raw, allow_pickle=False))))
        megabytes = path.stat().st_size / 1e6
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        rounds = ", ".join(f"{v:.3f}" for v in values)
        print(f"{name:>9}: median {median[name]:.3f} s  rounds {rounds}")
    print(f"{snapshots} snapshots, file {megabytes:.1f} MB; target: save and load <= 1 s each")
    print(
        json.dumps(
            {
                "save_s": median["save"],
                "load_s": median["load"],
                "megabytes": megabytes,
                "baseline_savez_s": median["raw_save"],
                "baseline_load_s": median["raw_load"],
                "snapshots": snapshots,
                "within_target": max(median["save"], median["load"]) <= TARGET_SECONDS,
            }
        )
    )


if __name__ == "__main__":
    main()
