"""The week's screens: the week view, the sign-in panel, the sign-in sheet on paper, photos, courses.

A feature's room: its files sit together, and no other feature's window imports them.
"""
