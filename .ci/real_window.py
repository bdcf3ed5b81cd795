"""The real window on a real X display (Xvfb, 1280×800), driven by xdotool as a person would:
Space trains, Ctrl+Shift+S saves the session through Qt's file dialog, Ctrl+Q quits; then a
second start must not offer to restore anything (the quit was a normal one) and quits again.
Each run must exit 0 with nothing on stderr.

Usage: python .ci/real_window.py GDSTUDIO_COMMAND...   (e.g. /path/venv/bin/gdstudio)
Needs Xvfb and xdotool (Debian: xvfb xdotool).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SCREEN = "1280x800x24"
TITLE = "GD Studio: gradient"


def wait_for(what: str, condition: Callable[[], bool], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"real window: timed out waiting for {what}")
        time.sleep(0.1)


def xdotool(*args: str) -> str:
    done = subprocess.run(["xdotool", *args], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def windows(name: str) -> list[str]:
    return xdotool("search", "--onlyvisible", "--name", name).split()


def start_app(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as err:
        app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
    wait_for("the main window", lambda: bool(windows(TITLE)))
    return app


def quit_app(app: subprocess.Popen[bytes], window: str, log: Path, run: str) -> None:
    xdotool("windowfocus", "--sync", window)
    xdotool("key", "--window", window, "ctrl+q")
    code = app.wait(timeout=30)
    errors = log.read_text(errors="replace").strip()
    if code != 0 or errors:
        raise SystemExit(f"real window, {run}: exit code {code}, stderr:\n{errors}")


def main(command: list[str]) -> None:
    home = Path(tempfile.mkdtemp(prefix="gdstudio-real-window-"))
    display = ":" + str(90 + os.getpid() % 100)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", SCREEN, "-nolisten", "tcp"])
    try:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "GDSTUDIO_DATA": str(home / "data"),
            "LANG": "C.UTF-8",
        }
        socket = Path("/tmp/.X11-unix") / f"X{display[1:]}"
        wait_for("Xvfb", socket.exists, 10)
        os.environ["DISPLAY"] = display  # for xdotool
        log = home / "stderr.txt"

        app = start_app(command, env, log)
        window = windows(TITLE)[0]
        xdotool("windowfocus", "--sync", window)
        xdotool("key", "--window", window, "space")  # train the tutorial's 5 epochs
        autosave = home / "data" / "autosave.gdsession"
        wait_for("the autosave after the first epoch", autosave.exists)
        session = home / "lesson.gdsession"
        xdotool("key", "--window", window, "ctrl+shift+s")
        wait_for("the Save session dialog", lambda: bool(windows("Save session")))
        dialog = windows("Save session")[0]
        xdotool("windowfocus", "--sync", dialog)
        xdotool("key", "--window", dialog, "ctrl+a")
        xdotool("type", "--window", dialog, str(session))
        xdotool("key", "--window", dialog, "Return")
        wait_for("the saved session", session.exists)
        quit_app(app, window, log, "first start")

        app = start_app(command, env, log)
        window = windows(TITLE)[0]
        offer = "Restore the last session?"
        try:  # the offer comes, if at all, right after the window shows
            wait_for("a restore offer", lambda: bool(windows(offer)), 3)
        except SystemExit:
            pass
        else:
            xdotool("key", "--window", windows(offer)[0], "Escape")
            quit_app(app, window, log, "second start")
            raise SystemExit("real window: a normal quit was followed by a restore offer")
        quit_app(app, window, log, "second start")
        print(f"real window: trained, saved {session.stat().st_size:,} bytes, quit twice cleanly")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


if __name__ == "__main__":
    main(sys.argv[1:])
