"""Fault injection for the simulator: what can go wrong, on which endpoint, how often.

A `FaultRule` says "the next N requests to endpoint E (or each with probability p) get fault
F". Rules come from a named scenario for the whole run (`SCENARIOS`, `--scenario`) or are
added per request by a test (`Simulator.add_fault`, or `POST /_sim/faults`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Endpoint(StrEnum):
    UPLOAD = "upload"
    CREATE = "create"
    STATUS = "status"
    DOWNLOAD = "download"
    BALANCE = "balance"
    TOKENS = "tokens"  # POST /v1/tokens: child keys
    ANY = "*"


class Fault(StrEnum):
    SERVER_ERROR = "server_error"  # params: status (500), message (the gateway's words)
    RATE_LIMIT = "rate_limit"  # params: retry_after (seconds, or absent for no header)
    DROP = "drop"  # the connection closes mid-body
    HANG = "hang"  # no answer for params.seconds (30)
    HANG_AFTER = "hang_after"  # carried out (a create bills), then no answer for params.seconds
    DROP_AFTER = "drop_after"  # carried out (a create bills), then the connection drops mid-body
    OVERSIZED = "oversized"  # HTTP 200 with a JSON body of params.bytes (8 MiB) that is no reply
    MALFORMED_JSON = "malformed_json"
    WRONG_TYPES = "wrong_types"
    SUCCESS_FALSE = "success_false"  # HTTP 200 with {"success": false}
    UNAUTHORIZED = "unauthorized"
    INSUFFICIENT = "insufficient"
    CONTENT_REJECTED = "content_rejected"  # 422 at create
    TASK_FAILS = "task_fails"  # create: the task later fails; params: policy (bool)
    NO_URL = "no_url"  # create: the task completes without a URL
    EXPIRED_URL = "expired_url"  # download: the URL has expired
    TRUNCATE = "truncate"  # download: stop after params.fraction (0.5) of the body
    SLOW = "slow"  # download: params.bytes_per_second (65536)
    NO_RANGE = "no_range"  # download: ignore Range, always send the whole file
    TRICKLE = "trickle"  # a byte every params.interval s (0.5), never silent long enough for a
    # read timeout, until params.seconds (60) have passed and the connection drops: an API call
    # gets a JSON body that never ends in time, a download its file


@dataclass
class FaultRule:
    """Apply `fault` to matching requests: `times` of them (None: all), each with `probability`."""

    endpoint: Endpoint
    fault: Fault
    times: int | None = 1
    probability: float = 1.0
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FaultRule:
        return cls(
            endpoint=Endpoint(data.get("endpoint", "*")),
            fault=Fault(data["fault"]),
            times=data.get("times", 1),
            probability=float(data.get("probability", 1.0)),
            params=dict(data.get("params") or {}),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint.value,
            "fault": self.fault.value,
            "times": self.times,
            "probability": self.probability,
            "params": self.params,
        }


class FaultPlan:
    """The active rules; `take(endpoint)` consumes and returns the first that fires."""

    def __init__(self, rules: list[FaultRule] | None = None, rng: random.Random | None = None):
        self.rules: list[FaultRule] = list(rules or [])
        self._rng = rng or random.Random(1234)

    def add(self, rule: FaultRule) -> None:
        self.rules.append(rule)

    def clear(self) -> None:
        self.rules.clear()

    def take(self, endpoint: Endpoint) -> FaultRule | None:
        for rule in self.rules:
            if rule.endpoint not in (endpoint, Endpoint.ANY):
                continue
            if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                continue
            if rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    self.rules.remove(rule)
            return rule
        return None


def _every(endpoint: Endpoint, fault: Fault, probability: float, **params) -> FaultRule:
    return FaultRule(endpoint, fault, times=None, probability=probability, params=params)


SCENARIOS: dict[str, list[FaultRule]] = {
    "normal": [],
    "flaky": [
        _every(Endpoint.STATUS, Fault.SERVER_ERROR, 0.2, status=503),
        _every(Endpoint.BALANCE, Fault.SERVER_ERROR, 0.2, status=502),
        _every(Endpoint.DOWNLOAD, Fault.TRUNCATE, 0.3, fraction=0.5),
    ],
    "rate-limited": [_every(Endpoint.STATUS, Fault.RATE_LIMIT, 0.5, retry_after=2)],
    "slow-downloads": [_every(Endpoint.DOWNLOAD, Fault.SLOW, 1.0, bytes_per_second=262144)],
    "failing": [_every(Endpoint.CREATE, Fault.TASK_FAILS, 1.0)],
    "policy": [_every(Endpoint.CREATE, Fault.TASK_FAILS, 1.0, policy=True)],
    "no-url": [_every(Endpoint.CREATE, Fault.NO_URL, 1.0)],
    "create-500": [_every(Endpoint.CREATE, Fault.SERVER_ERROR, 1.0, status=500)],
    "broken-json": [_every(Endpoint.STATUS, Fault.MALFORMED_JSON, 0.3)],
}


def scenario_rules(name: str) -> list[FaultRule]:
    """Fresh copies of the named scenario's rules; KeyError for an unknown name."""
    return [FaultRule(**{**vars(rule), "params": dict(rule.params)}) for rule in SCENARIOS[name]]
