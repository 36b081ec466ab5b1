"""Transport rules: skipping, speed steps, and "pause while typing, resume a little earlier".

All times are integer milliseconds; `now` values are monotonic seconds supplied by the caller (the UI
passes time.monotonic(); tests pass numbers), so the rules are deterministic and testable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SPEED_STEPS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)


def clamp_position(position: int, duration: int | None) -> int:
    """`position` kept inside [0, duration] (duration None or 0: not known yet, only the lower bound)."""
    position = max(0, position)
    return min(position, duration) if duration else position


def skip(position: int, delta_ms: int, duration: int | None) -> int:
    """The position `delta_ms` away (negative: back), kept inside the media."""
    return clamp_position(position + delta_ms, duration)


def step_speed(current: float, direction: int, steps: tuple[float, ...] = SPEED_STEPS) -> float:
    """The next speed step up (direction > 0) or down from `current`, stopping at the ends."""
    if direction > 0:
        return next((s for s in steps if s > current + 1e-9), steps[-1])
    return next((s for s in reversed(steps) if s < current - 1e-9), steps[0])


def format_time(ms: int | None, *, tenths: bool = True) -> str:
    """`83456` -> `1:23.4` (hours shown only when needed); None -> `--:--`."""
    if ms is None or ms < 0:
        return "--:--"
    total_s, rest = divmod(ms, 1000)
    hours, rem = divmod(total_s, 3600)
    minutes, seconds = divmod(rem, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f"{text}.{rest // 100}" if tenths else text


class TypingState(Enum):
    IDLE = "idle"  # not playing, or paused by the user
    PLAYING = "playing"
    PAUSED_FOR_TYPING = "paused_for_typing"


@dataclass(frozen=True)
class Resume:
    """Instruction to the player: seek to `position` and play."""

    position: int


class TypingPause:
    """Pauses playback when the user starts typing and resumes `rewind_ms` earlier after `idle_s` quiet.

    The UI reports `played()`, `paused_by_user()` and each `key_typed(now, position)`; `key_typed`
    answers True when playback must pause now. `tick(now)` answers a Resume once the user has stopped
    typing for `idle_s` seconds. A user pause or play while paused for typing cancels the resume.
    """

    def __init__(self, enabled: bool = False, rewind_ms: int = 2000, idle_s: float = 1.0) -> None:
        self.enabled = enabled
        self.rewind_ms = rewind_ms
        self.idle_s = idle_s
        self.state = TypingState.IDLE
        self._paused_at = 0
        self._last_key = 0.0

    def played(self) -> None:
        self.state = TypingState.PLAYING

    def paused_by_user(self) -> None:
        self.state = TypingState.IDLE

    def key_typed(self, now: float, position: int) -> bool:
        """A key that changes text was pressed; True when the player should pause now."""
        self._last_key = now
        if not self.enabled or self.state is not TypingState.PLAYING:
            return False
        self.state = TypingState.PAUSED_FOR_TYPING
        self._paused_at = position
        return True

    def tick(self, now: float) -> Resume | None:
        """Called periodically; a Resume when typing has stopped long enough."""
        if self.state is not TypingState.PAUSED_FOR_TYPING or now - self._last_key < self.idle_s:
            return None
        self.state = TypingState.PLAYING
        return Resume(max(0, self._paused_at - self.rewind_ms))

    def waiting(self) -> bool:
        """True while paused for typing (the UI keeps a timer running for `tick`)."""
        return self.state is TypingState.PAUSED_FOR_TYPING


class FollowGate:
    """Whether the view may follow playback: the toggle is on and the user is not typing right now."""

    def __init__(self, enabled: bool = True, quiet_s: float = 2.0) -> None:
        self.enabled = enabled
        self.quiet_s = quiet_s
        self._last_key: float | None = None

    def key_typed(self, now: float) -> None:
        self._last_key = now

    def may_follow(self, now: float) -> bool:
        if not self.enabled:
            return False
        return self._last_key is None or now - self._last_key >= self.quiet_s
