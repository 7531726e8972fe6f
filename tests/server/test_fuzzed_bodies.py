"""Bodies generated from the API's own description (the Pydantic models of ``server/bodies.py``):
whatever a client sends to a running server, on SQLite and PostgreSQL, the answer is never a 5xx,
and a refusal is a sentence. ``make test`` runs a short pass; ``make stress`` a long one
(``LEARNING_DESK_FUZZ_EXAMPLES``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, func, select

from core import protocol, schema
from core.clock import FixedClock
from server import admin
from server.app import create_app
from server.embedded import ServerThread

from wire import NOW, make_district

EXAMPLES = int(os.environ.get("LEARNING_DESK_FUZZ_EXAMPLES", "40"))


@dataclass
class Served:
    url: str
    app: FastAPI
    engine: Engine
    token: str


@pytest.fixture
def served(server_db_url: str) -> Iterator[Served]:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    with engine.begin() as conn:
        code = admin.enrollment_code(conn, sites["village"], "village")
    app = create_app(engine, clock)
    with ServerThread(app) as srv:
        answer = httpx.post(
            srv.url + protocol.ENROLL_PATH,
            json={"protocol": protocol.PROTOCOL_VERSION, "code": code},
            timeout=20,
        ).json()
        yield Served(srv.url, app, engine, answer["token"])
    engine.dispose()


@pytest.mark.parametrize("path", [protocol.ENROLL_PATH, protocol.SYNC_PATH])
def test_no_body_makes_the_server_fail(served: Served, path: str) -> None:
    # The running app's description, though it does not serve it (see server/app.py).
    operation = schemathesis.openapi.from_dict(served.app.openapi())[path]["POST"]
    # With this laptop's real token, so bodies reach the exchange and are not stopped at the door.
    auth = {"Authorization": f"Bearer {served.token}"} if path == protocol.SYNC_PATH else {}
    answered: list[int] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=EXAMPLES <= 100,  # the short pass is the same every run
        database=None,
    )
    def send(case: schemathesis.Case) -> None:
        response = case.call(base_url=served.url, headers=auth, timeout=30)
        answered.append(response.status_code)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            answer = response.json()
            assert answer["error"] and answer["message"].endswith("."), answer

    send()
    assert len(answered) >= min(EXAMPLES, 10)


def test_what_a_fuzzed_exchange_refuses_writes_nothing(served: Served) -> None:
    """A body of the right shape whose rows are nonsense: refused whole, the database unchanged."""
    with served.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(schema.residents)).scalar_one()
    body = {
        "protocol": protocol.PROTOCOL_VERSION,
        "cursor": 0,
        "batch": "b" * 32,
        "changes": {"residents": {"cols": ["name"], "rows": [[1, 2, 3]]}},
    }
    response = httpx.post(
        served.url + protocol.SYNC_PATH,
        json=body,
        headers={"Authorization": f"Bearer {served.token}"},
        timeout=20,
    )
    assert response.status_code == 400
    with served.engine.connect() as conn:
        after = conn.execute(select(func.count()).select_from(schema.residents)).scalar_one()
    assert after == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"protocol": "3", "code": "ABCD"}, "protocol"),
        ({"protocol": 3, "code": 1234}, "code"),
        ({"protocol": 3, "code": ""}, "code"),
        ({"protocol": 3}, "code"),
    ],
)
def test_an_enrollment_of_the_wrong_shape_names_the_field(
    served: Served, body: object, field: str
) -> None:
    response = httpx.post(served.url + protocol.ENROLL_PATH, json=body, timeout=20)
    assert response.status_code == 400, response.text
    assert f"describes: {field}:" in response.json()["message"]
