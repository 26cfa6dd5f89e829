#!/usr/bin/env bash
# Make sure a RabbitMQ answers on the configured broker; start the local one if it is installed.
set -euo pipefail
if [[ -n "${AMQP_URL:-}" ]]; then exit 0; fi
if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then exit 0; fi
if command -v rabbitmq-server >/dev/null 2>&1; then
  echo "RabbitMQ is installed but not running: starting it" >&2
  rabbitmq-server -detached
  rabbitmqctl await_startup >/dev/null
  exit 0
fi
echo "No RabbitMQ on 127.0.0.1:5672: install it (apt-get install -y rabbitmq-server) or set AMQP_URL" >&2
exit 1
