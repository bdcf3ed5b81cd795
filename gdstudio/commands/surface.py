"""`gdstudio surface`: the loss over two parameters of the network, and descent on them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gdstudio.commands.options import (
    JSON_HELP,
    Commands,
    add_model_options,
    count,
    network,
    positive,
    positive_int,
    print_network,
)
from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.surfaces.surface import DATA_CHOICES
from gdstudio.core.surfaces.surface_report import pair_report, starting_params
from gdstudio.core.training.presets import DEFAULT_PRESET, preset


def add_surface(commands: Commands) -> None:
    surface = commands.add_parser("surface", help="the loss over two parameters of the network")
    surface.set_defaults(run=run_surface)
    surface.add_argument(
        "--pair", required=True, help="two parameters, e.g. w1:407:3,b1:3 (or w2:0:3,b2:3 of mlp)"
    )
    surface.add_argument("--grid", type=positive_int, default=101, help="points per side")
    surface.add_argument(
        "--span", type=positive, help="half the side of the square (default: from the gradient)"
    )
    surface.add_argument(
        "--data",
        choices=DATA_CHOICES,
        default="train",
        help="the samples the loss is the mean over (default train)",
    )
    surface.add_argument(
        "--descend",
        type=count,
        default=0,
        metavar="STEPS",
        help="gradient descent on the two for this many steps",
    )
    surface.add_argument("--lr", type=positive, default=1.0, help="alpha for --descend")
    surface.add_argument(
        "--load",
        type=Path,
        help="at this checkpoint's parameters (default: after one epoch of the preset's training)",
    )
    surface.add_argument("--json", action="store_true", help=JSON_HELP)
    add_model_options(surface)


def run_surface(args: argparse.Namespace) -> int:
    model, checkpoint = network(args)
    dataset = load_dataset("embedded")
    if checkpoint:
        params = checkpoint.params
    else:
        params = starting_params(dataset, model, preset(args.preset or DEFAULT_PRESET).train)
    print_network(model)
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
