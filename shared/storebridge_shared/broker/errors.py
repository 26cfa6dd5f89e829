"""RabbitMQ failures, for callers that report them (no aio-pika import needed there)."""

from __future__ import annotations

from aio_pika.exceptions import AMQPConnectionError, AMQPError

BrokerError = AMQPError
"""Any RabbitMQ failure aio-pika raises."""

BrokerUnavailable = AMQPConnectionError
"""RabbitMQ could not be reached (refused, closed, authentication failed)."""
