"""The ToAPIs API key in the OS keyring: the only module that touches keyring.

The key is kept in Windows Credential Manager, the macOS Keychain or the Secret Service, and
nowhere else. When no keyring exists (a headless Linux box, where keyring's `fail` backend is
active) or the keyring refuses (locked, access denied), `KeyStore` keeps the key in memory for
this session only and says so through `storage`; it never falls back to a file.

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

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

SERVICE = "Hailuo Desktop"
USERNAME = "toapis-api-key"
ENV_VAR = "TOAPIS_API_KEY"

# Backends that cannot keep a secret: `fail` raises on every call, `null` silently drops it.
_UNUSABLE_BACKENDS = (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)


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
        """Keep `key` (whitespace stripped) and say where; ValueError for an empty key.

        The keyring is tried even after an earlier failure (it may have been unlocked since).
        """
        cleaned = clean_key(key)
        self._key = cleaned
        self._loaded = True
        if not _keyring_usable():
            log.warning(
                "No system keyring (%s); the API key is kept for this session only",
                self.backend_name,
            )
            return KeyStorage.SESSION_ONLY
        try:
            keyring.set_password(SERVICE, USERNAME, cleaned)
        except Exception as error:  # KeyringError, or a D-Bus/OS error a backend lets out
            self._degrade("saving the key", error)
        else:
            self._degraded = False
        return self.storage

    def delete(self) -> None:
        """Forget the key in this session and remove it from the keyring (if stored there)."""
        self._key = None
        self._loaded = True
        if not _keyring_usable():
            return
        try:
            keyring.delete_password(SERVICE, USERNAME)
        except PasswordDeleteError:
            pass  # nothing was stored
        except Exception as error:
            log.warning("Could not remove the API key from the keyring (%s)", type(error).__name__)

    def _read_keyring(self) -> str | None:
        if self.storage is not KeyStorage.KEYRING:
            return None
        try:
            stored = keyring.get_password(SERVICE, USERNAME)
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
