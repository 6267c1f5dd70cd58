"""The option rules, table-driven: models, resolutions, durations, media, prompts, prices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import (
    GenerationRequest,
    PriceKey,
    RuleCode,
    estimate_price,
    problems,
)

MAX_PROMPT_CHARS = Model.HAILUO_23.spec.max_prompt_chars
HAILUO_23 = Model.HAILUO_23.spec


def codes(request: GenerationRequest) -> list[RuleCode]:
    return [problem.code for problem in problems(request)]


def test_defaults_follow_the_documentation():
    request = GenerationRequest("A cat")
    assert (request.model, request.duration, request.resolution) == (
        Model.HAILUO_23,
        6,
        Resolution.P768,
    )
    assert request.prompt_optimizer and not request.fast_pretreatment and not request.watermark
    assert codes(request) == []


@pytest.mark.parametrize(
    ("resolution", "duration", "ok"),
    [
        (Resolution.P768, 6, True),
        (Resolution.P768, 10, True),
        (Resolution.P1080, 6, True),
        (Resolution.P1080, 10, False),
    ],
)
def test_1080p_only_with_6_seconds(resolution, duration, ok):
    assert HAILUO_23.allows(resolution, duration) is ok
    request = GenerationRequest("A cat", resolution=resolution, duration=duration)
    assert (RuleCode.BAD_PAIR in codes(request)) is not ok


def test_picking_the_other_half_of_an_invalid_pair_moves_the_first():
    assert HAILUO_23.with_resolution(Resolution.P1080, 10) == (Resolution.P1080, 6)
    assert HAILUO_23.with_duration(Resolution.P1080, 10) == (Resolution.P768, 10)
    assert HAILUO_23.with_resolution(Resolution.P768, 10) == (Resolution.P768, 10)


@given(
    model=st.sampled_from(Model),
    picks=st.lists(st.tuples(st.booleans(), st.integers(0, 3), st.integers(0, 11))),
)
def test_no_sequence_of_picks_yields_an_invalid_pair(model, picks):
    spec = model.spec
    pair = (spec.default_resolution, spec.default_duration)
    for picks_resolution, resolution_index, duration_index in picks:
        resolution = spec.resolutions[resolution_index % len(spec.resolutions)]
        duration = spec.durations[duration_index % len(spec.durations)]
        pair = (
            spec.with_resolution(resolution, pair[1])
            if picks_resolution
            else spec.with_duration(pair[0], duration)
        )
        assert spec.allows(*pair)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("", [RuleCode.EMPTY_PROMPT]),
        ("   \n\t", [RuleCode.EMPTY_PROMPT]),
        ("a", []),
        ("a" * MAX_PROMPT_CHARS, []),
        ("a" * 2001, [RuleCode.PROMPT_TOO_LONG]),
        ("猫" * 2000, []),
        ("🐱" * 2000, []),
        ("🐱" * 2001, [RuleCode.PROMPT_TOO_LONG]),
    ],
)
def test_prompt_is_1_to_2000_characters(prompt, expected):
    assert codes(GenerationRequest(prompt)) == expected


def test_too_long_prompt_says_by_how_much():
    (problem,) = problems(GenerationRequest("a" * 2010))
    assert "2010 characters" in problem.message and "by 10" in problem.message


@pytest.mark.parametrize(
    ("first_frame", "expected"), [(None, [RuleCode.NEEDS_FIRST_FRAME]), ("/pics/a.png", [])]
)
def test_fast_needs_a_first_frame(first_frame, expected):
    request = GenerationRequest("A cat", model=Model.HAILUO_23_FAST, first_frame=first_frame)
    assert codes(request) == expected


def test_the_standard_model_takes_text_or_image():
    assert codes(GenerationRequest("A cat", first_frame="/pics/a.png")) == []
    assert Model.HAILUO_23.spec.text_to_video and not Model.HAILUO_23_FAST.spec.text_to_video


@pytest.mark.parametrize(
    ("model", "resolution", "duration", "usd"),
    [
        (Model.HAILUO_23, Resolution.P768, 6, "0.28"),
        (Model.HAILUO_23, Resolution.P768, 10, "0.56"),
        (Model.HAILUO_23, Resolution.P1080, 6, "0.49"),
        (Model.HAILUO_23_FAST, Resolution.P768, 6, "0.19"),
        (Model.HAILUO_23_FAST, Resolution.P768, 10, "0.32"),
        (Model.HAILUO_23_FAST, Resolution.P1080, 6, "0.33"),
    ],
)
def test_price_estimates_from_the_reference_table(model, resolution, duration, usd):
    estimate = estimate_price(GenerationRequest("a", model, duration, resolution))
    assert estimate.usd == Decimal(usd) and estimate.credits == int(Decimal(usd) * 200)
    assert "estimate" in estimate.label


def test_no_estimate_for_an_impossible_pair_and_custom_tables():
    assert estimate_price(GenerationRequest("a", duration=10, resolution=Resolution.P1080)) is None
    table = {PriceKey(Model.HAILUO_23, Resolution.P768, 6): Decimal("1.00")}
    assert estimate_price(GenerationRequest("a"), table).credits == 200


@pytest.mark.parametrize("text", ["768p", "768P", " 768 ", "1080p", "1080P", "512P"])
def test_resolution_spellings(text):
    assert Resolution.parse(text).value == text.strip().lower().rstrip("p") + "p"
    assert Resolution.parse("2k") is Resolution.parse("2K") is Resolution.K2


def test_request_round_trips_through_a_dict():
    request = GenerationRequest(
        "Waves [Pan left]",
        Model.HAILUO_23_FAST,
        10,
        Resolution.P768,
        False,
        True,
        True,
        "/pics/ä b.png",
    )
    assert GenerationRequest.from_dict(request.to_dict()) == request
    h3 = GenerationRequest.for_model(
        Model.H3,
        "Keep <Picture 1>",
        reference_images=("/a.png", "/b.png"),
        reference_videos=("/c.mp4",),
    )
    assert h3.aspect_ratio is AspectRatio.ADAPTIVE and h3.duration == 5
    assert GenerationRequest.from_dict(h3.to_dict()) == h3
    first_wave = {
        "prompt": "x",
        "model": "MiniMax-Hailuo-2.3",
        "duration": 10,
        "resolution": "768p",
    }
    assert GenerationRequest.from_dict(first_wave) == GenerationRequest("x", duration=10)


def test_frame_sizes():
    assert Resolution.P768.frame_size == (1366, 768)
    assert Resolution.P1080.frame_size == (1920, 1080)
    assert Resolution.K2.frame_size == (2560, 1440)
