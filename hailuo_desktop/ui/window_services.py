"""What the main window needs from the composition root (`WindowServices`): the engine, the
settings, the key's keeper and what the session does when the user checks a key, saves the
settings or asks for the demo — each named by what the window may do with it (`KeyAccess`,
`CappedKeyAccess`), so the window never holds the key itself nor imports the api layer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from hailuo_desktop.core.spend import Caps
    from hailuo_desktop.engine.runner import Runner
    from hailuo_desktop.engine.stories import StoryMaker
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.batches.access import BatchCommands
    from hailuo_desktop.ui.presets.access import PresetAccess


class Credits(Protocol):
    """What the window shows of a balance."""

    @property
    def remain_credits(self) -> float | None: ...


class KeyAccess(Protocol):
    """What the window may do with the API key (`store.credentials.KeyStore` is one): ask
    whether there is one, say where it is kept, keep a new one. It never reads the key."""

    @property
    def status(self) -> str: ...

    def has_key(self) -> bool: ...

    def set(self, key: str) -> object: ...


class CappedKeyAccess(Protocol):
    """What the window may do about a capped key (`engine.capped_key.CappedKeys` is one)."""

    def in_use(self) -> bool: ...

    async def make(self, caps: Caps) -> str: ...  # raises a HailuoError; nothing changed then

    def use_own_key(self) -> str: ...


class KeyInPlace:
    """A key that is there and stays (scripts, benchmarks, tests): keeping another does nothing."""

    status = "Saved in the system keyring"

    def has_key(self) -> bool:
        return True

    def set(self, key: str) -> None:
        pass


@dataclass
class WindowServices:
    """What the window needs from the composition root: the engine, the settings, the key's
    keeper, and what the session does when the user checks a key, saves the settings or asks
    for the demo; `capped_keys` when a capped key may be made (not in demo mode); `batches`
    (the batch queue) and `presets` (their keeper) when the window offers them."""

    runner: Runner
    settings: Settings
    demo: bool
    keys: KeyAccess
    check_key: Callable[[str | None], Awaitable[Credits]]  # raises a HailuoError
    settings_saved: Callable[[], None]
    start_demo: Callable[[], None]
    capped_keys: CappedKeyAccess | None = None
    batches: BatchCommands | None = None
    presets: PresetAccess | None = None
    stories: StoryMaker | None = None  # None: the window makes one over `runner`

    @classmethod
    def with_key(
        cls,
        runner: Runner,
        settings: Settings,
        check_key: Callable[[str | None], Awaitable[Credits]],
        *,
        demo: bool = False,
    ) -> WindowServices:
        """Services for a window whose key is already in place and never changes (scripts,
        benchmarks, tests): saving a key, applying settings and switching to demo do nothing."""
        return cls(
            runner=runner,
            settings=settings,
            demo=demo,
            keys=KeyInPlace(),
            check_key=check_key,
            settings_saved=lambda: None,
            start_demo=lambda: None,
        )
