"""A capped key end to end: the real client asks the simulator's `POST /v1/tokens` for a child
key with the caps, the key keeper (`KeyStore` over the test keyring) uses it and keeps the own key
aside, the service stops the child key at its cap with a 402 that reads as the key's limit, and
every refusal leaves the key as it was."""

from __future__ import annotations

import logging
from decimal import Decimal

import keyring
import pytest

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.spend import Caps
from hailuo_desktop.engine.capped_key import KEY_NAME, CappedKeys, use_capped_key
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from hailuo_desktop.store.credentials import ENV_VAR, OWN_KEY_USERNAME, SERVICE, USERNAME, KeyStore
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, KEY, in_process_http, make_simulator

BASE = "http://127.0.0.1"
REQUEST = GenerationRequest("A cat")  # Hailuo 2.3, 768p, 6 s: $0.28 = 56 credits
D = Decimal


@pytest.fixture
def keys() -> KeyStore:
    store = KeyStore()
    store.set(KEY)
    return store


def stored(username: str) -> str | None:
    return keyring.get_password(SERVICE, username)


async def open_app(tmp_path, sim, keys: KeyStore):
    """The app's session over the simulator with the key keeper's key, as startup builds it."""
    http = in_process_http(sim)
    connection = Connection(BASE, keys.get, key_is_capped=keys.is_capped)
    session = open_session(
        connection,
        history=tmp_path / "jobs.db",
        library_dir=lambda: tmp_path / "library",
        schedule=FAST_SCHEDULE,
        retry=FAST_RETRY,
        http=http,
    )
    return http, session


@pytest.fixture
async def sim():
    simulator = make_simulator(time_scale=5000)
    # A real second is 83 simulated minutes here: the service's day (UTC) starts at its next
    # noon, so that the daily cap's day cannot end during a test run late in the day.
    simulator.clock.advance((12 * 3600 - simulator.clock.now()) % 86400)
    yield simulator
    await simulator.aclose()


async def test_the_capped_key_is_made_kept_and_stopped_by_the_service_at_its_cap(
    tmp_path, sim, keys, caplog
):
    caplog.set_level(logging.DEBUG)
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        told = await CappedKeys(session.client, keys).make(Caps(daily_usd=D("0.60")))
        assert told == (
            "The app now uses a capped key that the service stops at $0.60 a day. Your own key "
            "is kept aside: Settings can go back to it."
        )
        (child,) = sim.child_keys.values()
        assert (child.name, child.parent, child.daily_credits, child.monthly_credits) == (
            KEY_NAME,
            KEY,
            120,
            0,
        )
        assert stored(USERNAME) == child.key and stored(OWN_KEY_USERNAME) == KEY
        assert keys.get() == child.key and keys.is_capped()

        credits_before = sim.credits[KEY]
        done = await session.runner.wait(session.runner.submit(REQUEST).id)
        assert done.state is JobState.DONE
        assert sim.tasks[done.task_id].key == child.key  # the app now sends the capped key
        assert sim.credits[KEY] == credits_before - 56  # … which spends the account's credits

        second = await session.runner.wait(session.runner.submit(REQUEST).id)
        assert second.state is JobState.DONE  # 112 of 120 credits
        refused = await session.runner.wait(session.runner.submit(REQUEST).id)
        assert refused.state is JobState.FAILED
        assert refused.error_kind is errors.ErrorKind.INSUFFICIENT_CREDITS
        assert refused.error_message == (
            "The capped key reached its daily or monthly limit, so the video service refused "
            "this video; nothing was charged. Wait until tomorrow (or next month), or go back "
            "to your own key in Settings."
        )
        assert "insufficient_quota" in refused.error_detail
        assert sim.credits[KEY] == credits_before - 112  # the refused create took nothing
        sim.advance(24 * 3600)  # the service's next day: the daily cap starts again
        assert (await session.runner.wait(session.runner.submit(REQUEST).id)).state is (
            JobState.DONE
        )
    assert child.key not in caplog.text and KEY not in caplog.text
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert written and not [path for path in written if child.key.encode() in path.read_bytes()]


async def test_a_monthly_cap_stops_the_key_and_going_back_uses_the_own_key(tmp_path, sim, keys):
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        capped = CappedKeys(session.client, keys)
        told = await capped.make(Caps(daily_usd=D("5"), monthly_usd=D("0.30")))
        assert "$5.00 a day and $0.30 a month" in told
        assert (await session.runner.wait(session.runner.submit(REQUEST).id)).state is (
            JobState.DONE
        )
        refused = await session.runner.wait(session.runner.submit(REQUEST).id)
        assert refused.error_kind is errors.ErrorKind.INSUFFICIENT_CREDITS
        assert refused.error_message.startswith("The capped key reached its daily or monthly")

        assert capped.use_own_key().startswith("The app uses your own key again.")
        assert keys.get() == KEY and not capped.in_use()
        assert stored(USERNAME) == KEY and stored(OWN_KEY_USERNAME) is None
        done = await session.runner.wait(session.runner.submit(REQUEST).id)
        assert done.state is JobState.DONE and sim.tasks[done.task_id].key == KEY


async def test_an_own_keys_402_still_reads_as_an_empty_account(tmp_path, keys):
    sim = make_simulator(keys={KEY: 10}, time_scale=5000)  # a new account: 10 credits
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        refused = await session.runner.wait(session.runner.submit(REQUEST).id)
    await sim.aclose()
    assert refused.error_kind is errors.ErrorKind.INSUFFICIENT_CREDITS
    assert refused.error_message.startswith("Your ToAPIs account is out of credits.")


@pytest.mark.parametrize("status", [401, 403, 404])
async def test_a_service_that_refuses_child_keys_leaves_the_key_unchanged(tmp_path, keys, status):
    sim = make_simulator(tokens_refused_with=status)
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        with pytest.raises(errors.HailuoError) as refused:
            await use_capped_key(session.client, keys, Caps(daily_usd=D("1")))
    await sim.aclose()
    assert refused.value.message == (
        "The service did not let this key create a capped key; your key is unchanged."
    )
    assert refused.value.status == status and "无权进行此操作" in refused.value.detail
    assert sim.stats["tokens"] == 1 and sim.child_keys == {}
    assert stored(USERNAME) == KEY and stored(OWN_KEY_USERNAME) is None
    assert keys.get() == KEY and not keys.is_capped()


async def test_a_lost_answer_says_no_key_was_made_and_where_one_could_be(tmp_path, sim, keys):
    sim.add_fault(FaultRule(Endpoint.TOKENS, Fault.DROP_AFTER))  # made at the service, reply lost
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        with pytest.raises((errors.NetworkError, errors.ProtocolError)) as lost:
            await use_capped_key(session.client, keys, Caps(monthly_usd=D("10")))
    assert lost.value.message == (
        "No capped key was made: the service could not be reached or did not answer properly. "
        "If a key named Hailuo Desktop (capped) appears in your ToAPIs console, you may delete "
        "it there. Your key is unchanged."
    )
    (child,) = sim.child_keys.values()
    assert child.key not in lost.value.technical_details()
    assert keys.get() == KEY and stored(OWN_KEY_USERNAME) is None


async def test_what_is_refused_before_asking_the_service(tmp_path, sim, keys, monkeypatch):
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        with pytest.raises(errors.InvalidInput, match="Set a daily or a monthly spending cap"):
            await use_capped_key(session.client, keys, Caps())
        await use_capped_key(session.client, keys, Caps(daily_usd=D("1")))
        with pytest.raises(errors.InvalidInput, match="already uses a capped key"):
            await use_capped_key(session.client, keys, Caps(daily_usd=D("2")))
        keys.use_own_key()
        monkeypatch.setenv(ENV_VAR, "sk-from-the-environment-0123")
        with pytest.raises(errors.InvalidInput, match="TOAPIS_API_KEY"):
            await use_capped_key(session.client, keys, Caps(daily_usd=D("2")))
    assert sim.stats["tokens"] == 1 and len(sim.child_keys) == 1
    assert stored(USERNAME) == KEY


async def test_a_child_key_may_not_make_keys_of_its_own(tmp_path, sim, keys):
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        await use_capped_key(session.client, keys, Caps(daily_usd=D("1")))
        with pytest.raises(errors.AuthError) as refused:
            await session.client.create_capped_key("again", D("1"), None)
    assert refused.value.status == 403 and len(sim.child_keys) == 1


async def test_a_new_key_typed_in_settings_is_the_own_key_again(keys):
    keys.use_capped_key("sk-capped-child-7c1e9a")
    assert keys.is_capped() and stored(OWN_KEY_USERNAME) == KEY
    keys.set("sk-another-own-key-44d0")
    assert not keys.is_capped() and stored(OWN_KEY_USERNAME) is None
    assert keys.use_own_key() is None and keys.get() == "sk-another-own-key-44d0"


async def test_without_a_key_nothing_is_asked_and_the_message_says_why(tmp_path, sim):
    keys = KeyStore()  # no key saved
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        with pytest.raises(errors.AuthError) as missing:
            await use_capped_key(session.client, keys, Caps(daily_usd=D("1")))
    assert missing.value.message.startswith("No API key is set.")
    assert sim.stats["tokens"] == 0


@pytest.mark.parametrize("refused", [OWN_KEY_USERNAME, USERNAME])
async def test_a_keyring_that_will_not_keep_a_key_changes_nothing(
    tmp_path, sim, keys, monkeypatch, refused
):
    backend = keyring.get_keyring()
    keep = backend.set_password

    def set_password(service: str, username: str, password: str) -> None:
        putting_back = username == USERNAME and password == KEY  # the own key, as it was
        if username == refused and not putting_back:
            raise keyring.errors.KeyringError("locked")
        keep(service, username, password)

    monkeypatch.setattr(backend, "set_password", set_password)
    http, opening = await open_app(tmp_path, sim, keys)
    async with http, opening as session:
        with pytest.raises(errors.HailuoError) as lost:
            await use_capped_key(session.client, keys, Caps(daily_usd=D("1")))
    assert "did not keep it, so your own key stays in use" in lost.value.message
    assert stored(USERNAME) == KEY and stored(OWN_KEY_USERNAME) is None
    assert keys.get() == KEY and not keys.is_capped()
    assert KeyStore().get() == KEY and not KeyStore().is_capped()  # as the next start sees it
