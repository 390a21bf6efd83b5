package org.ordermesh.catalog.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.catalog.api.CatalogException;
import org.ordermesh.catalog.api.CommitStock;
import org.ordermesh.catalog.api.ReleaseStock;
import org.ordermesh.catalog.api.ReserveStock;
import org.ordermesh.catalog.api.StockLine;
import org.ordermesh.embedded.SharedInfra;

/**
 * Two nodes' worth of reservations (each with its own per-key queues and last known states) on one database, sent
 * the same order's messages at once: the races the per-node queues cannot order, decided by the store alone.
 */
@DisplayName("one order's messages handled by two nodes at once")
class TwoNodesTest {

  private static final int ORDERS = 20;

  private static Vertx vertx;
  private static MongoClient mongo;
  private static Node first;
  private static Node second;

  private record Node(Context context, Reservations reservations) {

    <T> Future<T> run(Function<Reservations, Future<T>> work) {
      return Future.future(promise -> context.runOnContext(v -> work.apply(reservations).onComplete(promise)));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", SharedInfra.mongoConnectionString())
        .put("db_name", "catalog_nodes_" + UUID.randomUUID().toString().substring(0, 8)));
    first = node();
    second = node();
    var repositories = List.of(new ReservationRepository(mongo, Duration.ofHours(1)), new InventoryRepository(vertx, mongo, 5));
    Future.all(repositories.stream().map(repository -> repository.ensureIndexes()).toList()).await(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the same one-line reserve on both reserves once, and both answer the same")
  void repeatedReserve() throws Exception {
    String product = productWith(100);
    List<String> orders = orders();

    List<Boolean> same = await(Future.all(orders.stream().map(order -> {
      ReserveStock reserve = new ReserveStock(order, List.of(new StockLine(product, 2)), 1);
      return Future.all(first.run(r -> r.reserve(reserve)), second.run(r -> r.reserve(reserve)))
          .map(both -> both.resultAt(0).equals(both.resultAt(1)));
    }).toList())).list();

    assertThat(same).containsOnly(true);
    assertThat(stock(product)).containsEntry("available", 100 - 2 * ORDERS).containsEntry("reserved", 2 * ORDERS);
  }

  @Test
  @DisplayName("a release racing its reserve leaves nothing held, whichever comes first")
  void releaseRacingReserve() throws Exception {
    String product = productWith(100);

    await(Future.all(orders().stream().map(order -> Future.join(
        first.run(r -> r.reserve(new ReserveStock(order, List.of(new StockLine(product, 3)), 1))),
        second.run(r -> r.release(new ReleaseStock(order, 1)))).otherwiseEmpty()).toList()));
    // a reserve that came first and was released, or one refused by the release's tombstone: nothing held either way
    assertThat(stock(product)).containsEntry("available", 100).containsEntry("reserved", 0);
  }

  @Test
  @DisplayName("a commit racing a release: one of them wins, and the stock follows the winner")
  void commitRacingRelease() throws Exception {
    String product = productWith(100);
    List<String> orders = orders();
    await(Future.all(orders.stream().map(order -> first.run(r -> r.reserve(new ReserveStock(order, List.of(new StockLine(product, 1)), 1)))).toList()));

    List<Boolean> committed = await(Future.all(orders.stream().map(order -> commitWon(
        first.run(r -> r.commit(new CommitStock(order, 1))), second.run(r -> r.release(new ReleaseStock(order, 1))))).toList())).list();

    assertThat(committed).doesNotContainNull();
    long commits = committed.stream().filter(Boolean::booleanValue).count();
    assertThat(stock(product)).containsEntry("available", (int) (100 - commits)).containsEntry("reserved", 0)
        .containsEntry("unitsSold", (int) commits).containsEntry("ordersSold", (int) commits);
  }

  @Test
  @DisplayName("the same commit on both sells the order's units once")
  void repeatedCommit() throws Exception {
    String product = productWith(100);
    List<String> orders = orders();
    await(Future.all(orders.stream().map(order -> first.run(r -> r.reserve(new ReserveStock(order, List.of(new StockLine(product, 2)), 1)))).toList()));

    await(Future.all(orders.stream().map(order -> Future.all(
        first.run(r -> r.commit(new CommitStock(order, 1))), second.run(r -> r.commit(new CommitStock(order, 1))))).toList()));

    assertThat(stock(product)).containsEntry("available", 100 - 2 * ORDERS).containsEntry("reserved", 0)
        .containsEntry("unitsSold", 2 * ORDERS).containsEntry("ordersSold", ORDERS);
  }

  @Test
  @DisplayName("a burst on one product from both nodes at once grants exactly the stock, and the commits and releases add up")
  void burstFromBothNodes() throws Exception {
    String product = productWith(150);
    List<String> orders = IntStream.range(0, 200).mapToObj(i -> "burst-" + UUID.randomUUID()).toList();

    List<Boolean> granted = await(Future.all(IntStream.range(0, orders.size()).mapToObj(i -> nodeFor(i)
        .run(r -> r.reserve(new ReserveStock(orders.get(i), List.of(new StockLine(product, 1)), 1)))
        .map(true)
        .recover(failure -> failure instanceof CatalogException refusal && refusal.error() == CatalogError.OUT_OF_STOCK
            ? Future.succeededFuture(false)
            : Future.failedFuture(failure))).toList())).list();
    // the other node commits two of three granted orders and releases the third
    List<Integer> grantedOrders = IntStream.range(0, orders.size()).filter(granted::get).boxed().toList();
    await(Future.all(grantedOrders.stream().map(i -> nodeFor(i + 1).run(r -> i % 3 == 0
        ? r.release(new ReleaseStock(orders.get(i), 1))
        : r.commit(new CommitStock(orders.get(i), 1)))).toList()));

    long releases = grantedOrders.stream().filter(i -> i % 3 == 0).count();
    assertThat(grantedOrders).hasSize(150);
    assertThat(stock(product)).containsEntry("available", (int) releases).containsEntry("reserved", 0)
        .containsEntry("unitsSold", (int) (150 - releases));
  }

  private static Node nodeFor(int i) {
    return i % 2 == 0 ? first : second;
  }

  /** True when the commit won, false when the release did, null when both or neither succeeded. */
  private static Future<Boolean> commitWon(Future<?> commit, Future<?> release) {
    CompositeFuture both = Future.join(commit, release);
    return both.transform(done -> Future.succeededFuture(both.succeeded(0) != both.succeeded(1) ? both.succeeded(0) : null));
  }

  private static Node node() {
    return new Node(vertx.getOrCreateContext(), new Reservations(new ReservationRepository(mongo, Duration.ofHours(1)),
        new InventoryRepository(vertx, mongo, 5), Duration.ofMinutes(10)));
  }

  private static List<String> orders() {
    return IntStream.range(0, ORDERS).mapToObj(i -> "order-" + UUID.randomUUID()).toList();
  }

  private static String productWith(int available) throws Exception {
    String product = "nodes-" + UUID.randomUUID();
    await(mongo.insert(InventoryRepository.COLLECTION, new JsonObject().put("_id", product).put("available", available)
        .put("reserved", 0).put("holds", new JsonArray()).put("adjustments", new JsonArray()).put("version", 1)));
    return product;
  }

  private static Map<String, Object> stock(String product) throws Exception {
    JsonObject doc = await(mongo.findOne(InventoryRepository.COLLECTION, new JsonObject().put("_id", product), null));
    return Map.of("available", doc.getInteger("available"), "reserved", doc.getInteger("reserved"),
        "unitsSold", doc.getInteger("unitsSold", 0), "ordersSold", doc.getInteger("ordersSold", 0));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
