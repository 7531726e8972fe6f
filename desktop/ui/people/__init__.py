"""The registers' screens: residents (search, the lazy list, duplicates, merging) and teachers.

A feature's room: its files sit together, and no other feature's window imports them.
"""
