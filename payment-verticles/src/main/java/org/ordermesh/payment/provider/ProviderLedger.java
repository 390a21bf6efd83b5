package org.ordermesh.payment.provider;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated provider's ledger in {@code authorizations} of its own database, one document per authorization
 * ({@code _id} its authorize request key) with its later requests embedded. Each request is one write: an authorize
 * one insert (a repeat finds the first), a capture, void or refund one update filtered by {@code {_id, version}}
 * (found by {@code _id}, guarded by the version) from the copy this node last wrote or read. The store acknowledges a
 * write once it is on disk (the embedded store's group commit), so what the provider answered survives a kill -9.
 */
final class ProviderLedger extends MongoRepository {

  static final String COLLECTION = "authorizations";
  // far above the authorizations open between authorize and capture at the target rates
  private static final int CAPACITY = 4_096;

  private final Map<String, ProviderAuthorization> copies = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ProviderAuthorization> eldest) {
      return size() > CAPACITY;
    }
  };

  ProviderLedger(MongoClient mongo) {
    super(mongo, COLLECTION);
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of();
  }

  /** Stores a new authorization and answers it (the same instance), or answers the one stored first by its key. */
  Future<ProviderAuthorization> insertOrFind(ProviderAuthorization fresh) {
    return mongo.insert(collection(), toDocument(fresh)).map(id -> remember(fresh))
      .recover(error -> MongoErrors.isDuplicateKey(error) ? read(fresh.key()) : Future.failedFuture(error));
  }

  /** The authorization as stored, or null. */
  Future<ProviderAuthorization> read(String key) {
    return mongo.findOne(collection(), new JsonObject().put("_id", key), null)
      .map(doc -> doc == null ? null : remember(toAuthorization(doc)));
  }

  /** Writes {@code next} if the stored authorization is still {@code expected}; whether it was. */
  Future<Boolean> update(ProviderAuthorization expected, ProviderAuthorization next) {
    var filter = new JsonObject().put("_id", expected.key()).put("version", expected.version());
    var update = new JsonObject().put("$set", changeableFields(next)).put("$inc", new JsonObject().put("version", 1));
    return mongo.updateCollection(collection(), filter, update).map(result -> {
      var written = result != null && result.getDocMatched() == 1;
      if (written) {
        remember(next.withVersion(expected.version() + 1));
      }
      return written;
    });
  }

  /** The authorization as this node last wrote or read it, or null. */
  synchronized ProviderAuthorization copyOf(String key) {
    return copies.get(key);
  }

  // verticles on several event loops share the provider; a newer version always wins
  private synchronized ProviderAuthorization remember(ProviderAuthorization authorization) {
    copies.merge(authorization.key(), authorization,
      (cached, fresh) -> fresh.version() >= cached.version() ? fresh : cached);
    return authorization;
  }

  private static JsonObject toDocument(ProviderAuthorization authorization) {
    var answer = authorization.answer();
    return new JsonObject()
      .put("_id", authorization.key())
      .put("paymentMethod", authorization.paymentMethod())
      .put("amountMinor", authorization.amountMinor())
      .put("currency", authorization.currency())
      .put("approved", answer.approved())
      .put("reference", answer.reference())
      .put("reason", answer.reason())
      .put("version", authorization.version())
      .put("at", authorization.at().toString())
      .mergeIn(changeableFields(authorization));
  }

  // what a later request may change; the authorization's own outcome is fixed when it is made
  private static JsonObject changeableFields(ProviderAuthorization authorization) {
    var requests = new JsonArray();
    authorization.requests().forEach(request -> requests.add(new JsonObject()
      .put("key", request.key()).put("operation", request.operation()).put("amountMinor", request.amountMinor())
      .put("approved", request.answer().approved()).put("reference", request.answer().reference())
      .put("reason", request.answer().reason()).put("at", request.at().toString())));
    return new JsonObject()
      .put("capturedMinor", authorization.capturedMinor())
      .put("refundedMinor", authorization.refundedMinor())
      .put("voided", authorization.voided())
      .put("requests", requests);
  }

  private static ProviderAuthorization toAuthorization(JsonObject doc) {
    return new ProviderAuthorization(doc.getString("_id"), doc.getString("paymentMethod"), doc.getLong("amountMinor"),
      doc.getString("currency"), answer(doc), doc.getLong("capturedMinor"), doc.getLong("refundedMinor"),
      doc.getBoolean("voided"),
      doc.getJsonArray("requests").stream().map(JsonObject.class::cast).map(request -> new ProviderAuthorization.Request(
        request.getString("key"), request.getString("operation"), request.getLong("amountMinor"), answer(request),
        Instant.parse(request.getString("at")))).toList(),
      doc.getLong("version"), Instant.parse(doc.getString("at")));
  }

  private static ProviderAnswer answer(JsonObject doc) {
    return new ProviderAnswer(doc.getBoolean("approved"), doc.getString("reference"), doc.getString("reason"));
  }
}
