package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.LeadingMatch;
import de.bwaldvogel.mongo.backend.SecondaryIndex;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.ordermesh.embedded.BsonValueType;
import org.ordermesh.embedded.DocumentType;
import org.ordermesh.embedded.KeyValueType;
import org.ordermesh.embedded.StoreState;

import java.util.List;

/**
 * mongo-java-server's H2 database with its collections' documents and its indexes' keys stored in BSON
 * (see {@link DocumentType}) rather than by H2's default type, Java serialization, and with what
 * mongo-java-server leaves to its backends: non-unique indexes, sparse or partial ({@link SecondaryIndex}),
 * {@code explain}, and aggregations whose leading {@code $match}
 * runs on an index ({@link LeadingMatch}); and oplog entries for findAndModify, which mongo-java-server
 * leaves out of the oplog ({@link FindAndModifyOplog}). Maps keep the names H2Database gives them, so its drop, rename
 * and size methods apply unchanged. In this package because H2UniqueIndex's constructor is package-private.
 */
public final class BsonH2Database extends H2Database {

  // H2Database's, private there
  private static final String META_PREFIX = "meta.";
  private static final String INDEX_INFIX = "._index_";

  private static final String PARTIAL_FILTER = "partialFilterExpression";

  private final MVStore store;
  // the description of the index being created: AbstractMongoDatabase passes its hooks only keys and sparseness
  private final ThreadLocal<Document> creating = new ThreadLocal<>();

  public BsonH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
    super(databaseName, store, cursorRegistry);
    this.store = store;
    super.initializeNamespacesAndIndexes();
  }

  /**
   * H2Database's constructor opens the collections, through the methods below, before this class's
   * field is set; that call is skipped (the field still reads null) and this class's constructor makes it.
   */
  @Override
  protected void initializeNamespacesAndIndexes() {
    if (store != null) {
      super.initializeNamespacesAndIndexes();
    }
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    String fullName = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> dataMap = store.openMap(DATABASES_PREFIX + fullName,
        new MVMap.Builder<Object, Document>().keyType(BsonValueType.INSTANCE).valueType(DocumentType.INSTANCE));
    // holds one Long, which H2's default type writes natively
    MVMap<String, Object> metaMap = store.openMap(META_PREFIX + fullName);
    return new CopyingH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
  }

  @Override
  protected void addIndex(Document indexDescription) {
    // nested: an index on a new collection creates the collection, and its _id index, first
    Document outer = creating.get();
    creating.set(indexDescription);
    try {
      super.addIndex(indexDescription);
    } finally {
      if (outer == null) {
        creating.remove();
      } else {
        creating.set(outer);
      }
    }
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    Document declared = creating.get();
    if (declared != null && declared.get(PARTIAL_FILTER) != null) {
      // mongo-java-server's unique indexes would hold every document and refuse duplicates outside the filter
      throw new MongoServerError(67, "CannotCreateIndex", "the embedded store has no partial unique indexes: " + indexName);
    }
    MVMap<KeyValue, Object> map = store.openMap(getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName,
        new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE).valueType(BsonValueType.INSTANCE));
    if (StoreState.rebuildsIndexes(store)) {
      // emptied, AbstractMongoCollection.addIndex builds it again from the documents
      map.clear();
    }
    return new H2UniqueIndex(map, indexName, keys, sparse);
  }

  // an index declared before this backend served them has no entries yet: AbstractMongoCollection.addIndex builds an empty one
  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    Object partial = description(collectionName, indexName).get(PARTIAL_FILTER);
    return new SecondaryIndex(store, getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName, indexName, keys, sparse,
        partial instanceof Document filter ? filter : null);
  }

  /** The index's whole description: the one being created, else the one stored (an index opened at start). */
  private Document description(String collectionName, String indexName) {
    Document current = creating.get();
    if (current != null) {
      return current;
    }
    String namespace = getFullCollectionNamespace(collectionName);
    for (Document stored : getOrCreateIndexesCollection().queryAll()) {
      if (indexName.equals(stored.get("name")) && namespace.equals(stored.get("ns"))) {
        return stored;
      }
    }
    return new Document();
  }

  @Override
  public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
    if (command.equalsIgnoreCase("explain")) {
      return Explain.of(this, (Document) query.get(command));
    }
    if (command.equalsIgnoreCase("findAndModify")) {
      Document response = super.handleCommand(channel, command, query, databaseResolver, oplog);
      FindAndModifyOplog.record(this, query.get(command).toString(), query, response, oplog);
      return response;
    }
    if (command.equalsIgnoreCase("aggregate")) {
      query = withoutBatchSize(query);
      List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
      LeadingMatch start = LeadingMatch.of(pipeline);
      String collectionName = query.get(command).toString();
      MongoCollection<Object> collection = resolveCollection(collectionName, false);
      if (start != null && collection != null) {
        return start.aggregate(this, collection, getFullCollectionNamespace(collectionName), query, pipeline, databaseResolver, oplog);
      }
    }
    return super.handleCommand(channel, command, query, databaseResolver, oplog);
  }

  /**
   * The aggregate without its {@code cursor.batchSize}: the store answers an aggregate's first batch whole, as a
   * driver accepts, and mongo-java-server, which ignores the size too, would log a warning at every change
   * stream opened.
   */
  private static Document withoutBatchSize(Document aggregate) {
    if (!(aggregate.get("cursor") instanceof Document cursor) || cursor.isEmpty()) {
      return aggregate;
    }
    Document copy = aggregate.clone();
    copy.put("cursor", new Document());
    return copy;
  }
}
