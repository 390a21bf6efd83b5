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
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.ordermesh.embedded.BsonValueType;
import org.ordermesh.embedded.DocumentType;
import org.ordermesh.embedded.KeyValueType;

import java.util.List;

/**
 * mongo-java-server's H2 database with its collections' documents and its indexes' keys stored in BSON
 * (see {@link DocumentType}) rather than by H2's default type, Java serialization, and with what
 * mongo-java-server leaves to its backends: non-unique indexes ({@link SecondaryIndex}; its own hook logs
 * "not yet implemented" and ignores them), {@code explain}, and aggregations whose leading {@code $match}
 * runs on an index ({@link LeadingMatch}); and {@code findAndModify}'s oplog entry ({@link FindAndModifyOplog}). Maps keep the names H2Database gives them, so its drop, rename
 * and size methods apply unchanged. In this package because H2UniqueIndex's constructor is package-private.
 */
public final class BsonH2Database extends H2Database {

  // H2Database's, private there
  private static final String META_PREFIX = "meta.";
  private static final String INDEX_INFIX = "._index_";

  private final MVStore store;

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
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    MVMap<KeyValue, Object> map = store.openMap(getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName,
        new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE).valueType(BsonValueType.INSTANCE));
    return new H2UniqueIndex(map, indexName, keys, sparse);
  }

  // an index declared before this backend served them has no entries yet: AbstractMongoCollection.addIndex builds an empty one
  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    return new SecondaryIndex(store, getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName, indexName, keys, sparse);
  }

  @Override
  public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
    if (command.equalsIgnoreCase("explain")) {
      return Explain.of(this, (Document) query.get(command));
    }
    if (command.equalsIgnoreCase("aggregate")) {
      List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
      LeadingMatch start = LeadingMatch.of(pipeline);
      String collectionName = query.get(command).toString();
      MongoCollection<Object> collection = resolveCollection(collectionName, false);
      if (start != null && collection != null) {
        return start.aggregate(this, collection, getFullCollectionNamespace(collectionName), query, pipeline, databaseResolver, oplog);
      }
    }
    if (command.equalsIgnoreCase("findAndModify")) {
      MongoCollection<Object> collection = resolveOrCreateCollection(query.get(command).toString());
      return FindAndModifyOplog.run(collection, query, oplog,
          () -> super.handleCommand(channel, command, query, databaseResolver, oplog));
    }
    return super.handleCommand(channel, command, query, databaseResolver, oplog);
  }
}
