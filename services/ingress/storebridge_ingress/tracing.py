"""The ingress's own spans (traces on only): the event log's record under a span per event.

The request's span (aiohttp's instrumentation) gets the event id; the request's trace context is
kept with the event, so its publish, now or by the relay, continues the request's trace.
"""

from __future__ import annotations

from opentelemetry import trace

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import Recorded
from storebridge_shared.ops.tracing import EVENT_ID_ATTRIBUTE, trace_context_carrier, tracer
from storebridge_shared.store.event_log import EventLog


class TracedRecorder:
    """The intake's `EventRecorder` over the event log, each event recorded under a span."""

    def __init__(self, event_log: EventLog) -> None:
        self._event_log = event_log

    async def record(self, envelope: EventEnvelope) -> Recorded:
        """Record the envelope with the request's trace context, under an `event_log.record`
        span; the request's span gets the event id."""
        trace.get_current_span().set_attribute(EVENT_ID_ATTRIBUTE, envelope.event_id)
        traced = envelope.model_copy(update={"trace_context": trace_context_carrier()})
        attributes = {EVENT_ID_ATTRIBUTE: envelope.event_id}
        with tracer().start_as_current_span("event_log.record", attributes=attributes):
            return await self._event_log.record(traced)

    def mark_published_soon(self, event_id: str) -> None:
        """As the event log does."""
        self._event_log.mark_published_soon(event_id)
