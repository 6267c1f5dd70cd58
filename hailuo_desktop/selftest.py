"""`hailuo-desktop --self-test`: checks that this installation of the app works.

It runs every part a broken or badly trimmed bundle would lose (Qt platform plugin, resources,
translations, image formats, TLS certificates, the HTTP client's own network backend over
127.0.0.1, multimedia backend, the story tools (Qt's FFmpeg through ctypes), main window, the
simulator's renderer with the engine and database behind it, keyring backend) and prints one
line per check (`PASS  multimedia  played the sample clip to its end: …`). It exits 0 when no
check failed; a WARN (no system keyring: the API key is kept for the session only) does not fail
the run unless `HAILUO_SELFTEST_REQUIRE_KEYRING=1` (CI with a Secret Service).

It needs no network (demo mode's in-process simulator, a loopback server), never reads the
API key and never touches the user's data: `HAILUO_DATA_DIR` is a temporary folder, removed at
the end. Without a display on Linux it runs offscreen; otherwise on the display it is given (the
window flashes).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from hailuo_desktop import APP_NAME, ORGANIZATION, __version__, paths

REQUIRE_KEYRING_ENV = "HAILUO_SELFTEST_REQUIRE_KEYRING"
SAMPLE_CLIP = ("sample", "sample.mp4")
SAMPLE_SIZE, SAMPLE_MS, SAMPLE_FPS = (320, 180), 2000, 24
FIRST_FRAME_FORMATS = ("png", "jpeg", "webp", "gif")  # what a first frame may be (core.images)
WRITABLE_FORMATS = ("png", "jpeg", "webp")  # what a conversion writes
DEMO_PROMPT = "Hailuo Desktop self-test [Pan left]"
DEMO_CLIP_SIZE = (1366, 768)  # 768p, as the service delivers it


class Status(StrEnum):
    PASS = "PASS"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Result:
    name: str
    status: Status
    detail: str


class CheckFailed(Exception):
    """A check found something wrong; the message says what, in plain words."""


class CheckWarning(Exception):
    """The check passed with a caveat the user should know about."""


def required_resources() -> list[tuple[str, ...]]:
    """Every file under `resources/` that the running app always loads."""
    from hailuo_desktop.ui.common.icons import ICON_SIZES

    return [
        *(("icons", f"hailuo-desktop-{size}.png") for size in ICON_SIZES),
        SAMPLE_CLIP,
        paths.STARTER_PRESETS,
    ]


def exit_code(results: list[Result]) -> int:
    return 1 if any(result.status is Status.FAIL for result in results) else 0


def run(out: TextIO | None = None) -> int:
    """Run every check, print one line each and a summary; 0 when none failed."""
    out = out or sys.stdout
    with tempfile.TemporaryDirectory(prefix="hailuo-self-test-") as temp, _environment(Path(temp)):
        results = _run_all(Path(temp), out)
    failed = sum(result.status is Status.FAIL for result in results)
    warned = sum(result.status is Status.WARN for result in results)
    if failed:
        out.write(f"Self-test FAILED: {failed} of {len(results)} checks failed.\n")
    else:
        note = f" ({warned} warning{'s' if warned > 1 else ''})" if warned else ""
        out.write(f"Self-test passed: {len(results)} checks{note}.\n")
    out.flush()
    return exit_code(results)


@contextlib.contextmanager
def _environment(temp: Path):
    """A private data dir; offscreen when Linux has no display; FFmpeg probing silenced."""
    changes = {paths.DATA_DIR_ENV: str(temp / "data")}
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless and not os.environ.get("QT_QPA_PLATFORM"):
        changes["QT_QPA_PLATFORM"] = "offscreen"
    if "QT_LOGGING_RULES" not in os.environ:
        changes["QT_LOGGING_RULES"] = "qt.multimedia.*=false"
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def _run_all(temp: Path, out: TextIO) -> list[Result]:
    how = "frozen" if getattr(sys, "frozen", False) else "from source"
    out.write(
        f"{APP_NAME} {__version__} self-test ({how}; Python {platform.python_version()}; "
        f"{platform.system()} {platform.machine()})\n"
    )
    out.flush()
    import PySide6  # noqa: F401  (before qasync: it picks the first Qt binding it finds)
    import qasync
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)
    results: list[Result] = []

    async def check(name: str, body: Callable[[], Awaitable[str]], timeout: float) -> None:
        started = time.monotonic()
        try:
            status, detail = Status.PASS, await asyncio.wait_for(body(), timeout)
        except CheckWarning as warning:
            status, detail = Status.WARN, str(warning)
        except CheckFailed as failure:
            status, detail = Status.FAIL, str(failure)
        except TimeoutError:
            status, detail = Status.FAIL, f"did not finish within {timeout:.0f} s"
        except Exception as error:  # anything else is a broken install: say what broke
            status, detail = Status.FAIL, f"{type(error).__name__}: {error}"
        results.append(Result(name, status, detail))
        out.write(f"{status:<5} {name:<16} {detail} [{time.monotonic() - started:.1f} s]\n")
        out.flush()

    async def all_checks() -> None:
        await check("qt platform", lambda: _qt_platform(app), 5)
        await check("resources", _resources, 10)
        await check("translations", _translations, 10)
        await check("image formats", _image_formats, 10)
        await check("tls certificates", _tls_certificates, 10)
        await check("http client", _http_client, 10)
        await check("multimedia", _multimedia, 15)
        await check("story tools", lambda: _story_tools(temp), 15)
        before = len(results)
        try:
            async with _demo_window(temp) as window:
                await check("main window", lambda: _main_window(window), 10)
                await check("demo clip", lambda: _demo_clip(window), 30)
        except Exception as error:  # building or closing the window (and its engine) failed
            failure = f"{type(error).__name__}: {error}"
            name = "main window" if len(results) == before else "closing the window"
            results.append(Result(name, Status.FAIL, failure))
            out.write(f"{Status.FAIL:<5} {name:<16} {failure}\n")
        await check("keyring", _keyring, 10)

    qasync.run(all_checks())
    return results


# --- the checks: each returns what it saw, or raises CheckFailed / CheckWarning ------------------


async def _qt_platform(app) -> str:
    from PySide6.QtCore import qVersion

    screen = app.primaryScreen()
    if screen is None:
        raise CheckFailed(f"the {app.platformName()} platform has no screen")
    size = screen.size()
    return f"Qt {qVersion()}, {app.platformName()} ({size.width()}×{size.height()})"


async def _resources() -> str:
    from PySide6.QtGui import QImage

    from hailuo_desktop.ui.common.icons import ICON_SIZES, app_icon

    files = [paths.resource_path(*parts) for parts in required_resources()]
    missing = [
        f"{p.parent.name}/{p.name}" for p in files if not p.is_file() or not p.stat().st_size
    ]
    if missing:
        raise CheckFailed(f"missing in {paths.resource_path()}: {', '.join(missing)}")
    for size in ICON_SIZES:
        image = QImage(str(paths.resource_path("icons", f"hailuo-desktop-{size}.png")))
        if (image.width(), image.height()) != (size, size):
            raise CheckFailed(f"the {size} px icon does not load as a {size}×{size} picture")
    if app_icon().isNull():
        raise CheckFailed("the window icon is empty")
    return f"{len(files)} files in {paths.resource_path()}"


async def _translations() -> str:
    """The app's and Qt's catalogues for every language Settings offers besides English."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from hailuo_desktop.store.settings import Language
    from hailuo_desktop.ui.common.translators import APP_CATALOGUE, QT_CATALOGUES, translations_dir

    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    locales = [lang.value for lang in Language if lang not in (Language.SYSTEM, Language.ENGLISH)]
    app_missing, qt_missing = [], []
    for name in locales:
        if not QTranslator().load(QLocale(name), APP_CATALOGUE, "_", str(translations_dir())):
            app_missing.append(f"{APP_CATALOGUE}_{name}.qm")
        for catalogue in QT_CATALOGUES:
            if not QTranslator().load(QLocale(name), catalogue, "_", qt_folder):
                qt_missing.append(f"{catalogue}_{name}.qm")
    if qt_missing:
        raise CheckFailed(f"Qt's {', '.join(qt_missing)} missing in {qt_folder}")
    if app_missing:
        message = f"{', '.join(app_missing)} missing: the interface would stay in English"
        if getattr(sys, "frozen", False):
            raise CheckFailed(message)
        raise CheckWarning(f"{message} (not built yet in this checkout)")
    return f"{', '.join(locales)}: the app's and Qt's catalogues load"


async def _image_formats() -> str:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage, QImageReader, QImageWriter

    from hailuo_desktop.imaging import save_image

    readable = {bytes(name.data()).decode() for name in QImageReader.supportedImageFormats()}
    writable = {bytes(name.data()).decode() for name in QImageWriter.supportedImageFormats()}
    lacking = [f for f in FIRST_FRAME_FORMATS if f not in readable]
    lacking += [f"{f} (writing)" for f in WRITABLE_FORMATS if f not in writable]
    if lacking:
        raise CheckFailed(f"no image format plugin for {', '.join(lacking)}")
    picture = QImage(64, 48, QImage.Format.Format_RGB32)
    picture.fill(QColor(40, 120, 200))
    for name in WRITABLE_FORMATS:  # a round trip through the plugin, as a conversion does
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        saved = save_image(picture, buffer, name.upper())
        if not saved or QImage.fromData(buffer.data()).size() != picture.size():
            raise CheckFailed(f"cannot write and read back a {name.upper()} picture")
    return f"reads {', '.join(FIRST_FRAME_FORMATS)}; writes {', '.join(WRITABLE_FORMATS)}"


async def _tls_certificates() -> str:
    import httpx

    try:
        context = httpx.create_ssl_context()
    except OSError as error:  # httpx honours SSL_CERT_FILE / SSL_CERT_DIR before certifi
        chosen = [
            f"{n}={os.environ[n]}" for n in ("SSL_CERT_FILE", "SSL_CERT_DIR") if n in os.environ
        ]
        where = f" ({', '.join(chosen)})" if chosen else ""
        raise CheckFailed(f"cannot load the certificate authorities{where}: {error}") from error
    authorities = context.cert_store_stats().get("x509_ca", 0)
    if not authorities:
        raise CheckFailed("no certificate authorities: HTTPS to the service would fail")
    return f"{authorities} certificate authorities loaded"


async def _http_client() -> str:
    """An HTTP client as the app builds it fetches a body from a server on 127.0.0.1."""
    import httpx

    body = os.urandom(1024 * 1024)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, httpx.AsyncClient(trust_env=False) as http:
        reply = await http.get(f"http://127.0.0.1:{port}/check")
    if reply.content != body:
        raise CheckFailed(f"a 1 MiB body came back as {len(reply.content)} different bytes")
    return "1 MiB fetched over 127.0.0.1"


async def _multimedia() -> str:
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

    path = paths.resource_path(*SAMPLE_CLIP)
    player, sink = QMediaPlayer(), QVideoSink()
    if not player.isAvailable():
        raise CheckFailed("no multimedia backend: videos cannot be played")
    player.setVideoSink(sink)
    frames: list[tuple[int, int]] = []
    sink.videoFrameChanged.connect(
        lambda frame: frames.append((frame.width(), frame.height())) if frame.isValid() else None
    )
    ended: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    over = (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia)

    def end(outcome: object) -> None:
        if not ended.done():
            ended.set_result(outcome)

    player.mediaStatusChanged.connect(lambda status: end(status) if status in over else None)
    player.errorOccurred.connect(lambda _error, text: end(text))
    player.setSource(QUrl.fromLocalFile(str(path)))
    player.play()
    try:
        outcome = await ended
    finally:
        player.stop()
    if outcome is not QMediaPlayer.MediaStatus.EndOfMedia:
        raise CheckFailed(f"cannot play {path}: {getattr(outcome, 'name', outcome)}")
    duration, expected = player.duration(), SAMPLE_MS * SAMPLE_FPS // 1000
    if abs(duration - SAMPLE_MS) > 200 or len(frames) < expected // 2:
        raise CheckFailed(f"{path.name}: {duration} ms, {len(frames)} of {expected} frames shown")
    if frames[-1] != SAMPLE_SIZE:
        raise CheckFailed(f"{path.name}: frames of {frames[-1]}, expected {SAMPLE_SIZE}")
    return f"played the sample clip to its end: {len(frames)} frames of 320×180"


async def _story_tools(temp: Path) -> str:
    """A story's last frame and export: FFmpeg's libraries (Qt's own copy, through ctypes)."""
    from hailuo_desktop.media.join import join
    from hailuo_desktop.media.last_frame import last_frame
    from hailuo_desktop.media.probe import probe

    clip = paths.resource_path(*SAMPLE_CLIP)
    # Run here rather than in a thread: the sample is small, and Qt objects stay on this thread.
    picture = last_frame(clip, temp / "last-frame.png")
    joined = join([clip, clip], temp / "joined.mp4")
    facts = probe(joined.path)
    if not facts.complete or abs((facts.seconds or 0) - 2 * SAMPLE_MS / 1000) > 0.1:
        raise CheckFailed(f"joining the sample twice gave {facts}")
    return (
        f"last frame saved ({picture.stat().st_size // 1024} KB PNG); the sample joined to "
        f"itself ({joined.method.value}, {facts.seconds:.1f} s)"
    )


@contextlib.asynccontextmanager
async def _demo_window(temp: Path) -> AsyncIterator[Any]:
    """The main window (ui.main_window.MainWindow) in demo mode against the in-process simulator,
    as `--demo` opens it, with its settings, database, library and clips in `temp`."""
    from hailuo_desktop.engine.retry import RetryPolicy
    from hailuo_desktop.engine.schedule import Schedule
    from hailuo_desktop.session import Connection, open_session
    from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
    from hailuo_desktop.store.credentials import KeyStore
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.main_window import MainWindow
    from hailuo_desktop.ui.window_services import WindowServices

    settings = Settings()  # settings.ini in HAILUO_DATA_DIR, the temporary folder
    settings.library_dir = library = temp / "library"
    (clips := temp / "simulator").mkdir()
    simulator = Simulator(SimulatorConfig(accept_any_key=True, time_scale=1000, clip_dir=clips))
    keys = KeyStore()
    try:
        async with open_session(
            Connection.to_demo(),
            history=paths.history_file(demo=True),
            library_dir=lambda: library,
            schedule=Schedule(jitter=0.0).faster(100),
            retry=RetryPolicy().faster(100),
            simulator=simulator,
        ) as session:
            services = WindowServices(
                runner=session.runner,
                settings=settings,
                demo=True,
                keys=keys,
                check_key=session.check_key,
                settings_saved=lambda: None,
                start_demo=lambda: None,
            )
            window = MainWindow.build(services)
            try:
                yield window
            finally:
                window.close()
    finally:
        await simulator.aclose()


async def _main_window(window) -> str:
    from PySide6.QtGui import QFontDatabase

    if not QFontDatabase.families():
        raise CheckFailed("no fonts found: the window's text would be invisible")
    window.show()
    window.start()
    if window.pages.currentIndex() != 1:
        raise CheckFailed("the demo window did not open on its main page")
    await asyncio.sleep(0)  # one turn of the event loop: the window lays itself out
    picture = window.grab().toImage()
    step = max(1, picture.width() // 64)
    colours = {
        picture.pixel(x, y)
        for x in range(0, picture.width(), step)
        for y in range(0, picture.height(), step)
    }
    if len(colours) < 8:  # blank, or not drawn at all
        raise CheckFailed(f"the window draws nothing ({len(colours)} colours)")
    return f"demo window built and drawn at {picture.width()}×{picture.height()}"


async def _demo_clip(window) -> str:
    """A demo generation from submit to the preview: engine, simulator, renderer, library."""
    from hailuo_desktop.core.jobs import JobState
    from hailuo_desktop.core.options import GenerationRequest

    shown = asyncio.get_running_loop().create_future()
    sizes: list[tuple[int, int]] = []

    def on_frame(frame) -> None:
        if frame.isValid():
            sizes.append((frame.width(), frame.height()))
        if len(sizes) >= 3 and not shown.done():
            shown.set_result(sizes[-1])

    sink = window.preview.video_sink
    sink.videoFrameChanged.connect(on_frame)
    started = time.monotonic()
    try:
        job = window.runner.submit(GenerationRequest(prompt=DEMO_PROMPT))
        final = await window.runner.wait(job.id)
        if final.state is not JobState.DONE:
            raise CheckFailed(f"the demo job ended {final.state.label}: {final.error_message}")
        video = Path(final.local_path or "")
        if not video.is_file() or video.parent != window.settings.library_dir:
            raise CheckFailed(f"the finished clip is not in the library: {video}")
        seconds = time.monotonic() - started
        size = await shown  # the window previews a finished clip when nothing else plays
    finally:
        sink.videoFrameChanged.disconnect(on_frame)
        window.preview.pause()
    if size != DEMO_CLIP_SIZE:
        raise CheckFailed(f"the preview shows {size[0]}×{size[1]}, expected 1366×768")
    kilobytes = video.stat().st_size // 1024
    return f"rendered, downloaded ({kilobytes} KB) in {seconds:.1f} s and previewed at 1366×768"


async def _keyring() -> str:
    from hailuo_desktop.store.credentials import KeyStorage, KeyStore

    keys = KeyStore()  # asks which backend is active; never reads the key
    if keys.storage is KeyStorage.KEYRING:
        return f"{keys.backend_name}: the API key is saved in the system keyring"
    message = f"no system keyring ({keys.backend_name}): the API key is kept until the app quits"
    if os.environ.get(REQUIRE_KEYRING_ENV) == "1":
        raise CheckFailed(message)
    raise CheckWarning(message)
