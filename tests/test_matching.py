"""Matching requests to the service menu: the pear orchard gets fruit-tree care, not herbal medicine."""

from __future__ import annotations

import uuid

from bench import matching as cases
from desktop.services.demand.matching import Matcher, MenuItem, terms


def _top(matcher: Matcher, keys: dict, need: str, category: str) -> str | None:
    found = matcher.suggest(need, category, 1)
    return keys[found[0].offering_id] if found else None


def test_the_pear_orchard_is_matched_to_fruit_trees_not_herbs_and_says_why() -> None:
    matcher, keys = cases.build()
    need = "我们村梨园去年产量下降，想请专家来教修剪和防治病虫害"
    found = matcher.suggest(need, "income", 3)
    assert keys[found[0].offering_id] == "fruit"
    assert "herbs" not in {keys[s.offering_id] for s in found}
    assert {"修剪", "梨"} <= set(found[0].because)
    # The herb grower is sent the herb course, and a homophone slip still finds the pear course.
    assert _top(matcher, keys, "想种黄精，不知道怎么育苗", "income") == "herbs"
    assert _top(matcher, keys, "犁树修剪怎么弄，想请人来教", "income") == "fruit"


def test_requests_no_offering_covers_make_the_gap_list() -> None:
    matcher, _ = cases.build()
    requests = [
        (1, "村里想修一条通组公路", "housing_elderly"),  # 公 also appears in 公检法: not enough
        (2, "想学无人机植保飞防", "income"),
        (3, "梨树开花后老是掉果，想学疏花疏果", "income"),
    ]
    assert matcher.gaps(requests) == [1, 2]


def test_precision_of_the_top_suggestion_on_the_realistic_set() -> None:
    result = cases.evaluate()
    assert result.cases >= 30 and len(cases.MENU) >= 20
    assert result.precision >= 0.85, result.misses
    assert result.gaps_found >= result.gaps - 1


def test_platform_fit_breaks_ties_but_never_outranks_shared_words() -> None:
    menu = [
        MenuItem(uuid.UUID(int=1), "健康讲座", "health", "老年人健康知识"),
        MenuItem(uuid.UUID(int=2), "果树修剪", "science", "梨树修剪", "梨"),
    ]
    matcher = Matcher(menu)
    found = matcher.suggest("梨树修剪", "health_care", 2)
    assert [s.title for s in found] == ["果树修剪"]
    assert not found[0].platform_fits


def test_terms_keep_meaningful_characters_and_skip_filler() -> None:
    cut = terms("我想学梨树修剪")
    assert "梨" in cut.weights and "修剪" in cut.weights
    assert "想" not in cut.weights and "我想" not in cut.weights
