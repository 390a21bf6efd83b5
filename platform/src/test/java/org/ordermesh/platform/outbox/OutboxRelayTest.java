package org.ordermesh.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;
import org.ordermesh.platform.trace.RequestIds;
import org.ordermesh.platform.trace.TraceContext;
import org.ordermesh.platform.trace.TraceParent;

@DisplayName("the outbox relay")
class OutboxRelayTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String service = "svc" + suffix;
  private final String topic = "test.events." + suffix;
  private final List<TestNode> nodes = new ArrayList<>();
  private TestNode node;
  private MongoClient mongo;
  private Aggregates aggregates;
  private TopicRecords kafka;

  @BeforeEach
  void start() {
    node = startNode();
    mongo = MongoClients.shared(node.vertx(), node.runtime().config().mongoUri(), service);
    aggregates = new Aggregates(mongo);
    kafka = TopicRecords.of(node.vertx(), topic);
  }

  @AfterEach
  void stop() throws Exception {
    kafka.close();
    for (TestNode started : nodes) {
      started.close();
    }
  }

  @Test
  @DisplayName("publishes an event written with a state change, keyed by the aggregate id as a CloudEvent, and empties the outbox")
  void publishesAsCloudEvent() {
    var trace = TraceParent.newRoot();
    var created = Blocking.await(node.vertx().getOrCreateContext().executeBlocking(() -> {
      TraceContext.bind(trace, "req-1");
      return Aggregates.created("counter-1");
    }));
    aggregates.create("counter-1", created);
    deployRelay(node, settings());

    Await.until(WAIT, () -> kafka.all().size() == 1);
    var record = kafka.all().get(0);
    assertThat(record.key()).isEqualTo("counter-1");
    assertThat(TopicRecords.header(record, "content-type")).isEqualTo(CloudEvent.STRUCTURED_CONTENT_TYPE);
    assertThat(TopicRecords.header(record, "traceparent")).isEqualTo(trace.header());
    assertThat(TopicRecords.header(record, RequestIds.HEADER)).isEqualTo("req-1");
    assertThat(new JsonObject(record.value())).isEqualTo(new JsonObject()
      .put("specversion", "1.0").put("id", created.id()).put("type", created.type())
      .put("source", "/ordermesh/" + service).put("subject", "counter-1").put("time", created.time().toString())
      .put("datacontenttype", "application/json").put("traceparent", trace.header())
      .put("data", new JsonObject().put("value", 0)));
    Await.until(WAIT, () -> aggregates.pending("counter-1") == 0);
  }

  @Test
  @DisplayName("publishes many events of one aggregate in the order they were written")
  void keepsOrderPerAggregate() {
    deployRelay(node, settings());
    List<String> written = new ArrayList<>();
    written.add(aggregates.create("counter-1").id());
    IntStream.rangeClosed(1, 40).forEach(value -> written.add(aggregates.increment("counter-1", value).id()));

    Await.until(WAIT, () -> kafka.distinctIds().size() == written.size());
    assertThat(kafka.distinctIds()).containsExactlyElementsOf(written);
    assertThat(kafka.all()).allSatisfy(record -> assertThat(record.key()).isEqualTo("counter-1"));
  }

  @Test
  @DisplayName("loses nothing when it is stopped mid-way and started again")
  void resumesAfterRestart() {
    String first = deployRelay(node, settings());
    List<String> written = new ArrayList<>();
    IntStream.range(0, 4).forEach(i -> written.add(aggregates.create("counter-" + i).id()));
    IntStream.rangeClosed(1, 10).forEach(value ->
      IntStream.range(0, 4).forEach(i -> written.add(aggregates.increment("counter-" + i, value).id())));
    Await.until(WAIT, () -> !kafka.all().isEmpty());

    Blocking.await(node.vertx().undeploy(first));
    IntStream.range(0, 4).forEach(i -> written.add(aggregates.increment("counter-" + i, 11).id()));
    deployRelay(node, settings());

    Await.until(WAIT, () -> kafka.distinctIds().containsAll(written));
    IntStream.range(0, 4).forEach(i -> Await.until(WAIT, () -> aggregates.pending("counter-" + i) == 0));
  }

  @Test
  @DisplayName("relays from one node only, and from the other once the holder of the lease stops")
  void oneRelayPerService() {
    var other = startNode();
    var relaySettings = settings().withLeaseTtl(Duration.ofMillis(1500));
    String mine = deployRelay(node, relaySettings);
    deployRelay(other, relaySettings);
    aggregates.create("counter-1");
    aggregates.increment("counter-1", 1);
    Await.until(WAIT, () -> kafka.distinctIds().size() == 2);
    assertThat(published(node) + published(other)).isEqualTo(2);
    var holder = published(node) == 2 ? node : other;

    if (holder == node) {
      Blocking.await(node.vertx().undeploy(mine));
    } else {
      closeNode(other);
    }
    aggregates.increment("counter-1", 2);

    Await.until(WAIT, () -> kafka.distinctIds().size() == 3);
    var successor = holder == node ? other : node;
    assertThat(published(successor)).isEqualTo(1);
  }

  @Test
  @DisplayName("publishes a nudged aggregate without waiting for the next scan")
  void publishesNudgedAggregatesAtOnce() {
    deployRelay(node, settings());
    aggregates.create("counter-1");

    Outbox.nudge(node.vertx(), service, Aggregates.COLLECTION, "counter-1");

    Await.until(WAIT, () -> kafka.all().size() == 1);
  }

  @Test
  @DisplayName("publishes the outbox a nudge carries, in order, never again for a stale nudge, and empties it")
  void publishesTheOutboxANudgeCarries() {
    deployRelay(node, settings());
    var created = aggregates.create("counter-1");
    var incremented = aggregates.increment("counter-1", 1);
    var stale = aggregates.outbox("counter-1");

    Outbox.nudge(node.vertx(), service, Aggregates.COLLECTION, "counter-1", stale);
    Await.until(WAIT, () -> kafka.all().size() == 2);
    Await.until(WAIT, () -> aggregates.pending("counter-1") == 0);
    Outbox.nudge(node.vertx(), service, Aggregates.COLLECTION, "counter-1", stale);
    var latest = aggregates.increment("counter-1", 2);
    Outbox.nudge(node.vertx(), service, Aggregates.COLLECTION, "counter-1", aggregates.outbox("counter-1"));

    Await.until(WAIT, () -> kafka.all().size() >= 3);
    assertThat(kafka.all().stream().map(record -> new JsonObject(record.value()).getString("id")))
      .containsExactly(created.id(), incremented.id(), latest.id());
  }

  // the default safety-net scan (minutes) never runs within a test: after the start scan, the change stream carries everything
  private OutboxRelaySettings settings() {
    var source = new OutboxSource(Aggregates.COLLECTION, topic, "/ordermesh/" + service);
    return OutboxRelaySettings.of(service, service, List.of(source));
  }

  private TestNode startNode() {
    var started = TestNode.start();
    nodes.add(started);
    return started;
  }

  private void closeNode(TestNode stopped) {
    try {
      nodes.remove(stopped);
      stopped.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String deployRelay(TestNode on, OutboxRelaySettings settings) {
    return Blocking.await(on.vertx().deployVerticle(new OutboxRelayVerticle(settings)));
  }

  private double published(TestNode on) {
    var counter = on.runtime().meters().find("ordermesh_outbox_published").tag("service", service).counter();
    return counter == null ? 0 : counter.count();
  }
}
