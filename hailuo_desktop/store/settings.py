"""Typed settings that survive a restart: the only module that touches QSettings.

Everything the user chooses once (base URL, library folder, concurrent jobs, notifications,
proxy, language, theme, the last used options, window layout, gallery or list, price
overrides, the daily and monthly spending caps) is kept in an INI file, `settings.ini` in
`paths.data_dir()`, so `HAILUO_DATA_DIR` moves it and tests stay isolated.

Every property has a default and reading never raises: a value of the wrong type (a hand-edited
file, an older version) falls back to the default. INI files give back strings for numbers and
booleans after a restart, so each reader parses strings as well as typed values. Every setter
writes and syncs at once.

The API key is never stored here; it lives in the OS keyring (`store.credentials`).

The app reads its language, theme and window geometry from here before the window's first paint, so
the generation options (`core.options`, `json`, `decimal`) are imported on first use.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings

from hailuo_desktop import paths

if TYPE_CHECKING:
    from decimal import Decimal

    from hailuo_desktop.core.options import GenerationRequest, PriceTable

log = logging.getLogger(__name__)

SETTINGS_FILE_NAME = "settings.ini"
DEFAULT_MAX_CONCURRENT_JOBS = 3
MIN_CONCURRENT_JOBS = 1
MAX_CONCURRENT_JOBS = 10

_TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
_FALSE_WORDS = frozenset({"false", "0", "no", "off"})


class ProxyMode(StrEnum):
    """How HTTP requests reach ToAPIs."""

    SYSTEM = "system"
    NONE = "none"
    CUSTOM = "custom"


class Language(StrEnum):
    """The interface language (the value is the Qt locale name of the translation)."""

    SYSTEM = "system"
    ENGLISH = "en"
    CHINESE = "zh_CN"

    @property
    def label(self) -> str:
        return {
            Language.SYSTEM: "System language",
            Language.ENGLISH: "English",
            Language.CHINESE: "简体中文",
        }[self]


class JobLayout(StrEnum):
    """How the Jobs panel shows the jobs: a gallery of large thumbnails, or a compact list."""

    GALLERY = "gallery"
    LIST = "list"


class Theme(StrEnum):
    """The window's colours: the system's light or dark choice, or the app's own light or dark
    (the dialog names them; `ui.common.theme` paints them)."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class _Key(StrEnum):
    """Where each setting lives in the INI file."""

    BASE_URL = "api/base_url"
    LIBRARY_DIR = "library/dir"
    MAX_CONCURRENT_JOBS = "jobs/max_concurrent"
    NOTIFICATIONS = "ui/notifications"
    LANGUAGE = "ui/language"
    JOB_LAYOUT = "ui/job_layout"
    THEME = "ui/theme"
    PROXY_MODE = "network/proxy_mode"
    PROXY_URL = "network/proxy_url"
    LAST_REQUEST = "generation/last_request"
    PRICE_TABLE = "generation/price_table"
    DAILY_CAP = "spending/daily_cap_usd"
    MONTHLY_CAP = "spending/monthly_cap_usd"
    BATCH_CONFIRM = "spending/batch_confirm_usd"
    WINDOW_GEOMETRY = "window/geometry"
    WINDOW_SPLITTERS = "window/splitters"


def clamp_jobs(value: int) -> int:
    """Keep the number of concurrent jobs within 1..10."""
    return max(MIN_CONCURRENT_JOBS, min(MAX_CONCURRENT_JOBS, value))


def _as_str(raw: object) -> str | None:
    return raw if isinstance(raw, str) else None


def _as_int(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            return None
    return None


def _as_bool(raw: object) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def _as_bytes(raw: object) -> bytes | None:
    if isinstance(raw, QByteArray):
        return bytes(raw.data())
    if isinstance(raw, bytes):
        return raw
    return None


def _as_enum[E: StrEnum](raw: object, enum: type[E]) -> E | None:
    if not isinstance(raw, str):
        return None
    try:
        return enum(raw.strip())
    except ValueError:
        return None


def _decimal(raw: object) -> Decimal:
    """A finite, non-negative price; raises ValueError otherwise."""
    from decimal import Decimal, InvalidOperation

    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValueError("a price must be a number")
    try:
        price = Decimal(str(raw))
    except InvalidOperation as error:
        raise ValueError("a price must be a number") from error
    if not price.is_finite() or price < 0:
        raise ValueError("a price must be a finite, non-negative number")
    return price


def prices_to_json(prices: PriceTable) -> str:
    """The stored form of a price table: a list of entries with the price as a string
    (`"duration": null` prices one second of a per-second model)."""
    import json

    entries = [
        {
            "model": key.model.value,
            "resolution": key.resolution.value,
            "duration": key.duration,
            "usd": str(_decimal(price)),
        }
        for key, price in prices.items()
    ]
    return json.dumps(entries)


def prices_from_json(text: str) -> PriceTable:
    """Inverse of `prices_to_json`; raises ValueError/KeyError/TypeError when malformed."""
    import json

    from hailuo_desktop.core.models import Model, Resolution
    from hailuo_desktop.core.options import PriceKey

    entries = json.loads(text)
    if not isinstance(entries, list):
        raise ValueError("a price table is a list")
    table: dict[PriceKey, Decimal] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError("a price entry is an object")
        seconds = None if entry["duration"] is None else _as_int(entry["duration"])
        if seconds is None and entry["duration"] is not None:
            raise ValueError("a duration is a whole number of seconds, or null for per second")
        key = PriceKey(Model(entry["model"]), Resolution.parse(str(entry["resolution"])), seconds)
        if not key.valid:
            raise ValueError(f"{key} prices no clip its model can make")
        table[key] = _decimal(entry["usd"])
    return MappingProxyType(table)


def default_base_url() -> str:
    """The service of the region the system's language suggests (mainland China for zh_CN)."""
    from PySide6.QtCore import QLocale

    from hailuo_desktop.core.urls import Region

    return Region.for_locale(QLocale.system().name()).value


class Settings:
    """Typed access to the persistent settings; one instance per file, made at the root.

    Two instances on the same file see each other's writes (each setter syncs).
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path if path is not None else paths.data_dir() / SETTINGS_FILE_NAME
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(self._path), QSettings.Format.IniFormat)
        if self._qsettings.status() != QSettings.Status.NoError:
            log.warning("Settings file %s is partly unreadable; using defaults there", self._path)

    @property
    def path(self) -> Path:
        """The INI file behind these settings."""
        return self._path

    def sync(self) -> None:
        """Write pending changes and pick up changes made by other instances."""
        self._qsettings.sync()
        if self._qsettings.status() == QSettings.Status.AccessError:
            log.warning("Settings could not be saved to %s", self._path)

    # -- connection -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The ToAPIs server; validated (HTTPS or loopback) by whoever builds the client."""
        text = _as_str(self._read(_Key.BASE_URL))
        return text.strip() if text and text.strip() else default_base_url()

    @base_url.setter
    def base_url(self, url: str) -> None:
        self._write_or_remove(_Key.BASE_URL, url.strip() or None)

    @property
    def proxy_mode(self) -> ProxyMode:
        return _as_enum(self._read(_Key.PROXY_MODE), ProxyMode) or ProxyMode.SYSTEM

    @proxy_mode.setter
    def proxy_mode(self, mode: ProxyMode) -> None:
        self._write(_Key.PROXY_MODE, ProxyMode(mode).value)

    @property
    def proxy_url(self) -> str:
        """The proxy used when `proxy_mode` is CUSTOM ("" when none was entered)."""
        return (_as_str(self._read(_Key.PROXY_URL)) or "").strip()

    @proxy_url.setter
    def proxy_url(self, url: str) -> None:
        self._write_or_remove(_Key.PROXY_URL, url.strip() or None)

    # -- library and jobs -------------------------------------------------------------------

    @property
    def library_dir(self) -> Path:
        """Where finished videos go; defaults to the OS Videos folder / "Hailuo Desktop"."""
        text = _as_str(self._read(_Key.LIBRARY_DIR))
        if text and text.strip():
            return Path(text.strip()).expanduser()
        return paths.default_library_dir()

    @library_dir.setter
    def library_dir(self, folder: Path) -> None:
        self._write(_Key.LIBRARY_DIR, str(folder))

    @property
    def max_concurrent_jobs(self) -> int:
        """How many generations run at once, always within 1..10."""
        value = _as_int(self._read(_Key.MAX_CONCURRENT_JOBS))
        return DEFAULT_MAX_CONCURRENT_JOBS if value is None else clamp_jobs(value)

    @max_concurrent_jobs.setter
    def max_concurrent_jobs(self, count: int) -> None:
        self._write(_Key.MAX_CONCURRENT_JOBS, clamp_jobs(int(count)))

    # -- interface --------------------------------------------------------------------------

    @property
    def notifications(self) -> bool:
        """Whether a desktop notification announces a finished or failed job."""
        value = _as_bool(self._read(_Key.NOTIFICATIONS))
        return True if value is None else value

    @notifications.setter
    def notifications(self, enabled: bool) -> None:
        self._write(_Key.NOTIFICATIONS, bool(enabled))

    @property
    def language(self) -> Language:
        return _as_enum(self._read(_Key.LANGUAGE), Language) or Language.SYSTEM

    @language.setter
    def language(self, language: Language) -> None:
        self._write(_Key.LANGUAGE, Language(language).value)

    @property
    def job_layout(self) -> JobLayout:
        """Gallery (the default) or list, as the user last chose in the Jobs panel."""
        return _as_enum(self._read(_Key.JOB_LAYOUT), JobLayout) or JobLayout.GALLERY

    @job_layout.setter
    def job_layout(self, layout: JobLayout) -> None:
        self._write(_Key.JOB_LAYOUT, JobLayout(layout).value)

    @property
    def theme(self) -> Theme:
        """Light, dark, or following the system (the default)."""
        return _as_enum(self._read(_Key.THEME), Theme) or Theme.SYSTEM

    @theme.setter
    def theme(self, theme: Theme) -> None:
        self._write(_Key.THEME, Theme(theme).value)

    @property
    def window_geometry(self) -> bytes | None:
        """`QWidget.saveGeometry()` of the main window, or None before the first quit."""
        return _as_bytes(self._read(_Key.WINDOW_GEOMETRY))

    @window_geometry.setter
    def window_geometry(self, data: bytes | QByteArray | None) -> None:
        self._write_or_remove(_Key.WINDOW_GEOMETRY, None if data is None else QByteArray(data))

    @property
    def window_splitters(self) -> bytes | None:
        """Where the main window's dividers were (its own encoding), or None before the first
        quit."""
        return _as_bytes(self._read(_Key.WINDOW_SPLITTERS))

    @window_splitters.setter
    def window_splitters(self, data: bytes | QByteArray | None) -> None:
        self._write_or_remove(_Key.WINDOW_SPLITTERS, None if data is None else QByteArray(data))

    # -- generation -------------------------------------------------------------------------

    @property
    def last_request(self) -> GenerationRequest | None:
        """The options of the last submitted generation; None if absent or unreadable."""
        import json

        from hailuo_desktop.core.options import GenerationRequest

        text = _as_str(self._read(_Key.LAST_REQUEST))
        if not text:
            return None
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                return None
            return GenerationRequest.from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError):
            log.info("Ignoring an unreadable last request in %s", self._path)
            return None

    @last_request.setter
    def last_request(self, request: GenerationRequest | None) -> None:
        import json

        text = None if request is None else json.dumps(request.to_dict())
        self._write_or_remove(_Key.LAST_REQUEST, text)

    @property
    def price_table(self) -> PriceTable | None:
        """Overrides of the estimate prices; None (use the defaults) if absent or unreadable."""
        text = _as_str(self._read(_Key.PRICE_TABLE))
        if not text:
            return None
        try:
            return prices_from_json(text) or None
        except (ValueError, KeyError, TypeError):
            log.info("Ignoring an unreadable price table in %s", self._path)
            return None

    @price_table.setter
    def price_table(self, prices: PriceTable | None) -> None:
        """Store overrides (ValueError on a negative or non-numeric price); None or {} clears."""
        self._write_or_remove(_Key.PRICE_TABLE, prices_to_json(prices) if prices else None)

    @property
    def prices(self) -> PriceTable:
        """The table for `core.options.estimate_price`: the defaults with overrides applied."""
        from hailuo_desktop.core.options import DEFAULT_PRICES_USD

        return MappingProxyType({**DEFAULT_PRICES_USD, **(self.price_table or {})})

    # -- spending ---------------------------------------------------------------------------

    @property
    def daily_cap_usd(self) -> Decimal | None:
        """Today's spending cap in USD (`engine.spend_guard`); None is no cap."""
        return self._cap(_Key.DAILY_CAP)

    @daily_cap_usd.setter
    def daily_cap_usd(self, usd: Decimal | None) -> None:
        self._set_cap(_Key.DAILY_CAP, usd)

    @property
    def monthly_cap_usd(self) -> Decimal | None:
        """This month's spending cap in USD; None is no cap."""
        return self._cap(_Key.MONTHLY_CAP)

    @monthly_cap_usd.setter
    def monthly_cap_usd(self, usd: Decimal | None) -> None:
        self._set_cap(_Key.MONTHLY_CAP, usd)

    @property
    def batch_confirm_usd(self) -> Decimal | None:
        """The estimated total above which a batch asks before it is queued
        (`core.spend.needs_confirmation`): $5 unless set; None is "Always ask" (stored as 0)."""
        from hailuo_desktop.core.spend import DEFAULT_BATCH_CONFIRM_USD

        raw = self._read(_Key.BATCH_CONFIRM)
        try:
            amount = DEFAULT_BATCH_CONFIRM_USD if raw is None else _decimal(raw)
        except ValueError:
            return DEFAULT_BATCH_CONFIRM_USD
        return amount if amount > 0 else None

    @batch_confirm_usd.setter
    def batch_confirm_usd(self, usd: Decimal | None) -> None:
        """ValueError on a negative or non-numeric amount; None or 0 is "Always ask"."""
        self._write(_Key.BATCH_CONFIRM, str(_decimal(0 if usd is None else usd)))

    def _cap(self, key: _Key) -> Decimal | None:
        """A cap above zero; None when absent, zero or unreadable."""
        raw = self._read(key)
        if raw is None:
            return None
        try:
            cap = _decimal(raw)
        except ValueError:
            return None
        return cap if cap > 0 else None

    def _set_cap(self, key: _Key, usd: Decimal | None) -> None:
        """Store a cap (ValueError on a negative or non-numeric one); None or 0 removes it."""
        cap = None if usd is None else _decimal(usd)
        self._write_or_remove(key, str(cap) if cap else None)

    # -- plumbing ---------------------------------------------------------------------------

    def _read(self, key: _Key) -> Any:
        return self._qsettings.value(key.value)

    def _write(self, key: _Key, value: object) -> None:
        self._qsettings.setValue(key.value, value)
        self.sync()

    def _write_or_remove(self, key: _Key, value: object | None) -> None:
        if value is None:
            self._qsettings.remove(key.value)
            self.sync()
        else:
            self._write(key, value)
