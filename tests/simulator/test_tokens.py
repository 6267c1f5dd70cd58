"""The simulator's `POST /v1/tokens` over HTTP: what a bad body gets, and the caps' windows."""

from __future__ import annotations

import httpx
import pytest

from hailuo_desktop.simulator.tokens import ChildKey
from tests.helpers import KEY, in_process_http, make_simulator

DAY = 24 * 3600.0


@pytest.fixture
async def http():
    sim = make_simulator()
    async with in_process_http(sim) as client:
        yield client
    await sim.aclose()


async def post(http: httpx.AsyncClient, body: object) -> httpx.Response:
    return await http.post(
        "http://127.0.0.1/v1/tokens", json=body, headers={"Authorization": f"Bearer {KEY}"}
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"daily_credits": 5}, "name is required"),
        ({"name": "x", "daily_credits": -1}, "daily_credits must be a number of credits"),
        ({"name": "x", "monthly_credits": "lots"}, "monthly_credits must be a number"),
        ({"name": "x", "remain_credits": 2.5}, "remain_credits must be a whole number"),
        (["name"], "request body must be a JSON object"),
    ],
)
async def test_a_bad_body_is_refused_with_the_documented_envelope(http, body, reason):
    reply = await post(http, body)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"].startswith(reason)


async def test_without_a_key_the_service_answers_401(http):
    reply = await http.post("http://127.0.0.1/v1/tokens", json={"name": "x"})
    assert reply.status_code == 401


def test_each_cap_counts_its_own_window():
    child = ChildKey("sk-c", KEY, "x", daily_credits=100, monthly_credits=150, remain_credits=0)
    now = 1_767_225_600.0 + 10.5 * DAY  # 2026-01-11 12:00 UTC
    assert child.exhausted([(now - 60, 56)], 44, now) is None  # exactly the cap: allowed
    assert child.exhausted([(now - 60, 56)], 45, now) == "daily_credits"
    assert child.exhausted([(now - DAY, 100)], 56, now) == "monthly_credits"
    assert child.exhausted([(now - 20 * DAY, 100)], 56, now) is None  # last month
    lifelong = ChildKey("sk-c", KEY, "x", remain_credits=100)
    assert lifelong.exhausted([(now - 40 * DAY, 60)], 41, now) == "remain_credits"
