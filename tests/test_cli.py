import json
import subprocess
import sys
from pathlib import Path

import pytest

from gdstudio.cli import main


def _last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def test_train_json_and_checkpoint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ckpt = tmp_path / "one.npz"
    assert main(["train", "--epochs", "1", "--json", "--save", str(ckpt)]) == 0
    result = _last_json(capsys.readouterr().out)
    assert set(result) >= {
        "epochs",
        "train_loss",
        "valid_loss",
        "valid_accuracy",
        "test_accuracy",
        "samples_per_second",
    }
    assert result["epochs"] == 1 and result["valid_accuracy"] > 0.8
    assert ckpt.exists()
    assert main(["train", "--epochs", "1", "--json", "--load", str(ckpt)]) == 0
    resumed = _last_json(capsys.readouterr().out)
    assert resumed["train_loss"] < result["train_loss"]


def test_train_prints_a_line_per_epoch(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--epochs", "2", "--batch", "200"]) == 0
    out = capsys.readouterr().out
    assert "epoch 1/2" in out and "epoch 2/2" in out and "test accuracy" in out


def test_divergence_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--epochs", "1", "--lr", "30", "--json"]) == 0
    out = capsys.readouterr().out
    assert "warning: step" in out
    assert _last_json(out)["diverged"] is True


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--lr", "-1"], "positive number"),
        (["train", "--epochs", "many"], "whole number"),
        (["train", "--dataset", "nowhere"], "unknown data source 'nowhere'"),
        (["train", "--load", "missing.npz"], "missing.npz: no such file"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_gradcheck_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gradcheck", "--samples", "3", "--json"]) == 0
    result = _last_json(capsys.readouterr().out)
    assert max(result["b0"], result["w1"], result["b1"]) < 1e-6
    assert result["jacobian_vs_fast"] < 1e-10


def test_data_list_and_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GDSTUDIO_CACHE", str(tmp_path))
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert "embedded" in out and str(tmp_path / "mnist") in out
    assert main(["data", "verify"]) == 1
    assert "missing" in capsys.readouterr().out


def test_module_entry_point_runs_headless(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gdstudio", "train", "--epochs", "1", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert _last_json(result.stdout)["epochs"] == 1


def _gui_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def test_gui_opens_and_exits_zero(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gdstudio", "--quit-after", "0"],
        capture_output=True,
        text=True,
        env=_gui_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "config" / "gdstudio" / "gdstudio.ini").exists()  # settings were saved


def test_shot_writes_a_png(tmp_path: Path) -> None:
    out = tmp_path / "training.png"
    result = subprocess.run(
        [sys.executable, "-m", "gdstudio", "shot", "--epochs", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        env=_gui_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000  # a real rendering, not an empty image


def test_train_with_a_preset_and_its_checkpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ckpt = tmp_path / "mlp.npz"
    args = ["train", "--preset", "mlp", "--hidden", "32", "--epochs", "1", "--json"]
    assert main([*args, "--save", str(ckpt)]) == 0
    out = capsys.readouterr().out
    assert "alpha = 0.1, batch 100, 1 epochs" in out  # the preset's settings
    assert _last_json(out)["valid_accuracy"] > 0.85
    # the checkpoint's own network is used when no network is named ...
    assert main(["train", "--epochs", "0", "--load", str(ckpt)]) == 0
    capsys.readouterr()
    # ... and another network is refused
    assert main(["train", "--epochs", "0", "--preset", "tutorial", "--load", str(ckpt)]) == 2
    err = capsys.readouterr().err
    assert "made for the mlp 784-32-10" in err and "current network is the tutorial" in err


def test_train_options_beside_the_preset(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["train", "--epochs", "1", "--loss", "cross_entropy", "--optimizer", "adam"]
    assert main([*args, "--lr", "0.01", "--schedule", "cosine", "--weight-decay", "1e-4"]) == 0
    assert "test accuracy" in capsys.readouterr().out
    assert main(["train", "--hidden", "64"]) == 2
    assert "--hidden applies to the mlp preset only" in capsys.readouterr().err
    assert main(["train", "--preset", "mlp", "--hidden", "8"]) == 2
    assert "16 to 512" in capsys.readouterr().err
    assert main(["train", "--schedule", "linear"]) == 2


@pytest.mark.parametrize("preset", ["softmax-regression", "mlp"])
def test_gradcheck_with_a_preset(preset: str, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--hidden", "16", "--activation", "relu"] if preset == "mlp" else []
    assert main(["gradcheck", "--preset", preset, "--samples", "3", "--json", *extra]) == 0
    out = capsys.readouterr().out
    assert "network: " in out and "PASS" in out
    assert _last_json(out)["passed"] is True


def test_sweep_with_a_preset(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sweep", "--preset", "softmax-regression", "--lr", "0.1,1", "--epochs", "1"]
    assert main([*args, "--json"]) == 0
    results = _last_json(capsys.readouterr().out)
    assert [r["lr"] for r in results] == [0.1, 1.0]
    assert all(r["valid_accuracy"] > 0.8 for r in results)
