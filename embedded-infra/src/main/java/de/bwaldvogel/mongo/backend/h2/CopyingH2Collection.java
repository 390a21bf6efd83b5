package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.IndexedQueries;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;

/**
 * The H2 collection ordermesh stores in. Queries run on the best index (a unique index matched field for
 * field, else a secondary index's bounds, which may also give the sort; see {@link IndexedQueries}), and
 * what they hand out are copies: mongo-java-server updates a document in place, on the very object the
 * store handed to the query, and puts that object back; but MVStore writes a committed page's values to
 * the file on its own thread while later writes go on, so an update could change a document while it was
 * being encoded (seen under load: a ConcurrentModificationException that failed the commit and closed the
 * store). A projection already builds new documents, and no update asks for one.
 */
final class CopyingH2Collection extends H2Collection {

  CopyingH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                      MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
  }

  @Override
  protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                       Document fieldSelector) {
    QueryResult found = IndexedQueries.plan(getIndexes(), query, orderBy).run(new IndexedQueries.Source() {
      @Override
      public QueryResult scan(Document sort) {
        return matchDocuments(query, sort, numberToSkip, limit, batchSize, fieldSelector);
      }

      @Override
      public QueryResult fetch(Iterable<Object> positions, Document sort) {
        return matchDocuments(query, positions, sort, numberToSkip, limit, batchSize, fieldSelector);
      }
    }, orderBy);
    if (fieldSelector != null && !fieldSelector.isEmpty()) {
      return found;
    }
    List<Document> copies = new ArrayList<>();
    for (Document document : found) {
      copies.add(document.cloneDeeply());
    }
    return new QueryResult(copies, found.getCursorId());
  }

  /** How a query would run, as mongod's explain describes it: queryPlanner.winningPlan. */
  synchronized Document explain(Document query, Document orderBy, int limit) {
    return IndexedQueries.plan(getIndexes(), query, orderBy).describe(getFullName(), query, orderBy, limit);
  }
}
