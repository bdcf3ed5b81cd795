"""`gdstudio train` and `gdstudio sweep`: training headless, one run or one per learning rate."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from gdstudio.commands.options import (
    DATASET_HELP,
    JSON_HELP,
    Commands,
    UsageError,
    add_model_options,
    add_seed_option,
    add_training_options,
    chosen_model,
    chosen_training,
    lr_list,
    network,
    plural,
    positive,
    positive_int,
)
from gdstudio.commands.progress import ProgressBar
from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.files.checkpoint import Checkpoint, save_checkpoint
from gdstudio.core.files.paths import data_dir
from gdstudio.core.nn.model import build_model
from gdstudio.core.training.experiments import sweep
from gdstudio.core.training.presets import DEFAULT_PRESET, preset
from gdstudio.core.training.reports import EpochMetrics
from gdstudio.core.training.trainer import TrainConfig, Trainer


def add_train(commands: Commands) -> None:
    defaults = TrainConfig()
    train = commands.add_parser("train", help="train the network headless")
    train.set_defaults(run=run_train)
    train.add_argument("--dataset", default="embedded", help=DATASET_HELP)
    train.add_argument(
        "--epochs",
        type=positive_int,
        help=f"epochs to train (default: the preset's; {defaults.epochs} for tutorial)",
    )
    train.add_argument("--lr", type=positive, help=f"learning rate alpha (default {defaults.lr:g})")
    train.add_argument(
        "--batch", type=positive_int, help=f"batch size (default {defaults.batch_size})"
    )
    add_seed_option(train, defaults.seed, "initial weights and batch order")
    train.add_argument("--target-accuracy", type=float, help="stop at this validation accuracy")
    train.add_argument("--save", type=Path, help="write a checkpoint here at the end")
    train.add_argument("--load", type=Path, help="start from this checkpoint")
    train.add_argument("--json", action="store_true", help=JSON_HELP)
    add_model_options(train)
    add_training_options(train)


def add_sweep(commands: Commands) -> None:
    defaults = TrainConfig()
    sweep_parser = commands.add_parser(
        "sweep", help="train one run per learning rate, side by side"
    )
    sweep_parser.set_defaults(run=run_sweep)
    sweep_parser.add_argument(
        "--lr", type=lr_list, required=True, metavar="A,B,...", help="e.g. 0.1,1,10,30"
    )
    sweep_parser.add_argument(
        "--epochs", type=positive_int, default=3, help="epochs each (default 3)"
    )
    sweep_parser.add_argument(
        "--batch",
        type=positive_int,
        default=defaults.batch_size,
        help=f"batch size (default {defaults.batch_size})",
    )
    add_seed_option(
        sweep_parser, defaults.seed, "initial weights and batch order, the same for all"
    )
    sweep_parser.add_argument("--dataset", default="embedded", help=DATASET_HELP)
    sweep_parser.add_argument("--json", action="store_true", help=JSON_HELP)
    add_model_options(sweep_parser)
    add_training_options(sweep_parser)


def run_train(args: argparse.Namespace) -> int:
    if args.save:
        _check_writable(args.save)  # before training, not after
    dataset = load_dataset(args.dataset)
    model, checkpoint = network(args)
    defaults = preset(args.preset or DEFAULT_PRESET).train_config()
    config = TrainConfig(
        lr=args.lr or (checkpoint.lr if checkpoint else defaults.lr),
        batch_size=args.batch or (checkpoint.batch_size if checkpoint else defaults.batch_size),
        epochs=defaults.epochs if args.epochs is None else args.epochs,
        seed=args.seed,
        target_valid_accuracy=args.target_accuracy,
        **chosen_training(args, defaults),  # type: ignore[arg-type]
    )
    trainer = Trainer(dataset, config, model, checkpoint.params if checkpoint else None)
    out = sys.stdout
    print(
        f"training on {dataset.name} ({len(dataset.train):,} train / {len(dataset.valid):,} "
        f"validation / {len(dataset.test):,} test), alpha = {config.lr:g}, "
        f"batch {config.batch_size}, {plural(config.epochs, 'epoch')}, seed {config.seed}",
        file=out,
    )
    bar = ProgressBar(sys.stderr, config.epochs * len(dataset.train))
    diverged = False
    for report in trainer.run():
        bar.update(report.epoch * len(dataset.train))
        for event in report.events:
            bar.clear()
            print(f"warning: {event.message}", file=out)
            diverged = diverged or event.diverged
        if report.epoch_end:
            bar.clear()
            print(_epoch_line(report.epoch_end, config.epochs), file=out)
    bar.clear()
    test_loss, test_accuracy = trainer.evaluate("test")
    print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f}", file=out)
    if args.save:
        _save_result(
            args.save,
            Checkpoint(
                params=trainer.params,
                config=model.config,
                dataset=dataset.name,
                epoch=trainer.epoch + (checkpoint.epoch if checkpoint else 0),
                step=trainer.step_count + (checkpoint.step if checkpoint else 0),
                lr=trainer.base_lr,
                batch_size=trainer.batch_size,
                seed=config.seed,
                history=(checkpoint.history if checkpoint else [])
                + [m.__dict__ for m in trainer.history],
            ),
        )
        print(f"saved checkpoint {args.save}", file=out)
    if args.json:
        last = trainer.history[-1] if trainer.history else None
        train_loss, _ = (last.train_loss, 0) if last else trainer.evaluate("train")
        valid_loss, valid_accuracy = (
            (last.valid_loss, last.valid_accuracy) if last else trainer.evaluate("valid")
        )
        result = {
            "epochs": len(trainer.history),
            "train_loss": train_loss,
            "valid_loss": valid_loss,
            "valid_accuracy": valid_accuracy,
            "test_accuracy": test_accuracy,
            "test_loss": test_loss,
            "samples_per_second": _throughput(trainer.history),
            "diverged": diverged,
        }
        print(json.dumps(result), file=out)
    return 0


def run_sweep(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.dataset)
    rates = ", ".join(f"{lr:g}" for lr in args.lr)
    print(
        f"sweeping alpha = {rates} on {dataset.name}: batch {args.batch}, "
        f"{plural(args.epochs, 'epoch')}, "
        f"seed {args.seed} (same start, same batches)"
    )
    base = preset(args.preset or DEFAULT_PRESET).train_config()
    base = TrainConfig(**{**base.__dict__, **chosen_training(args, base)})
    results = sweep(
        dataset,
        args.lr,
        epochs=args.epochs,
        batch_size=args.batch,
        seed=args.seed,
        model=build_model(chosen_model(args)),
        base=base,
    )
    for r in results:
        print(
            f"alpha = {r.lr:<8g} validation accuracy {r.valid_accuracy:.4f}, "
            f"test accuracy {r.test_accuracy:.4f}, final loss {r.final_loss:.4f}, "
            f"{'diverged' if r.diverged else 'ok'}"
        )
        for warning in r.warnings:
            print(f"  warning: {warning}")
    if args.json:
        print(json.dumps([r.to_dict() for r in results]))
    return 0


def _check_writable(path: Path) -> None:
    """UsageError unless a file can be written at `path` (tried with a temporary file)."""
    if path.is_dir():
        raise UsageError(f"--save {path}: is a folder; give a file name such as {path / 'run.npz'}")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"--save {path}: the folder {folder} does not exist")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise UsageError(f"--save {path}: cannot write in {folder} ({e.strerror or e})") from None


def _save_result(path: Path, checkpoint: Checkpoint) -> None:
    """Save `checkpoint` at `path`; if that fails (a full disk), keep it in GD Studio's data
    folder or the temporary folder, and say where in the error."""
    try:
        save_checkpoint(path, checkpoint)
        return
    except OSError as e:
        problem = e.strerror or str(e)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (data_dir() / "unsaved", Path(tempfile.gettempdir())):
        kept = folder / f"{path.stem}-{stamp}{path.suffix or '.npz'}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            save_checkpoint(kept, checkpoint)
        except OSError:
            continue
        raise UsageError(
            f"could not write {path} ({problem}); the trained result is kept in {kept}"
        )
    raise UsageError(f"could not write {path} ({problem}), nor keep the trained result elsewhere")


def _epoch_line(m: EpochMetrics, epochs: int) -> str:
    return (
        f"epoch {m.epoch}/{epochs}: train loss {m.train_loss:.4f}, "
        f"validation loss {m.valid_loss:.4f}, validation accuracy {m.valid_accuracy:.4f}, "
        f"{m.samples_per_second:,.0f} samples/s"
    )


def _throughput(history: Sequence[EpochMetrics]) -> float | None:
    if not history:
        return None
    return len(history) / sum(1 / m.samples_per_second for m in history)
