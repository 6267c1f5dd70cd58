"""Child keys with caps (API.md §8, `POST /v1/tokens`), as the simulator keeps them.

A child key spends its parent's credits, and the service itself stops it at its caps: a
create that would take its spending of the server's day (UTC) past `daily_credits`, of the
server's month past `monthly_credits`, or of its whole life past `remain_credits`, is refused
with HTTP 402 — the insufficient-quota envelope of API.md §4, in the gateway's Chinese words
(the client maps it by status and code, never by the words). A cap of 0 or an absent one is no
cap. Child keys live as long as the simulator: they are not part of its remembered state.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

CAP_FIELDS = ("daily_credits", "monthly_credits", "remain_credits")

QUOTA_MESSAGES = {
    "daily_credits": "该令牌今日额度已用尽",  # this key's quota for today is used up
    "monthly_credits": "该令牌本月额度已用尽",  # … for this month
    "remain_credits": "该令牌额度已用尽",  # … for good
}


class InvalidTokenRequest(ValueError):
    """A `POST /v1/tokens` body the service refuses with HTTP 400 (the text says why)."""


@dataclass(frozen=True)
class ChildKey:
    """A key made by `POST /v1/tokens`: whose credits it spends and where it stops."""

    key: str
    parent: str
    name: str
    daily_credits: int = 0
    monthly_credits: int = 0
    remain_credits: int = 0

    @classmethod
    def create(cls, parent: str, body: object) -> ChildKey:
        """A new key for `parent` from the request body; InvalidTokenRequest if it is bad."""
        if not isinstance(body, Mapping):
            raise InvalidTokenRequest("request body must be a JSON object")
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidTokenRequest("name is required")
        caps = {field: _credits(body, field) for field in CAP_FIELDS}
        return cls(f"sk-{secrets.token_urlsafe(30)}", parent, name.strip(), **caps)

    def reply(self, token_id: int) -> dict[str, Any]:
        """The created key as the service answers it: the key itself once, in `key`."""
        return {
            "success": True,
            "message": "",
            "data": {"id": token_id, "name": self.name, "key": self.key}
            | {field: getattr(self, field) for field in CAP_FIELDS},
        }

    def exhausted(self, spent: Iterable[tuple[float, int]], cost: int, now: float) -> str | None:
        """The cap a create of `cost` credits at `now` would pass, given the key's earlier
        spending as (time, credits); None when it fits every cap."""
        spent = list(spent)
        today, month = _day(now), _month(now)
        windows = {
            "daily_credits": sum(c for when, c in spent if _day(when) == today),
            "monthly_credits": sum(c for when, c in spent if _month(when) == month),
            "remain_credits": sum(c for _, c in spent),
        }
        for field, used in windows.items():
            cap = getattr(self, field)
            if cap and used + cost > cap:
                return field
        return None


def _credits(body: Mapping[str, Any], field: str) -> int:
    value = body.get(field, 0)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidTokenRequest(f"{field} must be a number of credits, 0 or more")
    if value != int(value):
        raise InvalidTokenRequest(f"{field} must be a whole number of credits")
    return int(value)


def _day(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d")


def _month(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m")
