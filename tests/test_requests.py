"""Requests and their status events: validated against the workflow on the laptop and again on the
server; steps taken offline at different levels all stay in the history, and every laptop derives the
same status from it."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from core import protocol, workflow
from core.protocol import OutgoingRow
from desktop.services.demand import requests as req
from desktop.services.errors import InvalidInput, ServiceError

from support import District

PEAR = req.RequestInput("梨园修剪和病虫害防治技术培训，最好在梨子采摘前", "income", people_count=23)


def test_the_fold_applies_valid_steps_and_keeps_the_rest_as_history() -> None:
    assert workflow.current_status([]) == "proposed"
    assert workflow.current_status(["proposed", "collected", "town_organises"]) == "town_organises"
    # Two levels acted from town_organises at once: the first in server order wins, the other stays.
    assert (
        workflow.current_status(["collected", "town_organises", "declined", "scheduled"])
        == "declined"
    )
    assert workflow.current_status(["collected", "delivered"]) == "collected"


def test_filing_and_moving_a_request_on_the_laptop(store) -> None:  # noqa: ANN001
    request, _ = req.file_request(store, PEAR)
    assert request.status == "proposed" and request.pending
    request, _ = req.advance_request(store, request.id, "collected", "村民小组长收集")
    again, changes = req.advance_request(store, request.id, "collected")
    assert again.status == "collected" and not changes, "a repeated step is a no-op"
    with pytest.raises(ServiceError) as err:
        req.advance_request(store, request.id, "delivered")
    assert "cannot take that step" in str(err.value)
    with pytest.raises(ServiceError):
        req.advance_request(store, request.id, "matched")  # not a village's step, nor a next one
    assert [s for s, _ in req.history(store, request.id)] == ["proposed", "collected"]
    with pytest.raises(InvalidInput):
        req.file_request(store, req.RequestInput("", "astrology"))


def test_three_levels_acting_offline_end_with_the_same_history_and_status(
    district: District, tmp_path: Path
) -> None:
    village = district.device(tmp_path, district.village, "village", "v")
    town = district.device(tmp_path, district.town, "town", "t")
    office = district.device(tmp_path, district.district, "district", "d")
    request, _ = req.file_request(village.store, PEAR)
    req.advance_request(village.store, request.id, "collected")
    req.advance_request(village.store, request.id, "town_organises", "村里没有果树技术员")
    village.client.sync()
    town.client.sync()
    assert req.get_request(town.store, request.id).status == "town_organises"
    # Offline at the same time: the town escalates, the village schedules a local answer.
    req.advance_request(town.store, request.id, "district_coordinates", "请区里派果树专家")
    req.advance_request(village.store, request.id, "scheduled", "镇农技站周五来")
    town.client.sync()
    village.client.sync()
    for d in (town, office, village):
        d.client.sync()
    histories = {tuple(req.history(d.store, request.id)) for d in (village, town, office)}
    statuses = {req.get_request(d.store, request.id).status for d in (village, town, office)}
    assert len(histories) == 1 and len(statuses) == 1
    [history] = histories
    assert [s for s, _ in history][-2:] == ["district_coordinates", "scheduled"]
    assert statuses == {"district_coordinates"}, "the step the server received first decides"


def test_the_server_refuses_a_step_that_skips_the_workflow(
    district: District, tmp_path: Path
) -> None:
    village = district.device(tmp_path, district.village, "village", "v")
    request, _ = req.file_request(village.store, PEAR)
    village.client.sync()
    skip = OutgoingRow(
        uuid.uuid4(),
        1,
        False,
        {
            "site_id": district.village,
            "request_id": request.id,
            "to_status": "delivered",
            "note": "",
            "actor_site_id": district.village,
            "device_id": None,
            "at": dt.datetime(2026, 11, 25, 9),
        },
    )
    matched = OutgoingRow(uuid.uuid4(), 1, False, {**skip.values, "to_status": "matched"})
    token = village.credentials.get_token(village.store.identity().device_id.hex)
    message = {
        "protocol": protocol.PROTOCOL_VERSION,
        "cursor": 0,
        "batch": uuid.uuid4().hex,
        "changes": protocol.encode_push({"request_events": [skip, matched]}),
    }
    answer = village.transport.post(protocol.SYNC_PATH, message, token)
    assert "cannot move to delivered" in answer["rejected"]["0"]
    assert "may not move a request to matched" in answer["rejected"]["1"]
