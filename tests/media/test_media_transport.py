"""Skipping, speed steps, time display and the pause-while-typing state machine."""

from __future__ import annotations

import pytest

from editor.media.transport import (
    SPEED_STEPS,
    FollowGate,
    Resume,
    TypingPause,
    TypingState,
    format_time,
    skip,
    step_speed,
)


def test_skip_stays_inside_the_media() -> None:
    assert skip(5000, -3000, 10000) == 2000
    assert skip(1000, -3000, 10000) == 0
    assert skip(9000, 3000, 10000) == 10000
    assert skip(9000, 3000, None) == 12000  # duration unknown yet


def test_speed_steps_cover_half_to_double() -> None:
    assert SPEED_STEPS[0] == 0.5 and SPEED_STEPS[-1] == 2.0
    speed = 1.0
    seen = []
    for _ in range(20):
        speed = step_speed(speed, +1)
        seen.append(speed)
    assert seen[-1] == 2.0 and seen == sorted(seen)
    assert step_speed(1.0, -1) == 0.9
    assert step_speed(0.5, -1) == 0.5
    assert step_speed(1.3, -1) == 1.25  # an odd speed snaps to the next step
    assert step_speed(1.3, +1) == 1.5


@pytest.mark.parametrize(("ms", "text"), [(0, "0:00.0"), (83456, "1:23.4"), (3_723_000, "1:02:03.0"), (None, "--:--")])
def test_format_time(ms, text) -> None:
    assert format_time(ms) == text


def test_typing_pauses_and_resumes_earlier() -> None:
    machine = TypingPause(enabled=True, rewind_ms=2000, idle_s=1.0)
    machine.played()
    assert machine.key_typed(10.0, 7000) is True
    assert machine.state is TypingState.PAUSED_FOR_TYPING
    assert machine.key_typed(10.4, 7000) is False  # already paused
    assert machine.tick(11.0) is None  # only 0.6 s since the last key
    assert machine.tick(11.5) == Resume(5000)
    assert machine.state is TypingState.PLAYING
    assert machine.tick(20.0) is None


def test_typing_pause_respects_user_and_setting() -> None:
    machine = TypingPause(enabled=True, rewind_ms=2000)
    assert machine.key_typed(1.0, 500) is False  # not playing
    machine.played()
    machine.key_typed(2.0, 1500)
    machine.paused_by_user()  # the user pressed pause while we waited: no resume
    assert machine.tick(9.0) is None
    machine.played()
    assert machine.key_typed(10.0, 1000) is True
    assert machine.tick(12.0) == Resume(0)  # never before the start
    off = TypingPause(enabled=False)
    off.played()
    assert off.key_typed(1.0, 5000) is False


def test_follow_gate_is_off_while_typing() -> None:
    gate = FollowGate(enabled=True, quiet_s=2.0)
    assert gate.may_follow(0.0)
    gate.key_typed(5.0)
    assert not gate.may_follow(6.0)
    assert gate.may_follow(7.5)
    gate.enabled = False
    assert not gate.may_follow(100.0)
