import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from gdstudio.core.files.checkpoint import (
    Checkpoint,
    CheckpointError,
    load_checkpoint,
    save_checkpoint,
)
from gdstudio.core.nn.model import ModelConfig, TutorialNet


@pytest.fixture
def checkpoint() -> Checkpoint:
    params = TutorialNet().init_params(np.random.default_rng(0))
    params["b0"] += 0.25
    history = [{"epoch": 1, "valid_accuracy": 0.88}]
    return Checkpoint(params=params, epoch=1.0, step=80, lr=0.5, seed=3, history=history)


def _rewrite(path: Path, **arrays: np.ndarray) -> None:
    with np.load(path, allow_pickle=False) as npz:
        contents = {k: npz[k] for k in npz.files}
    contents.update(arrays)
    for key in [k for k, v in arrays.items() if v is None]:
        del contents[key]
    np.savez(path, **contents)


def test_round_trip(tmp_path: Path, checkpoint: Checkpoint) -> None:
    path = tmp_path / "run.npz"
    save_checkpoint(path, checkpoint)
    loaded = load_checkpoint(path, expect=ModelConfig())
    for name, p in checkpoint.params.items():
        np.testing.assert_array_equal(loaded.params[name], p)
    assert (loaded.epoch, loaded.step, loaded.lr, loaded.seed) == (1.0, 80, 0.5, 3)
    assert loaded.history == checkpoint.history
    assert [p.name for p in tmp_path.iterdir()] == ["run.npz"]  # no temporary left


def test_failed_write_keeps_the_old_file(
    tmp_path: Path, checkpoint: Checkpoint, save_fails_on_full_disk
) -> None:
    path = tmp_path / "run.npz"
    save_fails_on_full_disk(path, lambda: save_checkpoint(path, checkpoint), "savez_compressed")
    assert [p.name for p in tmp_path.iterdir()] == ["run.npz"]


def test_truncated_file_is_rejected(tmp_path: Path, checkpoint: Checkpoint) -> None:
    path = tmp_path / "run.npz"
    save_checkpoint(path, checkpoint)
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(CheckpointError, match="run.npz"):
        load_checkpoint(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"param/w1": np.zeros((784, 9), np.float32)}, "w1 has shape"),
        ({"param/b1": np.full(10, np.nan, np.float32)}, "infinite or NaN"),
        ({"param/b0": np.zeros(784, np.int64)}, "dtype"),
        ({"param/b1": None}, "missing"),
        ({"extra": np.zeros(3)}, "unexpected"),
        ({"metadata": np.array("{not json")}, "not valid JSON"),
        ({"metadata": np.array(json.dumps({"format": "other"}))}, "not a GD Studio checkpoint"),
        ({"param/w1": np.array([object()], dtype=object)}, "not plain data"),
    ],
)
def test_tampered_file_is_rejected(tmp_path: Path, checkpoint: Checkpoint, change, message) -> None:
    path = tmp_path / "run.npz"
    save_checkpoint(path, checkpoint)
    _rewrite(path, **change)
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(path)


def test_wrong_version_and_model_are_rejected(tmp_path: Path, checkpoint: Checkpoint) -> None:
    path = tmp_path / "run.npz"
    save_checkpoint(path, checkpoint)
    meta = checkpoint.metadata()
    _rewrite(path, metadata=np.array(json.dumps({**meta, "version": 99})))
    with pytest.raises(CheckpointError, match="version 99"):
        load_checkpoint(path)
    _rewrite(path, metadata=np.array(json.dumps({**meta, "model": {**meta["model"], "loss": "x"}})))
    with pytest.raises(CheckpointError, match="bad model configuration"):
        load_checkpoint(path)


def test_not_a_checkpoint(tmp_path: Path) -> None:
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(CheckpointError, match="not a checkpoint"):
        load_checkpoint(text)
    with pytest.raises(CheckpointError, match="no such file"):
        load_checkpoint(tmp_path / "missing.npz")
    empty_zip = tmp_path / "empty.npz"
    with zipfile.ZipFile(empty_zip, "w"):
        pass
    with pytest.raises(CheckpointError, match="no metadata"):
        load_checkpoint(empty_zip)
