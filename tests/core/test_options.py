"""The option rules of the seed, table-driven: models, resolutions, durations, prompts, prices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hailuo_desktop.core.options import (
    MAX_PROMPT_CHARS,
    Duration,
    GenerationRequest,
    Model,
    Resolution,
    RuleCode,
    allowed,
    estimate_price,
    problems,
    with_duration,
    with_resolution,
)


def codes(request: GenerationRequest) -> list[RuleCode]:
    return [problem.code for problem in problems(request)]


def test_defaults_follow_the_documentation():
    request = GenerationRequest("A cat")
    assert (request.model, request.duration, request.resolution) == (
        Model.HAILUO_23,
        Duration.S6,
        Resolution.P768,
    )
    assert request.prompt_optimizer and not request.fast_pretreatment and not request.watermark
    assert codes(request) == []


@pytest.mark.parametrize(
    ("resolution", "duration", "ok"),
    [
        (Resolution.P768, Duration.S6, True),
        (Resolution.P768, Duration.S10, True),
        (Resolution.P1080, Duration.S6, True),
        (Resolution.P1080, Duration.S10, False),
    ],
)
def test_1080p_only_with_6_seconds(resolution, duration, ok):
    assert allowed(resolution, duration) is ok
    request = GenerationRequest("A cat", resolution=resolution, duration=duration)
    assert (RuleCode.BAD_PAIR in codes(request)) is not ok


def test_picking_the_other_half_of_an_invalid_pair_moves_the_first():
    assert with_resolution(Resolution.P1080, Duration.S10) == (Resolution.P1080, Duration.S6)
    assert with_duration(Resolution.P1080, Duration.S10) == (Resolution.P768, Duration.S10)
    assert with_resolution(Resolution.P768, Duration.S10) == (Resolution.P768, Duration.S10)


@given(st.lists(st.tuples(st.booleans(), st.sampled_from(Resolution), st.sampled_from(Duration))))
def test_no_sequence_of_picks_yields_an_invalid_pair(picks):
    pair = (Resolution.P768, Duration.S6)
    for picks_resolution, resolution, duration in picks:
        pair = (
            with_resolution(resolution, pair[1])
            if picks_resolution
            else with_duration(pair[0], duration)
        )
        assert allowed(*pair)


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
    assert not Model.HAILUO_23.needs_first_frame and Model.HAILUO_23_FAST.needs_first_frame


@pytest.mark.parametrize(
    ("model", "resolution", "duration", "usd"),
    [
        (Model.HAILUO_23, Resolution.P768, Duration.S6, "0.28"),
        (Model.HAILUO_23, Resolution.P768, Duration.S10, "0.56"),
        (Model.HAILUO_23, Resolution.P1080, Duration.S6, "0.49"),
        (Model.HAILUO_23_FAST, Resolution.P768, Duration.S6, "0.19"),
        (Model.HAILUO_23_FAST, Resolution.P768, Duration.S10, "0.32"),
        (Model.HAILUO_23_FAST, Resolution.P1080, Duration.S6, "0.33"),
    ],
)
def test_price_estimates_from_the_reference_table(model, resolution, duration, usd):
    estimate = estimate_price(GenerationRequest("a", model, duration, resolution))
    assert estimate.usd == Decimal(usd) and estimate.credits == int(Decimal(usd) * 200)
    assert "estimate" in estimate.label


def test_no_estimate_for_an_impossible_pair_and_custom_tables():
    assert (
        estimate_price(GenerationRequest("a", duration=Duration.S10, resolution=Resolution.P1080))
        is None
    )
    table = {(Model.HAILUO_23, Resolution.P768, Duration.S6): Decimal("1.00")}
    assert estimate_price(GenerationRequest("a"), table).credits == 200


@pytest.mark.parametrize("text", ["768p", "768P", " 768 ", "1080p", "1080P"])
def test_resolution_spellings(text):
    assert Resolution.parse(text).value == text.strip().lower().rstrip("p") + "p"


def test_request_round_trips_through_a_dict():
    request = GenerationRequest(
        "Waves [Pan left]",
        Model.HAILUO_23_FAST,
        Duration.S10,
        Resolution.P768,
        False,
        True,
        True,
        "/pics/ä b.png",
    )
    assert GenerationRequest.from_dict(request.to_dict()) == request


def test_frame_sizes():
    assert Resolution.P768.frame_size == (1366, 768)
    assert Resolution.P1080.frame_size == (1920, 1080)
