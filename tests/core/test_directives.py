"""Camera directives: matching, linting, the palette's insert rule, and robustness."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hailuo_desktop.core.directives import (
    DIRECTIVES,
    MAX_PER_BRACKET,
    Category,
    Directive,
    bracket_at,
    camera_moves,
    find_directive,
    insert_directive,
)
from hailuo_desktop.core.prompt_lint import ProblemCode, PromptLint, SpanKind, lint

BY_NAME = {d.name: d for d in DIRECTIVES}

# (English name, Chinese name, category), in the order of API.md §2.
TABLE = [
    ("Pan left", "左摇", Category.PAN),
    ("Pan right", "右摇", Category.PAN),
    ("Tilt up", "上摇", Category.TILT),
    ("Tilt down", "下摇", Category.TILT),
    ("Push in", "推进", Category.PUSH_PULL),
    ("Pull out", "拉远", Category.PUSH_PULL),
    ("Pedestal up", "上升", Category.PEDESTAL),
    ("Pedestal down", "下降", Category.PEDESTAL),
    ("Truck left", "左移", Category.TRUCK),
    ("Truck right", "右移", Category.TRUCK),
    ("Zoom in", "变焦推近", Category.ZOOM),
    ("Zoom out", "变焦拉远", Category.ZOOM),
    ("Shake", "晃动", Category.OTHER),
    ("Tracking shot", "跟随", Category.OTHER),
    ("Static shot", "固定", Category.OTHER),
]


def texts(prompt: str, result: PromptLint, kind: SpanKind | None = None) -> list[str]:
    return [prompt[s.start : s.end] for s in result.spans if kind is None or s.kind is kind]


def codes(result: PromptLint) -> list[ProblemCode]:
    return [p.code for p in result.problems]


# --- the table itself ------------------------------------------------------------------------


def test_the_fifteen_in_documented_order():
    assert [(d.name, d.chinese, d.category) for d in DIRECTIVES] == TABLE
    assert MAX_PER_BRACKET == 3


@pytest.mark.parametrize("directive", DIRECTIVES, ids=lambda d: d.name)
def test_every_directive_is_frozen_and_has_a_one_line_tooltip(directive: Directive):
    assert directive.description and "\n" not in directive.description
    assert len(directive.description) < 80
    with pytest.raises(dataclasses.FrozenInstanceError):
        directive.name = "x"  # type: ignore[misc]


def test_names_are_unique_in_both_languages():
    assert len({d.name.lower() for d in DIRECTIVES}) == 15
    assert len({d.chinese for d in DIRECTIVES}) == 15


# --- find_directive ----------------------------------------------------------------------


def _variants() -> list[tuple[str, str]]:
    cases = []
    for name, chinese, _ in TABLE:
        cases += [
            (name, name),
            (name.lower(), name),
            (name.upper(), name),
            (name.title(), name),
            (f"  {name.replace(' ', '   ')}  ", name),
            (f"\t{name.swapcase()}\u3000", name),
            (chinese, name),
            (f" {chinese} ", name),
            (" ".join(chinese), name),  # spaces inside a Chinese name are ignored
        ]
    return cases


@pytest.mark.parametrize(("text", "expected"), _variants())
def test_find_directive_matches_english_any_case_and_spacing_and_chinese(text, expected):
    assert find_directive(text) is BY_NAME[expected]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Pan",
        "Pan up",
        "Panleft",
        "Pan-left",
        "Pan left.",
        "[Pan left]",
        "Pan left, Zoom in",
        "Dolly in",
        "左",
        "左摇镜头",
        "【左摇】",
        "Ｐａｎ ｌｅｆｔ",  # fullwidth Latin letters are not the documented spelling
        "\u200bPan left",
    ],
)
def test_find_directive_rejects_everything_else(text):
    assert find_directive(text) is None


# --- lint: single directives, combos --------------------------------------------------------


@pytest.mark.parametrize(
    "item",
    [name for name, _, _ in TABLE]
    + [name.upper() for name, _, _ in TABLE]
    + [name.lower().replace(" ", "  ") for name, _, _ in TABLE]
    + [chinese for _, chinese, _ in TABLE],
)
def test_each_directive_alone_in_a_bracket(item):
    prompt = f"A cat running [{item}] in a garden"
    result = lint(prompt)
    assert result.problems == ()
    assert [s.kind for s in result.spans] == [SpanKind.BRACKET, SpanKind.DIRECTIVE]
    assert texts(prompt, result) == [f"[{item}]", item]
    assert result.spans[1].directive is find_directive(item)
    assert camera_moves(prompt) == ((find_directive(item).name,),)


@pytest.mark.parametrize(
    ("prompt", "moves"),
    [
        ("[Pan left, Pedestal up]", ("Pan left", "Pedestal up")),
        ("[Pan left,Pedestal up]", ("Pan left", "Pedestal up")),
        ("[左摇,上升]", ("Pan left", "Pedestal up")),
        ("[左摇，上升]", ("Pan left", "Pedestal up")),
        ("[左摇、上升]", ("Pan left", "Pedestal up")),
        ("[ zoom IN ,  shake ]", ("Zoom in", "Shake")),
        ("[Pan left, 上升]", ("Pan left", "Pedestal up")),
        ("[Truck left, Pan right, Tracking shot]", ("Truck left", "Pan right", "Tracking shot")),
        ("[推进，晃动、变焦拉远]", ("Push in", "Shake", "Zoom out")),
        ("[Pan left,, Zoom in,]", ("Pan left", "Zoom in")),  # empty items are ignored
    ],
)
def test_combos_of_two_and_three(prompt, moves):
    result = lint(prompt)
    assert result.problems == ()
    assert tuple(s.directive.name for s in result.spans if s.kind is SpanKind.DIRECTIVE) == moves
    assert camera_moves(prompt) == (moves,)


@pytest.mark.parametrize(
    ("prompt", "count"),
    [
        ("[Pan left, Pedestal up, Zoom in, Shake]", 4),
        ("[左摇，上升、推进, Shake]", 4),
        ("[Shake, Shake, Shake, Shake, Shake]", 5),
        ("[" + ", ".join(d.name for d in DIRECTIVES) + "]", 15),
    ],
)
def test_more_than_three_in_a_bracket(prompt, count):
    result = lint(prompt)
    assert codes(result) == [ProblemCode.TOO_MANY_IN_BRACKET]
    problem = result.problems[0]
    assert (problem.start, problem.end) == (0, len(prompt))
    assert f"has {count} camera moves" in problem.message
    assert "at most 3" in problem.message
    assert len(camera_moves(prompt)[0]) == 3


def test_too_many_counts_known_moves_only():
    prompt = "[Pan left, Pan up, Zoom in, Shake]"
    assert codes(lint(prompt)) == [ProblemCode.UNKNOWN_DIRECTIVE]
    assert camera_moves(prompt) == (("Pan left", "Zoom in", "Shake"),)


# --- lint: unknown names -------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "suggested"),
    [
        ("Pan up", ["Tilt up", "Pan left"]),
        ("Pan lef", ["Pan left"]),
        ("pan", ["Pan left", "Pan right"]),
        ("Zoom", ["Zoom in", "Zoom out"]),
        ("Push-in", ["Push in"]),
        ("Dolly in", ["Push in"]),
        ("crane up", ["Pedestal up"]),
        ("Tracking", ["Tracking shot"]),
        ("static", ["Static shot"]),
        ("Shaking", ["Shake"]),
        ("左揺", ["左摇 (Pan left)"]),
        ("推近", ["变焦推近 (Zoom in)", "推进 (Push in)"]),
    ],
)
def test_unknown_names_come_with_suggestions(item, suggested):
    prompt = f"x [{item}] y"
    result = lint(prompt)
    assert codes(result) == [ProblemCode.UNKNOWN_DIRECTIVE]
    problem = result.problems[0]
    assert prompt[problem.start : problem.end] == item
    assert problem.message.startswith(f'"{item}" is not a camera move Hailuo knows. Try one of: ')
    listed = problem.message.split("Try one of: ", 1)[1].rstrip(".").split(", ")
    assert len(listed) <= 3
    for name in suggested:
        assert name in listed
    assert texts(prompt, result, SpanKind.UNKNOWN) == [item]
    assert camera_moves(prompt) == ()


def test_unknown_without_anything_close_lists_all_fifteen():
    message = lint("[Orbit]").problems[0].message
    assert message.startswith('"Orbit" is not a camera move Hailuo knows.')
    assert all(d.name in message for d in DIRECTIVES)


def test_unknown_and_known_mixed_in_one_bracket():
    prompt = "[Pan left, Pan upp, Zoom in]"
    result = lint(prompt)
    assert texts(prompt, result) == [prompt, "Pan left", "Pan upp", "Zoom in"]
    assert [s.kind for s in result.spans] == [
        SpanKind.BRACKET,
        SpanKind.DIRECTIVE,
        SpanKind.UNKNOWN,
        SpanKind.DIRECTIVE,
    ]
    assert codes(result) == [ProblemCode.UNKNOWN_DIRECTIVE]
    assert camera_moves(prompt) == (("Pan left", "Zoom in"),)


@pytest.mark.parametrize(
    ("prompt", "flagged"),
    [
        ("A note [the cat should look very happy here] ok", "the cat should look very happy here"),
        ("[1]", "1"),
        ("see [ ... ] below", "..."),
        ("[😀, 🎬]", "😀, 🎬"),
        ("[one, two three four five six]", "one, two three four five six"),
    ],
)
def test_prose_in_square_brackets_is_flagged_once_as_a_whole(prompt, flagged):
    result = lint(prompt)
    assert codes(result) == [ProblemCode.UNKNOWN_DIRECTIVE]
    assert texts(prompt, result, SpanKind.UNKNOWN) == [flagged]
    problem = result.problems[0]
    assert prompt[problem.start : problem.end] == flagged
    assert "round brackets" in problem.message


def test_short_words_are_treated_as_attempts_not_prose():
    prompt = "[red, green]"
    result = lint(prompt)
    assert texts(prompt, result, SpanKind.UNKNOWN) == ["red", "green"]
    assert codes(result) == [ProblemCode.UNKNOWN_DIRECTIVE] * 2


def test_long_unknown_text_is_shortened_in_the_message():
    item = "x" * 200
    message = lint(f"[{item}]").problems[0].message
    assert '"' + "x" * 39 + '…"' in message
    assert len(message) < 400


# --- lint: bracket structure ----------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("[Pan left", [(ProblemCode.UNCLOSED_BRACKET, "[Pan left")]),
        ("A cat [Pan left   ", [(ProblemCode.UNCLOSED_BRACKET, "[Pan left")]),
        (
            "[Pan left\nZoom in]",
            [(ProblemCode.UNCLOSED_BRACKET, "[Pan left"), (ProblemCode.UNOPENED_BRACKET, "]")],
        ),
        ("A cat ] runs", [(ProblemCode.UNOPENED_BRACKET, "]")]),
        ("]", [(ProblemCode.UNOPENED_BRACKET, "]")]),
        ("[", [(ProblemCode.UNCLOSED_BRACKET, "[")]),
        ("[]", [(ProblemCode.EMPTY_BRACKET, "[]")]),
        ("x [   ] y", [(ProblemCode.EMPTY_BRACKET, "[   ]")]),
        ("[ , ，、]", [(ProblemCode.EMPTY_BRACKET, "[ , ，、]")]),
        (
            "[[Pan left]]",
            [(ProblemCode.UNCLOSED_BRACKET, "["), (ProblemCode.UNOPENED_BRACKET, "]")],
        ),
        (
            "[Pan left [Zoom in]",
            [(ProblemCode.UNCLOSED_BRACKET, "[Pan left")],
        ),
        ("a ] b [c", [(ProblemCode.UNOPENED_BRACKET, "]"), (ProblemCode.UNCLOSED_BRACKET, "[c")]),
    ],
)
def test_bracket_problems_and_their_offsets(prompt, expected):
    result = lint(prompt)
    assert [(p.code, prompt[p.start : p.end]) for p in result.problems] == expected
    for problem in result.problems:
        assert problem.message and "\n" not in problem.message


def test_nested_brackets_keep_the_inner_directive():
    prompt = "[[Pan left]]"
    result = lint(prompt)
    assert texts(prompt, result) == ["[Pan left]", "Pan left"]
    assert camera_moves(prompt) == (("Pan left",),)


def test_fullwidth_brackets_are_plain_text():
    assert lint("【左摇】 一只猫") == PromptLint((), ())
    assert camera_moves("【Pan left】") == ()


def test_prompt_without_brackets_is_clean():
    assert lint("") == PromptLint((), ())
    assert lint("A cat running in a garden (slowly).") == PromptLint((), ())


# --- lint: span offsets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "[Push in] A cat",
            [(SpanKind.BRACKET, "[Push in]"), (SpanKind.DIRECTIVE, "Push in")],
        ),
        (
            "A cat [  pan   LEFT ,Zoom in  ] runs",
            [
                (SpanKind.BRACKET, "[  pan   LEFT ,Zoom in  ]"),
                (SpanKind.DIRECTIVE, "pan   LEFT"),
                (SpanKind.DIRECTIVE, "Zoom in"),
            ],
        ),
        (
            "🐈 [左摇，上升] 🎬 [Shake]",
            [
                (SpanKind.BRACKET, "[左摇，上升]"),
                (SpanKind.DIRECTIVE, "左摇"),
                (SpanKind.DIRECTIVE, "上升"),
                (SpanKind.BRACKET, "[Shake]"),
                (SpanKind.DIRECTIVE, "Shake"),
            ],
        ),
        (
            "שלום [Pan left] עולם",
            [(SpanKind.BRACKET, "[Pan left]"), (SpanKind.DIRECTIVE, "Pan left")],
        ),
        (
            "cafe\u0301 [Tilt up, tilt\u0301]",
            [
                (SpanKind.BRACKET, "[Tilt up, tilt\u0301]"),
                (SpanKind.DIRECTIVE, "Tilt up"),
                (SpanKind.UNKNOWN, "tilt\u0301"),
            ],
        ),
    ],
)
def test_span_offsets_are_exact(prompt, expected):
    result = lint(prompt)
    assert [(s.kind, prompt[s.start : s.end]) for s in result.spans] == expected


# --- camera_moves ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "moves"),
    [
        ("", ()),
        ("No moves at all.", ()),
        ("[Push in] A cat, then [Pull out]", (("Push in",), ("Pull out",))),
        (
            "[Pan left, Pedestal up] a [x] b [] c [Shake]",
            (("Pan left", "Pedestal up"), ("Shake",)),
        ),
        ("…[推进]，然后…[拉远]", (("Push in",), ("Pull out",))),
        ("[static shot][TRACKING SHOT]", (("Static shot",), ("Tracking shot",))),
        ("[Zoom in, Zoom out, Shake, Pan left]", (("Zoom in", "Zoom out", "Shake"),)),
        ("[Pan left", ()),
    ],
)
def test_camera_moves_in_sequence(prompt, moves):
    assert camera_moves(prompt) == moves


# --- bracket_at -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "cursor", "expected"),
    [
        ("[Pan left]", 0, None),  # before "["
        ("[Pan left]", 1, (0, 9)),  # just after "["
        ("[Pan left]", 5, (0, 9)),
        ("[Pan left]", 9, (0, 9)),  # just before "]"
        ("[Pan left]", 10, None),  # after "]"
        ("ab [Pan left] cd", 2, None),
        ("ab [Pan left] cd", 4, (3, 12)),
        ("ab [Pan left] cd", 13, None),
        ("[]", 1, (0, 1)),
        ("[Pan left", 5, None),  # unclosed
        ("Pan left]", 3, None),  # unopened
        ("[Pan\nleft]", 3, None),  # a line break ends the bracket
        ("[Pan\nleft]", 7, None),
        ("[[Pan left]]", 1, None),  # between the two "[": not inside the inner bracket
        ("[[Pan left]]", 2, (1, 10)),
        ("[[Pan left]]", 11, None),
        ("[A] [B]", 2, (0, 2)),
        ("[A] [B]", 3, None),
        ("[A] [B]", 4, None),
        ("[A] [B]", 5, (4, 6)),
        ("[Pan left]", -1, None),
        ("[Pan left]", 99, None),
        ("", 0, None),
    ],
)
def test_bracket_at_edges(prompt, cursor, expected):
    assert bracket_at(prompt, cursor) == expected


def test_bracket_at_agrees_with_lint():
    prompt = "x [Pan left] [[Zoom in]] ] [y\n[Shake, Tilt up] [] z"
    brackets = {(s.start, s.end - 1) for s in lint(prompt).spans if s.kind is SpanKind.BRACKET}
    for cursor in range(len(prompt) + 1):
        found = bracket_at(prompt, cursor)
        inside = [b for b in brackets if b[0] < cursor <= b[1]]
        assert found == (inside[0] if inside else None), cursor


# --- insert_directive -----------------------------------------------------------------

PAN = BY_NAME["Pan left"]
ZOOM = BY_NAME["Zoom in"]
SHAKE = BY_NAME["Shake"]


@pytest.mark.parametrize(
    ("prompt", "cursor", "directive", "new_prompt", "new_cursor"),
    [
        # outside a bracket
        ("", 0, PAN, "[Pan left]", 10),
        ("A cat", 0, PAN, "[Pan left] A cat", 11),  # start of a word
        ("A cat", 5, PAN, "A cat [Pan left]", 16),  # end of text, after a word
        ("A cat", 2, PAN, "A [Pan left] cat", 13),  # start of a word
        ("A cat runs", 5, PAN, "A cat [Pan left] runs", 16),  # end of a word, space after
        ("A cat runs", 6, PAN, "A cat [Pan left] runs", 17),  # after the space
        ("A cat runs", 3, PAN, "A cat [Pan left] runs", 16),  # middle of a word: go to its end
        ("A café runs", 4, PAN, "A café [Pan left] runs", 17),
        ("A cafe\u0301 runs", 6, PAN, "A cafe\u0301 [Pan left] runs", 18),
        ("A cat.", 5, PAN, "A cat [Pan left].", 16),
        ("(cat)", 1, PAN, "([Pan left] cat)", 12),
        ("一只猫在跑", 3, PAN, "一只猫[Pan left]在跑", 13),
        ("🐈🐈", 1, PAN, "🐈 [Pan left] 🐈", 13),
        ("[Shake] A cat", 7, PAN, "[Shake] [Pan left] A cat", 18),
        ("[Shake]A", 7, PAN, "[Shake] [Pan left] A", 19),
        # inside a bracket holding fewer than three
        ("[Shake] A cat", 6, PAN, "[Shake, Pan left] A cat", 16),
        ("[Shake] A cat", 1, PAN, "[Shake, Pan left] A cat", 16),
        ("[ Shake  ] A cat", 3, PAN, "[ Shake, Pan left] A cat", 17),
        ("[Shake, Zoom in]", 3, PAN, "[Shake, Zoom in, Pan left]", 25),
        ("[Shake,]", 3, PAN, "[Shake, Pan left]", 16),
        ("[晃动、]", 2, PAN, "[晃动、Pan left]", 12),
        ("[]", 1, PAN, "[Pan left]", 9),
        ("[  ]", 2, PAN, "[Pan left]", 9),
        ("[Shake, Orbit]", 3, PAN, "[Shake, Orbit, Pan left]", 23),
        # inside a full bracket: a new bracket right after it
        ("[Shake, Zoom in, Tilt up] x", 3, PAN, "[Shake, Zoom in, Tilt up] [Pan left] x", 36),
        ("[Shake, Zoom in, Tilt up]", 25, PAN, "[Shake, Zoom in, Tilt up] [Pan left]", 36),
        # already in that bracket: nothing changes
        ("[Pan left] x", 4, PAN, "[Pan left] x", 4),
        ("[pan LEFT, Shake]", 12, PAN, "[pan LEFT, Shake]", 12),
        ("[左摇]", 1, PAN, "[左摇]", 1),
        ("[Shake, Zoom in, Pan left]", 2, PAN, "[Shake, Zoom in, Pan left]", 2),
        # cursor out of range is clamped
        ("A cat", 99, PAN, "A cat [Pan left]", 16),
        ("A cat", -5, PAN, "[Pan left] A cat", 11),
    ],
)
def test_insert_directive(prompt, cursor, directive, new_prompt, new_cursor):
    assert insert_directive(prompt, cursor, directive) == (new_prompt, new_cursor)


def test_palette_clicks_fill_a_bracket_then_start_the_next():
    prompt, cursor = insert_directive("A cat", 5, PAN)
    assert (prompt, cursor) == ("A cat [Pan left]", 16)
    cursor -= 1  # the user puts the cursor back inside the bracket
    prompt, cursor = insert_directive(prompt, cursor, ZOOM)
    prompt, cursor = insert_directive(prompt, cursor, SHAKE)
    assert prompt == "A cat [Pan left, Zoom in, Shake]"
    assert bracket_at(prompt, cursor) == (6, len(prompt) - 1)
    prompt, cursor = insert_directive(prompt, cursor, BY_NAME["Tilt up"])
    assert prompt == "A cat [Pan left, Zoom in, Shake] [Tilt up]"
    assert cursor == len(prompt)
    assert lint(prompt).problems == ()
    assert camera_moves(prompt) == (("Pan left", "Zoom in", "Shake"), ("Tilt up",))


# --- robustness and speed --------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "[" * 10_000,
        "]" * 10_000,
        "[]" * 10_000,
        "[[[[Pan left]]]]",
        "[Pan left, " * 500,
        "[" + ", ".join(["Pan left"] * 500) + "]",
        "\U0001f600[\u0301\u200f\u202e, \ufeff]\x00\ud800",
        "[\u200f Pan left \u200e]",
        "\r\n[Zoom in]\r\n[Zoom out\r]",
    ],
)
def test_lint_survives_hostile_prompts(prompt):
    result = lint(prompt)
    camera_moves(prompt)
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(prompt)
    for problem in result.problems:
        assert 0 <= problem.start < problem.end <= len(prompt)


def test_lint_handles_a_huge_prompt():
    chunk = "A cat [Pan left, Zom in] runs ] [ [Shake, Push in, Tilt up, Pan right] [x] 左摇 [\n"
    prompt = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    result = lint(prompt)
    assert len(camera_moves(prompt)) == prompt.count("[Pan left, Zom in]") * 2
    assert {problem.code for problem in result.problems} >= {
        ProblemCode.UNKNOWN_DIRECTIVE,
        ProblemCode.TOO_MANY_IN_BRACKET,
        ProblemCode.UNCLOSED_BRACKET,
        ProblemCode.UNOPENED_BRACKET,
    }


def test_lint_reports_every_one_of_many_distinct_unknown_items():
    items = ",".join(f"q{i:05d}" for i in range(16_000))
    result = lint(f"[{items}]")
    assert len(result.problems) == 16_000


def test_lint_is_not_confused_by_non_strings():
    assert lint(None) == PromptLint((), ())  # type: ignore[arg-type]
    assert camera_moves(None) == ()  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------

# Text rich in the characters that matter, plus anything at all.
_ALPHABET = st.sampled_from(
    [*"[]，、, \n\r\t", "Pan left", "zoom IN", "左摇", "上升", "Shake", "x", "🎬", "\u0301"]
)
prompts = st.one_of(
    st.text(),
    st.lists(_ALPHABET, max_size=40).map("".join),
    st.lists(st.one_of(_ALPHABET, st.text(max_size=3)), max_size=30).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(prompts)
def test_property_lint_is_total_and_consistent(prompt):
    result = lint(prompt)
    starts = [s.start for s in result.spans]
    assert starts == sorted(starts)
    assert [p.start for p in result.problems] == sorted(p.start for p in result.problems)
    inner = [s for s in result.spans if s.kind is not SpanKind.BRACKET]
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(prompt)
    for first, second in itertools.pairwise(inner):
        assert first.end <= second.start
    for span in inner:
        text = prompt[span.start : span.end]
        assert text == text.strip()
        if span.kind is SpanKind.DIRECTIVE:
            assert find_directive(text) is span.directive is not None
        else:
            assert span.directive is None
    brackets = [s for s in result.spans if s.kind is SpanKind.BRACKET]
    for bracket in brackets:
        assert prompt[bracket.start] == "[" and prompt[bracket.end - 1] == "]"
        assert bracket_at(prompt, bracket.start + 1) == (bracket.start, bracket.end - 1)
    for span in inner:  # every item lies inside a bracket
        assert any(b.start < span.start and span.end < b.end for b in brackets)
    for problem in result.problems:
        assert 0 <= problem.start < problem.end <= len(prompt)
        assert problem.message
    moves = camera_moves(prompt)
    assert all(1 <= len(m) <= MAX_PER_BRACKET for m in moves)
    assert len(moves) <= len(brackets)


@settings(max_examples=300, deadline=None)
@given(prompts, st.integers(min_value=-2, max_value=60), st.sampled_from(DIRECTIVES))
def test_property_inserted_directive_is_found_by_lint(prompt, cursor, directive):
    new_prompt, new_cursor = insert_directive(prompt, cursor, directive)
    assert 0 <= new_cursor <= len(new_prompt)
    found = [s.directive for s in lint(new_prompt).spans if s.kind is SpanKind.DIRECTIVE]
    assert directive in found
    if new_prompt != prompt:
        assert len(new_prompt) > len(prompt)
