"""Sessions, CSRF tokens, the password check and the login throttle (pure)."""

from __future__ import annotations

from storebridge_console.auth import SessionSigner, ThrottleRule, password_matches

NOW = 1_800_000_000.0


class TestSessions:
    def test_given_an_issued_cookie_then_it_verifies_until_it_expires(self):
        signer = SessionSigner.for_password("a long password here", lifetime_secs=60)
        cookie = signer.issue(NOW)
        assert signer.verify(cookie, NOW + 59) is not None
        assert signer.verify(cookie, NOW + 60) is None

    def test_given_a_changed_password_or_a_forged_cookie_then_no_session(self):
        signer = SessionSigner.for_password("a long password here", lifetime_secs=60)
        other = SessionSigner.for_password("another long password", lifetime_secs=60)
        cookie = signer.issue(NOW)
        expires, nonce, signature = cookie.split(".")
        assert other.verify(cookie, NOW) is None
        assert signer.verify(f"{int(expires) + 999}.{nonce}.{signature}", NOW) is None
        for junk in (None, "", "x", "1.2", "a.b.c"):
            assert signer.verify(junk, NOW) is None

    def test_given_two_sessions_then_each_has_its_own_csrf_token(self):
        signer = SessionSigner.for_password("a long password here", lifetime_secs=60)
        one = signer.verify(signer.issue(NOW), NOW)
        two = signer.verify(signer.issue(NOW), NOW)
        assert one is not None and two is not None
        assert signer.csrf_valid(one, signer.csrf_token(one))
        assert not signer.csrf_valid(one, signer.csrf_token(two))
        assert not signer.csrf_valid(one, None)


def test_given_passwords_then_only_the_same_one_matches():
    assert password_matches("a long password here", "a long password here")
    assert not password_matches("a long password her", "a long password here")
    assert not password_matches("", "a long password here")


class TestThrottle:
    def test_given_five_failures_then_the_client_waits_until_the_first_leaves_the_window(self):
        rule = ThrottleRule(max_failures=5, window_secs=300)
        failures: list[float] = []
        for second in range(5):
            assert rule.wait_secs(failures, NOW + second) == 0
            failures.append(NOW + second)
        assert rule.wait_secs(failures, NOW + 10) == 290
        assert rule.wait_secs([], NOW + 10) == 0  # another client (no failures) is not slowed
        assert rule.wait_secs(failures, NOW + 300) == 0  # the first failure aged out

    def test_given_more_failures_than_the_limit_then_the_wait_ends_with_the_limits_latest(self):
        rule = ThrottleRule(max_failures=2, window_secs=100)
        newest_first = [NOW + 50, NOW + 40, NOW + 10]  # two replicas raced past the limit
        assert rule.wait_secs(newest_first, NOW + 60) == 80  # NOW + 40 leaves at NOW + 140
        assert rule.since(NOW + 60) == NOW - 40

    def test_given_failures_older_than_the_window_then_they_do_not_count(self):
        rule = ThrottleRule(max_failures=2, window_secs=100)
        assert rule.wait_secs([NOW - 200, NOW - 150, NOW], NOW + 1) == 0
