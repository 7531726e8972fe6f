"""Chinese everywhere in a Chinese window: the language chosen when the system states none, Qt's own
dialogs, and why a sync could not reach the district."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QPushButton

from desktop.sync import errors
from desktop.sync.errors import SyncError
from desktop.sync.transport import HttpTransport
from desktop.ui.forms import render
from desktop.ui.i18n import system_language

ROOT = Path(__file__).resolve().parents[2]


def test_a_c_or_posix_locale_states_no_preference_so_chinese_is_used():
    assert system_language(QLocale("C")) == "zh_CN"
    assert system_language(QLocale("POSIX")) == "zh_CN"
    assert system_language(QLocale("zh_CN")) == "zh_CN"
    assert system_language(QLocale("en_US")) == "en"
    # The whole way, from the environment a minimal Linux install starts the app with.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    chosen = subprocess.run(
        [sys.executable, "-c", "from desktop.ui.i18n import choose_language as c; print(c(None))"],
        env={**env, "LANG": "C", "LC_ALL": "C"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert chosen.stdout.strip() == "zh_CN"


def test_qts_own_buttons_and_file_dialog_speak_chinese(qtbot, chinese):
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    dialog = QFileDialog(None, "", "", "")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = {b.text() for b in dialog.findChildren(QPushButton)}
    assert "取消" in texts and not {"Cancel", "&Open", "Open"} & texts


def _refused_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_refused_connection_is_said_in_chinese_and_logged_as_it_came(chinese, caplog):
    transport = HttpTransport(f"http://127.0.0.1:{_refused_port()}", retries=0, timeout=5)
    with caplog.at_level(logging.INFO, "desktop.sync.transport"), pytest.raises(SyncError) as got:
        transport.post("/api/v1/hello", {})
    error = got.value
    assert error.kind == errors.UNREACHABLE and error.detail == "Connection refused"
    shown = render(error.message)
    assert shown.startswith("连接不上区服务器") and "服务器没有接受连接" in shown
    assert not re.search("[A-Za-z]", shown), shown
    assert "Connection refused" in caplog.text  # whoever helps reads the system's own words
    # The English source says it in words too, for the command line.
    assert "did not accept the connection" in error.message.render()


def test_english_only_details_stay_out_of_the_chinese_sentence(chinese):
    for kind, detail in (
        (errors.UNREACHABLE, "ProxyError"),
        (errors.REFUSED, "The batch names a session outside this site."),
        (errors.BAD_ANSWER, "not JSON"),
    ):
        error = SyncError(kind, detail)
        shown = render(error.message)
        assert detail in error.message.render() and not re.search("[A-Za-z]", shown), shown
        # The same failure read back from the database for the status bar.
        assert render(SyncError(kind, detail).message) == shown
    # What any reader can read stays: a status code, an address.
    assert "HTTP 502" in render(SyncError(errors.SERVER_ERROR, "HTTP 502").message)
    assert "http://example.cn" in render(SyncError(errors.PLAIN_HTTP, "http://example.cn").message)
