"""The demand loop's screens: requests, the district's dispatch board and menu, a village's orders.

A feature's room: its files sit together, and no other feature's window imports them.
"""
