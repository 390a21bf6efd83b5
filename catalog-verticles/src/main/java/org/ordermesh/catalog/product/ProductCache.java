package org.ordermesh.catalog.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every product in memory, so reads by id cost a map lookup. Whoever writes a product, on any node,
 * publishes {@link #CHANGED} (cluster-wide) after the write; every cache re-reads that product. Each
 * entry only ever moves to a higher {@code version}, so a late notice or load never rolls it back, and
 * a full reload on a timer bounds the staleness a lost notice (a node dying between write and publish)
 * could cause. A Mongo change stream would be the natural feed, but the embedded store's change streams
 * poll in a busy loop and do not name updated documents (measured, see docs/events.md).
 * Each entry keeps its product's ETag and API body encoded once, so a read by id writes bytes it already has.
 * Owned by one verticle (notices and reloads run on its context); reads may come from any event loop,
 * the gateway's included, hence the concurrent map.
 */
public final class ProductCache {

  /** Published after every product write: {"v": 1, "id", "version"}. */
  public static final String CHANGED = "catalog.products.changed";

  private static final Logger log = LoggerFactory.getLogger(ProductCache.class);
  private static final long RELOAD_MILLIS = 60_000;

  private final Vertx vertx;
  private final ProductRepository products;
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> notices;
  private long reloadTimer = -1;
  private volatile boolean live;

  /** A product at one version, with its ETag and its {@link Product#toApi()} body already encoded. */
  public record Entry(Product product, String etag, Buffer body) {

    static Entry of(Product product) {
      return new Entry(product, product.etag(), product.toApi().toBuffer());
    }
  }

  public ProductCache(Vertx vertx, ProductRepository products) {
    this.vertx = vertx;
    this.products = products;
  }

  /** Listens for change notices, then loads every product. */
  public Future<Void> start() {
    notices = vertx.eventBus().consumer(CHANGED, notice -> noticed(notice.body()));
    return notices.completion().compose(v -> reload()).onSuccess(v -> {
      live = true;
      reloadTimer = vertx.setPeriodic(RELOAD_MILLIS, t -> reload()
        .onFailure(failure -> log.warn("product cache reload failed: {}", failure.toString())));
    });
  }

  public Future<Void> stop() {
    live = false;
    vertx.cancelTimer(reloadTimer);
    return notices == null ? Future.succeededFuture() : notices.unregister();
  }

  /**
   * The product, withdrawn or not; from memory once loaded. One this cache has not seen is looked up:
   * it may have been created a moment ago, before its notice arrived.
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

  /** The products of {@code ids} that exist, in the order asked. */
  public Future<List<Product>> getAll(List<String> ids) {
    return Future.all(ids.stream().map(this::get).toList())
        .map(all -> all.<Optional<Product>>list().stream().flatMap(Optional::stream).toList());
  }

  /** Takes in a product this verticle just wrote and tells every other cache in the cluster. */
  public void written(Product product) {
    put(product);
    vertx.eventBus().publish(CHANGED, new JsonObject().put("v", 1).put("id", product.id()).put("version", product.version()));
  }

  // a version's content never changes, so an entry is encoded once per version
  private Entry put(Product product) {
    return byId.compute(product.id(), (id, cached) -> cached != null && cached.product().version() >= product.version()
        ? cached : Entry.of(product));
  }

  private void noticed(JsonObject notice) {
    var id = notice.getString("id");
    var cached = byId.get(id);
    if (cached != null && cached.product().version() >= notice.getLong("version", Long.MAX_VALUE)) {
      return;
    }
    products.findById(id).onSuccess(found -> found.ifPresent(this::put))
        .onFailure(failure -> log.warn("could not refresh product {}: {}", id, failure.toString()));
  }

  private Future<Void> reload() {
    return products.findAll().onSuccess(all -> all.forEach(this::put)).mapEmpty();
  }
}
