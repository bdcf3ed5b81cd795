"""How smooth the window stays while it trains, at full speed or at a teaching pace, offscreen.

A QTimer fires every 10 ms on the GUI thread; its lateness (actual minus expected interval)
says how long the event loop was blocked. Meanwhile the real main window trains the tutorial's
network on the embedded data in its worker thread. At full speed (the default), the same
configuration is also trained headless (the core Trainer alone, no Qt) for the same time, as
the baseline. With ``--pace 20`` the window's Pace is 20 steps a second: the result says how
many steps a second it kept and how many steps each frame carried (1: every step drawn). The
last line printed is JSON.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # the same single BLAS thread as the training benchmark

import argparse  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gdstudio.core.data.datasets import load_dataset  # noqa: E402
from gdstudio.core.training.trainer import TrainConfig, Trainer  # noqa: E402

TICK_MS = 10
EPOCHS = 10_000  # more than the measurement can finish


def headless_rate(seconds: float) -> float:
    trainer = Trainer(load_dataset("embedded"), TrainConfig(epochs=EPOCHS))
    samples, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        samples += trainer.step().batch_size
    return samples / (time.perf_counter() - start)


def gui_run(seconds: float, pace: float = 0.0) -> tuple[float, list[float], list[int], float]:
    """Train in the window for about `seconds` at `pace` steps/s (0: full speed); the samples/s,
    the timer's lateness in ms, the number of steps in each frame that carried some, and the
    seconds it trained."""
    from gdstudio.ui.window.application import configure_pyqtgraph
    from gdstudio.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    configure_pyqtgraph()
    folder = tempfile.mkdtemp()
    store = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    os.environ["GDSTUDIO_DATA"] = folder  # autosaves go to a scratch folder
    window = MainWindow(settings_store=store, offer_restore=False)
    window.resize(1280, 800)
    window.show()
    window.controls.set_config(TrainConfig(epochs=EPOCHS))
    window.reset()
    window.set_pace(pace)

    lateness: list[float] = []
    clock = QElapsedTimer()
    last = [0]
    samples = [0]
    per_frame: list[int] = []

    def on_tick() -> None:
        now = clock.elapsed()
        lateness.append(max(now - last[0] - TICK_MS, 0))
        last[0] = now

    def on_frame(frame) -> None:  # type: ignore[no-untyped-def]
        samples[0] += sum(s.batch_size for s in frame.steps)
        if frame.steps:
            per_frame.append(len(frame.steps))

    window.controller.frame.connect(on_frame)
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(on_tick)
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    window.start()
    started = time.perf_counter()
    clock.start()
    timer.start()
    loop.exec()
    timer.stop()
    elapsed = time.perf_counter() - started
    window.close()
    window.deleteLater()
    app.processEvents()
    return samples[0] / elapsed, lateness[1:], per_frame, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--pace", type=float, default=0.0, help="steps per second (0: full speed)")
    parser.add_argument("--json", action="store_true", help="(the JSON line is always printed)")
    args = parser.parse_args()
    if args.pace > 0:
        paced(args.seconds, args.pace)
        return
    headless_before = headless_rate(args.seconds / 2)
    gui, lateness, _, _ = gui_run(args.seconds)
    headless_after = headless_rate(args.seconds / 2)
    headless = (headless_before + headless_after) / 2
    p95 = float(np.percentile(lateness, 95)) if lateness else float("nan")
    print(
        f"timer ticks: {len(lateness)}, lateness p50 {np.median(lateness):.1f} ms, p95 {p95:.1f} ms"
    )
    print(f"GUI {gui:,.0f} samples/s; headless {headless_before:,.0f} then {headless_after:,.0f}")
    result = {
        "latency_p95_ms": p95,
        "gui_samples_per_second": gui,
        "headless_samples_per_second": headless,
        "ratio": gui / headless,
    }
    print(json.dumps(result))


def paced(seconds: float, pace: float) -> None:
    gui, lateness, per_frame, elapsed = gui_run(seconds, pace)
    p95 = float(np.percentile(lateness, 95)) if lateness else float("nan")
    steps = sum(per_frame)
    print(
        f"pace {pace:g} steps/s: {steps / elapsed:.1f} steps/s kept, {len(per_frame)} frames "
        f"of at most {max(per_frame, default=0)} steps; timer lateness p50 "
        f"{np.median(lateness):.1f} ms, p95 {p95:.1f} ms"
    )
    result = {
        "pace": pace,
        "latency_p95_ms": p95,
        "latency_p50_ms": float(np.median(lateness)),
        "steps_per_second": steps / elapsed,
        "max_steps_per_frame": max(per_frame, default=0),
        "mean_steps_per_frame": steps / len(per_frame) if per_frame else float("nan"),
        "gui_samples_per_second": gui,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
