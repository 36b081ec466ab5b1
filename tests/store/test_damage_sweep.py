"""A fast sample of the damage sweep (tests/crash/damage_sweep.py runs 1,000): every kind of damage twice."""

from __future__ import annotations

import sys

from store_helpers import REPO

sys.path.insert(0, str(REPO / "tests" / "crash"))

import damage_sweep


def test_twenty_damaged_projects_no_crash_no_silent_change_nothing_made_worse(tmp_path):
    stats = damage_sweep.sweep(2 * len(damage_sweep.KINDS), seed=7, folder=tmp_path)
    summary = damage_sweep.report(stats, 0)
    assert stats.cases == 20
    assert stats.crashes == [], summary
    assert stats.silent == [], summary
    assert stats.worse == [], summary
    assert stats.bad_repairs == [], summary
    assert stats.refused_rw > 0 and stats.opened_ro_with_warning > 0 and stats.repaired > 0  # the sample bites
