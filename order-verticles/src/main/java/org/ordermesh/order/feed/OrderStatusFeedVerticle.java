package org.ordermesh.order.feed;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.bson.BsonDocument;
import org.bson.BsonNumber;
import org.bson.BsonString;
import org.ordermesh.order.OrderConfig;
import org.ordermesh.order.api.OrderAddresses;
import org.ordermesh.order.order.OrderRepository;
import org.ordermesh.platform.mongo.ChangeFeed;
import org.ordermesh.platform.mongo.MongoClients;

/**
 * Wakes this node's event-stream clients when their order's status changes, whichever node changed it:
 * one change stream of the orders collection per node, never one per client, filtered to status changes
 * and handed to the streams of each changed order through the node's {@link StreamRegistry}. Changes made on
 * this node also come at once from {@code order.status}, the in-process fast path; a stream skips a notice of
 * a change it has sent already. When the change stream is (back) open, every stream on the node re-reads its
 * order for what changed meanwhile. The change stream is open only while the node holds event streams (and
 * 30 s after the last one), since each costs the store a reader.
 */
public class OrderStatusFeedVerticle extends VerticleBase implements ChangeFeed.Listener {

  private static final String STATUS_SEQ = "statusSeq";
  private static final long DEMAND_CHECK_MILLIS = 500;
  private static final long LINGER_MILLIS = 30_000;

  private MongoClient mongo;
  private StreamRegistry streams;
  private ChangeFeed statusChanges;
  private long idleSince;

  @Override
  public Future<?> start() {
    var service = OrderConfig.from(config()).service();
    mongo = MongoClients.shared(vertx, service.platform().mongoUri(), service.database());
    streams = StreamRegistry.forNode(vertx);
    return vertx.eventBus().<JsonObject>localConsumer(OrderAddresses.ORDER_STATUS,
        message -> notify(message.body().getString("orderId"), message.body().getLong("seq"), message.body()))
      .completion()
      .onSuccess(v -> vertx.setPeriodic(DEMAND_CHECK_MILLIS, t -> followDemand()));
  }

  // opens the change stream when the node holds a stream, closes it once none has been open for a while
  private void followDemand() {
    var now = System.currentTimeMillis();
    if (StreamLimits.openOnNode(vertx) > 0) {
      idleSince = 0;
      if (statusChanges == null) {
        statusChanges = ChangeFeed.start(vertx, mongo, OrderRepository.COLLECTION, statusChangesOnly(), false, this);
      }
    } else if (statusChanges != null) {
      if (idleSince == 0) {
        idleSince = now;
      } else if (now - idleSince >= LINGER_MILLIS) {
        statusChanges.close();
        statusChanges = null;
      }
    }
  }

  @Override
  public Future<?> stop() {
    return statusChanges == null ? Future.succeededFuture() : statusChanges.close();
  }

  @Override
  public void changed(ChangeStreamDocument<JsonObject> change) {
    var doc = change.getFullDocument();
    var orderId = keyOf(change.getDocumentKey());
    if (orderId == null && doc != null) {
      orderId = doc.getString("orderId");
    }
    if (orderId != null) {
      notify(orderId, seqOf(change), null);
    }
  }

  @Override
  public void opened() {
    streams.resync();
  }

  @Override
  public void lost(Throwable cause) {
    // the streams keep the fast path meanwhile, and re-read their orders when the change stream is back
  }

  // a change made on this node comes whole, so that a stream which sent the one before sends it without a read
  private void notify(String orderId, Long seq, JsonObject change) {
    streams.changed(orderId, seq == null ? Long.MAX_VALUE : seq, change);
  }

  /**
   * Inserts and status changes: on MongoDB an update lists {@code statusSeq} in its updated fields; the
   * embedded store has no updateDescription and puts what its update sets in {@code fullDocument} instead.
   * Only what the feed reads is kept.
   */
  private static JsonArray statusChangesOnly() {
    var exists = new JsonObject().put("$exists", true);
    return new JsonArray()
      .add(new JsonObject().put("$match", new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put("updateDescription.updatedFields." + STATUS_SEQ, exists))
        .add(new JsonObject().put("fullDocument." + STATUS_SEQ, exists)))))
      .add(new JsonObject().put("$project", new JsonObject()
        .put("operationType", 1).put("documentKey._id", 1)
        .put("fullDocument.orderId", 1).put("fullDocument." + STATUS_SEQ, 1)
        .put("updateDescription.updatedFields." + STATUS_SEQ, 1)));
  }

  // on the embedded store an update's documentKey is the update itself, with no _id
  private static String keyOf(BsonDocument key) {
    return key != null && key.get("_id") instanceof BsonString id ? id.getValue() : null;
  }

  private static Long seqOf(ChangeStreamDocument<JsonObject> change) {
    var update = change.getUpdateDescription();
    if (update != null && update.getUpdatedFields() != null && update.getUpdatedFields().get(STATUS_SEQ) instanceof BsonNumber seq) {
      return seq.longValue();
    }
    var doc = change.getFullDocument();
    return doc == null ? null : doc.getLong(STATUS_SEQ);
  }
}
