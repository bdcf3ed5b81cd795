"""What the headless commands share: the user's-error exception, option types, the network
and training options and how they become a model and a TrainConfig."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import NoReturn, TypeAlias, TypeVar

from gdstudio.core.files.checkpoint import Checkpoint, load_checkpoint
from gdstudio.core.nn.functions import ACTIVATIONS, LOSSES
from gdstudio.core.nn.model import LayeredNet, ModelConfig, build_model
from gdstudio.core.nn.optimizers import OPTIMIZERS, SCHEDULES
from gdstudio.core.training.presets import DEFAULT_PRESET, PRESETS, preset
from gdstudio.core.training.trainer import TrainConfig

N = TypeVar("N", int, float)

#: the --dataset option's help, the same for every command that has it
DATASET_HELP = "embedded, mnist, fashion or a folder"
#: the --json option's help of the commands whose results end with one JSON line
JSON_HELP = "end with one JSON line of results"


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2.

    `prog` is the command it is about ("gdstudio train"), when not the running one.
    """

    def __init__(self, message: str, prog: str | None = None) -> None:
        super().__init__(message)
        self.prog = prog


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are UsageErrors, for `main` to print as one line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


#: what `add_subparsers` returns: each command module adds its parsers to it
Commands: TypeAlias = "argparse._SubParsersAction[Parser]"


def add_model_options(parser: argparse.ArgumentParser, note: str = "") -> None:
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
        "--hidden", type=positive_int, metavar="H", help="hidden units (mlp: 16 to 512)"
    )


def add_seed_option(parser: argparse.ArgumentParser, default: int, what: str) -> None:
    parser.add_argument(
        "--seed", type=count, default=default, help=f"seed of the {what} (default {default})"
    )


def add_training_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--optimizer", choices=list(OPTIMIZERS), help="the update rule")
    parser.add_argument(
        "--weight-decay", type=non_negative, help="L2: add this times w to each gradient"
    )
    parser.add_argument(
        "--schedule",
        choices=[s for s in SCHEDULES],
        help="learning-rate schedule: step (x0.1 every 5 epochs) or cosine over the epochs",
    )


def chosen_model(args: argparse.Namespace) -> ModelConfig | None:
    """The network the options ask for, or None if they name none (no preset or setting)."""
    settings = {"loss": args.loss, "activation": args.activation, "hidden": args.hidden}
    given = {k: v for k, v in settings.items() if v is not None}
    if args.preset is None and not given:
        return None
    config = preset(args.preset or DEFAULT_PRESET).model
    if "hidden" in given and config.architecture != "mlp":
        raise UsageError("--hidden applies to the mlp preset only")
    return ModelConfig.from_dict({**config.to_dict(), **given}).canonical()


def chosen_training(args: argparse.Namespace, base: TrainConfig) -> dict[str, object]:
    """The training settings given on the command line, as TrainConfig fields over `base`."""
    chosen = {
        "optimizer": args.optimizer,
        "weight_decay": args.weight_decay,
        "schedule": args.schedule,
    }
    return {k: v if v is not None else getattr(base, k) for k, v in chosen.items()}


def network(args: argparse.Namespace) -> tuple[LayeredNet, Checkpoint | None]:
    """The network the options name and the checkpoint of --load: without network options a
    checkpoint's own network is used; with them, it must match. The tutorial's by default."""
    chosen = chosen_model(args)
    checkpoint = load_checkpoint(args.load, expect=chosen) if args.load else None
    return build_model(chosen or (checkpoint.config if checkpoint else None)), checkpoint


def print_network(model: LayeredNet) -> None:
    if model.config != ModelConfig():
        print(f"network: {model.config.describe()}")


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _number_type(
    convert: Callable[[str], N], noun: str, accept: Callable[[N], bool], expected: str
) -> Callable[[str], N]:
    """An argparse type: `convert` the text, then refuse values that `accept` does not."""

    def parse(text: str) -> N:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {noun}, got {text!r}") from None
        if not accept(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return parse


positive = _number_type(
    float, "a number", lambda v: math.isfinite(v) and v > 0, "a positive number"
)
non_negative = _number_type(
    float, "a number", lambda v: math.isfinite(v) and v >= 0, "a number of 0 or more"
)
positive_int = _number_type(int, "a whole number", lambda v: v >= 1, "a whole number of at least 1")
count = _number_type(int, "a whole number", lambda v: v >= 0, "a whole number of at least 0")


def lr_list(text: str) -> list[float]:
    words = [w.strip() for w in text.split(",")]
    if not all(words):
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {text!r}")
    return [positive(w) for w in words]
