"""`gdstudio data`: list the dataset sources, download or verify MNIST's files."""

from __future__ import annotations

import argparse
import sys

from gdstudio.commands.options import Commands
from gdstudio.commands.progress import ProgressBar
from gdstudio.core.data.datasets import available_sources
from gdstudio.core.data.download import MIRROR_VARIABLE, MNIST_FILES, download_mnist, verify_files
from gdstudio.core.files.paths import mnist_cache_dir


def add_data(commands: Commands) -> None:
    data = commands.add_parser("data", help="list, download or verify datasets")
    data.set_defaults(run=run_data)
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


def run_data(args: argparse.Namespace) -> int:
    if args.action == "list":
        for source in available_sources():
            mark = "yes" if source.available else "no "
            print(f"{source.name:<9} {mark}  {source.label}")
            print(f"{'':15}{source.location}\n{'':15}{source.note}")
        return 0
    folder = mnist_cache_dir()
    if args.action == "download":
        bar = ProgressBar(sys.stderr, 0)
        download_mnist(folder, mirrors=args.mirror, progress=bar.update_with_total)
        bar.clear()
        print(f"MNIST is in {folder}")
    status = verify_files(folder, MNIST_FILES)
    for name, state in status.items():
        print(f"{name:<28} {state}")
    return 0 if all(state == "ok" for state in status.values()) else 1
