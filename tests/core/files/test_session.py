"""Sessions: exact round trips, clear refusals of bad files, autosave that survives a kill."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import zipfile
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.files.autosave import AUTOSAVE_NAME, Autosave, AutosaveWriter, autosave_path
from gdstudio.core.files.checkpoint import load_checkpoint, save_checkpoint
from gdstudio.core.files.session import (
    STEP_COLUMNS,
    Session,
    SessionError,
    SessionRun,
    load_session,
    run_checkpoint,
    save_session,
    write_runs_csv,
)
from gdstudio.core.nn.model import ModelConfig
from gdstudio.core.training.experiments import Comparison, comparison_configs, record
from gdstudio.core.training.trainer import TrainConfig

VIEW = {"compare": {"setting": "lr", "values": "1, 50"}, "curves": {"smoothing": 0.9, "log": False}}


SNAPSHOT = 34_536  # bytes of one snapshot of the tutorial's network in float32


def first_images(embedded: Dataset, train: int, valid: int) -> Dataset:
    """The embedded data cut to its first `train` training and `valid` validation images."""
    return Dataset(
        "embedded",
        embedded.train.subset(slice(0, train)),
        embedded.valid.subset(slice(0, valid)),
        embedded.test,
        embedded.class_names,
        embedded.source,
    )


@pytest.fixture(scope="module")
def session(embedded: Dataset) -> Session:
    """Two runs of one epoch on 2,000 images, one diverging, with (thinned) snapshots."""
    data = first_images(embedded, 2000, 500)
    configs = comparison_configs(TrainConfig(epochs=1), "lr", [1.0, 50.0])
    runs = record(Comparison(data, configs), ["α = 1", "α = 50"], budget_bytes=16 * SNAPSHOT)
    return Session(runs=(runs[0], replace(runs[1], visible=False)), view=VIEW)


def assert_same_run(a: SessionRun, b: SessionRun) -> None:
    assert (a.name, a.origin, a.visible) == (b.name, b.origin, b.visible)
    assert asdict(a.config) == asdict(b.config)
    for name in STEP_COLUMNS:
        np.testing.assert_array_equal(a.steps[name], b.steps[name])
        assert a.steps[name].dtype == b.steps[name].dtype
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
    assert a.epochs == b.epochs and a.events == b.events
    assert (a.snapshot_every, a.snapshot_budget) == (b.snapshot_every, b.snapshot_budget)
    assert len(a.snapshots) == len(b.snapshots)
    for x, y in zip(a.snapshots, b.snapshots, strict=True):
        assert (x.step, x.epoch, x.base_lr, x.batch_size) == (
            y.step,
            y.epoch,
            y.base_lr,
            y.batch_size,
        )
        for name in x.params:
            np.testing.assert_array_equal(x.params[name], y.params[name])


def test_round_trip_is_exact(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "lesson.gdsession"
    save_session(path, session)
    loaded = load_session(path, expect=ModelConfig())
    assert loaded.view == VIEW and loaded.dataset == "embedded" and loaded.model == ModelConfig()
    assert len(loaded.runs) == 2
    for a, b in zip(session.runs, loaded.runs, strict=True):
        assert_same_run(a, b)
    diverged = loaded.runs[1]
    assert diverged.events and diverged.events[0].diverged
    assert [s.step for s in loaded.runs[0].snapshots] == [0, 4, 8, 12, 16, 20]  # thinned twice
    assert list(os.listdir(tmp_path)) == ["lesson.gdsession"]  # no temporary file left
    save_session(tmp_path / "again.gdsession", loaded)  # what was loaded saves the same
    assert_same_run(load_session(tmp_path / "again.gdsession").runs[1], session.runs[1])


def test_runs_rebuild_their_history_and_store(session: Session) -> None:
    run = session.runs[0]
    history = run.history()
    assert len(history) == run.step_count == 20
    np.testing.assert_array_equal(history.batch_loss, run.steps["batch_loss"])
    assert history.epochs == list(run.epochs)
    store = run.store()
    assert list(store.steps) == [s.step for s in run.snapshots] and store.every == 4
    assert store.budget_bytes == 8 * SNAPSHOT


def test_an_empty_run_and_session_round_trip(tmp_path: Path, session: Session) -> None:
    fresh = SessionRun("new", TrainConfig(), session.runs[0].params)
    save_session(tmp_path / "s.gdsession", Session(runs=(fresh,)))
    loaded = load_session(tmp_path / "s.gdsession")
    assert_same_run(loaded.runs[0], fresh)
    save_session(tmp_path / "e.gdsession", Session())
    assert load_session(tmp_path / "e.gdsession").runs == ()


# --- bad files --------------------------------------------------------------------------------


def rewrite(source: Path, target: Path, change) -> None:
    """Copy a session file, letting `change(arrays, metadata)` edit it on the way."""
    with np.load(source, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    meta = json.loads(str(arrays.pop("metadata")))
    change(arrays, meta)
    arrays["metadata"] = np.array(json.dumps(meta))
    with target.open("wb") as f:  # (given a name, savez would add ".npz" to it)
        np.savez(f, **arrays)


def set_lr(arrays, meta) -> None:
    meta["runs"][0]["config"]["lr"] = -1


def drop_array(arrays, meta) -> None:
    del arrays["runs/1/params/w1"]


def add_array(arrays, meta) -> None:
    arrays["runs/0/extra"] = np.zeros(3)


def nan_param(arrays, meta) -> None:
    arrays["runs/0/params/b1"] = arrays["runs/0/params/b1"].copy()
    arrays["runs/0/params/b1"][3] = np.nan


def shuffled_steps(arrays, meta) -> None:
    arrays["runs/0/steps/step"] = arrays["runs/0/steps/step"][::-1].copy()


def wrong_dtype(arrays, meta) -> None:
    arrays["runs/0/snapshots/params/w1"] = arrays["runs/0/snapshots/params/w1"].astype(np.float64)


def short_column(arrays, meta) -> None:
    arrays["runs/1/steps/lr"] = arrays["runs/1/steps/lr"][:-1]


def bad_event(arrays, meta) -> None:
    meta["runs"][1]["events"][0]["kind"] = "exploded"


def missing_key(arrays, meta) -> None:
    del meta["runs"][0]["epochs"][0]["valid_loss"]


def other_format(arrays, meta) -> None:
    meta["format"] = "something-else"


def future_version(arrays, meta) -> None:
    meta["version"] = 99


def bad_view(arrays, meta) -> None:
    meta["view"] = [1, 2]


def no_name(arrays, meta) -> None:
    meta["runs"][0]["name"] = ""


def object_array(arrays, meta) -> None:
    arrays["runs/0/steps/step"] = np.array([1, "a"], dtype=object)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_lr, "run 0 config: lr: expected a positive number"),
        (drop_array, r"missing \['runs/1/params/w1'\]"),
        (add_array, r"unexpected \['runs/0/extra'\]"),
        (nan_param, "runs/0/params/b1 holds infinite or NaN"),
        (shuffled_steps, "step numbers must start at 1 or more and increase"),
        (wrong_dtype, "dtype float64, expected float32"),
        (short_column, "different lengths"),
        (bad_event, "unknown event kind 'exploded'"),
        (missing_key, "run 0 epoch 0: missing valid_loss"),
        (other_format, "not a GD Studio session"),
        (future_version, "format version 99"),
        (bad_view, "view: expected an object"),
        (no_name, "run 0: name: expected a non-empty string"),
        (object_array, "not plain data"),  # it would need pickle
    ],
)
def test_tampered_sessions_are_refused_clearly(
    tmp_path: Path, session: Session, change, message
) -> None:
    good = tmp_path / "good.gdsession"
    save_session(good, session)
    bad = tmp_path / "bad.gdsession"
    rewrite(good, bad, change)
    with pytest.raises(SessionError, match=message) as caught:
        load_session(bad)
    assert str(caught.value).startswith(f"{bad}: ")


def test_damaged_files_are_refused_clearly(tmp_path: Path, session: Session) -> None:
    good = tmp_path / "good.gdsession"
    save_session(good, session)
    data = good.read_bytes()
    cases = {
        "truncated.gdsession": data[: len(data) // 2],
        "text.gdsession": b"hello, not a session\n",
        "empty.gdsession": b"",
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(SessionError, match="not a GD Studio session") as caught:
            load_session(tmp_path / name)
        assert str(tmp_path / name) in str(caught.value)
    # a flipped byte in the middle of the parameter data: the zip's checksum catches it
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("runs/0/params/w1.npy")
    flipped = bytearray(data)
    flipped[info.header_offset + 200 + 4000] ^= 0xFF
    (tmp_path / "flipped.gdsession").write_bytes(bytes(flipped))
    with pytest.raises(SessionError, match="cannot be read: damaged"):
        load_session(tmp_path / "flipped.gdsession")
    with pytest.raises(SessionError, match="no such file"):
        load_session(tmp_path / "absent.gdsession")
    with pytest.raises(SessionError, match="current model"):
        load_session(good, expect=ModelConfig(loss="cross_entropy"))


def test_a_failed_save_leaves_the_old_file(
    tmp_path: Path, session: Session, monkeypatch: pytest.MonkeyPatch, save_fails_on_full_disk
) -> None:
    path = tmp_path / "s.gdsession"
    save_fails_on_full_disk(path, lambda: save_session(path, session), "savez")
    assert sorted(os.listdir(tmp_path)) == ["s.gdsession"]
    before = path.read_bytes()
    monkeypatch.undo()
    not_json = Session(view={"when": object()})
    with pytest.raises(SessionError, match="view settings are not plain JSON"):
        save_session(path, not_json)
    assert path.read_bytes() == before


# --- export -----------------------------------------------------------------------------------


def test_metrics_of_several_runs_in_one_csv(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "runs.csv"
    write_runs_csv(path, [(run.name, run.history()) for run in session.runs])
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for run in session.runs:
        mine = [r for r in rows if r["run"] == run.name]
        assert [r["kind"] for r in mine].count("step") == run.step_count
        assert [r["kind"] for r in mine].count("epoch") == len(run.epochs)
        steps = [float(r["batch_loss"]) for r in mine if r["kind"] == "step"]
        assert steps == run.steps["batch_loss"].tolist()
    assert rows[0]["run"] == "α = 1" and rows[-1]["run"] == "α = 50"


def test_a_runs_parameters_export_as_a_checkpoint(tmp_path: Path, session: Session) -> None:
    run = session.runs[0]
    save_checkpoint(tmp_path / "a1.npz", run_checkpoint(run, "embedded"))
    checkpoint = load_checkpoint(tmp_path / "a1.npz", expect=ModelConfig())
    for name, p in run.params.items():
        np.testing.assert_array_equal(checkpoint.params[name], p)
    assert checkpoint.step == 20 and checkpoint.lr == 1.0 and len(checkpoint.history) == 1


# --- autosave ---------------------------------------------------------------------------------


def test_autosave_path_follows_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GDSTUDIO_DATA", str(tmp_path / "data"))
    assert autosave_path() == tmp_path / "data" / AUTOSAVE_NAME
    assert Autosave().path == autosave_path()


def test_autosave_waits_for_restore_or_a_new_session(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "data" / AUTOSAVE_NAME
    first = Autosave(path)
    assert not first.pending
    assert first.save(session)  # nothing there: saving is allowed, the folder is made
    second = Autosave(path)  # the next start of the app
    assert second.pending
    assert not second.save(Session())  # not before the user chose
    assert len(load_session(path).runs) == 2
    restored = second.restore()
    assert not second.pending and len(restored.runs) == 2
    assert second.save(Session())
    third = Autosave(path)
    third.start_new()
    assert not third.pending and third.save(session)


def test_a_failed_restore_never_overwrites_the_autosave(tmp_path: Path, session: Session) -> None:
    path = tmp_path / AUTOSAVE_NAME
    save_session(path, session)
    damaged = path.read_bytes()[:-100]
    path.write_bytes(damaged)
    autosave = Autosave(path)
    with pytest.raises(SessionError, match=AUTOSAVE_NAME):
        autosave.restore()
    assert autosave.pending
    assert not autosave.save(session)
    writer = AutosaveWriter(autosave)
    writer.submit(session)
    assert writer.close(timeout=30)
    assert path.read_bytes() == damaged  # still there to be rescued


def test_the_writer_saves_the_newest_session_off_the_calling_thread(
    tmp_path: Path, session: Session
) -> None:
    autosave = Autosave(tmp_path / AUTOSAVE_NAME)
    leftover = tmp_path / f".{AUTOSAVE_NAME}.x1y2.tmp"  # a save killed midway left this
    leftover.write_bytes(b"partial")
    autosave.start_new()
    assert not leftover.exists()
    writer = AutosaveWriter(autosave)
    for n in range(3):
        writer.submit(Session(runs=session.runs[: n % 2 + 1], view={"n": n}))
    assert writer.flush(timeout=30)
    assert writer.error is None and 1 <= writer.saved <= 3
    assert load_session(autosave.path).view == {"n": 2}
    writer.submit(Session(view={"n": 3}))
    assert writer.close(timeout=30)
    assert load_session(autosave.path).view == {"n": 3}
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(Session())


def test_the_writer_reports_a_failed_save(tmp_path: Path, session: Session) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    writer = AutosaveWriter(Autosave(blocked / AUTOSAVE_NAME))
    writer.submit(session)
    assert writer.flush(timeout=30) and writer.close(timeout=30)
    assert isinstance(writer.error, OSError) and writer.saved == 0


# A training process that autosaves after every epoch, as the app does.
TRAINER_SCRIPT = """
from gdstudio.core.files.autosave import Autosave
from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.replay import KeptSnapshot, SnapshotStore
from gdstudio.core.files.session import Session, SessionRun
from gdstudio.core.training.trainer import TrainConfig, Trainer

trainer = Trainer(load_dataset("embedded"), TrainConfig(epochs=10_000))
history, store, autosave = RunHistory(), SnapshotStore(budget_bytes=5_000_000), Autosave()
print("started", autosave.pending, flush=True)
for report in trainer.run():
    history.add_steps([report])
    if store.due(report.step):
        t = trainer
        store.add(KeptSnapshot(t.step_count, t.epoch, t.base_lr, t.batch_size, t.params))
    if report.epoch_end is not None:
        epoch = report.epoch_end.epoch
        print("trained", epoch, flush=True)
        run = SessionRun.capture("run", trainer.config, trainer.params, history, store)
        autosave.save(Session(runs=(run,)))
        print("saved", epoch, flush=True)
"""


def test_autosave_survives_sigkill_mid_training(tmp_path: Path) -> None:
    env = {**os.environ, "GDSTUDIO_DATA": str(tmp_path), "OPENBLAS_NUM_THREADS": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", TRAINER_SCRIPT],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    path = tmp_path / AUTOSAVE_NAME
    seen: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:  # the trainer says when an autosave is on disk
            seen.append(line)
            if line.startswith("saved"):
                break
        assert path.exists(), process.stderr.read() if process.stderr else ""
        process.send_signal(signal.SIGKILL)  # while it trains the next epoch
    finally:
        process.kill()
        out, _ = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    lines = "".join([*seen, out]).split()
    assert lines[:2] == ["started", "False"]
    trained = max(int(n) for word, n in zip(lines, lines[1:], strict=False) if word == "trained")

    autosave = Autosave(path)  # the app starts again
    assert autosave.pending
    restored = autosave.restore()
    run = restored.runs[0]
    assert len(run.epochs) >= max(trained - 1, 1)  # at most one epoch of work lost
    assert run.step_count == 80 * len(run.epochs)  # the file is consistent: no half epoch
    assert run.epochs[-1].step == run.steps["step"][-1]
    assert run.snapshots[0].step == 1 and run.snapshots[-1].step <= run.step_count


def test_a_run_with_its_own_network_round_trips(tmp_path: Path, session: Session) -> None:
    """A comparison may train another network than the session's: each run says which."""
    from gdstudio.core.nn.model import build_model

    mlp = ModelConfig(architecture="mlp", loss="cross_entropy", hidden=16)
    params = build_model(mlp).init_params(np.random.default_rng(0))
    own = replace(session.runs[0], name="mlp", params=params, snapshots=(), model=mlp)
    mixed = replace(session, runs=(*session.runs, own))
    path = tmp_path / "mixed.gdsession"
    save_session(path, mixed)
    loaded = load_session(path)
    assert [run.model for run in loaded.runs] == [None] * len(session.runs) + [mlp]
    np.testing.assert_array_equal(loaded.runs[-1].params["w2"], params["w2"])


def test_files_keep_the_names_older_versions_wrote(tmp_path: Path, session: Session) -> None:
    """A step's rate, a snapshot's base alpha and an event's rate are stored as "lr", as before
    they were named apart: files of older versions load, and older versions load these."""
    path = tmp_path / "names.gdsession"
    save_session(path, session)
    with np.load(path, allow_pickle=False) as contents:
        names = set(contents.files)
        meta = json.loads(str(contents["metadata"]))
    assert {"runs/0/steps/lr", "runs/0/snapshots/lr"} <= names
    assert not any("scheduled_lr" in n or "base_lr" in n for n in names)
    events = meta["runs"][1]["events"]  # α = 50 diverges
    assert events and all("lr" in e and "scheduled_lr" not in e for e in events)
    loaded = load_session(path)
    assert loaded.runs[1].events == session.runs[1].events
    assert loaded.runs[0].snapshots[-1].base_lr == 1.0


def test_a_checkpoint_of_a_scheduled_run_holds_its_base_alpha(embedded: Dataset) -> None:
    """Training on from the checkpoint applies the schedule again: it must hold the base
    alpha, not the decayed rate of the last step."""
    config = TrainConfig(epochs=2, lr=0.5, schedule="step", step_epochs=1)
    (run,) = record(Comparison(first_images(embedded, 1000, 200), [config]), ["stepped"])
    assert run.steps["scheduled_lr"][-1] < 0.5  # the second epoch ran at a decayed rate
    assert run_checkpoint(run, "embedded").lr == 0.5
