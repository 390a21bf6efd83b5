package org.ordermesh.auth.keys;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The signing keys' queries as {@link SigningKeyRepository} sends them (explain); runs against a real MongoDB given
 * MONGO_URI. Reading every key ({@code all()}, at start and at each rotation) reads the whole collection by design:
 * the JWKS publishes every key it holds, a handful; the unique {@code generation} index serves the inserts.
 */
@ExtendWith(VertxExtension.class)
class SigningKeyQueryPlansTest {

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new SigningKeyRepository(mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("retiring a key deletes it by its kid, the _id")
  void retirementUsesTheKid() {
    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.delete("retire", "signing_keys", new JsonObject().put("_id", "kid-1")).reading("_id_")));
  }
}
