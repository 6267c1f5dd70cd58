"""Reading a batch: lines, CSV and a folder of pictures into a plan; every problem by line (as an
editor numbers them) and column; the count of videos and the estimated total."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from hailuo_desktop.core.batch_file import decode, plan_csv, plan_lines, plan_pictures
from hailuo_desktop.core.batches import BatchInvalid, BatchPlan
from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest

BASE = GenerationRequest("the form's prompt")
PRESET = GenerationRequest.for_model(Model.HAILUO_02, "A preset's prompt [Zoom in]")


def csv_plan(text: str, *, pictures: tuple[str, ...] = (), presets=None) -> BatchPlan:
    return plan_csv(
        text,
        folder="/shots",
        base=BASE,
        presets=presets or {},
        exists=lambda path: path in pictures,
    )


def messages(plan: BatchPlan) -> list[str]:
    return [str(problem.message) for problem in plan.problems]


def test_lines_skip_blanks_and_keep_their_line_numbers():
    plan = plan_lines("A cat\n\n  \nA dog [Pan left]\r\nA bird\n", BASE)
    assert [(row.line, row.request.prompt) for row in plan.rows] == [
        (1, "A cat"),
        (4, "A dog [Pan left]"),
        (5, "A bird"),
    ]
    assert plan.problems == () and plan.videos == 3
    assert all(row.request.model is BASE.model for row in plan.rows)


def test_a_too_long_line_is_reported_by_its_number_and_nothing_is_clean():
    plan = plan_lines("A cat\n" + "x" * 2001, BASE)
    assert messages(plan) == [
        "line 2: The prompt has 2001 characters; Hailuo 2.3 accepts at most 2000. Shorten it by 1."
    ]
    with pytest.raises(BatchInvalid) as refused:
        plan.require_clean()
    assert refused.value.message.startswith("Nothing was queued: fix these problems")
    assert "line 2: The prompt has 2001 characters" in refused.value.message


def test_no_lines_is_a_plain_problem():
    assert messages(plan_lines("\n \n", BASE)) == [
        "There are no prompts: write one prompt per line."
    ]


def test_a_csv_sets_each_rows_options_and_counts_repeats():
    plan = csv_plan(
        "Prompt,Model,duration,resolution,aspect_ratio,repeat\n"
        "A cat,,10,,,\n"
        "A dog,MiniMax-H3,8,2K,9:16,3\n"
        "A bird,Hailuo 02,6,512p,,\n"
    )
    assert plan.problems == ()
    cat, dog, bird = (row.request for row in plan.rows)
    assert (cat.model, cat.duration, cat.prompt) == (Model.HAILUO_23, 10, "A cat")
    assert (dog.model, dog.duration, dog.resolution, dog.aspect_ratio) == (
        Model.H3,
        8,
        Resolution.K2,
        AspectRatio.TALL_9_16,
    )
    assert (bird.model, bird.resolution) == (Model.HAILUO_02, Resolution.P512)
    assert [row.copies for row in plan.rows] == [1, 3, 1]
    assert plan.videos == 5
    assert plan.repeated(2).videos == 10
    # 0.56 + 3 × (8 s × 0.08) + 0.10
    assert plan.estimate().usd == Decimal("0.56") + 3 * Decimal("0.64") + Decimal("0.10")
    assert plan.estimate().guess  # 02 at 512p has no published price
    assert not dataclasses.replace(plan, rows=plan.rows[:2]).estimate().guess
    assert [line for line, _ in plan.repeated(2).requests()][:4] == [2, 2, 3, 3]


def test_every_problem_is_reported_with_its_line_and_column():
    plan = csv_plan(
        "prompt,model,duration,resolution,aspect_ratio,first_frame,repeat,preset\n"
        "A cat,,7,,,,,\n"
        "A dog,Sora,,,,,,\n"
        "A bird,,6,4K,,,0,\n"
        ",,,,,,,\n"
        "A fox,,,,,fox.png,,nope\n"
        "A cow,,10,1080p,,,,\n"
        "A hen,,,,square,,,\n"
    )
    assert messages(plan) == [
        "line 2, column duration: Hailuo 2.3 makes videos of 6 / 10 seconds, not 7.",
        'line 3, column model: unknown model "Sora"; choose one of MiniMax-Hailuo-2.3, '
        "MiniMax-Hailuo-2.3-Fast, MiniMax-Hailuo-02, MiniMax-H3.",
        'line 4, column resolution: "4K" is not a resolution; choose one of 512p, 768p, 1080p, 2K.',
        'line 4, column repeat: "0" is not a repeat count; write a whole number from 1 to 100.',
        'line 6, column preset: there is no preset named "nope".',
        "line 6, column first_frame: the picture /shots/fox.png does not exist.",
        "line 7, column duration: 1080p videos can be at most 6 seconds long. Choose a shorter "
        "video, or another resolution.",
        'line 8, column aspect_ratio: "square" is not an aspect ratio; choose one of 21:9, '
        "16:9, 4:3, 1:1, 3:4, 9:16, adaptive.",
    ]
    with pytest.raises(BatchInvalid) as refused:
        plan.require_clean()
    assert len(refused.value.problems) == 8


def test_a_quoted_newline_keeps_the_editor_line_numbers_of_later_rows():
    plan = csv_plan(
        'prompt,duration\n"A cat\nwalking on\na roof",6\nA dog,7\n\n"A bird, flying",10\nA fox,8\n'
    )
    assert [row.line for row in plan.rows] == [2, 5, 7, 8]
    assert plan.rows[0].request.prompt == "A cat\nwalking on\na roof"
    assert messages(plan) == [
        "line 5, column duration: Hailuo 2.3 makes videos of 6 / 10 seconds, not 7.",
        "line 8, column duration: Hailuo 2.3 makes videos of 6 / 10 seconds, not 8.",
    ]


def test_crlf_line_ends_and_a_bom_are_read():
    text = decode("\ufeffprompt,duration\r\nA cat,10\r\n\r\nA dog,8\r\n".encode())
    assert isinstance(text, str)
    plan = csv_plan(text)
    assert [row.line for row in plan.rows] == [2, 4]
    assert messages(plan) == [
        "line 4, column duration: Hailuo 2.3 makes videos of 6 / 10 seconds, not 8."
    ]


def test_a_file_that_is_not_utf8_is_a_plain_message_with_its_line():
    problem = decode("prompt\nA café\n".encode("cp1252"))
    assert not isinstance(problem, str)
    assert problem.message == (
        "The file is not UTF-8 text (line 2 cannot be read). Save it as UTF-8 (in a spreadsheet: "
        '"CSV UTF-8") and open it again.'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The file is empty: there are no videos to make."),
        ("\n\n", "The file is empty: there are no videos to make."),
        ("prompt,model\n", "The file has only its header: add one row per video under it."),
        ("prompt\n,\n", "The file has only its header: add one row per video under it."),
    ],
)
def test_empty_and_header_only_files_are_refused(text, expected):
    plan = csv_plan(text)
    assert messages(plan) == [expected] and plan.rows == ()


def test_an_unknown_or_missing_column_is_refused_naming_it():
    assert messages(csv_plan("prompt,colour,Duration\nA cat,red,6\n")) == [
        'line 1, column colour: unknown column "colour"; the columns are prompt, model, '
        "duration, resolution, aspect_ratio, first_frame, last_frame, repeat, preset."
    ]
    assert messages(csv_plan("text,model\nA cat,\n"))[-1] == (
        'line 1: the header must name a "prompt" column (the first line names the columns).'
    )
    assert messages(csv_plan("prompt,duration,duration\nA cat,6,6\n")) == [
        "line 1, column duration: the column is named twice."
    ]


def test_a_row_with_more_fields_than_the_header_is_refused():
    assert messages(csv_plan("prompt,duration\nA cat, on a roof,6\n")) == [
        "line 2: this row has 3 fields but the header names 2 columns (a comma too many, or a "
        "prompt with a comma that needs quotes?)."
    ]


def test_frames_are_relative_to_the_csv_folder_and_checked_per_model():
    plan = csv_plan(
        "prompt,model,first_frame,last_frame\n"
        "A cat,MiniMax-Hailuo-02,cat.png,end.png\n"
        "A dog,,dog.png,end.png\n",
        pictures=("/shots/cat.png", "/shots/end.png", "/shots/dog.png"),
    )
    assert plan.rows[0].request.first_frame == "/shots/cat.png"
    assert plan.rows[0].request.last_frame == "/shots/end.png"
    assert messages(plan) == [
        "line 3, column last_frame: Hailuo 2.3 has no last frame: remove it, or choose Hailuo "
        "02 or H3."
    ]


def test_a_row_may_start_from_a_preset_and_take_its_prompt():
    plan = csv_plan(
        "prompt,preset,duration\n,Fast zoom,\nA dog,fast ZOOM,10\n", presets={"Fast zoom": PRESET}
    )
    assert plan.problems == ()
    first, second = (row.request for row in plan.rows)
    assert (first.model, first.prompt) == (Model.HAILUO_02, PRESET.prompt)
    assert (second.model, second.prompt, second.duration) == (Model.HAILUO_02, "A dog", 10)


def test_another_model_starts_from_its_defaults_keeping_the_forms_switches():
    base = GenerationRequest("x", watermark=True, prompt_optimizer=False)
    plan = plan_csv(
        "prompt,model\nA cat,MiniMax-H3\n", folder="/", base=base, presets={}, exists=bool
    )
    request = plan.rows[0].request
    assert (request.model, request.duration, request.resolution) == (Model.H3, 5, Resolution.K2)
    assert (request.watermark, request.prompt_optimizer) == (True, False)


def test_a_folder_makes_one_video_per_picture_in_name_order():
    base = GenerationRequest("The picture comes alive [Push in]")
    plan = plan_pictures("/pics", ["b.PNG", "notes.txt", "a.jpg", "C.webp", ".hidden"], base)
    assert [row.request.first_frame for row in plan.rows] == [
        "/pics/a.jpg",
        "/pics/b.PNG",
        "/pics/C.webp",
    ]
    assert plan.problems == () and plan.videos == 3
    assert plan.repeated(4).videos == 12


def test_a_folder_without_pictures_or_a_bad_repeat_is_refused():
    assert messages(plan_pictures("/pics", ["a.txt"], BASE)) == [
        "The folder /pics has no pictures (PNG, JPEG or WebP)."
    ]
    assert messages(plan_lines("A cat", BASE).repeated(0)) == [
        "The repeat count must be a whole number from 1 to 100."
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('prompt,duration\nA cat,6\n"A dog, unclosed,6\nA bird,6\nA fish,6\n', 3),
        ('prompt,duration\nA cat,6\n"A dog" at night,6\nA bird,6\n', 3),
    ],
)
def test_a_broken_quote_is_a_problem_at_its_line_not_one_long_prompt(text, line):
    plan = csv_plan(text)
    assert plan.rows == ()
    assert messages(plan) == [
        f'line {line}: a quote (") here is not closed, or a quoted cell has more text after its '
        "closing quote. Put quotes around the whole cell, and write a quote inside it as two "
        'quotes ("").'
    ]


def test_a_rule_about_references_names_no_column():
    refs = GenerationRequest.for_model(Model.H3, "Keep <Picture 1>", reference_images=("a.png",))
    plan = csv_plan(
        "prompt,preset,first_frame\nA cat,Refs,cat.png\n",
        pictures=("/shots/cat.png",),
        presets={"Refs": refs},
    )
    assert [(p.line, p.column) for p in plan.problems] == [(2, None)]
    assert str(plan.problems[0].message).startswith("line 2: ")
