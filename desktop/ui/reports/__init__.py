"""Reports and review screens: the weekly report, the town's inbox, the overview.

A feature's room: its files sit together, and no other feature's window imports them.
"""
