"""The short version of ``bench.big_register``: its code on a register of 2,000 people and about
20,000 marks finds the right people and shows the right session. Timings are only printed by the
benchmark, never asserted."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bench import big_register as bench
from core import schema
from desktop.services.people.residents import search_residents

RESIDENTS, MARKS = 2000, 20_000


def test_the_big_register_bench_on_a_small_register(qapp, tmp_path: Path):
    register = bench.cached_register(RESIDENTS, MARKS, cache=tmp_path)
    assert register.residents == RESIDENTS
    assert 0.8 * MARKS < register.marks < 1.2 * MARKS
    assert register.build_s > 0
    # A second run reuses the cached database.
    assert bench.cached_register(RESIDENTS, MARKS, cache=tmp_path).build_s == 0

    store = register.store()
    try:
        searches = bench.search_as_you_type(store, rounds=1)
        assert [s.query for s in searches] == bench.keystrokes()
        for query in ("张", "王秀", "liu", "zs", "张s"):
            assert any(s.found for s in searches if s.query == query), query
        assert set(bench.percentiles([s.ms for s in searches])) == {"p50_ms", "p95_ms", "max_ms"}

        # The searches find a given person by characters, pinyin, initials and phone.
        t = schema.residents
        with store.read() as conn:
            person = conn.execute(
                select(t).where(t.c.name.like("张%"), t.c.phone != "").limit(1)
            ).one()
        initials = person.search_key.split()[2]
        for query in (person.name, person.name_pinyin, initials, person.phone):
            assert person.id in {r.id for r in search_residents(store, query, limit=5000)}, query

        sessions = bench.fifty_person_sessions(store)
        assert sessions
        figures = bench.in_window(store, sessions[:1], ["zhangs"])
        a = schema.attendance
        with store.read() as conn:
            marked = conn.execute(
                select(func.count()).where(a.c.session_id == sessions[0], a.c.present.is_(True))
            ).scalar_one()
        assert figures.present == [marked]
        assert bench.ROSTER_SIZE[0] <= marked <= bench.ROSTER_SIZE[1]
        assert len(figures.typing_ms) == len("zhangs")
        assert figures.listed > 0
    finally:
        store.engine.dispose()

    opened = bench.open_window_in_fresh_process(register.folder)
    assert opened["usable_s"] > 0
