#!/usr/bin/env bash
# Make sure the broker of AMQP_URL (default: the local one on 127.0.0.1:5672) answers. A local
# broker that is installed but stopped is started; a running one is never restarted: a node that
# is up but not listening yet is waited for. `make test`, `make bench` and `make run` call this.
set -euo pipefail
url=${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/}
address=${url#*://}
address=${address##*@}
address=${address%%/*}
host=${address%:*}
port=${address##*:}
if [[ $address != *:* ]]; then
  port=5672
  [[ $url == amqps://* ]] && port=5671
fi

answers() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if answers; then exit 0; fi
if [[ $host != 127.0.0.1 && $host != localhost ]]; then
  echo "RabbitMQ at $host:$port (AMQP_URL) does not answer" >&2
  exit 1
fi
if ! command -v rabbitmq-server >/dev/null 2>&1; then
  echo "No RabbitMQ on $host:$port: install it (apt-get install -y rabbitmq-server) or set AMQP_URL" >&2
  exit 1
fi
if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  echo "RabbitMQ is running but does not answer on $host:$port yet: waiting for it" >&2
else
  echo "RabbitMQ is installed but not running: starting it" >&2
  rabbitmq-server -detached
fi
timeout 60 rabbitmqctl await_startup >/dev/null 2>&1 || true
for _ in $(seq 1 100); do
  if answers; then exit 0; fi
  sleep 0.1
done
echo "RabbitMQ does not answer on $host:$port (is that its port? set AMQP_URL)" >&2
exit 1
