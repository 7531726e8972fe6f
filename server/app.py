"""The district server's HTTP face: the endpoints over ``server.sync`` and ``server.relay``.

Bodies are JSON, gzip-compressed when the client says so (``Content-Encoding: gzip``: frameworks do
not decode compressed *requests* by themselves, so we do); answers are compressed by the gzip
middleware when the client accepts it. Every byte is treated as hostile, with or without a token: a
body is refused while it is read once it passes its size (sent or inflated) or its time, and a body
whose values no database column could hold is refused whole, each with a 4xx and a sentence.
"""

import asyncio
import collections
import datetime as dt
import json
import logging
import math
import zlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from starlette.requests import ClientDisconnect

from core import bundles, protocol
from core.clock import Clock, SystemClock
from server import audit, relay, sync
from server.bodies import (
    EnrollBody,
    KeysBody,
    RefusalBody,
    Shape,
    SyncBody,
    checked,
    openapi_body,
)
from server.db import EXCHANGES_AT_ONCE, database_url, get_meta, open_server_database
from server.sync import ApiError, Device


def _json_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(protocol.dumps(body), status_code=status, media_type="application/json")


def _error(exc: ApiError) -> Response:
    return _json_response({**exc.hint, "error": exc.kind, "message": exc.message}, exc.status)


@dataclass(frozen=True)
class Limits:
    """What one request may cost before the server refuses it, checked while it is read."""

    #: Bytes of body, as sent and once inflated: a week is a few KB, a big first push a few MB.
    body: int = 32 * 1024 * 1024
    #: Seconds a body may take to arrive: a laptop on 2G sends a week's push in a few seconds, and a
    #: connection that trickles a body must not hold a worker for ever.
    body_seconds: float = 120.0
    #: How deeply a body's arrays and objects may nest (the protocol needs four).
    depth: int = 32


_TOO_LARGE = "The request is too large."
_GUESS_WINDOW = dt.timedelta(minutes=10)
log = logging.getLogger(__name__)
_INT_LIMIT = 2**63


async def _read_body(request: Request, limits: Limits) -> bytes:
    """The body, inflated when gzip-compressed, refused as soon as it passes ``limits``: a declared
    length over the limit before anything is read, and a stream (compressed or not) as it passes it,
    so no request makes the server hold more than the limit in memory."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "bad_request", "The request's Content-Length is not a number.")
        if int(declared) > limits.body:
            raise ApiError(413, "too_large", _TOO_LARGE)
    gzipped = request.headers.get("content-encoding", "").lower() == "gzip"
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    parts: list[bytes] = []
    received = kept = 0
    try:
        async with asyncio.timeout(limits.body_seconds):
            async for chunk in request.stream():
                received += len(chunk)
                if received > limits.body:
                    raise ApiError(413, "too_large", _TOO_LARGE)
                if inflater is not None:
                    chunk = inflater.decompress(chunk, limits.body + 1 - kept)
                    if inflater.unconsumed_tail:
                        raise ApiError(413, "too_large", _TOO_LARGE)
                kept += len(chunk)
                if kept > limits.body:
                    raise ApiError(413, "too_large", _TOO_LARGE)
                parts.append(chunk)
    except TimeoutError:
        raise ApiError(408, "too_slow", "The request took too long to arrive.") from None
    except ClientDisconnect:
        # The laptop is gone (killed, or its link dropped): nobody reads the answer, but the
        # request ends as a refusal like any other, not as an error of the server's.
        raise ApiError(
            400, "cut_off", "The request was cut off before all of it arrived."
        ) from None
    except zlib.error:
        raise ApiError(400, "bad_request", "The request body is not valid gzip.") from None
    if inflater is not None and received and not inflater.eof:
        raise ApiError(400, "bad_request", "The request body is not valid gzip.")
    return b"".join(parts)


def _parse(raw: bytes, limits: Limits) -> dict[str, Any]:
    """The body as a JSON object whose every value the databases can store, or a 400 that says
    what is wrong: nesting deeper than ``limits.depth``, integers outside 64 bits, NaN or infinity,
    and strings with NUL or a lone surrogate (PostgreSQL and UTF-8 refuse them deep in a
    transaction, as a 500)."""
    try:
        message = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise ApiError(400, "bad_request", "The request body is nested too deeply.") from None
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_request", "The request body is not JSON.") from None
    if not isinstance(message, dict):
        raise ApiError(400, "bad_request", "The request body must be a JSON object.")
    _check_values(message, limits.depth)
    return message


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _check_values(value: Any, depth: int) -> None:
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise ApiError(
                    400, "bad_request", "A text in the request contains a NUL character."
                )
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise ApiError(
                        400, "bad_request", "A text in the request is not valid Unicode."
                    ) from None
        elif isinstance(item, float):
            if not math.isfinite(item):  # 1e400 reads as infinity, past parse_constant
                raise ApiError(400, "bad_request", "A number in the request is out of range.")
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not -_INT_LIMIT <= item < _INT_LIMIT:
                raise ApiError(400, "bad_request", "A number in the request is out of range.")
        elif level >= depth:
            raise ApiError(400, "bad_request", "The request body is nested too deeply.")
        elif isinstance(item, dict):
            for key, member in item.items():
                stack.append((key, level + 1))
                stack.append((member, level + 1))
        else:
            stack.extend((member, level + 1) for member in item)


class EnrollGuard:
    """Wrong enrollment codes, counted per network address: after ``tries`` within ``window`` the
    address is refused (429) until the window has passed, so a code cannot be guessed, and each
    refusal is logged for the district's IT office."""

    def __init__(self, clock: Clock, tries: int = 10, window: dt.timedelta = _GUESS_WINDOW) -> None:
        self.clock, self.tries, self.window = clock, tries, window
        self._wrong: dict[str, collections.deque[dt.datetime]] = {}

    def check(self, address: str) -> None:
        recent = self._recent(address)
        if not recent:
            self._wrong.pop(address, None)  # an address that stopped guessing is forgotten
        elif len(recent) >= self.tries:
            log.warning("enrollment from %s refused: %d wrong codes recently", address, len(recent))
            raise ApiError(
                429,
                "too_many_tries",
                "Too many wrong enrollment codes from this computer; wait ten minutes and check "
                "the code with the district.",
            )

    def wrong(self, address: str, kind: str) -> None:
        self._recent(address).append(self.clock.now())
        log.warning("enrollment from %s refused: %s", address, kind)

    def _recent(self, address: str) -> collections.deque[dt.datetime]:
        recent = self._wrong.setdefault(address, collections.deque())
        while recent and self.clock.now() - recent[0] > self.window:
            recent.popleft()
        return recent


def create_app(engine: Engine, clock: Clock | None = None, limits: Limits | None = None) -> FastAPI:
    """The ASGI app for one database; the composition root of the server."""
    clock = clock or SystemClock()
    limits = limits or Limits()
    guard = EnrollGuard(clock)

    async def read_message(request: Request, shape: type[Shape]) -> dict[str, Any]:
        message = _parse(await _read_body(request, limits), limits)
        checked(shape, message)
        return message

    # No /docs, /redoc or /openapi.json: a district's network need not be told the API's shape.
    app = FastAPI(
        title="Learning Desk district server",
        version=str(protocol.PROTOCOL_VERSION),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    # Level 6, not the middleware's 9: at 9 a first download's pages take twice as long to compress
    # for 5 % fewer bytes, and the server shares its cores with the exchanges waiting behind it.
    app.add_middleware(GZipMiddleware, minimum_size=200, compresslevel=6)
    # When a whole district syncs at once, exchanges queue here rather than in threads holding
    # pool connections (see EXCHANGES_AT_ONCE); FIFO, so the longest waiting goes next.
    exchanges_at_once = asyncio.Semaphore(EXCHANGES_AT_ONCE)

    refusals = audit.Refusals(engine, clock)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        # Every refusal goes to the audit log, with the device when it is known.
        device = exc.device or getattr(request.state, "device", None)
        await run_in_threadpool(
            refusals.record,
            request.client.host if request.client else None,
            exc.status,
            f"{exc.kind}: {exc.message}",
            device.id if device else None,
            device.site_id if device else None,
        )
        return _error(exc)

    async def current_device(
        request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> Device:
        token = None
        if authorization and authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
        device = await run_in_threadpool(sync.authenticate, engine, token, clock)
        request.state.device = device
        return device

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

    refusal = {"description": "refused, with a sentence", "model": RefusalBody}
    refusals_documented: dict[int | str, dict[str, Any]] = {
        status: refusal for status in (400, 401, 403, 408, 409, 413, 426, 429)
    }

    @app.post(
        protocol.ENROLL_PATH,
        openapi_extra=openapi_body(EnrollBody),
        responses=refusals_documented,
    )
    async def enroll(request: Request) -> Response:
        address = request.client.host if request.client else "unknown"
        guard.check(address)
        message = await read_message(request, EnrollBody)
        try:
            answer = await run_in_threadpool(sync.enroll, engine, message, clock, address=address)
        except ApiError as exc:
            if exc.status == 403:
                guard.wrong(address, exc.kind)
            raise
        return _json_response(answer)

    @app.post(
        protocol.SYNC_PATH,
        openapi_extra=openapi_body(SyncBody),
        responses=refusals_documented,
    )
    async def exchange(
        request: Request, device: Annotated[Device, Depends(current_device)]
    ) -> Response:
        message = await read_message(request, SyncBody)
        async with exchanges_at_once:
            if await request.is_disconnected():
                # The laptop gave up waiting and will send the same batch again: a push made now
                # would be work nobody reads, taken from the laptops still waiting.
                return Response(status_code=503)
            return _json_response(
                await run_in_threadpool(sync.exchange, engine, device, message, clock)
            )

    @app.post(
        bundles.KEYS_PATH, openapi_extra=openapi_body(KeysBody), responses=refusals_documented
    )
    async def bundle_keys(
        request: Request, device: Annotated[Device, Depends(current_device)]
    ) -> Response:
        message = await read_message(request, KeysBody)
        return _json_response(await run_in_threadpool(sync.device_keys, engine, device, message))

    @app.post(bundles.RELAY_PATH, responses=refusals_documented)
    async def relay_bundle(
        request: Request, device: Annotated[Device, Depends(current_device)]
    ) -> Response:
        """A village's bundle (its bytes are the body) carried by ``device``; the answer is the
        return bundle for the village."""
        data = await _read_body(request, limits)
        address = request.client.host if request.client else None

        def check(message: Any) -> None:
            if not isinstance(message, dict):
                raise ApiError(400, "bad_request", "An exchange in the bundle is not an object.")
            _check_values(message, limits.depth)
            checked(SyncBody, message)

        def refused(exc: ApiError, village: Device) -> None:
            refusals.record(
                address, exc.status, f"{exc.kind}: {exc.message}", village.id, village.site_id
            )

        async with exchanges_at_once:
            if await request.is_disconnected():
                return Response(status_code=503)
            answer = await run_in_threadpool(
                relay.relay, engine, device, data, clock, check, refused
            )
        return Response(answer, media_type="application/octet-stream")

    return app


def log_to_stderr() -> None:
    """Send the server's log lines (the audit log's ``learning_desk.audit`` among them) to stderr,
    where the service manager running it keeps them; uvicorn sets up only its own loggers."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def app_from_environment() -> FastAPI:
    """The app for the database ``$LEARNING_DESK_SERVER_DB`` names: what each worker process builds
    for itself when the server runs several (``serve --workers N``), since an engine's connections
    cannot be shared across processes."""
    log_to_stderr()
    return create_app(open_server_database(database_url()))
