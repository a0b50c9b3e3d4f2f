"""Load drills: thousands of jobs from concurrent clients, with and without faults (DESIGN §5, §6).

`make drill` runs the full-size drills (marked `slow`); the small drill with every fault runs in `make test`.
Each drill prints its figures and writes them to `bench/results/drill-<name>.json`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tests.support.drill import DrillStack, Plan, run

ROOT = Path(__file__).resolve().parents[2]
ALL_FAULTS = ("kill_ocr_child", "restart_redis", "restart_postgres", "restart_api", "kill_ocr_worker")


@pytest.fixture
def stack():
    """A fresh durable stack under var/drill."""
    drill = DrillStack(ROOT / "var" / "drill").start()
    yield drill
    drill.stop()


def _report(name: str, plan: Plan, outcome) -> None:
    figures = {"plan": dataclasses.asdict(plan), **dataclasses.asdict(outcome)}
    print(f"\n{name}: {json.dumps(figures, indent=1)}")
    (ROOT / "bench" / "results" / f"drill-{name}.json").write_text(json.dumps(figures, indent=1) + "\n")


@pytest.mark.timeout(900)
def test_small_drill_with_every_fault(stack):
    plan = Plan(jobs=160, clients=6, upload_seconds=60, faults=ALL_FAULTS)
    outcome = run(stack, plan)
    assert outcome.jobs >= plan.jobs * (1 - plan.bad_share * 3)
    print(f"\nsmall drill: {dataclasses.asdict(outcome)}")


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_load_2000_jobs_from_20_clients(stack):
    plan = Plan(jobs=2000, clients=20, upload_seconds=120)
    outcome = run(stack, plan)
    _report("load", plan, outcome)
    assert outcome.jobs >= plan.jobs * (1 - plan.bad_share * 3)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_load_2000_jobs_from_20_clients_with_faults(stack):
    plan = Plan(jobs=2000, clients=20, upload_seconds=600, faults=ALL_FAULTS * 2)
    outcome = run(stack, plan)
    _report("faults", plan, outcome)
    assert outcome.jobs >= plan.jobs * (1 - plan.bad_share * 3)
