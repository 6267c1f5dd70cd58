"""The capability table, and the promise built on it: the client's rules and the simulator's
validation agree on every model × every option combination."""

from __future__ import annotations

import itertools

import pytest

from hailuo_desktop.api import wire
from hailuo_desktop.core.jobs import UploadedMedia
from hailuo_desktop.core.models import SPECS, AspectRatio, Mode, Model, Resolution, frame_size
from hailuo_desktop.core.options import (
    DEFAULT_PRICES_USD,
    GUESSED_PRICES,
    GenerationRequest,
    PriceKey,
    estimate_price,
    problems,
)
from hailuo_desktop.simulator.validation import InvalidBody, parse_create_body

MEDIA = {
    "text": {},
    "first": {"first_frame": "a.png"},
    "first+last": {"first_frame": "a.png", "last_frame": "b.png"},
    "last only": {"last_frame": "b.png"},
    "1 picture": {"reference_images": ("r1.png",)},
    "10 pictures": {"reference_images": tuple(f"r{n}.png" for n in range(10))},
    "picture+video": {"reference_images": ("r1.png",), "reference_videos": ("v1.mp4",)},
    "4 videos": {"reference_videos": tuple(f"v{n}.mp4" for n in range(4))},
    "first+picture": {"first_frame": "a.png", "reference_images": ("r1.png",)},
}


def uploaded(request: GenerationRequest) -> UploadedMedia:
    """The URLs the uploads of `request` would get: the file names on an upload host."""

    def url(path: str) -> str:
        return f"https://files.example/uploads/{path}"

    return UploadedMedia(
        first_frame=url(request.first_frame) if request.first_frame else None,
        last_frame=url(request.last_frame) if request.last_frame else None,
        reference_images=tuple(map(url, request.reference_images)),
        reference_videos=tuple(map(url, request.reference_videos)),
    )


@pytest.mark.parametrize("model", list(Model))
def test_the_validator_and_the_simulator_agree_on_every_combination(model):
    cases = itertools.product(
        range(3, 17),
        list(Resolution),
        [None, *AspectRatio],
        MEDIA.values(),
        ["A lighthouse at dusk", "", "x" * 2001, "x" * 7001],
    )
    spec = model.spec
    checked = accepted = 0
    for duration, resolution, aspect, media, prompt in cases:
        request = GenerationRequest(
            prompt, model, duration, resolution, aspect_ratio=aspect, **media
        )
        if (
            (request.last_frame and not spec.last_frame)
            or ((request.reference_images or request.reference_videos) and not spec.references)
            or (request.aspect_ratio and not spec.aspect_ratios)
        ):
            continue  # the model's body has no place for these: only the client can refuse them
        body = wire.build_create_body(request, uploaded(request), "job-1")
        broken = problems(request)
        try:
            args = parse_create_body(body)
        except InvalidBody as refusal:
            assert broken, (request, str(refusal))
            assert str(refusal) == str(broken[0].message)
        else:
            assert not broken, (request, broken)
            rebuilt = wire.build_create_body(args.request, uploaded(request), "job-1")
            assert rebuilt == body and args.client_business_id == "job-1"
            accepted += 1
        checked += 1
    assert checked >= 14 * 4 * 2 * 4 and accepted > 0


def test_the_table_holds_the_documented_facts():
    h3 = Model.H3.spec
    assert h3.durations == tuple(range(4, 16)) and h3.default_duration == 5
    assert (
        h3.resolutions == (Resolution.P768, Resolution.K2)
        and h3.default_resolution is Resolution.K2
    )
    assert (h3.max_reference_images, h3.max_reference_videos, h3.max_prompt_chars) == (9, 3, 7000)
    assert h3.has_sound and h3.priced_per_second and not h3.tuning
    assert Model.HAILUO_02.spec.no_last_frame_at == {Resolution.P512}
    assert not Model.HAILUO_23_FAST.spec.text_to_video
    assert [spec.last_frame for spec in SPECS.values()] == [False, False, True, True]
    assert frame_size(Resolution.K2, 16 / 9) == (2560, 1440)
    assert frame_size(Resolution.P768, 9 / 16) == (768, 1366)


def test_h3_offers_adaptive_only_with_media():
    h3 = Model.H3.spec
    assert AspectRatio.ADAPTIVE not in h3.aspect_ratios_for(Mode.TEXT)
    assert AspectRatio.ADAPTIVE in h3.aspect_ratios_for(Mode.REFERENCES)
    assert GenerationRequest.for_model(Model.H3).aspect_ratio is AspectRatio.WIDE_16_9
    with_frame = GenerationRequest.for_model(Model.H3, first_frame="a.png")
    assert with_frame.aspect_ratio is AspectRatio.ADAPTIVE


def test_every_clip_a_model_can_make_has_a_price():
    for model in Model:
        spec = model.spec
        for resolution in spec.resolutions:
            for duration in spec.durations_at(resolution):
                request = GenerationRequest.for_model(
                    model, "x", resolution=resolution, duration=duration, first_frame="a.png"
                )
                assert estimate_price(request) is not None, request
    assert all(key.valid for key in DEFAULT_PRICES_USD)


def test_h3_is_priced_per_second_and_02_at_512p_is_a_guess():
    h3 = GenerationRequest.for_model(Model.H3, "x", duration=8, resolution=Resolution.P768)
    assert str(estimate_price(h3).usd) == "0.456"
    low = GenerationRequest.for_model(Model.HAILUO_02, "x", resolution=Resolution.P512)
    estimate = estimate_price(low)
    assert estimate.guess and "guess" in estimate.label
    assert PriceKey(Model.HAILUO_02, Resolution.P512, 6) in GUESSED_PRICES
    edited = {PriceKey(Model.HAILUO_02, Resolution.P512, 6): estimate.usd + 1}
    assert not estimate_price(low, edited).guess  # the user's own price is no guess


def test_media_a_model_cannot_take_is_refused_before_any_body_is_built():
    for model in (Model.HAILUO_23, Model.HAILUO_23_FAST):
        request = GenerationRequest("x", model, first_frame="a.png", last_frame="b.png")
        assert problems(request)[0].message.template.startswith("{model} has no last frame")
    references = GenerationRequest("x", Model.HAILUO_02, reference_images=("r.png",))
    assert "no reference pictures" in problems(references)[0].message
    shaped = GenerationRequest("x", Model.HAILUO_02, aspect_ratio=AspectRatio.SQUARE)
    assert "no aspect-ratio choice" in problems(shaped)[0].message
