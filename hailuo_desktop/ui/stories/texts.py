"""What a shot card and the export's message say: the state line in its tone, the card's
facts, and what a join had to give up. Texts of the page (translated as "StoriesPage")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.stories import Shot, shot_problems
from hailuo_desktop.media.join import JoinMethod, JoinResult, Sound
from hailuo_desktop.ui.common.colours import Tone
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.stories.service import Phase, ShotStatus
from hailuo_desktop.ui.stories.strip import CardFacts


def card_facts(shot: Shot, status: ShotStatus, reason: Message | None = None) -> CardFacts:
    """What the card of `shot` shows; `reason` says why it was not made, if it was not."""
    translate = QCoreApplication.translate
    request = shot.request
    settings = translate("StoriesPage", "{model} · {seconds} s").format(
        model=request.model.label.removeprefix("MiniMax ").removeprefix("Hailuo "),
        seconds=request.duration,
    )
    text, tone, fraction = state_of(shot, status)
    detail = translate_message(reason) if reason is not None else ""
    if status.phase is Phase.FAILED and status.job is not None and status.job.error_message:
        detail = translate_message(status.job.error_message)
    if reason is not None and status.phase is Phase.NEW:
        text, tone = translate("StoriesPage", "Not made — point at it to see why"), Tone.ERROR
    return CardFacts(
        shot_id=shot.id,
        number=shot.number,
        title=translate("StoriesPage", "Shot {number}").format(number=shot.number),
        settings=settings,
        prompt=request.prompt,
        state_text=text,
        tone=tone,
        fraction=fraction,
        continues=shot.continues,
        link_tip=translate(
            "StoriesPage", "Shot {number} starts on the last frame of shot {before}"
        ).format(number=shot.number, before=shot.position),
        can_make_again=status.phase in (Phase.DONE, Phase.FAILED),
        detail=detail,
    )


def state_of(shot: Shot, status: ShotStatus) -> tuple[str, Tone, float | None]:
    """The card's state line, its tone and the progress bar's fraction (None: no bar)."""
    translate = QCoreApplication.translate
    job = status.job
    phase = status.phase
    if phase is Phase.NEW:
        if shot_problems(shot):
            return translate("StoriesPage", "Not ready — see its form"), Tone.WARNING, None
        return translate("StoriesPage", "Not made yet"), Tone.NEUTRAL, None
    if phase is Phase.WAITING:
        return (
            translate("StoriesPage", "Waits for shot {number}").format(number=shot.position),
            Tone.ACTIVE,
            None,
        )
    if phase is Phase.BLOCKED:
        return (
            translate("StoriesPage", "Stopped: shot {number} failed").format(
                number=status.blocked_by
            ),
            Tone.ERROR,
            None,
        )
    assert job is not None
    if phase is Phase.DONE:
        return translate("StoriesPage", "Done"), Tone.POSITIVE, None
    if phase is Phase.FAILED:
        if job.state is JobState.UNCERTAIN:
            return translate("StoriesPage", "Not sure it was sent"), Tone.WARNING, None
        if job.state is JobState.CANCELLED:
            return translate("StoriesPage", "Stopped"), Tone.NEUTRAL, None
        return translate("StoriesPage", "Failed"), Tone.ERROR, None
    labels = {
        JobState.PENDING: translate("StoriesPage", "Waiting for a free slot"),
        JobState.UPLOADING: translate("StoriesPage", "Uploading its first frame"),
        JobState.SUBMITTING: translate("StoriesPage", "Sending"),
        JobState.QUEUED: translate("StoriesPage", "Queued"),
        JobState.DOWNLOADING: translate("StoriesPage", "Downloading"),
    }
    if job.state is JobState.GENERATING:
        percent = max(0, min(100, job.progress))
        return (
            translate("StoriesPage", "Making {percent} %").format(percent=percent),
            Tone.ACTIVE,
            percent / 100,
        )
    return labels.get(job.state, job.state.label), Tone.ACTIVE, 0.0


def join_notes(result: JoinResult) -> list[str]:
    """What the join had to give up, in plain words (its own English reasons follow)."""
    translate = QCoreApplication.translate
    notes = []
    if result.method is JoinMethod.REENCODED:
        notes.append(
            translate(
                "StoriesPage",
                "the shots differ in format, so the picture was re-encoded ({reason})",
            ).format(reason=result.reason)
        )
    if result.sound is Sound.SOME_SILENT:
        notes.append(translate("StoriesPage", "without sound: only some shots have sound"))
    elif result.sound is Sound.FORMATS_DIFFER:
        notes.append(translate("StoriesPage", "without sound: the shots' sound differs in format"))
    return notes
