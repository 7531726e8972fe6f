"""`make bench`: every benchmark, printing figures (the big register is built once and cached under
.bench-cache/; the town first sync and the 1,000-laptop server load take a few minutes each).

The town's first sync runs in a process of its own: its peak memory is the laptop's, not what the
benchmarks before it left behind."""

import subprocess
import sys

from bench import big_register, gui_stall, mark_during_sync, matching, server_load, sync_week

matching.run()
sync_week.run()
gui_stall.run()
mark_during_sync.run()
big_register.run()
subprocess.run([sys.executable, "-m", "bench.town_first_sync"], check=True)
server_load.run()
