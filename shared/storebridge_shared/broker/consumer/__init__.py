"""The consumer runtime every consuming service runs on (FastStream over RabbitMQ).

A service gives a plain `async def handler(envelope: EventEnvelope) -> None` and calls
`build_consumer_app(settings, topology, service, handler)`; see docs/consumer-runtime.md.
"""

from storebridge_shared.broker.consumer.app import (
    ConsumerApp,
    Lifespan,
    build_consumer_app,
    build_consumer_broker,
    consumer_publisher,
    decode_envelope,
)
from storebridge_shared.broker.consumer.metrics import ConsumerMetrics
from storebridge_shared.broker.consumer.publisher import BrokerPublisher
from storebridge_shared.broker.consumer.retry import (
    ATTEMPT_HEADER,
    ATTEMPTS_HEADER,
    FAILED_AT_HEADER,
    FIRST_FAILED_AT_HEADER,
    LAST_ERROR_HEADER,
    REASON_HEADER,
    SERVICE_HEADER,
    Outcome,
)
from storebridge_shared.broker.consumer.runtime import (
    ConsumerRuntime,
    DeadLetter,
    DeadLetterHook,
    Handler,
)
from storebridge_shared.broker.failures import PermanentFailure, TransientFailure

__all__ = [
    "ATTEMPTS_HEADER",
    "ATTEMPT_HEADER",
    "FAILED_AT_HEADER",
    "FIRST_FAILED_AT_HEADER",
    "LAST_ERROR_HEADER",
    "REASON_HEADER",
    "SERVICE_HEADER",
    "BrokerPublisher",
    "ConsumerApp",
    "ConsumerMetrics",
    "ConsumerRuntime",
    "DeadLetter",
    "DeadLetterHook",
    "Handler",
    "Lifespan",
    "Outcome",
    "PermanentFailure",
    "TransientFailure",
    "build_consumer_app",
    "build_consumer_broker",
    "consumer_publisher",
    "decode_envelope",
]
