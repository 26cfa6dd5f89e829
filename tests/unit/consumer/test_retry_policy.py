"""Retry decisions, jitter, and the headers a forwarded copy carries: pure, no broker."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from storebridge_shared.broker.consumer import retry
from storebridge_shared.broker.consumer.retry import DeadCause, Outcome, Verdict
from storebridge_shared.broker.failures import PermanentFailure, TransientFailure
from storebridge_shared.broker.topology import RETRY_JITTER
from storebridge_shared.events.envelope import EventEnvelope

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class TestAttemptHeader:
    @pytest.mark.parametrize(
        ("headers", "attempt"),
        [
            ({}, 1),
            ({retry.ATTEMPT_HEADER: 3}, 3),
            ({retry.ATTEMPT_HEADER: "4"}, 4),
            ({retry.ATTEMPT_HEADER: b"5"}, 5),
            ({retry.ATTEMPT_HEADER: "x"}, 1),
            ({retry.ATTEMPT_HEADER: 0}, 1),
            ({retry.ATTEMPT_HEADER: -2}, 1),
            ({retry.ATTEMPT_HEADER: 2.5}, 1),
        ],
    )
    def test_given_headers_then_the_attempt_is_read_or_defaults_to_1(self, headers, attempt):
        assert retry.attempt_of(headers) == attempt


class TestJudge:
    def test_given_no_error_then_ack(self):
        assert retry.judge(None, attempt=1, max_attempts=3) == Verdict(Outcome.ACK)

    @pytest.mark.parametrize("error", [RuntimeError("boom"), TransientFailure("429")])
    def test_given_an_error_before_the_last_attempt_then_retry_with_its_description(self, error):
        verdict = retry.judge(error, attempt=2, max_attempts=3)
        assert verdict.outcome is Outcome.RETRY
        assert verdict.reason == f"{type(error).__name__}: {error}"

    def test_given_an_error_on_the_last_attempt_then_dead(self):
        verdict = retry.judge(RuntimeError("boom"), attempt=3, max_attempts=3)
        assert verdict == Verdict(
            Outcome.DEAD, "gave up after 3 attempt(s): RuntimeError: boom", DeadCause.EXHAUSTED
        )

    def test_given_a_permanent_failure_on_the_first_attempt_then_dead_at_once(self):
        verdict = retry.judge(PermanentFailure("no SKU"), attempt=1, max_attempts=8)
        assert verdict == Verdict(
            Outcome.DEAD, "permanent failure: PermanentFailure: no SKU", DeadCause.PERMANENT
        )


class TestJitter:
    @pytest.mark.parametrize(("r", "expected"), [(0.0, 10.0), (0.5, 8.75), (0.999999, 7.5)])
    def test_given_a_tier_then_the_expiration_stays_inside_it(self, r, expected):
        assert retry.jittered(10.0, rng=lambda: r) == pytest.approx(expected, abs=1e-4)

    def test_given_real_randomness_then_every_expiration_is_within_the_tier(self):
        values = [retry.jittered(2.0) for _ in range(500)]
        assert all(2.0 * (1 - RETRY_JITTER) <= v <= 2.0 for v in values)
        assert len(set(values)) > 1


class TestHeaders:
    def test_given_a_first_failure_then_the_retry_copy_carries_attempt_time_and_error(self):
        original = {"traceparent": "00-abc", "x-delivery-count": 2, "x-death": [{"count": 1}]}

        headers = retry.retry_headers(original, attempt=1, error="RuntimeError: boom", now=NOW)

        assert headers == {
            "traceparent": "00-abc",
            retry.ATTEMPT_HEADER: 2,
            retry.FIRST_FAILED_AT_HEADER: NOW.isoformat(),
            retry.LAST_ERROR_HEADER: "RuntimeError: boom",
        }

    def test_given_a_later_failure_then_the_first_failure_time_is_kept(self):
        original = {
            retry.FIRST_FAILED_AT_HEADER: "2026-01-01T00:00:00+00:00",
            "x-first-death-queue": "q",
        }

        headers = retry.retry_headers(original, attempt=4, error="e" * 2000, now=NOW)

        assert headers[retry.FIRST_FAILED_AT_HEADER] == "2026-01-01T00:00:00+00:00"
        assert headers[retry.ATTEMPT_HEADER] == 5
        assert len(headers[retry.LAST_ERROR_HEADER]) == retry.MAX_ERROR_CHARS
        assert "x-first-death-queue" not in headers

    def test_given_a_dead_letter_then_reason_attempts_time_service_and_key_are_set(self):
        original = {retry.ATTEMPT_HEADER: 3, "x-last-death-reason": "expired"}

        headers = retry.dead_headers(
            original,
            reason="gave up",
            attempts=3,
            service="catalog-sync",
            routing_key="abc.product.updated",
            now=NOW,
        )

        assert headers == {
            retry.ATTEMPT_HEADER: 3,
            retry.FIRST_FAILED_AT_HEADER: NOW.isoformat(),
            retry.REASON_HEADER: "gave up",
            retry.ATTEMPTS_HEADER: 3,
            retry.FAILED_AT_HEADER: NOW.isoformat(),
            retry.SERVICE_HEADER: "catalog-sync",
            retry.ROUTING_KEY_HEADER: "abc.product.updated",
        }


class TestDescriptions:
    def test_given_a_multiline_error_then_it_is_one_line(self):
        assert retry.describe(ValueError("a\nb")) == "ValueError: a b"

    @pytest.mark.parametrize(
        ("body", "start"),
        [
            (b"{not json", "malformed body (1 error(s)): body: Invalid JSON"),
            (b'{"event_id": "e1"}', "malformed body (8 error(s)): store_hash: Field required"),
        ],
    )
    def test_given_a_body_that_is_no_envelope_then_the_first_problem_is_named(self, body, start):
        with pytest.raises(ValidationError) as caught:
            EventEnvelope.model_validate_json(body)

        assert retry.describe_malformed(caught.value).startswith(start)
