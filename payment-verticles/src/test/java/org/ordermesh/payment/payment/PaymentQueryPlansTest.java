package org.ordermesh.payment.payment;

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
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;
import org.ordermesh.platform.testing.QueryPlans;
import org.ordermesh.platform.testing.QueryPlans.Query;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The payment repository's reads and its conditional write, each served by an index (explain); MONGO_URI for a real MongoDB. */
@ExtendWith(VertxExtension.class)
class PaymentQueryPlansTest {

  private MongoClient mongo;

  @BeforeEach
  void indexes(Vertx vertx) throws Exception {
    mongo = QueryPlans.client(vertx);
    new PaymentRepository(vertx, mongo).ensureIndexes().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a payment read by order or by payment id, and its conditional update, read their indexes")
  void paymentQueriesUseIndexes() {
    QueryPlans.assertServedByIndexes(mongo, List.of(
        Query.find("by order", PaymentRepository.COLLECTION, new JsonObject().put("_id", "order-1"), new FindOptions().setLimit(1)),
        Query.find("by payment id", PaymentRepository.COLLECTION, new JsonObject().put("paymentId", "pay-1"), new FindOptions().setLimit(1)),
        Query.update("transition", PaymentRepository.COLLECTION, new JsonObject().put("_id", "order-1").put("version", 2)).reading("_id_"),
        Query.find("pending events", PaymentRepository.COLLECTION,
            new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true)), new FindOptions().setLimit(500))
            .reading(OutboxIndex.NAME)));
  }
}
