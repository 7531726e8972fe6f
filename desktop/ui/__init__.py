"""The Qt layer of Learning Desk: widgets, dialogs and item models over the services.

Nothing here builds SQL or talks to the network directly: writes go through ``desktop.services``,
network work through the sync client on a background thread (:mod:`desktop.ui.background`), and every
view refreshes from the one broadcast in :mod:`desktop.ui.events`.
"""
