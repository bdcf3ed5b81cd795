"""Command line: `gdstudio` opens the window; each command runs headless.

Errors of the user (bad arguments, files or data: `USER_ERRORS`) end with one line and exit
status 2; any other exception is a bug in gdstudio and ends with its traceback and status 1.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

import numpy as np

from gdstudio import __version__
from gdstudio.core.checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from gdstudio.core.datasets import available_sources, load_dataset
from gdstudio.core.download import (
    MIRROR_VARIABLE,
    MNIST_FILES,
    DownloadError,
    download_mnist,
    verify_files,
)
from gdstudio.core.experiments import sweep
from gdstudio.core.explain import explain_sample, parse_parameter, summary_lines
from gdstudio.core.functions import ACTIVATIONS, LOSSES
from gdstudio.core.gradcheck import check_gradients, generic_point
from gdstudio.core.idx import DataError
from gdstudio.core.model import ConfigError, LayeredNet, ModelConfig, TutorialNet, build_model
from gdstudio.core.optimizers import OPTIMIZERS, SCHEDULES
from gdstudio.core.param_refs import ParamError
from gdstudio.core.paths import data_dir, mnist_cache_dir
from gdstudio.core.presets import DEFAULT_PRESET, PRESETS, preset
from gdstudio.core.surface import DATA_CHOICES
from gdstudio.core.surface_report import pair_report, starting_params
from gdstudio.core.trainer import EpochMetrics, TrainConfig, Trainer
from gdstudio.ui.shot import VIEWS  # a plain list: importing it loads no Qt

#: gradcheck passes when both paths are this close to finite differences ...
GRADCHECK_TOLERANCE = 1e-6
#: ... and this close to each other
PATHS_TOLERANCE = 1e-10


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2.

    `prog` is the command it is about ("gdstudio train"), when not the running one.
    """

    def __init__(self, message: str, prog: str | None = None) -> None:
        super().__init__(message)
        self.prog = prog


#: what a user can get wrong: one line and exit status 2; anything else is a bug
USER_ERRORS = (
    UsageError,
    DataError,
    CheckpointError,
    ConfigError,
    ParamError,
    DownloadError,
    OSError,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gdstudio")
    parser.add_argument("--version", action="version", version=f"gdstudio {__version__}")
    parser.add_argument(
        "--quit-after", type=float, metavar="SECONDS", help="open the window, then close it"
    )
    commands = parser.add_subparsers(
        dest="command", parser_class=_Parser, title="commands", metavar="COMMAND"
    )

    defaults = TrainConfig()
    train = commands.add_parser("train", help="train the network headless")
    train.add_argument("--dataset", default="embedded", help="embedded, mnist, fashion or a folder")
    train.add_argument(
        "--epochs",
        type=_positive_int,
        help=f"epochs to train (default: the preset's; {defaults.epochs} for tutorial)",
    )
    train.add_argument(
        "--lr", type=_positive, help=f"learning rate alpha (default {defaults.lr:g})"
    )
    train.add_argument(
        "--batch", type=_positive_int, help=f"batch size (default {defaults.batch_size})"
    )
    _add_seed_option(train, defaults.seed, "initial weights and batch order")
    train.add_argument("--target-accuracy", type=float, help="stop at this validation accuracy")
    train.add_argument("--save", type=Path, help="write a checkpoint here at the end")
    train.add_argument("--load", type=Path, help="start from this checkpoint")
    train.add_argument("--json", action="store_true", help="end with one JSON line of results")
    _add_model_options(train)
    _add_training_options(train)

    grad = commands.add_parser("gradcheck", help="check both gradient paths by finite differences")
    grad.add_argument(
        "--samples", type=_positive_int, default=10, help="training samples (default 10)"
    )
    _add_seed_option(grad, 0, "the random point the gradients are checked at")
    grad.add_argument("--h", type=_positive, default=1e-5, help="finite-difference step")
    grad.add_argument("--load", type=Path, help="check at this checkpoint's parameters")
    grad.add_argument("--json", action="store_true", help="end with one JSON line of results")
    _add_model_options(grad)

    sweep = commands.add_parser("sweep", help="train one run per learning rate, side by side")
    sweep.add_argument(
        "--lr", type=_lr_list, required=True, metavar="A,B,...", help="e.g. 0.1,1,10,30"
    )
    sweep.add_argument("--epochs", type=_positive_int, default=3, help="epochs each (default 3)")
    sweep.add_argument(
        "--batch",
        type=_positive_int,
        default=defaults.batch_size,
        help=f"batch size (default {defaults.batch_size})",
    )
    _add_seed_option(sweep, defaults.seed, "initial weights and batch order, the same for all")
    sweep.add_argument("--dataset", default="embedded", help="embedded, mnist, fashion or a folder")
    sweep.add_argument("--json", action="store_true", help="end with one JSON line of results")
    _add_model_options(sweep)
    _add_training_options(sweep)

    surface = commands.add_parser("surface", help="the loss over two parameters of the network")
    surface.add_argument(
        "--pair", required=True, help="two parameters, e.g. w1:407:3,b1:3 (or w2:0:3,b2:3 of mlp)"
    )
    surface.add_argument("--grid", type=_positive_int, default=101, help="points per side")
    surface.add_argument(
        "--span", type=_positive, help="half the side of the square (default: from the gradient)"
    )
    surface.add_argument(
        "--data",
        choices=DATA_CHOICES,
        default="train",
        help="the samples the loss is the mean over (default train)",
    )
    surface.add_argument(
        "--descend",
        type=_count,
        default=0,
        metavar="STEPS",
        help="gradient descent on the two for this many steps",
    )
    surface.add_argument("--lr", type=_positive, default=1.0, help="alpha for --descend")
    surface.add_argument(
        "--load",
        type=Path,
        help="at this checkpoint's parameters (default: after one epoch of the preset's training)",
    )
    surface.add_argument("--json", action="store_true", help="end with one JSON line of results")
    _add_model_options(surface)

    explain = commands.add_parser(
        "explain",
        help="the chain rule's numbers for one sample (Jacobian path), as text; --json adds JSON",
        description="The chain rule's numbers for one sample of the tutorial's network (the "
        "Jacobian path), printed as readable lines; with --json they end with one JSON line.",
    )
    explain.add_argument("--sample", type=_count, required=True, help="index in the split")
    explain.add_argument(
        "--split",
        default="valid",
        choices=["train", "valid", "test"],
        help="the split the sample is in (default valid)",
    )
    explain.add_argument(
        "--dataset", default="embedded", help="embedded, mnist, fashion or a folder"
    )
    explain.add_argument(
        "--load", type=Path, help="at this checkpoint's parameters (default: seed 0's initial ones)"
    )
    explain.add_argument(
        "--parameter",
        metavar="ENTRY",
        help="also write out the chain-rule sum for one entry, e.g. w1[407,3], b0[300], b1[7]",
    )
    explain.add_argument("--json", action="store_true", help="end with one JSON line")
    _add_model_options(explain, "tutorial's network only: --loss and --activation may vary")

    shot = commands.add_parser("shot", help="train headless and save a screenshot of a view")
    shot.add_argument(
        "--view", default="training", choices=VIEWS, help="the tab to show (default training)"
    )
    shot.add_argument(
        "--epochs", type=_count, default=1, help="epochs to train first (default 1; 0: none)"
    )
    shot.add_argument("--out", type=Path, required=True, help="the PNG to write")
    shot.add_argument(
        "--lang", default="en", choices=["en", "zh_CN"], help="the interface language"
    )
    shot.add_argument("--dataset", default="embedded", help="embedded, mnist, fashion or a folder")

    data = commands.add_parser("data", help="list, download or verify datasets")
    data.add_argument(
        "action",
        choices=["list", "download", "verify"],
        help="list the sources, or download or verify a source's files",
    )
    data.add_argument(
        "source", nargs="?", default="mnist", choices=["mnist"], help="(default mnist)"
    )
    data.add_argument(
        "--mirror",
        action="append",
        metavar="URL",
        help=f"download from this server's copy of the four files instead (repeatable; "
        f"default: ${MIRROR_VARIABLE}, else the public mirrors)",
    )
    parser.description = (
        "Without a command, open the window. Each command runs headless: "
        f"{', '.join(commands.choices)}. 'gdstudio COMMAND --help' tells more."
    )
    return parser


def _add_model_options(parser: argparse.ArgumentParser, note: str = "") -> None:
    """--preset and the network settings that override the preset's."""
    parser.add_argument(
        "--preset",
        choices=list(PRESETS),
        help=f"network and training settings to start from (default {DEFAULT_PRESET})"
        + (f"; {note}" if note else ""),
    )
    parser.add_argument("--loss", choices=list(LOSSES), help="the loss after the softmax")
    parser.add_argument(
        "--activation", choices=list(ACTIVATIONS), help="the hidden layer's activation"
    )
    parser.add_argument(
        "--hidden", type=_positive_int, metavar="H", help="hidden units (mlp: 16 to 512)"
    )


def _add_seed_option(parser: argparse.ArgumentParser, default: int, what: str) -> None:
    parser.add_argument(
        "--seed", type=_count, default=default, help=f"seed of the {what} (default {default})"
    )


def _add_training_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--optimizer", choices=list(OPTIMIZERS), help="the update rule")
    parser.add_argument(
        "--weight-decay", type=_non_negative, help="L2: add this times w to each gradient"
    )
    parser.add_argument(
        "--schedule",
        choices=[s for s in SCHEDULES],
        help="learning-rate schedule: step (x0.1 every 5 epochs) or cosine over the epochs",
    )


def _chosen_model(args: argparse.Namespace) -> ModelConfig | None:
    """The network the options ask for, or None if they name none (no preset or setting)."""
    settings = {"loss": args.loss, "activation": args.activation, "hidden": args.hidden}
    given = {k: v for k, v in settings.items() if v is not None}
    if args.preset is None and not given:
        return None
    config = preset(args.preset or DEFAULT_PRESET).model
    if "hidden" in given and config.architecture != "mlp":
        raise UsageError("--hidden applies to the mlp preset only")
    return ModelConfig.from_dict({**config.to_dict(), **given}).canonical()


def _chosen_training(args: argparse.Namespace, base: TrainConfig) -> dict[str, object]:
    """The training settings given on the command line, as TrainConfig fields over `base`."""
    chosen = {
        "optimizer": args.optimizer,
        "weight_decay": args.weight_decay,
        "schedule": args.schedule,
    }
    return {k: v if v is not None else getattr(base, k) for k, v in chosen.items()}


def _network(args: argparse.Namespace) -> tuple[LayeredNet, Checkpoint | None]:
    """The network the options name and the checkpoint of --load: without network options a
    checkpoint's own network is used; with them, it must match. The tutorial's by default."""
    chosen = _chosen_model(args)
    checkpoint = load_checkpoint(args.load, expect=chosen) if args.load else None
    return build_model(chosen or (checkpoint.config if checkpoint else None)), checkpoint


def _print_network(model: LayeredNet) -> None:
    if model.config != ModelConfig():
        print(f"network: {model.config.describe()}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    prog = "gdstudio"
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            from gdstudio.ui.app import run_app

            return run_app(quit_after=args.quit_after)
        prog = f"gdstudio {args.command}"
        handler = {
            "train": _train,
            "gradcheck": _gradcheck,
            "explain": _explain,
            "surface": _surface,
            "sweep": _sweep,
            "data": _data,
            "shot": _shot,
        }
        return handler[args.command](args)
    except USER_ERRORS as e:
        print(f"{getattr(e, 'prog', None) or prog}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print(f"{prog}: internal error: a bug in gdstudio, please report it", file=sys.stderr)
        return 1


def _train(args: argparse.Namespace) -> int:
    if args.save:
        _check_writable(args.save)  # before training, not after
    dataset = load_dataset(args.dataset)
    model, checkpoint = _network(args)
    defaults = preset(args.preset or DEFAULT_PRESET).train_config()
    config = TrainConfig(
        lr=args.lr or (checkpoint.lr if checkpoint else defaults.lr),
        batch_size=args.batch or (checkpoint.batch_size if checkpoint else defaults.batch_size),
        epochs=defaults.epochs if args.epochs is None else args.epochs,
        seed=args.seed,
        target_valid_accuracy=args.target_accuracy,
        **_chosen_training(args, defaults),  # type: ignore[arg-type]
    )
    trainer = Trainer(dataset, config, model, checkpoint.params if checkpoint else None)
    out = sys.stdout
    print(
        f"training on {dataset.name} ({len(dataset.train):,} train / {len(dataset.valid):,} "
        f"validation / {len(dataset.test):,} test), alpha = {config.lr:g}, "
        f"batch {config.batch_size}, {_plural(config.epochs, 'epoch')}, seed {config.seed}",
        file=out,
    )
    bar = _ProgressBar(sys.stderr, config.epochs * len(dataset.train))
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


def _gradcheck(args: argparse.Namespace) -> int:
    chosen = _chosen_model(args)
    dataset = load_dataset("embedded")
    if args.load:
        checkpoint = load_checkpoint(args.load, expect=chosen)
        model, params = build_model(checkpoint.config), checkpoint.params
    else:
        model = build_model(chosen)
        params = generic_point(model, args.seed)
    x = dataset.train.inputs(slice(0, args.samples), dtype=np.float64)
    result = check_gradients(model, params, x, dataset.train.labels[: args.samples], h=args.h)
    worst = {name: result.worst(name) for name in model.param_names}
    passed = (
        max(worst.values()) <= GRADCHECK_TOLERANCE and result.jacobian_vs_fast <= PATHS_TOLERANCE
    )
    _print_network(model)
    print(f"gradient check on {args.samples} samples, h = {args.h:g} (relative errors)")
    print(f"{'group':<6} {'fast vs FD':>12} {'Jacobian vs FD':>15}")
    for name in model.param_names:
        print(f"{name:<6} {result.fast[name]:>12.2e} {result.jacobian[name]:>15.2e}")
    print(f"Jacobian path vs fast path: {result.jacobian_vs_fast:.2e}")
    print("PASS" if passed else "FAIL")
    if args.json:
        print(json.dumps({**worst, "jacobian_vs_fast": result.jacobian_vs_fast, "passed": passed}))
    return 0 if passed else 1


def _sweep(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.dataset)
    rates = ", ".join(f"{lr:g}" for lr in args.lr)
    print(
        f"sweeping alpha = {rates} on {dataset.name}: batch {args.batch}, "
        f"{_plural(args.epochs, 'epoch')}, "
        f"seed {args.seed} (same start, same batches)"
    )
    base = preset(args.preset or DEFAULT_PRESET).train_config()
    base = TrainConfig(**{**base.__dict__, **_chosen_training(args, base)})
    results = sweep(
        dataset,
        args.lr,
        epochs=args.epochs,
        batch_size=args.batch,
        seed=args.seed,
        model=build_model(_chosen_model(args)),
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


def _surface(args: argparse.Namespace) -> int:
    model, checkpoint = _network(args)
    dataset = load_dataset("embedded")
    if checkpoint:
        params = checkpoint.params
    else:
        params = starting_params(dataset, model, preset(args.preset or DEFAULT_PRESET).train)
    _print_network(model)
    report = pair_report(
        model,
        params,
        dataset,
        args.pair,
        n=args.grid,
        half_span=args.span,
        data=args.data,
        descend_steps=args.descend,
        lr=args.lr,
    )
    for line in report.summary():
        print(line)
    if args.json:
        print(json.dumps(report.to_json()))
    return 0


def _explain(args: argparse.Namespace) -> int:
    model, checkpoint = _network(args)
    if not isinstance(model, TutorialNet):
        raise UsageError(
            f"explain writes out the tutorial's chain rule, which the {model.config.describe()} "
            "does not have: the window's Derivation view shows any network, layer by layer"
        )
    dataset = load_dataset(args.dataset)
    params, source = None, None
    if checkpoint:
        params = checkpoint.params
        source = f"checkpoint {args.load}"
    parameter = parse_parameter(args.parameter) if args.parameter else None
    result = explain_sample(
        model, dataset, args.split, args.sample, params, source, parameter=parameter
    )
    for line in summary_lines(result):
        print(line)
    if args.json:
        print(json.dumps(result))
    return 0


def _shot(args: argparse.Namespace) -> int:
    from gdstudio.ui.shot import take_shot

    take_shot(args.view, args.out, epochs=args.epochs, lang=args.lang, dataset=args.dataset)
    print(f"saved {args.out}")
    return 0


def _data(args: argparse.Namespace) -> int:
    if args.action == "list":
        for source in available_sources():
            mark = "yes" if source.available else "no "
            print(f"{source.name:<9} {mark}  {source.label}")
            print(f"{'':15}{source.location}\n{'':15}{source.note}")
        return 0
    folder = mnist_cache_dir()
    if args.action == "download":
        bar = _ProgressBar(sys.stderr, 0)
        download_mnist(folder, mirrors=args.mirror, progress=bar.update_with_total)
        bar.clear()
        print(f"MNIST is in {folder}")
    status = verify_files(folder, MNIST_FILES)
    for name, state in status.items():
        print(f"{name:<28} {state}")
    return 0 if all(state == "ok" for state in status.values()) else 1


class _ProgressBar:
    """A one-line bar on a terminal, redrawn at most ten times a second; silent elsewhere."""

    def __init__(self, stream: TextIO, total: float) -> None:
        self.stream = stream
        self.total = total
        self.enabled = stream.isatty()
        self._drawn_at = 0.0

    def update_with_total(self, done: float, total: float) -> None:
        self.total = total
        self.update(done)

    def update(self, done: float) -> None:
        now = time.monotonic()
        if not self.enabled or self.total <= 0 or now - self._drawn_at < 0.1:
            return
        self._drawn_at = now
        fraction = min(max(done / self.total, 0.0), 1.0)
        filled = math.floor(fraction * 30)
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:6.1%}")
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled and self._drawn_at:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()
            self._drawn_at = 0.0


def _positive(text: str) -> float:
    value = _float(text)
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def _lr_list(text: str) -> list[float]:
    words = [w.strip() for w in text.split(",")]
    if not all(words):
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {text!r}")
    return [_positive(w) for w in words]


def _non_negative(text: str) -> float:
    value = _float(text)
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"expected a number of 0 or more, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _count(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 0, got {text!r}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
