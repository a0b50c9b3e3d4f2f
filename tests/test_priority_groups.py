"""Where the kernel groups processes by session, and where a CPU cgroup takes that over."""

from __future__ import annotations

import pytest

from app.tasks import priority


@pytest.mark.parametrize(("enabled", "own", "expected"), [
    ("1\n", "/autogroup-7 nice 0\n", True),
    ("0\n", "/autogroup-7 nice 0\n", False),
    ("1\n", "", False),  # a process in a CPU cgroup of a container: no autogroup of its own
])
def test_autogroups_count_only_where_this_process_is_in_one(tmp_path, monkeypatch, enabled, own, expected):
    (tmp_path / "enabled").write_text(enabled)
    (tmp_path / "autogroup").write_text(own)
    monkeypatch.setattr(priority, "AUTOGROUPS", tmp_path / "enabled")
    monkeypatch.setattr(priority, "OWN_AUTOGROUP", tmp_path / "autogroup")
    assert priority.autogroups_enabled() is expected


def test_no_autogroup_files_means_no_autogroups(tmp_path, monkeypatch):
    monkeypatch.setattr(priority, "AUTOGROUPS", tmp_path / "missing")
    assert priority.autogroups_enabled() is False
    assert priority.lower_group_priority(10) is False
