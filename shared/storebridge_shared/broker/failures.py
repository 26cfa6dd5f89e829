"""How a message handler says a failure should be treated by the consumer runtime.

Pure: no I/O. Any other exception a handler raises counts as transient.
"""

from __future__ import annotations


class PermanentFailure(Exception):
    """Retrying cannot help (bad data, a rule broken): dead-letter the message at once."""


class TransientFailure(Exception):
    """Worth retrying later (timeout, 5xx, 429): the message goes through the retry tiers."""
