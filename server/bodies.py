"""The shapes of the two request bodies, as Pydantic models: the first gate a parsed body passes (a
field of the wrong type is a 400 with a sentence naming it, before any of it is used), and the
request bodies of the OpenAPI document, so a fuzzer generates bodies that reach the code behind it.

Strict: a number sent as text, or a flag sent as a number, is refused rather than guessed at. Fields
the laptop does not send yet are allowed through (``extra="allow"``): a newer laptop may say more
than this server reads. What the fields mean, and the checks beyond their shape, are in
``server/sync.py`` and ``docs/protocol.md``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from core import protocol
from server.sync import ApiError

#: Largest integer the databases store (64-bit signed).
INT64 = 2**63 - 1
Count = Annotated[int, Field(ge=0, le=INT64)]
Name = Annotated[str, Field(max_length=64)]


class Shape(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True)


class EnrollBody(Shape):
    """A laptop asking to be enrolled with a one-time code."""

    protocol: int = Field(ge=0, le=INT64)
    schema_revision: Name | None = Field(None, alias="schema")
    app: Name | None = None
    code: str = Field(min_length=1, max_length=64)
    nonce: str | None = Field(None, max_length=128)
    device_name: str | None = Field(None, max_length=1000)


class KeysBody(Shape):
    """An enrolled laptop asking for its sync bundle keys (``core/bundles.py``)."""

    protocol: int = Field(ge=0, le=INT64)
    schema_revision: Name | None = Field(None, alias="schema")
    app: Name | None = None


class RowBlock(Shape):
    """One table's rows: the wire fields, then a list per row (``[id, rev, deleted, *values]``)."""

    cols: list[Name] = Field(max_length=200)
    # How many rows a push may carry is checked on all blocks together (413 too_many_changes).
    rows: list[list[Any]]
    base: dict[str, list[Any]] | None = None


def _block_of(table: str) -> type[RowBlock]:
    """A table's block: its ``cols`` are exactly the table's wire fields (the server refuses any
    other list); described so, generated bodies reach the rows' own checks."""
    fields = list(protocol.CODECS[table].fields)
    cols = (list[Name], Field(max_length=200, json_schema_extra={"const": fields}))
    return create_model(f"{table.title().replace('_', '')}Block", __base__=RowBlock, cols=cols)


#: The tables a laptop may push, each with its block; another name is refused by the server.
Changes = create_model(
    "Changes",
    __base__=Shape,
    **{t.name: (_block_of(t.name) | None, None) for t in protocol.PUSHABLE},
)


class SyncBody(Shape):
    """One exchange: what the laptop sends (``changes``) and where its pull stands (``cursor``)."""

    protocol: int = Field(ge=0, le=INT64)
    schema_revision: Name | None = Field(None, alias="schema")
    app: Name | None = None
    device_time: Name | None = None
    cursor: Count = 0
    limit: Count | None = None
    pending_after: Count | None = None
    last: list[Any] | None = Field(None, max_length=3)
    scope: Name | None = None
    batch: Name | None = None
    changes: Changes | None = None
    verify: bool | None = None
    refetch: list[Name] | None = Field(None, max_length=64)
    skip: dict[Name, list[Name]] | None = Field(None, max_length=64)


class RefusalBody(BaseModel):
    """Every refusal: a stable kind for programs and an English sentence for people."""

    error: str
    message: str


def checked(model: type[Shape], message: Any) -> None:
    """Refuse ``message`` with a 400 naming the first field that is not of its shape."""
    try:
        model.model_validate(message)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the body"
        raise ApiError(
            400,
            "bad_request",
            f"The request is not what the protocol describes: {where}: {first['msg']}.",
        ) from None


def openapi_body(model: type[Shape]) -> dict[str, Any]:
    """The ``openapi_extra`` of a route whose body the app reads itself (streamed, within limits)
    but describes with ``model``."""
    schema = model.model_json_schema(by_alias=True)
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:  # the route's schema stands alone: no references to resolve
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline(schema)}},
        }
    }
