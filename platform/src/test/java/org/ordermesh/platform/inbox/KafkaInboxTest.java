package org.ordermesh.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.embedded.SharedInfra;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.outbox.Blocking;
import org.ordermesh.platform.outbox.CloudEvent;
import org.ordermesh.platform.outbox.ReliableProducer;
import org.ordermesh.platform.outbox.TopicRecords;
import org.ordermesh.platform.peer.PeerUnavailableException;
import org.ordermesh.platform.testing.Await;
import org.ordermesh.platform.testing.TestNode;

@DisplayName("the Kafka inbox")
class KafkaInboxTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final InboxSettings settings = InboxSettings.of("test.inbox." + suffix, "group-" + suffix)
    .withRetries(3, Duration.ofMillis(20));
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private TestNode node;
  private MongoClient mongo;
  private KafkaProducer<String, String> producer;
  private KafkaInbox inbox;

  @BeforeEach
  void start() {
    node = TestNode.start();
    mongo = MongoClients.shared(node.vertx(), node.runtime().config().mongoUri(), "inbox" + suffix);
    producer = ReliableProducer.create(node.vertx(), SharedInfra.kafkaBootstrapServers(), "test-" + suffix);
  }

  @AfterEach
  void stop() throws Exception {
    if (inbox != null) {
      Blocking.await(inbox.close());
    }
    node.close();
  }

  @Test
  @DisplayName("handles an event delivered twice only once")
  void deduplicatesRedeliveries() {
    startInbox(this::record);
    var twice = event("order-1");

    var next = event("order-1");

    send("order-1", twice);
    send("order-1", twice);
    send("order-1", next);

    Await.until(WAIT, () -> handled.contains(next.getString("id")));
    assertThat(handled).containsExactly(twice.getString("id"), next.getString("id"));
  }

  @Test
  @DisplayName("passes over the event types it does not handle without recording them")
  void passesOverOtherTypes() {
    inbox = Blocking.await(KafkaInbox.start(node.vertx(), mongo, settings.withTypes("org.ordermesh.test.Happened.v1"),
      this::record));
    var other = event("order-1").put("type", "org.ordermesh.test.Unrelated.v1");
    var handledOne = event("order-1");

    send("order-1", other);
    send("order-1", handledOne);

    Await.until(WAIT, () -> handled.contains(handledOne.getString("id")));
    // the batch's outcomes are recorded after its handlers ran
    Await.until(WAIT, () -> Blocking.await(mongo.count("inbox", new JsonObject())) >= 1);
    assertThat(handled).containsExactly(handledOne.getString("id"));
    var recorded = Blocking.await(mongo.count("inbox", new JsonObject()));
    assertThat(recorded).isEqualTo(1);
  }

  @Test
  @DisplayName("sends a message that keeps failing to the dead-letter topic with its error, and goes on past it")
  void deadLettersPoison() {
    var poison = event("order-1").put("type", "poison");
    try (var deadLetters = TopicRecords.of(node.vertx(), settings.deadLetterTopic())) {
      startInbox(event -> "poison".equals(event.type()) ? fail(event) : record(event));

      send("order-1", poison);
      sendRaw("order-1", "not even JSON");
      var after = event("order-1");
      send("order-1", after);

      Await.until(WAIT, () -> handled.contains(after.getString("id")));
      Await.until(WAIT, () -> deadLetters.all().size() == 2);
      var letter = deadLetters.all().get(0);
      assertThat(new JsonObject(letter.value())).isEqualTo(poison);
      assertThat(TopicRecords.header(letter, DeadLetterHeaders.ERROR)).isEqualTo("boom");
      assertThat(TopicRecords.header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
      assertThat(attempts.get(poison.getString("id"))).hasValue(3);
      assertThat(deadLetters.all().get(1).value()).isEqualTo("not even JSON");
      assertThat(node.runtime().meters().get("ordermesh_inbox_dead_letters").tag("topic", settings.topic())
        .counter().count()).isEqualTo(2.0);
    }
  }

  @Test
  @DisplayName("keeps retrying an event while a dependency is away, past its attempts, instead of dead-lettering it")
  void waitsOutTransientFailures() {
    var event = event("order-1");
    try (var deadLetters = TopicRecords.of(node.vertx(), settings.deadLetterTopic())) {
      startInbox(received -> attempts.computeIfAbsent(received.id(), id -> new AtomicInteger()).get() < 6
        ? unavailable(received)
        : record(received));

      send("order-1", event);

      Await.until(WAIT, () -> handled.contains(event.getString("id")));
      assertThat(attempts.get(event.getString("id"))).hasValue(7);
      assertThat(deadLetters.all()).isEmpty();
    }
  }

  @Test
  @DisplayName("dead-letters an event whose dependency stays away past the patience, with the attempts it took")
  void transientPatienceRunsOut() {
    inbox = Blocking.await(KafkaInbox.start(node.vertx(), mongo, settings.withTransientPatience(Duration.ofMillis(300)),
      this::unavailable));
    var event = event("order-1");
    try (var deadLetters = TopicRecords.of(node.vertx(), settings.deadLetterTopic())) {
      send("order-1", event);

      Await.until(WAIT, () -> deadLetters.all().size() == 1);
      assertThat(Integer.parseInt(TopicRecords.header(deadLetters.all().get(0), DeadLetterHeaders.ATTEMPTS)))
        .isGreaterThanOrEqualTo(3).isEqualTo(attempts.get(event.getString("id")).get());
    }
  }

  @Test
  @DisplayName("processes an event replayed from the dead-letter topic once the fault is gone, and only once")
  void processesReplayedDeadLetters() {
    var storeDown = new java.util.concurrent.atomic.AtomicBoolean(true);
    var event = event("order-1");
    try (var deadLetters = TopicRecords.of(node.vertx(), settings.deadLetterTopic())) {
      startInbox(received -> storeDown.get() ? fail(received) : record(received));
      send("order-1", event);
      Await.until(WAIT, () -> deadLetters.all().size() == 1);

      storeDown.set(false);
      // the operator's replay: the dead letter's value back onto its topic, twice (a replay may repeat)
      sendRaw("order-1", deadLetters.all().get(0).value());
      sendRaw("order-1", deadLetters.all().get(0).value());
      var after = event("order-1");
      send("order-1", after);

      Await.until(WAIT, () -> handled.contains(after.getString("id")));
      assertThat(handled).containsExactly(event.getString("id"), after.getString("id"));
    }
  }

  @Test
  @DisplayName("processes an event replayed by the console (marked as a replay) again, and only once")
  void processesReplaysAgain() {
    var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
    var flaky = event("order-1");
    try (var deadLetters = TopicRecords.of(node.vertx(), settings.deadLetterTopic())) {
      startInbox(event -> failing.get() ? fail(event) : record(event));
      send("order-1", flaky);
      Await.until(WAIT, () -> deadLetters.all().size() == 1);
      failing.set(false);

      var replay = KafkaProducerRecord.create(settings.topic(), "order-1", flaky.encode())
        .addHeader(DeadLetterHeaders.REPLAY, String.valueOf(deadLetters.all().get(0).offset()));
      Blocking.await(producer.send(replay));
      Blocking.await(producer.send(replay));
      send("order-1", flaky);
      var after = event("order-1");
      send("order-1", after);

      Await.until(WAIT, () -> handled.contains(after.getString("id")));
      assertThat(handled).containsExactly(flaky.getString("id"), after.getString("id"));
    }
  }

  @Test
  @DisplayName("commits an offset only once its record has been processed")
  void commitsAfterProcessing() {
    Promise<Void> release = Promise.promise();
    startInbox(event -> {
      record(event);
      return release.future();
    });

    send("order-1", event("order-1"));
    Await.until(WAIT, () -> handled.size() == 1);
    assertThat(committed()).isZero();

    node.vertx().runOnContext(go -> release.complete());
    Await.until(WAIT, () -> committed() == 1);
  }

  @Test
  @DisplayName("reports its lag while a record holds it up, and 0 once the backlog is processed and traffic stops")
  void lagFollowsTheBacklog() {
    Promise<Void> release = Promise.promise();
    var first = event("order-1");
    startInbox(event -> {
      record(event);
      return event.id().equals(first.getString("id")) ? release.future() : Future.succeededFuture();
    });

    send("order-1", first);
    Await.until(WAIT, () -> handled.size() == 1);
    send("order-1", event("order-1"));
    send("order-1", event("order-1"));
    // nothing is committed while the first record is held: all three are behind
    Await.until(WAIT, () -> lag() == 3);

    node.vertx().runOnContext(go -> release.complete());
    Await.until(WAIT, () -> handled.size() == 3);
    Await.until(WAIT, () -> lag() == 0);
  }

  private double lag() {
    var gauge = node.runtime().meters().find("ordermesh_kafka_consumer_lag").tag("topic", settings.topic()).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  private void startInbox(Function<CloudEvent, Future<Void>> handler) {
    inbox = Blocking.await(KafkaInbox.start(node.vertx(), mongo, settings, handler));
  }

  private Future<Void> record(CloudEvent event) {
    attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    handled.add(event.id());
    return Future.succeededFuture();
  }

  private Future<Void> unavailable(CloudEvent event) {
    attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    return Future.failedFuture(new PeerUnavailableException("catalog", "not reachable", null));
  }

  private Future<Void> fail(CloudEvent event) {
    attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    return Future.failedFuture("boom");
  }

  private static JsonObject event(String subject) {
    return new JsonObject().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
      .put("type", "org.ordermesh.test.Happened.v1").put("source", "/ordermesh/test").put("subject", subject)
      .put("time", "2025-01-01T00:00:00Z").put("datacontenttype", "application/json")
      .put("data", new JsonObject().put("n", 1));
  }

  private void send(String key, JsonObject envelope) {
    sendRaw(key, envelope.encode());
  }

  private void sendRaw(String key, String value) {
    Blocking.await(producer.send(KafkaProducerRecord.create(settings.topic(), key, value)));
  }

  private long committed() {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafkaBootstrapServers()))) {
      return admin.listConsumerGroupOffsets(settings.group()).partitionsToOffsetAndMetadata().get().values().stream()
        .mapToLong(OffsetAndMetadata::offset).sum();
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError("cannot read the group's offsets", e);
    }
  }
}
