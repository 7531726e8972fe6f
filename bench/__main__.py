"""`make bench`: every benchmark, printing figures (the town first sync takes a few minutes)."""

from bench import gui_stall, sync_week, town_first_sync

sync_week.run()
gui_stall.run()
town_first_sync.run()
