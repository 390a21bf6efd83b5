package org.ordermesh.catalog.product;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.mongo.ChangeFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every product in memory, so reads by id cost a map lookup, and the browse lists over them
 * ({@link ProductLists}), so a category page costs its items. The cache watches the products collection's
 * change stream ({@link ChangeFeed}), so a write by any node reaches every node's cache; each change
 * carries the product as it is now, which the cache takes in. While the stream is down the cache answers
 * nothing from memory (reads go to the store); once it is back the cache is emptied and loaded again, so
 * nothing missed meanwhile is served. A write on this node is also taken in at once ({@link #written}), the
 * in-process fast path. Each entry only ever moves to a higher {@code version}, so a
 * late change or load never rolls it back. Each entry keeps its product's ETag and API body encoded once,
 * so a read by id writes bytes it already has. One per node ({@link #ofNode}): each change stream costs the
 * store a reader. Owned by the catalog's HTTP verticle (changes and loads run on its context); reads may
 * come from any event loop, the gateway's and the product bus verticle's included, hence the concurrent map.
 */
public final class ProductCache implements ChangeFeed.Listener, Shareable {

  private static final Logger log = LoggerFactory.getLogger(ProductCache.class);
  private static final long RELOAD_RETRY_MILLIS = 1_000;
  private static final String NODE_MAP = "ordermesh.catalog.products";
  private static final String NODE_KEY = "cache";

  private final Vertx vertx;
  private final MongoClient mongo;
  private final ProductRepository products;
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private final ProductLists lists = new ProductLists();
  private ChangeFeed changes;
  private volatile boolean live;
  private boolean down;
  private boolean stopped;

  /** A product at one version, with its ETag and its {@link Product#toApi()} body already encoded. */
  public record Entry(Product product, String etag, Buffer body) {

    static Entry of(Product product) {
      return new Entry(product, product.etag(), product.toApi().toBuffer());
    }
  }

  public ProductCache(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.products = new ProductRepository(vertx, mongo);
  }

  /** The cache the node's catalog HTTP verticle started ({@link #start}); null before. */
  public static ProductCache ofNode(Vertx vertx) {
    return vertx.sharedData().<String, ProductCache>getLocalMap(NODE_MAP).get(NODE_KEY);
  }

  /** Opens the change stream, then loads every product; the node's cache from then on. */
  public Future<Void> start() {
    changes = ChangeFeed.start(vertx, mongo, ProductRepository.COLLECTION, new JsonArray(), true, this);
    return reload().onSuccess(v -> {
      live = !down;
      vertx.sharedData().<String, ProductCache>getLocalMap(NODE_MAP).put(NODE_KEY, this);
    });
  }

  public Future<Void> stop() {
    stopped = true;
    live = false;
    vertx.sharedData().<String, ProductCache>getLocalMap(NODE_MAP).remove(NODE_KEY, this);
    return changes == null ? Future.succeededFuture() : changes.close();
  }

  /** Whether reads are answered from memory: the change stream is up and the products are loaded. */
  public boolean live() {
    return live;
  }

  /**
   * The product, withdrawn or not; from memory once loaded. One this cache has not seen is looked up:
   * it may have been created a moment ago, before its change arrived.
   */
  public Future<Optional<Product>> get(String id) {
    return entry(id).map(found -> found.map(Entry::product));
  }

  /** As {@link #get}, with the encoded body. */
  public Future<Optional<Entry>> entry(String id) {
    var cached = live ? byId.get(id) : null;
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return products.findById(id).map(found -> found.map(this::put));
  }

  /**
   * A browse page from memory, or empty when the store must answer: the cache is not live, or the query has
   * words (a text search reads the store's facet indexes). A product created on another node a moment ago is
   * listed once its change arrives.
   */
  public Optional<ProductLists.Listed> list(ProductQuery query, PageRequest page) {
    if (!live || !query.words().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(lists.page(query, page, byId::get));
  }

  /** The products of {@code ids} that exist, in the order asked. */
  public Future<List<Product>> getAll(List<String> ids) {
    return Future.all(ids.stream().map(this::get).toList())
        .map(all -> all.<Optional<Product>>list().stream().flatMap(Optional::stream).toList());
  }

  /** Takes in a product this node just wrote, before its change arrives: the in-process fast path. */
  public void written(Product product) {
    put(product);
  }

  @Override
  public void changed(ChangeStreamDocument<JsonObject> change) {
    var doc = change.getFullDocument();
    var id = changedId(change);
    if (change.getOperationType() == OperationType.DELETE && id != null) {
      lists.remove(byId.remove(id));
    } else if (doc != null && doc.getString("_id") != null && doc.getLong("version") != null) {
      put(Product.fromDocument(doc));
    } else if (id != null) {
      refresh(id);
    } else {
      // a change that names no product: only a full load is sure to take it in
      reload().onFailure(failure -> log.warn("product cache reload failed: {}", failure.toString()));
    }
  }

  @Override
  public void opened() {
    down = false;
    if (live) {
      // the stream opened at start, after the first load: load again for what changed before its cursor was open
      reload().onFailure(failure -> log.warn("product cache reload failed: {}", failure.toString()));
      return;
    }
    byId.clear();
    lists.clear();
    reload().onSuccess(v -> live = !stopped && !down).onFailure(failure -> {
      log.warn("product cache reload failed, reading from the store until it succeeds: {}", failure.toString());
      vertx.setTimer(RELOAD_RETRY_MILLIS, t -> {
        if (!stopped && !down && !live) {
          opened();
        }
      });
    });
  }

  @Override
  public void lost(Throwable cause) {
    // until the stream is back, a change elsewhere would not reach this cache
    down = true;
    live = false;
  }

  /**
   * The changed product's id: the change's documentKey on MongoDB; the embedded store (mongo-java-server
   * 1.47) puts the update itself in documentKey, so there it is the looked-up document's.
   */
  private static String changedId(ChangeStreamDocument<JsonObject> change) {
    BsonDocument key = change.getDocumentKey();
    if (key != null && key.get("_id") instanceof BsonString id) {
      return id.getValue();
    }
    var doc = change.getFullDocument();
    return doc == null ? null : doc.getString("_id");
  }

  // a version's content never changes, so an entry is encoded once per version
  private Entry put(Product product) {
    return byId.compute(product.id(), (id, cached) -> {
      if (cached != null && cached.product().version() >= product.version()) {
        return cached;
      }
      Entry entry = Entry.of(product);
      lists.replace(cached, entry);
      return entry;
    });
  }

  private void refresh(String id) {
    products.findById(id).onSuccess(found -> found.ifPresent(this::put))
        .onFailure(failure -> log.warn("could not refresh product {}: {}", id, failure.toString()));
  }

  private Future<Void> reload() {
    return products.findAll().onSuccess(all -> all.forEach(this::put)).mapEmpty();
  }
}
