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

@DisplayName("the outbox relay's change stream")
class OutboxChangeStreamTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int AGGREGATES = 4;

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String service = "svc" + suffix;
  private final String topic = "test.events." + suffix;
  private TestNode node;
  private MongoClient mongo;
  private Aggregates aggregates;
  private TopicRecords kafka;

  @BeforeEach
  void start() {
    node = TestNode.start();
    mongo = MongoClients.shared(node.vertx(), node.runtime().config().mongoUri(), service);
    aggregates = new Aggregates(mongo);
    kafka = TopicRecords.of(node.vertx(), topic);
  }

  @AfterEach
  void stop() throws Exception {
    kafka.close();
    node.close();
  }

  @Test
  @DisplayName("publishes writes nobody nudges, long after its start scan, and saves its position as it goes")
  void publishesFromTheStream() {
    deployRelay();
    List<String> written = streamed("counter-0");
    JsonObject firstToken = savedToken();

    IntStream.rangeClosed(101, 120).forEach(value -> written.add(aggregates.increment("counter-0", value).id()));

    Await.until(WAIT, () -> kafka.distinctIds().containsAll(written));
    assertThat(kafka.distinctIds()).containsExactlyElementsOf(written);
    Await.until(WAIT, () -> !firstToken.equals(savedToken()));
  }

  @Test
  @DisplayName("resumes from its saved token after a restart: what was written while it was down is published, each event once or barely more")
  void resumesFromItsToken() {
    String relay = deployRelay();
    List<String> written = streamed("counter-0");
    IntStream.range(1, AGGREGATES).forEach(i -> written.add(aggregates.create("counter-" + i).id()));
    IntStream.rangeClosed(101, 110).forEach(value ->
      IntStream.range(0, AGGREGATES).forEach(i -> written.add(aggregates.increment("counter-" + i, value).id())));
    Await.until(WAIT, () -> kafka.distinctIds().containsAll(written));
    JsonObject beforeRestart = savedToken();

    Blocking.await(node.vertx().undeploy(relay));
    IntStream.rangeClosed(111, 115).forEach(value ->
      IntStream.range(0, AGGREGATES).forEach(i -> written.add(aggregates.increment("counter-" + i, value).id())));
    deployRelay();
    IntStream.range(0, AGGREGATES).forEach(i -> written.add(aggregates.increment("counter-" + i, 116).id()));

    Await.until(WAIT, () -> kafka.distinctIds().containsAll(written));
    IntStream.range(0, AGGREGATES).forEach(i -> Await.until(WAIT, () -> aggregates.pending("counter-" + i) == 0));
    assertThat(kafka.distinctIds()).hasSameSizeAs(written);
    // at least once: a restart may repeat what was published after the last saved token, never the history
    assertThat(kafka.all().size() - written.size()).as("events published twice").isLessThanOrEqualTo(AGGREGATES);
    Await.until(WAIT, () -> !beforeRestart.equals(savedToken()));
  }

  /**
   * Creates the counter, then increments it until the relay has saved a resume token: from then on its stream
   * is open, and with the safety-net scan minutes away, only the stream can publish. Answers the ids of the
   * events written, all of them published.
   */
  private List<String> streamed(String id) {
    List<String> written = new ArrayList<>(List.of(aggregates.create(id).id()));
    Await.until(WAIT, () -> {
      if (savedToken() != null) {
        return true;
      }
      written.add(aggregates.increment(id, written.size()).id());
      return false;
    });
    Await.until(WAIT, () -> kafka.distinctIds().containsAll(written));
    return written;
  }

  private JsonObject savedToken() {
    var saved = Blocking.await(mongo.findOne(ResumeTokens.COLLECTION, new JsonObject().put("_id", Aggregates.COLLECTION), null));
    return saved == null ? null : saved.getJsonObject("token");
  }

  private String deployRelay() {
    var source = new OutboxSource(Aggregates.COLLECTION, topic, "/ordermesh/" + service);
    return Blocking.await(node.vertx().deployVerticle(new OutboxRelayVerticle(OutboxRelaySettings.of(service, service, List.of(source)))));
  }
}
