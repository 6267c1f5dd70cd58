"""The API key goes to the keyring or, without one, stays in memory for the session; it is
never written to a file or a log."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.errors import KeyringLocked, PasswordDeleteError, PasswordSetError

from hailuo_desktop.store.credentials import (
    ENV_VAR,
    SERVICE,
    USERNAME,
    KeyStorage,
    KeyStore,
    clean_key,
)
from hailuo_desktop.store.settings import Settings
from tests.conftest import MemoryKeyring

KEY = "sk-cred-test-5e0f2a9c81d7"
OTHER_KEY = "sk-cred-other-0b6e3f7d1a24"


class BrokenKeyring(MemoryKeyring):
    """A keyring that refuses chosen operations, quoting the secret in its error text."""

    def __init__(self, *, get: bool = False, set: bool = False, delete: bool = False) -> None:
        super().__init__()
        self.fail_get, self.fail_set, self.fail_delete = get, set, delete

    def get_password(self, service: str, username: str) -> str | None:
        if self.fail_get:
            raise KeyringLocked(f"locked while reading {self.passwords}")
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail_set:
            raise KeyringLocked(f"denied storing {password}")
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        if self.fail_delete:
            raise PasswordSetError(f"denied deleting {self.passwords}")
        super().delete_password(service, username)


class OSErrorKeyring(MemoryKeyring):
    """A backend that lets an OS-level error out instead of a KeyringError."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise OSError(f"D-Bus went away while storing {password}")


class StrictDeleteKeyring(MemoryKeyring):
    """Like real backends: deleting a missing password raises PasswordDeleteError."""

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.passwords:
            raise PasswordDeleteError("not found")
        super().delete_password(service, username)


@pytest.fixture(autouse=True)
def backend():
    """A fresh in-memory keyring, even in a run that leaves the real keyring alone."""
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def files_containing(root: Path, secret: str) -> list[Path]:
    needles = (secret.encode(), secret.encode("utf-16-le"))
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]


def assert_not_logged(caplog, secret: str) -> None:
    assert secret not in caplog.text
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in repr(record.args)
        assert record.exc_info is None  # a traceback could quote the key


def test_set_get_delete_through_the_keyring(backend):
    store = KeyStore()
    assert store.storage is KeyStorage.KEYRING
    assert store.get() is None
    assert store.set(KEY) is KeyStorage.KEYRING
    assert backend.passwords == {(SERVICE, USERNAME): KEY}
    assert store.get() == KEY
    assert KeyStore().get() == KEY  # what the next start sees

    store.delete()
    assert backend.passwords == {}
    assert store.get() is None
    assert KeyStore().get() is None


def test_a_new_key_replaces_the_old(backend):
    KeyStore().set(KEY)
    KeyStore().set(OTHER_KEY)
    assert backend.passwords == {(SERVICE, USERNAME): OTHER_KEY}
    assert KeyStore().get() == OTHER_KEY


def test_pasted_whitespace_is_stripped(backend):
    KeyStore().set(f"  {KEY}\r\n\t")
    assert backend.passwords[(SERVICE, USERNAME)] == KEY
    backend.passwords[(SERVICE, USERNAME)] = f"{KEY}\n"  # stored by another tool
    assert KeyStore().get() == KEY


@pytest.mark.parametrize("pasted", ["", "   ", "\n\t"])
def test_an_empty_key_is_refused(backend, pasted):
    store = KeyStore()
    with pytest.raises(ValueError, match="empty"):
        store.set(pasted)
    assert backend.passwords == {}
    assert store.get() is None


def test_a_key_with_inner_whitespace_is_refused(backend):
    with pytest.raises(ValueError, match="spaces or line breaks"):
        KeyStore().set("sk-abc\ndef")
    assert backend.passwords == {}


def test_clean_key_is_plain():
    assert clean_key(f" {KEY} ") == KEY


def test_the_environment_variable_takes_precedence(backend, monkeypatch):
    KeyStore().set(KEY)
    monkeypatch.setenv(ENV_VAR, f"  {OTHER_KEY} ")
    store = KeyStore()
    assert store.from_environment
    assert store.get() == OTHER_KEY
    assert backend.passwords == {(SERVICE, USERNAME): KEY}  # not written to the keyring

    monkeypatch.delenv(ENV_VAR)
    assert not store.from_environment
    assert store.get() == KEY


def test_an_empty_environment_variable_is_ignored(backend, monkeypatch):
    KeyStore().set(KEY)
    monkeypatch.setenv(ENV_VAR, "  ")
    assert not KeyStore().from_environment
    assert KeyStore().get() == KEY


def test_the_environment_key_works_without_any_keyring(monkeypatch):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setenv(ENV_VAR, KEY)
    assert KeyStore().get() == KEY


def test_deleting_a_missing_key_is_fine():
    keyring.set_keyring(StrictDeleteKeyring())
    KeyStore().delete()
    assert KeyStore().get() is None


def test_without_a_keyring_the_key_lives_for_the_session_only(
    isolated_environment, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = KeyStore()
    assert store.storage is KeyStorage.SESSION_ONLY
    assert store.backend_name == "fail Keyring"
    assert store.set(KEY) is KeyStorage.SESSION_ONLY
    assert store.get() == KEY
    assert KeyStore().get() is None  # the next start has no key

    Settings().notifications = False  # the app writes its files as usual
    assert files_containing(tmp_path, KEY) == []
    assert any("session only" in record.getMessage() for record in caplog.records)
    assert_not_logged(caplog, KEY)

    store.delete()
    assert store.get() is None


def test_the_null_keyring_counts_as_no_keyring():
    keyring.set_keyring(keyring.backends.null.Keyring())
    store = KeyStore()
    assert store.set(KEY) is KeyStorage.SESSION_ONLY
    assert store.get() == KEY


def test_a_keyring_that_refuses_to_store_degrades_to_the_session(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    broken = BrokenKeyring(set=True)
    keyring.set_keyring(broken)
    store = KeyStore()
    assert store.storage is KeyStorage.KEYRING
    assert store.set(KEY) is KeyStorage.SESSION_ONLY
    assert store.storage is KeyStorage.SESSION_ONLY
    assert store.get() == KEY
    assert broken.passwords == {}
    assert files_containing(tmp_path, KEY) == []
    assert any("KeyringLocked" in record.getMessage() for record in caplog.records)
    assert_not_logged(caplog, KEY)


def test_an_os_error_from_the_backend_degrades_too(caplog):
    caplog.set_level(logging.DEBUG)
    keyring.set_keyring(OSErrorKeyring())
    store = KeyStore()
    assert store.set(KEY) is KeyStorage.SESSION_ONLY
    assert store.get() == KEY
    assert_not_logged(caplog, KEY)


def test_a_locked_keyring_on_reading_gives_no_key_and_says_so(caplog):
    caplog.set_level(logging.DEBUG)
    broken = BrokenKeyring(get=True)
    broken.passwords[(SERVICE, USERNAME)] = KEY
    keyring.set_keyring(broken)
    store = KeyStore()
    assert store.get() is None
    assert store.storage is KeyStorage.SESSION_ONLY
    assert_not_logged(caplog, KEY)


def test_setting_retries_the_keyring_after_a_failed_read(caplog):
    broken = BrokenKeyring(get=True)
    keyring.set_keyring(broken)
    store = KeyStore()
    assert store.get() is None
    assert store.storage is KeyStorage.SESSION_ONLY
    broken.fail_get = False  # the user unlocked the keyring meanwhile
    assert store.set(KEY) is KeyStorage.KEYRING
    assert broken.passwords == {(SERVICE, USERNAME): KEY}
    assert KeyStore().get() == KEY


def test_a_failed_delete_is_logged_without_the_key(caplog):
    caplog.set_level(logging.DEBUG)
    broken = BrokenKeyring(delete=True)
    keyring.set_keyring(broken)
    store = KeyStore()
    store.set(KEY)
    store.delete()
    assert store.get() is None
    assert any("PasswordSetError" in record.getMessage() for record in caplog.records)
    assert_not_logged(caplog, KEY)


def test_storage_labels_are_plain_sentences():
    assert "keyring" in KeyStorage.KEYRING.label
    assert "until you quit" in KeyStorage.SESSION_ONLY.label
