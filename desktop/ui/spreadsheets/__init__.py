"""Importing from Excel and exporting for it.

A feature's room: its files sit together, and no other feature's window imports them.
"""
