"""Syncing as the coordinator sees it: the status bar, automatic sync, the Conflicts tab.

A feature's room: its files sit together, and no other feature's window imports them.
"""
