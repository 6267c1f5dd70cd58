"""The window plays a finished task's video from the server while it downloads, and the saved
file takes over (issue #18 item 3): the real window, runner and httpx client against the
simulator on 127.0.0.1 (its own process), whose task is given a real clip to serve. The app's
download is held at its start by the test until the stream is seen playing, so the order is
certain without sleeping. Async tests on the qasync loop: they await conditions."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import httpx

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.main_window import MainWindow, WindowServices
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, KEY, until
from tests.simserver import SimServer


async def test_the_selected_job_streams_while_it_downloads_and_its_file_takes_over(tmp_path):
    clip = tmp_path / "clip.mp4"
    spec = ClipSpec(prompt="A lighthouse at dusk", duration_s=2, width=320, height=180)
    await ClipRenderer().render(spec, clip)
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
            store, client = session.store, session.client
            downloading = asyncio.Event()
            release = asyncio.Event()
            download = client.download

            async def held(*args, **kwargs):
                downloading.set()
                await release.wait()
                return await download(*args, **kwargs)

            client.download = held  # type: ignore[method-assign]
            services = WindowServices.with_key(session.runner, settings, session.check_key)
            window = MainWindow.build(services)
            window.show()
            window.start()
            preview = window.preview
            preview.set_loop(True)  # the 2 s clip still plays when its file takes over
            frames: list[tuple[bool, str | None]] = []
            preview.video_sink.videoFrameChanged.connect(
                lambda frame: (
                    frame.isValid()
                    and frames.append((preview.is_streaming(), preview.current_path()))
                )
            )
            try:
                job = session.runner.submit(GenerationRequest("A lighthouse at dusk"))
                window.job_view.select(job.id)  # as the Generate button does
                await until(lambda: (store.get(job.id) or job).task_id is not None)
                task_id = store.get(job.id).task_id
                await until(lambda: server.clip_path(task_id) is not None)
                shutil.copyfile(clip, server.clip_path(task_id))  # a clip a player can show
                server.advance(3600)

                await until(lambda: downloading.is_set(), timeout=30)
                await until(lambda: sum(streamed for streamed, _ in frames) >= 3, timeout=30)
                saved = store.get(job.id)
                assert saved.state is JobState.DOWNLOADING  # not done, though it plays
                assert window.model.job(job.id).state is JobState.DOWNLOADING
                assert preview.current_stream() == saved.video_url
                assert KEY not in saved.video_url
                assert preview.current_path() is None  # no file is shown as the video
                assert not list(settings.library_dir.glob("*.mp4"))
                assert preview.is_playing()

                release.set()
                await until(lambda: store.get(job.id).state is JobState.DONE, timeout=30)
                local = store.get(job.id).local_path
                assert Path(local).is_file()
                await until(lambda: (False, local) in frames, timeout=30)  # the file's frames
                assert preview.current_path() == local and not preview.is_streaming()
                assert preview.is_playing()  # as the stream was
            finally:
                window.close()
        # The player's requests (FFmpeg asks for ranges; the app's one download did not) went
        # to the video's address only, with no key. (The simulator serves its videos on the
        # API's origin, so the app's own download carries the key there, as API.md allows.)
        player_requests = [seen for seen in server.downloads() if seen.range is not None]
        assert player_requests
        assert all(seen.authorization is None for seen in player_requests)
