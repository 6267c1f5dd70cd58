"""Request bodies and tolerant parsers against the JSON shapes of API.md."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hailuo_desktop.api import wire
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import UploadedMedia
from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest

URL = "https://files.toapis.com/uploads/123/1737568800_abc12345.jpg"


def test_text_to_video_body_carries_both_shapes_consistently():
    body = wire.build_create_body(
        GenerationRequest("[Push in] A cat running in a garden"), None, "job-1"
    )
    assert body == {
        "model": "MiniMax-Hailuo-2.3",
        "prompt": "[Push in] A cat running in a garden",
        "duration": 6,
        "resolution": "768P",
        "metadata": {
            "resolution": "768p",
            "prompt_optimizer": True,
            "fast_pretreatment": False,
            "watermark": False,
            "aigc_watermark": False,
        },
        "client_business_id": "job-1",
    }


def test_image_to_video_body_names_the_url_in_both_places():
    request = GenerationRequest(
        "Person slowly turning around",
        model=Model.HAILUO_23_FAST,
        duration=10,
        watermark=True,
        fast_pretreatment=True,
        prompt_optimizer=False,
        first_frame="/tmp/a.jpg",
    )
    body = wire.build_create_body(request, UploadedMedia(first_frame=URL), "job-1")
    assert body["image_urls"] == [URL] and body["metadata"]["first_frame_image"] == URL
    assert body["metadata"]["watermark"] is body["metadata"]["aigc_watermark"] is True
    assert body["metadata"]["prompt_optimizer"] is False
    assert body["duration"] == 10 and body["model"] == "MiniMax-Hailuo-2.3-Fast"
    assert "/tmp/a.jpg" not in json.dumps(body)  # a local path never goes over the wire


COMPLETED = {
    "id": "vid_01J9",
    "object": "generation.task",
    "model": "MiniMax-Hailuo-2.3",
    "status": "completed",
    "progress": 100,
    "created_at": 1768380224,
    "completed_at": 1768380514,
    "expires_at": 1768466914,
    "result": {
        "type": "video",
        "data": [{"url": "https://files.toapis.com/videos/abc.mp4", "format": "mp4"}],
    },
}


def test_documented_completed_task():
    info = wire.parse_task(COMPLETED)
    assert info == wire.TaskInfo(
        id="vid_01J9",
        status=wire.TaskStatus.COMPLETED,
        progress=100,
        model="MiniMax-Hailuo-2.3",
        created_at=1768380224,
        completed_at=1768380514,
        expires_at=1768466914,
        video_url="https://files.toapis.com/videos/abc.mp4",
    )


@pytest.mark.parametrize(
    "variant",
    [
        {"result": {"url": "https://cdn.example/v.mp4"}},
        {"url": "https://cdn.example/v.mp4"},
        {"video_url": "https://cdn.example/v.mp4"},
        {"result": {"data": [{"url": 5}]}, "video_url": "https://cdn.example/v.mp4"},
    ],
)
def test_legacy_url_places(variant):
    payload = {"id": "task_1", "status": "completed", **variant}
    assert wire.parse_task(payload).video_url == "https://cdn.example/v.mp4"


@pytest.mark.parametrize("status", ["", "pending", "submitted", "queued", "QUEUED"])
def test_queued_spellings(status):
    payload = {"id": "video_01K8", "object": "video", "task_id": "video_01K8", "status": status}
    assert wire.parse_task(payload).status is wire.TaskStatus.QUEUED


def test_a_bare_id_means_queued():
    assert wire.parse_task({"id": "video_1"}).status is wire.TaskStatus.QUEUED


def test_task_id_alone_is_accepted_and_wrapped_tasks_unwrapped():
    assert wire.parse_task({"task_id": "t", "status": "in_progress"}).id == "t"
    assert wire.parse_task({"data": {"id": "t", "status": "failed"}}).status is (
        wire.TaskStatus.FAILED
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [(55, 55), ("40", 40), ("70%", 70), (150, 100), (-3, 0), ("x", None)]
)
def test_progress_is_tolerated_and_clamped(raw, expected):
    assert wire.parse_task({"id": "t", "status": "in_progress", "progress": raw}).progress == (
        expected
    )


@pytest.mark.parametrize("code", ["generation_failed", 1027])
def test_failed_task_error_code_string_or_number(code):
    info = wire.parse_task(
        {"id": "t", "status": "failed", "error": {"code": code, "message": "Generation failed: x"}}
    )
    assert info.error_code == str(code) and info.error_message == "Generation failed: x"
    error = wire.task_failure(info)
    assert isinstance(error, errors.GenerationFailed) and error.task_id == "t"


def test_a_fail_reason_carries_the_reason_when_there_is_no_error_object():
    info = wire.parse_task({"id": "t", "status": "failed", "fail_reason": "sensitive words"})
    assert info.error_message == "sensitive words"
    assert isinstance(wire.task_failure(info), errors.ContentRejected)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "completed",
        {"status": "completed"},
        {"id": "t", "status": 3},
        {"id": ["t"], "status": "queued"},
        {"id": "t", "status": "teleported"},
    ],
)
def test_malformed_tasks_are_protocol_errors(payload):
    with pytest.raises(errors.ProtocolError):
        wire.parse_task(payload)


KEYS_THE_PARSERS_READ = [
    *("id", "task_id", "status", "progress", "result", "data", "url", "video_url", "error"),
    *("success", "message", "remain_credits", "remain_balance", "credits_per_usd", "code"),
    *("type", "fail_reason", "created_at", "expires_at", "size", "unlimited_quota"),
]
ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63])  # past any float
    | st.floats()  # NaN and infinities too (Python's json reads them)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(KEYS_THE_PARSERS_READ) | st.text(max_size=5), inner, max_size=6
        )
    ),
    max_leaves=20,
)


@given(ANY_JSON, st.integers(min_value=100, max_value=599), st.text(max_size=40))
def test_any_json_into_the_parsers_raises_only_taxonomy_errors(payload, status, retry_after):
    for parse in (wire.parse_task, wire.parse_upload, wire.parse_balance):
        with contextlib.suppress(errors.HailuoError):
            parse(payload)
    error = wire.error_from_response(status, json.dumps(payload).encode(), retry_after)
    assert isinstance(error, errors.HailuoError) and error.technical_details()


def nested(depth: int) -> bytes:
    return b'{"error": ' * depth + b"1" + b"}" * depth


def test_json_nested_deeper_than_the_parser_goes_is_no_json_and_its_error_still_reads():
    with pytest.raises(ValueError, match="nested too deeply"):
        wire.loads(nested(100_000))
    error = wire.error_from_response(503, nested(100_000))
    assert isinstance(error, errors.ServerTrouble) and error.detail.startswith("server said: {")


@pytest.mark.parametrize("parse", [wire.parse_task, wire.parse_upload, wire.parse_balance])
def test_json_nested_just_within_the_parser_is_a_malformed_reply(parse):
    with pytest.raises(errors.ProtocolError):
        parse(wire.loads(nested(900)))


def test_documented_upload_reply():
    reply = {
        "success": True,
        "message": "",
        "data": {"id": "upload_abc12345", "url": URL, "mime_type": "image/jpeg", "size": 89234},
    }
    assert wire.parse_upload(reply) == wire.UploadedFile(
        "upload_abc12345", URL, "image/jpeg", 89234
    )


@pytest.mark.parametrize(
    ("message", "advice"),
    [
        ("Unsupported image type. Allowed: JPEG, PNG, WebP, GIF", "only JPEG, PNG, WebP or GIF"),
        ("Image too large. Maximum size is 10MB", "larger than the 10 MB"),
    ],
)
def test_upload_failure_with_http_200_is_an_error(message, advice):
    with pytest.raises(errors.UploadRejected) as caught:
        wire.parse_upload({"success": False, "message": message})
    assert advice in caught.value.message and message in caught.value.detail


def test_documented_balance_prefers_credits():
    balance = wire.parse_balance(
        {
            "success": True,
            "remain_balance": 100.0,
            "used_balance": 25.5,
            "remain_credits": 20000,
            "used_credits": 5100,
            "credits_per_usd": 200,
            "unlimited_quota": False,
        }
    )
    assert balance == wire.Balance(20000, 5100, 100.0, False)


def test_balance_from_dollars_only():
    assert wire.parse_balance({"success": True, "remain_balance": 2.5}).remain_credits == 500


@pytest.mark.parametrize(
    ("status", "body", "expected", "code"),
    [
        (
            401,
            {"error": {"code": 401, "message": "bad key", "type": "authentication_error"}},
            errors.AuthError,
            "401",
        ),
        (
            429,
            {"error": {"code": "rate_limit_exceeded", "message": "slow down"}},
            errors.RateLimited,
            "rate_limit_exceeded",
        ),
        (400, {"success": False, "message": "prompt is required"}, errors.BadRequest, None),
        (
            402,
            {"error": {"code": "insufficient_quota", "message": "no money"}},
            errors.InsufficientCredits,
            "insufficient_quota",
        ),
        (404, {"error": {"message": "Task not found"}}, errors.NotFound, None),
        (
            422,
            {"error": {"code": "content_policy_violation", "message": "no"}},
            errors.ContentRejected,
            "content_policy_violation",
        ),
        (
            503,
            {"error": {"code": "rate_limit_unavailable", "message": "limiter down"}},
            errors.ServerTrouble,
            "rate_limit_unavailable",
        ),
        (502, "<html>Bad gateway</html>", errors.ServerTrouble, None),
        (418, None, errors.BadRequest, None),
    ],
)
def test_every_error_envelope_maps_to_the_taxonomy(status, body, expected, code):
    raw = (
        b""
        if body is None
        else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
    )
    error = wire.error_from_response(status, raw, "3")
    assert type(error) is expected
    assert error.status == status and error.code == code and error.retry_after == 3.0
    assert error.message  # always something a person can read


def test_bad_request_quotes_the_server_reason():
    error = wire.error_from_response(400, b'{"success": false, "message": "prompt is required"}')
    assert error.message.endswith("prompt is required")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("5", 5.0),
        ("2.5", 2.5),
        ("-4", 0.0),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("99999", 3600.0),
    ],
)
def test_retry_after(header, expected):
    now = 1445412480.0  # 07:28:00 GMT that day
    assert wire.parse_retry_after(header, now=now) == expected


def test_h3_text_to_video_body_is_the_documented_one():
    request = GenerationRequest.for_model(
        Model.H3,
        "A fox in the snow",
        duration=8,
        resolution=Resolution.P768,
        aspect_ratio=AspectRatio.TALL_9_16,
    )
    assert wire.build_create_body(request, None, "job-7") == {
        "model": "MiniMax-H3",
        "prompt": "A fox in the snow",
        "duration": 8,
        "resolution": "768p",
        "aspect_ratio": "9:16",
        "watermark": False,
        "client_business_id": "job-7",
    }


def test_h3_frames_and_references_travel_with_their_roles_in_order():
    frames = GenerationRequest.for_model(
        Model.H3, "Day to night", first_frame="/a.png", last_frame="/b.png"
    )
    body = wire.build_create_body(frames, UploadedMedia("https://u/a", "https://u/b"), "job")
    assert body["image_with_roles"] == [
        {"url": "https://u/a", "role": "first_frame"},
        {"url": "https://u/b", "role": "last_frame"},
    ]
    assert body["resolution"] == "2K" and body["duration"] == 5 and "image_urls" not in body
    references = GenerationRequest.for_model(
        Model.H3,
        "Keep the person of <Picture 1>",
        duration=6,
        reference_images=("/p1.png", "/p2.png"),
        reference_videos=("/v.mp4",),
    )
    media = UploadedMedia(
        reference_images=("https://u/p1", "https://u/p2"), reference_videos=("https://u/v",)
    )
    body = wire.build_create_body(references, media, "job")
    assert body["aspect_ratio"] == "adaptive"
    assert [item["url"] for item in body["image_with_roles"]] == ["https://u/p1", "https://u/p2"]
    assert {item["role"] for item in body["image_with_roles"]} == {"reference_image"}
    assert body["video_with_roles"] == [{"url": "https://u/v", "role": "reference_video"}]
    assert "metadata" not in body and "prompt_optimizer" not in json.dumps(body)


def test_hailuo_02_first_and_last_frame_body_is_the_documented_one():
    request = GenerationRequest(
        "A bud opens", Model.HAILUO_02, first_frame="/first.png", last_frame="/last.png"
    )
    body = wire.build_create_body(
        request, UploadedMedia("https://u/first.png", "https://u/last.png"), "job-2"
    )
    assert body == {
        "model": "MiniMax-Hailuo-02",
        "prompt": "A bud opens",
        "duration": 6,
        "resolution": "768P",
        "image_urls": ["https://u/first.png"],
        "metadata": {
            "last_frame_image": "https://u/last.png",
            "prompt_optimizer": True,
            "fast_pretreatment": False,
            "aigc_watermark": False,
        },
        "client_business_id": "job-2",
    }


def test_a_video_address_is_kept_as_the_service_wrote_it():
    payload = {"id": "task_1", "status": "completed", "result": {"url": "ftp://files.example/v"}}
    assert wire.parse_task(payload).video_url == "ftp://files.example/v"


CHILD = "sk-child-9f3e1a7c5b2d4e60"


def test_token_body_sends_the_caps_in_credits_and_leaves_out_what_is_not_capped():
    from decimal import Decimal

    assert wire.build_token_body("app", Decimal("5"), Decimal("12.345")) == {
        "name": "app",
        "model_limits_enabled": False,
        "daily_credits": 1000,
        "monthly_credits": 2469,  # rounded down: a cap never grows
    }
    assert wire.build_token_body("app", None, Decimal("1")) == {
        "name": "app",
        "model_limits_enabled": False,
        "monthly_credits": 200,
    }


@pytest.mark.parametrize(
    "reply",
    [
        {"success": True, "data": {"key": CHILD, "name": "app", "daily_credits": 1000}},
        {"success": True, "key": CHILD, "name": "app", "daily_credits": "1000"},
    ],
)
def test_the_child_key_is_found_under_data_or_at_the_top(reply):
    child = wire.parse_child_key(reply)
    assert child.key.reveal() == CHILD
    assert (child.name, child.daily_credits, child.monthly_credits) == ("app", 1000, None)
    assert CHILD not in repr(child) and CHILD not in f"{child.key}"


@pytest.mark.parametrize(
    "reply",
    [
        {"success": True, "data": {"key": ""}, "token": CHILD},
        {"success": True, "data": {"key": f"{CHILD} {CHILD}"}},
        {"data": [CHILD]},
        [CHILD],
    ],
)
def test_a_reply_without_a_usable_key_never_quotes_a_value(reply):
    with pytest.raises(errors.ProtocolError) as unreadable:
        wire.parse_child_key(reply)
    assert CHILD[:8] not in unreadable.value.technical_details()


def test_a_refusal_in_a_200_reply_is_the_services_words():
    with pytest.raises(errors.BadRequest) as refused:
        wire.parse_child_key({"success": False, "message": "令牌数量已达上限"})
    assert refused.value.message.endswith("did not accept this request: 令牌数量已达上限")


@pytest.mark.parametrize("status", [400, 402, 500])
def test_minimax_1008_is_an_empty_balance_whatever_the_status(status):
    body = json.dumps({"error": {"code": "1008", "message": "余额不足"}}).encode()
    error = wire.error_from_response(status, body)
    assert isinstance(error, errors.InsufficientCredits)
    assert (error.status, error.code, error.server_message) == (status, "1008", "余额不足")
