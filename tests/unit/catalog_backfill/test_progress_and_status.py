"""The progress bar and the status table (pure formatting)."""

from __future__ import annotations

import io

from storebridge_catalog_sync.backfill.progress import ProgressBar
from storebridge_catalog_sync.status import run_duration, run_status, runs_table
from storebridge_catalog_sync.store.runs import RunRecord

HOUR = 3_600_000
T0 = 1_700_000_000_000 - 1_700_000_000_000 % HOUR


def counters(**values):
    return {k: values.get(k, 0) for k in ("created", "updated", "unchanged", "skipped", "failed")}


def test_given_a_pipe_then_the_bar_prints_one_line_per_phase_start_and_end():
    out = io.StringIO()
    bar = ProgressBar(out)

    bar.phase("products", 4)
    for _ in range(4):
        bar.advance(note="created 4")
    bar.close()

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("products   [......") and lines[0].endswith("0/4   0%")
    assert lines[-1].startswith("products   [######") and "4/4 100%  created 4" in lines[-1]


def test_given_a_disabled_bar_then_nothing_is_printed():
    out = io.StringIO()
    bar = ProgressBar(out, enabled=False)
    bar.phase("products", 2)
    bar.advance(2)
    assert out.getvalue() == ""


def test_given_an_hourly_run_then_it_is_open_during_its_hour_then_ok_or_failures():
    run = RunRecord(
        "e", "events", "B", T0, T0 + 5000, None, "hourly", counters(), 3, first_ms=T0 + 1000
    )

    assert run_status(run, T0 + 10) == "open"
    assert run_status(run, T0 + HOUR) == "ok"
    failed = RunRecord("e", "events", "B", T0, T0, None, "hourly", counters(failed=1), 3)
    assert run_status(failed, T0 + HOUR) == "failures"
    assert run_duration(run) == 4000


def test_given_runs_then_the_table_is_aligned_with_numbers_right():
    runs = [
        RunRecord(
            "b",
            "backfill",
            "B",
            T0,
            T0 + 83_000,
            T0 + 83_000,
            "succeeded",
            counters(created=500),
            537,
        ),
        RunRecord(
            "e",
            "events",
            "B",
            T0 - HOUR,
            T0 - 1,
            None,
            "hourly",
            counters(updated=12),
            48,
            first_ms=T0 - HOUR,
        ),
    ]

    header, first, second = runs_table(runs, T0 + 2 * HOUR)

    assert header.split()[0] == "kind"
    assert first.split()[4:7] == ["1m23s", "succeeded", "500"]
    assert second.split()[4:] == ["59m59s", "ok", "0", "12", "0", "0", "0", "48"]
    assert len({len(line) for line in (header, first)}) == 1
