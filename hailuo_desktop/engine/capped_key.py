"""A capped key for the app: made by the service with the user's caps, used from then on.

PRODUCT.md's spend guard stops the app at the caps in Settings; a capped key (API.md §8,
`POST /v1/tokens`) makes the service stop *the key* there too, whoever uses it. `use_capped_key`
asks the service for one with today's daily and monthly caps and hands it to the key keeper
(`store.credentials.KeyStore`), which keeps the user's own key aside so Settings can go back to
it. Nothing changes unless the service made a key: every refusal is an error whose message ends
"your key is unchanged". The caps of a capped key are fixed when it is made: a cap changed later
in Settings guards the app, not the key (make another after going back to your own key).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from hailuo_desktop.api import wire
from hailuo_desktop.api.client import ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.options import CREDITS_PER_USD
from hailuo_desktop.core.spend import Caps

KEY_NAME = "Hailuo Desktop (capped)"
"""The name the capped key gets at the service (its console lists it so)."""

NO_CAPS = QT_TRANSLATE_NOOP(
    "Messages",
    "Set a daily or a monthly spending cap first: the capped key stops at those caps. Your key "
    "is unchanged.",
)
KEY_FROM_ENVIRONMENT = QT_TRANSLATE_NOOP(
    "Messages",
    "The key comes from the TOAPIS_API_KEY environment variable, which the app cannot replace. "
    "Your key is unchanged.",
)
ALREADY_CAPPED = QT_TRANSLATE_NOOP(
    "Messages",
    "The app already uses a capped key. To make one with other caps, go back to your own key "
    "first. Your key is unchanged.",
)
NOT_MADE = QT_TRANSLATE_NOOP("Messages", "No capped key was made: {reason} Your key is unchanged.")
NO_ANSWER = QT_TRANSLATE_NOOP(
    "Messages",
    "the service could not be reached or did not answer properly. If a key named {name} appears "
    "in your ToAPIs console, you may delete it there.",
)
IN_USE = {
    (True, True): QT_TRANSLATE_NOOP(
        "Messages",
        "The app now uses a capped key that the service stops at ${daily} a day and ${monthly} "
        "a month. Your own key is kept aside: Settings can go back to it.",
    ),
    (True, False): QT_TRANSLATE_NOOP(
        "Messages",
        "The app now uses a capped key that the service stops at ${daily} a day. Your own key "
        "is kept aside: Settings can go back to it.",
    ),
    (False, True): QT_TRANSLATE_NOOP(
        "Messages",
        "The app now uses a capped key that the service stops at ${monthly} a month. Your own "
        "key is kept aside: Settings can go back to it.",
    ),
}
"""What the user is told once the capped key is in use, by which caps it has."""
OWN_KEY_AGAIN = QT_TRANSLATE_NOOP(
    "Messages",
    "The app uses your own key again. The capped key still exists in your ToAPIs console; "
    "delete it there if no other program uses it.",
)


class KeyKeeper(Protocol):
    """Where the app's key lives (`store.credentials.KeyStore`)."""

    @property
    def from_environment(self) -> bool: ...

    def is_capped(self) -> bool: ...

    def use_capped_key(self, capped_key: str) -> object: ...

    def use_own_key(self) -> object: ...


class CappedKeys:
    """The capped key as the window offers it: whether one is in use, make one, go back."""

    def __init__(self, client: ToApisClient, keys: KeyKeeper) -> None:
        self._client = client
        self._keys = keys

    def in_use(self) -> bool:
        return self._keys.is_capped()

    async def make(self, caps: Caps) -> Message:
        """`use_capped_key` with this session's client and key keeper."""
        return await use_capped_key(self._client, self._keys, caps)

    def use_own_key(self) -> Message:
        """Back to the user's own key (the capped key stays at the service, unused)."""
        self._keys.use_own_key()
        return Message(OWN_KEY_AGAIN)


async def use_capped_key(client: ToApisClient, keys: KeyKeeper, caps: Caps) -> Message:
    """Make a key capped at `caps` with the key in use, and use it from now on; what to tell
    the user. Raises a HailuoError (nothing changed) when it cannot be done."""
    if caps.daily_usd is None and caps.monthly_usd is None:
        raise errors.InvalidInput(Message(NO_CAPS))
    if keys.from_environment:
        raise errors.InvalidInput(Message(KEY_FROM_ENVIRONMENT))
    if keys.is_capped():
        raise errors.InvalidInput(Message(ALREADY_CAPPED))
    try:
        made = await client.create_capped_key(KEY_NAME, caps.daily_usd, caps.monthly_usd)
    except (errors.AuthError, errors.NotFound) as refused:
        if refused.status in (401, 403, 404):  # not a missing key, which says so itself
            refused.message = Message(errors.CAPPED_KEY_REFUSED)
            refused.args = (refused.message,)
        raise
    except errors.HailuoError as failed:
        no_answer = isinstance(
            failed, errors.NetworkError | errors.ServerTrouble | errors.ProtocolError
        )
        reason = Message(NO_ANSWER, name=KEY_NAME) if no_answer else failed.message
        failed.message = Message(NOT_MADE, reason=reason)
        failed.args = (failed.message,)
        raise
    keys.use_capped_key(made.key.reveal())
    return _in_use(made, caps)


def _in_use(made: wire.ChildKey, caps: Caps) -> Message:
    """The sentence for the key in use, with the caps the service states (else the asked)."""
    daily = _usd(made.daily_credits, caps.daily_usd)
    monthly = _usd(made.monthly_credits, caps.monthly_usd)
    template = IN_USE[(daily is not None, monthly is not None)]
    facts = {name: value for name, value in (("daily", daily), ("monthly", monthly)) if value}
    return Message(template, **facts)


def _usd(credits: int | None, asked: Decimal | None) -> str | None:
    if credits:
        return f"{Decimal(credits) / CREDITS_PER_USD:.2f}"
    return None if asked is None else f"{asked:.2f}"
