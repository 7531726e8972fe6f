"""The Overview tab draws the service's numbers: the chart's points and bars, the table behind each
chart and the town → village table all equal :func:`desktop.services.reports.overview.overview`."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pypdf
import pytest
from small_district import SmallDistrict, build

from core.clock import FixedClock
from desktop.services.reports.overview import Period, overview
from desktop.ui.events import Hub
from desktop.ui.reports.overview_tab import COL_MISSING, COL_NAME, COL_PT, COL_REACH, OverviewTab


@pytest.fixture
def sd(tmp_path: Path, ui_clock: FixedClock):  # noqa: ANN201
    made = build(tmp_path / "district", ui_clock)
    yield made
    made.store.engine.dispose()


@pytest.fixture
def tab(qtbot, sd: SmallDistrict) -> OverviewTab:  # noqa: ANN001
    widget = OverviewTab(sd.store, Hub())
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _column(model, column: int) -> list[str]:  # noqa: ANN001
    return [model.item(r, column).text() for r in range(model.rowCount())]


def test_opens_on_this_month_and_the_charts_draw_the_services_numbers(
    tab: OverviewTab, sd: SmallDistrict
) -> None:
    assert tab.period == Period("month", 2026, 11)
    expected = overview(sd.store, tab.period)
    points = tab.trend_series.points()
    assert [p.y() for p in points] == [p.person_times for p in expected.trend]
    assert [p.y() for p in points] == [0, 2, 30, 4, 1, 0]
    # The numbers behind the chart: one click away, the same values.
    assert tab.trend.stack.currentWidget() is tab.trend.view
    tab.trend.toggle.click()
    assert tab.trend.stack.currentWidget() is tab.trend.table
    assert _column(tab.trend.numbers, 3) == [str(p.person_times) for p in expected.trend]
    assert _column(tab.trend.numbers, 2) == [str(p.sessions) for p in expected.trend]

    bars = tab.platform_bars
    drawn = [bars.at(i) for i in range(bars.count())]
    # Drawn bottom-up: the chart's first bar is the last platform of the list.
    assert list(reversed(drawn)) == [p.person_times for p in expected.platforms]
    assert sum(drawn) == expected.total.figures.person_times == 37
    assert _column(tab.platforms.numbers, 2) == [str(p.person_times) for p in expected.platforms]


def test_the_table_is_towns_then_villages_then_the_total(tab: OverviewTab) -> None:
    model = tab.model
    assert _column(model, COL_NAME) == ["昌元街道社区学校", "河包镇社区学校", "Total"]
    town = model.item(0, COL_NAME)
    villages = [town.child(r, COL_NAME).text() for r in range(town.rowCount())]
    assert villages == ["玉屏村学习中心", "荣升村学习中心"]
    assert [town.child(r, COL_PT).text() for r in range(town.rowCount())] == ["4", "31"]
    assert model.item(0, COL_PT).text() == "35"
    assert model.item(0, COL_REACH).text() == "4"  # 甲 counted once for the town
    assert model.item(2, COL_PT).text() == "37"
    assert model.item(2, COL_MISSING).text() == "5"


def test_changing_the_period_recounts(tab: OverviewTab, sd: SmallDistrict) -> None:
    tab.kind.setCurrentIndex(tab.kind.findData("year"))
    assert tab.period == Period("year", 2026)
    assert [p.y() for p in tab.trend_series.points()][-3:] == [1, 37, 1]
    assert tab.model.item(2, COL_PT).text() == "39"
    tab.kind.setCurrentIndex(tab.kind.findData("week"))
    assert tab.period == Period("week", 2026, 48)  # the week of today, within the year shown
    tab.previous.click()
    assert tab.period == Period("week", 2026, 47)
    assert tab.model.item(2, COL_PT).text() == "4"
    assert len(tab.trend_series.points()) == 12


def test_exports_a_printable_table_and_a_villages_brief(
    tab: OverviewTab, sd: SmallDistrict, tmp_path: Path
) -> None:
    saved = tab.export_table("sites", tmp_path / "sites.xlsx")
    assert saved is not None
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][0] == "荣昌区社区学院 社区教育工作统计表（2026年11月）"
    assert rows[-1][:5] == ("合计", None, 6, 37, 5)
    csv = tab.export_table("platforms", tmp_path / "platforms.csv")
    assert csv is not None and csv.read_bytes().startswith(b"\xef\xbb\xbf")

    tab.set_period(Period("week", 2026, 46))
    assert not tab.brief_button.isEnabled()
    town = tab.model.index(0, 0)
    tab.tree.setCurrentIndex(tab.model.index(1, 0, town))  # 荣升村
    assert tab.brief_button.isEnabled()
    pdf = tab.save_brief(tmp_path / "brief.pdf")
    assert pdf is not None
    text = "".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert "荣升村学习中心" in text and "30" in text


def test_in_chinese_the_period_and_platforms_read_as_chinese(
    qtbot,  # noqa: ANN001
    sd: SmallDistrict,
    chinese,  # noqa: ANN001
) -> None:
    widget = OverviewTab(sd.store, Hub())
    qtbot.addWidget(widget)
    widget.show()  # counted when first shown
    assert widget.period_label.text() == "2026年11月"
    names = _column(widget.platforms.numbers, 0)
    assert "理论宣讲" in names and "健康健身服务" in names
    widget.set_period(Period("week", 2026, 48))
    assert widget.period_label.text() == "2026年第48周 11月23日–11月29日"
    widget.set_period(Period("quarter", 2026, 4))
    assert widget.period_label.text() == "2026年第4季度"
