"""Command line: `gdstudio` opens the window; each command runs headless.

The commands live in `gdstudio.commands` (one module a group); this module builds the parser and
keeps the error policy: errors of the user (bad arguments, files or data: `USER_ERRORS`) end with
one line and exit status 2; any other exception is a bug in gdstudio and ends with its traceback
and status 1.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from gdstudio import __version__
from gdstudio.commands.checks import add_explain, add_gradcheck
from gdstudio.commands.data import add_data
from gdstudio.commands.options import Parser, UsageError
from gdstudio.commands.shot import add_shot
from gdstudio.commands.surface import add_surface
from gdstudio.commands.train import add_sweep, add_train
from gdstudio.core.data.download import DownloadError
from gdstudio.core.data.idx import DataError
from gdstudio.core.files.checkpoint import CheckpointError
from gdstudio.core.nn.model import ConfigError
from gdstudio.core.nn.param_refs import ParamError

__all__ = ["USER_ERRORS", "UsageError", "build_parser", "main"]

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


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="gdstudio")
    parser.add_argument("--version", action="version", version=f"gdstudio {__version__}")
    parser.add_argument(
        "--quit-after", type=float, metavar="SECONDS", help="open the window, then close it"
    )
    commands = parser.add_subparsers(
        dest="command", parser_class=Parser, title="commands", metavar="COMMAND"
    )
    for add in (add_train, add_gradcheck, add_sweep, add_surface, add_explain, add_shot, add_data):
        add(commands)
    parser.description = (
        "Without a command, open the window. Each command runs headless: "
        f"{', '.join(commands.choices)}. 'gdstudio COMMAND --help' tells more."
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    prog = "gdstudio"
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            from gdstudio.ui.window.app import run_app

            return run_app(quit_after=args.quit_after)
        prog = f"gdstudio {args.command}"
        result: int = args.run(args)
        return result
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
