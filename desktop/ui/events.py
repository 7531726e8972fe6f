"""The one refresh signal: every write announces what it changed, every view listens.

A dialog that saves a resident does not know (or poke) the roster, the week view or the status bar; it
publishes the :class:`~desktop.storage.store.Changes` the use case returned, and each view decides for
itself whether the tables it shows were touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.changes import Changes

if TYPE_CHECKING:
    from desktop.services.undo import Undo


class SyncedChanges(Changes):
    """What a sync changed: the rows it received, and the sync state of every row it sent.

    The sync report lists received rows only, yet every acknowledged row stops being "waiting to
    sync"; so after a sync every view refreshes, whatever tables it shows.
    """

    def touches(self, *tables: str) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


class Hub(QObject):
    """Broadcasts what a write (local or from a sync) changed."""

    # Carries a :class:`Changes`; emitted on the GUI thread only.
    changed = Signal(object)
    # Carries a bulk action's :class:`~desktop.services.undo.Undo` and the sentence that said what it
    # did: the window keeps it for its undo (Ctrl+Z, 撤销).
    undoable = Signal(object, str)

    def publish(self, changes: Changes | None) -> None:
        """Tell every view what changed; an empty change set is not worth a refresh."""
        if changes:
            self.changed.emit(changes)

    def offer_undo(self, record: Undo, said: str) -> None:
        """Let the window take back a bulk action (``said`` tells what it did); an action that
        wrote nothing has nothing to take back."""
        if record:
            self.undoable.emit(record, said)
