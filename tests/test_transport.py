"""How the laptop reads a server's refusals: each status becomes a kind the person can act on, and
the transient ones are tried again (a real server on loopback answering with the status)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from core import protocol
from desktop.sync import errors
from desktop.sync.errors import SyncError
from desktop.sync.transport import HttpTransport
from server.embedded import ServerThread


@pytest.mark.parametrize(
    ("status", "kind", "tries"),
    [
        (408, errors.TIMEOUT, 3),  # the body crawled in: the link may be better next time
        (429, errors.TOO_MANY_TRIES, 1),
        (413, errors.REFUSED, 1),
    ],
)
def test_a_refusal_becomes_a_kind_and_only_a_transient_one_is_tried_again(
    status: int, kind: str, tries: int
) -> None:
    app = FastAPI()
    seen: list[int] = []

    @app.post(protocol.SYNC_PATH)
    async def refuse() -> JSONResponse:
        seen.append(status)
        return JSONResponse({"error": "x", "message": "Refused."}, status_code=status)

    with ServerThread(app) as srv:
        transport = HttpTransport(srv.url, retries=2, sleep=lambda s: None)
        with pytest.raises(SyncError) as failed:
            transport.post(protocol.SYNC_PATH, {"protocol": protocol.PROTOCOL_VERSION}, "t")
    assert failed.value.kind == kind
    assert len(seen) == tries


def test_a_redirect_is_not_followed_with_the_records() -> None:
    """A redirect would re-send the body to an address the laptop never checked or pinned."""
    app = FastAPI()
    reached: list[str] = []

    @app.post(protocol.SYNC_PATH)
    async def elsewhere() -> JSONResponse:
        return JSONResponse({}, status_code=307, headers={"Location": "/elsewhere"})

    @app.post("/elsewhere")
    async def taken() -> JSONResponse:
        reached.append("elsewhere")
        return JSONResponse({"protocol": protocol.PROTOCOL_VERSION})

    with ServerThread(app) as srv:
        transport = HttpTransport(srv.url, retries=0)
        with pytest.raises(SyncError) as failed:
            transport.post(protocol.SYNC_PATH, {"protocol": protocol.PROTOCOL_VERSION}, "t")
    assert failed.value.kind == errors.BAD_ANSWER
    assert reached == []
