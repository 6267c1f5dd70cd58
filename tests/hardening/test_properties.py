"""Properties that complete the existing ones (tests/api/test_wire.py feeds arbitrary JSON to
the parsers, tests/core/test_directives.py arbitrary prompts to the linter, tests/ui/
test_options_panel.py arbitrary key presses to the combos):

- whatever bytes, status and headers a server sends, every client call ends in a value or a
  taxonomy error, never another exception;
- whatever a person does in the create panel (options, checkboxes, prompt, first frame), a
  request that Generate lets out is valid and its body passes the service's validation.
"""

from __future__ import annotations

import io

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from hailuo_desktop.api import wire
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import UploadedMedia
from hailuo_desktop.core.options import problems
from hailuo_desktop.simulator.validation import parse_create_body
from hailuo_desktop.ui.create.panel import CreatePanel
from tests.helpers import make_client, png_bytes

HEADER_VALUES = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
    st.sampled_from(["0", "-1", "999999999999", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT", ""]),
)
STATUSES = [200, 201, 204, 206, 301, 302, 307, 400, 401, 402, 403, 404, 410, 416, 422, 429]
STATUSES += [500, 502, 503, 504, 599]
REPLIES = st.tuples(
    st.sampled_from(STATUSES),
    st.dictionaries(
        st.sampled_from(["Retry-After", "Content-Length", "Location", "Content-Range"]),
        HEADER_VALUES,
        max_size=3,
    ),
    st.one_of(
        st.binary(max_size=200),
        st.sampled_from(
            [
                b'{"id": "v", "status": "completed", "result": {"data": [{"url": 5}]}}',
                b'{"success": false}',
                b'{"error": {"code": [], "message": {}}}',
                b"\xff\xfe\x00",
                b"[]",
                b"null",
            ]
        ),
    ),
)


@settings(max_examples=150, deadline=None)
@given(replies=st.lists(REPLIES, min_size=1, max_size=4))
async def test_any_reply_to_any_call_ends_in_a_value_or_a_taxonomy_error(replies, tmp_path_factory):
    pending = list(replies)

    def handler(request: httpx.Request) -> httpx.Response:
        status, headers, body = pending.pop(0) if len(pending) > 1 else pending[0]
        return httpx.Response(status, headers=headers, content=body)

    picture = tmp_path_factory.mktemp("frame") / "frame.png"
    picture.write_bytes(png_bytes(320, 320))
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = make_client(http, "https://toapis.com")
        calls = [
            lambda: client.create_task(wire.build_create_body(_request(), None, "job-1")),
            lambda: client.get_task("video_1"),
            lambda: client.get_balance(),
            lambda: client.upload(picture, mime_type="image/png"),
            lambda: client.download("https://toapis.com/files/v.mp4", io.BytesIO()),
            lambda: client.download("https://toapis.com/files/v.mp4", io.BytesIO(), offset=10),
        ]
        for call in calls:
            try:
                await call()
            except errors.HailuoError as error:
                assert error.message and error.technical_details()


def _request():
    from hailuo_desktop.core.options import GenerationRequest

    return GenerationRequest("A cat")


# --- the create panel ---------------------------------------------------------------------

ACTION = st.one_of(
    st.tuples(
        st.sampled_from(["model", "resolution", "duration"]),
        st.sampled_from(["down", "up", "home", "end", "index0", "index1"]),
    ),
    st.tuples(st.sampled_from(["optimizer", "fast", "watermark"]), st.just("toggle")),
    st.tuples(st.just("prompt"), st.text(max_size=30) | st.sampled_from(["", "  ", "x" * 2001])),
    st.tuples(st.just("first frame"), st.sampled_from(["good", "small", "none"])),
)
KEYS = {"down": Qt.Key.Key_Down, "up": Qt.Key.Key_Up, "home": Qt.Key.Key_Home,
        "end": Qt.Key.Key_End}  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=st.lists(ACTION, max_size=12))
def test_whatever_is_done_in_the_panel_generate_only_lets_out_valid_requests(
    qtbot, tmp_path, actions
):
    pictures = {"good": tmp_path / "good.png", "small": tmp_path / "small.png"}
    if not pictures["good"].exists():
        pictures["good"].write_bytes(png_bytes(640, 400))
        pictures["small"].write_bytes(png_bytes(200, 200))
    panel = CreatePanel(prices=dict)
    qtbot.addWidget(panel)
    options = panel.options
    widgets = {
        "model": options.model_combo,
        "resolution": options.resolution_combo,
        "duration": options.duration_combo,
        "optimizer": options.prompt_optimizer_check,
        "fast": options.fast_pretreatment_check,
        "watermark": options.watermark_check,
    }
    emitted = []
    panel.generateRequested.connect(emitted.append)
    panel.prompt_editor.set_prompt("A cat")
    panel.generate_button.click()
    assert len(emitted) == 1  # the defaults make a valid request
    for what, how in actions:
        if what == "prompt":
            panel.prompt_editor.set_prompt(how)
        elif what == "first frame":
            panel.first_frame.set_path(None if how == "none" else str(pictures[how]))
        elif how == "toggle":
            widgets[what].click()
        elif how.startswith("index"):
            widgets[what].setCurrentIndex(int(how[-1]))
        else:
            QTest.keyClick(widgets[what], KEYS[how])
        enabled = panel.generate_button.isEnabled()
        assert enabled == (panel.why_not() is None)
        assert enabled or panel.generate_button.toolTip()  # a reason is always given
        panel.generate_button.click()
    for request in emitted:
        assert problems(request) == ()
        url = "https://files.example/frame.png" if request.first_frame else None
        parse_create_body(wire.build_create_body(request, UploadedMedia(first_frame=url), "job-1"))
