"""Composition root of the order replicator: MongoDB, one BigCommerce client per store, the
alerter, the replication use case, the polling backstop, all around the consumer app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import structlog
from prometheus_client import CollectorRegistry

from storebridge_order_replicator.backstop import Backstop
from storebridge_order_replicator.bigcommerce_orders import BigCommerceOrders
from storebridge_order_replicator.decisions import (
    TRIGGER_SCOPES,
    OrderRules,
    order_id_of,
    triggering_order_id,
)
from storebridge_order_replicator.fetch import OrderReader
from storebridge_order_replicator.metrics import OrderMetrics
from storebridge_order_replicator.outbox import BrokerOutbox
from storebridge_order_replicator.poll_loop import PollLoop
from storebridge_order_replicator.refresh import Cause, Refresher
from storebridge_order_replicator.refresh_plan import refreshing_order_id
from storebridge_order_replicator.replicate import Replicator
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_order_replicator.store.dead_orders import DeadOrders
from storebridge_order_replicator.store.order_copies import OrderCopies
from storebridge_order_replicator.store.orders import OrderStore
from storebridge_order_replicator.store.poll_leases import PollLeases
from storebridge_shared.bigcommerce import BigCommerceClient, ClientConfig, retry_policy
from storebridge_shared.broker.consumer import (
    BrokerPublisher,
    ConsumerApp,
    DeadLetter,
    build_consumer_app,
    consumer_publisher,
)
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.ops.alerts import Alerter
from storebridge_shared.ops.background import STOP_GRACE_SECS, Stopping, stop
from storebridge_shared.ops.eventloop import new_event_loop
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.ops.tracing import CONSUMER_LIBRARIES, configure_tracing
from storebridge_shared.store.client import Database, open_database, ping
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.leases import owner_id
from storebridge_shared.store.poll_runs import PollRuns

log = structlog.get_logger(__name__)

SERVICE = "order-replicator"
LEASE_SECS = 120.0
"""How long an order stays claimed by a holder that stopped answering."""


@dataclass
class OrderReplicatorService:
    """The handler and what it uses; `resources` opens and closes them around the run."""

    settings: OrderReplicatorSettings
    topology: Topology
    client_config: ClientConfig | None = None
    poll: bool = True
    owner: str = field(default_factory=owner_id)
    rules: OrderRules = field(init=False)
    publisher: BrokerPublisher | None = None
    replicator: Replicator | None = None
    refresher: Refresher | None = None
    backstop: Backstop | None = None
    dead_orders: DeadOrders | None = None
    poll_leases: PollLeases | None = None
    events: EventLog | None = None
    alerter: Alerter | None = None
    clients: dict[str, BigCommerceClient] = field(default_factory=dict)
    metrics: OrderMetrics = field(default_factory=OrderMetrics.fresh)
    db: Database | None = None
    _polling: asyncio.Task[None] | None = None
    _stopping: Stopping = field(default_factory=Stopping)

    def __post_init__(self) -> None:
        self.rules = OrderRules.from_settings(self.settings)

    async def handle(self, envelope: EventEnvelope) -> None:
        """Replicate the order an order or cart event names, or refresh the stored copy of a
        replicated one (`updated`, `statusUpdated`, `archived`, `refund/created`)."""
        if self.events is None:
            raise RuntimeError("order-replicator is not started")
        scope, payload = envelope.scope, envelope.payload
        replicate_id = triggering_order_id(scope, payload, self.rules)
        outcome = "" if replicate_id is None else await self._replicate(envelope, replicate_id)
        refresh_id = refreshing_order_id(scope, payload)
        if refresh_id is not None and outcome in ("", "done"):
            await self._refresh(envelope, refresh_id)
        await self.events.mark_processed(envelope.event_id, SERVICE)

    async def _replicate(self, envelope: EventEnvelope, order_id: int) -> str:
        """Replicate, then do the refresh an event left while the order was replicated."""
        if self.replicator is None or self.dead_orders is None or self.refresher is None:
            raise RuntimeError("order-replicator is not started")
        store_hash, event_id = envelope.store_hash, envelope.event_id
        if await self.dead_orders.forget_if_requeued(store_hash, order_id, event_id):
            log.info("order.requeued", order_id=order_id)
        outcome = await self.replicator.replicate(store_hash, order_id, event_id)
        if outcome not in ("busy", "waiting"):
            await self.refresher.refresh_deferred(store_hash, order_id)
        return outcome

    async def _refresh(self, envelope: EventEnvelope, order_id: int) -> None:
        if self.refresher is None:
            raise RuntimeError("order-replicator is not started")
        created_s = int(envelope.created_at.timestamp())
        cause = Cause(envelope.store_hash, order_id, envelope.scope, envelope.event_id, created_s)
        await self.refresher.refresh(cause)

    async def dead_lettered(self, dead: DeadLetter) -> None:
        """Remember the order and alert on its first dead letter (the poll then skips it)."""
        envelope = dead.envelope
        order_id = order_id_of(envelope.scope, envelope.payload) if envelope else None
        triggering = envelope is not None and envelope.scope in TRIGGER_SCOPES
        if triggering and envelope and order_id is not None and self.dead_orders is not None:
            first = await self.dead_orders.remember(
                envelope.store_hash, order_id, envelope.event_id, dead.reason
            )
            if not first:
                log.info("order.dead_lettered_again", order_id=order_id, reason=dead.reason)
                return
        await self._alert(
            "order_dead_lettered",
            dead.reason,
            event_id=dead.event_id or "",
            store_hash=envelope.store_hash if envelope else "",
            order=order_id if order_id is not None else "",
            attempts=dead.attempts,
        )

    async def attempt_failed(
        self, store_hash: str, order_id: int, error: str, failures: int
    ) -> None:
        """Alert on an order's first failure; later ones are logged (the dead letter alerts)."""
        if failures == 1:
            await self._alert(
                "order_processing_failed", error, store_hash=store_hash, order_id=order_id
            )

    async def poll_failed(self, store_hash: str, message: str) -> None:
        """Alert: a poll of a store failed (its watermark stays, the next poll retries)."""
        await self._alert("order_poll_failed", message, store_hash=store_hash)

    async def _alert(self, kind: str, message: str, **context: object) -> None:
        if self.alerter is not None:
            await self.alerter.alert(kind, message, **context)

    @contextlib.asynccontextmanager
    async def resources(self) -> AsyncIterator[None]:
        """Open MongoDB, one BigCommerce client per store and the alerter; close them on exit."""
        settings = self.settings
        async with contextlib.AsyncExitStack() as stack:
            db = await stack.enter_async_context(open_database(settings))
            config = self.client_config or ClientConfig(
                max_concurrency=settings.order_store_concurrency, retry=retry_policy(settings)
            )
            for store in settings.stores():
                bc = BigCommerceClient(
                    store,
                    api_url=settings.bigcommerce_api_url,
                    config=config,
                    metrics=self.metrics.api,
                )
                self.clients[store.store_hash] = await stack.enter_async_context(bc)
            self.events = EventLog(db)
            stack.push_async_callback(self.events.close)
            self.alerter = Alerter.from_settings(settings, SERVICE)
            self._wire(db)
            assert self.replicator is not None
            stack.push_async_callback(self.replicator.settle)  # before MongoDB closes
            yield

    def _wire(self, db: Database) -> None:
        assert self.publisher is not None, "create_app sets the publisher"
        self.db = db
        apis = {h: BigCommerceOrders(bc) for h, bc in self.clients.items()}
        outbox = BrokerOutbox(self.publisher, self.topology, SERVICE)
        orders = OrderStore(db)
        self.dead_orders = DeadOrders(db)
        readers = {h: OrderReader(api) for h, api in apis.items()}
        self.replicator = Replicator(
            orders,
            apis,
            outbox,
            self.rules,
            self.owner,
            int(LEASE_SECS * 1000),
            on_failure=self.attempt_failed,
            readers=readers,
            lag=self.metrics,
        )
        self.refresher = Refresher(
            OrderCopies(db), readers, outbox, self.rules, self.owner, int(LEASE_SECS * 1000)
        )
        self.poll_leases = PollLeases(db, apis, self.owner)
        self.backstop = Backstop(
            apis,
            orders,
            self.dead_orders,
            PollRuns(db),
            outbox,
            self.rules,
            lookback_ms=int(self.settings.order_poll_lookback_hours * 3_600_000),
            leases=self.poll_leases,
            on_failure=self.poll_failed,
            on_run=self.metrics.polled,
        )

    async def mongodb_ready(self) -> bool:
        """Readiness: MongoDB answers."""
        return self.db is not None and await ping(self.db)

    async def start_polling(self) -> None:
        """After the broker started: poll each store when due (every ORDER_POLL_INTERVAL_MINUTES
        from its last poll, by whichever replica)."""
        if self.poll and self.backstop is not None:
            interval = self.settings.order_poll_interval_minutes * 60.0
            self._stopping = Stopping()
            loop = PollLoop(self.backstop, interval)
            self._polling = asyncio.create_task(loop.run(self._stopping))

    async def stop_polling(self) -> None:
        """Before the broker stops: end the poll loop and release the poll leases at once."""
        if self._polling is not None:
            await stop(self._polling, self._stopping, STOP_GRACE_SECS)
            self._polling = None
        if self.poll_leases is not None:
            try:
                await self.poll_leases.release_all()
            except Exception as error:  # they expire within POLL_LEASE_SECS anyway
                log.warning("order_poll.release_failed", error=str(error)[:300])


def create_app(
    settings: OrderReplicatorSettings,
    *,
    topology: Topology | None = None,
    registry: CollectorRegistry | None = None,
    client_config: ClientConfig | None = None,
    poll: bool = True,
) -> tuple[ConsumerApp, OrderReplicatorService]:
    """The order-replicator consumer app and its service object."""
    topology = topology or Topology(namespace=settings.broker_namespace)
    registry = registry or CollectorRegistry()
    service = OrderReplicatorService(
        settings, topology, client_config, poll, metrics=OrderMetrics.register(registry)
    )
    app = build_consumer_app(
        settings,
        topology,
        SERVICE,
        service.handle,
        on_dead_letter=service.dead_lettered,
        registry=registry,
        lifespan=service.resources,
        readiness={"mongodb": service.mongodb_ready},
    )
    service.publisher = consumer_publisher(app, topology)
    app.after_startup(service.start_polling)
    app.on_shutdown(service.stop_polling)
    return app, service


@contextlib.asynccontextmanager
async def running(
    settings: OrderReplicatorSettings, **options: object
) -> AsyncIterator[OrderReplicatorService]:
    """Run the replicator in this event loop (tests, benchmarks); stop it on exit."""
    app, service = create_app(settings, **options)  # type: ignore[arg-type]
    async with service.resources(), app:
        yield service


def main(settings: OrderReplicatorSettings) -> None:
    """Run the order replicator until SIGTERM."""
    traced = configure_tracing(SERVICE, CONSUMER_LIBRARIES)
    configure_logging(settings.log_format, settings.log_level, service=SERVICE, trace_ids=traced)
    app, _ = create_app(settings)
    with asyncio.Runner(loop_factory=new_event_loop) as loop:
        loop.run(app.run())
