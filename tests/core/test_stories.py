"""The story rules: who may continue, what a continuing shot may ask for, remakes and prices."""

from __future__ import annotations

from decimal import Decimal

from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.stories import (
    CONTINUED_FRAME,
    Shot,
    Story,
    continuing_from,
    shot_problems,
    story_problems,
    total_estimate,
)


def shot(position: int, continues: bool = False, **choices) -> Shot:
    model = choices.pop("model", Model.HAILUO_23)
    request = GenerationRequest.for_model(model, f"Shot {position + 1}", **choices)
    return Shot(f"shot-{position}", "story", position, request, continues)


def story(*shots: Shot, title: str = "Paper boat") -> Story:
    return Story("story", title, 0.0, 0.0, shots)


def messages(found) -> list[str]:
    return [str(problem.message) for problem in found]


def test_a_story_of_continuing_shots_is_valid():
    assert story_problems(story(shot(0), shot(1, True), shot(2, True))) == ()


def test_the_first_shot_cannot_continue():
    (problem,) = story_problems(story(shot(0, True), shot(1)))
    assert problem.shot_number == 1
    assert problem.message == "The first shot cannot continue: there is no shot before it."


def test_a_continuing_shot_has_no_first_frame_of_its_own():
    (problem,) = shot_problems(shot(1, True, first_frame="/pictures/boat.png"))
    assert problem.shot_number == 2
    assert "Shot 2 continues the shot before" in problem.message
    assert "remove its own first frame" in problem.message


def test_a_continuing_shot_may_still_end_on_its_last_frame_with_a_model_that_has_one():
    landing = shot(1, True, model=Model.HAILUO_02, last_frame="/pictures/harbour.png")
    assert shot_problems(landing) == ()
    no_last = shot(1, True, model=Model.HAILUO_23, last_frame="/pictures/harbour.png")
    assert messages(shot_problems(no_last)) == [
        "Shot 2: Hailuo 2.3 has no last frame: remove it, or choose Hailuo 02 or H3."
    ]


def test_every_model_that_takes_a_first_frame_may_continue():
    # Hailuo 2.3 Fast is image-to-video only: it needs a first frame alone, and a continuing
    # shot has one (the previous clip's last frame).
    for model in Model:
        assert shot_problems(shot(1, True, model=model)) == (), model


def test_a_shot_breaking_its_models_rules_is_named():
    bad = shot(2, resolution=Resolution.P1080, duration=10)
    assert messages(story_problems(story(shot(0), shot(1), bad))) == [
        "Shot 3: 1080p videos can be at most 6 seconds long. "
        "Choose a shorter video, or another resolution."
    ]


def test_an_empty_story_and_a_blank_title_are_refused():
    assert messages(story_problems(story(title=" "))) == [
        "Give the story a title.",
        "A story needs at least one shot.",
    ]


def test_remaking_a_shot_means_remaking_the_shots_that_continue_from_it():
    shots = (shot(0), shot(1, True), shot(2, True), shot(3), shot(4, True))
    made = story(*shots)
    assert continuing_from(made, "shot-0") == shots[1:3]
    assert continuing_from(made, "shot-1") == shots[2:3]
    assert continuing_from(made, "shot-2") == ()
    assert continuing_from(made, "shot-3") == shots[4:]


def test_the_total_estimate_adds_the_shots_prices():
    shots = [shot(0), shot(1, True, duration=10), shot(2, True, model=Model.HAILUO_23_FAST)]
    total = total_estimate(shots)
    assert total is not None
    assert total.usd == Decimal("0.28") + Decimal("0.56") + Decimal("0.19")
    assert not total.guess


def test_a_guessed_price_makes_the_total_a_guess_and_a_missing_one_unknown():
    guessed = shot(0, model=Model.HAILUO_02, resolution=Resolution.P512)
    total = total_estimate([shot(1), guessed])
    assert total is not None and total.guess
    assert total_estimate([shot(0)], prices={}) is None


def test_a_continuing_shots_request_gets_the_picture_it_starts_from():
    continuing = shot(1, True)
    assert continuing.request.first_frame is None
    assert continuing.request_from("/data/frame.png").first_frame == "/data/frame.png"
    assert continuing.request_from(CONTINUED_FRAME).prompt == "Shot 2"
