"""Item models that fetch lazily: a list over a register of any size holds what has been scrolled
to, never the whole table.

The view asks ``canFetchMore``/``fetchMore`` as it nears the bottom, and each fetch reads one more
page through ``desktop.services.people.register``; a new search starts again from the first page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from desktop.services.people.register import PAGE, Cursor, Page, register_size, residents_page
from desktop.ui.people.models import ResidentsModel

if TYPE_CHECKING:
    from desktop.storage.store import Store

_Index = QModelIndex | QPersistentModelIndex


class LazyResidentsModel(ResidentsModel):
    """Residents matching a query (everyone when blank), read a page at a time as the view
    scrolls. Columns, cells and headers are those of :class:`ResidentsModel`."""

    def __init__(self, store: Store, parent: Any = None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.store = store
        self.page = page
        self.query = ""
        self._next: Cursor | None = None

    def search(self, query: str, at_least: int = 0) -> None:
        """Show the first page for ``query``; with ``at_least``, keep fetching until that many rows
        are listed (a reload after an edit keeps the rows someone had scrolled to)."""
        self.query = query.strip()
        pages = [residents_page(self.store, self.query, limit=self.page)]
        while pages[-1].next is not None and sum(len(p.residents) for p in pages) < at_least:
            pages.append(self._read(pages[-1].next))
        self.beginResetModel()
        self._rows = [r for p in pages for r in p.residents]
        self._next = pages[-1].next
        self.endResetModel()

    def _read(self, cursor: Cursor) -> Page:
        return residents_page(self.store, cursor=cursor, limit=self.page)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt API
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt API
        if parent.isValid() or self._next is None:
            return
        page = self._read(self._next)
        self._next = page.next
        if not page.residents:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page.residents) - 1)
        self._rows.extend(page.residents)
        self.endInsertRows()

    def complete(self) -> bool:
        """Whether every match is listed (nothing left to fetch)."""
        return self._next is None

    def found(self) -> int:
        """Rows listed so far: all the matches once :meth:`complete`."""
        return len(self._rows)

    def register_size(self) -> int:
        """Residents on the whole register, fetched or not."""
        return register_size(self.store)

    def set_records(self, records: Any) -> None:
        raise TypeError("a LazyResidentsModel reads its own rows: call search()")
