"""The one redaction of the key and of echoed credentials (api/redaction.py)."""

from __future__ import annotations

import pytest

from hailuo_desktop.api import wire
from hailuo_desktop.api.redaction import redact, redact_error, redact_fields
from hailuo_desktop.core import errors
from hailuo_desktop.core.messages import Message
from tests.helpers import KEY


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (f"invalid key {KEY}", "invalid key ***"),
        (f"invalid key {KEY.upper()}", "invalid key ***"),
        (f"glued{KEY}on", "glued***on"),
        (f"a quote cut off: {KEY[:12]}", "a quote cut off: ***"),
        (f"headers: Authorization: Bearer {KEY}", "headers: Authorization: Bearer ***"),
        ('{"authorization": "Bearer abcdefgh12345"}', '{"authorization": "Bearer ***"}'),
        ("Authorization: Basic dXNlcjpwYXNz", "Authorization: ***"),
        ("authorization=abcdefghijk", "authorization=***"),
        (f"Bearer%20{KEY}", "Bearer%20***"),
        (f'{{"key": "{KEY}", "next": 1}}', '{"key": "***", "next": 1}'),
        ("Missing bearer token", "Missing bearer token"),  # English, not a credential
        ("无效的令牌", "无效的令牌"),
    ],
)
def test_the_key_and_credentials_are_taken_out(text, redacted):
    assert redact(text, KEY) == redacted


def test_a_key_with_characters_that_get_escaped_is_found_escaped():
    key = "sk-live/abc+def"
    assert redact('{"k": "sk-live\\/abc+def"} sk-live%2Fabc%2Bdef', key) == '{"k": "***"} ***'


def test_without_a_key_only_credentials_are_taken_out():
    assert redact(f"Bearer {KEY} and {KEY}", None) == f"Bearer *** and {KEY}"


def test_every_text_of_an_error_is_redacted_and_its_sentence_kept():
    error = errors.BadRequest(
        Message(errors.REFUSED_REQUEST, reason=f"bad key {KEY}"),
        detail=f"server said: bad key {KEY}",
        code=KEY,
        server_message=f"bad key {KEY}",
        task_id=KEY,
    )
    assert redact_error(error, KEY) is error
    assert error.message == "The video service did not accept this request: bad key ***"
    assert error.message.template == errors.REFUSED_REQUEST  # still translatable
    assert KEY not in error.technical_details() + str(error) + repr(error.args)
    assert error.server_message == "bad key ***" and error.code == error.task_id == "***"


def test_every_text_field_of_a_returned_value_is_redacted():
    info = wire.TaskInfo("video_1", wire.TaskStatus.FAILED, error_message=f"echo {KEY}")
    redacted = redact_fields(info, KEY)
    assert redacted == wire.TaskInfo("video_1", wire.TaskStatus.FAILED, error_message="echo ***")
    assert redacted.status is wire.TaskStatus.FAILED  # an enum stays one
    assert redact_fields(1234, KEY) == 1234


def test_a_storage_signature_in_a_video_address_is_kept_and_only_the_key_goes():
    signed = "https://bucket.example/x.mp4?authorization=bce-auth-v1%2Fak%2F2026%2F3600&x=1"
    info = wire.TaskInfo(
        "video_1",
        wire.TaskStatus.COMPLETED,
        video_url=signed,
        error_message="Authorization: Bearer abcdefgh12345",
    )
    redacted = redact_fields(info, KEY)
    assert redacted.video_url == signed  # the link still works
    assert redacted.error_message == "Authorization: Bearer ***"
    echoed = redact_fields(
        wire.TaskInfo("v", wire.TaskStatus.COMPLETED, video_url=f"{signed}&h=Bearer%20{KEY}x"), KEY
    )
    assert "Bearer%20***" in echoed.video_url and echoed.video_url.startswith(signed)
    leaked = redact_fields(
        wire.TaskInfo("v", wire.TaskStatus.COMPLETED, video_url=f"{signed}&k={KEY}"), KEY
    )
    assert KEY not in leaked.video_url and leaked.video_url.startswith(signed)
