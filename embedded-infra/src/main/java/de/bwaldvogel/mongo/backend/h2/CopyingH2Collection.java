package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;

/**
 * A collection whose stored documents never change once put. mongo-java-server updates a document in place, on
 * the very object the store handed to the query, and puts that object back; but MVStore writes a committed
 * page's values to the file on its own thread while later writes go on, so an update could change a document
 * while it was being encoded (seen under load: a ConcurrentModificationException that failed the commit and
 * closed the store). So what a query without a projection hands out, updates included, is a copy; a projection
 * already builds new documents, and no update asks for one.
 */
final class CopyingH2Collection extends H2Collection {

  CopyingH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                      MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
  }

  @Override
  protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                       Document fieldSelector) {
    QueryResult found = super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    if (fieldSelector != null && !fieldSelector.isEmpty()) {
      return found;
    }
    List<Document> copies = new ArrayList<>();
    for (Document document : found) {
      copies.add(document.cloneDeeply());
    }
    return new QueryResult(copies, found.getCursorId());
  }
}
