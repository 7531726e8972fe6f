"""Finding residents the way Chinese users type, and recognising the same person entered twice."""

from __future__ import annotations

import pytest

from desktop.services.errors import InvalidInput
from desktop.services.people import residents
from desktop.services.people.duplicates import (
    SAME_HOUSEHOLD,
    SAME_ID_NUMBER,
    SAME_NAME,
    SAME_NAME_AND_YEAR,
    SAME_PHONE,
    SOUNDS_ALIKE_SAME_YEAR,
    likely_duplicates,
)
from desktop.services.people.personal_data import check_character, mask_phone, masked_id
from desktop.services.people.residents import ResidentInput
from desktop.storage.store import Store

#: The worked example of GB 11643 (its check character is X).
VALID_ID = "11010519491231002X"
NAMES = [
    "张三",
    "章珊",
    "张桂英",
    "李秀英",
    "刘德华",
    "牛得草",
    "王建国",
    "汪建国",
    "陈长生",
    "诸葛亮",
]


@pytest.fixture
def register(store: Store) -> dict[str, residents.Resident]:
    return {n: residents.add_resident(store, ResidentInput(n))[0] for n in NAMES}


def _names(store: Store, query: str) -> list[str]:
    return [r.name for r in residents.search_residents(store, query)]


@pytest.mark.parametrize(
    ("query", "first", "also"),
    [
        ("张三", "张三", set()),  # characters, exact first
        ("zhangsan", "张三", {"章珊"}),  # full pinyin: 章珊 sounds the same
        ("zs", "张三", {"章珊"}),  # initials
        ("张s", "张三", {"章珊"}),  # mixed characters and pinyin
        ("ZhangSan", "张三", set()),  # capitals, as a shift key leaves them
        ("ｚｈａｎｇｓａｎ", "张三", set()),  # full-width letters from a Chinese keyboard mode
        ("zangsan", "张三", set()),  # zh typed as z
        ("zhangguiyin", "张桂英", set()),  # ying typed as yin
        ("niudehua", "刘德华", set()),  # l/n, as in south-western speech
        ("章三", "张三", set()),  # homophone surname typed in characters
        ("秀英", "李秀英", set()),  # the given name alone
        ("zhuge", "诸葛亮", set()),
    ],
)
def test_search_finds_people_the_way_they_are_typed(
    store: Store, register: dict, query: str, first: str, also: set[str]
) -> None:
    found = _names(store, query)
    assert found[0] == first
    assert also <= set(found)


def test_the_name_typed_exactly_comes_before_those_that_only_sound_alike(
    store: Store, register: dict
) -> None:
    found = _names(store, "汪建国")
    assert found[:2] == ["汪建国", "王建国"]
    assert "张三" not in found


def test_search_by_phone_digits_and_nothing_for_a_stranger(store: Store) -> None:
    residents.add_resident(store, ResidentInput("赵六", phone="138 1234 5678"))
    assert _names(store, "5678") == ["赵六"]
    assert _names(store, "欧阳修") == []
    # Wildcards typed by accident are text, not patterns.
    assert _names(store, "%") == [] and _names(store, "_") == []


def test_phones_are_stored_as_digits_and_masked_for_lists(store: Store) -> None:
    person, _ = residents.add_resident(store, ResidentInput("赵六", phone="+86 138-1234-5678"))
    assert person.phone == "13812345678"
    assert mask_phone(person.phone) == "138****5678"
    assert mask_phone("0831-6123456") == "083****3456"
    assert mask_phone("6123456") == "***3456"
    with pytest.raises(InvalidInput) as err:
        residents.add_resident(store, ResidentInput("钱七", phone="1381234"))  # a mobile cut short
    assert set(err.value.by_field()) == {"phone"}


def test_an_id_number_is_checked_and_kept_only_as_a_hash_and_its_last_four(store: Store) -> None:
    person, _ = residents.add_resident(
        store, ResidentInput("孙八", birth_year=1949, id_number="110105 19491231 002x")
    )
    assert person.id_last4 == "002X"
    assert masked_id(person.id_last4).endswith("002X")
    with store.engine.connect() as conn:
        dump = "\n".join(str(tuple(r)) for r in conn.exec_driver_sql("select * from residents"))
    assert "19491231" not in dump and "110105" not in dump


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("11010519491231002", "18 characters"),  # one short
        ("110105194912310021", "does not add up"),  # wrong check character
        ("11010519491331002" + check_character("11010519491331002"), "not a real date"),
    ],
)
def test_a_wrong_id_number_gets_a_sentence_next_to_its_field(
    store: Store, number: str, why: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        residents.add_resident(store, ResidentInput("孙八", id_number=number))
    assert why in err.value.by_field()["id_number"].render()
    assert residents.count_residents(store) == 0


def test_an_id_number_that_contradicts_the_birth_year_is_refused(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        residents.add_resident(store, ResidentInput("孙八", birth_year=1950, id_number=VALID_ID))
    assert "1949" in err.value.by_field()["birth_year"].render()


def test_without_the_district_key_an_id_number_waits_for_enrollment(store: Store) -> None:
    store.id_key = None
    with pytest.raises(InvalidInput) as err:
        residents.add_resident(store, ResidentInput("孙八", id_number=VALID_ID))
    assert "id_number" in err.value.by_field()
    person, _ = residents.add_resident(store, ResidentInput("孙八"))  # without it, fine
    assert person.id_last4 == ""


def test_editing_keeps_the_id_number_unless_it_is_changed_or_cleared(store: Store) -> None:
    person, _ = residents.add_resident(store, ResidentInput("孙八", id_number=VALID_ID))
    edited, _ = residents.edit_resident(
        store, person.id, ResidentInput("孙八", phone="13900000000")
    )
    assert edited.id_last4 == "002X"
    cleared, _ = residents.edit_resident(store, person.id, ResidentInput("孙八", id_number=""))
    assert cleared.id_last4 == ""


def _reasons(store: Store, candidate: ResidentInput) -> dict[str, tuple[str, ...]]:
    return {d.resident.name: d.reasons for d in likely_duplicates(store, candidate)}


def test_likely_duplicates_say_why_strongest_first(store: Store) -> None:
    add = residents.add_resident
    add(store, ResidentInput("张桂英", birth_year=1956, household="一组张家"))
    add(store, ResidentInput("章桂英", birth_year=1956))
    add(store, ResidentInput("张贵英", household="一组张家"))
    add(store, ResidentInput("李秀英", phone="13812345678"))
    add(store, ResidentInput("张桂英", birth_year=1990))  # a namesake a generation younger
    found = _reasons(
        store,
        ResidentInput("张桂英", birth_year=1956, household="一组张家", phone="138-1234-5678"),
    )
    assert found["张桂英"] == (SAME_NAME_AND_YEAR, SAME_HOUSEHOLD)
    assert found["章桂英"] == (SOUNDS_ALIKE_SAME_YEAR,)
    assert found["张贵英"] == (SAME_HOUSEHOLD,)
    assert found["李秀英"] == (SAME_PHONE,)
    ranked = [
        d.resident.name
        for d in likely_duplicates(
            store,
            ResidentInput("张桂英", birth_year=1956, household="一组张家", phone="13812345678"),
        )
    ]
    assert ranked.index("李秀英") < ranked.index("章桂英")  # a phone is stronger than a sound
    assert (
        len(
            [
                d
                for d in likely_duplicates(store, ResidentInput("张桂英", birth_year=1956))
                if d.resident.birth_year == 1990
            ]
        )
        == 0
    )


def test_the_same_id_number_is_certain_whatever_the_name(store: Store) -> None:
    person, _ = residents.add_resident(store, ResidentInput("孙八", id_number=VALID_ID))
    found = likely_duplicates(store, ResidentInput("孙小八", id_number=VALID_ID.lower()))
    assert [d.resident.id for d in found] == [person.id]
    assert found[0].reasons == (SAME_ID_NUMBER,) and found[0].certain


def test_same_name_without_a_birth_year_is_suggested_and_editing_is_not_its_own_duplicate(
    store: Store,
) -> None:
    person, _ = residents.add_resident(store, ResidentInput("刘德华"))
    assert _reasons(store, ResidentInput("刘德华", birth_year=1961)) == {"刘德华": (SAME_NAME,)}
    assert likely_duplicates(store, ResidentInput("刘德华"), exclude=person.id) == []
    assert likely_duplicates(store, ResidentInput("")) == []
