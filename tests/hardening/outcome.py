"""What a hardening scenario must end in, what it did end in, and the matrix that shows both.

Shared by the tests (which assert every row holds) and `scripts/fault_matrix.py` (which prints
the matrix for docs/reliability.md). A row holds when the end state is the expected one, the
job is still in the history, no partial or foreign video lies in the library, the server saw
the expected number of create calls and billed the expected number of tasks, and the user was
told something specific (the expected words appear in what the user saw).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.helpers import CANNED_CLIP


@dataclass(frozen=True)
class Expect:
    """The right end of a scenario. `words` must appear in what the user saw ("" for nothing)."""

    state: str
    words: str
    creates: int = 1
    billed: int = 1
    video: bool = False

    @classmethod
    def done(cls, words: str, *, creates: int = 1) -> Expect:
        return cls("done", words, creates=creates, video=True)

    @classmethod
    def uncertain(cls, *, billed: int) -> Expect:
        return cls("submission_uncertain", "not sent again", billed=billed)

    @classmethod
    def failed(cls, words: str, *, creates: int = 1, billed: int = 1) -> Expect:
        return cls("failed", words, creates=creates, billed=billed)


@dataclass
class Outcome:
    """What a scenario ended in. `problems` is empty when the row holds."""

    scenario: str
    group: str
    state: str = "?"
    creates: int = 0
    billed: int = 0
    video: bool = False
    seen: str = ""  # what the user was told (error message, notices, command-line output)
    kept: bool = False  # the job is still in the history
    stray: list[str] = field(default_factory=list)  # partial or wrong files in the library
    extra: list[str] = field(default_factory=list)  # problems found by scenario-specific checks
    note: str = ""
    skipped: str = ""  # why the scenario could not run here

    def problems(self, expect: Expect) -> list[str]:
        found = list(self.extra)
        if self.state != expect.state:
            found.append(f"ended {self.state}, expected {expect.state}")
        if not self.kept:
            found.append("the job is missing from the history")
        if self.creates != expect.creates:
            found.append(
                f"{self.creates} create calls reached the server, expected {expect.creates}"
            )
        if self.billed != expect.billed:
            found.append(f"{self.billed} tasks billed, expected {expect.billed}")
        if self.video != expect.video:
            found.append("a complete video is missing" if expect.video else "a video appeared")
        if self.stray:
            found.append(f"stray files in the library: {', '.join(self.stray)}")
        if expect.words and expect.words.lower() not in self.seen.lower():
            found.append(f"the user was not told {expect.words!r} (saw {self.seen[:160]!r})")
        return found


def library_facts(library) -> tuple[bool, list[str]]:
    """(a complete video with its sidecar is there, files that should not be there)."""
    if not library.exists():
        return False, []
    videos, stray = [], []
    for path in sorted(p for p in library.rglob("*") if p.is_file()):
        if path.suffix == ".mp4":
            complete = path.read_bytes() == CANNED_CLIP and path.with_suffix(".json").exists()
            (videos if complete else stray).append(path.name)
        elif path.suffix != ".json":
            stray.append(path.name)
    return bool(videos), stray


MATRIX_HEADER = ("scenario", "end state", "creates", "billed", "video", "the user is told", "row")


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def markdown_table(rows: list[tuple[str, ...]], header: tuple[str, ...] = MATRIX_HEADER) -> str:
    def line(cells) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *map(line, rows)])
