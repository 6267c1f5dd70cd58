"""Every model through the engine against the simulator: uploads of each kind, the model's own
body, `client_business_id`, and a clip of the size the request asked for."""

from __future__ import annotations

from pathlib import Path

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.paths import resource_path
from tests.helpers import png_bytes

SAMPLE_CLIP = resource_path("sample", "sample.mp4")  # a 2-second MP4


def picture(tmp_path: Path, name: str, width: int = 640, height: int = 360) -> str:
    path = tmp_path / name
    path.write_bytes(png_bytes(width, height))
    return str(path)


async def finish(engine, request: GenerationRequest):
    job = await engine.runner.wait(engine.runner.submit(request).id)
    assert job.state is JobState.DONE, job.error_message
    return job, engine.sim.tasks[job.task_id]


async def test_hailuo_02_goes_from_the_first_frame_to_the_last(engine, tmp_path):
    first, last = picture(tmp_path, "first.png"), picture(tmp_path, "last.png", 360, 640)
    request = GenerationRequest("A bud opens", Model.HAILUO_02, first_frame=first, last_frame=last)
    job, task = await finish(engine, request)
    assert engine.sim.stats["upload"] == 2
    assert task.first_frame == Path(first).read_bytes()
    assert task.last_frame == Path(last).read_bytes()
    assert task.request.last_frame == job.uploads.last_frame
    assert task.size == (1366, 768)  # the first frame's shape at 768p


async def test_h3_text_to_video_has_the_asked_shape(engine):
    request = GenerationRequest.for_model(
        Model.H3,
        "A fox",
        duration=8,
        resolution=Resolution.P768,
        aspect_ratio=AspectRatio.TALL_9_16,
    )
    _, task = await finish(engine, request)
    assert task.size == (768, 1366) and task.request.duration == 8
    assert engine.sim.stats["upload"] == 0


async def test_h3_uploads_reference_pictures_and_videos_in_order(engine, tmp_path):
    pictures = (picture(tmp_path, "one.png"), picture(tmp_path, "two.png", 500, 500))
    request = GenerationRequest.for_model(
        Model.H3,
        "Keep the person of <Picture 1> in the motion of <Video 1>",
        reference_images=pictures,
        reference_videos=(str(SAMPLE_CLIP),),
    )
    job, task = await finish(engine, request)
    assert engine.sim.stats["upload"] == 3
    uploads = engine.sim.uploads
    sent = [
        uploads[url.rsplit("/", 1)[1].split(".")[0]].data for url in task.request.reference_images
    ]
    assert sent == [Path(p).read_bytes() for p in pictures]
    (video_url,) = task.request.reference_videos
    assert uploads[video_url.rsplit("/", 1)[1].split(".")[0]].format == "mp4"
    assert task.size == (2560, 1440)  # adaptive: the first picture's 16:9 at 2K
    assert job.uploads.reference_videos == (video_url,)


async def test_every_create_carries_the_jobs_id_and_can_be_found_by_it(engine):
    job, task = await finish(engine, GenerationRequest("A cat"))
    assert task.business_id == job.id
    found = await engine.runner.client.get_task(job.id)
    assert found.id == job.task_id
