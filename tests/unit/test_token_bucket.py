"""The token bucket behind the rate limits, on a fake clock."""

from __future__ import annotations

from entekhab.api.rate_limit import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_the_rate_holds() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=2.0, burst=4.0, clock=clock)
    assert [bucket.take("a") for _ in range(4)] == [0.0] * 4
    assert bucket.take("a") == 0.5  # half a second until the next token
    assert bucket.take("b") == 0.0  # another client has its own bucket
    clock.now += 0.5
    assert bucket.take("a") == 0.0
    assert bucket.take("a") > 0.0


def test_a_refilled_bucket_never_exceeds_its_burst() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=1.0, burst=2.0, clock=clock)
    bucket.take("a")
    clock.now += 1000
    assert [bucket.take("a") for _ in range(3)][-1] > 0.0


def test_rate_zero_means_no_limit() -> None:
    bucket = TokenBucket(rate=0.0)
    assert all(bucket.take("a") == 0.0 for _ in range(1000))
