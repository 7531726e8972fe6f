"""The district server's HTTP face: three endpoints over ``server.sync``.

Bodies are JSON, gzip-compressed when the client says so (``Content-Encoding: gzip``: frameworks do
not decode compressed *requests* by themselves, so we do, with a cap against zip bombs); answers are
compressed by the gzip middleware when the client accepts it.
"""

import asyncio
import json
import zlib
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine

from core import protocol
from core.clock import Clock, SystemClock
from server import sync
from server.db import EXCHANGES_AT_ONCE, database_url, get_meta, open_server_database
from server.sync import ApiError, Device

MAX_BODY = 32 * 1024 * 1024  # decompressed; a week is a few KB, a big first push a few MB


def _json_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(protocol.dumps(body), status_code=status, media_type="application/json")


def _error(exc: ApiError) -> Response:
    return _json_response({"error": exc.kind, "message": exc.message}, exc.status)


async def _read_json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if request.headers.get("content-encoding", "").lower() == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = inflater.decompress(raw, MAX_BODY)
        except zlib.error:
            raise ApiError(400, "bad_request", "The request body is not valid gzip.") from None
        if inflater.unconsumed_tail:
            raise ApiError(413, "too_large", "The request is too large.")
    elif len(raw) > MAX_BODY:
        raise ApiError(413, "too_large", "The request is too large.")
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_request", "The request body is not JSON.") from None
    if not isinstance(message, dict):
        raise ApiError(400, "bad_request", "The request body must be a JSON object.")
    return message


def create_app(engine: Engine, clock: Clock | None = None) -> FastAPI:
    """The ASGI app for one database; the composition root of the server."""
    clock = clock or SystemClock()
    app = FastAPI(title="Learning Desk district server", version=str(protocol.PROTOCOL_VERSION))
    # Level 6, not the middleware's 9: at 9 a first download's pages take twice as long to compress
    # for 5 % fewer bytes, and the server shares its cores with the exchanges waiting behind it.
    app.add_middleware(GZipMiddleware, minimum_size=200, compresslevel=6)
    # When a whole district syncs at once, exchanges queue here rather than in threads holding
    # pool connections (see EXCHANGES_AT_ONCE); FIFO, so the longest waiting goes next.
    exchanges_at_once = asyncio.Semaphore(EXCHANGES_AT_ONCE)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> Response:
        return _error(exc)

    async def current_device(authorization: Annotated[str | None, Header()] = None) -> Device:
        token = None
        if authorization and authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
        return await run_in_threadpool(sync.authenticate, engine, token, clock)

    @app.get(protocol.HELLO_PATH)
    async def hello() -> JSONResponse:
        def read() -> dict[str, Any]:
            with engine.connect() as conn:
                return {
                    "server_id": get_meta(conn, "server_id"),
                    "district_name": get_meta(conn, "district_name") or "",
                }

        info = await run_in_threadpool(read)
        return JSONResponse(
            {
                **info,
                "protocol": [protocol.MIN_PROTOCOL_VERSION, protocol.PROTOCOL_VERSION],
                "server_time": clock.now().isoformat(),
            }
        )

    @app.post(protocol.ENROLL_PATH)
    async def enroll(request: Request) -> Response:
        message = await _read_json(request)
        return _json_response(await run_in_threadpool(sync.enroll, engine, message, clock))

    @app.post(protocol.SYNC_PATH)
    async def exchange(
        request: Request, device: Annotated[Device, Depends(current_device)]
    ) -> Response:
        message = await _read_json(request)
        async with exchanges_at_once:
            if await request.is_disconnected():
                # The laptop gave up waiting and will send the same batch again: a push made now
                # would be work nobody reads, taken from the laptops still waiting.
                return Response(status_code=503)
            return _json_response(
                await run_in_threadpool(sync.exchange, engine, device, message, clock)
            )

    return app


def app_from_environment() -> FastAPI:
    """The app for the database ``$LEARNING_DESK_SERVER_DB`` names: what each worker process builds
    for itself when the server runs several (``serve --workers N``), since an engine's connections
    cannot be shared across processes."""
    return create_app(open_server_database(database_url()))
