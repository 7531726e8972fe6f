"""The import dialog: a preview that writes nothing, a column mapping that can be changed, and one
confirmation that writes and tells the views."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtWidgets import QDialog

from desktop.services.people.residents import count_residents, search_residents
from desktop.storage.store import Store
from desktop.ui.background import Background
from desktop.ui.events import Hub
from desktop.ui.spreadsheets.import_dialog import ImportDialog, PreviewModel


def _sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["玉屏村居民花名册"])
    sheet.merge_cells("A1:D1")
    sheet.append(["序号", "居民", "出生年份", "电话"])  # "居民" is not a header the guess knows
    sheet.append([1, "王芳", "1956年3月", 13812345678])
    sheet.append([2, "李秀英", 1960.0, None])
    sheet.append([3, "赵六", 1970, "12345"])
    book.save(path)
    return path


def test_preview_then_mapping_then_confirm(
    qtbot, desk: Store, hub: Hub, background: Background, tmp_path: Path, qtmodeltester
) -> None:
    dialog = ImportDialog(desk, hub, background)
    qtbot.addWidget(dialog)
    dialog.load(_sheet(tmp_path / "roster.xlsx"))
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy)

    # No name column was recognised: the preview says so and cannot be confirmed.
    assert dialog.preview.problems
    assert "name" in dialog.summary.text().lower()
    assert not dialog.confirm_button.isEnabled()
    assert dialog.combos["phone"].currentText() == "电话"

    # Choosing the column in the mapping previews again, still writing nothing.
    dialog.preview = None
    dialog.combos["name"].setCurrentIndex(dialog.combos["name"].findText("居民"))
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 3
    actions = [dialog.model.index(r, PreviewModel.COL_ACTION).data() for r in range(3)]
    assert actions == ["Add", "Add", "Rejected"]
    reason = dialog.model.index(2, PreviewModel.COL_REASON).data()
    assert reason.startswith("Phone: ") and "12345" in reason
    assert dialog.model.index(2, PreviewModel.COL_ROW).data() == 5
    assert "2 to add" in dialog.summary.text()
    assert count_residents(desk) == 0

    with qtbot.waitSignal(hub.changed) as published:
        dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert published.args[0].touches("residents")
    assert {r.name for r in search_residents(desk)} == {"王芳", "李秀英"}


def test_the_preview_in_chinese_and_a_file_that_cannot_be_read(
    qtbot, desk: Store, hub: Hub, tmp_path: Path, chinese
) -> None:
    dialog = ImportDialog(desk, hub)  # no background: runs in place
    qtbot.addWidget(dialog)
    path = tmp_path / "roster.csv"
    path.write_bytes("姓名,手机\n王芳,13812345678\n王芳,13812345678\n".encode("gbk"))
    dialog.load(path)
    assert dialog.model.index(0, PreviewModel.COL_ACTION).data() == "新增"
    assert dialog.model.index(1, PreviewModel.COL_ACTION).data() == "拒绝"
    assert "第 2 行" in dialog.model.index(1, PreviewModel.COL_REASON).data()
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    dialog.load(bad)
    assert ".xlsx" in dialog.summary.text()
    assert dialog.model.rowCount() == 0 and not dialog.confirm_button.isEnabled()
    assert count_residents(desk) == 0
