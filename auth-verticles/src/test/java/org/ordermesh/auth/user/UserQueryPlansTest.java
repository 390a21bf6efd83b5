package org.ordermesh.auth.user;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordermesh.platform.http.page.Cursor;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.mongo.MongoDates;
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The accounts' queries as {@link UserRepository} sends them, and the lookups of the cursor key and of a service
 * client, each served by its index (explain). Runs against a real MongoDB given MONGO_URI. The clients' sync at
 * start removes the clients no longer configured with {@code _id: {$nin: configured}}, a read of the few it holds.
 */
@ExtendWith(VertxExtension.class)
class UserQueryPlansTest {

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new UserRepository(vertx, mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
    // they declare no index of their own: their collections exist once written to
    mongo.createCollection("service_secrets").await(30, TimeUnit.SECONDS);
    mongo.createCollection("clients").await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("an account by email or by id, a change of its roles, and both pages of the accounts list read their indexes")
  void accountQueriesUseIndexes() {
    Cursor after = new Cursor("createdAt", MongoDates.of(Instant.parse("2026-01-01T00:00:00Z")), "usr_1");

    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("by email", UserRepository.COLLECTION, new JsonObject().put("email", "ada@example.com"), new FindOptions().setLimit(1))
            .reading("email_unique"),
        Query.find("by id", UserRepository.COLLECTION, new JsonObject().put("_id", "usr_1"), new FindOptions().setLimit(1)).reading("_id_"),
        Query.update("roles change", UserRepository.COLLECTION,
            new JsonObject().put("_id", "usr_1").put("roles", new JsonArray().add("customer"))).reading("_id_"),
        Query.find("first page", UserRepository.COLLECTION, CursorQuery.after("createdAt", true, null),
            CursorQuery.findOptions("createdAt", true, new PageRequest(20, null))).reading(UserRepository.BY_CREATION),
        Query.find("next page", UserRepository.COLLECTION, CursorQuery.after("createdAt", true, after),
            CursorQuery.findOptions("createdAt", true, new PageRequest(20, after))).reading(UserRepository.BY_CREATION)));
  }

  @Test
  @DisplayName("the cursor key and a service client are read by _id")
  void lookupsUseTheirIds() {
    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("cursor key", "service_secrets", new JsonObject().put("_id", "cursor-key"), new FindOptions().setLimit(1)).reading("_id_"),
        Query.find("service client", "clients", new JsonObject().put("_id", "order-service"), new FindOptions().setLimit(1)).reading("_id_")));
  }
}
