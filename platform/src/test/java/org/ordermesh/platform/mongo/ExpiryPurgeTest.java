package org.ordermesh.platform.mongo;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.testing.TestNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the expiry purge")
class ExpiryPurgeTest {

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("deletes the documents older than their age, and only those")
  void deletesExpired() throws Exception {
    var mongo = MongoClients.shared(node.vertx(), node.runtime().config().mongoUri(), "purge_" + UUID.randomUUID().toString().substring(0, 8));
    var now = Instant.parse("2026-01-02T00:00:00Z");
    mongo.insert("keys", new JsonObject().put("_id", "old").put("at", MongoDates.of(now.minus(Duration.ofHours(25)))))
      .await(10, TimeUnit.SECONDS);
    mongo.insert("keys", new JsonObject().put("_id", "fresh").put("at", MongoDates.of(now.minus(Duration.ofHours(23)))))
      .await(10, TimeUnit.SECONDS);

    var deleted = new ExpiryPurge(mongo, "keys", "at", Duration.ofHours(24)).purge(now).await(10, TimeUnit.SECONDS);

    assertThat(deleted).isEqualTo(1);
    assertThat(mongo.findOne("keys", new JsonObject().put("_id", "fresh"), null).await(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(mongo.findOne("keys", new JsonObject().put("_id", "old"), null).await(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  @DisplayName("runs for every expiring index a repository declares, on a timer")
  void followsTheRepositorysDeclarations() throws Exception {
    var mongo = MongoClients.shared(node.vertx(), node.runtime().config().mongoUri(), "purge_" + UUID.randomUUID().toString().substring(0, 8));
    var repository = new MongoRepository(mongo, "sessions") {
      @Override
      protected java.util.List<IndexDeclaration> indexes() {
        return java.util.List.of(IndexDeclaration.expiring("expires", "expiresAt", 0, TimeUnit.SECONDS));
      }
    };
    mongo.insert("sessions", new JsonObject().put("_id", "gone").put("expiresAt", MongoDates.of(Instant.now().minusSeconds(60))))
      .await(10, TimeUnit.SECONDS);
    mongo.insert("sessions", new JsonObject().put("_id", "kept").put("expiresAt", MongoDates.of(Instant.now().plusSeconds(3600))))
      .await(10, TimeUnit.SECONDS);

    var timer = repository.purgeExpiredEvery(node.vertx(), Duration.ofMillis(50));

    org.ordermesh.platform.testing.Await.until(Duration.ofSeconds(10), () -> count(mongo) == 1);
    node.vertx().cancelTimer(timer);
    assertThat(mongo.findOne("sessions", new JsonObject().put("_id", "kept"), null).await(10, TimeUnit.SECONDS)).isNotNull();
  }

  private static long count(io.vertx.ext.mongo.MongoClient mongo) {
    try {
      return mongo.count("sessions", new JsonObject()).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
