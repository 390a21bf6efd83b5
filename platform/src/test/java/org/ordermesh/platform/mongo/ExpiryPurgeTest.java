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
}
