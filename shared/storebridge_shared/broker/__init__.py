"""THE RabbitMQ side of storebridge: topology, confirmed publishing, the consumer runtime,
dead letters and the relay of unpublished events.
"""
