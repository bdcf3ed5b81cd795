import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

import gdstudio.commands.train
from gdstudio.cli import build_parser, main
from gdstudio.core.nn.explain import EXPLAIN_KEYS


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
        (["train", "--epochs", "0"], "--epochs: expected a whole number of at least 1, got '0'"),
        (["train", "--dataset", "nowhere"], "unknown data source 'nowhere'"),
        (["train", "--load", "missing.npz"], "missing.npz: no such file"),
        (["explain", "--sample", "99999"], "sample 99999 is not in the valid split"),
        (["explain", "--sample", "1", "--parameter", "w9[1]"], "unknown parameter 'w9'"),
        (["surface", "--pair", "w2:0:3,b2:3"], "unknown parameter group 'w2'"),
        (["surface", "--pair", "b1:3,b1:3"], "the two parameters must differ"),
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
    command = "" if argv[0] == "frobnicate" else f" {argv[0]}"
    assert err.startswith(f"gdstudio{command}: error: ") and err.count("gdstudio") == 1


@pytest.mark.parametrize("command", [["train"], ["sweep", "--lr", "1"], ["gradcheck"]])
def test_every_seed_option_refuses_the_same_values(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for seed in ("-1", "1.5"):
        assert main([*command, "--seed", seed]) == 2
        assert "--seed: expected a whole number" in capsys.readouterr().err


def test_an_internal_error_is_a_bug_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(source: str) -> None:
        raise ValueError("an internal mistake")

    monkeypatch.setattr(gdstudio.commands.train, "load_dataset", broken)
    assert main(["train"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ValueError: an internal mistake" in err
    assert err.strip().splitlines()[-1].startswith("gdstudio train: internal error")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(commands.choices)


def test_help_lists_every_command_and_every_option_has_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    commands = _commands()
    assert set(commands) == {"train", "gradcheck", "sweep", "surface", "explain", "shot", "data"}
    description = out[: out.index("options:")]
    for name, parser in commands.items():
        assert name in description, f"{name} is not named in the description"
        assert f"\n    {name} " in out, f"{name} is not listed"
        for action in parser._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


def test_explain_help_tells_the_default_output(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["explain", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "printed as readable lines; with --json they end with one JSON line" in out


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
    assert "alpha = 0.1, batch 100, 1 epoch, seed 0" in out  # the preset's settings
    assert _last_json(out)["valid_accuracy"] > 0.85
    # the checkpoint's own network is used when no network is named ...
    assert main(["surface", "--load", str(ckpt), "--pair", "w2:0:3,b2:3", "--grid", "5"]) == 0
    assert "network: mlp 784-32-10" in capsys.readouterr().out
    # ... and another network is refused
    assert main(["train", "--preset", "tutorial", "--load", str(ckpt)]) == 2
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


def test_surface_of_the_tutorial_s_network(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["surface", "--pair", "w1:407:3,b1:3", "--grid", "11", "--descend", "5", "--json"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("loss over w1[407, 3] and b1[3]: 11 x 11 grid")
    result = _last_json(out)
    assert result["pair"] == ["w1:407:3", "b1:3"] and result["grid"] == 11
    assert result["center_loss"] == pytest.approx(result["model_loss"], rel=1e-9)
    assert result["min_loss"] <= result["center_loss"]
    path_losses = [loss for _, _, loss in result["path"]]
    assert len(path_losses) == 6 and path_losses[-1] < path_losses[0]  # alpha 1 descends


@pytest.mark.parametrize(
    ("network", "pair"),
    [
        (["--preset", "softmax-regression"], "w1:407:3,b1:3"),
        (["--preset", "mlp", "--hidden", "16"], "w1:407:3,w2:3:3"),  # across two layers
        (["--loss", "cross_entropy"], "b0:300,b1:3"),  # the tutorial's, another loss
    ],
)
def test_surface_of_every_network(
    network: list[str], pair: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["surface", *network, "--pair", pair, "--grid", "5", "--json"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("network: ")
    result = _last_json(out)
    assert result["center_loss"] == pytest.approx(result["model_loss"], rel=1e-9)


def test_explain_prints_lines_and_with_json_the_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "--sample", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("valid sample 3 (label ")
    assert lines[0].endswith("initial parameters of seed 0")
    assert not lines[-1].startswith("{")  # text only, unless --json

    assert main(["explain", "--sample", "3", "--parameter", "b0[300]", "--json"]) == 0
    result = _last_json(capsys.readouterr().out)
    assert set(EXPLAIN_KEYS) <= set(result) and result["sample"] == 3
    assert result["jacobian_vs_fast"] < 1e-10
    chain = result["chain"]
    assert chain["name"] == "b0" and chain["total"] == pytest.approx(chain["fast"], abs=1e-12)


def test_explain_at_a_checkpoint_and_with_another_loss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ckpt = tmp_path / "tutorial.npz"
    assert main(["train", "--epochs", "1", "--save", str(ckpt)]) == 0
    capsys.readouterr()
    assert main(["explain", "--sample", "0", "--load", str(ckpt), "--json"]) == 0
    trained = _last_json(capsys.readouterr().out)
    assert trained["params"] == f"checkpoint {ckpt}"
    assert main(["explain", "--sample", "0", "--json"]) == 0
    assert trained["loss"] < _last_json(capsys.readouterr().out)["loss"]  # it learned
    assert main(["explain", "--sample", "0", "--loss", "cross_entropy", "--json"]) == 0
    assert _last_json(capsys.readouterr().out)["jacobian_vs_fast"] < 1e-10


def test_explain_refuses_other_networks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--sample", "0", "--preset", "softmax-regression"]) == 2
    err = capsys.readouterr().err
    assert "explain writes out the tutorial's chain rule" in err
    assert "softmax regression 784-10" in err and len(err.strip().splitlines()) == 1
