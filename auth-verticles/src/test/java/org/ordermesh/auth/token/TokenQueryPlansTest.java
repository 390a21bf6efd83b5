package org.ordermesh.auth.token;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
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
 * The sessions' queries as {@link RefreshTokenRepository} sends them (refresh tokens and their families), each
 * served by its index (explain). Runs against a real MongoDB given MONGO_URI.
 */
@ExtendWith(VertxExtension.class)
class TokenQueryPlansTest {

  private static final String TOKENS = "refresh_tokens";
  private static final String FAMILIES = "token_families";

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new RefreshTokenRepository(mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a token and a family by id, a rotation, an extension, and the revocation of one family or of a user's read their indexes")
  void sessionQueriesUseIndexes() {
    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("token", TOKENS, new JsonObject().put("_id", "hash"), new FindOptions().setLimit(1)).reading("_id_"),
        Query.find("family", FAMILIES, new JsonObject().put("_id", "fam"), new FindOptions().setLimit(1)).reading("_id_"),
        Query.update("rotation", TOKENS, new JsonObject().put("_id", "hash").put("state", RefreshTokenRepository.ACTIVE)).reading("_id_"),
        Query.update("extension", FAMILIES, new JsonObject().put("_id", "fam")).reading("_id_"),
        Query.update("revoke family", FAMILIES, new JsonObject().put("_id", "fam")).reading("_id_"),
        Query.update("revoke a user's families", FAMILIES, new JsonObject().put("subject", "usr_1").put("revoked", false))
            .reading("subject")));
  }
}
