package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;

/**
 * The oplog entry of a findAndModify, which mongo-java-server's collection writes without one (its update
 * and delete commands do write theirs), so change streams missed every findOneAndUpdate. The document's
 * {@code _id} comes from the answer, or from the filter when a projection left it out.
 */
final class FindAndModifyOplog {

  private FindAndModifyOplog() {
  }

  static void record(BsonH2Database database, String collectionName, Document command, Document response, Oplog oplog) {
    if (!Utils.isTrue(response.get("ok"))) {
      return;
    }
    String namespace = database.getDatabaseName() + "." + collectionName;
    Document filter = command.get("query") instanceof Document query ? query : new Document();
    Object id = response.get("value") instanceof Document value && value.containsKey("_id") ? value.get("_id") : filter.get("_id");
    if (id == null || id instanceof Document operators && operators.keySet().stream().anyMatch(key -> key.startsWith("$"))) {
      return;
    }
    boolean matched = response.get("lastErrorObject") instanceof Document lastError && Utils.isTrue(lastError.get("updatedExisting"));
    if (Utils.isTrue(command.get("remove"))) {
      if (response.get("value") != null) {
        oplog.handleDelete(namespace, filter, List.of(id));
      }
    } else if (matched) {
      oplog.handleUpdate(namespace, filter, (Document) command.get("update"), List.of(id));
    } else if (Utils.isTrue(command.get("upsert"))) {
      MongoCollection<Object> collection = database.resolveCollection(collectionName, false);
      var inserted = collection == null ? null : collection.handleQuery(new Document("_id", id), 0, 1).iterator();
      if (inserted != null && inserted.hasNext()) {
        oplog.handleInsert(namespace, List.of(inserted.next()));
      }
    }
  }
}
