"""Hailuo's first-frame rules (API.md §1) on facts, table-driven."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hailuo_desktop.core.images import Fix, ImageFacts, ImageRule, check_picture, reshape_for
from hailuo_desktop.core.models import Model

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("facts", "rules", "fix"),
    [
        (ImageFacts("jpeg", 1280, 720, 2 * MB), [], None),
        (ImageFacts("png", 301, 301, 1000), [], None),
        (ImageFacts("webp", 750, 300 * 5 // 2, 1000), [], None),
        (ImageFacts("gif", 800, 600, 1000), [ImageRule.FORMAT], Fix.CONVERT_TO_PNG),
        (ImageFacts("bmp", 800, 600, 1000), [ImageRule.FORMAT], Fix.CONVERT_TO_PNG),
        (
            ImageFacts("webp", 800, 600, 1000, frame_count=12),
            [ImageRule.ANIMATED],
            Fix.CONVERT_TO_PNG,
        ),
        (ImageFacts("png", 4000, 3000, 12 * MB), [ImageRule.TOO_LARGE], Fix.CONVERT_TO_JPEG),
        (ImageFacts("png", 4000, 3000, 10 * MB), [], None),
        (ImageFacts("png", 300, 700, 1000), [ImageRule.TOO_SMALL], Fix.ENLARGE),
        (ImageFacts("png", 1, 1, 70), [ImageRule.TOO_SMALL], Fix.ENLARGE),
        (
            ImageFacts("png", 10000, 10, 1000),
            [ImageRule.TOO_SMALL, ImageRule.ASPECT],
            Fix.ENLARGE,
        ),
        (ImageFacts("jpeg", 2000, 790, 1000), [ImageRule.ASPECT], Fix.CROP_TO_FIT),
        (ImageFacts("jpeg", 790, 2000, 1000), [ImageRule.ASPECT], Fix.CROP_TO_FIT),
        (ImageFacts("", 0, 0, 28), [ImageRule.UNREADABLE], None),
    ],
)
def test_first_frame_rules(facts, rules, fix):
    found = check_picture(facts)
    assert [problem.rule for problem in found] == rules
    assert (found[0].fix if found else None) is fix
    assert all(problem.message.endswith(".") for problem in found)


def test_messages_name_the_numbers():
    (small,) = check_picture(ImageFacts("png", 200, 400, 1000))
    assert "200×400" in small.message and "301" in small.message
    (wide,) = check_picture(ImageFacts("png", 3000, 1000, 1000))
    assert "too wide" in wide.message
    (large,) = check_picture(ImageFacts("jpeg", 3000, 2000, 12 * MB))
    assert "12.0 MB" in large.message


def test_each_model_judges_pictures_by_its_own_rules():
    h3 = Model.H3.spec.images
    assert check_picture(ImageFacts("png", 280, 400, 1000), h3) == ()  # 256 px is enough
    (small,) = check_picture(ImageFacts("png", 280, 400, 1000))  # Hailuo 2.3 wants > 300
    assert small.rule is ImageRule.TOO_SMALL
    (big,) = check_picture(ImageFacts("png", 6000, 4000, 1000), h3)
    assert big.rule is ImageRule.TOO_BIG and "5760" in big.message


@pytest.mark.parametrize(
    ("size", "model", "crop", "scaled"),
    [
        ((200, 200), Model.HAILUO_23, (0, 0, 200, 200), (301, 301)),  # enlarged
        ((3000, 1000), Model.HAILUO_23, (250, 0, 2500, 1000), (2500, 1000)),  # cropped
        ((1000, 3000), Model.HAILUO_23, (0, 250, 1000, 2500), (1000, 2500)),
        ((10000, 10), Model.HAILUO_23, (4987, 0, 25, 10), (752, 301)),  # both
        ((6000, 4000), Model.H3, (0, 0, 6000, 4000), (5760, 3840)),  # made smaller
    ],
)
def test_a_picture_is_reshaped_by_the_least_change_its_model_takes(size, model, crop, scaled):
    rules = model.spec.images
    reshape = reshape_for(*size, rules)
    assert (reshape.crop, reshape.size) == (crop, scaled)
    width, height = reshape.size
    assert check_picture(ImageFacts("png", width, height, 1000), rules) == ()


@given(
    width=st.integers(1, 12_000),
    height=st.integers(1, 12_000),
    model=st.sampled_from(list(Model)),
)
def test_every_reshaped_picture_is_one_its_model_takes(width, height, model):
    rules = model.spec.images
    reshape = reshape_for(width, height, rules)
    x, y, crop_width, crop_height = reshape.crop
    assert x >= 0 and y >= 0 and x + crop_width <= width and y + crop_height <= height
    assert check_picture(ImageFacts("png", *reshape.size, 1000), rules) == ()
