"""`gdstudio gradcheck` and `gdstudio explain`: the gradients checked by finite differences,
and the chain rule's numbers for one sample."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from gdstudio.commands import options
from gdstudio.commands.options import Commands
from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.files.checkpoint import load_checkpoint
from gdstudio.core.nn.explain import explain_sample, parse_parameter, summary_lines
from gdstudio.core.nn.gradcheck import check_gradients, generic_point
from gdstudio.core.nn.model import TutorialNet, build_model

#: gradcheck passes when both paths are this close to finite differences ...
GRADCHECK_TOLERANCE = 1e-6
#: ... and this close to each other
PATHS_TOLERANCE = 1e-10


def add_gradcheck(commands: Commands) -> None:
    grad = commands.add_parser("gradcheck", help="check both gradient paths by finite differences")
    grad.set_defaults(run=run_gradcheck)
    grad.add_argument(
        "--samples", type=options.positive_int, default=10, help="training samples (default 10)"
    )
    options.add_seed_option(grad, 0, "the random point the gradients are checked at")
    grad.add_argument("--h", type=options.positive, default=1e-5, help="finite-difference step")
    grad.add_argument("--load", type=Path, help="check at this checkpoint's parameters")
    grad.add_argument("--json", action="store_true", help=options.JSON_HELP)
    options.add_model_options(grad)


def add_explain(commands: Commands) -> None:
    explain = commands.add_parser(
        "explain",
        help="the chain rule's numbers for one sample (Jacobian path), as text; --json adds JSON",
        description="The chain rule's numbers for one sample of the tutorial's network (the "
        "Jacobian path), printed as readable lines; with --json they end with one JSON line.",
    )
    explain.set_defaults(run=run_explain)
    explain.add_argument("--sample", type=options.count, required=True, help="index in the split")
    explain.add_argument(
        "--split",
        default="valid",
        choices=["train", "valid", "test"],
        help="the split the sample is in (default valid)",
    )
    explain.add_argument("--dataset", default="embedded", help=options.DATASET_HELP)
    explain.add_argument(
        "--load", type=Path, help="at this checkpoint's parameters (default: seed 0's initial ones)"
    )
    explain.add_argument(
        "--parameter",
        metavar="ENTRY",
        help="also write out the chain-rule sum for one entry, e.g. w1[407,3], b0[300], b1[7]",
    )
    explain.add_argument("--json", action="store_true", help="end with one JSON line")
    options.add_model_options(explain, "tutorial's network only: --loss and --activation may vary")


def run_gradcheck(args: argparse.Namespace) -> int:
    chosen = options.chosen_model(args)
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
    options.print_network(model)
    print(f"gradient check on {args.samples} samples, h = {args.h:g} (relative errors)")
    print(f"{'group':<6} {'fast vs FD':>12} {'Jacobian vs FD':>15}")
    for name in model.param_names:
        print(f"{name:<6} {result.fast[name]:>12.2e} {result.jacobian[name]:>15.2e}")
    print(f"Jacobian path vs fast path: {result.jacobian_vs_fast:.2e}")
    print("PASS" if passed else "FAIL")
    if args.json:
        print(json.dumps({**worst, "jacobian_vs_fast": result.jacobian_vs_fast, "passed": passed}))
    return 0 if passed else 1


def run_explain(args: argparse.Namespace) -> int:
    model, checkpoint = options.network(args)
    if not isinstance(model, TutorialNet):
        raise options.UsageError(
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
