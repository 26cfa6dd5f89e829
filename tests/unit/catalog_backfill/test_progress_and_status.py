"""The progress bar and the status table (pure formatting)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from storebridge_catalog_sync.backfill.progress import ProgressBar, speed
from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome
from storebridge_catalog_sync.status import runs_table, started
from storebridge_shared.records.activity import RunRecord, run_duration, run_status

HOUR = 3_600_000
T0 = 1_700_000_000_000 - 1_700_000_000_000 % HOUR


def counters(**values):
    return {k: values.get(k, 0) for k in ("created", "updated", "unchanged", "skipped", "failed")}


def test_given_a_pipe_then_the_bar_prints_one_line_per_phase_start_and_end():
    out = io.StringIO()
    bar = ProgressBar(out, clock=lambda: 0.0)  # no time passes: no rate shown

    bar.phase("products", 4)
    for _ in range(4):
        bar.advance(note="created 4")
    bar.close()

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("products   [......") and lines[0].endswith("0/4   0%")
    assert lines[-1].startswith("products   [######") and "4/4 100%  created 4" in lines[-1]


def test_given_time_passing_then_the_bar_shows_the_rate_and_the_time_left_then_the_time_taken():
    out, now = io.StringIO(), [100.0]
    bar = ProgressBar(out, clock=lambda: now[0])

    bar.phase("products", 100)
    now[0] += 10
    bar.advance(25)  # not forced and off a tty: drawn at the end only
    now[0] += 30
    bar.advance(75)
    bar.close()

    first, last = out.getvalue().splitlines()
    assert "/s" not in first  # nothing done yet: no rate
    assert "100/100 100%  2.5/s  in 0:40" in last
    assert speed(25, 10.0, 100) == "2.5/s  0:30 left  "
    assert speed(1, 3600.0, 3) == "0.0/s  2:00:00 left  "


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

    header, first, second, blank, *notes = runs_table(runs, T0 + 2 * HOUR)

    assert header.split()[0] == "kind"
    assert first.split()[4:7] == ["1m23s", "succeeded", "500"]
    assert second.split()[5:] == ["59m59s", "ok", "0", "12", "0", "0", "0", "48"]
    assert len({len(line) for line in (header, first)}) == 1
    assert blank == "" and "hourly bucket" in notes[0]


def test_given_an_hourly_bucket_then_its_start_says_which_hour_it_is():
    run = RunRecord("e", "events", "B", T0 + 60_000, T0 + 90_000, None, "hourly", counters(), 1)
    hour = datetime.fromtimestamp(T0 / 1000, UTC)

    assert started(run) == f"{hour:%Y-%m-%d %H}:00-{hour + timedelta(hours=1):%H}:00 hour"


def test_given_source_reads_shared_by_destinations_then_the_counts_add_up_to_the_total():
    results = tuple(DestinationResult(name, Status.UPDATED, api_calls=2) for name in "BCD")
    outcome = SyncOutcome("product", 7, results, source_calls=5)

    assert outcome.calls_per_destination() == [4, 4, 3]
    assert sum(outcome.calls_per_destination()) == outcome.api_calls


def test_given_a_reconcile_pass_then_the_table_has_a_note_column_with_what_it_found():
    run = RunRecord(
        "r",
        "reconcile",
        "B",
        T0,
        T0 + 2_000,
        T0 + 2_000,
        "succeeded",
        counters(updated=2, unchanged=1),
        11,
        note="found 3 (product 3)",
        found=3,
    )

    header, row, _, *notes = runs_table([run], T0 + HOUR)

    assert header.split()[-1] == "note"
    assert row.endswith("11  found 3 (product 3)")
    assert row.split()[:5] == ["reconcile", "B", *row.split()[2:4], "2s"]
    assert notes[-1].startswith("reconcile: one row per pass")
