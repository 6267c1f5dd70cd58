"""The window plays a finished task's video from the server while it downloads, and the saved
file takes over (issue #18 item 3): the real window, runner and httpx client against the
simulator on 127.0.0.1 (its own process), whose task is given a real clip to serve. The app's
download is held at its start until the test releases it, so the order is certain without
sleeping. Async tests on the qasync loop: they await conditions."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from PySide6.QtWidgets import QLabel

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec
from hailuo_desktop.store.history import JobStore
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.main_window import MainWindow
from hailuo_desktop.ui.window_services import WindowServices
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, KEY, until
from tests.simserver import SimServer

DOWNLOADING_TEXT = "The video is downloading; it plays here as soon as it is saved."


@dataclass
class Streaming:
    """The window, the server and the store of a test; `frames` records, for every valid
    frame the preview shows, (streaming?, the file shown)."""

    window: MainWindow
    server: SimServer
    store: JobStore
    library: Path
    release: asyncio.Event  # set: the app's held download goes ahead
    frames: list[tuple[bool, str | None]] = field(default_factory=list)

    async def completed_job(self, clip: Path) -> str:
        """Submit a job (selected, as the Generate button does), give its task `clip` and
        complete it; returns the job's id once its download is under way (and held)."""
        job = self.window.runner.submit(GenerationRequest("A lighthouse at dusk"))
        self.window.job_view.select(job.id)
        await until(lambda: (self.store.get(job.id) or job).task_id is not None)
        task_id = self.store.get(job.id).task_id
        await until(lambda: self.server.clip_path(task_id) is not None)
        shutil.copyfile(clip, self.server.clip_path(task_id))  # a clip a player can show
        self.server.advance(3600)
        await until(lambda: self.store.get(job.id).state is JobState.DOWNLOADING, timeout=30)
        return job.id

    async def saved(self, job_id: str) -> str:
        """Let the download go ahead; the saved file's path once the job is done."""
        self.release.set()
        await until(lambda: self.store.get(job_id).state is JobState.DONE, timeout=30)
        local = self.store.get(job_id).local_path
        assert Path(local).is_file()
        return local


@contextlib.asynccontextmanager
async def streaming_window(tmp_path: Path) -> AsyncIterator[Streaming]:
    settings = Settings(tmp_path / "settings.ini")
    settings.library_dir = tmp_path / "library"
    with SimServer(time_scale=1) as server:  # tasks finish when the test moves the clock
        async with (
            httpx.AsyncClient() as http,
            open_session(
                Connection(server.base_url, lambda: KEY),
                history=tmp_path / "jobs.db",
                library_dir=lambda: settings.library_dir,
                schedule=FAST_SCHEDULE,
                retry=FAST_RETRY,
                http=http,
            ) as session,
        ):
            release = asyncio.Event()
            download = session.client.download

            async def held(*args, **kwargs):
                await release.wait()
                return await download(*args, **kwargs)

            session.client.download = held  # type: ignore[method-assign]
            services = WindowServices.with_key(session.runner, settings, session.check_key)
            window = MainWindow.build(services)
            window.show()
            window.start()
            harness = Streaming(window, server, session.store, settings.library_dir, release)
            preview = window.preview
            preview.set_loop(True)  # the 2 s clip still plays when its file takes over
            preview.video_sink.videoFrameChanged.connect(
                lambda frame: (
                    frame.isValid()
                    and harness.frames.append((preview.is_streaming(), preview.current_path()))
                )
            )
            try:
                yield harness
            finally:
                release.set()
                window.close()


async def clip_file(folder: Path) -> Path:
    clip = folder / "clip.mp4"
    spec = ClipSpec(prompt="A lighthouse at dusk", duration_s=2, width=320, height=180)
    await ClipRenderer().render(spec, clip)
    return clip


async def test_the_selected_job_streams_while_it_downloads_and_its_file_takes_over(tmp_path):
    clip = await clip_file(tmp_path)
    async with streaming_window(tmp_path) as h:
        preview = h.window.preview
        job_id = await h.completed_job(clip)
        await until(lambda: sum(streamed for streamed, _ in h.frames) >= 3, timeout=30)
        job = h.store.get(job_id)
        assert job.state is JobState.DOWNLOADING  # not done, though it plays
        assert h.window.model.job(job_id).state is JobState.DOWNLOADING
        assert preview.current_stream() == job.video_url and KEY not in job.video_url
        assert preview.current_path() is None  # no file is shown as the video
        assert not list(h.library.glob("*.mp4"))
        assert preview.is_playing()

        local = await h.saved(job_id)
        await until(lambda: (False, local) in h.frames, timeout=30)  # the file's frames
        assert preview.current_path() == local and not preview.is_streaming()
        assert preview.is_playing()  # as the stream was
    # The player's requests (FFmpeg asks for ranges; the app's one download did not) went to
    # the video's address only, with no key. (The simulator serves its videos on the API's
    # origin, so the app's own download carries the key there, as API.md allows.)
    player_requests = [seen for seen in h.server.downloads() if seen.range is not None]
    assert player_requests
    assert all(seen.authorization is None for seen in player_requests)


async def test_a_stream_the_server_refuses_falls_back_to_the_saved_file(tmp_path):
    clip = await clip_file(tmp_path)
    async with streaming_window(tmp_path) as h:
        preview = h.window.preview
        errors: list[str] = []
        preview.errorOccurred.connect(errors.append)
        h.server.fault("download", "expired_url", times=None)  # every request: 403 (the app's
        job_id = await h.completed_job(clip)  # download waits, so only the player's get it)
        placeholder = preview.findChild(QLabel, "previewPlaceholder")
        await until(lambda: placeholder.text() == DOWNLOADING_TEXT, timeout=30)
        assert preview.is_streaming() and preview.current_path() is None
        assert h.store.get(job_id).state is JobState.DOWNLOADING

        h.server.clear_faults()
        local = await h.saved(job_id)
        await until(lambda: (False, local) in h.frames, timeout=30)
        assert preview.current_path() == local and preview.is_playing()
        assert errors == []  # nothing was wrong with the video: no message about it
        assert not any(streamed for streamed, _ in h.frames)


async def test_a_paused_stream_stays_paused_at_its_place_when_the_file_takes_over(tmp_path):
    clip = await clip_file(tmp_path)
    async with streaming_window(tmp_path) as h:
        preview, player = h.window.preview, h.window.preview.media_player
        job_id = await h.completed_job(clip)
        await until(lambda: preview.is_playing() and player.position() >= 500, timeout=30)
        preview.pause()
        await until(lambda: not preview.is_playing())
        paused_at = player.position()

        local = await h.saved(job_id)
        await until(lambda: preview.current_path() == local, timeout=30)
        await until(lambda: abs(player.position() - paused_at) < 100, timeout=30)
        assert not preview.is_playing()


async def test_a_downloading_job_is_streamed_unasked_once_not_at_its_every_change(tmp_path):
    """The user paused the stream and chose another video; the downloading job changing again
    (a renewed link, a new fact) neither takes the selection back nor streams it again."""
    clip = await clip_file(tmp_path)
    async with streaming_window(tmp_path) as h:
        preview, view = h.window.preview, h.window.job_view
        job_id = await h.completed_job(clip)
        await until(preview.is_playing, timeout=30)  # streamed unasked: it was selected
        preview.pause()
        await until(lambda: not preview.is_playing())
        other = h.window.runner.submit(GenerationRequest("A harbour at dawn"))
        view.select(other.id)

        downloading = h.store.get(job_id)
        assert downloading.state is JobState.DOWNLOADING
        h.window.runner.events.emit(JobEvent(EventKind.CHANGED, downloading))
        assert view.selected_job().id == other.id
        assert not preview.is_playing()  # not streamed again
