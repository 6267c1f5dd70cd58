"""The error taxonomy: every failure the user can meet, with a plain-language message.

Each error carries two texts: `message`, written for a person who does not program and saying
what to do, and `detail`, the technical facts (HTTP status, code, task id, server text) for the
"Details" expander. Neither ever contains the API key: callers pass only server replies and
facts they chose to show. `kind` is the stable machine-readable name stored in the database.

`message` is a `core.messages.Message`: the English text (what the command line prints) that
keeps its marked template and facts, so the GUI shows it in the user's language — also when it
is read back from the database, where it is stored as data.
"""

from __future__ import annotations

from enum import StrEnum

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message


class ErrorKind(StrEnum):
    INVALID_INPUT = "invalid_input"
    BAD_REQUEST = "bad_request"
    AUTH = "auth"
    INSUFFICIENT_CREDITS = "insufficient_credits"
    NOT_FOUND = "not_found"
    CONTENT_REJECTED = "content_rejected"
    RATE_LIMITED = "rate_limited"
    SERVER = "server"
    NETWORK = "network"
    PROTOCOL = "protocol"
    GENERATION_FAILED = "generation_failed"
    NO_VIDEO = "no_video"
    URL_EXPIRED = "url_expired"
    UPLOAD_REJECTED = "upload_rejected"
    INSECURE_URL = "insecure_url"
    DISK = "disk"
    SUBMISSION_UNCERTAIN = "submission_uncertain"
    HISTORY_MOVED_ASIDE = "history_moved_aside"  # told at start, never stored on a job
    HISTORY_UNAVAILABLE = "history_unavailable"  # told at start, never stored on a job
    SPEND_CAP = "spend_cap"  # a submit refused before anything is saved or sent
    MEDIA = "media"  # a story's clip could not be read, or its shots joined


class HailuoError(Exception):
    """Base of every error the product explains to the user.

    Attributes: kind, message (plain words, a `Message`; a plain marked sentence is taken as
    one), detail (technical), status (HTTP status or None),
    code (server error code or None), task_id (or None), retry_after (seconds or None),
    server_message (the server's own words, or None).
    """

    kind: ErrorKind = ErrorKind.SERVER
    default_message = QT_TRANSLATE_NOOP("Messages", "Something went wrong.")
    retryable = False

    def __init__(
        self,
        message: Message | str | None = None,
        *,
        detail: str = "",
        status: int | None = None,
        code: str | None = None,
        task_id: str | None = None,
        retry_after: float | None = None,
        server_message: str | None = None,
    ) -> None:
        if not isinstance(message, Message):
            message = Message(message or self.default_message)
        self.message = message
        self.server_message = server_message
        self.detail = detail
        self.status = status
        self.code = code
        self.task_id = task_id
        self.retry_after = retry_after
        super().__init__(self.message)

    def technical_details(self) -> str:
        """The text of the "Details" expander and of "Copy details"."""
        lines = [f"kind: {self.kind.value}"]
        if self.status is not None:
            lines.append(f"HTTP status: {self.status}")
        if self.code is not None:
            lines.append(f"code: {self.code}")
        if self.task_id:
            lines.append(f"task id: {self.task_id}")
        if self.retry_after is not None:
            lines.append(f"retry after: {self.retry_after:g} s")
        if self.detail:
            # A stored job's detail is an earlier error's details: its facts are told above.
            told = set(lines)
            lines.extend(line for line in self.detail.splitlines() if line not in told)
        return "\n".join(lines)


class InvalidInput(HailuoError):
    kind = ErrorKind.INVALID_INPUT
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "Some of the settings for this video are not valid."
    )


class BadRequest(HailuoError):
    kind = ErrorKind.BAD_REQUEST
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The video service did not accept this request. Check the prompt and options, "
        "then try again.",
    )


class AuthError(HailuoError):
    kind = ErrorKind.AUTH
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The API key is missing or was not accepted. Open Settings and paste a valid key.",
    )


class InsufficientCredits(HailuoError):
    kind = ErrorKind.INSUFFICIENT_CREDITS
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "Your ToAPIs account is out of credits. Top up your balance, then try again."
    )


class NotFound(HailuoError):
    kind = ErrorKind.NOT_FOUND
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "The video service does not know this task. Check the task id."
    )


class ContentRejected(HailuoError):
    kind = ErrorKind.CONTENT_REJECTED
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The video service refused this prompt or picture under its content rules. "
        "Rephrase the prompt (avoid real people, violence or brands) or use another picture.",
    )


class RateLimited(HailuoError):
    kind = ErrorKind.RATE_LIMITED
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "The video service asks us to slow down; waiting a moment, then retrying."
    )
    retryable = True


class ServerTrouble(HailuoError):
    """A 5xx. `created_nothing` marks the two 503s after which no task can exist (API.md §8:
    the submit limiter is down, or no channel serves the model): a create may be sent again."""

    kind = ErrorKind.SERVER
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "The video service is having trouble right now. Retrying shortly."
    )
    retryable = True

    def __init__(self, message: str | None = None, *, created_nothing: bool = False, **facts):
        super().__init__(message, **facts)
        self.created_nothing = created_nothing


class NetworkError(HailuoError):
    """No usable answer came back.

    `may_have_arrived` says whether the server may have received the request: a connection that
    was never made cannot have billed anything; a timeout or a dropped reply might have.
    """

    kind = ErrorKind.NETWORK
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "Cannot reach the video service. Check your internet connection; "
        "the app keeps trying by itself.",
    )
    retryable = True

    def __init__(self, message: str | None = None, *, may_have_arrived: bool, **facts) -> None:
        super().__init__(message, **facts)
        self.may_have_arrived = may_have_arrived


class ProtocolError(HailuoError):
    kind = ErrorKind.PROTOCOL
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The video service sent a reply the app cannot read. This is usually temporary.",
    )
    retryable = True


class GenerationFailed(HailuoError):
    kind = ErrorKind.GENERATION_FAILED
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "The video could not be generated. Try again, perhaps with a simpler prompt."
    )


class NoVideo(HailuoError):
    kind = ErrorKind.NO_VIDEO
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The video service finished but returned no video (provider returned no video). "
        "Try generating it again.",
    )


class UrlExpired(HailuoError):
    kind = ErrorKind.URL_EXPIRED
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "This video was not downloaded within 24 hours of finishing, and the service "
        "no longer keeps it.",
    )


class UploadRejected(HailuoError):
    kind = ErrorKind.UPLOAD_REJECTED
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "The picture or video was not accepted by the video service."
    )


class InsecureUrl(HailuoError):
    kind = ErrorKind.INSECURE_URL
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The service address must start with https:// (plain http is allowed only for "
        "this computer). Check the base URL in Settings.",
    )


class DiskError(HailuoError):
    kind = ErrorKind.DISK
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The video could not be saved: the disk is full or the library folder cannot be "
        "written. Free some space or choose another folder in Settings.",
    )


class MediaTrouble(HailuoError):
    """A story's clip could not be decoded (its last frame) or its shots joined; `detail`
    holds the media module's words."""

    kind = ErrorKind.MEDIA
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "A video of this story could not be read or joined. Make the shot again, or look at "
        "the details.",
    )


class SubmissionUncertain(HailuoError):
    kind = ErrorKind.SUBMISSION_UNCERTAIN
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "We could not confirm that the video service received this request, and it may "
        "already be generating (and billed). It was not sent again, and the service does not "
        'know it yet. Use "Check again" later, look at the task logs on ToAPIs, or retry '
        "to start a new paid generation.",
    )


class HistoryMovedAside(HailuoError):
    """The job history was damaged, so it was moved aside and a fresh one started
    (`store.recovery`): the message names both files, `detail` holds SQLite's finding."""

    kind = ErrorKind.HISTORY_MOVED_ASIDE
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The job history was damaged. It was moved aside and a fresh history was started.",
    )


class HistoryUnavailable(HailuoError):
    """The job history cannot be opened at all (written by a newer version, held by another
    program, or damaged and impossible to move aside): the window cannot start; `detail` says
    why, in SQLite's or the store's words."""

    kind = ErrorKind.HISTORY_UNAVAILABLE
    default_message = QT_TRANSLATE_NOOP(
        "Messages",
        "The job history cannot be opened, so Hailuo Desktop cannot start. Nothing in it was "
        "changed; the details say why.",
    )


class SpendCapReached(HailuoError):
    """A new video would pass a spending cap (`core.spend.cap_refusal` says which, its amount
    and what is left); nothing was saved or sent."""

    kind = ErrorKind.SPEND_CAP
    default_message = QT_TRANSLATE_NOOP(
        "Messages", "This video would pass your spending cap. Raise the cap in Settings."
    )


# Sentences the api and engine layers fill in with facts (as `Message(TEMPLATE, **facts)`).
REFUSED_REQUEST = QT_TRANSLATE_NOOP(
    "Messages", "The video service did not accept this request: {reason}"
)
"""A request the service refused with its own words (`reason`: the server's message)."""
TRYING_AGAIN = QT_TRANSLATE_NOOP("Messages", "{message} Trying again in {seconds} s.")
"""A job's notice while it waits to retry (`message`: the error's message)."""
MODEL_UNAVAILABLE = QT_TRANSLATE_NOOP(
    "Messages", "This model is unavailable right now; nothing was charged. Trying again shortly."
)
"""The gateway has no channel for the model (a 503 that created nothing)."""
NO_TASK_YET = QT_TRANSLATE_NOOP(
    "Messages",
    "The video service has no task for this job: the request did not arrive, or not yet. "
    "Nothing was sent again.",
)
"""An uncertain job looked up again (by its own id) and still unknown to the service."""
LINK_NOT_READY = QT_TRANSLATE_NOOP(
    "Messages",
    "The video is finished but its download link was refused (HTTP {status}); links can take "
    "a moment to work everywhere.",
)
"""A finished video's link refused before it expires (a storage replica lagging)."""
CAPPED_KEY_LIMIT = QT_TRANSLATE_NOOP(
    "Messages",
    "The capped key reached its daily or monthly limit, so the video service refused this "
    "video; nothing was charged. Wait until tomorrow (or next month), or go back to your own "
    "key in Settings.",
)
"""A 402 met with a capped key (API.md §8): the service stopped the key at its own cap."""
CAPPED_KEY_REFUSED = QT_TRANSLATE_NOOP(
    "Messages", "The service did not let this key create a capped key; your key is unchanged."
)
"""`POST /v1/tokens` refused (HTTP 401, 403 or 404): the key may not make child keys."""
NO_SUCH_JOB = QT_TRANSLATE_NOOP("Messages", "There is no job {job_id} in the history.")
HISTORY_BUSY = QT_TRANSLATE_NOOP(
    "Messages", "Another program is using the job history right now; the job waits for it."
)
HISTORY_MOVED = QT_TRANSLATE_NOOP(
    "Messages",
    "The job history {path} was damaged. It was moved to {moved_to} and a fresh history was "
    "started.",
)
"""`HistoryMovedAside` with its facts: where the history is, and where the damaged one went."""
UNKNOWN_JOB = QT_TRANSLATE_NOOP(
    "Messages",
    "This job was saved by a newer version of Hailuo Desktop. This version cannot read it and "
    "leaves it as it is.",
)
"""A history row in a state (or with an error or request) this version does not know."""


_BY_KIND: dict[ErrorKind, type[HailuoError]] = {
    cls.kind: cls
    for cls in (
        InvalidInput,
        BadRequest,
        AuthError,
        InsufficientCredits,
        NotFound,
        ContentRejected,
        RateLimited,
        ServerTrouble,
        ProtocolError,
        GenerationFailed,
        NoVideo,
        UrlExpired,
        UploadRejected,
        InsecureUrl,
        DiskError,
        SubmissionUncertain,
        HistoryMovedAside,
        HistoryUnavailable,
        SpendCapReached,
        MediaTrouble,
    )
}


def error_for_kind(kind: ErrorKind, message: str | None = None, **facts) -> HailuoError:
    """Rebuild an error from its stored kind (e.g. when a job is loaded from the database)."""
    if kind is ErrorKind.NETWORK:
        return NetworkError(message, may_have_arrived=False, **facts)
    return _BY_KIND[kind](message, **facts)
