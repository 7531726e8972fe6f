"""`make bench`: every benchmark, printing figures."""

from bench import sync_week

sync_week.run()
