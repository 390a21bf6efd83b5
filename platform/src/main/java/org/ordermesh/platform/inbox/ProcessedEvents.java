package org.ordermesh.platform.inbox;

import org.ordermesh.platform.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * The inbox collection: one document per event a consumer group has dealt with, {@code _id} =
 * {@code <group>/<event id>} so the check is a lookup on the unique {@code _id} index alone, and groups
 * of one service that consume the same event do not hide it from each other. A TTL index forgets them.
 * Only a {@code processed} outcome hides an event: one that was dead-lettered is handled again when it is
 * replayed from {@code <topic>.dlq}, and its record then becomes {@code processed}.
 */
final class ProcessedEvents extends MongoRepository {

  static final String COLLECTION = "inbox";
  static final String PROCESSED = "processed";

  private final InboxSettings settings;

  ProcessedEvents(MongoClient mongo, InboxSettings settings) {
    super(mongo, COLLECTION);
    this.settings = settings;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.expiring("processedAt_ttl", "processedAt", settings.keepIds().toSeconds(), TimeUnit.SECONDS));
  }

  Future<Boolean> contains(String eventId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", key(eventId)).put("outcome", PROCESSED),
        new JsonObject().put("_id", 1))
      .map(found -> found != null);
  }

  /** Records events as dealt with ({@code processed} or {@code dead-lettered}), all in one write. */
  Future<Void> recordAll(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture();
    }
    var now = MongoDates.of(Instant.now());
    // a processed outcome replaces a dead-lettered one (a replay); a dead letter never replaces anything
    var inserts = outcomes.stream().map(outcome -> {
      var record = new JsonObject()
        .put("_id", key(outcome.eventId()))
        .put("eventId", outcome.eventId())
        .put("group", settings.group())
        .put("topic", settings.topic())
        .put("outcome", outcome.outcome())
        .put("processedAt", now);
      return PROCESSED.equals(outcome.outcome())
        ? BulkOperation.createReplace(new JsonObject().put("_id", record.getString("_id")), record, true)
        : BulkOperation.createInsert(record);
    }).toList();
    // a duplicate means another member of the group got there first after a rebalance: same outcome
    return mongo.bulkWriteWithOptions(COLLECTION, inserts, new BulkWriteOptions(false)).<Void>mapEmpty()
      .recover(error -> MongoErrors.isDuplicateKey(error) ? Future.succeededFuture() : Future.failedFuture(error));
  }

  /** How one event was dealt with. */
  record Outcome(String eventId, String outcome) {
  }

  private String key(String eventId) {
    return settings.group() + "/" + eventId;
  }
}
