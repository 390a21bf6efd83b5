package org.ordermesh.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.List;
import org.ordermesh.platform.mongo.DelayedBulkWrites;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.node.NodeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a service's outboxes to Kafka, at least once and in order per aggregate. Deploy one per
 * service on every node: only the holder of the service's lease relays, the others wait and take over
 * when it stops renewing. The holder tails each source's change stream from the position saved in
 * {@value ResumeTokens#COLLECTION}, scans at start and rarely after; {@link Outbox#nudge} is a fast path
 * within the cluster (see docs/events.md).
 */
public final class OutboxRelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);

  private final OutboxRelaySettings settings;
  private MongoClient mongo;
  private KafkaProducer<String, String> producer;
  private RelayLease lease;
  private List<SourceRelay> relays;
  private MessageConsumer<JsonObject> nudges;
  private MeterRegistry meters;
  private Counter published;
  private Gauge backlog;
  private boolean active;
  private long leaseTimer;

  public OutboxRelayVerticle(OutboxRelaySettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    var runtime = NodeRuntime.of(vertx);
    meters = runtime.meters();
    mongo = MongoClients.shared(vertx, runtime.config().mongoUri(), settings.database());
    producer = ReliableProducer.create(vertx, runtime.config().kafkaBootstrap(), settings.service() + "-outbox-relay");
    lease = new RelayLease(mongo, settings.service(), runtime.config().nodeId(), settings.leaseTtl());
    var tokens = new ResumeTokens(mongo, runtime.config().nodeId());
    published = Counter.builder("ordermesh_outbox_published").tag("service", settings.service())
      .description("events the outbox relay published to Kafka").register(meters);
    backlog = Gauge.builder("ordermesh_outbox_backlog", this, OutboxRelayVerticle::pendingEvents).tag("service", settings.service())
      .description("events waiting in outboxes, as this node last saw them (0 on nodes not relaying)").register(meters);
    relays = settings.sources().stream()
      .map(source -> {
        var pulls = new DelayedBulkWrites(vertx, mongo, source.collection(), settings.pullDelay());
        return new SourceRelay(vertx, mongo, source, new AggregatePublisher(mongo, producer, source, published, pulls), pulls, tokens,
          settings);
      })
      .toList();
    nudges = vertx.eventBus().consumer(Outbox.nudgeAddress(settings.service()), message -> onNudge(message.body()));
    return lease.ensureIndexes()
      .compose(indexed -> nudges.completion())
      .compose(registered -> renewLease())
      .onSuccess(first -> leaseTimer = vertx.setPeriodic(settings.leaseTtl().toMillis() / 3, timer -> renewLease()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(leaseTimer);
    meters.remove(published);
    meters.remove(backlog);
    return nudges.unregister()
      .compose(unregistered -> deactivate())
      .compose(stopped -> lease.release())
      .eventually(() -> Future.join(producer.close(), mongo.close()));
  }

  // a failed renewal keeps relaying while the lease is still ours by the local clock, and stops after
  private Future<Void> renewLease() {
    return lease.acquireOrRenew()
      .recover(error -> {
        LOG.warn("renewing the {} relay lease failed: {}", settings.service(), error.toString());
        return Future.succeededFuture(lease.held());
      })
      .compose(held -> held ? activate() : deactivate());
  }

  private Future<Void> activate() {
    if (!active) {
      active = true;
      LOG.info("relaying the {} outbox from this node", settings.service());
      relays.forEach(SourceRelay::start);
    }
    return Future.succeededFuture();
  }

  private Future<Void> deactivate() {
    if (!active) {
      return Future.succeededFuture();
    }
    active = false;
    LOG.info("no longer relaying the {} outbox from this node", settings.service());
    return Future.join(relays.stream().map(SourceRelay::stop).toList()).mapEmpty();
  }

  private void onNudge(JsonObject nudge) {
    String collection = nudge.getString("collection");
    relays.stream().filter(relay -> relay.source().collection().equals(collection))
      .forEach(relay -> relay.request(nudge.getValue("id"), nudge.getJsonArray(Outbox.FIELD)));
  }

  private double pendingEvents() {
    return relays.stream().mapToInt(SourceRelay::backlog).sum();
  }
}
