"""`make bench`: every benchmark, printing figures (the big register is built once and cached under
.bench-cache/; the town first sync and the 1,000-laptop server load take a few minutes each)."""

from bench import big_register, gui_stall, matching, server_load, sync_week, town_first_sync

matching.run()
sync_week.run()
gui_stall.run()
big_register.run()
town_first_sync.run()
server_load.run()
