"""Time from process start to the first shown main window, offscreen.

`gdstudio --quit-after 0` opens the window and closes it at the first turn of the event loop,
so the whole process's wall time is an upper bound on start-to-window. The last line printed
is JSON with the median and the worst of several runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    with tempfile.TemporaryDirectory() as home:
        env["XDG_CONFIG_HOME"] = home  # fresh settings, as on a first start
        env["GDSTUDIO_DATA"] = home  # and no autosave to offer
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "gdstudio", "--quit-after", "0"],
                env=env,
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    print(f"process start to window closed: {', '.join(f'{t:.3f}' for t in times)} s")
    print(json.dumps({"median_seconds": statistics.median(times), "max_seconds": max(times)}))


if __name__ == "__main__":
    main()
