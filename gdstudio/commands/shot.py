"""`gdstudio shot`: train headless and save a screenshot of one view (loads Qt when run)."""

from __future__ import annotations

import argparse
from pathlib import Path

from gdstudio.commands.options import DATASET_HELP, Commands, count
from gdstudio.ui.window.shot import VIEWS  # a plain list: importing it loads no Qt


def add_shot(commands: Commands) -> None:
    shot = commands.add_parser("shot", help="train headless and save a screenshot of a view")
    shot.set_defaults(run=run_shot)
    shot.add_argument(
        "--view", default="training", choices=VIEWS, help="the tab to show (default training)"
    )
    shot.add_argument(
        "--epochs", type=count, default=1, help="epochs to train first (default 1; 0: none)"
    )
    shot.add_argument("--out", type=Path, required=True, help="the PNG to write")
    shot.add_argument(
        "--lang", default="en", choices=["en", "zh_CN"], help="the interface language"
    )
    shot.add_argument("--dataset", default="embedded", help=DATASET_HELP)


def run_shot(args: argparse.Namespace) -> int:
    from gdstudio.ui.window.shot import take_shot

    take_shot(args.view, args.out, epochs=args.epochs, lang=args.lang, dataset=args.dataset)
    print(f"saved {args.out}")
    return 0
