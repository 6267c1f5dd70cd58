"""The ToAPIs API key in the OS keyring: the only module that touches keyring.

The key is kept in Windows Credential Manager, the macOS Keychain or the Secret Service, and
nowhere else. When no keyring exists (a headless Linux box, where keyring's `fail` backend is
active) or the keyring refuses (locked, access denied), `KeyStore` keeps the key in memory for
this session only and says so through `storage`; it never falls back to a file.

A capped key (a child key the service stops at the user's caps, API.md §8) replaces the key
the app uses; the user's own key then waits under a second entry, `OWN_KEY_USERNAME`, so that
"Use my own key again" can bring it back, and its presence is what marks the key in use as
capped (`is_capped`). Typing a new key in Settings forgets the waiting one: the new key is the
user's own.

The environment variable `TOAPIS_API_KEY` takes precedence over the keyring in `get()` (for the
command line, CI and tests). It is only read, never written to the keyring.

Nothing here logs the key: failures are logged with the exception's type only, because an
exception's text could quote what was being stored.
"""

from __future__ import annotations

import logging
import os
from enum import StrEnum

import keyring
import keyring.backends.fail
import keyring.backends.null
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from hailuo_desktop import KEY_ENV_VAR
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

SERVICE = "Hailuo Desktop"
USERNAME = "toapis-api-key"
OWN_KEY_USERNAME = "toapis-own-api-key"  # the user's own key while a capped key is in use
ENV_VAR = KEY_ENV_VAR

# Backends that cannot keep a secret: `fail` raises on every call, `null` silently drops it.
_UNUSABLE_BACKENDS = (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)


class KeyNotKept(RuntimeError):
    """The system keyring did not keep a key as asked; the key in use is unchanged."""


class KeyStorage(StrEnum):
    """Where the key given to `KeyStore.set` is kept."""

    KEYRING = "keyring"
    SESSION_ONLY = "session_only"

    @property
    def label(self) -> str:
        if self is KeyStorage.KEYRING:
            return QT_TRANSLATE_NOOP("Messages", "Saved in the system keyring")
        return QT_TRANSLATE_NOOP(
            "Messages", "No system keyring is available: the key is kept until you quit"
        )


def clean_key(key: str) -> str:
    """A pasted key without surrounding whitespace; ValueError if empty or containing spaces."""
    cleaned = key.strip()
    if not cleaned:
        raise ValueError("The API key is empty. Paste the key from your ToAPIs account.")
    if any(char.isspace() for char in cleaned):
        raise ValueError("The API key must not contain spaces or line breaks.")
    return cleaned


def _backend() -> KeyringBackend | None:
    try:
        return keyring.get_keyring()
    except Exception as error:  # a broken backend module must not stop the app
        log.warning("Could not look up the system keyring (%s)", type(error).__name__)
        return None


def _keyring_usable() -> bool:
    backend = _backend()
    return backend is not None and not isinstance(backend, _UNUSABLE_BACKENDS)


class KeyStore:
    """Get, set and delete the API key; degrades to a session-only key without a keyring.

    Keep one instance for the application's life (built at the composition root): the key it
    holds in memory for a session-only store lives as long as it does.
    """

    def __init__(self) -> None:
        self._key: str | None = None  # the known key (read from or written to the keyring)
        self._loaded = False  # the keyring was asked already, or a key was set or deleted
        self._own_key: str | None = None  # the user's own key while a capped key is in use
        self._own_loaded = False
        self._degraded = False  # the keyring failed during this session

    @property
    def storage(self) -> KeyStorage:
        """KEYRING while the OS keyring works; SESSION_ONLY without one or after it failed."""
        if self._degraded or not _keyring_usable():
            return KeyStorage.SESSION_ONLY
        return KeyStorage.KEYRING

    @property
    def backend_name(self) -> str:
        """The active keyring backend, e.g. "SecretService Keyring" (for settings, self-test)."""
        backend = _backend()
        return "none" if backend is None else str(backend.name)

    @property
    def from_environment(self) -> bool:
        """True when `TOAPIS_API_KEY` supplies the key (it overrides the stored key)."""
        return _environment_key() is not None

    @property
    def status(self) -> str:
        """Where a key given to `set` is kept, in plain words (a marked sentence)."""
        return self.storage.label

    def has_key(self) -> bool:
        return bool(self.get())

    def get(self) -> str | None:
        """The key: `TOAPIS_API_KEY` first, then this session's or the keyring's; else None."""
        env_key = _environment_key()
        if env_key is not None:
            return env_key
        if not self._loaded:
            self._key = self._read_keyring()
            self._loaded = True
        return self._key

    def set(self, key: str) -> KeyStorage:
        """Keep `key` (whitespace stripped) as the user's own and say where; ValueError for an
        empty key. A capped key's waiting own key is forgotten: this one replaces both.

        The keyring is tried even after an earlier failure (it may have been unlocked since).
        """
        storage = self._keep(clean_key(key))
        self._forget_own_key()
        return storage

    def is_capped(self) -> bool:
        """Whether the key in use is a capped key made by `use_capped_key` (the user's own key
        waits aside). False while `TOAPIS_API_KEY` supplies the key."""
        return not self.from_environment and self._waiting_own_key() is not None

    def use_capped_key(self, capped_key: str) -> KeyStorage:
        """Use `capped_key` from now on and keep the key in use until now aside, as the user's
        own (`use_own_key` brings it back); says where the capped key is kept. ValueError when
        there is no own key to keep aside, or `TOAPIS_API_KEY` supplies the key (it would go
        on overriding the capped one); KeyNotKept (nothing changed) when the keyring works but
        did not keep both keys — else a restart could find the own key lost, or the own key
        in use while the app believes it capped."""
        cleaned = clean_key(capped_key)
        if self.from_environment:
            raise ValueError("TOAPIS_API_KEY supplies the key; the keyring's is not used")
        own = self._waiting_own_key() or self.get()
        if not own:
            raise ValueError("there is no key to keep aside")
        if _keyring_usable():  # both entries kept, read back, or neither (KeyNotKept)
            self._write(OWN_KEY_USERNAME, own, "keeping the own key aside")
            if self._read_keyring(OWN_KEY_USERNAME) == own:
                self._write(USERNAME, cleaned, "saving the capped key")
                if self._read_keyring() == cleaned:
                    self._own_key, self._own_loaded = own, True
                    self._key, self._loaded = cleaned, True
                    return KeyStorage.KEYRING
            self._write(USERNAME, own, "keeping the own key")
            self._delete(OWN_KEY_USERNAME)
            raise KeyNotKept("the system keyring did not keep the keys")
        self._own_key, self._own_loaded = own, True
        return self._keep(cleaned)

    def use_own_key(self) -> KeyStorage | None:
        """Go back to the user's own key kept aside by `use_capped_key` (the capped key is
        forgotten here; it still exists at the service). None when no own key waits."""
        own = self._waiting_own_key()
        if own is None:
            return None
        storage = self._keep(own)
        self._forget_own_key()
        return storage

    def delete(self) -> None:
        """Forget the key in this session and remove it from the keyring (if stored there)."""
        self._key = None
        self._loaded = True
        self._delete(USERNAME)

    def _keep(self, key: str) -> KeyStorage:
        """`key` as the key in use, in memory and (if it works) in the keyring."""
        self._key = key
        self._loaded = True
        if not _keyring_usable():
            log.warning(
                "No system keyring (%s); the API key is kept for this session only",
                self.backend_name,
            )
            return KeyStorage.SESSION_ONLY
        self._write(USERNAME, key, "saving the key")
        return self.storage

    def _waiting_own_key(self) -> str | None:
        if not self._own_loaded:
            self._own_key = self._read_keyring(OWN_KEY_USERNAME)
            self._own_loaded = True
        return self._own_key

    def _forget_own_key(self) -> None:
        self._own_key, self._own_loaded = None, True
        self._delete(OWN_KEY_USERNAME)

    def _write(self, username: str, secret: str, action: str) -> None:
        if not _keyring_usable():
            return
        try:
            keyring.set_password(SERVICE, username, secret)
        except Exception as error:  # KeyringError, or a D-Bus/OS error a backend lets out
            self._degrade(action, error)
        else:
            self._degraded = False

    def _delete(self, username: str) -> None:
        if not _keyring_usable():
            return
        try:
            keyring.delete_password(SERVICE, username)
        except PasswordDeleteError:
            pass  # nothing was stored
        except Exception as error:
            log.warning("Could not remove the API key from the keyring (%s)", type(error).__name__)

    def _read_keyring(self, username: str = USERNAME) -> str | None:
        if self.storage is not KeyStorage.KEYRING:
            return None
        try:
            stored = keyring.get_password(SERVICE, username)
        except Exception as error:
            self._degrade("reading the key", error)
            return None
        if not stored or not stored.strip():
            return None
        return stored.strip()

    def _degrade(self, action: str, error: BaseException) -> None:
        self._degraded = True
        log.warning(
            "System keyring unavailable while %s (%s); the API key is kept for this session only",
            action,
            type(error).__name__,
        )


def _environment_key() -> str | None:
    value = os.environ.get(ENV_VAR, "").strip()
    return value or None
