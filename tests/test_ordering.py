"""Village groups and households sort in numeral order, whichever numerals people wrote."""

from __future__ import annotations

import pytest

from desktop.services.ordering import chinese_number, natural_key


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("两百", 200),
        ("一百零五", 105),
        ("三千零一十", 3010),
        ("一万二千", 12000),
        ("二〇二六", 2026),
        ("零", 0),
    ],
)
def test_chinese_numerals_read_as_numbers(text: str, value: int) -> None:
    assert chinese_number(text) == value


def test_groups_sort_by_number_not_by_character_code() -> None:
    groups = ["十一组", "三组", "十组", "一组", "二组", "二十组", "十二组", "九组"]
    assert sorted(groups) != sorted(groups, key=natural_key), "the point of the key"
    assert sorted(groups, key=natural_key) == [
        "一组",
        "二组",
        "三组",
        "九组",
        "十组",
        "十一组",
        "十二组",
        "二十组",
    ]


def test_arabic_and_full_width_digits_and_mixed_numerals_sort_together() -> None:
    groups = ["10组", "2组", "３组", "第十一组", "第二组", "1组", "十组"]
    assert sorted(groups, key=natural_key) == [
        "1组",
        "2组",
        "３组",
        "10组",
        "十组",
        "第二组",
        "第十一组",
    ]


def test_text_after_the_number_compares_as_text() -> None:
    households = ["十组王家", "二组张家", "二组李家", "二组"]
    assert sorted(households, key=natural_key) == ["二组", "二组张家", "二组李家", "十组王家"]


def test_text_without_numbers_and_empty_text_sort_plainly() -> None:
    assert sorted(["新村", "", "老街"], key=natural_key) == sorted(["新村", "", "老街"])
    assert natural_key("") == ()
