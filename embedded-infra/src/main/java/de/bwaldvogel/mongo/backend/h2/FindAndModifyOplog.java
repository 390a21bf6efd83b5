package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;
import java.util.function.Supplier;

/**
 * Gives {@code findAndModify} its oplog entry: mongo-java-server 1.47 writes one for {@code insert},
 * {@code update} and {@code delete} but none for {@code findAndModify}, so a change stream never saw a
 * document changed that way (an order's status, a payment's). The command runs under its collection's lock,
 * as mongo-java-server's own writes do, so the entries of one collection keep the order of its writes.
 */
final class FindAndModifyOplog {

  private FindAndModifyOplog() {
  }

  static Document run(MongoCollection<?> collection, Document query, Oplog oplog, Supplier<Document> command) {
    synchronized (collection) {
      Document result = command.get();
      record(collection.getFullName(), query, result, oplog);
      return result;
    }
  }

  private static void record(String namespace, Document query, Document result, Oplog oplog) {
    Document value = (Document) result.get("value");
    Document lastError = (Document) result.get("lastErrorObject");
    Document selector = (Document) query.getOrDefault("query", new Document());
    if (Boolean.TRUE.equals(query.get("remove"))) {
      if (value != null && value.containsKey("_id")) {
        oplog.handleDelete(namespace, selector, List.of(value.get("_id")));
      }
    } else if (lastError != null && Boolean.TRUE.equals(lastError.get("updatedExisting"))) {
      if (value != null && value.containsKey("_id")) {
        oplog.handleUpdate(namespace, selector, (Document) query.get("update"), List.of(value.get("_id")));
      }
    } else if (value != null && Boolean.TRUE.equals(query.get("new")) && !query.containsKey("fields")) {
      // an upsert that inserted, answering the whole new document
      oplog.handleInsert(namespace, List.of(value));
    }
  }
}
