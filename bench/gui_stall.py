"""Benchmark: how long the window's GUI thread stalls while a big sync runs.

A town laptop's window (offscreen) downloads ``villages`` × ``weeks`` of history from a server in its
own process, through the window's own automatic-sync path. A 5 ms timer on the GUI thread records how
late each tick fires; the printed stalls are those delays (median, p95, p99, max). Target: never more
than 50 ms. No assertions.

    python -m bench.gui_stall [--villages 4] [--weeks 52]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.town_first_sync import town_laptop  # noqa: E402
from desktop.ui.background import Background  # noqa: E402
from desktop.ui.events import Hub  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

TICK_MS = 5


def run(villages: int = 4, weeks: int = 52) -> dict[str, float]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with town_laptop(villages, weeks) as town:
        hub, background = Hub(), Background()
        window = MainWindow(town.store, hub, background, town.client())
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        gc.freeze()  # as desktop.app does after start-up

        late: list[float] = []
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            late.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
            last[0] = now

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        done = QEventLoop()
        window.autosync.idle.connect(done.quit)
        start = time.perf_counter()
        timer.start()
        window.autosync.sync_now()
        done.exec()
        elapsed = time.perf_counter() - start
        # The views refresh after the sync: keep measuring while they do.
        settle = QEventLoop()
        QTimer.singleShot(1000, settle.quit)
        settle.exec()
        timer.stop()
        window.close()
        background.wait(10_000)
    rows = town.rows
    late.sort()
    out = {
        "rows": rows,
        "sync_s": round(elapsed, 1),
        "ticks": len(late),
        "stall_median_ms": round(statistics.median(late), 1),
        "stall_p95_ms": round(late[int(0.95 * (len(late) - 1))], 1),
        "stall_p99_ms": round(late[int(0.99 * (len(late) - 1))], 1),
        "stall_max_ms": round(late[-1], 1),
        "over_50ms": sum(1 for x in late if x > 50),
    }
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=4)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    run(args.villages, args.weeks)
