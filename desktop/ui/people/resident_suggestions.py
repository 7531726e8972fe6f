"""People already on the register who are probably the one being typed into the resident form.

A coordinator adding "章秀英, 1956" at the end of a long day rarely searches first; a second record
of the same grandmother then splits her history and counts her twice. So the form asks
``desktop/services/people/duplicates.py`` while she types (after a short pause, not on every key) and lists
the likely matches under the form with the reasons in words, each with a button to use that person
instead. Nothing is refused: namesakes exist, and the coordinator decides.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.people.duplicates import Duplicate, likely_duplicates
from desktop.services.people.personal_data import mask_phone
from desktop.services.people.residents import Resident, ResidentInput
from desktop.ui.forms import render

if TYPE_CHECKING:
    from desktop.storage.store import Store

#: Pause after the last key before the register is asked: typing a name is not interrupted.
DEBOUNCE_MS = 250
#: A compact list: the strongest few; more than this means the name is common, not a duplicate.
SHOWN = 4
_CERTAIN_STYLE = "color: #c0392b; font-weight: bold;"
_REASON_STYLE = "color: #8a5a00;"


class DuplicateSuggestions(QFrame):
    """The likely duplicates of what ``read_input`` returns, refreshed by :meth:`schedule`.

    ``offer_use`` adds a "Use this person" button to each (adding someone new); when editing a
    record there is nothing to use instead, so the list only warns and points to Merge.
    """

    #: The existing resident the user chose instead of creating a new one.
    chosen = Signal(object)

    def __init__(
        self,
        store: Store,
        read_input: Callable[[], ResidentInput],
        exclude: uuid.UUID | None = None,
        offer_use: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_suggestions")
        self.store = store
        self.read_input = read_input
        self.exclude = exclude
        self.offer_use = offer_use
        self.found: list[Duplicate] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        self.more = QLabel()
        self.more.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addLayout(self.rows)
        layout.addWidget(self.more)
        self.hide()

    def watch(self, *signals: object) -> None:
        """Refresh (debounced) whenever one of ``signals`` fires: the fields that identify someone."""
        for signal in signals:
            signal.connect(lambda *_: self.schedule())  # type: ignore[attr-defined]

    def schedule(self) -> None:
        """Ask again once typing pauses; each key restarts the wait."""
        self.timer.start()

    def refresh(self) -> None:
        """Ask the register now and show what it suggests (hidden when nothing)."""
        self.timer.stop()
        self.found = likely_duplicates(self.store, self.read_input(), exclude=self.exclude)
        self._show()

    def _show(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not self.found:
            self.hide()
            return
        if self.offer_use:
            self.heading.setText(self.tr("Already on the register? Use the existing person:"))
        else:
            self.heading.setText(self.tr("Possibly the same person:"))
        for duplicate in self.found[:SHOWN]:
            self.rows.addWidget(self._row(duplicate))
        hidden = len(self.found) - SHOWN
        self.more.setVisible(hidden > 0 or not self.offer_use)
        if not self.offer_use:
            self.more.setText(
                self.tr("If this is one person entered twice, use Merge… on the Residents tab.")
            )
        elif hidden > 0:
            self.more.setText(
                self.tr("{n} more; type more details (birth year, phone) to narrow down.").format(
                    n=hidden
                )
            )
        self.show()

    def _row(self, duplicate: Duplicate) -> QWidget:
        row = QWidget()
        row.setObjectName("duplicate_row")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        text = QLabel(self._describe(duplicate))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        line.addWidget(text, 1)
        if self.offer_use:
            use = QPushButton(self.tr("Use this person"))
            use.setObjectName("use_existing")
            use.setToolTip(
                self.tr("Close this form and take {name} as already registered.").format(
                    name=duplicate.resident.name
                )
            )
            use.clicked.connect(lambda _=False, r=duplicate.resident: self.chosen.emit(r))
            line.addWidget(use, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _describe(self, duplicate: Duplicate) -> str:
        """Name, village group, household and masked phone on one line; the reasons beneath."""
        r = duplicate.resident
        facts = [f"<b>{escape(r.name)}</b>"]
        if r.birth_year is not None:
            facts.append(self.tr("born {year}").format(year=r.birth_year))
        facts += [escape(part) for part in (r.village_group, r.household) if part]
        if r.phone:
            facts.append(mask_phone(r.phone))
        reasons = "；".join(escape(render(m)) for m in duplicate.explained())
        style = _CERTAIN_STYLE if duplicate.certain else _REASON_STYLE
        return f"{' · '.join(facts)}<br><span style='{style}'>{reasons}</span>"

    def reasons_of(self, resident: Resident) -> list[str]:
        """The reasons shown for ``resident``, in the user's language (empty when not listed)."""
        for duplicate in self.found:
            if duplicate.resident.id == resident.id:
                return [render(m) for m in duplicate.explained()]
        return []
