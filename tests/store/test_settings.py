"""Settings persist what a restart needs, fall back to defaults on bad data, and never hold
the API key."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import keyring
import pytest

from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import DEFAULT_PRICES_USD, GenerationRequest, PriceKey
from hailuo_desktop.store.credentials import KeyStore
from hailuo_desktop.store.settings import (
    SETTINGS_FILE_NAME,
    JobLayout,
    Language,
    ProxyMode,
    Settings,
    Theme,
    default_base_url,
)
from tests.conftest import MemoryKeyring

REPO_ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-settings-test-7d3a91c0e4b2"
GEOMETRY = b"\x01\xd9\xd0\xcb\x00\x03\x00\x00,=\xff\n\x00"
SPLITTERS = b"\x00\x00\x00\xff\x00\x00\x00\x01splitters"
REQUEST = GenerationRequest(
    prompt="A red kite over dunes, [Pan left] then [Zoom in], 晚霞",
    model=Model.HAILUO_23_FAST,
    duration=10,
    resolution=Resolution.P768,
    prompt_optimizer=False,
    fast_pretreatment=True,
    watermark=True,
    first_frame="/home/user/Pictures/kite, dunes.png",
)
PRICES = {
    PriceKey(Model.HAILUO_23, Resolution.P768, 6): Decimal("0.30"),
    PriceKey(Model.HAILUO_23_FAST, Resolution.P1080, 6): Decimal("0.125"),
}


def write_ini(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def set_everything(settings: Settings, library: Path) -> None:
    settings.base_url = "http://127.0.0.1:8765"
    settings.library_dir = library
    settings.max_concurrent_jobs = 7
    settings.notifications = False
    settings.proxy_mode = ProxyMode.CUSTOM
    settings.proxy_url = "http://proxy.example:3128"
    settings.language = Language.CHINESE
    settings.job_layout = JobLayout.LIST
    settings.theme = Theme.DARK
    settings.last_request = REQUEST
    settings.window_geometry = GEOMETRY
    settings.window_splitters = SPLITTERS
    settings.price_table = PRICES
    settings.daily_cap_usd = Decimal("2.50")
    settings.monthly_cap_usd = Decimal("40")
    settings.batch_confirm_usd = Decimal("12.5")


def assert_everything(settings: Settings, library: Path) -> None:
    assert settings.base_url == "http://127.0.0.1:8765"
    assert settings.library_dir == library
    assert settings.max_concurrent_jobs == 7
    assert settings.notifications is False
    assert settings.proxy_mode is ProxyMode.CUSTOM
    assert settings.proxy_url == "http://proxy.example:3128"
    assert settings.language is Language.CHINESE
    assert settings.job_layout is JobLayout.LIST
    assert settings.theme is Theme.DARK
    assert settings.last_request == REQUEST
    assert settings.window_geometry == GEOMETRY
    assert settings.window_splitters == SPLITTERS
    assert dict(settings.price_table or {}) == PRICES
    assert settings.daily_cap_usd == Decimal("2.50")
    assert settings.monthly_cap_usd == Decimal("40")
    assert settings.batch_confirm_usd == Decimal("12.5")


def assert_defaults(settings: Settings, data_dir: Path) -> None:
    assert settings.base_url == default_base_url() == "https://toapis.com"
    assert settings.library_dir == data_dir / "library"
    assert settings.max_concurrent_jobs == 3
    assert settings.notifications is True
    assert settings.proxy_mode is ProxyMode.SYSTEM
    assert settings.proxy_url == ""
    assert settings.language is Language.SYSTEM
    assert settings.job_layout is JobLayout.GALLERY
    assert settings.theme is Theme.SYSTEM
    assert settings.last_request is None
    assert settings.window_geometry is None
    assert settings.window_splitters is None
    assert settings.price_table is None
    assert dict(settings.prices) == dict(DEFAULT_PRICES_USD)
    assert settings.daily_cap_usd is None
    assert settings.monthly_cap_usd is None
    assert settings.batch_confirm_usd == Decimal("5")


def test_a_fresh_install_has_the_defaults(isolated_environment):
    settings = Settings()
    assert settings.path == isolated_environment / SETTINGS_FILE_NAME
    assert_defaults(settings, isolated_environment)


def test_the_data_dir_variable_places_the_file(isolated_environment, tmp_path, monkeypatch):
    Settings().notifications = False
    assert (isolated_environment / "settings.ini").is_file()

    elsewhere = tmp_path / "portable"
    monkeypatch.setenv("HAILUO_DATA_DIR", str(elsewhere))
    moved = Settings()
    assert moved.path == elsewhere / "settings.ini"
    assert moved.notifications is True  # a different file: nothing leaks across
    moved.max_concurrent_jobs = 5
    assert (elsewhere / "settings.ini").is_file()


def test_an_explicit_path_is_used(tmp_path):
    path = tmp_path / "nested" / "custom.ini"
    Settings(path).language = Language.ENGLISH
    assert "ui" in path.read_text(encoding="utf-8")
    assert Settings(path).language is Language.ENGLISH


def test_every_setting_survives_a_second_instance(tmp_path):
    library = tmp_path / "Videos, mine" / "Hailuo"
    set_everything(Settings(), library)
    assert_everything(Settings(), library)


def test_every_setting_survives_a_restart(isolated_environment, tmp_path):
    """A new process reads the INI text back (numbers and booleans come back as strings)."""
    library = tmp_path / "Videos" / "Hailuo Desktop"
    set_everything(Settings(), library)
    script = (
        "import json\n"
        "from hailuo_desktop.store.settings import Settings\n"
        "s = Settings()\n"
        "print(json.dumps({\n"
        "  'base_url': s.base_url, 'library_dir': str(s.library_dir),\n"
        "  'jobs': s.max_concurrent_jobs, 'notifications': s.notifications,\n"
        "  'proxy_mode': s.proxy_mode.value, 'proxy_url': s.proxy_url,\n"
        "  'language': s.language.value, 'layout': s.job_layout.value, 'theme': s.theme.value,\n"
        "  'last_request': s.last_request.to_dict(),\n"
        "  'geometry': s.window_geometry.hex(), 'splitters': s.window_splitters.hex(),\n"
        "  'prices': sorted([k[0].value, k[1].value, int(k[2]), str(v)]\n"
        "                   for k, v in s.price_table.items()),\n"
        "  'caps': [str(s.daily_cap_usd), str(s.monthly_cap_usd)],\n"
        "}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen == {
        "base_url": "http://127.0.0.1:8765",
        "library_dir": str(library),
        "jobs": 7,
        "notifications": False,
        "proxy_mode": "custom",
        "proxy_url": "http://proxy.example:3128",
        "language": "zh_CN",
        "layout": "list",
        "theme": "dark",
        "last_request": REQUEST.to_dict(),
        "geometry": GEOMETRY.hex(),
        "splitters": SPLITTERS.hex(),
        "prices": [
            ["MiniMax-Hailuo-2.3", "768p", 6, "0.30"],
            ["MiniMax-Hailuo-2.3-Fast", "1080p", 6, "0.125"],
        ],
        "caps": ["2.50", "40"],
    }


def test_window_layout_is_stored_as_a_portable_byte_array(tmp_path):
    settings = Settings(tmp_path / "s.ini")
    settings.window_geometry = GEOMETRY
    text = settings.path.read_text(encoding="utf-8")
    assert "@ByteArray(" in text
    assert "PyObjectWrapper" not in text  # not a pickled Python object
    settings.window_geometry = None
    assert Settings(tmp_path / "s.ini").window_geometry is None


@pytest.mark.parametrize(("asked", "kept"), [(0, 1), (-4, 1), (1, 1), (10, 10), (11, 10), (99, 10)])
def test_concurrent_jobs_are_clamped_when_set(tmp_path, asked, kept):
    Settings(tmp_path / "s.ini").max_concurrent_jobs = asked
    assert Settings(tmp_path / "s.ini").max_concurrent_jobs == kept


@pytest.mark.parametrize(("written", "read"), [("0", 1), ("-3", 1), ("42", 10), (" 4 ", 4)])
def test_concurrent_jobs_are_clamped_when_read(tmp_path, written, read):
    path = tmp_path / "s.ini"
    write_ini(path, f"[jobs]\nmax_concurrent={written}\n")
    assert Settings(path).max_concurrent_jobs == read


def test_hand_written_values_are_parsed(tmp_path):
    path = tmp_path / "s.ini"
    write_ini(
        path,
        "[api]\nbase_url= https://eu.toapis.com \n"
        "[jobs]\nmax_concurrent=5\n"
        "[ui]\nnotifications=False\nlanguage=en\njob_layout= list\n"
        "[ui]\nnotifications=False\nlanguage=en\ntheme= light \n"
        "[network]\nproxy_mode=none\n",
    )
    settings = Settings(path)
    assert settings.base_url == "https://eu.toapis.com"
    assert settings.max_concurrent_jobs == 5
    assert settings.notifications is False
    assert settings.language is Language.ENGLISH
    assert settings.job_layout is JobLayout.LIST
    assert settings.theme is Theme.LIGHT
    assert settings.proxy_mode is ProxyMode.NONE


def test_garbage_in_the_file_falls_back_to_defaults(isolated_environment):
    write_ini(
        isolated_environment / SETTINGS_FILE_NAME,
        "[api]\nbase_url=https://a.example, https://b.example\n"
        "[library]\ndir=\n"
        "[jobs]\nmax_concurrent=three\n"
        "[ui]\nnotifications=maybe\nlanguage=tlh\njob_layout=mosaic\n"
        "[ui]\nnotifications=maybe\nlanguage=tlh\ntheme=solarized\n"
        "[network]\nproxy_mode=sometimes\nproxy_url=a, b\n"
        '[generation]\nlast_request={not json\nprice_table=[{"model": "Sora"}]\n'
        "[spending]\ndaily_cap_usd=lots\nmonthly_cap_usd=-5\nbatch_confirm_usd=NaN\n"
        "[window]\ngeometry=@ByteArray(\nstate=12\n"
        "\x00\xff this line is not a key =\n[[[\n",
    )
    assert_defaults(Settings(), isolated_environment)


def test_values_of_the_wrong_type_fall_back_to_defaults(isolated_environment):
    """What another tool (or an older version) may have written through QSettings."""
    from PySide6.QtCore import QSettings

    raw = QSettings(str(isolated_environment / SETTINGS_FILE_NAME), QSettings.Format.IniFormat)
    for key, value in {
        "api/base_url": 12,
        "library/dir": ["a", "b"],
        "jobs/max_concurrent": True,
        "ui/notifications": 7,
        "ui/language": 3.5,
        "ui/job_layout": ["list"],
        "ui/theme": ["dark"],
        "network/proxy_mode": ["system"],
        "generation/last_request": 5,
        "generation/price_table": False,
        "spending/daily_cap_usd": True,
        "spending/monthly_cap_usd": ["5"],
        "window/geometry": "not bytes",
        "window/state": 1,
    }.items():
        raw.setValue(key, value)
    raw.sync()
    assert_defaults(Settings(), isolated_environment)


def test_last_request_round_trip_and_clear(tmp_path):
    settings = Settings(tmp_path / "s.ini")
    settings.last_request = REQUEST
    assert Settings(tmp_path / "s.ini").last_request == REQUEST
    settings.last_request = None
    assert Settings(tmp_path / "s.ini").last_request is None
    assert "last_request" not in settings.path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        "[1, 2, 3]",
        '"just a string"',
        "null",
        json.dumps({"model": "MiniMax-Hailuo-2.3"}),  # no prompt
        json.dumps({**REQUEST.to_dict(), "model": "Sora-2"}),
        json.dumps({**REQUEST.to_dict(), "duration": "7"}),
        json.dumps({**REQUEST.to_dict(), "duration": {"s": 6}}),
        json.dumps({**REQUEST.to_dict(), "resolution": "4k"}),
    ],
)
def test_an_unreadable_last_request_is_none(tmp_path, stored):
    from PySide6.QtCore import QSettings

    path = tmp_path / "s.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("generation/last_request", stored)
    raw.sync()
    assert Settings(path).last_request is None


def test_price_overrides_apply_over_the_defaults(tmp_path):
    settings = Settings(tmp_path / "s.ini")
    settings.price_table = PRICES
    prices = Settings(tmp_path / "s.ini").prices
    assert prices[(Model.HAILUO_23, Resolution.P768, 6)] == Decimal("0.30")
    assert prices[(Model.HAILUO_23, Resolution.P1080, 6)] == Decimal("0.49")
    assert len(prices) == len(DEFAULT_PRICES_USD)
    settings.price_table = {}
    assert Settings(tmp_path / "s.ini").price_table is None


@pytest.mark.parametrize("price", [Decimal("-0.01"), Decimal("NaN"), Decimal("Infinity"), "abc"])
def test_an_invalid_price_is_refused(tmp_path, price):
    settings = Settings(tmp_path / "s.ini")
    with pytest.raises(ValueError):
        settings.price_table = {PriceKey(Model.HAILUO_23, Resolution.P768, 6): price}
    assert settings.price_table is None


@pytest.mark.parametrize(
    "stored",
    [
        "{}",
        '[{"model": "MiniMax-Hailuo-2.3", "resolution": "768p", "duration": 6, "usd": "-1"}]',
        '[{"model": "MiniMax-Hailuo-2.3", "resolution": "768p", "duration": 6, "usd": true}]',
        '[{"model": "MiniMax-Hailuo-2.3", "resolution": "768p", "duration": 8, "usd": "1"}]',
        '[{"model": "MiniMax-Hailuo-2.3", "resolution": "768p", "duration": 6}]',
        '["MiniMax-Hailuo-2.3"]',
        '[{"model": "MiniMax-H3", "resolution": "2K", "duration": 6, "usd": "1"}]',
    ],
)
def test_an_unreadable_price_table_means_the_defaults(tmp_path, stored):
    from PySide6.QtCore import QSettings

    path = tmp_path / "s.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("generation/price_table", stored)
    raw.sync()
    settings = Settings(path)
    assert settings.price_table is None
    assert dict(settings.prices) == dict(DEFAULT_PRICES_USD)


def test_clearing_text_settings_restores_their_defaults(tmp_path):
    settings = Settings(tmp_path / "s.ini")
    settings.base_url = "https://eu.toapis.com"
    settings.proxy_url = "http://proxy:8080"
    settings.base_url = "   "
    settings.proxy_url = ""
    assert settings.base_url == default_base_url()
    assert settings.proxy_url == ""


def test_the_api_key_never_reaches_the_settings_file(isolated_environment, tmp_path, monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())  # even when the real-keyring run leaves it alone
    try:
        KeyStore().set(f"  {KEY}\n")
        monkeypatch.setenv("TOAPIS_API_KEY", KEY)
        assert KeyStore().get() == KEY
        settings = Settings()
        set_everything(settings, tmp_path / "library")
    finally:
        keyring.set_keyring(previous)
    files = [path for path in isolated_environment.rglob("*") if path.is_file()]
    assert settings.path in files
    for path in files:
        data = path.read_bytes()
        assert KEY.encode() not in data, path
        assert KEY.encode("utf-16-le") not in data, path
    lines = settings.path.read_text(encoding="utf-8").splitlines()
    names = [line.split("=", 1)[0].lower() for line in lines if "=" in line]
    assert len(names) == 16
    assert not [name for name in names if "key" in name or "secret" in name or "token" in name]


def test_a_cap_of_zero_or_none_is_no_cap(tmp_path):
    settings = Settings(tmp_path / "s.ini")
    settings.daily_cap_usd = Decimal("3")
    settings.monthly_cap_usd = Decimal("0.5")
    settings.daily_cap_usd = Decimal("0")
    settings.monthly_cap_usd = None
    reread = Settings(tmp_path / "s.ini")
    assert reread.daily_cap_usd is None
    assert reread.monthly_cap_usd is None
    assert "spending" not in settings.path.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        settings.daily_cap_usd = Decimal("-1")


@pytest.mark.parametrize("always", [None, Decimal("0")])
def test_always_asking_before_a_batch_is_kept_apart_from_the_default(isolated_environment, always):
    settings = Settings()
    settings.batch_confirm_usd = always
    assert Settings().batch_confirm_usd is None  # "Always ask", not the $5 of a fresh install
    with pytest.raises(ValueError):
        settings.batch_confirm_usd = Decimal("-1")
    assert Settings().batch_confirm_usd is None
