"""Learning Desk: the village coordinator's offline-first app.

The package is a library first (``services``, ``storage``, ``sync`` — none of which import Qt) with a
Qt application on top (``ui``), assembled by the composition root in ``desktop.app``.
"""

__version__ = "0.1.0"
