"""A real Secret Service round trip (gnome-keyring on a private D-Bus session).

Skipped unless HAILUO_TEST_REAL_KEYRING=1; run it as TOOLCHAIN.md shows:

    XDG_DATA_HOME=$(mktemp -d) HAILUO_TEST_REAL_KEYRING=1 dbus-run-session -- sh -c \\
      'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \\
       exec python -m pytest tests/store/test_secret_service.py'

Inside pytest, keyring's automatic choice is skewed: every `KeyringBackend` subclass a test
defines (conftest's MemoryKeyring) registers itself, so keyring picks its ChainerBackend. The
app's choice is therefore checked in a fresh process, and the in-process part re-detects the
backend among keyring's own backends only.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.core
import pytest

from hailuo_desktop.store.credentials import (
    OWN_KEY_USERNAME,
    SERVICE,
    USERNAME,
    KeyStorage,
    KeyStore,
)

pytestmark = [
    pytest.mark.secret_service,
    pytest.mark.skipif(
        os.environ.get("HAILUO_TEST_REAL_KEYRING") != "1",
        reason="needs a real Secret Service: set HAILUO_TEST_REAL_KEYRING=1 (see TOOLCHAIN.md)",
    ),
]

REPO_ROOT = Path(__file__).resolve().parents[2]
FRESH_PROCESS = """
import keyring
from hailuo_desktop.store.credentials import KeyStore
store = KeyStore()
print(type(keyring.get_keyring()).__module__, store.backend_name, store.storage.value, sep="|")
print(store.get())
"""


def fresh_process() -> tuple[str, str]:
    """(backend description, key or "None") as a newly started app sees them."""
    done = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    backend, key = done.stdout.splitlines()
    return backend, key


@pytest.fixture
def keyring_backend():
    """keyring's own choice among its real backends (test backends left out)."""
    previous = keyring.get_keyring()
    keyring.core.init_backend(limit=lambda ring: type(ring).__module__.startswith("keyring."))
    yield keyring.get_keyring()
    keyring.set_keyring(previous)


def test_the_key_round_trips_through_the_secret_service(isolated_environment, keyring_backend):
    from keyring.backends.SecretService import Keyring as SecretServiceKeyring

    assert isinstance(keyring_backend, SecretServiceKeyring)
    key = f"sk-real-{secrets.token_hex(12)}"
    store = KeyStore()
    assert store.backend_name == "SecretService Keyring"
    assert store.storage is KeyStorage.KEYRING
    try:
        assert store.set(f"  {key}\n") is KeyStorage.KEYRING
        assert keyring.get_password(SERVICE, USERNAME) == key
        assert KeyStore().get() == key  # a fresh store reads it from the Secret Service
        backend, seen = fresh_process()  # and so does the next start of the app
        assert backend == "keyring.backends.SecretService|SecretService Keyring|keyring"
        assert seen == key
        written = [path for path in isolated_environment.rglob("*") if path.is_file()]
        assert all(key.encode() not in path.read_bytes() for path in written)
    finally:
        store.delete()
    assert keyring.get_password(SERVICE, USERNAME) is None
    assert KeyStore().get() is None
    assert fresh_process()[1] == "None"


def test_a_capped_key_and_the_own_key_aside_outlive_a_restart(keyring_backend):
    own, capped = (f"sk-real-{secrets.token_hex(12)}" for _ in range(2))
    store = KeyStore()
    try:
        store.set(own)
        assert store.use_capped_key(capped) is KeyStorage.KEYRING
        assert keyring.get_password(SERVICE, OWN_KEY_USERNAME) == own
        restarted = KeyStore()  # the next start reads both from the Secret Service
        assert restarted.get() == capped and restarted.is_capped()
        assert fresh_process()[1] == capped
        assert restarted.use_own_key() is KeyStorage.KEYRING
        assert KeyStore().get() == own and not KeyStore().is_capped()
        assert keyring.get_password(SERVICE, OWN_KEY_USERNAME) is None
    finally:
        cleaner = KeyStore()  # what the keyring holds now, whatever failed
        cleaner.use_own_key()
        cleaner.delete()
    assert keyring.get_password(SERVICE, USERNAME) is None
    assert keyring.get_password(SERVICE, OWN_KEY_USERNAME) is None
