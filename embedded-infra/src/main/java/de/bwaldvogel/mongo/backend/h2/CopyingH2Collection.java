package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.DocumentSize;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexedQueries;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.SecondaryIndex;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;

/**
 * The H2 collection ordermesh stores in. Queries run on the best index (a unique index matched field for
 * field, else a secondary index's bounds, which may also give the sort; see {@link IndexedQueries}), and
 * what they hand out are copies: mongo-java-server updates a document in place, on the very object the
 * store handed to the query, and puts that object back; but MVStore writes a committed page's values to
 * the file on its own thread while later writes go on, so an update could change a document while it was
 * being encoded (seen under load: a ConcurrentModificationException that failed the commit and closed the
 * store). A projection already builds new documents, and no update asks for one.
 *
 * <p>Documents are kept by a record id that grows with each insert, as mongod's storage keeps them by RecordId,
 * and every index maps its keys to that record. mongo-java-server keys them by {@code _id}: with random ids
 * (UUIDs) each insert then fell in a random page of the collection, so each commit wrote back, and first read
 * back from the file, a page of documents untouched for hours, and every chunk of the file stayed partly live.
 * By record, a write touches the newest pages, which stay in the cache.
 */
final class CopyingH2Collection extends H2Collection {

  // no initializer: the superclass's constructor may add an index before this class's fields are set
  private volatile List<Index<Object>> readableIndexes;
  private final MVMap<Object, Document> records;
  private final AtomicLong lastRecord;

  CopyingH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                      MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    this.records = dataMap;
    this.lastRecord = new AtomicLong(dataMap.isEmpty() ? 0 : ((Number) dataMap.lastKey()).longValue());
  }

  // under the collection's lock, as every write
  @Override
  protected Object addDocumentInternal(Document document) {
    Long record = lastRecord.incrementAndGet();
    records.put(record, document);
    return record;
  }

  /**
   * As mongo-java-server's, except that the document's record comes from a unique index (its {@code _id}
   * index) before any entry goes: a secondary index cannot tell it from the document's values.
   */
  @Override
  public synchronized void removeDocument(Document document) {
    Object record = recordOf(document);
    if (record == null) {
      return;
    }
    for (Index<Object> index : getIndexes()) {
      if (index instanceof SecondaryIndex secondary) {
        secondary.remove(document, record);
      } else {
        index.remove(document);
      }
    }
    if (tracksDataSize()) {
      updateDataSize(-DocumentSize.of(document));
    }
    removeDocument(record);
  }

  private Object recordOf(Document document) {
    return getIndexes().stream()
        .filter(index -> !(index instanceof SecondaryIndex))
        .map(index -> index.getPosition(document))
        .filter(Objects::nonNull)
        .findFirst()
        .orElseGet(() -> findDocumentPosition(document));
  }

  /**
   * A query, without the collection's lock that mongo-java-server takes for it: writers hold that lock while they
   * change documents and indexes, so a long read (an aggregation over 100,000 orders takes seconds) held every
   * write to the collection for its whole scan, where mongod lets writes go on. Reading without it is safe here:
   * MVMaps are read from a snapshot of their root, the store's version is held for the command
   * ({@code GroupCommitH2Backend}), a stored document is never changed in place (queries hand out copies, which
   * is what updates change), each read matches with its own matcher, and an index entry whose document changed
   * meanwhile is checked again by that matcher, as mongod checks a document fetched after a yield.
   */
  @Override
  public QueryResult handleQuery(QueryParameters parameters) {
    Document selector = parameters.getQuerySelector();
    Document query = selector;
    Document orderBy = null;
    for (String wrapper : List.of("query", "$query")) {
      if (selector.get(wrapper) instanceof Document wrapped) {
        query = wrapped;
        orderBy = (Document) selector.get(wrapper.equals("query") ? "orderby" : "$orderby");
        break;
      }
    }
    return queryDocuments(query, orderBy, parameters.getNumberToSkip(), parameters.getLimit(),
      parameters.getBatchSize(), parameters.getProjection());
  }

  // the collection's matcher keeps the position an array match found, for a positional update running under the lock
  @Override
  protected boolean documentMatchesQuery(Document document, Document query) {
    return new DefaultQueryMatcher().matches(document, query);
  }

  // an index entry read without the lock may name a document deleted since
  @Override
  protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy, int numberToSkip,
                                       int limit, int batchSize, Document fieldSelector) {
    Stream<Document> documents = StreamSupport.stream(positions.spliterator(), false)
      .map(this::getDocument).filter(Objects::nonNull);
    return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  @Override
  protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                       Document fieldSelector) {
    QueryResult found = IndexedQueries.plan(indexes(), query, orderBy).run(new IndexedQueries.Source() {
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
  Document explain(Document query, Document orderBy, int limit) {
    return IndexedQueries.plan(indexes(), query, orderBy).describe(getFullName(), query, orderBy, limit);
  }

  // under the lock, as the writes that keep the indexes go through the list; reads take the copy it leaves
  @Override
  public synchronized void addIndex(Index<Object> index) {
    super.addIndex(index);
    readableIndexes = List.copyOf(getIndexes());
  }

  @Override
  public synchronized void dropIndex(String indexName) {
    super.dropIndex(indexName);
    readableIndexes = List.copyOf(getIndexes());
  }

  private List<Index<Object>> indexes() {
    List<Index<Object>> indexes = readableIndexes;
    return indexes == null ? List.of() : indexes;
  }
}
