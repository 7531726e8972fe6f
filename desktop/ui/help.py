"""帮助 → 使用说明 and 关于: how the week's work goes in the window, and which copy of the app this is,
where it keeps its records and which district server it talks to (what whoever helps asks first).

The guide is a few translated paragraphs in a scrolling box, so it is read in the window's language
and fits any screen.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.ui.display import FRAME_ALLOWANCE, available_area

if TYPE_CHECKING:
    from desktop.storage.store import Store


def guide_html() -> str:
    """The guide's text in the window's language."""
    sections = (
        (
            QCoreApplication.translate("Help", "Every week"),
            QCoreApplication.translate(
                "Help",
                "In <b>Sessions and attendance</b>, the left half is the week's sessions: choose "
                "the week with the arrows, add a session with <b>New session…</b>. Choose a session "
                "and its sign-in sheet opens on the right.",
            ),
        ),
        (
            QCoreApplication.translate("Help", "Signing people in"),
            QCoreApplication.translate(
                "Help",
                "Start the list from last time (Alt+L), from everyone the course expects (Alt+A) "
                "or empty (Alt+E). Then type a name, its pinyin or its initials (zs finds 张三) and "
                "press Enter. A bulk action can be taken back with <b>Undo</b> or Ctrl+Z.",
            ),
        ),
        (
            QCoreApplication.translate("Help", "Residents, courses, teachers"),
            QCoreApplication.translate(
                "Help",
                "The register of residents, the courses and the teachers and volunteers each have "
                "their own tab. A person who is new at a session can be added from the sign-in "
                "sheet (Alt+N).",
            ),
        ),
        (
            QCoreApplication.translate("Help", "Weekly report and requests"),
            QCoreApplication.translate(
                "Help",
                "In <b>Weekly report</b> check the week's figures and submit them to the town. "
                "In <b>Requests</b> record what residents ask for and follow it to the end.",
            ),
        ),
        (
            QCoreApplication.translate("Help", "Syncing"),
            QCoreApplication.translate(
                "Help",
                "Everything is saved on this computer first, with or without a network. When the "
                "network is there the records are sent to the district by themselves; the status "
                "bar at the bottom says how many changes are waiting, and <b>Sync now</b> sends "
                "them at once. When two computers changed the same record, <b>Conflicts</b> shows "
                "both values.",
            ),
        ),
        (
            QCoreApplication.translate("Help", "Keys"),
            QCoreApplication.translate(
                "Help",
                "Ctrl+Z undo · Ctrl+F back to the sign-in box · Ctrl+= and Ctrl+- larger and "
                "smaller text · F1 this guide · Ctrl+Q exit.",
            ),
        ),
        (
            QCoreApplication.translate("Help", "When something goes wrong"),
            QCoreApplication.translate(
                "Help",
                "Help → Export diagnostics… saves a file for whoever helps you; it holds no "
                "residents' names, phones or ID numbers.",
            ),
        ),
    )
    return "".join(f"<h3>{title}</h3><p>{body}</p>" for title, body in sections)


class GuideDialog(QDialog):
    """The user guide in a scrolling box, never larger than the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("Help", "User guide"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        room = available_area(parent or self).size() - FRAME_ALLOWANCE
        self.resize(min(640, room.width()), min(560, room.height()))


def show_guide(parent: QWidget) -> None:
    """帮助 → 使用说明."""
    GuideDialog(parent).exec()


def about_text(store: Store) -> str:
    """Version, data folder and district server, as 关于 shows them."""
    identity = store.identity()
    server = (
        identity.server_url
        if identity
        else QCoreApplication.translate("Help", "not connected to a district yet")
    )
    folder = Path(store.engine.url.database or "").parent
    rows = (
        (QCoreApplication.translate("Help", "Version:"), __version__),
        (QCoreApplication.translate("Help", "Data folder:"), str(folder)),
        (QCoreApplication.translate("Help", "District server:"), server),
    )
    lines = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows)
    intro = QCoreApplication.translate(
        "Help",
        "Records of the village learning centres, kept on this computer and synced with the district.",
    )
    name = QCoreApplication.translate("Help", "Learning Desk")
    return f"<p><b>{escape(name)}</b></p><p>{escape(intro)}</p><table>{lines}</table>"


def show_about(parent: QWidget, store: Store) -> None:
    """帮助 → 关于."""
    QMessageBox.about(
        parent, QCoreApplication.translate("Help", "About Learning Desk"), about_text(store)
    )
